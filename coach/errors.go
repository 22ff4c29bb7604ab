package coach

import "fmt"

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
