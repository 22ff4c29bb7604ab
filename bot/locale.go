package bot

import (
	"context"
	"time"
)

// rememberedLocale is what rememberLocales last did for a user or server:
// stored the locale, or found no row to store it in (a server without a
// group, a user with no data yet) at a time.
type rememberedLocale struct {
	locale string
	stored bool
	at     time.Time
}

// unstoredLocaleRetry is how long a server's locale with no row to go in
// is not tried again: without it every interaction from a server without
// a group made a write that changed nothing. /group setup stores it at
// once (it forgets what was tried).
const unstoredLocaleRetry = time.Minute

// localeStore remembers the languages of what is sent outside an
// interaction: a user's reminders and time's up notices follow the locale
// of their last interaction, a group's posts its server's.
type localeStore interface {
	SetUserLocale(ctx context.Context, userID, locale string) (bool, error)
	UserLocale(ctx context.Context, userID string) (string, error)
	SetGroupLocale(ctx context.Context, guildID, locale string) (bool, error)
	GroupLocale(ctx context.Context, guildID string) (string, error)
}

// rememberLocales stores the request's user and server locales when they
// changed, after the handler ran (so a user or group it created is there).
// A failure is logged: the reply does not depend on it.
func (b *Bot) rememberLocales(ctx context.Context, req *Request) {
	if b.langs == nil || ctx.Err() != nil {
		return
	}
	remember := func(key, id, locale string, set func(context.Context, string, string) (bool, error)) {
		if id == "" || locale == "" {
			return
		}
		now := b.now()
		if v, ok := b.locales.Load(key + id); ok {
			// A user's row comes with nearly any command, so one without is
			// tried each time; a server's comes only with /group setup.
			if old := v.(rememberedLocale); old.locale == locale && (old.stored || key == "g:" && now.Sub(old.at) < unstoredLocaleRetry) {
				return
			}
		}
		found, err := set(ctx, id, locale)
		if err != nil {
			b.log.Warn("remember locale failed", "key", key+id, "err", err)
			return
		}
		b.locales.Store(key+id, rememberedLocale{locale: locale, stored: found, at: now})
	}
	remember("u:", req.UserID, req.Locale, b.langs.SetUserLocale)
	remember("g:", req.GuildID, req.GuildLocale, b.langs.SetGroupLocale)
}

// userTr is the language to write to a user in outside an interaction:
// that of their last one, else English.
func (b *Bot) userTr(ctx context.Context, userID string) *Tr {
	if b.langs == nil {
		return english
	}
	l, err := b.langs.UserLocale(ctx, userID)
	if err != nil {
		b.log.Warn("load user locale failed", "user_id", userID, "err", err)
	}
	return trFor(l)
}

// groupTr is the language a server's group posts in.
func (b *Bot) groupTr(ctx context.Context, guildID string) *Tr {
	if b.langs == nil {
		return english
	}
	l, err := b.langs.GroupLocale(ctx, guildID)
	if err != nil {
		b.log.Warn("load group locale failed", "guild_id", guildID, "err", err)
	}
	return trFor(l)
}
