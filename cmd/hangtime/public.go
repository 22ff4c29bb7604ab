package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// startPublic listens on HANGTIME_PUBLIC_ADDR and serves h (the /gym link
// hooks) until shutdown. It faces the internet: short timeouts, small
// headers.
func startPublic(addr string, h http.Handler, log *slog.Logger) (*opsServer, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on HANGTIME_PUBLIC_ADDR %s: %w", addr, err)
	}
	o := &opsServer{
		srv: &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second, WriteTimeout: 10 * time.Second,
			IdleTimeout: time.Minute, MaxHeaderBytes: 16 << 10, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)},
		addr: ln.Addr(),
		done: make(chan struct{}),
	}
	go func() {
		defer close(o.done)
		if err := o.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("public server failed", "addr", o.addr.String(), "err", err)
		}
	}()
	log.Info("public server listening", "addr", o.addr.String())
	return o, nil
}
