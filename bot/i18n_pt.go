package bot

// catalogPT is Brazilian Portuguese.
var catalogPT = map[string]msg{
	"date.long": "%[1]s de %[2]s de %[3]s",
	"date.day":  "%[1]s, %[2]s de %[3]s",
	"month.1":   "jan.", "month.2": "fev.", "month.3": "mar.", "month.4": "abr.", "month.5": "mai.", "month.6": "jun.",
	"month.7": "jul.", "month.8": "ago.", "month.9": "set.", "month.10": "out.", "month.11": "nov.", "month.12": "dez.",
	"weekday.0": "dom.", "weekday.1": "seg.", "weekday.2": "ter.", "weekday.3": "qua.", "weekday.4": "qui.", "weekday.5": "sex.", "weekday.6": "sáb.",
	"dur.h":           "%d h",
	"dur.m":           "%d min",
	"dur.s":           "%d s",
	"device.table":    "mesa de inversão",
	"device.chair":    "cadeira de inversão",
	"device.boots":    "botas de gravidade",
	"device.bentknee": "aparelho de joelhos flexionados",
	"on.table":        "na mesa de inversão",
	"on.chair":        "na cadeira de inversão",
	"on.boots":        "com as botas de gravidade",
	"on.bentknee":     "no aparelho de joelhos flexionados",
	"ordinal":         "%sª",
	"unit.days":       plurals{One: "%d dia", Other: "%d dias"},
	"unit.weeks":      plurals{One: "%d semana", Other: "%d semanas"},
	"unit.members":    plurals{One: "%d membro", Other: "%d membros"},
	"unit.hangs":      plurals{One: "%d sessão", Other: "%d sessões"},

	"err.internal":           "Desculpe, algo deu errado do meu lado e nada foi salvo. Tente de novo em instantes.",
	"err.shutting_down":      "O Hangtime está reiniciando; nada foi salvo. Tente de novo em instantes.",
	"err.not_your_button":    "Esses botões são de outra pessoa. Use o comando você mesmo para ter os seus.",
	"err.stale_button":       "Esse botão não é mais válido.",
	"msg.answered_privately": "🔒 Respondido em particular.",
	"err.unknown_command":    "Ainda não conheço o comando `/%s`. Experimente `/ajuda`.",
	"err.input":              "⚠️ **%s** %s.",
	"err.nothing_saved":      "Nada foi salvo.",

	"help.title": "Hangtime: seu hábito de inversão, com constância",
	"help.intro": "O Hangtime acompanha você na inversão (mesa, cadeira, botas de gravidade ou aparelho de joelhos flexionados) " +
		"e mantém o hábito em dia: registre suas sessões, veja seu histórico e construa uma sequência que segue o seu plano. " +
		"Muitos praticantes de musculação ficam de cabeça para baixo por um ou dois minutos logo depois do agachamento ou do levantamento terra, com uma rotação suave de vez em quando. " +
		"A inversão é uma ferramenta ao lado do fortalecimento do core, da postura e da mobilidade, não um substituto para eles.\n\n" +
		"**Para começar:** `/perfil definir fuso-horário:` o seu fuso, depois `/pendurar registrar duração:2m`.",
	"help.commands":      "Comandos",
	"help.safety.title":  "Segurança",
	"help.safety":        "A inversão não é para todo mundo (pressão alta, problemas cardíacos ou nos olhos, gravidez, cirurgia recente…). Consulte antes um profissional de saúde. O Hangtime é um treinador de hábitos, não um dispositivo médico.",
	"help.streaks.title": "Sequências e constância",
	"help.streaks": "Sua **sequência** segue o seu plano, no seu fuso horário. Com dias de academia (`/academia agenda`), ela conta os dias planejados que você cumpriu em seguida: " +
		"um dia fora do plano nunca a quebra, e uma sessão nesse dia conta mesmo assim. Com uma meta semanal (`/perfil definir semanal:` 1–7), ela conta as semanas seguidas que a atingiram. " +
		"Sem nenhum dos dois, ela conta os dias do calendário com pelo menos uma sessão. Hoje (esta semana) a mantém viva até terminar. " +
		"`/sequência descanso dia:` marca um dia de descanso, hoje (o padrão) ou um dos últimos 7 dias (%d por semana, de segunda a domingo), e `/sequência pausa dias:` a pausa por até %d dias se você estiver lesionado ou doente: " +
		"os dois mantêm a sequência sem aumentá-la, porque uma coluna dolorida nunca precisa ser forçada por um número.",
	"help.consistency.title": "Pontuação de constância",
	"help.consistency": "A constância é uma pontuação de hábito de 0%% a 100%%: a parte dos seus dias planejados que você cumpriu, com as semanas recentes pesando mais e os dias antigos sumindo aos poucos. " +
		"Seu plano são os seus dias de academia (`/academia agenda`), senão a sua meta semanal (`/perfil definir semanal:`), senão todos os dias. " +
		"Cumprir todo dia planejado a mantém em 100%%; um dia planejado perdido a derruba só alguns pontos em vez de zerá-la, e uma sessão em um dia extra conta mesmo assim. " +
		"Dias de descanso e dias em pausa a deixam exatamente onde estava, e hoje só conta depois que você fizer uma sessão ou o dia acabar.",

	"safety.title": "Antes da sua primeira sessão",
	"safety.card": `A inversão não é segura para todo mundo. Fale antes com um profissional de saúde se você tiver:
• pressão alta ou doença cardíaca
• glaucoma, descolamento de retina ou outro problema nos olhos
• gravidez
• cirurgia recente, hérnia de disco ou fratura
• obesidade (prefira ângulos suaves)

Comece curto: 1–2 minutos e, na mesa ou na cadeira, com pouca inclinação também (20°–30°). Botas de gravidade e aparelhos de joelhos flexionados são só para inversão total, e botas não são para iniciantes. Nunca fique pendurado por mais de 10 minutos. Volte devagar: na mesa ou na cadeira, pare perto da horizontal antes de ficar em pé; nas botas, segure a barra, dobre o corpo para cima e solte uma bota de cada vez; no aparelho de joelhos flexionados, fique sentado um momento antes de se levantar. Pare na hora se sentir tontura, dor de cabeça ou dor.

O Hangtime é um treinador de hábitos, não um dispositivo médico, e não dá orientação médica.`,
	"safety.quick_setup":    "**Configuração rápida (opcional):** escolha abaixo seu aparelho e seu nível para o plano combinar com você; se pular, valem os padrões. `/perfil definir` muda isso quando quiser.",
	"safety.device":         "Aparelho",
	"safety.level":          "Nível",
	"safety.timezone":       "Fuso horário",
	"safety.device_default": "mesa de inversão (padrão)",
	"safety.level_default":  "iniciante (padrão)",
	"safety.tz_unset":       "não definido: os dias contam em UTC — `/perfil definir fuso-horário:` (com sugestões) define o seu",
	"safety.footer":         "Aperte o botão para confirmar; seu /%s será executado em seguida.",
	"safety.ack":            "Entendi",
	"safety.thanks":         "Obrigado, anotado. Tudo pronto; vá com calma.",
	"level.beginner":        "iniciante",
	"level.intermediate":    "intermediário",
	"level.advanced":        "avançado",

	"hang.logged":            "✅ Sessão de **%[1]s** registrada %[2]s, terminada %[3]s.",
	"hang.logged_angle":      "✅ Sessão de **%[1]s** registrada %[2]s a %[3]d°, terminada %[4]s.",
	"caution.cap.partial":    "Isso passa do máximo do plano (%d minutos na mesa ou na cadeira): mais tempo acrescenta pouco e aumenta a pressão na cabeça e nos olhos. Depois do treino, 1–2 minutos é a dose habitual.",
	"caution.cap.full":       "Isso passa do máximo do plano (%d minutos nas botas ou no aparelho de joelhos flexionados): mais tempo acrescenta pouco e aumenta a pressão na cabeça e nos olhos. Depois do treino, 1–2 minutos é a dose habitual.",
	"caution.guard":          "Isso vai muito além do seu plano para as primeiras semanas (%s). Avance aos poucos (primeiro o ângulo, depois o tempo) e pare na hora se sentir tontura, dor de cabeça ou dor.",
	"plan.text":              "%[1]s a %[2]d° %[3]s",
	"session.routine":        "rotina %s",
	"session.stopped_early":  "interrompida antes",
	"undo.none":              "Você não tem sessões registradas para desfazer.",
	"undo.confirm":           "Remover esta sessão?",
	"undo.remove":            "Remover",
	"undo.keep":              "Manter",
	"undo.gone":              "Essa sessão já não existe.",
	"undo.removed":           "🗑️ Removida: %s",
	"undo.kept":              "Mantida; nada mudou.",
	"milestone.streak_days":  plurals{One: "🏅 **Marco: uma sequência de %d dia.** Constância vale mais que intensidade — muito bem.", Other: "🏅 **Marco: uma sequência de %d dias.** Constância vale mais que intensidade — muito bem."},
	"milestone.streak_weeks": plurals{One: "🏅 **Marco: uma sequência de %d semana.** Constância vale mais que intensidade — muito bem.", Other: "🏅 **Marco: uma sequência de %d semanas.** Constância vale mais que intensidade — muito bem."},
	"milestone.hang":         "🏅 **Marco: sua %s sessão.** Um hábito se constrói uma sessão de cada vez.",

	"stats.empty": "Ainda não há sessões, então também não há estatísticas. Registre a primeira com `/pendurar registrar duração:2m` " +
		"(ou veja `/plano` para saber por onde começar) e seus totais, sua sequência e seu gráfico vão aparecer aqui.",
	"stats.last7":          "Últimos 7 dias",
	"stats.last30":         "Últimos 30 dias",
	"stats.chart7":         "Minutos por dia, últimos 7 dias",
	"stats.chart30":        "Minutos por dia, últimos 30 dias",
	"stats.all_since":      "Desde o início, %s",
	"stats.chart_since":    "Minutos por dia desde %s",
	"stats.chart_last":     "Minutos por dia, últimos %d dias",
	"stats.title":          "Suas estatísticas · %s",
	"stats.time":           "Tempo em inversão",
	"stats.hangs":          "Sessões",
	"stats.average":        "Média",
	"stats.longest":        "Mais longa",
	"stats.current":        "Sequência atual",
	"stats.best":           "Melhor sequência",
	"stats.consistency":    "Constância",
	"stats.percent":        "%d%%",
	"stats.footer":         "Sua sequência segue %[1]s. %[2]s Como funciona a constância: /ajuda.",
	"stats.none_in_period": "Nenhuma sessão neste período; a última foi %s. `/plano` sugere uma volta tranquila.",
	"stats.chart_note":     "O gráfico mostra os últimos %d dias; os números cobrem todo o período.",
	"chart.minutes":        "minutos",
	"rule.gym":             "os seus dias de academia (%s): dias fora do plano nunca a quebram, e uma sessão em um deles conta mesmo assim",
	"rule.weekly":          "a sua meta semanal (%s por semana)",
	"rule.calendar":        "os dias do calendário: `/academia agenda` ou `/perfil definir semanal:` a faz seguir o seu plano",
	"zone.group":           "Os dias são contados em %s, o fuso do grupo do seu servidor: /perfil definir fuso-horário: conta no seu.",
	"zone.utc":             "Os dias são contados em UTC porque você não definiu um fuso horário: /perfil definir fuso-horário: conta no seu.",
	"zone.own":             "Os dias são contados em %s.",

	"rem.postlift": "🙃 **Hora de descomprimir.** Seu treino acabou: agora é a sua rotina pós-treino, 1–2 minutos de cabeça para baixo com uma ou duas rotações suaves.\nPlano de hoje: **%[1]s** a %[2]d° %[3]s.",
	"rem.plain":    "🙃 **Hora da sua sessão.** Plano de hoje: **%[1]s** a %[2]d° %[3]s.",
	"rem.late":     "_(Estava previsto %s; o Hangtime estava fora do ar.)_",
	"rem.start":    "Começar sessão",
	"rem.snooze10": "Adiar 10 min",
	"rem.skip":     "Pular",
	"rem.snooze30": "Adiar 30 min",
	"rem.snooze1h": "Adiar 1 h",
	"rem.tomorrow": "Amanhã",
	"rem.snoozed":  "😴 Adiado. Vou lembrar você de novo %[1]s (%[2]s).",
	"rem.skipped":  "Pulamos esta. Até depois do seu próximo treino.",
	"live.timesup": "⏰ Acabou o tempo — %[1]s\n**%[2]s** registrados %[3]s",
	"live.offline": " (terminou %s, enquanto o Hangtime estava fora do ar)",

	"digest.nobody":        "Ninguém do grupo fez uma sessão hoje ainda (%s). Um minuto conta — vá com calma.",
	"digest.hung":          "**%[1]d de %[2]s** fizeram sessão hoje — **%[3]s** no total.",
	"digest.today":         "Hoje",
	"digest.alive":         "**Sequências ainda vivas** — hoje ainda conta para elas",
	"digest.title":         "📅 Resumo do dia — %s",
	"digest.footer":        "Os dias são contados em %s · /grupo entrar para participar · /ranking da semana",
	"nudge.head":           "🌱 Um empurrãozinho: ",
	"nudge.tail":           " — ainda dá tempo hoje de uma sessão curta e leve. Pule se suas costas disserem não.",
	"nudge.more":           " (e mais %d com lembretes ativados)",
	"list.more":            "…e mais %d.",
	"board.nobody":         "Ninguém do grupo (%[1]s) fez sessão %[2]s.",
	"board.hung":           "**%[1]d de %[2]s** fizeram sessão %[3]s — **%[4]s** no total.",
	"board.this_week":      "nesta semana",
	"recap.title":          "🏆 Resumo da semana — de %[1]s a %[2]s",
	"recap.footer":         "Os dias são contados em %s · /ranking período:mês para os últimos 30 dias",
	"shoutout.days":        plurals{One: "🎉 Parabéns para %[2]s por uma sequência de **%[1]d dia**! Constância vale mais que intensidade — muito bem.", Other: "🎉 Parabéns para %[2]s por uma sequência de **%[1]d dias**! Constância vale mais que intensidade — muito bem."},
	"shoutout.weeks":       plurals{One: "🎉 Parabéns para %[2]s por uma sequência de **%[1]d semana**! Constância vale mais que intensidade — muito bem.", Other: "🎉 Parabéns para %[2]s por uma sequência de **%[1]d semanas**! Constância vale mais que intensidade — muito bem."},
	"comeup.table":         "Volte devagar e pare perto da horizontal por algumas respirações antes de se sentar.",
	"comeup.chair":         "Volte devagar e pare perto da horizontal por algumas respirações antes de se sentar.",
	"comeup.boots":         "Segure a barra, dobre o corpo para cima devagar, solte uma bota de cada vez, depois fique em pé e descanse um momento.",
	"comeup.bentknee":      "Volte devagar e fique sentado um momento antes de se levantar.",
	"live.angle":           " a %d°",
	"milestone.first_week": "🏅 **Marco: sua primeira semana.** Uma semana depois e você continua: é assim que os hábitos começam.",
}
