package store

import "sync"

// warmWorkers is how many long-lived goroutines run the hot statements:
// one for each read connection and one for the write connection.
const warmWorkers = readConns + 1

// warm runs the statements of the hot path on long-lived goroutines. The
// driver is C translated to Go, with deep call chains: run on a handler's
// fresh goroutine (discordgo starts one per event), a statement first
// grows that goroutine's stack several times over, copying it each time,
// which at a few hundred interactions a second cost about as much as the
// statement. A worker's stack stays grown between statements; handing the
// statement over costs two goroutine switches.
type warm struct {
	jobs chan func()
	quit chan struct{}
	once sync.Once
	wg   sync.WaitGroup
}

func newWarm() *warm {
	w := &warm{jobs: make(chan func()), quit: make(chan struct{})}
	w.wg.Add(warmWorkers)
	for range warmWorkers {
		go func() {
			defer w.wg.Done()
			for {
				select {
				case f := <-w.jobs:
					f()
				case <-w.quit:
					return
				}
			}
		}()
	}
	return w
}

// run runs f on a worker and returns when it has; after stop, on the
// caller's goroutine (the database is closed then, so f fails quickly).
func (w *warm) run(f func()) {
	done := make(chan struct{})
	select {
	case w.jobs <- func() { f(); close(done) }:
		<-done
	case <-w.quit:
		f()
	}
}

// stop ends the workers once the statements they run have returned.
func (w *warm) stop() {
	w.once.Do(func() { close(w.quit) })
	w.wg.Wait()
}
