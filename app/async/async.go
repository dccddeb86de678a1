// Package async is the one way the window runs slow work without blocking the UI
// goroutine. A Runner starts work on a goroutine, hands results and progress back to the
// UI goroutine through fyne.Do, and can be waited for. Every view of the window gets the
// window's Runner, so a test sets one thing: an Inline Runner runs the work in place on
// the test's goroutine (where the test driver's fyne.Do also runs), and its timers never
// fire behind the test's back.
package async

import (
	"sync"
	"time"

	"fyne.io/fyne/v2"
)

// Runner runs work off the UI goroutine.
type Runner struct {
	inline bool
	wg     sync.WaitGroup
	posted posted // what background producers posted to an Inline Runner
}

// New returns a Runner that runs work on goroutines (the real window).
func New() *Runner { return &Runner{} }

// Inline returns a Runner that runs work in place and whose timers never fire by
// themselves: what waits on a timer runs when the test flushes it (searchview.View.Flush).
func Inline() *Runner { return &Runner{inline: true} }

// Go runs work off the UI goroutine; work touches widgets only through fyne.Do. The
// channel is closed when work has returned.
func (r *Runner) Go(work func()) <-chan struct{} {
	done := make(chan struct{})
	r.wg.Add(1)
	run := func() {
		defer close(done)
		defer r.wg.Done()
		work()
	}
	if r.inline {
		run()
	} else {
		go run()
	}
	return done
}

// Then runs work off the UI goroutine and hands its result to show on the UI goroutine.
func Then[T any](r *Runner, work func() T, show func(T)) <-chan struct{} {
	return r.Go(func() {
		v := work()
		fyne.Do(func() { show(v) })
	})
}

// Wait blocks until all work started with Go has returned (tests; never on the UI
// goroutine of a real window, where the work's fyne.Do calls would wait for it).
func (r *Runner) Wait() { r.wg.Wait() }

// Timer is a call waiting for its time (After).
type Timer struct{ t *time.Timer }

// Stop cancels the call; false if it had already been made (or, inline, never would be).
func (t *Timer) Stop() bool {
	if t == nil || t.t == nil {
		return false
	}
	return t.t.Stop()
}

// After calls f on the UI goroutine once d has passed, unless the timer is stopped
// first. An Inline Runner never makes the call.
func (r *Runner) After(d time.Duration, f func()) *Timer {
	if r.inline {
		return &Timer{}
	}
	return &Timer{t: time.AfterFunc(d, func() { fyne.Do(f) })}
}

// Every calls f on the UI goroutine every d until the returned stop is called (the
// reader's auto-scroll while the pointer is held beyond its edge).
func Every(d time.Duration, f func()) (stop func()) {
	quit := make(chan struct{})
	go func() {
		t := time.NewTicker(d)
		defer t.Stop()
		for {
			select {
			case <-quit:
				return
			case <-t.C:
				fyne.Do(f)
			}
		}
	}()
	var once sync.Once
	return func() { once.Do(func() { close(quit) }) }
}

// Progress returns a progress callback, safe to call from any goroutine, that shows
// (done, total) on the UI goroutine at most once every interval, and always the last
// step (done >= total).
func Progress(every time.Duration, show func(done, total int)) func(done, total int) {
	var mu sync.Mutex
	var last time.Time
	return func(done, total int) {
		mu.Lock()
		now := time.Now()
		due := done >= total || now.Sub(last) >= every
		if due {
			last = now
		}
		mu.Unlock()
		if due {
			fyne.Do(func() { show(done, total) })
		}
	}
}

// WaitFor waits up to d for the work started with Go; false when some is still running.
func (r *Runner) WaitFor(d time.Duration) bool {
	done := make(chan struct{})
	go func() {
		r.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return true
	case <-time.After(d):
		return false
	}
}
