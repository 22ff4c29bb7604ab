package coach

// Backup is a user's data read back from an export, checked and ready to
// restore into an account.
type Backup struct {
	Profile Profile // only the fields set are restored, where the account has none
	// Locale is the Discord locale of the user's last interaction (the
	// language of their reminders); empty when unknown.
	Locale    string
	Sessions  []Session
	Rests     []Day
	Pauses    []Pause
	Gym       []GymSchedule
	Reminders []Reminder
}

// Restored counts what a restore added; what the account already held is
// not counted, so restoring the same backup twice adds nothing the second
// time.
type Restored struct {
	Sessions, Rests, Pauses, Gym, Reminders int
	Profile                                 bool
}

// Total is the number of things added.
func (r Restored) Total() int {
	n := r.Sessions + r.Rests + r.Pauses + r.Gym + r.Reminders
	if r.Profile {
		n++
	}
	return n
}
