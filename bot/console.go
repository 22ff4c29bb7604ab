package bot

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/bwmarrin/discordgo"
)

// ConsoleUserID is the user the console acts as.
const ConsoleUserID = "console"

// Console drives the bot from a terminal as one local user: it reads lines
// such as "/hang log duration:90s", hands them to the same handlers Discord
// reaches, and prints replies as text. Typing a button's label presses it.
type Console struct {
	now func() time.Time // renders relative timestamps
	// mu guards bot, out, sent, buttons, prompting, busy and held: the
	// reader prints replies while the scheduler, through the Outbox
	// methods, prints reminders and edits.
	mu  sync.Mutex
	bot *Bot // set by Run
	out io.Writer
	// FileDir is where attachments (charts, exports) are written; a
	// "hangtime" directory in the system's temporary directory when empty,
	// never the working directory.
	FileDir string
	// Loc renders Discord timestamps; when nil, the console user's zone
	// (their profile's, else their group's, else UTC).
	Loc *time.Location
	// Locale is the console's language, a Discord locale such as "de"
	// (see LocaleFromEnv); English when empty.
	Locale string

	seq     int                // lines read; only the reading goroutine touches it
	sent    int                // messages sent
	buttons []discordgo.Button // of the last reply that had any
	// prompting is set while "> " waits for a line: output arriving then
	// prints on its own lines and shows the prompt again.
	prompting bool
	// busy is set while a typed line is handled; edits made meanwhile are
	// held, so an edit that repeats the reply prints once, after it.
	busy bool
	held []Reply
}

// NewConsole returns a console that writes to out, rendering relative
// timestamps against now (time.Now when nil); give it the bot's clock. It
// is also the bot's Outbox in console mode, ready before Run: edits and
// reminders print as new lines.
func NewConsole(out io.Writer, now func() time.Time) *Console {
	if now == nil {
		now = time.Now
	}
	return &Console{out: out, now: now}
}

// Edit prints the new state of an earlier message.
func (c *Console) Edit(ctx context.Context, ref string, r Reply) error {
	c.mu.Lock()
	if c.busy {
		c.held = append(c.held, r)
		c.mu.Unlock()
		return nil
	}
	c.mu.Unlock()
	c.print("\n↻ ", r)
	return nil
}

// Send prints a message the bot posts on its own, such as a reminder.
func (c *Console) Send(ctx context.Context, channelID string, r Reply, nonce string) (string, error) {
	c.mu.Lock()
	c.sent++
	id := fmt.Sprintf("console-msg-%d", c.sent)
	c.mu.Unlock()
	c.print("\n📨 ", r)
	return id, nil
}

// write prints s whole, under the lock every output takes.
func (c *Console) write(s string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	io.WriteString(c.out, s)
}

// DMChannel is the terminal itself.
func (c *Console) DMChannel(ctx context.Context, userID string) (string, error) {
	return "console", nil
}

// Run reads commands from in and answers them with b until in ends, ctx
// ends, or the user types quit.
func (c *Console) Run(ctx context.Context, b *Bot, in io.Reader) error {
	c.mu.Lock()
	c.bot = b
	c.mu.Unlock()
	c.write(trFor(c.Locale).S("console.intro", "/"+trFor(c.Locale).reg("name:", "help")) + "\n")
	lines := make(chan string)
	errs := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(in)
		sc.Buffer(make([]byte, 64*1024), 1<<20)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
		errs <- sc.Err()
		close(lines)
	}()
	for {
		c.mu.Lock()
		io.WriteString(c.out, "> ")
		c.prompting = true
		c.mu.Unlock()
		select {
		case <-ctx.Done():
			c.write("\n")
			return nil
		case line, ok := <-lines:
			c.mu.Lock()
			c.prompting = false
			c.mu.Unlock()
			if !ok {
				c.write("\n")
				return <-errs
			}
			if quit := c.Line(ctx, line); quit {
				return nil
			}
		}
	}
}

// Line handles one typed line and reports whether the user asked to quit.
func (c *Console) Line(ctx context.Context, line string) (quit bool) {
	line = strings.TrimSpace(line)
	switch strings.ToLower(line) {
	case "":
		return false
	case "quit", "exit", "/quit", "/exit":
		return true
	}
	c.seq++
	c.mu.Lock()
	b := c.bot
	c.mu.Unlock()
	req := &Request{ID: fmt.Sprintf("console-%d-%d", b.now().UnixNano(), c.seq), UserID: ConsoleUserID, UserName: "you", ChannelID: "console", Locale: c.Locale}
	if strings.HasPrefix(line, "/") {
		if err := b.parseCommandLine(line, req); err != nil {
			c.write(err.Error() + "\n")
			return false
		}
	} else {
		btn, ok := c.findButton(line)
		if !ok {
			c.write(trFor(c.Locale).S("console.type", "/"+trFor(c.Locale).reg("name:", "help"), c.buttonHint()) + "\n")
			return false
		}
		req.Kind, req.CustomID = KindComponent, btn.CustomID
	}
	c.mu.Lock()
	c.busy = true
	c.mu.Unlock()
	r := b.Handle(ctx, req)
	c.mu.Lock()
	c.busy = false
	held := c.held
	c.held = nil
	c.mu.Unlock()
	c.Print(r)
	for _, e := range held {
		// /hang stop both answers and edits the session's message: in a
		// terminal that is the same text twice.
		if e.Content != r.Content {
			c.print("↻ ", e)
		}
	}
	return false
}

func (c *Console) buttonHint() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.buttons) == 0 {
		return ""
	}
	var labels []string
	for _, b := range c.buttons {
		if !b.Disabled {
			labels = append(labels, b.Label)
		}
	}
	return trFor(c.Locale).S("console.press", strings.Join(labels, ", "))
}

func (c *Console) findButton(label string) (discordgo.Button, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	want := strings.ToLower(strings.Trim(label, "[] "))
	for _, b := range c.buttons {
		if !b.Disabled && strings.ToLower(strings.TrimSpace(strings.Trim(b.Label, "◀▶ "))) == strings.Trim(want, "◀▶ ") {
			return b, true
		}
	}
	return discordgo.Button{}, false
}

// parseCommandLine fills req from "/group sub name:value name:value"; a
// value runs until the next known option name followed by a colon.
func (b *Bot) parseCommandLine(line string, req *Request) error {
	t := req.T()
	words := strings.Fields(strings.ToLower(strings.TrimPrefix(line, "/")))
	if len(words) == 0 {
		return errors.New(t.S("console.no_command", "/"+t.reg("name:", "help")))
	}
	// Commands may be typed with the names the console's language gives
	// them, as its replies show them: /hang eintragen dauer:2m.
	for _, c := range b.commands {
		if !t.English() && words[0] == t.reg("name:", c.Name) {
			words[0] = c.Name
			for _, s := range c.Subs {
				if len(words) > 1 && words[1] == t.reg("name:", s.Name) {
					words[1] = s.Name
				}
			}
		}
	}
	var cmd *Command
	var name string
	rest := ""
	if len(words) > 1 {
		if c, ok := b.leaves[words[0]+" "+words[1]]; ok {
			cmd, name = c, words[0]+" "+words[1]
			rest = afterWords(line, 2)
		}
	}
	if cmd == nil {
		c, ok := b.leaves[words[0]]
		if !ok {
			if subs := b.subcommands(words[0]); len(subs) > 0 {
				return errors.New(t.S("console.needs_sub", words[0], strings.Join(subs, ", ")))
			}
			return errors.New(t.S("console.unknown", strings.Join(words[:min(2, len(words))], " "), "/"+t.reg("name:", "help")))
		}
		cmd, name = c, words[0]
		rest = afterWords(line, 1)
	}
	req.Kind, req.Command, req.Options = KindCommand, name, Options{}
	if rest == "" {
		return nil
	}
	var names []string
	defs := map[string]*discordgo.ApplicationCommandOption{}
	english := map[string]string{} // option names as typed, to the table's
	for _, o := range cmd.Options {
		names = append(names, regexp.QuoteMeta(o.Name))
		defs[o.Name], english[o.Name] = o, o.Name
		if l := t.reg("opt:", o.Name); l != o.Name {
			names = append(names, regexp.QuoteMeta(l))
			defs[l], english[l] = o, o.Name
		}
	}
	if len(names) == 0 {
		return errors.New(t.S("console.no_options", t.commandPath(name)))
	}
	re := regexp.MustCompile(`(?:^|\s)(` + strings.Join(names, "|") + `):`)
	locs := re.FindAllStringSubmatchIndex(rest, -1)
	if len(locs) == 0 || strings.TrimSpace(rest[:locs[0][0]]) != "" {
		return errors.New(t.S("console.options", t.commandPath(name), strings.Join(names, ", ")))
	}
	for i, l := range locs {
		end := len(rest)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		opt := rest[l[2]:l[3]]
		raw := strings.TrimSpace(rest[l[1]:end])
		v, err := consoleValue(t, opt, defs[opt], raw)
		if err != nil {
			return err
		}
		req.Options[english[opt]] = v
	}
	return nil
}

// subcommands lists "/group sub" for each subcommand of group, sorted.
func (b *Bot) subcommands(group string) []string {
	var out []string
	for name := range b.leaves {
		if g, _, ok := strings.Cut(name, " "); ok && g == group {
			out = append(out, "/"+name)
		}
	}
	slices.Sort(out)
	return out
}

// afterWords returns line after its first n words, split as strings.Fields
// splits them (any Unicode space).
func afterWords(line string, n int) string {
	s := strings.TrimSpace(strings.TrimPrefix(line, "/"))
	for i := 0; i < n; i++ {
		s = strings.TrimLeftFunc(s, unicode.IsSpace)
		j := strings.IndexFunc(s, unicode.IsSpace)
		if j < 0 {
			return ""
		}
		s = s[j:]
	}
	return strings.TrimSpace(s)
}

func consoleValue(t *Tr, opt string, def *discordgo.ApplicationCommandOption, raw string) (any, error) {
	switch def.Type {
	case discordgo.ApplicationCommandOptionInteger:
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return nil, errors.New(t.S("console.not_number", opt, raw))
		}
		return n, nil
	case discordgo.ApplicationCommandOptionBoolean:
		switch strings.ToLower(raw) {
		case "true", "yes", "on", "1":
			return true, nil
		case "false", "no", "off", "0":
			return false, nil
		}
		return nil, errors.New(t.S("console.not_bool", opt, raw))
	}
	return raw, nil
}

var discordTimestamp = regexp.MustCompile(`<t:(-?\d+):([tTdDfFR])>`)

// plain drops the Markdown a terminal would show literally.
var plain = strings.NewReplacer("**", "", "`", "")

// Print renders a reply as text.
func (c *Console) Print(r Reply) { c.print("", r) }

// print renders r as text after prefix, in one write, and remembers its
// buttons for the reader to press.
func (c *Console) print(prefix string, r Reply) {
	loc := c.zone()
	var sb strings.Builder
	sb.WriteString(prefix)
	text := func(s string) {
		if s != "" {
			sb.WriteString(plain.Replace(c.timestamps(s, loc)))
			sb.WriteString("\n")
		}
	}
	text(r.Content)
	for _, e := range r.Embeds {
		if e.Title != "" {
			text("== " + e.Title + " ==")
		}
		text(e.Description)
		for _, f := range e.Fields {
			text(f.Name + ": " + f.Value)
		}
		if e.Footer != nil {
			text("(" + e.Footer.Text + ")")
		}
	}
	for _, f := range r.Files {
		text(c.saveFile(f))
	}
	if len(r.Choices) > 0 {
		var names []string
		for _, ch := range r.Choices {
			names = append(names, ch.Name)
		}
		text("suggestions: " + strings.Join(names, ", "))
	}
	var buttons []discordgo.Button
	var labels []string
	for _, row := range r.Components {
		ar, ok := row.(discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, comp := range ar.Components {
			if b, ok := comp.(discordgo.Button); ok {
				buttons = append(buttons, b)
				if b.Disabled {
					labels = append(labels, "("+b.Label+")")
				} else {
					labels = append(labels, "["+b.Label+"]")
				}
			}
		}
	}
	if len(labels) > 0 {
		text(strings.Join(labels, "  ") + "   " + trFor(c.Locale).S("console.label"))
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(buttons) > 0 || r.Update {
		c.buttons = buttons
	}
	io.WriteString(c.out, sb.String())
	if c.prompting {
		// Arrived on its own while the prompt waited: show it again.
		io.WriteString(c.out, "> ")
	}
}

// zone is where timestamps are shown: Loc, else the console user's zone.
func (c *Console) zone() *time.Location {
	if c.Loc != nil {
		return c.Loc
	}
	c.mu.Lock()
	b := c.bot
	c.mu.Unlock()
	if b == nil {
		return time.UTC
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	p, err := b.store.Profile(ctx, ConsoleUserID)
	if err != nil {
		return time.UTC
	}
	z, err := userZone(ctx, b.store, ConsoleUserID, p, "")
	if err != nil {
		return time.UTC
	}
	return z.loc
}

func (c *Console) saveFile(f *discordgo.File) string {
	t := trFor(c.Locale)
	data, err := io.ReadAll(f.Reader)
	if err != nil {
		return t.S("console.file_unread", f.Name, err.Error())
	}
	dir := c.FileDir
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "hangtime")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return t.S("console.file_unsaved", f.Name, err.Error())
	}
	path := filepath.Join(dir, filepath.Base(f.Name))
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return t.S("console.file_unsaved", f.Name, err.Error())
	}
	return t.S("console.file_saved", path, len(data))
}

func (c *Console) timestamps(s string, loc *time.Location) string {
	now := c.now()
	return discordTimestamp.ReplaceAllStringFunc(s, func(m string) string {
		sub := discordTimestamp.FindStringSubmatch(m)
		sec, _ := strconv.ParseInt(sub[1], 10, 64)
		t := time.Unix(sec, 0).In(loc)
		switch sub[2] {
		case "t":
			return t.Format("15:04")
		case "T":
			return t.Format("15:04:05")
		case "d":
			return t.Format("2006-01-02")
		case "D":
			return t.Format("2 Jan 2006")
		case "R":
			return relative(trFor(c.Locale), t.Sub(now))
		}
		return t.Format("Mon 2 Jan 2006 15:04")
	})
}

func relative(t *Tr, d time.Duration) string {
	future := d > 0
	if d < 0 {
		d = -d
	}
	var s string
	switch {
	case d < 5*time.Second:
		return t.S("rel.now")
	case d < 45*time.Second:
		s = t.S("unit.seconds", int(d.Round(time.Second)/time.Second))
	case d < 90*time.Minute:
		s = t.S("unit.minutes", int(d.Round(time.Minute)/time.Minute))
	case d < 36*time.Hour:
		s = t.S("unit.hours", int(d.Round(time.Hour)/time.Hour))
	default:
		s = t.S("unit.days", int(d.Round(24*time.Hour)/(24*time.Hour)))
	}
	if future {
		return t.S("rel.in", s)
	}
	return t.S("rel.ago", s)
}
