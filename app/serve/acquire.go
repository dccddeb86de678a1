package serve

import (
	"errors"
	"fmt"
	"time"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/app/serve/wire"
)

// DefaultWait is how long a process waits for a workspace another one holds.
const DefaultWait = 10 * time.Second

// tellAfter is how long a wait lasts before the waiter says what it waits for.
const tellAfter = time.Second

// retryEvery is how often a waiter tries again.
const retryEvery = 50 * time.Millisecond

// Acquire gets the workspace in dir for this process: a connection to the window that
// serves it, or, when none does, the workspace itself, opened with opts. While another
// process holds it without serving it (a command running, a window starting), Acquire
// tries again until wait has passed, and after a second calls waiting (if not nil) once
// with what the lock file says holds it. A crashed holder blocks nothing: the kernel
// dropped its lock, and its socket refuses connections.
func Acquire(dir string, opts annotate.Options, wait time.Duration, waiting func(annotate.Holder)) (*wire.Conn, *annotate.Workspace, error) {
	return AcquireFor(dir, wait, waiting, func() (*annotate.Workspace, error) { return annotate.Open(dir, opts) })
}

// AcquireFor is Acquire for work that takes the workspace's lock itself instead of
// opening it (a restore: annotate.Restore): take runs when no window serves the
// workspace, and runs again while it fails with an error wrapping annotate.ErrInUse.
func AcquireFor[T any](dir string, wait time.Duration, waiting func(annotate.Holder), take func() (T, error)) (*wire.Conn, T, error) {
	var zero T
	start := time.Now()
	told := waiting == nil
	for {
		if conn, err := wire.Dial(dir); err == nil {
			return conn, zero, nil
		}
		v, err := take()
		if err == nil {
			return nil, v, nil
		}
		if !errors.Is(err, annotate.ErrInUse) {
			return nil, zero, err
		}
		waited := time.Since(start)
		if waited >= wait {
			if wait > 0 {
				err = fmt.Errorf("%w; gave up waiting after %s (--wait sets how long)", err, wait.Round(time.Millisecond))
			}
			return nil, zero, err
		}
		if !told && waited >= tellAfter {
			if h, ok := annotate.LockHolder(dir); ok {
				waiting(h)
				told = true
			}
		}
		time.Sleep(min(retryEvery, wait-waited))
	}
}
