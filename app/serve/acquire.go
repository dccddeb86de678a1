package serve

import (
	"errors"
	"fmt"
	"time"

	"gloss.app/gloss/annotate"
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
func Acquire(dir string, opts annotate.Options, wait time.Duration, waiting func(annotate.Holder)) (*Conn, *annotate.Workspace, error) {
	start := time.Now()
	told := waiting == nil
	for {
		if conn, err := Dial(dir); err == nil {
			return conn, nil, nil
		}
		ws, err := annotate.Open(dir, opts)
		if err == nil {
			return nil, ws, nil
		}
		if !errors.Is(err, annotate.ErrInUse) {
			return nil, nil, err
		}
		waited := time.Since(start)
		if waited >= wait {
			if wait > 0 {
				err = fmt.Errorf("%w; gave up waiting after %s (--wait sets how long)", err, wait.Round(time.Millisecond))
			}
			return nil, nil, err
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
