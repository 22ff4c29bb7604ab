package main

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/hangtime/hangtime/internal/dbtest"
)

func getenv(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestConsoleDrivesCommandsFromStdin(t *testing.T) {
	dir, files := t.TempDir(), t.TempDir()
	t.Chdir(dir) // nothing may land here
	e := getenv(map[string]string{"HANGTIME_DB": dbtest.Path(t, filepath.Join(dir, "h.db")), "HANGTIME_FILES_DIR": files})
	in := strings.Join([]string{
		"/hang log duration:90s note:after deadlifts",
		"I understand",
		"/hang log duration:11m",
		"/hang log duration:1:30 device:chair angle:45",
		"/hang log duration:2m angle:abc",
		"/teleport",
		"Remove it", // no such button on screen
		"/history limit:1",
		"older",
		"/data export format:csv",
		"/hang start target:2m angle:30",
		"Cancel",
		"/routine start name:core device:boots",
		"Start anyway", // the beginner guard asks first
		"Stop",
		"/plan",
		"/stats period:week",
		"/gym done delay:10m",
		"/gym show",
		"quit",
		"/help", // never reached
	}, "\n")
	var out, errOut bytes.Buffer
	if err := run(context.Background(), env{Args: []string{"console"}, Getenv: e, Stdin: strings.NewReader(in), Stdout: &out, Stderr: &errOut}); err != nil {
		t.Fatalf("run console: %v\n%s", err, errOut.String())
	}
	got := out.String()
	for _, want := range []string{
		"Before your first hang", "[I understand]",
		"Logged a 1m30s hang on the inversion table", "after deadlifts",
		"duration 11m is over the 10-minute cap",
		"Logged a 1m30s hang on the inversion chair at 45°",
		`angle: "abc" is not a whole number`,
		"unknown command /teleport",
		"Type a command starting with /",
		"Page 1 of 2", "Page 2 of 2",
		"saved " + filepath.Join(files, "hangtime-"),
		"Hanging", "2m on the inversion table at 30°", "Cancelled — nothing logged",
		"Beyond your plan", "Inverted core — step 1 of", "Stopped the core routine",
		"Today's hang",
		"hangtime-stats.png",
		"I'll remind you to decompress in 10 minutes",
		"Pending:",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("console output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "What Hangtime does") {
		t.Error("console kept reading after quit")
	}
	matches, _ := filepath.Glob(filepath.Join(files, "hangtime-*.csv"))
	if len(matches) != 1 {
		t.Errorf("export files = %v, want one csv in HANGTIME_FILES_DIR", matches)
	}
	if png, _ := filepath.Glob(filepath.Join(files, "*.png")); len(png) != 1 {
		t.Errorf("charts = %v, want one in HANGTIME_FILES_DIR", png)
	}
	if stray, _ := filepath.Glob(filepath.Join(dir, "hangtime-*")); len(stray) != 0 {
		t.Errorf("files in the working directory: %v", stray)
	}

	// A second run on the same database sees the history.
	out.Reset()
	if err := run(context.Background(), env{Args: []string{"console"}, Getenv: e, Stdin: strings.NewReader("/history\n"), Stdout: &out, Stderr: &errOut}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "2 hangs in all") {
		t.Errorf("history after restart:\n%s", out.String())
	}
}

func TestWithoutTokenExplainsHowToStart(t *testing.T) {
	var out, errOut bytes.Buffer
	err := run(context.Background(), env{Getenv: getenv(map[string]string{"HANGTIME_DB": dbtest.Path(t, filepath.Join(t.TempDir(), "h.db"))}), Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut})
	if !errors.Is(err, errNoToken) {
		t.Fatalf("run without token = %v, want errNoToken", err)
	}
	for _, want := range []string{"DISCORD_TOKEN", "developers/applications", "hangtime console"} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("help lacks %q:\n%s", want, errOut.String())
		}
	}
}

func TestLoadConfig(t *testing.T) {
	c, err := loadConfig(getenv(map[string]string{"DISCORD_TOKEN": "abc"}))
	if err != nil || c.Token != "Bot abc" || c.DBPath != "hangtime.db" {
		t.Errorf("loadConfig(token) = %+v, %v", c, err)
	}
	for k, v := range map[string]string{
		"DISCORD_GUILD_ID":        "my-server",
		"DISCORD_API_BASE":        "127.0.0.1:8080",
		"HANGTIME_HTTP":           "8081",
		"HANGTIME_LOG_LEVEL":      "loud",
		"HANGTIME_REMINDER_GRACE": "two hours",
	} {
		if _, err := loadConfig(getenv(map[string]string{k: v})); err == nil || !strings.Contains(err.Error(), k) {
			t.Errorf("loadConfig(%s=%q) error = %v, want one naming %s", k, v, err, k)
		}
	}
	if _, err := loadConfig(getenv(map[string]string{"DISCORD_API_BASE": "http://127.0.0.1:8080/", "DISCORD_GUILD_ID": "123456789012345678", "HANGTIME_HTTP": ":8081"})); err != nil {
		t.Errorf("valid config refused: %v", err)
	}
}

// The console's fixes from issue 12: times in the profile's zone, files in
// the temporary directory by default, commands in any case, groups listing
// their subcommands, /hang stop printed once, --help.
func TestConsoleTimesFilesCaseGroupsAndStop(t *testing.T) {
	dir, tmp := t.TempDir(), t.TempDir()
	t.Chdir(dir)
	t.Setenv("TMPDIR", tmp)
	e := getenv(map[string]string{"HANGTIME_DB": dbtest.Path(t, filepath.Join(dir, "h.db"))})
	in := strings.Join([]string{
		"/profile set timezone:Europe/Berlin",
		"/gym schedule days:daily end:19:00",
		"/HELP",
		"/Hang Log duration:2 minutes",
		"I understand",
		"/streak",
		"/routine",
		"/hang start target:2m",
		"/hang stop",
		"/stats",
		"quit",
	}, "\n")
	var out, errOut bytes.Buffer
	clock := clockwork.NewFakeClockAt(time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC))
	if err := run(context.Background(), env{Args: []string{"console"}, Getenv: e, Stdin: strings.NewReader(in), Stdout: &out, Stderr: &errOut, Clock: clock}); err != nil {
		t.Fatalf("run console: %v\n%s", err, errOut.String())
	}
	got := out.String()
	for _, want := range []string{
		"workout ending at 19:00 (Europe/Berlin)", "Next: Mon 30 Nov 2026 19:05", // 18:05Z shown in Berlin
		"What Hangtime does",
		"Logged a 2m hang",
		"/streak needs one of: /streak pause, /streak rest, /streak resume",
		"/routine needs one of: /routine start",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("console output lacks %q:\n%s", want, got)
		}
	}
	if n := strings.Count(got, "Stopped within a few seconds"); n != 1 {
		t.Errorf("/hang stop printed its reply more than once:\n%s", got)
	}
	if stray, _ := filepath.Glob(filepath.Join(dir, "*.png")); len(stray) != 0 {
		t.Errorf("a chart in the working directory: %v", stray)
	}
	if png, _ := filepath.Glob(filepath.Join(tmp, "hangtime", "*.png")); len(png) != 1 {
		t.Errorf("charts in the temp directory = %v, want one", png)
	}
}

func TestHelpListsModesAndVariables(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"console", "--help"}} {
		var out bytes.Buffer
		err := run(context.Background(), env{Args: args, Getenv: getenv(nil), Stdin: strings.NewReader(""), Stdout: &out, Stderr: &out})
		if err != nil {
			t.Fatalf("hangtime %v = %v", args, err)
		}
		for _, want := range []string{"hangtime console", "HANGTIME_DB", "HANGTIME_FILES_DIR", "HANGTIME_LOG_LEVEL"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("hangtime %v lacks %q:\n%s", args, want, out.String())
			}
		}
	}
	var out bytes.Buffer
	if err := run(context.Background(), env{Args: []string{"--verbose"}, Getenv: getenv(nil), Stdout: &out, Stderr: &out}); err == nil || !strings.Contains(err.Error(), "--help") {
		t.Errorf("hangtime --verbose = %v, want a refusal pointing at --help", err)
	}
}
