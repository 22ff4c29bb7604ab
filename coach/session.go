package coach

import (
	"strings"
	"sync"
	"time"
)

// Level is how experienced a user is with inversion.
type Level string

// The levels a user can pick.
const (
	Beginner     Level = "beginner"
	Intermediate Level = "intermediate"
	Advanced     Level = "advanced"
)

// Levels lists the levels in increasing experience.
func Levels() []Level { return []Level{Beginner, Intermediate, Advanced} }

// Profile is a user's saved preferences.
type Profile struct {
	UserID   string
	Device   Device // empty when not set
	Timezone string // IANA name, empty when not set
	Level    Level  // empty when not set
	// SafetyAck is when the user acknowledged the safety card; zero if never.
	SafetyAck time.Time
	// Weekly is the target days a week (1–7) the streak follows when there
	// are no gym days; 0 means none.
	Weekly int
	// Notify is how time's up reaches the user; empty means a DM.
	Notify Notify
}

// Notify is how a user is told that a live hang's time is up.
type Notify string

// The ways to notify.
const (
	NotifyDM      Notify = "dm"      // a direct message
	NotifyChannel Notify = "channel" // a message mentioning only them where the hang started
)

// ParseNotify reads a notify choice: dm or channel; empty is no choice.
func ParseNotify(field, s string) (Notify, error) {
	switch n := Notify(strings.ToLower(strings.TrimSpace(s))); n {
	case "", NotifyDM, NotifyChannel:
		return n, nil
	}
	return "", inputErr(field, text("c.in.not_notify", truncate(strings.TrimSpace(s), 20)), text("c.in.notify_use"))
}

// Location returns the profile's time zone, UTC when unset or unknown.
// "Local" is unknown too: the host's zone is never a user's.
func (p Profile) Location() *time.Location {
	if p.Timezone == "" || p.Timezone == "Local" {
		return time.UTC
	}
	return zoneNamed(p.Timezone)
}

// zones caches the zones loaded by name: time.LoadLocation reads and
// parses the zone's file on every call, and every interaction that shows
// a day or a time needs its user's zone. The names are few (the IANA
// database's), and a *time.Location is safe for concurrent use.
var zones sync.Map // name -> *time.Location

// zoneNamed is the zone of an IANA name, UTC for a name that is not one.
func zoneNamed(name string) *time.Location {
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.UTC // not cached: the names that fail are not bounded
	}
	zones.Store(name, loc)
	return loc
}

// Session is one hang, logged or timed.
type Session struct {
	ID       int64
	UserID   string
	Start    time.Time
	Duration time.Duration
	Device   Device // may be empty
	Angle    int    // degrees; 0 when not given
	Note     string
	Routine  string // routine name when the hang came from a guided routine
	// StoppedEarly is set when a live session ended before its target.
	StoppedEarly bool
}

// End is when the session finished.
func (s Session) End() time.Time { return s.Start.Add(s.Duration) }

// Live is a live, timed hang in progress: at most one per user.
type Live struct {
	UserID        string
	InteractionID string // the interaction that started it; the logged session keeps it
	Start         time.Time
	Target        time.Time
	Device        Device
	Angle         int
	Routine       string
	// MessageRef is the adapter's opaque reference to the session's message,
	// so it can be edited when the hang ends.
	MessageRef string
}
