package coach

import (
	"slices"
	"strings"
	"time"
)

// Step is one instruction in a guided routine.
type Step struct {
	Title string
	Text  string
	// Hold is how long the step is timed; 0 when the step is counted in
	// repetitions and the user says when they are done.
	Hold time.Duration
}

// Routine is a guided sequence of steps. Routines are data: the bot walks
// through Steps one by one and logs TotalHold as one session at the end.
type Routine struct {
	Name  string // what users type, e.g. "decompress"
	Title string
	Steps []Step
	// Devices lists the devices the routine can be done on; empty means all.
	Devices []Device
	// Logged is the inverted time a completed routine counts for. Steps
	// include upright rests and repetitions, so the sum of the holds is not
	// the time spent upside down.
	Logged time.Duration
}

// Routines returns every guided routine, in the order they are offered.
// Each call returns fresh values that the caller may modify.
func Routines() []Routine {
	return []Routine{
		{
			Name:  "decompress",
			Title: "Decompress after lifting",
			Steps: []Step{
				{Title: "Ease down", Text: "Lean back slowly until you reach your angle. Breathe out and let your shoulders and back go loose."},
				{Title: "Hang", Text: "Hang quietly and let your spine lengthen. Now and then rotate your torso gently to one side, then the other.", Hold: 90 * time.Second},
				{Title: "Come up slowly", Text: "Return slowly and pause near horizontal for a few breaths before coming upright.", Hold: 15 * time.Second},
				{Title: "Stand and check in", Text: "Stand still for a moment before walking off. Dizziness or pain means a shallower or shorter hang next time."},
			},
			Logged: 2 * time.Minute,
		},
		{
			Name:  "core",
			Title: "Inverted core",
			Steps: []Step{
				{Title: "Ease down", Text: "Lean back slowly to your angle and settle for a few breaths.", Hold: 20 * time.Second},
				{Title: "Set 1 of 3", Text: "Do 8–10 inverted crunches or toe touches, slow and controlled. Stop at once if you feel a headache or dizziness."},
				{Title: "Rest", Text: "Come up to horizontal or upright and breathe.", Hold: 45 * time.Second},
				{Title: "Set 2 of 3", Text: "Ease back down and do 8–10 inverted crunches or toe touches."},
				{Title: "Rest", Text: "Come up to horizontal or upright and breathe.", Hold: 45 * time.Second},
				{Title: "Set 3 of 3", Text: "Ease back down and do 8–10 inverted crunches or toe touches."},
				{Title: "Come up slowly", Text: "Return slowly and pause near horizontal for a few breaths before coming upright.", Hold: 15 * time.Second},
			},
			Devices: []Device{Boots, BentKnee, Table, Chair},
			Logged:  3 * time.Minute,
		},
		{
			Name:  "legs",
			Title: "Inverted squats",
			Steps: []Step{
				{Title: "Hang and settle", Text: "Hang with your arms loose and breathe. Check that both boots are locked on the bar.", Hold: 20 * time.Second},
				{Title: "Set 1 of 3", Text: "Do 10 inverted squats: bend your knees and curl up towards the bar, then lower with control."},
				{Title: "Rest", Text: "Get upright, or hold the bar to take the load off, and breathe.", Hold: 60 * time.Second},
				{Title: "Set 2 of 3", Text: "Do 10 inverted squats, slow and controlled."},
				{Title: "Rest", Text: "Get upright, or hold the bar to take the load off, and breathe.", Hold: 60 * time.Second},
				{Title: "Set 3 of 3", Text: "Do 10 inverted squats, slow and controlled."},
				{Title: "Come down carefully", Text: Boots.ComeUp()},
			},
			Devices: []Device{Boots},
			Logged:  2 * time.Minute,
		},
	}
}

// RoutineNames lists the routine names in the order they are offered.
func RoutineNames() []string {
	rs := Routines()
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = r.Name
	}
	return names
}

// FindRoutine returns the routine with the given name, ignoring case and
// surrounding spaces; an unknown name is an *InputError listing the names.
func FindRoutine(name string) (Routine, error) {
	name = strings.ToLower(strings.TrimSpace(name))
	for _, r := range Routines() {
		if r.Name == name {
			return r, nil
		}
	}
	problem := text("c.in.not_routine", truncate(name, 20))
	if name == "" {
		problem = text("c.in.empty")
	}
	return Routine{}, inputErr("routine", problem, text("c.in.routines", strings.Join(RoutineNames(), ", ")))
}

// Allows reports whether the routine can be done on d at angle (the
// planned angle on a table or chair). An empty device means the default, a
// table. Core needs a table at CoreMinAngle or more; on a chair it is done
// as a reduced variant.
func (r Routine) Allows(d Device, angle int) bool {
	if d == "" {
		d = Table
	}
	if !(len(r.Devices) == 0 || slices.Contains(r.Devices, d)) {
		return false
	}
	return r.Name != "core" || d != Table || angle >= CoreMinAngle
}

// CheckDevice refuses a device the routine cannot be done on, with an
// *InputError that names the devices it fits. An empty device means the
// default, a table.
func (r Routine) CheckDevice(d Device, angle int) error {
	if r.Allows(d, angle) {
		return nil
	}
	if d == "" {
		d = Table
	}
	var labels Or
	for _, a := range r.Devices {
		switch {
		case r.Name == "core" && a == Table:
			labels = append(labels, text("c.in.table_at", CoreMinAngle))
		case r.Name == "core" && a == Chair:
			labels = append(labels, text("c.in.chair_reduced"))
		default:
			labels = append(labels, text("c.a."+string(a)))
		}
	}
	problem := text("c.in.routine_device", r.Name, d)
	if r.Name == "core" && d == Table {
		problem = text("c.in.core_angle", CoreMinAngle, angle)
	}
	return inputErr("device", problem, text("c.in.routine_fits", r.Name, labels))
}

// RoutineFor returns the named routine as it is done on d (a table when
// empty) at angle, the planned angle on a table or chair: easing down and
// coming up in the device's own way, and core reduced on a chair. A routine
// that does not fit is an *InputError that says which devices it fits.
func RoutineFor(name string, d Device, angle int) (Routine, error) {
	r, err := FindRoutine(name)
	if err != nil {
		return r, err
	}
	if d == "" {
		d = Table
	}
	if err := r.CheckDevice(d, angle); err != nil {
		return r, err
	}
	for i := range r.Steps {
		st := &r.Steps[i]
		switch st.Title {
		case "Ease down":
			st.Text = d.EaseDown() + " Breathe out and let your shoulders and back go loose."
		case "Come up slowly":
			st.Text = d.ComeUp()
		case "Rest":
			st.Text = restText(d)
		}
	}
	if r.Name == "core" && d == Chair {
		// The seat belt holds the hips: crunches come up only part way.
		r.Title += " (reduced, for a chair)"
		r.Steps = []Step{
			r.Steps[0],
			{Title: "Set 1 of 2", Text: "Do 5–6 small partial crunches, lifting your shoulders only a little, slow and controlled. Stop at once if you feel a headache or dizziness."},
			{Title: "Rest", Text: restText(d), Hold: 45 * time.Second},
			{Title: "Set 2 of 2", Text: "Ease back down and do 5–6 small partial crunches."},
			r.Steps[len(r.Steps)-1],
		}
		r.Logged = 2 * time.Minute
	}
	return r, nil
}

// restText says how to rest between sets on d.
func restText(d Device) string {
	switch d {
	case Boots:
		return "Hold the bar to take the load off, or come down and stand, and breathe."
	case BentKnee:
		return "Come up and sit, and breathe."
	}
	return "Come up to horizontal or upright and breathe."
}

// TotalHold is the duration logged when the routine is completed: Logged,
// or the sum of the timed steps when Logged is unset, never more than
// MaxHang.
func (r Routine) TotalHold() time.Duration {
	d := r.Logged
	if d <= 0 {
		for _, s := range r.Steps {
			d += s.Hold
		}
	}
	return min(d, MaxHang)
}

// joinOr renders "a", "a or b", "a, b or c".
func joinOr(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}
