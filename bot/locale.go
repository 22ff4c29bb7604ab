package bot

import "context"

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
		if old, ok := b.locales.Load(key + id); ok && old == locale {
			return
		}
		found, err := set(ctx, id, locale)
		if err != nil {
			b.log.Warn("remember locale failed", "key", key+id, "err", err)
			return
		}
		if found {
			b.locales.Store(key+id, locale)
		}
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
