package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/hangtime/hangtime/coach"
)

// hotStarts is how many of a user's most recent starts a cached entry
// keeps: coach.PlanWindow, the most that HangFacts' count of recent hangs
// looks at, so the count is always exact from them.
const hotStarts = coach.PlanWindow

// hotUsers bounds how many users the cache holds (at most about 2 KB
// each); past it an arbitrary entry makes room.
const hotUsers = 1024

// factsCap is factsCountCap, the most HangFacts counts, as a number.
var factsCap, _ = strconv.Atoi(factsCountCap)

// hotCache holds, for users who logged lately, what a /hang log reads
// before it writes (ProfileAndFacts): the profile, group membership and
// the most recent starts. Reading them from SQLite put the log's read on
// the writer connection, in the queue every log's write waits in; served
// from memory, a log touches SQLite once, to write. BENCHMARKS.md has the
// figures.
//
// It cannot go stale from this process's writes: SQLite's pre-update
// hook, on every connection of the file, reports each row written to
// users, sessions or group_members (triggers and cascades included), and
// a new hang is added to its user's entry while any other change drops
// it; a rolled-back transaction that touched them empties the cache.
// Another process writing the same file is not seen by those hooks, so
// the cache serves only while no other process has the file open (see
// soleLock); SQLite deployments run one process (README, Scaling out),
// and PostgreSQL has no cache.
type hotCache struct {
	mu    sync.Mutex
	users map[string]*hotUser
	// sole reports how many times the file was opened (soleLock) and
	// whether this process alone has it open; gen is the count last seen.
	sole func() (uint64, bool)
	gen  uint64
	// cols are the user_id and started_ms columns' positions, for the
	// hook, which does nothing until columns has found them all (on).
	sessUser, sessStart, usersUser, membersUser int
	on                                          atomic.Bool
}

// hotUser is one user's entry. ver changes with every change reported
// for the user, so a fill that read before it is not stored.
type hotUser struct {
	ver     uint64
	ok      bool // filled, and not dropped since
	profile coach.Profile
	member  bool
	first   int64   // the earliest start, 0 without hangs
	starts  []int64 // the latest starts, newest first, at most hotStarts
	all     bool    // starts holds every hang of the user
}

func newHotCache(sole func() (uint64, bool)) *hotCache {
	c := &hotCache{users: make(map[string]*hotUser), sole: sole}
	c.gen, _ = sole()
	return c
}

// usable reports whether the entries can be trusted: nobody else has the
// file open, and nobody opened it since the last look (when somebody did,
// the entries are dropped, and filled again from what is on disk). c.mu
// is held.
func (c *hotCache) usable() bool {
	gen, alone := c.sole()
	if gen != c.gen || !alone {
		c.gen = gen
		c.clearLocked()
	}
	return alone
}

// facts answers ProfileAndFacts from the user's entry, or says it cannot:
// not cached, another process on the file, or a hang added before every
// start the entry holds.
func (c *hotCache) facts(userID string, added, since time.Time, window int) (coach.Profile, bool, coach.HangFacts, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	u := c.users[userID]
	if !c.usable() || u == nil || !u.ok || window != hotStarts {
		return coach.Profile{}, false, coach.HangFacts{}, false
	}
	f, ok := u.hangFacts(added, since)
	return u.profile, u.member, f, ok
}

// hangFacts is what hangFactsSQL reads, from the entry.
func (u *hotUser) hangFacts(added, since time.Time) (coach.HangFacts, bool) {
	f := coach.HangFacts{Added: added, Since: since, Recent: -1}
	a, n := ms(added), len(u.starts)
	at := atOrBefore(u.starts, a)
	if at == n && !u.all {
		return f, false // before every start held: the previous one is older
	}
	if at < n {
		f.Prev = fromMS(u.starts[at])
	}
	if at > 0 {
		f.Next = fromMS(u.starts[at-1])
	}
	f.Total = min(n, factsCap)
	if !u.all {
		f.Total = factsCap
	}
	f.First = fromMS(u.first)
	if coach.NeedsRecent(f.Total, f.First, since) {
		f.Recent = atOrBefore(u.starts, ms(since))
	}
	return f, true
}

// atOrBefore is the index of the first of starts (newest first) at or
// before t: how many are after it.
func atOrBefore(starts []int64, t int64) int {
	at, _ := slices.BinarySearchFunc(starts, t, func(v, t int64) int {
		if v > t {
			return -1
		}
		return 1
	})
	return at
}

// begin makes the user's entry, unfilled, and returns its version for
// fill: an entry changed or dropped between the two is not filled.
func (c *hotCache) begin(userID string) (*hotUser, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.usable() {
		return nil, 0
	}
	u := c.users[userID]
	if u == nil {
		if len(c.users) >= hotUsers {
			for k := range c.users {
				delete(c.users, k)
				break
			}
		}
		u = &hotUser{}
		c.users[userID] = u
	}
	return u, u.ver
}

// fill stores what was read for the entry begun at ver, unless it changed.
func (c *hotCache) fill(userID string, u *hotUser, ver uint64, filled hotUser) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.usable() || u == nil || c.users[userID] != u || u.ver != ver {
		return
	}
	filled.ver, filled.ok = ver, true
	*u = filled
}

// added puts a new hang's start into its user's entry.
func (c *hotCache) added(userID string, start int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	u := c.users[userID]
	if u == nil {
		return
	}
	u.ver++
	if !u.ok {
		return
	}
	at := atOrBefore(u.starts, start)
	if at == hotStarts {
		u.all = false // older than every start held
	} else {
		if len(u.starts) == hotStarts {
			u.starts, u.all = u.starts[:hotStarts-1], false
		}
		u.starts = slices.Insert(u.starts, at, start)
	}
	if u.first == 0 || start < u.first {
		u.first = start
	}
}

// drop forgets the user's entry, so the next read fills it again.
func (c *hotCache) drop(userID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if u := c.users[userID]; u != nil {
		u.ver++
		u.ok = false
	}
}

// clear forgets every entry.
func (c *hotCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.clearLocked()
}

func (c *hotCache) clearLocked() {
	for _, u := range c.users {
		u.ver++
		u.ok = false
	}
}

// hook registers the cache's hooks on a new connection of the file. Each
// connection keeps its own note of whether its open transaction reported
// a change, which a rollback must then undo by emptying the cache.
func (c *hotCache) hook(conn sqlite.ExecQuerierContext, _ string) error {
	h, ok := conn.(sqlite.HookRegisterer)
	if !ok {
		return errors.New("hot cache: the SQLite driver offers no hooks")
	}
	changed := false
	h.RegisterPreUpdateHook(func(d sqlite.SQLitePreUpdateData) {
		if !c.on.Load() || d.DatabaseName != "main" {
			return
		}
		switch d.TableName {
		case "sessions":
			changed = true
			if d.Op == sqlite3.SQLITE_INSERT {
				if user, start, ok := c.sessionOf(&d); ok {
					c.added(user, start)
					return
				}
				c.clear()
				return
			}
			c.dropUserOf(&d, c.sessUser)
		case "users":
			changed = true
			c.dropUserOf(&d, c.usersUser)
		case "group_members":
			changed = true
			c.dropUserOf(&d, c.membersUser)
		}
	})
	h.RegisterCommitHook(func() int32 {
		changed = false
		return 0
	})
	h.RegisterRollbackHook(func() {
		if changed {
			c.clear()
		}
		changed = false
	})
	return nil
}

// sessionOf reads the user and start of a row being inserted into sessions.
func (c *hotCache) sessionOf(d *sqlite.SQLitePreUpdateData) (string, int64, bool) {
	row := make([]any, max(c.sessUser, c.sessStart)+1)
	if err := d.New(row...); err != nil {
		return "", 0, false
	}
	user, ok1 := row[c.sessUser].(string)
	start, ok2 := row[c.sessStart].(int64)
	return user, start, ok1 && ok2
}

// dropUserOf drops the entries of the user in column col of the row's old
// and new values (as the change has them); a value it cannot read empties
// the cache.
func (c *hotCache) dropUserOf(d *sqlite.SQLitePreUpdateData, col int) {
	read := []func(...any) error{}
	if d.Op != sqlite3.SQLITE_INSERT {
		read = append(read, d.Old)
	}
	if d.Op != sqlite3.SQLITE_DELETE {
		read = append(read, d.New)
	}
	for _, r := range read {
		row := make([]any, col+1)
		if err := r(row...); err != nil {
			c.clear()
			return
		}
		user, ok := row[col].(string)
		if !ok {
			c.clear()
			return
		}
		c.drop(user)
	}
}

// columns finds where the hook reads user_id and started_ms, after the
// migrations.
func (c *hotCache) columns(ctx context.Context, w *sql.DB) error {
	for _, col := range []struct {
		table, name string
		at          *int
	}{
		{"sessions", "user_id", &c.sessUser},
		{"sessions", "started_ms", &c.sessStart},
		{"users", "user_id", &c.usersUser},
		{"group_members", "user_id", &c.membersUser},
	} {
		if err := w.QueryRowContext(ctx, `SELECT cid FROM pragma_table_info(?) WHERE name = ?`, col.table, col.name).Scan(col.at); err != nil {
			return fmt.Errorf("hot cache: column %s.%s: %w", col.table, col.name, err)
		}
	}
	c.on.Store(true)
	return nil
}

// hotFillSQL reads the profile and the earliest start for an entry;
// hotStartsSQL its latest starts.
const (
	hotFillSQL   = profileAndGroupsSQL + `, (SELECT min(started_ms) FROM sessions WHERE user_id = ?1) FROM users WHERE user_id = ?1`
	hotStartsSQL = `SELECT started_ms FROM sessions WHERE user_id = ? ORDER BY started_ms DESC LIMIT ?`
)

// fillHot reads the user's entry on the writer connection (where the
// pages are warm, as hotRow) and stores it unless a change came between.
func (db *DB) fillHot(ctx context.Context, userID string) error {
	u, ver := db.hot.begin(userID)
	if u == nil {
		return nil // not to be trusted now: ProfileAndFacts reads SQLite
	}
	var h hotUser
	var first sql.NullInt64
	p, member, err := scanProfile(db.hotRow(ctx, hotFillSQL, userID), userID, &first)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		h.profile = p
	case err != nil:
		return fmt.Errorf("load profile and hang facts: %w", err)
	default:
		h.profile, h.member, h.first = p, member, first.Int64
	}
	rows, err := db.w.QueryContext(db.quick(ctx), hotStartsSQL, userID, hotStarts)
	if err != nil {
		return fmt.Errorf("load profile and hang facts: %w", err)
	}
	h.starts = make([]int64, 0, hotStarts)
	for rows.Next() {
		var s int64
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return fmt.Errorf("load profile and hang facts: %w", err)
		}
		h.starts = append(h.starts, s)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return fmt.Errorf("load profile and hang facts: %w", err)
	}
	h.all = len(h.starts) < hotStarts
	db.hot.fill(userID, u, ver, h)
	return nil
}
