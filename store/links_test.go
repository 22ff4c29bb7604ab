package store

import (
	"context"
	"testing"
)

func TestGymLinkSetKeepReplaceAndForget(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	if set, err := db.SetGymLink(ctx, "u1", "sel1", "hash1", true, t0); err != nil || !set {
		t.Fatalf("SetGymLink = %v, %v", set, err)
	}
	if set, err := db.SetGymLink(ctx, "u1", "sel2", "hash2", true, t0); err != nil || set {
		t.Errorf("SetGymLink keeping the first = %v, %v, want false", set, err)
	}
	if u, h, ok, err := db.GymLink(ctx, "sel1"); err != nil || !ok || u != "u1" || h != "hash1" {
		t.Errorf("GymLink(sel1) = %q, %q, %v, %v", u, h, ok, err)
	}
	if set, err := db.SetGymLink(ctx, "u1", "sel3", "hash3", false, t0); err != nil || !set {
		t.Errorf("SetGymLink reset = %v, %v", set, err)
	}
	if _, _, ok, err := db.GymLink(ctx, "sel1"); err != nil || ok {
		t.Errorf("the old link after reset = %v, %v, want gone", ok, err)
	}
	if err := db.Forget(ctx, "u1"); err != nil {
		t.Fatal(err)
	}
	if _, _, ok, err := db.GymLink(ctx, "sel3"); err != nil || ok {
		t.Errorf("the link after Forget = %v, %v, want gone", ok, err)
	}
}
