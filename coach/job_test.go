package coach

import (
	"testing"
	"time"
)

func TestLaneAt(t *testing.T) {
	now := time.Date(2026, 11, 24, 20, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		lane Lane
		late time.Duration // how long before now the job was due
		want Lane
	}{
		{"live stays live", LaneLive, 3 * time.Hour, LaneLive},
		{"timely stays timely", LaneTimely, 3 * time.Hour, LaneTimely},
		{"unset is timely", 0, 0, LaneTimely},
		{"bulk on time", LaneBulk, 0, LaneBulk},
		{"bulk just under the wait", LaneBulk, BulkWait - time.Second, LaneBulk},
		{"bulk after the wait rides with timely", LaneBulk, BulkWait, LaneTimely},
		{"bulk long late never overtakes live", LaneBulk, 5 * time.Hour, LaneTimely},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := Job{Lane: tt.lane, Due: now.Add(-tt.late)}
			if got := j.LaneAt(now); got != tt.want {
				t.Errorf("Job{Lane: %d, due %v before}.LaneAt(now) = %d, want %d", tt.lane, tt.late, got, tt.want)
			}
		})
	}
}
