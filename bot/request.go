package bot

import (
	"fmt"
	"math"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/coach"
)

// Kind says what a request is.
type Kind int

// The kinds of request.
const (
	KindCommand Kind = iota
	KindComponent
	KindAutocomplete
)

// Request is one interaction, independent of the transport that carried it.
type Request struct {
	ID        string // interaction id; unique per delivery source
	Kind      Kind
	UserID    string
	UserName  string
	GuildID   string // empty in a DM
	ChannelID string
	// Permissions are the member's permissions in the channel (0 in a DM).
	Permissions int64
	// Command is the full command name, such as "hang log".
	Command string
	Options Options
	// Focused is the option being typed, for autocomplete.
	Focused string
	// CustomID is the clicked component's id, for components.
	CustomID string
	// MessageID is the message the component sits on.
	MessageID string
	// Attachments are the files attached to the command's options, by
	// attachment id (an attachment option's value).
	Attachments map[string]*discordgo.MessageAttachment
	// AppID and Token identify the interaction's webhook, through which the
	// bot can edit its reply later (for 15 minutes).
	AppID, Token string
	// Locale is the user's Discord locale ("de", "pt-BR"), which picks the
	// language of the reply; GuildLocale is the server's, for group posts.
	Locale, GuildLocale string

	profile *coach.Profile // the user's profile, once loaded for this request
	// inGroups says whether the user is in any group, known with profile.
	inGroups bool
	// loaded is what the command's Load read beside the profile.
	loaded any
	// claimPending says the dispatcher left the duplicate-delivery claim
	// of ID to the command (Command.ClaimsItself), to be made with the
	// command's own write; cleared once made.
	claimPending bool
	// guarded is set when the beginner guard already asked and the user
	// chose, so it does not ask again.
	guarded bool
	tr      *Tr // the reply's language, once looked up
}

// T is the request's translator: the user's language, English by default.
func (r *Request) T() *Tr {
	if r.tr == nil {
		r.tr = trFor(r.Locale)
	}
	return r.tr
}

// Options are a command's option values by name: string, int64 or bool.
type Options map[string]any

// String returns a string option, or "" when absent.
func (o Options) String(name string) string {
	s, _ := o[name].(string)
	return s
}

// Int returns an integer option and whether it was given.
func (o Options) Int(name string) (int64, bool) {
	v, ok := o[name].(int64)
	return v, ok
}

// Bool returns a boolean option and whether it was given.
func (o Options) Bool(name string) (value, given bool) {
	v, ok := o[name].(bool)
	return v, ok
}

// normalize converts decoded values (float64 from JSON) into the Go types
// the option's declared type calls for, refusing what does not fit.
func normalize(def *discordgo.ApplicationCommandOption, v any) (any, error) {
	switch def.Type {
	case discordgo.ApplicationCommandOptionInteger:
		switch n := v.(type) {
		case int64:
			return n, nil
		case float64:
			if n != math.Trunc(n) || math.Abs(n) > 1<<53 {
				return nil, fmt.Errorf("%s: %v is not a whole number", def.Name, n)
			}
			return int64(n), nil
		}
	case discordgo.ApplicationCommandOptionBoolean:
		if b, ok := v.(bool); ok {
			return b, nil
		}
	default:
		if s, ok := v.(string); ok {
			return s, nil
		}
	}
	return nil, fmt.Errorf("%s: unexpected value %v", def.Name, v)
}

// Reply is what a handler answers; the transports render it.
type Reply struct {
	Content    string
	Embeds     []*discordgo.MessageEmbed
	Components []discordgo.MessageComponent
	Files      []*discordgo.File
	Ephemeral  bool
	// Update edits the message the clicked component sits on instead of
	// posting a new one.
	Update bool
	// Mentions lists the users this reply may ping; nobody else is pinged.
	Mentions []string
	// Choices answer an autocomplete request.
	Choices []*discordgo.ApplicationCommandOptionChoice
}

// allowedMentions is set on every message: only the listed users, never
// roles, @everyone or replied-to authors.
func (r Reply) allowedMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}, Users: r.Mentions}
}

// UserError is a refusal whose message is meant for the user as it is,
// or, with Key set, a catalog message shown in the user's language (Msg
// is then its English).
type UserError struct {
	Msg  string
	Key  string
	Args []any
}

func (e *UserError) Error() string {
	if e.Key != "" {
		return english.S(e.Key, english.args(e.Args)...)
	}
	return e.Msg
}

// text is the refusal in t's language.
func (e *UserError) text(t *Tr) string {
	if e.Key != "" {
		return t.S(e.Key, t.args(e.Args)...)
	}
	return e.Msg
}

// userKey refuses with a catalog message; Msg holds its English.
func userKey(key string, args ...any) error {
	return &UserError{Msg: english.S(key, english.args(args)...), Key: key, Args: args}
}

// inputErr refuses a value the user typed, as coach does, with catalog
// messages: the problem (problemKey with pargs) and what is accepted
// (acceptedKey with aargs).
func inputErr(field, problemKey string, pargs []any, acceptedKey string, aargs ...any) error {
	p, a := coach.Text{Code: problemKey, Args: pargs}, coach.Text{Code: acceptedKey, Args: aargs}
	return &coach.InputError{Field: field, Problem: english.Text(p), Accepted: english.Text(a), ProblemText: p, AcceptedText: a}
}

func userErr(format string, args ...any) error {
	return &UserError{Msg: fmt.Sprintf(format, args...)}
}
