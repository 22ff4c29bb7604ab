package main

import (
	"context"
	"strings"
	"testing"
)

// A PostgreSQL URL that cannot be used stops start-up with a message that
// names the server and never the password.
func TestBadPostgresURLNamesTheServerNeverThePassword(t *testing.T) {
	for dsn, want := range map[string]string{
		"postgres://bob:hunter2@127.0.0.1:1/hang?sslmode=disable&connect_timeout=5": "PostgreSQL 127.0.0.1:1/hang cannot be reached",
		"postgresql://bob:hunter2@127.0.0.1:5432/hang?sslmode=nonsense":             "sslmode is invalid",
	} {
		var out, errOut strings.Builder
		err := run(context.Background(), env{Getenv: getenv(map[string]string{"DISCORD_TOKEN": "x", "HANGTIME_DB": dsn}), Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut})
		if err == nil {
			t.Fatalf("run with HANGTIME_DB=%s = nil error", dsn)
		}
		all := err.Error() + out.String() + errOut.String()
		if !strings.Contains(err.Error(), want) || strings.Contains(all, "hunter2") {
			t.Errorf("run with HANGTIME_DB=%s = %v\n(output %q), want %q and no password", dsn, err, out.String()+errOut.String(), want)
		}
	}
}
