package store

import (
	"os"
	"testing"

	"github.com/hangtime/hangtime/internal/dbtest"
)

// TestMain runs the store's tests on SQLite and, with
// HANGTIME_TEST_POSTGRES set, on PostgreSQL too (see internal/dbtest).
func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }
