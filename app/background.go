package app

// This file runs what the window needs but must not wait for: opening (or rebuilding)
// the search index, which takes tens of seconds on a big workspace, and the daily backup
// of the store. Both start with the window and report through the status bar.

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"

	"gloss.app/gloss/search"
)

// indexHolder is the search index once it is open. Searches run off the UI goroutine,
// so it is guarded by a mutex rather than owned by the UI.
type indexHolder struct {
	mu     sync.Mutex
	ix     *search.Index
	err    error // why it could not be opened
	closed bool  // the window shut down: an index opened late is closed at once
}

// errIndexBuilding is what a search says while the index is being built.
var errIndexBuilding = errors.New("the search index is still being built: results appear as soon as it is ready")

// get returns the open index, or why there is none.
func (h *indexHolder) get() (*search.Index, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	switch {
	case h.ix != nil:
		return h.ix, nil
	case h.err != nil:
		return nil, h.err
	case h.closed:
		return nil, errors.New("the workspace is closing")
	}
	return nil, errIndexBuilding
}

// startBackground opens the search index and takes the daily backup off the UI goroutine.
func (wb *Workbench) startBackground() {
	wb.bg.Add(2)
	go func() {
		defer wb.bg.Done()
		path, err := wb.ws.BackupIfDue()
		if err != nil {
			fyne.Do(func() { wb.setStatus(fmt.Sprintf("⚠ The daily backup failed: %v", err)) })
		}
		_ = path // a backup is quiet when it works
	}()
	go func() {
		defer wb.bg.Done()
		prog := &throttle{every: 100 * time.Millisecond}
		var rebuilt atomic.Bool
		// Called inside a command, maybe on the UI goroutine: only post (fyne.Do does not wait).
		wb.ws.OnIndexError = func(err error) {
			fyne.Do(func() { wb.setStatus("⚠ " + err.Error()) })
		}
		repairProg := &throttle{every: 100 * time.Millisecond}
		ix, err := search.OpenWith(wb.ws, search.Options{
			Progress: func(done, total int) {
				rebuilt.Store(true)
				if !prog.due(done >= total) {
					return
				}
				fyne.Do(func() { wb.status.showIndexProgress(done, total) })
			},
			// An index that breaks while open (full disk, damaged file) is rebuilt in the
			// background; the store has every change meanwhile.
			Repair: func(done, total int, err error) {
				if err != nil {
					fyne.Do(func() {
						wb.status.hideIndexProgress()
						wb.setStatus(fmt.Sprintf("⚠ Search is unavailable: %v", err))
					})
					return
				}
				if !repairProg.due(done >= total) {
					return
				}
				fyne.Do(func() {
					if done < total {
						wb.status.showIndexProgress(done, total)
						return
					}
					wb.status.hideIndexProgress()
					wb.setStatus("Search index rebuilt")
					wb.searchView.Refresh()
					wb.onIndexReady()
				})
			},
		})
		wb.index.mu.Lock()
		late := wb.index.closed
		if err != nil {
			if errors.Is(err, search.ErrInUse) {
				err = fmt.Errorf("search is unavailable: another Gloss process is using this workspace's index (%w)", err)
			} else {
				err = fmt.Errorf("search is unavailable: %w", err)
			}
			wb.index.err = err
		} else if !late {
			wb.index.ix = ix
		}
		wb.index.mu.Unlock()
		if late && ix != nil {
			wb.ws.SetIndexer(nil)
			ix.Close()
			return
		}
		fyne.Do(func() {
			wb.status.hideIndexProgress()
			if err != nil {
				wb.showError(err)
				return
			}
			if rebuilt.Load() {
				n, _ := ix.DocCount()
				wb.setStatus(fmt.Sprintf("Search index ready (%d documents)", n))
			}
			wb.searchView.Refresh()
			wb.onIndexReady()
		})
	}()
}

// onIndexReady tells the views that search works now.
func (wb *Workbench) onIndexReady() {
	for _, f := range wb.indexReady {
		f()
	}
}

// WaitBackground waits until the index is open (or failed) and the backup is done
// (tests; with the test driver their results are shown when it returns).
func (wb *Workbench) WaitBackground() { wb.bg.Wait() }

// Shutdown closes the search index before the workspace closes. It waits up to wait for
// the index to finish opening; false means it is still being built and the workspace
// must not be closed under it (the process exits and the next start cleans up).
func (wb *Workbench) Shutdown(wait time.Duration) bool {
	wb.shutdown.Do(func() {
		done := make(chan struct{})
		go func() { wb.bg.Wait(); close(done) }()
		select {
		case <-done:
			wb.cleanExit = true
		case <-time.After(wait):
		}
		wb.index.mu.Lock()
		wb.index.closed = true
		ix := wb.index.ix
		wb.index.ix = nil
		wb.index.mu.Unlock()
		if ix != nil {
			wb.ws.SetIndexer(nil)
			ix.Close()
		}
	})
	return wb.cleanExit
}

// Search runs a search on the index (off the UI goroutine).
func (wb *Workbench) Search(req search.Request) (*search.Results, error) {
	ix, err := wb.index.get()
	if err != nil {
		return nil, err
	}
	return ix.Search(req)
}

// AnnotationIDs are the annotations a query matches (export of search results).
func (wb *Workbench) AnnotationIDs(q string) ([]string, error) {
	ix, err := wb.index.get()
	if err != nil {
		return nil, err
	}
	return ix.AnnotationIDs(q)
}

// throttle lets progress reach the UI at most every so often, and always at the end.
type throttle struct {
	mu    sync.Mutex
	every time.Duration
	last  time.Time
}

func (t *throttle) due(final bool) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := time.Now()
	if !final && now.Sub(t.last) < t.every {
		return false
	}
	t.last = now
	return true
}
