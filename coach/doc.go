// Package coach is Hangtime's domain: devices and their safe angles, the
// limits of a hang, parsing of what users type, the safety card, routines,
// progression plans, streaks and scores.
//
// It imports only the standard library and never reads the clock: callers
// pass now and a *time.Location, so every rule is testable at any instant.
package coach
