package bot

import (
	"context"
	"time"

	"github.com/hangtime/hangtime/coach"
)

// zone is the time zone a user's days and reminders are counted in, and
// where it came from.
type zone struct {
	loc  *time.Location
	name string
	// fromGroup is set when the user has no zone of their own and their
	// server group's is used.
	fromGroup bool
}

// note says which zone was used, for replies.
func (z zone) note(t *Tr) string {
	switch {
	case z.fromGroup:
		return t.S("zone.group", z.name)
	case z.name == "":
		return t.S("zone.utc")
	}
	return t.S("zone.own", z.name)
}

// labelIn names the zone for a reply in t's language.
func (z zone) labelIn(t *Tr) string {
	switch {
	case z.fromGroup:
		return t.S("zone.label_group", z.name)
	case z.name == "":
		return "UTC"
	}
	return z.name
}

// zoneStore finds the groups whose zone a user without one counts in: a
// feature that shows or computes local times embeds it in its store.
type zoneStore interface {
	Group(ctx context.Context, guildID string) (coach.Group, bool, error)
	MemberGroups(ctx context.Context, userID string) ([]coach.Group, error)
}

// userZone returns the zone of profile p; with none set, that of the group
// of the server guildID (when the command came from one that has a group),
// else that of the first group the user is a member of, else UTC.
func userZone(ctx context.Context, zs zoneStore, userID string, p coach.Profile, guildID string) (zone, error) {
	if p.Timezone != "" {
		return zone{loc: p.Location(), name: p.Timezone}, nil
	}
	if guildID != "" {
		g, ok, err := zs.Group(ctx, guildID)
		if err != nil {
			return zone{}, err
		}
		if ok && g.Timezone != "" {
			return zone{loc: g.Location(), name: g.Timezone, fromGroup: true}, nil
		}
	}
	groups, err := zs.MemberGroups(ctx, userID)
	if err != nil {
		return zone{}, err
	}
	for _, g := range groups {
		if g.Timezone != "" {
			return zone{loc: g.Location(), name: g.Timezone, fromGroup: true}, nil
		}
	}
	return zone{loc: time.UTC}, nil
}
