package store

// The store's tests run with one read connection: a read that waited for
// a second connection while holding one would hang them, where the
// process's fixed pool (readConns) would hang only under a burst.
func init() { readConns = 1 }
