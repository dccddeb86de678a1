package async

import (
	"sync"
	"time"

	"fyne.io/fyne/v2"
)

// Throttle calls f on the UI goroutine when something asked for it (Poke): at once after
// a quiet spell, and at most once every interval while pokes keep coming faster, the
// pokes of a burst answered together. The window follows the changes made elsewhere
// with it: a colleague's change or a command typed now and then shows at once, while a
// script of a hundred `gloss annotate` calls refreshes the views twice a second rather
// than a hundred times, so the refreshes and their redraws do not compete with the
// script's next commands for the processor.
type Throttle struct {
	quiet, every time.Duration
	f            func()

	mu       sync.Mutex
	pending  bool
	stopped  bool
	lastPoke time.Time
	lastCall time.Time
}

// Throttle returns a Throttle of f: a poke that comes at least quiet after the previous
// one calls f at once, a poke in a burst waits until every has passed since the last
// call. An Inline Runner's throttle calls f through fyne.Do at every poke, which the test
// driver runs in place: a test sees the call done when the change that poked returns.
func (r *Runner) Throttle(quiet, every time.Duration, f func()) *Throttle {
	t := &Throttle{quiet: quiet, every: every, f: f}
	if r.inline {
		t.every = 0
	}
	return t
}

// Poke asks for a call of f; safe on any goroutine.
func (t *Throttle) Poke() {
	t.mu.Lock()
	now := time.Now()
	wait := throttleWait(now, t.lastPoke, t.lastCall, t.quiet, t.every)
	t.lastPoke = now
	if t.pending || t.stopped {
		t.mu.Unlock()
		return
	}
	t.pending = true
	t.mu.Unlock()
	if wait <= 0 {
		t.fire()
		return
	}
	time.AfterFunc(wait, t.fire)
}

// fire makes the pending call. The lock is not held while posting: fyne.Do may run the
// call in place (the test driver does).
func (t *Throttle) fire() {
	t.mu.Lock()
	if t.stopped {
		t.mu.Unlock()
		return
	}
	t.pending = false
	t.lastCall = time.Now()
	t.mu.Unlock()
	fyne.Do(t.call)
}

func (t *Throttle) call() {
	t.mu.Lock()
	stopped := t.stopped
	t.mu.Unlock()
	if !stopped {
		t.f()
	}
}

// Stop drops the pending call, if any, and every later poke.
func (t *Throttle) Stop() {
	t.mu.Lock()
	t.stopped = true
	t.mu.Unlock()
}

// throttleWait is how long a poke at now waits, given the previous poke and the last
// call: none after a quiet spell, else until an interval has passed since that call.
func throttleWait(now, lastPoke, lastCall time.Time, quiet, every time.Duration) time.Duration {
	if lastPoke.IsZero() || now.Sub(lastPoke) >= quiet {
		return 0
	}
	return lastCall.Add(every).Sub(now)
}
