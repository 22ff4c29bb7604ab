package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/coach"
)

// Store is what the bot needs from the database.
type Store interface {
	ProfileStore
	SessionStore
	LiveStore
	GymStore
	GroupStore
	StreakStore
	ClaimInteraction(ctx context.Context, id string, now time.Time) (bool, error)
	SavePending(ctx context.Context, userID, interactionID, command string, options []byte, now time.Time) (int64, error)
	TakePending(ctx context.Context, userID string, id int64) (interactionID, command string, options []byte, ok bool, err error)
	Forget(ctx context.Context, userID string) error
}

// ProfileStore keeps users' preferences and safety acknowledgements.
type ProfileStore interface {
	Profile(ctx context.Context, userID string) (coach.Profile, error)
	// ProfileAndGroups is Profile and whether the user is a member of any
	// group, in one read.
	ProfileAndGroups(ctx context.Context, userID string) (p coach.Profile, inGroups bool, err error)
	SaveProfile(ctx context.Context, p coach.Profile, now time.Time) error
	// SaveProfileMovingReminder saves p and, when the user has a gym
	// schedule, replaces its queued reminders with next, all or nothing.
	SaveProfileMovingReminder(ctx context.Context, p coach.Profile, next coach.Job, now time.Time) (moved bool, err error)
	AckSafety(ctx context.Context, userID string, at time.Time) error
}

// SessionStore keeps logged hangs.
type SessionStore interface {
	LogSession(ctx context.Context, s coach.Session, interactionID string, now time.Time) (coach.Session, bool, error)
	// LogSessionClaiming is LogSession that also claims the interaction
	// (see ClaimInteraction) in the same transaction; created is false, and
	// nothing written, when it was claimed before.
	LogSessionClaiming(ctx context.Context, s coach.Session, interactionID string, now time.Time) (s2 coach.Session, created bool, err error)
	Sessions(ctx context.Context, userID string, limit, offset int) ([]coach.Session, int, error)
	SessionsSince(ctx context.Context, userID string, since time.Time) ([]coach.Session, error)
	Session(ctx context.Context, userID string, id int64) (coach.Session, bool, error)
	LastLogged(ctx context.Context, userID string) (coach.Session, bool, error)
	DeleteSession(ctx context.Context, userID string, id int64) (bool, error)
}

// LiveStore keeps live, timed hangs.
type LiveStore interface {
	StartLive(ctx context.Context, l coach.Live, now time.Time) (coach.Live, bool, error)
	LiveSession(ctx context.Context, userID string) (coach.Live, bool, error)
	EndLive(ctx context.Context, userID, interactionID string, now time.Time, fill func(coach.Live) (coach.Session, bool)) (coach.Live, coach.Session, bool, error)
}

// Handler answers a command or a component click.
type Handler func(ctx context.Context, req *Request) (Reply, error)

// Config holds what a Bot is built from.
type Config struct {
	Store  Store
	Logger *slog.Logger
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Outbox delivers messages outside interactions; nil disables that.
	Outbox Outbox
	// ReminderGrace is how late a missed reminder may still be sent;
	// DefaultReminderGrace when zero.
	ReminderGrace time.Duration
	// Observe, when set, is called once per handled interaction with the
	// command ("hang log", "autocomplete profile set", "button safety" or
	// "unknown"), the outcome (ok, user_error, error, panic or duplicate)
	// and how long it took on the real clock, the reply's delivery included.
	// It must be quick and safe for concurrent use.
	Observe func(command, outcome string, took time.Duration)
}

// Bot routes requests to the handlers of its command table.
type Bot struct {
	store    Store
	outbox   Outbox
	grace    time.Duration
	log      *slog.Logger
	now      func() time.Time
	commands []Command
	leaves   map[string]*Command // by full name, "hang log"
	buttons  map[string]Handler  // by custom id prefix
	zones    []string

	inflight sync.WaitGroup
	observe  func(command, outcome string, took time.Duration)
}

// New builds a bot; it panics if the command table names a command twice.
func New(cfg Config) *Bot {
	b := &Bot{store: cfg.Store, outbox: cfg.Outbox, log: cfg.Logger, now: cfg.Now, zones: coach.Zones(), observe: cfg.Observe}
	if b.log == nil {
		b.log = slog.New(slog.DiscardHandler)
	}
	if b.now == nil {
		b.now = time.Now
	}
	b.grace = cfg.ReminderGrace
	if b.grace <= 0 {
		b.grace = DefaultReminderGrace
	}
	b.commands = b.commandTable()
	b.leaves = map[string]*Command{}
	for i := range b.commands {
		c := &b.commands[i]
		if len(c.Subs) == 0 {
			b.addLeaf(c.Name, c)
		}
		for j := range c.Subs {
			b.addLeaf(c.Name+" "+c.Subs[j].Name, &c.Subs[j])
		}
	}
	b.buttons = b.componentTable()
	return b
}

func (b *Bot) addLeaf(name string, c *Command) {
	if _, dup := b.leaves[name]; dup {
		panic("bot: command defined twice: " + name)
	}
	if c.Run == nil {
		panic("bot: command without handler: " + name)
	}
	b.leaves[name] = c
}

// Handle answers one request. It never panics and never returns an error:
// failures become a short ephemeral reply and one log line.
func (b *Bot) Handle(ctx context.Context, req *Request) Reply {
	start := time.Now()
	reply, outcome := b.handle(ctx, req)
	b.observed(req, outcome, time.Since(start))
	return reply
}

// handle is Handle without the observation, which serve makes after
// delivering the reply.
func (b *Bot) handle(ctx context.Context, req *Request) (reply Reply, outcome string) {
	b.inflight.Add(1)
	defer b.inflight.Done()
	start := b.now()
	defer func() {
		if p := recover(); p != nil {
			b.log.Error("handler panicked", "command", req.Command, "custom_id", req.CustomID, "user_id", req.UserID, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			reply, outcome = Reply{Content: msgInternal, Ephemeral: true}, "panic"
		}
	}()
	var err error
	switch req.Kind {
	case KindCommand:
		reply, err = b.runCommand(ctx, req)
	case KindComponent:
		reply, err = b.runComponent(ctx, req)
	case KindAutocomplete:
		reply, err = b.runAutocomplete(ctx, req)
	}
	if req.claimPending {
		// The command ended before its claiming write (refused, or failed):
		// claim now, so that a second delivery is not answered again.
		switch cerr := b.claim(ctx, req); {
		case errors.Is(cerr, errDuplicate):
			err = cerr
		case cerr != nil:
			// The reply is still the right one; only a redelivery could be
			// answered again.
			b.log.Warn("claim interaction failed", "interaction_id", req.ID, "command", req.Command, "err", cerr)
		}
	}
	if errors.Is(err, errDuplicate) {
		return Reply{Content: msgDuplicate, Ephemeral: true}, outcomeDuplicate
	}
	outcome = "ok"
	if err != nil {
		reply = b.errorReply(req, err)
		outcome = "error"
		var in *coach.InputError
		var ue *UserError
		if errors.As(err, &in) || errors.As(err, &ue) {
			outcome = "user_error"
		}
	}
	if b.log.Enabled(ctx, slog.LevelDebug) { // spares the arguments' allocations
		b.log.Debug("interaction handled", "command", req.Command, "custom_id", req.CustomID, "user_id", req.UserID, "took", b.now().Sub(start))
	}
	return reply, outcome
}

// observed reports a handled request to Config.Observe, naming it only by
// what the command table knows, so the names stay few.
func (b *Bot) observed(req *Request, outcome string, took time.Duration) {
	if b.observe == nil {
		return
	}
	name := "unknown"
	switch req.Kind {
	case KindComponent:
		if prefix, _, _ := strings.Cut(req.CustomID, ":"); b.buttons[prefix] != nil {
			name = "button " + prefix
		}
	case KindAutocomplete:
		if b.leaves[req.Command] != nil {
			name = "autocomplete " + req.Command
		}
	default:
		if b.leaves[req.Command] != nil {
			name = req.Command
		}
	}
	b.observe(name, outcome, took)
}

// Wait blocks until every request being handled has been answered.
func (b *Bot) Wait() { b.inflight.Wait() }

func (b *Bot) errorReply(req *Request, err error) Reply {
	var in *coach.InputError
	var ue *UserError
	switch {
	case errors.As(err, &in):
		text := fmt.Sprintf("⚠️ **%s** %s.", in.Field, in.Problem)
		if in.Accepted != "" {
			text += " " + capitalize(in.Accepted) + "."
		}
		return Reply{Content: text + " Nothing was saved.", Ephemeral: true}
	case errors.As(err, &ue):
		return Reply{Content: ue.Msg, Ephemeral: true}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		b.log.Warn("interaction cut short", "command", req.Command, "user_id", req.UserID, "err", err)
		return Reply{Content: msgShuttingDown, Ephemeral: true}
	}
	b.log.Error("interaction failed", "command", req.Command, "custom_id", req.CustomID, "user_id", req.UserID, "guild_id", req.GuildID, "err", err)
	return Reply{Content: msgInternal, Ephemeral: true}
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func (b *Bot) runCommand(ctx context.Context, req *Request) (Reply, error) {
	c, ok := b.leaves[req.Command]
	if !ok {
		return Reply{}, userErr("I don't know the command `/%s` (yet). Try `/help`.", req.Command)
	}
	if err := checkOptions(c, req.Options); err != nil {
		return Reply{}, err
	}
	if c.Safety {
		p, err := b.profileOf(ctx, req)
		if err != nil {
			return Reply{}, err
		}
		if p.SafetyAck.IsZero() {
			// The card is a write of its own: claim before it.
			if req.claimPending {
				if err := b.claim(ctx, req); err != nil {
					return Reply{}, err
				}
			}
			return b.safetyCard(ctx, req)
		}
	}
	return c.Run(ctx, req)
}

// errDuplicate says the interaction was acted on before: a second delivery
// of it, which is not answered.
var errDuplicate = errors.New("interaction already handled")

// outcomeDuplicate is the outcome of a duplicate delivery.
const outcomeDuplicate = "duplicate"

// claim makes the duplicate-delivery claim that the dispatcher left to the
// command (Command.ClaimsItself), on its own; errDuplicate when the
// interaction was claimed before.
func (b *Bot) claim(ctx context.Context, req *Request) error {
	req.claimPending = false
	fresh, err := b.store.ClaimInteraction(ctx, req.ID, b.now())
	if err != nil {
		return err
	}
	if !fresh {
		return errDuplicate
	}
	return nil
}

// profileOf loads the requesting user's profile once per request: the
// safety gate, the handler and the milestone check after a log need it.
// Whether the user is in any group comes with it (Request.inGroups).
func (b *Bot) profileOf(ctx context.Context, req *Request) (coach.Profile, error) {
	if req.profile != nil {
		return *req.profile, nil
	}
	p, inGroups, err := b.store.ProfileAndGroups(ctx, req.UserID)
	if err != nil {
		return p, err
	}
	req.profile, req.inGroups = &p, inGroups
	return p, nil
}

// checkOptions refuses options the command does not declare and requires
// the ones it marks required, so a handler sees only what it expects.
func checkOptions(c *Command, opts Options) error {
	declared := map[string]*discordgo.ApplicationCommandOption{}
	for _, o := range c.Options {
		declared[o.Name] = o
		if _, given := opts[o.Name]; o.Required && !given {
			return userErr("⚠️ **%s** is required.", o.Name)
		}
	}
	for name, v := range opts {
		def, ok := declared[name]
		if !ok {
			return userErr("⚠️ `%s` is not an option of this command.", name)
		}
		nv, err := normalize(def, v)
		if err != nil {
			return userErr("⚠️ %s.", err)
		}
		opts[name] = nv
	}
	return nil
}

// A custom id is prefix:owner[:arg...]; the owner is the only user the
// component acts for.
func customID(prefix, owner string, args ...string) string {
	return strings.Join(append([]string{prefix, owner}, args...), ":")
}

func (b *Bot) runComponent(ctx context.Context, req *Request) (Reply, error) {
	parts := strings.Split(req.CustomID, ":")
	if len(parts) < 2 {
		return Reply{}, userErr("That button is no longer valid.")
	}
	h, ok := b.buttons[parts[0]]
	if !ok {
		return Reply{}, userErr("That button is no longer valid.")
	}
	if parts[1] != req.UserID {
		return Reply{}, userErr(msgNotYourButton)
	}
	return h(ctx, req)
}

func (b *Bot) runAutocomplete(ctx context.Context, req *Request) (Reply, error) {
	c, ok := b.leaves[req.Command]
	if !ok || c.Autocomplete == nil {
		return Reply{Choices: []*discordgo.ApplicationCommandOptionChoice{}}, nil
	}
	return c.Autocomplete(ctx, req)
}

// args returns the custom id's arguments after prefix and owner.
func args(req *Request) []string {
	parts := strings.Split(req.CustomID, ":")
	if len(parts) <= 2 {
		return nil
	}
	return parts[2:]
}

// safetyCard keeps the interrupted command and shows the card whose button
// acknowledges it and carries the command out.
func (b *Bot) safetyCard(ctx context.Context, req *Request) (Reply, error) {
	opts, err := json.Marshal(req.Options)
	if err != nil {
		return Reply{}, fmt.Errorf("encode pending options: %w", err)
	}
	id, err := b.store.SavePending(ctx, req.UserID, req.ID, req.Command, opts, b.now())
	if err != nil {
		return Reply{}, err
	}
	return Reply{
		Ephemeral: true,
		Embeds: []*discordgo.MessageEmbed{{
			Title:       "⚠️ " + coach.SafetyTitle,
			Description: coach.SafetyCard,
			Color:       colorWarn,
			Footer:      &discordgo.MessageEmbedFooter{Text: "Press the button to confirm; your /" + req.Command + " will then go ahead."},
		}},
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "I understand", Style: discordgo.SuccessButton, CustomID: customID("safety", req.UserID, fmt.Sprint(id))},
		}}},
	}, nil
}

// safetyAck records the acknowledgement and carries out the command the
// card interrupted, replacing the card with its result.
func (b *Bot) safetyAck(ctx context.Context, req *Request) (Reply, error) {
	if err := b.store.AckSafety(ctx, req.UserID, b.now()); err != nil {
		return Reply{}, err
	}
	done := Reply{Update: true, Content: "Thanks — noted. You're all set; go gently."}
	a := args(req)
	if len(a) != 1 {
		return done, nil
	}
	var id int64
	if _, err := fmt.Sscan(a[0], &id); err != nil {
		return done, nil
	}
	iid, command, raw, ok, err := b.store.TakePending(ctx, req.UserID, id)
	if err != nil || !ok {
		return done, err
	}
	c, ok := b.leaves[command]
	if !ok {
		return done, nil
	}
	opts := Options{}
	if err := json.Unmarshal(raw, &opts); err != nil {
		return Reply{}, fmt.Errorf("decode pending options: %w", err)
	}
	if err := checkOptions(c, opts); err != nil {
		return Reply{}, err
	}
	orig := *req
	orig.Kind, orig.ID, orig.Command, orig.Options, orig.CustomID = KindCommand, iid, command, opts, ""
	r, err := c.Run(ctx, &orig)
	if err != nil {
		r = b.errorReply(&orig, err)
	}
	r.Update = true
	return r, nil
}
