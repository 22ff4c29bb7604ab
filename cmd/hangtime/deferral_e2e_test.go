package main

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/internal/discordtest"
)

// A handler slowed down by Discord itself (the group announcement hangs)
// gets its interaction deferred within Discord's 3 seconds, which the fake
// enforces, and its reply arrives later as an edit of the original.
func TestSlowReplyIsDeferredThenDelivered(t *testing.T) {
	w := newWorldWith(t, discordtest.Options{CallbackWindow: 3 * time.Second})
	w.deferAfter = 20 * time.Millisecond
	w.start()

	release := w.srv.Hold(func(r discordtest.Request) bool {
		return r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/channels/"+channel+"/messages")
	})
	defer release()
	i, err := w.srv.SendCommand(w.ctx(), groupAdmin, guild, channel, "group", discordtest.Sub("setup", discordtest.ChannelID("channel", channel)))
	if err != nil {
		t.Fatal(err)
	}
	cb := w.callback(i)
	if cb.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource || !ephemeral(cb) {
		t.Fatalf("callback while the handler waits = type %d %+v, want an ephemeral deferral", cb.Type, cb.Data)
	}
	if len(w.channelPosts(channel)) != 0 {
		t.Fatal("the announcement was posted while held")
	}
	release()

	edit, err := w.srv.WaitRequest(w.ctx(), func(r discordtest.Request) bool {
		return r.Method == http.MethodPatch && strings.HasSuffix(r.Path, "/webhooks/"+i.AppID+"/"+i.Token+"/messages/@original")
	})
	if err != nil || edit.Status != http.StatusOK {
		t.Fatalf("edit of the original: %v %+v", err, edit)
	}
	m, ok := w.srv.Original(i.ID)
	if !ok || !strings.Contains(m.Content, "The group is set up") {
		t.Fatalf("original after the handler finished = %+v", m)
	}
	if m.Flags&discordgo.MessageFlagsEphemeral == 0 || m.Flags&discordgo.MessageFlagsLoading != 0 {
		t.Errorf("original flags = %d, want ephemeral and no longer loading", m.Flags)
	}
	if !w.posted("Hangtime will post the daily digest here") {
		t.Error("the announcement was not posted after the release")
	}
	if n := callbacksFor(w.srv, i.ID); n != 1 {
		t.Errorf("%d callbacks, want the one deferral", n)
	}
}
