package bot

// catalogDE is German.
var catalogDE = map[string]msg{
	"date.long": "%[1]s. %[2]s %[3]s",
	"date.day":  "%[1]s, %[2]s. %[3]s",
	"month.1":   "Jan.", "month.2": "Feb.", "month.3": "März", "month.4": "Apr.", "month.5": "Mai", "month.6": "Juni",
	"month.7": "Juli", "month.8": "Aug.", "month.9": "Sept.", "month.10": "Okt.", "month.11": "Nov.", "month.12": "Dez.",
	"weekday.0": "So.", "weekday.1": "Mo.", "weekday.2": "Di.", "weekday.3": "Mi.", "weekday.4": "Do.", "weekday.5": "Fr.", "weekday.6": "Sa.",
	"dur.h":           "%d Std.",
	"dur.m":           "%d Min.",
	"dur.s":           "%d Sek.",
	"device.table":    "Inversionsbank",
	"device.chair":    "Inversionsstuhl",
	"device.boots":    "Gravity Boots",
	"device.bentknee": "Kniehang-Gerät",
	"on.table":        "auf der Inversionsbank",
	"on.chair":        "auf dem Inversionsstuhl",
	"on.boots":        "mit den Gravity Boots",
	"on.bentknee":     "am Kniehang-Gerät",
	"ordinal":         "%s.",
	"unit.days":       plurals{One: "%d Tag", Other: "%d Tage"},
	"unit.weeks":      plurals{One: "%d Woche", Other: "%d Wochen"},
	"unit.members":    plurals{One: "%d Mitglied", Other: "%d Mitgliedern"},
	"unit.hangs":      plurals{One: "%d Hang", Other: "%d Hangs"},

	"err.internal":           "Entschuldigung – bei mir ist etwas schiefgelaufen, und es wurde nichts gespeichert. Bitte versuch es gleich noch einmal.",
	"err.shutting_down":      "Hangtime startet neu; es wurde nichts gespeichert. Bitte versuch es gleich noch einmal.",
	"err.not_your_button":    "Diese Schaltflächen gehören jemand anderem. Führe den Befehl selbst aus, um deine eigenen zu bekommen.",
	"err.stale_button":       "Diese Schaltfläche gilt nicht mehr.",
	"msg.answered_privately": "🔒 Privat beantwortet.",
	"err.unknown_command":    "Den Befehl `/%s` kenne ich (noch) nicht. Probier `/hilfe`.",
	"err.input":              "⚠️ **%s** %s.",
	"err.nothing_saved":      "Es wurde nichts gespeichert.",

	"help.title": "Hangtime – deine Inversionsgewohnheit, beständig gepflegt",
	"help.intro": "Hangtime begleitet dich bei der Inversion (Bank, Stuhl, Gravity Boots oder Kniehang-Gerät) " +
		"und hält die Gewohnheit am Laufen: Hangs eintragen, deinen Verlauf ansehen und eine Serie aufbauen, die deinem Plan folgt. " +
		"Viele Kraftsportler hängen direkt nach Kniebeugen oder Kreuzheben ein, zwei Minuten, ab und zu mit einer sanften Drehung. " +
		"Inversion ist ein Werkzeug neben Rumpfkraft, Haltung und Mobilitätsarbeit, kein Ersatz dafür.\n\n" +
		"**Los geht's:** `/profil festlegen zeitzone:` deine Zone, dann `/hang eintragen dauer:2m`.",
	"help.commands":      "Befehle",
	"help.safety.title":  "Sicherheit",
	"help.safety":        "Inversion ist nicht für jeden geeignet (Bluthochdruck, Herz- oder Augenerkrankungen, Schwangerschaft, kürzliche Operation …). Frag zuerst eine medizinische Fachperson. Hangtime ist ein Gewohnheitscoach, kein Medizinprodukt.",
	"help.streaks.title": "Serien und Beständigkeit",
	"help.streaks": "Deine **Serie** folgt deinem Plan, in deiner Zeitzone. Mit Trainingstagen (`/gym zeitplan`) zählt sie die geplanten Tage, die du in Folge eingehalten hast: " +
		"ein Tag außerhalb des Plans unterbricht sie nie, und ein Hang an einem solchen Tag zählt trotzdem. Mit einem Wochenziel (`/profil festlegen woche:` 1–7) zählt sie die Wochen in Folge, die es erreicht haben. " +
		"Ohne beides zählt sie Kalendertage mit mindestens einem Hang. Heute (diese Woche) hält sie am Leben, bis der Tag (die Woche) vorbei ist. " +
		"`/serie ruhetag tag:` markiert einen Ruhetag, heute (Standard) oder einen der letzten 7 Tage (%d pro Woche, Montag bis Sonntag), und `/serie pause tage:` pausiert sie für bis zu %d Tage, wenn du verletzt oder krank bist: " +
		"beides erhält die Serie, ohne sie zu verlängern, denn ein schmerzender Rücken muss nie für eine Zahl angetrieben werden.",
	"help.consistency.title": "Beständigkeitswert",
	"help.consistency": "Beständigkeit ist ein Gewohnheitswert von 0 %% bis 100 %%: der Anteil deiner geplanten Tage, die du eingehalten hast, wobei die letzten Wochen am meisten zählen und ältere Tage allmählich verblassen. " +
		"Dein Plan sind deine Trainingstage (`/gym zeitplan`), sonst dein Wochenziel (`/profil festlegen woche:`), sonst jeder Tag. " +
		"Wer jeden geplanten Tag einhält, bleibt bei 100 %%; ein verpasster geplanter Tag senkt den Wert nur um ein paar Punkte statt auf null, und ein Hang an einem zusätzlichen Tag zählt trotzdem. " +
		"Ruhetage und pausierte Tage lassen ihn genau, wo er war, und heute zählt erst, wenn du gehangen hast oder der Tag vorbei ist.",

	"safety.title": "Vor deinem ersten Hang",
	"safety.card": `Inversion ist nicht für jeden sicher. Sprich zuerst mit einer medizinischen Fachperson, wenn du Folgendes hast:
• Bluthochdruck oder eine Herzerkrankung
• Glaukom, eine Netzhautablösung oder eine andere Augenerkrankung
• eine Schwangerschaft
• eine kürzliche Operation, einen Bandscheibenvorfall oder einen Knochenbruch
• Adipositas (bevorzuge flache Winkel)

Fang kurz an: 1–2 Minuten, und auf einer Bank oder einem Stuhl auch flach (20°–30°). Gravity Boots und Kniehang-Geräte sind nur für die volle Inversion, und Boots sind nichts für Anfänger. Häng nie länger als 10 Minuten. Komm langsam hoch: auf einer Bank oder einem Stuhl kurz nahe der Waagerechten innehalten, bevor du dich aufrichtest; aus Boots nach der Stange greifen, dich hochrollen und einen Boot nach dem anderen aushaken; von einem Kniehang-Gerät einen Moment sitzen, bevor du aufstehst. Hör sofort auf, wenn dir schwindlig wird oder du Kopfschmerzen oder Schmerzen spürst.

Hangtime ist ein Gewohnheitscoach, kein Medizinprodukt, und gibt keinen medizinischen Rat.`,
	"safety.quick_setup":    "**Schnelleinrichtung (optional):** Wähl unten dein Gerät und dein Niveau, damit der Plan zu dir passt; überspringst du das, gelten die Standardwerte. `/profil festlegen` ändert sie jederzeit.",
	"safety.device":         "Gerät",
	"safety.level":          "Niveau",
	"safety.timezone":       "Zeitzone",
	"safety.device_default": "Inversionsbank (Standard)",
	"safety.level_default":  "Anfänger (Standard)",
	"safety.tz_unset":       "nicht festgelegt: Tage zählen in UTC – `/profil festlegen zeitzone:` (mit Vorschlägen) legt deine fest",
	"safety.footer":         "Drück die Schaltfläche zur Bestätigung; dein /%s wird dann ausgeführt.",
	"safety.ack":            "Verstanden",
	"safety.thanks":         "Danke – notiert. Alles bereit; geh es sanft an.",
	"level.beginner":        "Anfänger",
	"level.intermediate":    "Fortgeschritten",
	"level.advanced":        "Erfahren",

	"hang.logged":            "✅ Hang von **%[1]s** %[2]s eingetragen, beendet %[3]s.",
	"hang.logged_angle":      "✅ Hang von **%[1]s** %[2]s bei %[3]d° eingetragen, beendet %[4]s.",
	"caution.cap.partial":    "Das liegt über dem Maximum des Plans (%d Minuten auf einer Bank oder einem Stuhl): länger bringt wenig und erhöht den Druck in Kopf und Augen. Nach dem Training sind 1–2 Minuten die übliche Dosis.",
	"caution.cap.full":       "Das liegt über dem Maximum des Plans (%d Minuten mit Boots oder einem Kniehang-Gerät): länger bringt wenig und erhöht den Druck in Kopf und Augen. Nach dem Training sind 1–2 Minuten die übliche Dosis.",
	"caution.guard":          "Das geht weit über deinen Plan für die ersten Wochen hinaus (%s). Steigere dich in kleinen Schritten – erst den Winkel, dann die Zeit – und hör sofort auf, wenn dir schwindlig wird oder du Kopfschmerzen oder Schmerzen spürst.",
	"plan.text":              "%[1]s bei %[2]d° %[3]s",
	"session.routine":        "Routine %s",
	"session.stopped_early":  "vorzeitig beendet",
	"undo.none":              "Du hast keine eingetragenen Hangs, die sich rückgängig machen ließen.",
	"undo.confirm":           "Diesen Hang entfernen?",
	"undo.remove":            "Entfernen",
	"undo.keep":              "Behalten",
	"undo.gone":              "Dieser Hang ist bereits weg.",
	"undo.removed":           "🗑️ Entfernt: %s",
	"undo.kept":              "Behalten; nichts geändert.",
	"milestone.streak_days":  plurals{One: "🏅 **Meilenstein: eine Serie von %d Tag.** Beständigkeit schlägt Intensität – gut durchgehalten.", Other: "🏅 **Meilenstein: eine Serie von %d Tagen.** Beständigkeit schlägt Intensität – gut durchgehalten."},
	"milestone.streak_weeks": plurals{One: "🏅 **Meilenstein: eine Serie von %d Woche.** Beständigkeit schlägt Intensität – gut durchgehalten.", Other: "🏅 **Meilenstein: eine Serie von %d Wochen.** Beständigkeit schlägt Intensität – gut durchgehalten."},
	"milestone.hang":         "🏅 **Meilenstein: dein %s Hang.** Eine Gewohnheit entsteht Hang für Hang.",

	"stats.empty": "Noch keine Hangs, also auch noch keine Statistik. Trag deinen ersten mit `/hang eintragen dauer:2m` ein " +
		"(oder schau bei `/plan`, wo du anfangen kannst), dann erscheinen hier deine Summen, deine Serie und dein Diagramm.",
	"stats.last7":          "Letzte 7 Tage",
	"stats.last30":         "Letzte 30 Tage",
	"stats.chart7":         "Minuten pro Tag, letzte 7 Tage",
	"stats.chart30":        "Minuten pro Tag, letzte 30 Tage",
	"stats.all_since":      "Gesamt, seit %s",
	"stats.chart_since":    "Minuten pro Tag seit %s",
	"stats.chart_last":     "Minuten pro Tag, letzte %d Tage",
	"stats.title":          "Deine Statistik · %s",
	"stats.time":           "Zeit in Inversion",
	"stats.hangs":          "Hangs",
	"stats.average":        "Durchschnitt",
	"stats.longest":        "Längster",
	"stats.current":        "Aktuelle Serie",
	"stats.best":           "Beste Serie",
	"stats.consistency":    "Beständigkeit",
	"stats.percent":        "%d %%",
	"stats.footer":         "Deine Serie folgt %[1]s. %[2]s Wie Beständigkeit funktioniert: /hilfe.",
	"stats.none_in_period": "Keine Hangs in diesem Zeitraum; dein letzter war %s. `/plan` schlägt einen sanften Wiedereinstieg vor.",
	"stats.chart_note":     "Das Diagramm zeigt die letzten %d Tage; die Zahlen umfassen die gesamte Zeit.",
	"chart.minutes":        "Minuten",
	"rule.gym":             "deinen Trainingstagen (%s): Tage außerhalb des Plans unterbrechen sie nie, und ein Hang an einem solchen Tag zählt trotzdem",
	"rule.weekly":          "deinem Wochenziel (%s pro Woche)",
	"rule.calendar":        "Kalendertagen: `/gym zeitplan` oder `/profil festlegen woche:` lässt sie deinem Plan folgen",
	"zone.group":           "Tage werden in %s gezählt, der Zeitzone deiner Servergruppe: /profil festlegen zeitzone: zählt sie in deiner.",
	"zone.utc":             "Tage werden in UTC gezählt, weil du keine Zeitzone festgelegt hast: /profil festlegen zeitzone: zählt sie in deiner.",
	"zone.own":             "Tage werden in %s gezählt.",

	"rem.postlift": "🙃 **Zeit zum Entlasten.** Dein Training ist vorbei: Jetzt kommt deine Routine danach, 1–2 Minuten kopfüber mit ein, zwei sanften Drehungen.\nPlan für heute: **%[1]s** bei %[2]d° %[3]s.",
	"rem.plain":    "🙃 **Zeit für deinen Hang.** Plan für heute: **%[1]s** bei %[2]d° %[3]s.",
	"rem.late":     "_(Das war %s fällig; Hangtime war offline.)_",
	"rem.start":    "Hang starten",
	"rem.snooze10": "10 Min. später",
	"rem.skip":     "Auslassen",
	"rem.snooze30": "30 Min. später",
	"rem.snooze1h": "1 Std. später",
	"rem.tomorrow": "Morgen",
	"rem.snoozed":  "😴 Verschoben. Ich erinnere dich %[1]s wieder (%[2]s).",
	"rem.skipped":  "Diesmal ausgelassen. Bis nach deinem nächsten Training.",
	"live.timesup": "⏰ Die Zeit ist um – %[1]s\n%[3]s eingetragen: **%[2]s**",
	"live.offline": " (beendet %s, während Hangtime offline war)",

	"digest.nobody":        "Heute hat in der Gruppe noch niemand gehangen (%s). Eine Minute zählt – geh es sanft an.",
	"digest.hung":          "**%[1]d von %[2]s** haben heute gehangen – **%[3]s** insgesamt.",
	"digest.today":         "Heute",
	"digest.alive":         "**Serien, die noch leben** – heute zählt für sie noch",
	"digest.title":         "📅 Tagesübersicht – %s",
	"digest.footer":        "Tage werden in %s gezählt · /gruppe beitreten zum Mitmachen · /rangliste für die Woche",
	"nudge.head":           "🌱 Sanfter Stups: ",
	"nudge.tail":           " – heute ist noch Zeit für einen kurzen, leichten Hang. Lass ihn aus, wenn dein Rücken Nein sagt.",
	"nudge.more":           " (und %d weitere mit Stupsern)",
	"list.more":            "… und %d weitere.",
	"board.nobody":         "Niemand in der Gruppe (%[1]s) hat %[2]s gehangen.",
	"board.hung":           "**%[1]d von %[2]s** haben %[3]s gehangen – **%[4]s** insgesamt.",
	"board.this_week":      "diese Woche",
	"recap.title":          "🏆 Wochenrückblick – %[1]s bis %[2]s",
	"recap.footer":         "Tage werden in %s gezählt · /rangliste zeitraum:monat für die letzten 30 Tage",
	"shoutout.days":        plurals{One: "🎉 Ein Hoch auf %[2]s für eine Serie von **%[1]d Tag**! Beständigkeit schlägt Intensität – gut gehangen.", Other: "🎉 Ein Hoch auf %[2]s für eine Serie von **%[1]d Tagen**! Beständigkeit schlägt Intensität – gut gehangen."},
	"shoutout.weeks":       plurals{One: "🎉 Ein Hoch auf %[2]s für eine Serie von **%[1]d Woche**! Beständigkeit schlägt Intensität – gut gehangen.", Other: "🎉 Ein Hoch auf %[2]s für eine Serie von **%[1]d Wochen**! Beständigkeit schlägt Intensität – gut gehangen."},
	"comeup.table":         "Komm langsam hoch und halte nahe der Waagerechten ein paar Atemzüge inne, bevor du dich aufrichtest.",
	"comeup.chair":         "Komm langsam hoch und halte nahe der Waagerechten ein paar Atemzüge inne, bevor du dich aufrichtest.",
	"comeup.boots":         "Greif nach der Stange, roll dich langsam hoch, hak einen Boot nach dem anderen aus, dann steh auf und ruh dich kurz aus.",
	"comeup.bentknee":      "Komm langsam hoch und bleib einen Moment sitzen, bevor du aufstehst.",
	"live.angle":           " bei %d°",
	"milestone.first_week": "🏅 **Meilenstein: deine erste Woche.** Eine Woche dabei und immer noch am Hängen – so entstehen Gewohnheiten.",
}
