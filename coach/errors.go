package coach

import (
	"errors"
	"fmt"
)

// InputError reports a value a user typed that the coach refuses. Field names
// the option, Problem says what is wrong and Accepted what would be accepted;
// both are short enough to show to the user as they are, in English.
// ProblemText and AcceptedText are the same as codes with parameters, which
// the bot translates into the user's language.
type InputError struct {
	Field        string
	Problem      string
	Accepted     string
	ProblemText  Text
	AcceptedText Text
}

func (e *InputError) Error() string {
	if e.Accepted == "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Problem)
	}
	return fmt.Sprintf("%s: %s (%s)", e.Field, e.Problem, e.Accepted)
}

func inputErr(field string, problem, accepted Text) error {
	return &InputError{Field: field, Problem: problem.String(), Accepted: accepted.String(), ProblemText: problem, AcceptedText: accepted}
}

// ErrNotYours says an id that came from a client (a button's custom id, an
// option) names another user's data: every lookup is scoped to the user
// who sent it, and this is what a lookup outside that scope finds.
var ErrNotYours = errors.New("that belongs to someone else")
