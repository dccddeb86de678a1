package async

import (
	"sync"

	"fyne.io/fyne/v2"
)

// posted holds the calls an Inline Runner keeps until Flush.
type posted struct {
	mu    sync.Mutex
	calls []func()
}

// Post hands f to the UI goroutine from any goroutine, for producers that live outside
// the Runner (the suggestion trainer tells of each new model on its own goroutine). A
// real Runner posts it with fyne.Do; an Inline Runner keeps it until the test calls
// Flush, because the test driver's fyne.Do would run it at once on the producer's
// goroutine, touching widgets behind the test's back.
func (r *Runner) Post(f func()) {
	if !r.inline {
		fyne.Do(f)
		return
	}
	r.posted.mu.Lock()
	r.posted.calls = append(r.posted.calls, f)
	r.posted.mu.Unlock()
}

// Flush runs, on the caller's goroutine and in order, what was posted to an Inline
// Runner (calls posted meanwhile included); it reports how many ran.
func (r *Runner) Flush() int {
	n := 0
	for {
		r.posted.mu.Lock()
		calls := r.posted.calls
		r.posted.calls = nil
		r.posted.mu.Unlock()
		if len(calls) == 0 {
			return n
		}
		for _, f := range calls {
			f()
			n++
		}
	}
}
