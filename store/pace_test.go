package store

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"
)

// TestBookSlotsAcrossHandles books slots from two handles on one database
// file (two processes) at once: no slot is handed out twice and booked
// slots lie at least the interval apart.
func TestBookSlotsAcrossHandles(t *testing.T) {
	a, path := openTemp(t)
	b, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	const every = 20 * time.Millisecond
	now := time.UnixMilli(1_800_000_000_000)
	var (
		mu    sync.Mutex
		slots []time.Time
		wg    sync.WaitGroup
	)
	for g := range 8 {
		db := a
		if g%2 == 1 {
			db = b
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range 10 {
				n := 1 + (g+k)%3
				first, err := db.BookSlots(context.Background(), n, every, now)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				for i := range n {
					slots = append(slots, first.Add(time.Duration(i)*every))
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	slices.SortFunc(slots, func(x, y time.Time) int { return x.Compare(y) })
	if !slots[0].Equal(now) {
		t.Errorf("first slot %v, want now (%v): nobody had booked before", slots[0], now)
	}
	for i := 1; i < len(slots); i++ {
		if d := slots[i].Sub(slots[i-1]); d < every {
			t.Fatalf("slots %d and %d are %v apart, want at least %v", i-1, i, d, every)
		}
	}
	// After a quiet spell the next slot is now again, not in the past.
	later := slots[len(slots)-1].Add(time.Hour)
	if first, err := a.BookSlots(context.Background(), 1, every, later); err != nil || !first.Equal(later) {
		t.Errorf("BookSlots after a quiet spell = %v, %v, want %v", first, err, later)
	}
	if _, err := a.BookSlots(context.Background(), 0, every, later); err == nil {
		t.Error("BookSlots(0) succeeded, want an error")
	}
}
