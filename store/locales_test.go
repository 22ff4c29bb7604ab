package store

import (
	"context"
	"testing"
	"time"

	"github.com/hangtime/hangtime/coach"
)

func TestLocales(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	if ok, err := db.SetUserLocale(ctx, "u1", "de"); err != nil || ok {
		t.Fatalf("SetUserLocale for an unknown user = %v, %v; want false: it creates nobody", ok, err)
	}
	if l, err := db.UserLocale(ctx, "u1"); err != nil || l != "" {
		t.Fatalf("UserLocale(unknown) = %q, %v", l, err)
	}
	if err := db.SaveProfile(ctx, coach.Profile{UserID: "u1"}, now); err != nil {
		t.Fatal(err)
	}
	if ok, err := db.SetUserLocale(ctx, "u1", "de"); err != nil || !ok {
		t.Fatalf("SetUserLocale = %v, %v", ok, err)
	}
	if l, err := db.UserLocale(ctx, "u1"); err != nil || l != "de" {
		t.Fatalf("UserLocale = %q, %v; want de", l, err)
	}
	if ok, err := db.SetGroupLocale(ctx, "g1", "fr"); err != nil || ok {
		t.Fatalf("SetGroupLocale for no group = %v, %v", ok, err)
	}
	if err := db.SaveGroup(ctx, coach.Group{GuildID: "g1", ChannelID: "c1", DigestMinute: 1200, Timezone: "UTC"}, nil, nil, now); err != nil {
		t.Fatal(err)
	}
	if ok, err := db.SetGroupLocale(ctx, "g1", "fr"); err != nil || !ok {
		t.Fatalf("SetGroupLocale = %v, %v", ok, err)
	}
	if l, err := db.GroupLocale(ctx, "g1"); err != nil || l != "fr" {
		t.Fatalf("GroupLocale = %q, %v; want fr", l, err)
	}
	// Setting the group up again keeps its locale.
	if err := db.SaveGroup(ctx, coach.Group{GuildID: "g1", ChannelID: "c2", DigestMinute: 1200, Timezone: "UTC"}, nil, nil, now); err != nil {
		t.Fatal(err)
	}
	if l, err := db.GroupLocale(ctx, "g1"); err != nil || l != "fr" {
		t.Fatalf("GroupLocale after setup = %q, %v; want fr", l, err)
	}
}
