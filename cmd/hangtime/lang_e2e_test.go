package main

import (
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/bot"
	"github.com/hangtime/hangtime/internal/discordtest"
)

// A language's main paths, end to end: /help, the safety card and /hang
// log, /stats, a reminder by DM and the group's digest, each in the
// language Discord says (the user's locale; the server's for the digest),
// with no English catalog text in any of them but English's own.
func TestMainPathsInEveryLanguage(t *testing.T) {
	english := bot.EnglishPhrases()
	if len(english) < 50 {
		t.Fatalf("only %d English phrases to look for", len(english))
	}
	for _, c := range []struct {
		locale discordgo.Locale
		// words that the language's replies contain
		help, safety, ack, logged, stats, reminder, digest string
		// what the coach words: the plan's reason, a refused input; and
		// a job's outcome note in /gym show
		plan, refused, note string
	}{
		{discordgo.EnglishUS, "Commands", "Never hang longer than 10 minutes", "I understand", "Logged a **2m** hang", "Your stats", "Time for your hang", "Daily digest — Tue, Nov 24",
			"Repeat this level: 2 more completed hangs", "11m is over the 10-minute cap", "so it went to your group channel"},
		{discordgo.German, "Befehle", "Häng nie länger als 10 Minuten", "Verstanden", "Hang von **2 Min.**", "Deine Statistik", "Zeit für deinen Hang", "Tagesübersicht – Di., 24. Nov.",
			"Wiederhol diese Stufe: noch 2 vollständige Hangs", "11 Min. liegt über der Grenze von 10 Minuten", "daher ging sie in deinen Gruppenkanal"},
		{discordgo.SpanishES, "Comandos", "No te cuelgues nunca más de 10 minutos", "Entendido", "sesión de **2 min**", "Tus estadísticas", "Hora de tu sesión", "Resumen del día — mar, 24 nov",
			"Repite este nivel: 2 sesiones completas más", "11 min supera el límite de 10 minutos", "así que fue al canal de tu grupo"},
		{discordgo.French, "Commandes", "Ne reste jamais suspendu plus de 10 minutes", "J'ai compris", "Séance de **2 min**", "Tes statistiques", "C'est l'heure de ta séance", "Résumé du jour — mar. 24 nov.",
			"Répète ce niveau : encore 2 séances complètes", "11 min dépasse la limite de 10 minutes", "il est donc allé dans le salon de ton groupe"},
		{discordgo.PortugueseBR, "Comandos", "Nunca fique pendurado por mais de 10 minutos", "Entendi", "Sessão de **2 min**", "Suas estatísticas", "Hora da sua sessão", "Resumo do dia — ter., 24 de nov.",
			"Repita este nível: mais 2 sessões completas", "11 min passa do limite de 10 minutos", "então ele foi para o canal do seu grupo"},
	} {
		t.Run(string(c.locale), func(t *testing.T) {
			w := newWorld(t) // Tuesday 24 Nov 2026, 17:30 UTC
			if err := w.srv.SetGuildLocale(guild, c.locale); err != nil {
				t.Fatal(err)
			}
			w.start()
			u := discordtest.User{ID: alice.ID, Username: alice.Username, Locale: c.locale}
			admin := groupAdmin
			admin.Locale = discordgo.EnglishUS // the group follows the server, not its admin
			var seen []string
			check := func(what, got, want string) {
				t.Helper()
				if !strings.Contains(got, want) {
					t.Errorf("%s lacks %q:\n%s", what, want, got)
				}
				seen = append(seen, what+":\n"+got)
				if c.locale == discordgo.EnglishUS {
					return
				}
				for _, p := range english {
					if containsPhrase(got, p) {
						t.Errorf("%s holds English %q:\n%s", what, p, got)
					}
				}
			}

			_, help := w.command(u, "help")
			check("/help", text(help), c.help)

			i, card := w.command(u, "hang", discordtest.Sub("log", discordtest.Str("duration", "2m")))
			ack := button(card, c.ack)
			if ack == "" {
				t.Fatalf("the safety card has no %q button:\n%s", c.ack, text(card))
			}
			check("safety card", text(card), c.safety)
			_, logged := w.click(u, i, ack)
			check("/hang log", text(logged), c.logged)

			_, stats := w.command(u, "stats")
			check("/stats", text(stats), c.stats)

			// A plain reminder at 18:00 UTC, in the language of alice's
			// last interaction.
			w.command(u, "profile", discordtest.Sub("set", discordtest.Str("timezone", "UTC")))
			if _, cb := w.command(u, "remind", discordtest.Sub("add", discordtest.Str("time", "18:00"), discordtest.Str("days", "wed"))); !strings.Contains(text(cb), "<t:") {
				t.Fatalf("/remind add = %q", text(cb))
			}
			setupGroup(w, discordtest.Str("digest", "18:00"), discordtest.Str("timezone", "UTC"))
			if _, cb := w.command(u, "group", discordtest.Sub("join")); !ephemeral(cb) {
				t.Fatalf("/group join = %q", text(cb))
			}
			dg := w.advanceUntilPost(30*time.Minute, "📅")
			check("digest", dg.text(), c.digest)
			w.advance(24 * time.Hour)
			w.advanceUntil(20, func() bool {
				for _, r := range w.srv.Requests() {
					if r.Method == "POST" && strings.HasSuffix(r.Path, "/messages") && strings.Contains(string(r.JSON), "🙃") {
						return true
					}
				}
				return false
			})
			_, msg := w.dmMessage(alice, "🙃")
			var labels []string
			for _, row := range msg.Components {
				if r, ok := row.(*discordgo.ActionsRow); ok {
					for _, b := range r.Components {
						if b, ok := b.(*discordgo.Button); ok {
							labels = append(labels, b.Label)
						}
					}
				}
			}
			check("reminder", msg.Content+"\n"+strings.Join(labels, " | "), c.reminder)

			// What the coach words: /plan's reason after one hang, and a
			// refused duration.
			_, plan := w.command(u, "plan")
			check("/plan", text(plan), c.plan)
			_, refused := w.command(u, "hang", discordtest.Sub("log", discordtest.Str("duration", "11m")))
			check("refused input", text(refused), c.refused)

			// DMs closed: the post-workout reminder goes to the group's
			// channel, and /gym show says so, from the note stored in English.
			w.srv.BlockDMs(alice.ID)
			if _, cb := w.command(u, "gym", discordtest.Sub("done")); !ephemeral(cb) {
				t.Fatalf("/gym done = %q", text(cb))
			}
			var show discordtest.Callback
			if !w.advanceUntil(50, func() bool {
				_, show = w.command(u, "gym", discordtest.Sub("show"))
				return strings.Contains(text(show), c.note)
			}) {
				t.Errorf("/gym show never told of the closed DMs:\n%s", text(show))
			}
			check("/gym show", text(show), c.note)
			if testing.Verbose() {
				t.Logf("%s\n\n%s", string(c.locale), strings.Join(seen, "\n\n"))
			}
		})
	}
}

// containsPhrase reports whether s holds phrase as whole words: "/hang
// start" is not in "/hang starten".
func containsPhrase(s, phrase string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], phrase)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(phrase)
		before, _ := utf8.DecodeLastRuneInString(s[:start])
		after, _ := utf8.DecodeRuneInString(s[end:])
		if !unicode.IsLetter(before) && !unicode.IsLetter(after) {
			return true
		}
		i = start + 1
	}
}
