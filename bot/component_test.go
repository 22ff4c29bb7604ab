package bot

import (
	"context"
	"slices"
	"testing"
	"time"
)

func TestComponentsKeepTheirPrefixesAndIDs(t *testing.T) {
	f := newFixture(t)
	var got []string
	for p := range f.bot.buttons {
		got = append(got, p)
	}
	slices.Sort(got)
	// Buttons on messages already posted carry these prefixes: renaming
	// one strands them.
	want := []string{"forget", "guard", "gymdone", "hist", "live", "rem", "routine", "safety", "setup", "undo"}
	if !slices.Equal(got, want) {
		t.Errorf("registered component prefixes = %q, want %q", got, want)
	}
	c := Component{Prefix: "live"}
	if id := c.ID("u1", "done", "i9"); id != "live:u1:done:i9" {
		t.Errorf("ID(u1, done, i9) = %q, want live:u1:done:i9", id)
	}
	if id := c.ID("u1"); id != "live:u1" {
		t.Errorf("ID(u1) = %q, want live:u1", id)
	}
}

func TestEveryComponentRefusesOthersAndStaleIDs(t *testing.T) {
	f := newFixture(t)
	for prefix := range f.bot.buttons {
		if r := f.click(t, "u2", prefix+":u1:yes:1"); !r.Ephemeral || r.Content != msgNotYourButton {
			t.Errorf("u2 pressing %s:u1 = %+v, want the not-your-button refusal", prefix, r)
		}
	}
	for _, id := range []string{
		"", "live", "teleport:u1", // no owner, unknown prefix
		"live:u1", "live:u1:done", // handlers that check their arguments
		"routine:u1:core:x:1", "routine:u1:core:99:1",
		"undo:u1:yes:x",
		"hist:u1:x:10", "hist:u1:0:26", "hist:u1",
		"rem:u1:dance:1", "rem:u1",
		"setup:u1", "setup:u1:x:hang log:device:table", "setup:u1:1:teleport:device:table", "setup:u1:1:hang log:device:moon", "setup:u1:1:hang log:mood:happy",
		"guard:u1", "guard:u1:go:hang:table:x:60", "guard:u1:plan:hang:moon", "guard:u1:jump:hang:table",
	} {
		if r := f.click(t, "u1", id); !r.Ephemeral || r.Content != msgStaleButton {
			t.Errorf("u1 pressing %q = %+v, want %q", id, r, msgStaleButton)
		}
	}
}

func TestDuplicateComponentPrefixPanics(t *testing.T) {
	h := func(context.Context, *Request) (Reply, error) { return Reply{}, nil }
	for name, tc := range map[string]struct {
		cmds   []Command
		shared []Component
	}{
		"two commands": {cmds: []Command{
			{Name: "a", Components: []Component{{Prefix: "x", Run: h}}},
			{Name: "b", Subs: []Command{{Name: "c", Components: []Component{{Prefix: "x", Run: h}}}}},
		}},
		"command and shared": {
			cmds:   []Command{{Name: "a", Components: []Component{{Prefix: "x", Run: h}}}},
			shared: []Component{{Prefix: "x", Run: h}},
		},
		"no handler": {shared: []Component{{Prefix: "x"}}},
		"colon":      {shared: []Component{{Prefix: "x:y", Run: h}}},
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("addComponents did not panic")
				}
			}()
			(&Bot{}).addComponents(tc.cmds, tc.shared)
		})
	}
}

func TestObservedNamesButtonsByPrefix(t *testing.T) {
	f := newFixture(t)
	var names []string
	f.bot.observe = func(command, outcome string, took time.Duration) { names = append(names, command+" "+outcome) }
	f.click(t, "u1", "hist:u1:0:10")
	f.click(t, "u1", "teleport:u1")
	want := []string{"button hist ok", "unknown user_error"}
	if !slices.Equal(names, want) {
		t.Errorf("observed %q, want %q", names, want)
	}
}
