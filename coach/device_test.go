package coach

import (
	"strings"
	"testing"
)

func TestParseDevice(t *testing.T) {
	tests := []struct {
		in   string
		want Device
		ok   bool
	}{
		{"table", Table, true},
		{" Chair ", Chair, true},
		{"BOOTS", Boots, true},
		{"bentknee", BentKnee, true},
		{"", "", true},
		{"bent-knee", "", false},
		{"trampoline", "", false},
		{strings.Repeat("x", 100), "", false},
	}
	for _, tt := range tests {
		got, err := ParseDevice("device", tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseDevice(%q) = %q, %v, want %q (ok %v)", tt.in, got, err, tt.want, tt.ok)
		}
		if err != nil {
			if ie := inputError(t, err, "device"); len(ie.Problem) > 60 {
				t.Errorf("ParseDevice(%q) problem = %q, want it truncated", tt.in, ie.Problem)
			}
		}
	}
}

func TestDeviceLabel(t *testing.T) {
	for _, d := range Devices() {
		if l := d.Label(); l == "" || l == string(d) {
			t.Errorf("%q.Label() = %q, want a human name", d, l)
		}
	}
}

func TestAngleRange(t *testing.T) {
	tests := []struct {
		d      Device
		lo, hi int
	}{
		{Table, 20, 90},
		{Chair, 20, 70},
		{Boots, 90, 90},
		{BentKnee, 90, 90},
	}
	for _, tt := range tests {
		if lo, hi := tt.d.AngleRange(); lo != tt.lo || hi != tt.hi {
			t.Errorf("%q.AngleRange() = %d, %d, want %d, %d", tt.d, lo, hi, tt.lo, tt.hi)
		}
	}
}

func TestCheckAngle(t *testing.T) {
	tests := []struct {
		d     Device
		angle int
		ok    bool
	}{
		{Table, 20, true},
		{Table, 45, true},
		{Table, 90, true},
		{Table, 19, false},
		{Table, 91, false},
		{Table, 0, false},
		{Table, -30, false},
		{Chair, 70, true},
		{Chair, 71, false},
		{Chair, 90, false},
		{Boots, 90, true},
		{Boots, 60, false},
		{BentKnee, 90, true},
		{BentKnee, 89, false},
	}
	for _, tt := range tests {
		err := tt.d.CheckAngle("angle", tt.angle)
		if (err == nil) != tt.ok {
			t.Errorf("%q.CheckAngle(%d) = %v, want ok %v", tt.d, tt.angle, err, tt.ok)
		}
		if err != nil {
			ie := inputError(t, err, "angle")
			if !strings.Contains(ie.Accepted, tt.d.Label()) {
				t.Errorf("%q.CheckAngle(%d) accepted = %q, want it to name the device", tt.d, tt.angle, ie.Accepted)
			}
		}
	}
}
