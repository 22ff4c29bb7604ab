package bot

import (
	"context"
	"strconv"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/coach"
)

// cardReply is the safety card with the one-step setup under it: device and
// level buttons (what the profile says, or the defaults) and the time zone,
// all skippable, and "I understand", which carries out the interrupted
// command — with the device chosen here, so a first log is not silently on
// a table.
func (b *Bot) cardReply(t *Tr, userID string, pendingID int64, command string, p coach.Profile) Reply {
	pid := strconv.FormatInt(pendingID, 10)
	setup := b.setupComponent()
	device, level := p.Device, p.Level
	deviceText, levelText := t.S("safety.device_default"), t.S("safety.level_default")
	if device != "" {
		deviceText = t.Device(device)
	}
	if level != "" {
		levelText = t.Level(level)
	}
	tz := t.S("safety.tz_unset")
	if p.Timezone != "" {
		tz = p.Timezone
	}
	var devices, levels []discordgo.MessageComponent
	for _, d := range coach.Devices() {
		style := discordgo.SecondaryButton
		if d == device {
			style = discordgo.PrimaryButton
		}
		devices = append(devices, discordgo.Button{Label: capitalizeWord(t.Device(d)), Style: style, CustomID: setup.ID(userID, pid, command, "device", string(d))})
	}
	for _, l := range coach.Levels() {
		style := discordgo.SecondaryButton
		if l == level {
			style = discordgo.PrimaryButton
		}
		levels = append(levels, discordgo.Button{Label: capitalizeWord(t.Level(l)), Style: style, CustomID: setup.ID(userID, pid, command, "level", string(l))})
	}
	return Reply{
		Ephemeral: true,
		Embeds: []*discordgo.MessageEmbed{{
			Title:       "⚠️ " + t.S("safety.title"),
			Description: t.S("safety.card") + "\n\n" + t.S("safety.quick_setup"),
			Color:       colorWarn,
			Fields: []*discordgo.MessageEmbedField{
				{Name: t.S("safety.device"), Value: deviceText, Inline: true},
				{Name: t.S("safety.level"), Value: levelText, Inline: true},
				{Name: t.S("safety.timezone"), Value: tz},
			},
			Footer: &discordgo.MessageEmbedFooter{Text: t.S("safety.footer", t.commandPath(command))},
		}},
		Components: []discordgo.MessageComponent{
			discordgo.ActionsRow{Components: devices},
			discordgo.ActionsRow{Components: levels},
			discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				discordgo.Button{Label: t.S("safety.ack"), Style: discordgo.SuccessButton, CustomID: b.safetyComponent().ID(userID, pid)},
			}},
		},
	}
}

// setupComponent is the one-step setup's device and level buttons; the id
// carries the card's pending command, so the card can be drawn again.
func (b *Bot) setupComponent() Component {
	return Component{Prefix: "setup", Run: b.setupButton}
}

func (b *Bot) setupButton(ctx context.Context, req *Request) (Reply, error) {
	a := args(req)
	if len(a) != 4 {
		return Reply{}, errStaleButton
	}
	pid, err := strconv.ParseInt(a[0], 10, 64)
	if err != nil {
		return Reply{}, errStaleButton
	}
	if _, ok := b.leaves[a[1]]; !ok {
		return Reply{}, errStaleButton
	}
	p, err := b.profileOf(ctx, req)
	if err != nil {
		return Reply{}, err
	}
	switch a[2] {
	case "device":
		d, err := coach.ParseDevice("device", a[3])
		if err != nil || d == "" {
			return Reply{}, errStaleButton
		}
		p.Device = d
	case "level":
		l, err := coach.ParseLevel("level", a[3])
		if err != nil || l == "" {
			return Reply{}, errStaleButton
		}
		p.Level = l
	default:
		return Reply{}, errStaleButton
	}
	if err := b.store.SaveProfile(ctx, p, b.now()); err != nil {
		return Reply{}, err
	}
	r := b.cardReply(req.T(), req.UserID, pid, a[1], p)
	r.Update = true
	return r, nil
}
