package bot

// catalogFR is French.
var catalogFR = map[string]msg{
	"date.long": "%[1]s %[2]s %[3]s",
	"date.day":  "%[1]s %[2]s %[3]s",
	"month.1":   "janv.", "month.2": "févr.", "month.3": "mars", "month.4": "avr.", "month.5": "mai", "month.6": "juin",
	"month.7": "juil.", "month.8": "août", "month.9": "sept.", "month.10": "oct.", "month.11": "nov.", "month.12": "déc.",
	"weekday.0": "dim.", "weekday.1": "lun.", "weekday.2": "mar.", "weekday.3": "mer.", "weekday.4": "jeu.", "weekday.5": "ven.", "weekday.6": "sam.",
	"dur.h":           "%d h",
	"dur.m":           "%d min",
	"dur.s":           "%d s",
	"device.table":    "table d'inversion",
	"device.chair":    "chaise d'inversion",
	"device.boots":    "bottes de gravité",
	"device.bentknee": "appareil à genoux fléchis",
	"on.table":        "sur la table d'inversion",
	"on.chair":        "sur la chaise d'inversion",
	"on.boots":        "avec les bottes de gravité",
	"on.bentknee":     "sur l'appareil à genoux fléchis",
	"ordinal":         "%se",
	"unit.days":       plurals{One: "%d jour", Other: "%d jours"},
	"unit.weeks":      plurals{One: "%d semaine", Other: "%d semaines"},
	"unit.members":    plurals{One: "%d membre", Other: "%d membres"},
	"unit.hangs":      plurals{One: "%d séance", Other: "%d séances"},

	"err.internal":           "Désolé, un problème est survenu de mon côté et rien n'a été enregistré. Réessaie dans un instant.",
	"err.shutting_down":      "Hangtime redémarre ; rien n'a été enregistré. Réessaie dans un instant.",
	"err.not_your_button":    "Ces boutons appartiennent à quelqu'un d'autre. Lance la commande toi-même pour avoir les tiens.",
	"err.stale_button":       "Ce bouton n'est plus valable.",
	"msg.answered_privately": "🔒 Réponse envoyée en privé.",
	"err.unknown_command":    "Je ne connais pas (encore) la commande `/%s`. Essaie `/aide`.",
	"err.input":              "⚠️ **%s** %s.",
	"err.nothing_saved":      "Rien n'a été enregistré.",

	"help.title": "Hangtime : ton habitude d'inversion, tenue avec régularité",
	"help.intro": "Hangtime t'accompagne dans l'inversion (table, chaise, bottes de gravité ou appareil à genoux fléchis) " +
		"et entretient l'habitude : note tes séances, consulte ton historique et construis une série qui suit ton plan. " +
		"Beaucoup de pratiquants de musculation se suspendent une minute ou deux juste après les squats ou le soulevé de terre, avec une douce rotation de temps en temps. " +
		"L'inversion est un outil parmi d'autres, à côté du gainage, de la posture et de la mobilité, pas un remplacement.\n\n" +
		"**Pour commencer :** `/profil définir fuseau:` ton fuseau, puis `/suspension noter durée:2m`.",
	"help.commands":      "Commandes",
	"help.safety.title":  "Sécurité",
	"help.safety":        "L'inversion ne convient pas à tout le monde (hypertension, problèmes cardiaques ou oculaires, grossesse, opération récente…). Demande d'abord l'avis d'un professionnel de santé. Hangtime est un coach d'habitudes, pas un dispositif médical.",
	"help.streaks.title": "Séries et régularité",
	"help.streaks": "Ta **série** suit ton plan, dans ton fuseau horaire. Avec des jours de salle (`/salle planning`), elle compte les jours prévus que tu as tenus d'affilée : " +
		"un jour hors plan ne la casse jamais, et une séance ce jour-là compte quand même. Avec un objectif hebdomadaire (`/profil définir hebdo:` 1–7), elle compte les semaines d'affilée qui l'ont atteint. " +
		"Sans l'un ni l'autre, elle compte les jours calendaires avec au moins une séance. Aujourd'hui (cette semaine) la garde en vie jusqu'à la fin. " +
		"`/série repos jour:` marque un jour de repos, aujourd'hui (par défaut) ou l'un des 7 derniers jours (%d par semaine, du lundi au dimanche), et `/série pause jours:` la met en pause jusqu'à %d jours si tu es blessé ou malade : " +
		"les deux conservent la série sans l'allonger, car un dos douloureux ne doit jamais être forcé pour un chiffre.",
	"help.consistency.title": "Score de régularité",
	"help.consistency": "La régularité est un score d'habitude de 0 %% à 100 %% : la part de tes jours prévus que tu as tenus, les dernières semaines comptant le plus et les jours anciens s'estompant peu à peu. " +
		"Ton plan, ce sont tes jours de salle (`/salle planning`), sinon ton objectif hebdomadaire (`/profil définir hebdo:`), sinon chaque jour. " +
		"Tenir chaque jour prévu la maintient à 100 %% ; un jour prévu manqué ne la fait baisser que de quelques points au lieu de la remettre à zéro, et une séance un jour en plus compte quand même. " +
		"Les jours de repos et les jours en pause la laissent exactement où elle était, et aujourd'hui ne compte qu'une fois que tu t'es suspendu ou que la journée est finie.",

	"safety.title": "Avant ta première séance",
	"safety.card": `L'inversion n'est pas sans risque pour tout le monde. Parle d'abord à un professionnel de santé si tu as :
• de l'hypertension ou une maladie cardiaque
• un glaucome, un décollement de la rétine ou un autre problème oculaire
• une grossesse
• une opération récente, une hernie discale ou une fracture
• une obésité (privilégie des angles faibles)

Commence court : 1–2 minutes et, sur une table ou une chaise, peu incliné aussi (20°–30°). Les bottes de gravité et les appareils à genoux fléchis ne permettent que l'inversion complète, et les bottes ne sont pas pour les débutants. Ne reste jamais suspendu plus de 10 minutes. Remonte lentement : sur une table ou une chaise, marque une pause près de l'horizontale avant de te redresser ; avec des bottes, attrape la barre, enroule-toi et décroche une botte après l'autre ; sur un appareil à genoux fléchis, reste assis un moment avant de te lever. Arrête tout de suite si tu ressens un vertige, un mal de tête ou une douleur.

Hangtime est un coach d'habitudes, pas un dispositif médical, et ne donne aucun conseil médical.`,
	"safety.quick_setup":    "**Réglage rapide (facultatif) :** choisis ci-dessous ton appareil et ton niveau pour que le plan te corresponde ; sinon, les valeurs par défaut s'appliquent. `/profil définir` les modifie à tout moment.",
	"safety.device":         "Appareil",
	"safety.level":          "Niveau",
	"safety.timezone":       "Fuseau horaire",
	"safety.device_default": "table d'inversion (par défaut)",
	"safety.level_default":  "débutant (par défaut)",
	"safety.tz_unset":       "non défini : les jours comptent en UTC — `/profil définir fuseau:` (avec suggestions) définit le tien",
	"safety.footer":         "Appuie sur le bouton pour confirmer ; ta commande /%s sera alors exécutée.",
	"safety.ack":            "J'ai compris",
	"safety.thanks":         "Merci, c'est noté. Tout est prêt ; vas-y en douceur.",
	"level.beginner":        "débutant",
	"level.intermediate":    "intermédiaire",
	"level.advanced":        "avancé",

	"hang.logged":            "✅ Séance de **%[1]s** notée %[2]s, terminée %[3]s.",
	"hang.logged_angle":      "✅ Séance de **%[1]s** notée %[2]s à %[3]d°, terminée %[4]s.",
	"caution.cap.partial":    "C'est au-delà du maximum du plan (%d minutes sur une table ou une chaise) : plus longtemps n'apporte pas grand-chose et augmente la pression dans la tête et les yeux. Après la musculation, 1–2 minutes, c'est la dose habituelle.",
	"caution.cap.full":       "C'est au-delà du maximum du plan (%d minutes avec des bottes ou un appareil à genoux fléchis) : plus longtemps n'apporte pas grand-chose et augmente la pression dans la tête et les yeux. Après la musculation, 1–2 minutes, c'est la dose habituelle.",
	"caution.guard":          "C'est bien au-delà de ton plan pour tes premières semaines (%s). Progresse par petites étapes (d'abord l'angle, puis la durée) et arrête tout de suite si tu ressens un vertige, un mal de tête ou une douleur.",
	"plan.text":              "%[1]s à %[2]d° %[3]s",
	"session.routine":        "routine %s",
	"session.stopped_early":  "arrêtée plus tôt",
	"undo.none":              "Tu n'as aucune séance notée à annuler.",
	"undo.confirm":           "Supprimer cette séance ?",
	"undo.remove":            "La supprimer",
	"undo.keep":              "La garder",
	"undo.gone":              "Cette séance n'existe déjà plus.",
	"undo.removed":           "🗑️ Supprimée : %s",
	"undo.kept":              "Gardée ; rien n'a changé.",
	"milestone.streak_days":  plurals{One: "🏅 **Étape : une série de %d jour.** La régularité l'emporte sur l'intensité, bien tenu.", Other: "🏅 **Étape : une série de %d jours.** La régularité l'emporte sur l'intensité, bien tenu."},
	"milestone.streak_weeks": plurals{One: "🏅 **Étape : une série de %d semaine.** La régularité l'emporte sur l'intensité, bien tenu.", Other: "🏅 **Étape : une série de %d semaines.** La régularité l'emporte sur l'intensité, bien tenu."},
	"milestone.hang":         "🏅 **Étape : ta %s séance.** Une habitude se construit une séance à la fois.",

	"stats.empty": "Pas encore de séance, donc pas encore de statistiques. Note la première avec `/suspension noter durée:2m` " +
		"(ou regarde `/plan` pour savoir par où commencer) et tes totaux, ta série et ton graphique apparaîtront ici.",
	"stats.last7":          "7 derniers jours",
	"stats.last30":         "30 derniers jours",
	"stats.chart7":         "Minutes par jour, 7 derniers jours",
	"stats.chart30":        "Minutes par jour, 30 derniers jours",
	"stats.all_since":      "Depuis le début, le %s",
	"stats.chart_since":    "Minutes par jour depuis le %s",
	"stats.chart_last":     "Minutes par jour, %d derniers jours",
	"stats.title":          "Tes statistiques · %s",
	"stats.time":           "Temps en inversion",
	"stats.hangs":          "Séances",
	"stats.average":        "Moyenne",
	"stats.longest":        "La plus longue",
	"stats.current":        "Série actuelle",
	"stats.best":           "Meilleure série",
	"stats.consistency":    "Régularité",
	"stats.percent":        "%d %%",
	"stats.footer":         "Ta série suit %[1]s. %[2]s Comment marche la régularité : /aide.",
	"stats.none_in_period": "Aucune séance sur cette période ; la dernière date de %s. `/plan` te propose une reprise en douceur.",
	"stats.chart_note":     "Le graphique montre les %d derniers jours ; les chiffres couvrent toute la période.",
	"chart.minutes":        "minutes",
	"rule.gym":             "tes jours de salle (%s) : les jours hors plan ne la cassent jamais, et une séance l'un de ces jours compte quand même",
	"rule.weekly":          "ton objectif hebdomadaire (%s par semaine)",
	"rule.calendar":        "les jours calendaires : `/salle planning` ou `/profil définir hebdo:` lui fait suivre ton plan",
	"zone.group":           "Les jours sont comptés en %s, le fuseau du groupe de ton serveur : /profil définir fuseau: les compte dans le tien.",
	"zone.utc":             "Les jours sont comptés en UTC, car tu n'as pas de fuseau horaire : /profil définir fuseau: les compte dans le tien.",
	"zone.own":             "Les jours sont comptés en %s.",

	"rem.postlift": "🙃 **C'est l'heure de décompresser.** Ta séance de musculation est finie : place à ta routine d'après, 1–2 minutes en inversion avec une ou deux rotations douces.\nPlan du jour : **%[1]s** à %[2]d° %[3]s.",
	"rem.plain":    "🙃 **C'est l'heure de ta séance.** Plan du jour : **%[1]s** à %[2]d° %[3]s.",
	"rem.late":     "_(C'était prévu %s ; Hangtime était hors ligne.)_",
	"rem.start":    "Commencer",
	"rem.snooze10": "Rappel dans 10 min",
	"rem.skip":     "Passer",
	"rem.snooze30": "Rappel dans 30 min",
	"rem.snooze1h": "Rappel dans 1 h",
	"rem.tomorrow": "Demain",
	"rem.snoozed":  "😴 Reporté. Je te le rappellerai %[1]s (%[2]s).",
	"rem.skipped":  "Passée pour cette fois. À après ta prochaine séance de salle.",
	"live.timesup": "⏰ C'est l'heure — %[1]s\n**%[2]s** notées %[3]s",
	"live.offline": " (terminée %s, pendant que Hangtime était hors ligne)",

	"digest.nobody":        "Personne dans le groupe ne s'est encore suspendu aujourd'hui (%s). Une minute compte, vas-y en douceur.",
	"digest.hung":          "**%[1]d sur %[2]s** se sont suspendus aujourd'hui : **%[3]s** au total.",
	"digest.today":         "Aujourd'hui",
	"digest.alive":         "**Séries encore en vie** : aujourd'hui compte encore pour elles",
	"digest.title":         "📅 Résumé du jour — %s",
	"digest.footer":        "Les jours sont comptés en %s · /groupe rejoindre pour participer · /classement pour la semaine",
	"nudge.head":           "🌱 Petit coup de pouce : ",
	"nudge.tail":           " — il reste du temps aujourd'hui pour une séance courte et facile. Passe ton tour si ton dos dit non.",
	"nudge.more":           " (et %d autres avec les rappels activés)",
	"list.more":            "… et %d de plus.",
	"board.nobody":         "Personne dans le groupe (%[1]s) ne s'est suspendu %[2]s.",
	"board.hung":           "**%[1]d sur %[2]s** se sont suspendus %[3]s : **%[4]s** au total.",
	"board.this_week":      "cette semaine",
	"recap.title":          "🏆 Bilan de la semaine — du %[1]s au %[2]s",
	"recap.footer":         "Les jours sont comptés en %s · /classement période:mois pour les 30 derniers jours",
	"shoutout.days":        plurals{One: "🎉 Bravo à %[2]s pour une série de **%[1]d jour** ! La régularité l'emporte sur l'intensité, bien joué.", Other: "🎉 Bravo à %[2]s pour une série de **%[1]d jours** ! La régularité l'emporte sur l'intensité, bien joué."},
	"shoutout.weeks":       plurals{One: "🎉 Bravo à %[2]s pour une série de **%[1]d semaine** ! La régularité l'emporte sur l'intensité, bien joué.", Other: "🎉 Bravo à %[2]s pour une série de **%[1]d semaines** ! La régularité l'emporte sur l'intensité, bien joué."},
	"comeup.table":         "Remonte lentement et marque une pause de quelques respirations près de l'horizontale avant de te redresser.",
	"comeup.chair":         "Remonte lentement et marque une pause de quelques respirations près de l'horizontale avant de te redresser.",
	"comeup.boots":         "Attrape la barre, enroule-toi lentement, décroche une botte après l'autre, puis mets-toi debout et repose-toi un moment.",
	"comeup.bentknee":      "Remonte lentement et reste assis un moment avant de te lever.",
	"live.angle":           " à %d°",
	"milestone.first_week": "🏅 **Étape : ta première semaine.** Une semaine plus tard, toujours là : c'est comme ça que naissent les habitudes.",
}
