package app

// What the window needs but must not wait for: opening (or rebuilding) the search index,
// which takes tens of seconds on a big workspace, and the daily backup of the store. Both
// start with the window, run on the window's Runner and report through the status bar.

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"

	"gloss.app/gloss/app/async"
	"gloss.app/gloss/search"
)

// indexHolder is the search index once it is open. Searches run off the UI goroutine,
// so it is guarded by a mutex rather than owned by the UI.
type indexHolder struct {
	mu     sync.Mutex
	ix     *search.Index
	err    error // why it could not be opened
	closed bool  // the window shut down: an index opened late is closed at once
	// settled is false while the index is opened or rebuilt; ready is signalled when it
	// settles (commands from the command line wait for it, the window's views do not).
	settled bool
	ready   *sync.Cond
}

// wait returns the index once it is open, or why there is none, waiting while it is
// being opened or rebuilt.
func (h *indexHolder) wait() (*search.Index, error) {
	h.mu.Lock()
	for !h.settled && !h.closed {
		h.ready.Wait()
	}
	h.mu.Unlock()
	return h.get()
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

// progressEvery is how often index progress reaches the status bar.
const progressEvery = 100 * time.Millisecond

// startBackground takes the daily backup and opens the search index off the UI goroutine.
func (wb *Workbench) startBackground() {
	wb.background.add(wb.run.Go(wb.backup), wb.run.Go(wb.openIndex))
}

// backup takes the daily backup; it is quiet when it works.
func (wb *Workbench) backup() {
	if _, err := wb.ws.BackupIfDue(); err != nil {
		fyne.Do(func() { wb.setStatus(fmt.Sprintf("⚠ The daily backup failed: %v", err)) })
	}
}

// openIndex opens the search index (building or catching it up, with progress shown)
// and hands it to the window.
func (wb *Workbench) openIndex() {
	var rebuilt atomic.Bool
	// Called inside a command, maybe on the UI goroutine: only post (fyne.Do does not wait).
	wb.ws.OnIndexError = func(err error) {
		fyne.Do(func() { wb.setStatus("⚠ " + err.Error()) })
	}
	show := async.Progress(progressEvery, wb.status.showIndexProgress)
	ix, err := search.OpenWith(wb.ws, search.Options{
		Progress: func(done, total int) {
			rebuilt.Store(true)
			show(done, total)
		},
		// An index that breaks while open (full disk, damaged file) is rebuilt in the
		// background; the store has every change meanwhile.
		Repair:       wb.repairProgress(),
		PersistDelay: indexPersistDelay,
	})
	if err != nil {
		if errors.Is(err, search.ErrInUse) {
			err = fmt.Errorf("search is unavailable: another Gloss process is using this workspace's index (%w)", err)
		} else {
			err = fmt.Errorf("search is unavailable: %w", err)
		}
	}
	if !wb.holdIndex(ix, err) {
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
		wb.showPalette() // parents' roll-up counts come from the index's facets
	})
}

// holdIndex keeps the index just opened (or why it failed); false when the window shut
// down meanwhile, in which case the index is closed at once.
func (wb *Workbench) holdIndex(ix *search.Index, err error) bool {
	wb.index.mu.Lock()
	late := wb.index.closed
	if err != nil {
		wb.index.err = err
	} else if !late {
		wb.index.ix = ix
	}
	wb.index.settled = true
	wb.index.ready.Broadcast()
	wb.index.mu.Unlock()
	if late && ix != nil {
		wb.ws.SetIndexer(nil)
		ix.Close()
		return false
	}
	return true
}

// repairProgress shows the rebuild of an index that broke while open.
func (wb *Workbench) repairProgress() func(done, total int, err error) {
	show := async.Progress(progressEvery, func(done, total int) {
		if done < total {
			wb.status.showIndexProgress(done, total)
			return
		}
		wb.status.hideIndexProgress()
		wb.setStatus("Search index rebuilt")
		wb.searchView.Refresh()
	})
	return func(done, total int, err error) {
		if err == nil {
			show(done, total)
			return
		}
		fyne.Do(func() {
			wb.status.hideIndexProgress()
			wb.setStatus(fmt.Sprintf("⚠ Search is unavailable: %v", err))
		})
	}
}

// WaitBackground waits until the index is open (or failed) and the backup is done
// (tests; with the test driver their results are shown when it returns).
func (wb *Workbench) WaitBackground() {
	for _, done := range wb.background.started() {
		<-done
	}
}

// backgroundWork is the window's work that must end before its workspace closes. Work is
// added on the UI goroutine and waited for on others (a restore's status, Shutdown).
type backgroundWork struct {
	mu   sync.Mutex
	done []<-chan struct{} // each closed when its work has returned
}

func (b *backgroundWork) add(done ...<-chan struct{}) {
	b.mu.Lock()
	b.done = append(b.done, done...)
	b.mu.Unlock()
}

// started is the work added so far.
func (b *backgroundWork) started() []<-chan struct{} {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.done)
}

// indexPersistDelay is the window's search.Options.PersistDelay: its index takes changes
// one by one, a script's commands in bursts, and writes their segments to disk together
// (searches see each change at once).
const indexPersistDelay = 300 * time.Millisecond

// Shutdown stops the window's own work (stop) and closes the search index before the
// workspace closes. It waits up to wait for the index to finish opening; false means it is
// still being built and the workspace must not be closed under it (the process exits and
// the next start cleans up). Call it on the UI goroutine, after the app stopped, or off
// the UI goroutine once stop has run on it (a window that closes while the app goes on).
func (wb *Workbench) Shutdown(wait time.Duration) bool {
	wb.stop()
	wb.closeIndexOnce.Do(func() { wb.cleanExit = wb.closeIndex(wait) })
	return wb.cleanExit
}

// stop ends what the window does by itself before its workspace closes: team sync,
// suggestions, following changes made elsewhere; it remembers the reading position. UI
// goroutine: its callbacks read wb.shutdown there.
func (wb *Workbench) stop() {
	if wb.shutdown {
		return
	}
	wb.shutdown = true
	wb.stopTeam() // before the workspace closes: a running sync is cancelled
	wb.rememberReading()
	wb.stopSuggestions() // before the workspace closes; waited for in closeIndex like the index
	if wb.unobserve != nil {
		wb.unobserve()
	}
	if wb.follow.throttle != nil {
		wb.follow.throttle.Stop()
	}
}

// closeIndex waits up to wait for the background work (index opening, backup, trainer)
// and closes the index; false when the wait ran out (an index still being built is then
// closed by its builder). Any goroutine, after stop.
func (wb *Workbench) closeIndex(wait time.Duration) bool {
	clean := true
	deadline := time.After(wait)
waiting:
	for _, done := range wb.background.started() {
		select {
		case <-done:
		case <-deadline:
			clean = false
			break waiting
		}
	}
	wb.index.mu.Lock()
	wb.index.closed = true
	ix := wb.index.ix
	wb.index.ix = nil
	wb.index.ready.Broadcast()
	wb.index.mu.Unlock()
	if ix != nil {
		wb.ws.SetIndexer(nil)
		ix.Close()
	}
	return clean
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

// rebuildIndex rebuilds the search index from the store while the window runs (gloss
// reindex sent by the command line): the open index is closed, a new one built with
// progress (in the status bar and through progress), and the views search it after.
func (wb *Workbench) rebuildIndex(progress func(done, total int)) (*search.Index, error) {
	wb.rebuildMu.Lock()
	defer wb.rebuildMu.Unlock()
	wb.index.wait() // an opening or rebuild under way finishes first
	if wb.index.closedNow() {
		return nil, errors.New("the workspace is closing")
	}
	wb.index.mu.Lock()
	old := wb.index.ix
	wb.index.ix, wb.index.err, wb.index.settled = nil, nil, false
	wb.index.mu.Unlock()
	if old != nil {
		wb.ws.SetIndexer(nil)
		old.Close()
	}
	show := async.Progress(progressEvery, wb.status.showIndexProgress)
	ix, err := search.OpenWith(wb.ws, search.Options{ForceRebuild: true, Repair: wb.repairProgress(),
		PersistDelay: indexPersistDelay,
		Progress: func(done, total int) {
			show(done, total)
			if progress != nil {
				progress(done, total)
			}
		}})
	if err != nil {
		err = fmt.Errorf("search is unavailable: %w", err)
	}
	if !wb.holdIndex(ix, err) {
		return nil, errors.New("the workspace is closing")
	}
	fyne.Do(func() {
		wb.status.hideIndexProgress()
		if err != nil {
			wb.showError(err)
			return
		}
		wb.setStatus("Search index rebuilt")
		wb.searchView.Refresh()
	})
	return ix, err
}

// closedNow reports whether the window has shut the index down.
func (h *indexHolder) closedNow() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.closed
}
