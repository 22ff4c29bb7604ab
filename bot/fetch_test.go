package bot

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestHTTPFetcherKeepsToItsOriginsSizeAndTime(t *testing.T) {
	block := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ok":
			w.Write([]byte("hello"))
		case "/big":
			w.Write([]byte(strings.Repeat("x", 100)))
		case "/away":
			http.Redirect(w, r, "http://127.0.0.2:1/x", http.StatusFound)
		case "/slow":
			<-block
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	defer close(block)
	f := &HTTPFetcher{Origins: []string{srv.URL}, Timeout: 200 * time.Millisecond}
	ctx := context.Background()
	if got, err := f.Fetch(ctx, srv.URL+"/ok", 10); err != nil || string(got) != "hello" {
		t.Errorf("Fetch(ok) = %q, %v", got, err)
	}
	if _, err := f.Fetch(ctx, srv.URL+"/big", 10); !errors.Is(err, errFileTooBig) {
		t.Errorf("Fetch(big) = %v, want too big", err)
	}
	for _, u := range []string{"http://127.0.0.2:1/ok", "file:///etc/passwd", "http://user@" + strings.TrimPrefix(srv.URL, "http://") + "/ok", srv.URL + "/away", srv.URL + "/missing"} {
		if _, err := f.Fetch(ctx, u, 10); err == nil {
			t.Errorf("Fetch(%s) succeeded", u)
		}
	}
	if _, err := f.Fetch(ctx, srv.URL+"/slow", 10); err == nil {
		t.Error("Fetch(slow) did not time out")
	}
}
