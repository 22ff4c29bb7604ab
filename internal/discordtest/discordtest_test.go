package discordtest_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/internal/discordtest"
)

var alice = discordtest.User{ID: "400000000000000001", Username: "alice", Permissions: discordgo.PermissionSendMessages}

func ctxT(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func startServer(t *testing.T) *discordtest.Server {
	t.Helper()
	srv, err := discordtest.Start(discordtest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv
}

// newSession returns a session whose REST calls go to srv; it is not opened.
func newSession(t *testing.T, srv *discordtest.Server) *discordgo.Session {
	t.Helper()
	s, err := discordgo.New("Bot test-token")
	if err != nil {
		t.Fatal(err)
	}
	s.Client = &http.Client{Transport: srv.Transport(), Timeout: 10 * time.Second}
	s.LogLevel = -1 // keep expected reconnect noise out of the test log
	return s
}

// bot is an opened session with channels for the events tests wait on.
type bot struct {
	*discordgo.Session
	ready   chan *discordgo.Ready
	guilds  chan *discordgo.GuildCreate
	respErr chan error // result of each InteractionRespond from the handler
}

func openBot(t *testing.T, srv *discordtest.Server) *bot {
	t.Helper()
	b := &bot{
		Session: newSession(t, srv),
		ready:   make(chan *discordgo.Ready, 8),
		guilds:  make(chan *discordgo.GuildCreate, 8),
		respErr: make(chan error, 32),
	}
	b.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) { b.ready <- r })
	b.AddHandler(func(_ *discordgo.Session, g *discordgo.GuildCreate) { b.guilds <- g })
	b.AddHandler(func(s *discordgo.Session, ic *discordgo.InteractionCreate) { b.respErr <- respond(s, ic.Interaction) })
	if err := b.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = b.Close() })
	return b
}

// respond is the test bot's interaction handler.
func respond(s *discordgo.Session, i *discordgo.Interaction) error {
	msg := func(d *discordgo.InteractionResponseData) error {
		return s.InteractionRespond(i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: d})
	}
	switch i.Type {
	case discordgo.InteractionApplicationCommandAutocomplete:
		partial := i.ApplicationCommandData().Options[0].StringValue()
		return s.InteractionRespond(i, &discordgo.InteractionResponse{
			Type: discordgo.InteractionApplicationCommandAutocompleteResult,
			Data: &discordgo.InteractionResponseData{Choices: []*discordgo.ApplicationCommandOptionChoice{
				{Name: partial + "-1", Value: partial + "-1"},
			}},
		})
	case discordgo.InteractionMessageComponent:
		if i.MessageComponentData().CustomID == "later" {
			// Deferred update: edit the clicked message, then a private followup.
			if err := s.InteractionRespond(i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}); err != nil {
				return err
			}
			content, none := "edited later", []discordgo.MessageComponent{}
			if _, err := s.InteractionResponseEdit(i, &discordgo.WebhookEdit{Content: &content, Components: &none}); err != nil {
				return err
			}
			_, err := s.FollowupMessageCreate(i, true, &discordgo.WebhookParams{Content: "only you", Flags: discordgo.MessageFlagsEphemeral})
			return err
		}
		return s.InteractionRespond(i, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseUpdateMessage,
			Data: &discordgo.InteractionResponseData{Content: "clicked " + i.MessageComponentData().CustomID, Components: []discordgo.MessageComponent{}},
		})
	}
	d := i.ApplicationCommandData()
	switch d.Name {
	case "plain":
		u := i.User
		if i.Member != nil {
			u = i.Member.User
		}
		return msg(&discordgo.InteractionResponseData{Content: "hello " + u.Username})
	case "secret":
		return msg(&discordgo.InteractionResponseData{Content: "psst", Flags: discordgo.MessageFlagsEphemeral})
	case "file":
		return msg(&discordgo.InteractionResponseData{
			Content: "here",
			Files:   []*discordgo.File{{Name: "report.txt", ContentType: "text/plain", Reader: strings.NewReader("report body")}},
		})
	case "button":
		return msg(&discordgo.InteractionResponseData{Content: "press it", Components: []discordgo.MessageComponent{
			discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				discordgo.Button{Label: "Go", Style: discordgo.PrimaryButton, CustomID: "go"},
			}},
		}})
	case "remind":
		sub := d.Options[0]
		return msg(&discordgo.InteractionResponseData{Content: sub.Name + ":" + sub.Options[0].StringValue() + ":" +
			time.Duration(sub.Options[1].IntValue()*int64(time.Minute)).String()})
	case "later":
		// Deferred privately, then the original edited with an embed and a file.
		err := s.InteractionRespond(i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}})
		if err != nil {
			return err
		}
		content, embeds := "ready", []*discordgo.MessageEmbed{{Title: "Report"}}
		_, err = s.InteractionResponseEdit(i, &discordgo.WebhookEdit{Content: &content, Embeds: &embeds,
			Files: []*discordgo.File{{Name: "r.csv", ContentType: "text/csv", Reader: strings.NewReader("a,b")}}})
		return err
	case "slow":
		err := s.InteractionRespond(i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource})
		if err != nil {
			return err
		}
		content := "done"
		if _, err := s.InteractionResponseEdit(i, &discordgo.WebhookEdit{Content: &content}); err != nil {
			return err
		}
		_, err = s.FollowupMessageCreate(i, true, &discordgo.WebhookParams{Content: "extra", Flags: discordgo.MessageFlagsEphemeral})
		return err
	}
	return msg(&discordgo.InteractionResponseData{Content: "unknown command"})
}

func recv[T any](t *testing.T, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(10 * time.Second):
		t.Fatal("timed out waiting for event")
		panic("unreachable")
	}
}

func apiCode(err error) int {
	var rerr *discordgo.RESTError
	if errors.As(err, &rerr) && rerr.Message != nil {
		return rerr.Message.Code
	}
	return -1
}

func TestReadyAndCommandRegistration(t *testing.T) {
	t.Parallel()
	ctx := ctxT(t)
	srv := startServer(t)
	b := openBot(t, srv)
	if err := srv.WaitReady(ctx); err != nil {
		t.Fatal(err)
	}
	r := recv(t, b.ready)
	if r.Application == nil || r.Application.ID != discordtest.DefaultAppID || !r.User.Bot {
		t.Fatalf("ready: application %+v user %+v", r.Application, r.User)
	}
	if b.State.Application.ID != discordtest.DefaultAppID {
		t.Fatalf("state application id %q", b.State.Application.ID)
	}
	g := recv(t, b.guilds)
	if g.ID != discordtest.DefaultGuildID || len(g.Channels) != 1 || g.Channels[0].ID != discordtest.DefaultChannelID {
		t.Fatalf("guild create: %+v", g.Guild)
	}

	cmds := []*discordgo.ApplicationCommand{
		{Name: "plain", Description: "say hi"},
		{Name: "remind", Description: "reminders", Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "add", Description: "add one"},
		}},
	}
	created, err := b.ApplicationCommandBulkOverwrite(discordtest.DefaultAppID, "", cmds)
	if err != nil {
		t.Fatal(err)
	}
	if len(created) != 2 || created[0].ID == "" || created[0].ApplicationID != discordtest.DefaultAppID || created[0].Version == "" {
		t.Fatalf("created: %+v", created[0])
	}
	// Re-registering keeps IDs stable, as on Discord.
	again, err := b.ApplicationCommandBulkOverwrite(discordtest.DefaultAppID, "", cmds)
	if err != nil || again[0].ID != created[0].ID {
		t.Fatalf("re-register: %v, %v vs %v", err, again[0].ID, created[0].ID)
	}
	if _, err := b.ApplicationCommandBulkOverwrite(discordtest.DefaultAppID, discordtest.DefaultGuildID, cmds[:1]); err != nil {
		t.Fatal(err)
	}
	if got := srv.Commands(""); len(got) != 2 || got[1].Options[0].Name != "add" {
		t.Fatalf("global commands: %+v", got)
	}
	if got := srv.Commands(discordtest.DefaultGuildID); len(got) != 1 || got[0].GuildID != discordtest.DefaultGuildID {
		t.Fatalf("guild commands: %+v", got)
	}
	listed, err := b.ApplicationCommands(discordtest.DefaultAppID, "")
	if err != nil || len(listed) != 2 {
		t.Fatalf("list: %v %d", err, len(listed))
	}
	req, err := srv.WaitRequest(ctx, func(r discordtest.Request) bool {
		return r.Method == http.MethodPut && r.Path == "/api/v9/applications/"+discordtest.DefaultAppID+"/commands"
	})
	if err != nil {
		t.Fatal(err)
	}
	var sent []map[string]any
	if err := req.Decode(&sent); err != nil || sent[0]["name"] != "plain" || req.Status != http.StatusOK {
		t.Fatalf("recorded PUT: %v %v %d", err, sent, req.Status)
	}

	srv.FailRegistration(http.StatusBadRequest, `{"code":50035,"message":"Invalid Form Body"}`)
	if _, err := b.ApplicationCommandBulkOverwrite(discordtest.DefaultAppID, "", cmds); apiCode(err) != 50035 {
		t.Fatalf("failed registration: %v", err)
	}
	srv.FailRegistration(0, "")

	if _, err := b.Request(http.MethodGet, discordgo.EndpointAPI+"nowhere", nil); err == nil {
		t.Fatal("unknown route succeeded")
	}
	if u := srv.Unhandled(); len(u) != 1 || u[0].Path != "/api/v9/nowhere" || u[0].Status != http.StatusNotFound {
		t.Fatalf("unhandled: %+v", u)
	}
}

func TestInteractions(t *testing.T) {
	t.Parallel()
	ctx := ctxT(t)
	srv := startServer(t)
	b := openBot(t, srv)
	g, c := discordtest.DefaultGuildID, discordtest.DefaultChannelID

	// Plain message.
	i, err := srv.SendCommand(ctx, alice, g, c, "plain")
	if err != nil {
		t.Fatal(err)
	}
	cb, err := srv.WaitCallback(ctx, i.ID)
	if err != nil {
		t.Fatal(err)
	}
	if cb.Type != discordgo.InteractionResponseChannelMessageWithSource || cb.Data.Content != "hello alice" {
		t.Fatalf("plain callback: %d %+v", cb.Type, cb.Data)
	}
	orig, ok := srv.Original(i.ID)
	if !ok || orig.Content != "hello alice" || orig.ChannelID != c || orig.Interaction == nil || orig.Interaction.Name != "plain" {
		t.Fatalf("original: %+v", orig)
	}
	if err := recv(t, b.respErr); err != nil {
		t.Fatal(err)
	}

	// Duplicate delivery: the handler responds again and is rejected.
	if err := srv.SendInteraction(ctx, i); err != nil {
		t.Fatal(err)
	}
	if err := recv(t, b.respErr); apiCode(err) != 40060 {
		t.Fatalf("duplicate callback: %v", err)
	}

	// Ephemeral.
	i, err = srv.SendCommand(ctx, alice, g, c, "secret")
	if err != nil {
		t.Fatal(err)
	}
	if cb, err = srv.WaitCallback(ctx, i.ID); err != nil || cb.Data.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Fatalf("ephemeral: %v %+v", err, cb.Data)
	}

	// File attachment (multipart).
	i, err = srv.SendCommand(ctx, alice, g, c, "file")
	if err != nil {
		t.Fatal(err)
	}
	if cb, err = srv.WaitCallback(ctx, i.ID); err != nil {
		t.Fatal(err)
	}
	if len(cb.Files) != 1 || cb.Files[0].Name != "report.txt" || string(cb.Files[0].Data) != "report body" ||
		cb.Files[0].ContentType != "text/plain" || cb.Data.Content != "here" {
		t.Fatalf("file callback: %+v %+v", cb.Files, cb.Data)
	}
	if orig, _ := srv.Original(i.ID); len(orig.Attachments) != 1 || orig.Attachments[0].Filename != "report.txt" {
		t.Fatalf("file original: %+v", orig)
	}

	// Subcommand with options.
	i, err = srv.SendCommand(ctx, alice, g, c, "remind",
		discordtest.Sub("add", discordtest.Str("what", "tea"), discordtest.Int("minutes", 5)))
	if err != nil {
		t.Fatal(err)
	}
	if cb, err = srv.WaitCallback(ctx, i.ID); err != nil || cb.Data.Content != "add:tea:5m0s" {
		t.Fatalf("subcommand: %v %+v", err, cb.Data)
	}

	// Button: the bot posts it, the user clicks, the bot updates the message.
	i, err = srv.SendCommand(ctx, alice, g, c, "button")
	if err != nil {
		t.Fatal(err)
	}
	if _, err = srv.WaitCallback(ctx, i.ID); err != nil {
		t.Fatal(err)
	}
	withButton, _ := srv.Original(i.ID)
	if len(withButton.Components) != 1 {
		t.Fatalf("button message components: %+v", withButton.Components)
	}
	ci, err := srv.SendComponent(ctx, alice, g, c, withButton.ID, "go")
	if err != nil {
		t.Fatal(err)
	}
	if ci.Message == nil || ci.Message.ID != withButton.ID || len(ci.Message.Components) != 1 {
		t.Fatalf("component interaction message: %+v", ci.Message)
	}
	if cb, err = srv.WaitCallback(ctx, ci.ID); err != nil || cb.Type != discordgo.InteractionResponseUpdateMessage {
		t.Fatalf("component callback: %v %+v", err, cb)
	}
	updated, _ := srv.Original(ci.ID)
	if updated.ID != withButton.ID || updated.Content != "clicked go" || len(updated.Components) != 0 || updated.EditedTimestamp == nil {
		t.Fatalf("updated message: %+v", updated)
	}

	// Autocomplete.
	i, err = srv.SendAutocomplete(ctx, alice, g, c, "remind", discordtest.Focused("what", "te"))
	if err != nil {
		t.Fatal(err)
	}
	if cb, err = srv.WaitCallback(ctx, i.ID); err != nil || cb.Type != discordgo.InteractionApplicationCommandAutocompleteResult ||
		len(cb.Data.Choices) != 1 || cb.Data.Choices[0].Name != "te-1" {
		t.Fatalf("autocomplete: %v %+v", err, cb)
	}

	// Deferred response, edit of the original, ephemeral followup.
	i, err = srv.SendCommand(ctx, alice, g, c, "slow")
	if err != nil {
		t.Fatal(err)
	}
	if err := waitRespErr(t, b, 7); err != nil { // drain all handler results so far
		t.Fatal(err)
	}
	if orig, _ := srv.Original(i.ID); orig.Content != "done" || orig.Flags&discordgo.MessageFlagsLoading != 0 {
		t.Fatalf("deferred original: %+v", orig)
	}
	if f := srv.Followups(i.ID); len(f) != 1 || f[0].Content != "extra" || f[0].Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Fatalf("followups: %+v", f)
	}
	if got := len(srv.Messages(c)); got != 7 { // plain, secret, file, remind, button, slow original, followup
		t.Fatalf("channel has %d messages", got)
	}

	// A command in a DM carries user instead of member.
	i, err = srv.SendCommand(ctx, alice, "", "", "plain")
	if err != nil || i.Member != nil || i.User == nil || i.User.ID != alice.ID || i.ChannelID == "" {
		t.Fatalf("dm interaction: %v %+v", err, i)
	}
	if cb, err = srv.WaitCallback(ctx, i.ID); err != nil || cb.Data.Content != "hello alice" {
		t.Fatalf("dm callback: %v %+v", err, cb.Data)
	}
	if got := srv.Messages(i.ChannelID); len(got) != 1 || got[0].Content != "hello alice" {
		t.Fatalf("dm channel messages: %+v", got)
	}
	if err := recv(t, b.respErr); err != nil {
		t.Fatal(err)
	}

	// Unknown interaction.
	err = b.InteractionRespond(&discordgo.Interaction{ID: "1", Token: "nope"}, &discordgo.InteractionResponse{Type: 4, Data: &discordgo.InteractionResponseData{Content: "x"}})
	if apiCode(err) != 10062 {
		t.Fatalf("unknown interaction: %v", err)
	}
	if u := srv.Unhandled(); len(u) != 0 {
		t.Fatalf("unexpected calls: %+v", u)
	}
}

// waitRespErr receives n handler results and returns the first error.
func waitRespErr(t *testing.T, b *bot, n int) error {
	t.Helper()
	var first error
	for range n {
		if err := recv(t, b.respErr); err != nil && first == nil {
			first = err
		}
	}
	return first
}

func TestGatewayFaults(t *testing.T) {
	t.Parallel()
	ctx := ctxT(t)
	srv := startServer(t)
	b := openBot(t, srv)
	recv(t, b.ready)
	g, c := discordtest.DefaultGuildID, discordtest.DefaultChannelID

	// Abrupt drop: discordgo reconnects and resumes. SendCommand waits for
	// the resumed connection.
	srv.DropConnection()
	i, err := srv.SendCommand(ctx, alice, g, c, "plain")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.WaitCallback(ctx, i.ID); err != nil {
		t.Fatal(err)
	}
	if srv.Resumes() != 1 || srv.Identifies() != 1 {
		t.Fatalf("resumes %d identifies %d", srv.Resumes(), srv.Identifies())
	}

	// Invalid session: discordgo identifies again and gets a new READY.
	srv.InvalidSession(false)
	if err := srv.WaitReady(ctx); err != nil {
		t.Fatal(err)
	}
	if r := recv(t, b.ready); r.SessionID == "" || srv.Identifies() != 2 {
		t.Fatalf("re-identify: %+v, identifies %d", r, srv.Identifies())
	}
	i, err = srv.SendCommand(ctx, alice, g, c, "plain")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.WaitCallback(ctx, i.ID); err != nil {
		t.Fatal(err)
	}

	// Op 7: discordgo closes, reconnects and resumes the new session.
	srv.RequestReconnect()
	i, err = srv.SendCommand(ctx, alice, g, c, "plain")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.WaitCallback(ctx, i.ID); err != nil {
		t.Fatal(err)
	}
	if srv.Resumes() != 2 || srv.Identifies() != 2 {
		t.Fatalf("after reconnect: resumes %d identifies %d", srv.Resumes(), srv.Identifies())
	}
}

func TestDeferredResponses(t *testing.T) {
	t.Parallel()
	ctx := ctxT(t)
	srv := startServer(t)
	b := openBot(t, srv)
	g, c := discordtest.DefaultGuildID, discordtest.DefaultChannelID

	// A private deferral stays private when the original is edited, and
	// the edit may carry embeds and files.
	i, err := srv.SendCommand(ctx, alice, g, c, "later")
	if err != nil {
		t.Fatal(err)
	}
	if err := recv(t, b.respErr); err != nil {
		t.Fatal(err)
	}
	cb, err := srv.WaitCallback(ctx, i.ID)
	if err != nil || cb.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource || cb.Data.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Fatalf("deferral: %v %+v", err, cb)
	}
	orig, ok := srv.Original(i.ID)
	if !ok || orig.Content != "ready" || len(orig.Embeds) != 1 || len(orig.Attachments) != 1 || orig.Attachments[0].Filename != "r.csv" ||
		orig.Flags&discordgo.MessageFlagsEphemeral == 0 || orig.Flags&discordgo.MessageFlagsLoading != 0 {
		t.Fatalf("edited deferred original: %+v", orig)
	}

	// A deferred update edits the clicked message; a followup after it is a
	// new message with its own flags.
	ci, err := srv.SendComponent(ctx, alice, g, c, orig.ID, "later")
	if err != nil {
		t.Fatal(err)
	}
	if err := recv(t, b.respErr); err != nil {
		t.Fatal(err)
	}
	if cb, err = srv.WaitCallback(ctx, ci.ID); err != nil || cb.Type != discordgo.InteractionResponseDeferredMessageUpdate {
		t.Fatalf("deferred update: %v %+v", err, cb)
	}
	if m, _ := srv.Original(ci.ID); m.ID != orig.ID || m.Content != "edited later" || len(m.Embeds) != 1 {
		t.Fatalf("clicked message after the deferred update: %+v", m)
	}
	if f := srv.Followups(ci.ID); len(f) != 1 || f[0].Content != "only you" || f[0].Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Fatalf("followups after the deferred update: %+v", f)
	}
}

func TestCallbackWindow(t *testing.T) {
	t.Parallel()
	ctx := ctxT(t)
	// Every callback comes later than a nanosecond after its interaction.
	srv, err := discordtest.Start(discordtest.Options{CallbackWindow: time.Nanosecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	b := openBot(t, srv)
	if _, err := srv.SendCommand(ctx, alice, discordtest.DefaultGuildID, discordtest.DefaultChannelID, "plain"); err != nil {
		t.Fatal(err)
	}
	if err := recv(t, b.respErr); apiCode(err) != 10062 {
		t.Fatalf("late callback: %v, want Unknown interaction (10062)", err)
	}
}

func TestHold(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	s := newSession(t, srv)
	arrived := make(chan struct{}, 1)
	release := srv.Hold(func(r discordtest.Request) bool {
		if r.Method != http.MethodPost || !strings.HasSuffix(r.Path, "/messages") {
			return false
		}
		arrived <- struct{}{}
		return true
	})
	sent := make(chan error, 1)
	go func() {
		_, err := s.ChannelMessageSend(discordtest.DefaultChannelID, "held")
		sent <- err
	}()
	recv(t, arrived)
	select {
	case err := <-sent:
		t.Fatalf("a held request was answered: %v", err)
	default:
	}
	if got := srv.Messages(discordtest.DefaultChannelID); len(got) != 0 {
		t.Fatalf("a held request took effect: %+v", got)
	}
	// Requests not matched pass meanwhile.
	if _, err := s.Channel(discordtest.DefaultChannelID); err != nil {
		t.Fatal(err)
	}
	release()
	release()
	if err := recv(t, sent); err != nil {
		t.Fatal(err)
	}
	if got := srv.Messages(discordtest.DefaultChannelID); len(got) != 1 || got[0].Content != "held" {
		t.Fatalf("messages after release: %+v", got)
	}
}
