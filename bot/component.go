package bot

import (
	"context"
	"strings"
)

// Component is a kind of message component (a button) the bot answers,
// declared beside the command whose replies carry it. Its custom ids are
// prefix:owner[:arg...]; the dispatcher routes a click by the prefix and
// refuses it unless the clicking user is the owner, so Run acts only for
// the owner and needs not check again.
type Component struct {
	// Prefix routes clicks; it is the first segment of every id and must be
	// unique among all components. Changing it strands the buttons on
	// messages already posted.
	Prefix string
	Run    Handler
}

// ID returns the custom id of one of c's buttons: only owner may press it,
// and args come back to Run through args(req).
func (c Component) ID(owner string, args ...string) string {
	return strings.Join(append([]string{c.Prefix, owner}, args...), ":")
}

// sharedComponents are the components that belong to no single command.
func (b *Bot) sharedComponents() []Component {
	return []Component{b.safetyComponent(), b.setupComponent()}
}

// errStaleButton answers a click no handler can act on: a button from an
// older version, or an id a client made up.
var errStaleButton error = &UserError{Msg: msgStaleButton, Key: "err.stale_button"}

// addComponents registers the components of the commands and the shared
// ones; like a command, a prefix defined twice panics.
func (b *Bot) addComponents(cmds []Command, shared []Component) {
	b.buttons = map[string]Handler{}
	add := func(c Component) {
		if c.Prefix == "" || strings.Contains(c.Prefix, ":") {
			panic("bot: component prefix must be non-empty and without ':': " + c.Prefix)
		}
		if _, dup := b.buttons[c.Prefix]; dup {
			panic("bot: component defined twice: " + c.Prefix)
		}
		if c.Run == nil {
			panic("bot: component without handler: " + c.Prefix)
		}
		b.buttons[c.Prefix] = c.Run
	}
	for _, c := range cmds {
		for _, comp := range c.Components {
			add(comp)
		}
		for _, s := range c.Subs {
			for _, comp := range s.Components {
				add(comp)
			}
		}
	}
	for _, comp := range shared {
		add(comp)
	}
}

func (b *Bot) runComponent(ctx context.Context, req *Request) (Reply, error) {
	parts := strings.Split(req.CustomID, ":")
	if len(parts) < 2 {
		return Reply{}, errStaleButton
	}
	h, ok := b.buttons[parts[0]]
	if !ok {
		return Reply{}, errStaleButton
	}
	if parts[1] != req.UserID {
		return Reply{}, userKey("err.not_your_button")
	}
	return h(ctx, req)
}

// args returns the custom id's arguments after prefix and owner.
func args(req *Request) []string {
	parts := strings.Split(req.CustomID, ":")
	if len(parts) <= 2 {
		return nil
	}
	return parts[2:]
}
