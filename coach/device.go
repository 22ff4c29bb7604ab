package coach

import (
	"strings"
)

// Device is a kind of inversion equipment.
type Device string

// The devices Hangtime knows.
const (
	Table    Device = "table"
	Chair    Device = "chair"
	Boots    Device = "boots"
	BentKnee Device = "bentknee"
)

// Devices lists every device in the order they are offered to users.
func Devices() []Device { return []Device{Table, Chair, Boots, BentKnee} }

// ParseDevice reads a device name; empty is allowed and means "not given".
func ParseDevice(field, s string) (Device, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return "", nil
	}
	for _, d := range Devices() {
		if string(d) == s {
			return d, nil
		}
	}
	return "", inputErr(field, text("c.in.not_device", truncate(s, 20)), text("c.in.devices"))
}

// Label is the device's human name.
func (d Device) Label() string {
	switch d {
	case Table:
		return "inversion table"
	case Chair:
		return "inversion chair"
	case Boots:
		return "gravity boots"
	case BentKnee:
		return "bent-knee device"
	}
	return string(d)
}

// AngleRange is the inclusive range of angles, in degrees from horizontal,
// that the device can safely be used at.
func (d Device) AngleRange() (min, max int) {
	switch d {
	case Table:
		return 20, 90
	case Chair:
		return 20, 70
	case Boots, BentKnee:
		return 90, 90
	}
	return 0, 90
}

// CheckAngle refuses an angle outside the device's range.
func (d Device) CheckAngle(field string, angle int) error {
	lo, hi := d.AngleRange()
	if angle >= lo && angle <= hi {
		return nil
	}
	accepted := text("c.in.angle_goes", d, lo, hi)
	if lo == hi {
		accepted = text("c.in.angle_full", d, lo)
	}
	return inputErr(field, text("c.in.angle_range", angle), accepted)
}
