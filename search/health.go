package search

// A bleve index can break while open: a batch fails to persist on a full disk (after which
// bleve's next batch panics), or a damaged segment panics or fails in a search. The index
// is only derived data, so such a failure never reaches the caller as a crash: the index
// is marked broken (in memory and by a marker file, so that the next Open rebuilds it even
// if the process dies), every later call answers a clear *DamagedError without touching
// bleve, and a background repair discards the damaged folder and rebuilds it from the store.

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"
)

// ErrDamaged is matched (errors.Is) by the error of every call made while the index is
// damaged and not yet rebuilt.
var ErrDamaged = errors.New("the search index is damaged")

// DamagedError is the answer of an index that failed while open.
type DamagedError struct {
	Rebuilding bool  // a background rebuild is running (or waiting for room on the disk)
	Cause      error // the failure that broke it
}

func (e *DamagedError) Error() string {
	cause := "unknown failure"
	if e.Cause != nil {
		cause = e.Cause.Error()
	}
	switch {
	case e.Rebuilding && noSpace(e.Cause):
		return "the search index is damaged and is being rebuilt as soon as the disk has room (it could not be saved: the disk is full); your work is saved (" + cause + ")"
	case e.Rebuilding:
		return "the search index is damaged and is being rebuilt: search works again when it is ready; your work is saved (" + cause + ")"
	default:
		return "the search index is damaged and needs rebuilding: it is rebuilt the next time the workspace is opened (or now with gloss reindex); your work is saved (" + cause + ")"
	}
}

func (e *DamagedError) Is(target error) bool { return target == ErrDamaged }
func (e *DamagedError) Unwrap() error        { return e.Cause }

// brokenMarker is written into the index folder when the index breaks; an index folder
// holding it is rebuilt at the next Open.
const brokenMarker = "gloss-broken"

// repairRetry is how long a failed background rebuild waits before trying again (and how
// long the first attempt waits after a full disk, to leave the room to the store).
var repairRetry = 30 * time.Second

// batchFault, when set (tests), runs before every batch written to a bleve index and may
// fail or panic in its place, like a full disk or bleve's panic after one.
var batchFault func() error

// noSpace reports whether err is a full disk (or a file-size limit).
func noSpace(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EFBIG) || errors.Is(err, syscall.EDQUOT) ||
		(err != nil && strings.Contains(err.Error(), "no space left on device"))
}

// queryError reports whether a bleve search error comes from the query rather than from
// the index (a prefix or fuzzy word that expands to too many terms).
func queryError(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) ||
		strings.Contains(err.Error(), "TooManyClauses")
}

// guard runs fn, which reads or writes bleve, with memory faults turned into panics, and
// turns a panic into a broken index.
func (ix *Index) guard(what string, fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = ix.fail(fmt.Errorf("%s: bleve panicked: %v", what, r))
		}
	}()
	return fn()
}

// usable returns the DamagedError of a broken index, nil for a healthy one.
func (ix *Index) usable() error {
	ix.healthMu.Lock()
	defer ix.healthMu.Unlock()
	if ix.broken == nil {
		return nil
	}
	return &DamagedError{Rebuilding: ix.repairing, Cause: ix.broken}
}

// fail marks the index broken for cause (the first cause is kept), persists the marker,
// starts the background repair and returns the DamagedError to give the caller.
func (ix *Index) fail(cause error) error {
	ix.healthMu.Lock()
	defer ix.healthMu.Unlock()
	if ix.broken == nil {
		ix.broken = cause
		ix.facets.clear()
		// Best effort: an empty file needs no data block, so it is written on a full disk.
		if f, err := os.OpenFile(filepath.Join(ix.dir, brokenMarker), os.O_CREATE|os.O_WRONLY, 0o600); err == nil {
			f.Close()
		}
		if !ix.closed && !ix.repairing {
			ix.repairing = true
			ctx, cancel := context.WithCancel(context.Background())
			ix.cancelRepair = cancel
			ix.repairDone = make(chan struct{})
			go ix.repair(ctx, noSpace(cause), ix.repairDone)
		}
	}
	return &DamagedError{Rebuilding: ix.repairing, Cause: ix.broken}
}

// repair discards the damaged index (its folder is useless, and its room may be needed)
// and rebuilds it from the store, trying again after repairRetry until it works or the
// index is closed. After a full disk the first attempt waits too.
func (ix *Index) repair(ctx context.Context, wait bool, done chan struct{}) {
	defer close(done)
	report := func(d, t int, err error) {
		if ix.onRepair != nil {
			ix.onRepair(d, t, err)
		}
	}
	ix.writeMu.Lock()
	ix.mu.Lock()
	if ix.parts != nil {
		closeParts(ix.parts)
		ix.parts = nil
	}
	os.RemoveAll(ix.dir)
	ix.mu.Unlock()
	ix.writeMu.Unlock()
	for {
		if wait {
			select {
			case <-ctx.Done():
				return
			case <-time.After(repairRetry):
			}
		}
		// done == total is said once, when the rebuilt index answers searches again.
		total := 0
		err := ix.rebuild(ctx, func(d, t int) {
			if total = t; d < t {
				report(d, t, nil)
			}
		})
		if err == nil {
			report(total, total, nil)
			return
		}
		if ctx.Err() != nil {
			return
		}
		report(0, 0, fmt.Errorf("rebuild search index: %w", err))
		wait = true
	}
}

// healed clears the broken state once a rebuilt index is in place (ix.mu held).
func (ix *Index) healed() {
	ix.healthMu.Lock()
	ix.broken = nil
	ix.repairing = false
	ix.healthMu.Unlock()
	ix.facets.clear()
}

// stopRepair cancels a running repair and waits for it to end.
func (ix *Index) stopRepair() {
	ix.healthMu.Lock()
	ix.closed = true
	cancel, done := ix.cancelRepair, ix.repairDone
	ix.healthMu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
}
