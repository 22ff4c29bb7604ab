package bot

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"
)

// The scheduler starts before the console's Run: a reminder may be sent
// through the console before Run gave it a bot.
func TestConsoleSendsBeforeRun(t *testing.T) {
	var out bytes.Buffer
	c := NewConsole(&out, func() time.Time { return t0 })
	if _, err := c.Send(context.Background(), "console", Reply{Content: "due " + ts(t0.Add(-2*time.Hour), "R")}, "n1"); err != nil {
		t.Fatal(err)
	}
	if err := c.Edit(context.Background(), "local", Reply{Content: "ends " + ts(t0.Add(10*time.Minute), "R")}); err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), "\n📨 due 2 hours ago\n\n↻ ends in 10 minutes\n"; got != want {
		t.Errorf("console printed %q, want %q", got, want)
	}
}

// Everything the console writes takes the lock the scheduler's sends take:
// out is a plain buffer, so -race reports any write outside it.
func TestConsoleOutputAndSchedulerSendsShareALock(t *testing.T) {
	f := newFixture(t)
	var out bytes.Buffer
	c := NewConsole(&out, f.bot.now)
	in, typed := io.Pipe()
	ran := make(chan error, 1)
	go func() { ran <- c.Run(context.Background(), f.bot, in) }()

	// The scheduler keeps sending while the reader answers lines.
	stop := make(chan struct{})
	sent := make(chan int)
	go func() {
		n := 0
		defer func() { sent <- n }()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := c.Send(context.Background(), "console", Reply{Content: fmt.Sprintf("reminder %d", n)}, ""); err != nil {
				t.Error(err)
				return
			}
			n++
		}
	}()
	for range 20 {
		for _, line := range []string{"/teleport", "dance"} {
			if _, err := io.WriteString(typed, line+"\n"); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := io.WriteString(typed, "/help\n"); err != nil {
		t.Fatal(err)
	}
	typed.Close()
	select {
	case err := <-ran:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("console did not return after its input ended")
	}
	close(stop)
	n := <-sent
	got := out.String()
	for _, want := range []string{"Hangtime console", "unknown command /teleport", "Type a command starting with /", "What Hangtime does", "📨 reminder 0\n", fmt.Sprintf("📨 reminder %d\n", n-1)} {
		if !strings.Contains(got, want) {
			t.Errorf("console output lacks %q:\n%s", want, got)
		}
	}
}

// safeBuf is a buffer the test reads while the console writes.
type safeBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *safeBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *safeBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// A message that arrives while the prompt waits prints on its own lines
// and shows the prompt again.
func TestConsoleReprintsThePromptAfterAMessage(t *testing.T) {
	f := newFixture(t)
	out := &safeBuf{}
	c := NewConsole(out, f.bot.now)
	in, typed := io.Pipe()
	ran := make(chan error, 1)
	go func() { ran <- c.Run(context.Background(), f.bot, in) }()
	waitFor := func(want string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for !strings.HasSuffix(out.String(), want) {
			if time.Now().After(deadline) {
				t.Fatalf("console output %q does not end with %q", out.String(), want)
			}
			time.Sleep(time.Millisecond)
		}
	}
	waitFor("> ")
	if _, err := c.Send(context.Background(), "console", Reply{Content: "🙃 Time to decompress."}, "n1"); err != nil {
		t.Fatal(err)
	}
	waitFor("> \n📨 🙃 Time to decompress.\n> ")
	typed.Close()
	if err := <-ran; err != nil {
		t.Fatal(err)
	}
}

// The console speaks the language it is given (HANGTIME_LANG or LANG).
func TestConsoleSpeaksItsLocale(t *testing.T) {
	f := newFixture(t)
	var out bytes.Buffer
	c := NewConsole(&out, f.bot.now)
	c.Locale = LocaleFromEnv(func(k string) string { return map[string]string{"LANG": "fr_FR.UTF-8"}[k] })
	if err := c.Run(context.Background(), f.bot, strings.NewReader("/help\n")); err != nil {
		t.Fatal(err)
	}
	if s := out.String(); !strings.Contains(s, "Commandes") || !strings.Contains(s, "/suspension noter") || strings.Contains(s, "What Hangtime does") {
		t.Errorf("console with LANG=fr_FR.UTF-8 answered /help:\n%s", s)
	}
}

// In a language, commands and options may be typed as its replies name
// them.
func TestConsoleTakesLocalizedNames(t *testing.T) {
	f := newFixture(t)
	var out bytes.Buffer
	c := NewConsole(&out, f.bot.now)
	c.Locale = "de"
	if err := c.Run(context.Background(), f.bot, strings.NewReader("/hang eintragen dauer:2m\nVerstanden\n/statistik\n")); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	for _, want := range []string{"Vor deinem ersten Hang", "Hang von 2 Min.", "Deine Statistik"} {
		if !strings.Contains(s, want) {
			t.Errorf("console in German lacks %q:\n%s", want, s)
		}
	}
}
