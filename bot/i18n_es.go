package bot

// catalogES is Spanish (Spain).
var catalogES = map[string]msg{
	"date.long": "%[1]s %[2]s %[3]s",
	"date.day":  "%[1]s, %[2]s %[3]s",
	"month.1":   "ene", "month.2": "feb", "month.3": "mar", "month.4": "abr", "month.5": "may", "month.6": "jun",
	"month.7": "jul", "month.8": "ago", "month.9": "sept", "month.10": "oct", "month.11": "nov", "month.12": "dic",
	"weekday.0": "dom", "weekday.1": "lun", "weekday.2": "mar", "weekday.3": "mié", "weekday.4": "jue", "weekday.5": "vie", "weekday.6": "sáb",
	"dur.h":           "%d h",
	"dur.m":           "%d min",
	"dur.s":           "%d s",
	"device.table":    "mesa de inversión",
	"device.chair":    "silla de inversión",
	"device.boots":    "botas de gravedad",
	"device.bentknee": "aparato de rodillas flexionadas",
	"on.table":        "en la mesa de inversión",
	"on.chair":        "en la silla de inversión",
	"on.boots":        "con las botas de gravedad",
	"on.bentknee":     "en el aparato de rodillas flexionadas",
	"ordinal":         "%s.ª",
	"unit.days":       plurals{One: "%d día", Other: "%d días"},
	"unit.weeks":      plurals{One: "%d semana", Other: "%d semanas"},
	"unit.members":    plurals{One: "%d miembro", Other: "%d miembros"},
	"unit.hangs":      plurals{One: "%d sesión", Other: "%d sesiones"},

	"err.internal":           "Lo siento: algo ha fallado por mi parte y no se ha guardado nada. Vuelve a intentarlo en un momento.",
	"err.shutting_down":      "Hangtime se está reiniciando; no se ha guardado nada. Vuelve a intentarlo en un momento.",
	"err.not_your_button":    "Esos botones son de otra persona. Usa el comando tú mismo para tener los tuyos.",
	"err.stale_button":       "Ese botón ya no es válido.",
	"msg.answered_privately": "🔒 Respondido en privado.",
	"err.unknown_command":    "No conozco el comando `/%s` (todavía). Prueba `/ayuda`.",
	"err.input":              "⚠️ **%s** %s.",
	"err.nothing_saved":      "No se ha guardado nada.",

	"help.title": "Hangtime: tu hábito de inversión, con constancia",
	"help.intro": "Hangtime te acompaña en la inversión (mesa, silla, botas de gravedad o aparato de rodillas flexionadas) " +
		"y mantiene vivo el hábito: registra tus sesiones, consulta tu historial y construye una racha que sigue tu plan. " +
		"Muchos levantadores se cuelgan un minuto o dos justo después de sentadillas o peso muerto, con alguna rotación suave de vez en cuando. " +
		"La inversión es una herramienta más junto a la fuerza del core, la postura y la movilidad, no un sustituto de ellas.\n\n" +
		"**Para empezar:** `/perfil ajustar zona-horaria:` tu zona y luego `/colgar registrar duración:2m`.",
	"help.commands":      "Comandos",
	"help.safety.title":  "Seguridad",
	"help.safety":        "La inversión no es para todo el mundo (tensión arterial alta, problemas de corazón o de la vista, embarazo, cirugía reciente…). Consulta antes a un profesional sanitario. Hangtime es un entrenador de hábitos, no un producto sanitario.",
	"help.streaks.title": "Rachas y constancia",
	"help.streaks": "Tu **racha** sigue tu plan, en tu zona horaria. Con días de gimnasio (`/gimnasio horario`) cuenta los días planificados que cumpliste seguidos: " +
		"un día fuera del plan nunca la rompe, y una sesión ese día cuenta igual. Con un objetivo semanal (`/perfil ajustar semanal:` 1–7) cuenta las semanas seguidas que lo cumplieron. " +
		"Sin ninguno de los dos, cuenta los días naturales con al menos una sesión. Hoy (esta semana) la mantiene viva hasta que termine. " +
		"`/racha descanso día:` marca un día de descanso, hoy (por defecto) o uno de los últimos 7 días (%d por semana, de lunes a domingo), y `/racha pausa días:` la pausa hasta %d días si estás lesionado o enfermo: " +
		"ambos conservan la racha sin sumarle, porque una espalda dolorida nunca tiene que forzarse por un número.",
	"help.consistency.title": "Puntuación de constancia",
	"help.consistency": "La constancia es una puntuación de hábito del 0 %% al 100 %%: la parte de tus días planificados que cumpliste, donde las últimas semanas cuentan más y los días antiguos se van desvaneciendo. " +
		"Tu plan son tus días de gimnasio (`/gimnasio horario`), si no tu objetivo semanal (`/perfil ajustar semanal:`), y si no, todos los días. " +
		"Cumplir cada día planificado la mantiene en el 100 %%; un día planificado perdido la baja solo unos puntos en lugar de volver a cero, y una sesión en un día extra cuenta igual. " +
		"Los días de descanso y los días en pausa la dejan exactamente donde estaba, y hoy solo cuenta cuando ya te has colgado o el día ha terminado.",

	"safety.title": "Antes de tu primera sesión",
	"safety.card": `La inversión no es segura para todo el mundo. Habla antes con un profesional sanitario si tienes:
• tensión arterial alta o una enfermedad cardíaca
• glaucoma, desprendimiento de retina u otro problema ocular
• un embarazo
• una cirugía reciente, una hernia discal o una fractura
• obesidad (mejor ángulos suaves)

Empieza con poco: 1–2 minutos y, en mesa o silla, también con poca inclinación (20°–30°). Las botas de gravedad y los aparatos de rodillas flexionadas son solo de inversión completa, y las botas no son para principiantes. No te cuelgues nunca más de 10 minutos. Sube despacio: en mesa o silla, haz una pausa cerca de la horizontal antes de incorporarte; con botas, agárrate a la barra, encógete y desengancha una bota cada vez; en un aparato de rodillas flexionadas, siéntate un momento antes de ponerte de pie. Para de inmediato si notas mareo, dolor de cabeza o dolor.

Hangtime es un entrenador de hábitos, no un producto sanitario, y no da consejos médicos.`,
	"safety.quick_setup":    "**Configuración rápida (opcional):** elige abajo tu aparato y tu nivel para que el plan se ajuste a ti; si te lo saltas, se usan los valores por defecto. `/perfil ajustar` los cambia cuando quieras.",
	"safety.device":         "Aparato",
	"safety.level":          "Nivel",
	"safety.timezone":       "Zona horaria",
	"safety.device_default": "mesa de inversión (por defecto)",
	"safety.level_default":  "principiante (por defecto)",
	"safety.tz_unset":       "sin definir: los días cuentan en UTC — `/perfil ajustar zona-horaria:` (con sugerencias) define la tuya",
	"safety.footer":         "Pulsa el botón para confirmar; después se ejecutará tu /%s.",
	"safety.ack":            "Entendido",
	"safety.thanks":         "Gracias, anotado. Ya está todo listo; ve con calma.",
	"level.beginner":        "principiante",
	"level.intermediate":    "intermedio",
	"level.advanced":        "avanzado",

	"hang.logged":            "✅ Registrada una sesión de **%[1]s** %[2]s, terminada %[3]s.",
	"hang.logged_angle":      "✅ Registrada una sesión de **%[1]s** %[2]s a %[3]d°, terminada %[4]s.",
	"caution.cap.partial":    "Eso supera el máximo del plan (%d minutos en mesa o silla): más tiempo aporta poco y aumenta la presión en la cabeza y los ojos. Después de entrenar, lo habitual es 1–2 minutos.",
	"caution.cap.full":       "Eso supera el máximo del plan (%d minutos con botas o un aparato de rodillas flexionadas): más tiempo aporta poco y aumenta la presión en la cabeza y los ojos. Después de entrenar, lo habitual es 1–2 minutos.",
	"caution.guard":          "Eso va mucho más allá de tu plan para las primeras semanas (%s). Progresa a pasos pequeños (primero el ángulo, luego el tiempo) y para de inmediato si notas mareo, dolor de cabeza o dolor.",
	"plan.text":              "%[1]s a %[2]d° %[3]s",
	"session.routine":        "rutina %s",
	"session.stopped_early":  "parada antes de tiempo",
	"undo.none":              "No tienes sesiones registradas que deshacer.",
	"undo.confirm":           "¿Quitar esta sesión?",
	"undo.remove":            "Quitarla",
	"undo.keep":              "Conservarla",
	"undo.gone":              "Esa sesión ya no existe.",
	"undo.removed":           "🗑️ Quitada: %s",
	"undo.kept":              "Conservada; no ha cambiado nada.",
	"milestone.streak_days":  plurals{One: "🏅 **Hito: una racha de %d día.** La constancia gana a la intensidad: bien mantenida.", Other: "🏅 **Hito: una racha de %d días.** La constancia gana a la intensidad: bien mantenida."},
	"milestone.streak_weeks": plurals{One: "🏅 **Hito: una racha de %d semana.** La constancia gana a la intensidad: bien mantenida.", Other: "🏅 **Hito: una racha de %d semanas.** La constancia gana a la intensidad: bien mantenida."},
	"milestone.hang":         "🏅 **Hito: tu %s sesión.** Un hábito se construye sesión a sesión.",

	"stats.empty": "Aún no hay sesiones, así que tampoco estadísticas. Registra la primera con `/colgar registrar duración:2m` " +
		"(o mira `/plan` para saber por dónde empezar) y aquí aparecerán tus totales, tu racha y tu gráfico.",
	"stats.last7":          "Últimos 7 días",
	"stats.last30":         "Últimos 30 días",
	"stats.chart7":         "Minutos por día, últimos 7 días",
	"stats.chart30":        "Minutos por día, últimos 30 días",
	"stats.all_since":      "Todo, desde el %s",
	"stats.chart_since":    "Minutos por día desde el %s",
	"stats.chart_last":     "Minutos por día, últimos %d días",
	"stats.title":          "Tus estadísticas · %s",
	"stats.time":           "Tiempo en inversión",
	"stats.hangs":          "Sesiones",
	"stats.average":        "Media",
	"stats.longest":        "La más larga",
	"stats.current":        "Racha actual",
	"stats.best":           "Mejor racha",
	"stats.consistency":    "Constancia",
	"stats.percent":        "%d %%",
	"stats.footer":         "Tu racha sigue %[1]s. %[2]s Cómo funciona la constancia: /ayuda.",
	"stats.none_in_period": "No hay sesiones en este periodo; la última fue %s. `/plan` te propone una vuelta suave.",
	"stats.chart_note":     "El gráfico muestra los últimos %d días; las cifras abarcan todo el tiempo.",
	"chart.minutes":        "minutos",
	"rule.gym":             "tus días de gimnasio (%s): los días fuera del plan nunca la rompen, y una sesión en uno de ellos cuenta igual",
	"rule.weekly":          "tu objetivo semanal (%s por semana)",
	"rule.calendar":        "los días naturales: `/gimnasio horario` o `/perfil ajustar semanal:` hace que siga tu plan",
	"zone.group":           "Los días se cuentan en %s, la zona horaria del grupo de tu servidor: /perfil ajustar zona-horaria: los cuenta en la tuya.",
	"zone.utc":             "Los días se cuentan en UTC porque no tienes zona horaria: /perfil ajustar zona-horaria: los cuenta en la tuya.",
	"zone.own":             "Los días se cuentan en %s.",

	"rem.postlift": "🙃 **Hora de descomprimir.** Has terminado el entrenamiento: toca tu rutina de después, 1–2 minutos invertido con una o dos rotaciones suaves.\nPlan de hoy: **%[1]s** a %[2]d° %[3]s.",
	"rem.plain":    "🙃 **Hora de tu sesión.** Plan de hoy: **%[1]s** a %[2]d° %[3]s.",
	"rem.late":     "_(Tocaba %s; Hangtime estaba desconectado.)_",
	"rem.start":    "Empezar sesión",
	"rem.snooze10": "Posponer 10 min",
	"rem.skip":     "Saltar",
	"rem.snooze30": "Posponer 30 min",
	"rem.snooze1h": "Posponer 1 h",
	"rem.tomorrow": "Mañana",
	"rem.snoozed":  "😴 Pospuesto. Te lo recordaré de nuevo %[1]s (%[2]s).",
	"rem.skipped":  "Esta vez, saltada. Hasta después de tu próximo entrenamiento.",
	"live.timesup": "⏰ Se acabó el tiempo — %[1]s\nRegistrados **%[2]s** %[3]s",
	"live.offline": " (terminó %s, mientras Hangtime estaba desconectado)",

	"digest.nobody":        "Hoy nadie del grupo se ha colgado todavía (%s). Un minuto cuenta: ve con calma.",
	"digest.hung":          "**%[1]d de %[2]s** se han colgado hoy: **%[3]s** en total.",
	"digest.today":         "Hoy",
	"digest.alive":         "**Rachas aún vivas**: hoy todavía cuenta para ellas",
	"digest.title":         "📅 Resumen del día — %s",
	"digest.footer":        "Los días se cuentan en %s · /grupo unirse para participar · /clasificación para la semana",
	"nudge.head":           "🌱 Un empujoncito: ",
	"nudge.tail":           " — todavía hay tiempo hoy para una sesión corta y suave. Sáltatela si tu espalda dice que no.",
	"nudge.more":           " (y %d más con avisos activados)",
	"list.more":            "…y %d más.",
	"board.nobody":         "Nadie del grupo (%[1]s) se ha colgado %[2]s.",
	"board.hung":           "**%[1]d de %[2]s** se han colgado %[3]s: **%[4]s** en total.",
	"board.this_week":      "esta semana",
	"recap.title":          "🏆 Resumen semanal — del %[1]s al %[2]s",
	"recap.footer":         "Los días se cuentan en %s · /clasificación periodo:mes para los últimos 30 días",
	"shoutout.days":        plurals{One: "🎉 ¡Un aplauso para %[2]s por una racha de **%[1]d día**! La constancia gana a la intensidad: bien hecho.", Other: "🎉 ¡Un aplauso para %[2]s por una racha de **%[1]d días**! La constancia gana a la intensidad: bien hecho."},
	"shoutout.weeks":       plurals{One: "🎉 ¡Un aplauso para %[2]s por una racha de **%[1]d semana**! La constancia gana a la intensidad: bien hecho.", Other: "🎉 ¡Un aplauso para %[2]s por una racha de **%[1]d semanas**! La constancia gana a la intensidad: bien hecho."},
	"comeup.table":         "Sube despacio y haz una pausa de unas respiraciones cerca de la horizontal antes de incorporarte.",
	"comeup.chair":         "Sube despacio y haz una pausa de unas respiraciones cerca de la horizontal antes de incorporarte.",
	"comeup.boots":         "Agárrate a la barra, encógete despacio, desengancha una bota cada vez y luego ponte de pie y descansa un momento.",
	"comeup.bentknee":      "Sube despacio y siéntate un momento antes de ponerte de pie.",
	"live.angle":           " a %d°",
	"milestone.first_week": "🏅 **Hito: tu primera semana.** Una semana después, sigues con ello: así empiezan los hábitos.",
}
