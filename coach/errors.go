package coach

import (
	"errors"
	"fmt"
)

// InputError reports a value a user typed that the coach refuses. Field names
// the option, Problem says what is wrong and Accepted what would be accepted;
// both are short enough to show to the user as they are.
type InputError struct {
	Field    string
	Problem  string
	Accepted string
}

func (e *InputError) Error() string {
	if e.Accepted == "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Problem)
	}
	return fmt.Sprintf("%s: %s (%s)", e.Field, e.Problem, e.Accepted)
}

func inputErr(field, problem, accepted string) error {
	return &InputError{Field: field, Problem: problem, Accepted: accepted}
}

// ErrNotYours says an id that came from a client (a button's custom id, an
// option) names another user's data: every lookup is scoped to the user
// who sent it, and this is what a lookup outside that scope finds.
var ErrNotYours = errors.New("that belongs to someone else")
