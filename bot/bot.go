package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/coach"
)

// Store is everything the bot keeps in a database: the union of what the
// dispatcher and each feature need, so that one backend (cmd passes
// *store.DB) serves them all. New hands each feature only its own narrow
// view; a second backend can be written and tested one feature's interface
// at a time (see the feature types in doc.go).
type Store interface {
	coreStore
	hangStore
	liveStore
	routineStore
	historyStore
	profileStore
	gymStore
	groupStore
	streakStore
	planStore
	dataStore
	localeStore
}

// coreStore is what the dispatcher itself needs: claims that answer a
// re-delivered interaction once, the commands the safety card holds back,
// and profiles for the safety gate and profileOf. Features declare their
// own store field, which shadows this one.
type coreStore interface {
	ClaimInteraction(ctx context.Context, id string, now time.Time) (bool, error)
	Profile(ctx context.Context, userID string) (coach.Profile, error)
	// ProfileAndGroups is Profile and whether the user is in any group,
	// in one read (profileOf).
	ProfileAndGroups(ctx context.Context, userID string) (coach.Profile, bool, error)
	AckSafety(ctx context.Context, userID string, at time.Time) error
	SaveProfile(ctx context.Context, p coach.Profile, now time.Time) error // the one-step setup on the safety card
	zoneStore                                                              // the console's times
	SavePending(ctx context.Context, userID, interactionID, command string, options []byte, now time.Time) (int64, error)
	TakePending(ctx context.Context, userID string, id int64) (interactionID, command string, options []byte, ok bool, err error)
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
	// DeferAfter is how long a handler may take before its interaction is
	// deferred and the reply delivered later; DefaultDeferAfter when zero.
	DeferAfter time.Duration
	// Replies, when set, is the session interaction responses and
	// follow-ups go through instead of the gateway's. Give it a rate
	// limiter of its own: Discord exempts interaction callbacks and
	// webhooks from the global limit, while discordgo holds every request
	// of a session while a global 429 lasts.
	Replies *discordgo.Session
	// Fetcher downloads the files users attach (/data import); nil refuses
	// attachments.
	Fetcher Fetcher
	// PublicURL is the external base URL of the public listener
	// (HANGTIME_PUBLIC_URL) where WorkoutHook is served; empty disables
	// /gym link.
	PublicURL string
}

// Bot routes requests to the handlers of its command table.
type Bot struct {
	store coreStore // the dispatcher's; each feature has its own
	langs localeStore
	// locales caches the locales last stored, by "u:"+user or "g:"+guild,
	// so an interaction writes only when one changes.
	locales  sync.Map
	outbox   Outbox
	grace    time.Duration
	log      *slog.Logger
	now      func() time.Time
	commands []Command
	leaves   map[string]*Command // by full name, "hang log"
	buttons  map[string]Handler  // components' handlers by custom id prefix
	jobs     map[string]Runner   // by job kind
	zones    []string

	mu         sync.Mutex // guards closed
	closed     bool       // set by Wait: no request starts after it
	inflight   sync.WaitGroup
	observe    func(command, outcome string, took time.Duration)
	deferAfter time.Duration
	replies    *discordgo.Session
	// registerOnce registers the command table once, on the first READY
	// of any shard's session.
	registerOnce sync.Once

	// fetcher reads /data import's attachments; publicURL and hooks serve
	// /gym link (see hook.go), whose handler is workoutHook.
	fetcher     Fetcher
	publicURL   string
	hooks       hookLimits
	workoutHook http.Handler
}

// New builds a bot; it panics if the command table names a command or a
// component prefix or a job kind twice.
func New(cfg Config) *Bot {
	b := &Bot{store: cfg.Store, langs: cfg.Store, outbox: cfg.Outbox, fetcher: cfg.Fetcher, publicURL: strings.TrimRight(cfg.PublicURL, "/"), log: cfg.Logger, now: cfg.Now, zones: coach.Zones(), observe: cfg.Observe}
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
	b.deferAfter, b.replies = cfg.DeferAfter, cfg.Replies
	if b.deferAfter <= 0 {
		b.deferAfter = DefaultDeferAfter
	}
	f := newFeatures(b, cfg.Store)
	b.workoutHook = f.gym.workoutHook()
	b.commands = b.commandTable(f)
	b.leaves = map[string]*Command{}
	b.jobs = map[string]Runner{}
	for i := range b.commands {
		c := &b.commands[i]
		b.addJobKinds(c)
		if len(c.Subs) == 0 {
			b.addLeaf(c.Name, c)
		}
		for j := range c.Subs {
			b.addLeaf(c.Name+" "+c.Subs[j].Name, &c.Subs[j])
		}
	}
	b.addComponents(b.commands, b.sharedComponents())
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
	if !b.enter() {
		return Reply{Content: req.T().S("err.shutting_down"), Ephemeral: true}
	}
	defer b.inflight.Done()
	start := time.Now()
	reply, outcome := b.handle(ctx, req)
	b.observed(req, outcome, time.Since(start))
	return reply
}

// handle is Handle without the admission and the observation, which serve
// makes after delivering the reply.
func (b *Bot) handle(ctx context.Context, req *Request) (reply Reply, outcome string) {
	start := b.now()
	defer func() {
		if p := recover(); p != nil {
			b.log.Error("handler panicked", "command", req.Command, "custom_id", req.CustomID, "user_id", req.UserID, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			reply, outcome = Reply{Content: req.T().S("err.internal"), Ephemeral: true}, "panic"
		}
	}()
	var err error
	switch req.Kind {
	case KindCommand:
		reply, err = b.runCommand(ctx, req)
		if req.claimPending {
			// The command ended before its claiming write (refused, or
			// failed): claim now, so that a second delivery is not
			// answered again.
			switch cerr := b.claimPending(ctx, req); {
			case errors.Is(cerr, errDuplicate):
				err = cerr
			case cerr != nil:
				// The reply is still the right one; only a redelivery
				// could be answered again.
				b.log.Warn("claim interaction failed", "interaction_id", req.ID, "command", req.Command, "err", cerr)
			}
		}
		if errors.Is(err, errDuplicate) {
			return Reply{}, outcomeDuplicate
		}
	case KindComponent:
		reply, err = b.runComponent(ctx, req)
	case KindAutocomplete:
		reply, err = b.runAutocomplete(ctx, req)
	}
	outcome = "ok"
	if err != nil {
		reply = b.errorReply(req, err)
		outcome = "error"
		var in *coach.InputError
		var ue *UserError
		if errors.As(err, &in) || errors.As(err, &ue) || errors.Is(err, coach.ErrNotYours) {
			outcome = "user_error"
		}
	}
	b.rememberLocales(ctx, req)
	if b.log.Enabled(ctx, slog.LevelDebug) { // spares the arguments' allocations on every interaction
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

// Wait blocks until every request being handled has been answered; from
// its start no new request is admitted, so none runs against a database
// closed after it returns.
func (b *Bot) Wait() {
	b.mu.Lock()
	b.closed = true
	b.mu.Unlock()
	b.inflight.Wait()
}

// enter admits a request unless Wait has begun; an admitted request calls
// b.inflight.Done once answered. Checking closed and adding under one lock
// is what keeps an Add from slipping in after Wait saw zero.
func (b *Bot) enter() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return false
	}
	b.inflight.Add(1)
	return true
}

func (b *Bot) errorReply(req *Request, err error) Reply {
	var in *coach.InputError
	var ue *UserError
	t := req.T()
	switch {
	case errors.As(err, &in):
		// The field as the user's client names it, the problem and what is
		// accepted in the user's language.
		problem, accepted := in.Problem, in.Accepted
		if !in.ProblemText.IsZero() {
			problem, accepted = t.Text(in.ProblemText), t.Text(in.AcceptedText)
		}
		text := t.S("err.input", t.reg("opt:", in.Field), problem)
		if accepted != "" {
			text += " " + capitalizeWord(accepted) + "."
		}
		return Reply{Content: text + " " + t.S("err.nothing_saved"), Ephemeral: true}
	case errors.As(err, &ue):
		return Reply{Content: ue.text(t), Ephemeral: true}
	case errors.Is(err, coach.ErrNotYours):
		// A custom id or option naming another user's data: answered as a
		// stale button, and logged, since a client does not make these up.
		b.log.Warn("client id names another user's data", "command", req.Command, "custom_id", req.CustomID, "user_id", req.UserID, "err", err)
		return Reply{Content: errStaleButton.(*UserError).text(t), Ephemeral: true}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		b.log.Warn("interaction cut short", "command", req.Command, "user_id", req.UserID, "err", err)
		return Reply{Content: t.S("err.shutting_down"), Ephemeral: true}
	}
	b.log.Error("interaction failed", "command", req.Command, "custom_id", req.CustomID, "user_id", req.UserID, "guild_id", req.GuildID, "err", err)
	return Reply{Content: t.S("err.internal"), Ephemeral: true}
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
		return Reply{}, userKey("err.unknown_command", req.Command)
	}
	if err := checkOptions(c, req.Options); err != nil {
		return Reply{}, err
	}
	if c.Safety {
		if c.Load != nil {
			if err := c.Load(ctx, req); err != nil {
				return Reply{}, err
			}
		}
		p, err := b.profileOf(ctx, req)
		if err != nil {
			return Reply{}, err
		}
		if p.SafetyAck.IsZero() {
			// The card is a write of its own: claim before it.
			if err := b.claimPending(ctx, req); err != nil {
				return Reply{}, err
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

// claimPending makes the duplicate-delivery claim that the dispatcher left
// to the command (Command.ClaimsItself), on its own, if it is still to be
// made; errDuplicate when the interaction was claimed before.
func (b *Bot) claimPending(ctx context.Context, req *Request) error {
	if !req.claimPending {
		return nil
	}
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
	req.setProfile(p, inGroups)
	return p, nil
}

// setProfile keeps the user's profile, and whether they are in any group,
// for the rest of the request.
func (req *Request) setProfile(p coach.Profile, inGroups bool) {
	req.profile, req.inGroups = &p, inGroups
}

// checkOptions refuses options the command does not declare and requires
// the ones it marks required, so a handler sees only what it expects.
func checkOptions(c *Command, opts Options) error {
	for _, o := range c.Options {
		if _, given := opts[o.Name]; o.Required && !given {
			return userKey("err.required", o.Name)
		}
	}
	for name, v := range opts {
		// A command has a handful of options: a scan costs less than a
		// map built for each interaction.
		i := slices.IndexFunc(c.Options, func(o *discordgo.ApplicationCommandOption) bool { return o.Name == name })
		if i < 0 {
			return userKey("err.unknown_option", name)
		}
		def := c.Options[i]
		nv, err := normalize(def, v)
		if err != nil {
			return userErr("⚠️ %s.", err)
		}
		opts[name] = nv
	}
	return nil
}

func (b *Bot) runAutocomplete(ctx context.Context, req *Request) (Reply, error) {
	c, ok := b.leaves[req.Command]
	if !ok || c.Autocomplete == nil {
		return Reply{Choices: []*discordgo.ApplicationCommandOptionChoice{}}, nil
	}
	return c.Autocomplete(ctx, req)
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
	p, err := b.profileOf(ctx, req)
	if err != nil {
		return Reply{}, err
	}
	return b.cardReply(req.T(), req.UserID, id, req.Command, p), nil
}

// safetyComponent is the safety card's "I understand"; its id carries the
// interrupted command's pending id.
func (b *Bot) safetyComponent() Component {
	return Component{Prefix: "safety", Run: b.safetyAck}
}

// safetyAck records the acknowledgement and carries out the command the
// card interrupted, replacing the card with its result.
func (b *Bot) safetyAck(ctx context.Context, req *Request) (Reply, error) {
	if err := b.store.AckSafety(ctx, req.UserID, b.now()); err != nil {
		return Reply{}, err
	}
	done := Reply{Update: true, Content: req.T().S("safety.thanks")}
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
