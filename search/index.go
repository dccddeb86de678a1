// Package search is Gloss's local search index: bleve indexes derived from the workspace
// store (never the only copy of anything), kept in step by the command layer, rebuilt or
// caught up automatically on open, and queried with the language of package search/query.
package search

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"gloss.app/gloss/annotate"
)

// ErrInUse is wrapped by the error of opening an index another process holds.
var ErrInUse = errors.New("search index in use")

// lockTimeout bounds the wait for the index lock (bleve waits forever by default).
var lockTimeout = 2 * time.Second

var (
	keyRevision = []byte("gloss_store_revision")
	keyVersion  = []byte("gloss_mapping_version")
)

// Index is the search index of one open workspace. It implements annotate.Indexer.
// Its methods are safe for concurrent use.
type Index struct {
	ws  *annotate.Workspace
	dir string

	writeMu   sync.Mutex    // serialises writers: Apply, catch-up, the swap of a rebuild
	docAn     *textAnalysis // analyses the documents of changes (writeMu held)
	mu        sync.RWMutex  // guards parts (swapped by Rebuild)
	parts     []*part       // annotationsPart, articlesPart; nil when closed
	rebuildMu sync.Mutex    // one rebuild at a time

	tagsMu sync.Mutex
	tags   map[string]string // tag id → parent id, as last indexed: which tag changes matter

	cbMu  sync.Mutex
	cb    *annotate.Codebook // the codebook at cbRev (queries resolve tag names through it)
	cbRev uint64
	cbRes *tagResolver

	facets facetCache

	healthMu     sync.Mutex         // guards the fields below (see health.go)
	broken       error              // why the index cannot be used; nil when healthy
	repairing    bool               // a background rebuild runs or waits for room
	closed       bool               // Close was called: no repair starts
	cancelRepair context.CancelFunc // of the running repair
	repairDone   chan struct{}      // closed when the running repair ends
	onRepair     func(done, total int, err error)
	persistDelay time.Duration // Options.PersistDelay
}

// Options tune OpenWith.
type Options struct {
	// Progress is told how far a rebuild is.
	Progress func(done, total int)
	// ForceRebuild rebuilds the index even when it is current (gloss reindex).
	ForceRebuild bool
	// Repair is told how far the background rebuild of an index that broke while open is
	// (a failed batch, a panic, a damaged segment): done == total once searches work again,
	// err when an attempt failed (it is tried again after a while, and at the next Open).
	// It is called from the repair's goroutine.
	// Meanwhile every search answers a *DamagedError (errors.Is(err, ErrDamaged)).
	Repair func(done, total int, err error)
	// PersistDelay is for an index that stays open while changes come one by one (the
	// window, serving a script's commands): bleve writes the segment of each change to
	// disk this long after it, so the segments of a burst are written — and merged —
	// together rather than one by one, work that would compete with the next commands.
	// Searches see each change at once all the same, and a crash loses nothing: the index
	// is caught up from the store's journal. 0 writes each segment at once (a command's
	// process, which waits for its segment to be written before it exits).
	PersistDelay time.Duration
}

// quietLibraries keeps the log lines of bleve (and bbolt) out of the standard logger's
// output: bleve's persister logs there ("unable to load snapshot, …, continuing") when it
// meets a damaged index, which Gloss rebuilds and reports in its own words, and the CLI's
// stderr is for its own one-line messages. Lines logged by anything else still go out.
// GLOSS_DEBUG_SEARCH=1 lets bleve's lines through.
func quietLibraries() {
	if os.Getenv("GLOSS_DEBUG_SEARCH") != "" {
		return
	}
	if _, ok := log.Writer().(libraryLogFilter); !ok {
		log.SetOutput(libraryLogFilter{next: log.Writer()})
	}
}

// libraryLogFilter drops the lines whose caller (below package log) is in bleve or bbolt.
type libraryLogFilter struct{ next io.Writer }

func (f libraryLogFilter) Write(p []byte) (int, error) {
	pcs := make([]uintptr, 24)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(2, pcs)])
	for {
		fr, more := frames.Next()
		if fn := fr.Function; fn != "" && !strings.HasPrefix(fn, "log.") {
			if strings.HasPrefix(fn, "github.com/blevesearch/") || strings.HasPrefix(fn, "go.etcd.io/bbolt") {
				return len(p), nil
			}
			break
		}
		if !more {
			break
		}
	}
	return f.next.Write(p)
}

// Open opens (or builds) the workspace's index, catches it up with the store and attaches
// it to the workspace with ws.SetIndexer. A missing, corrupt or older-version index is
// rebuilt; a stale one is caught up from the store's journal.
func Open(ws *annotate.Workspace, progress func(done, total int)) (*Index, error) {
	return OpenWith(ws, Options{Progress: progress})
}

// OpenWith is Open with options.
func OpenWith(ws *annotate.Workspace, opts Options) (*Index, error) {
	quietLibraries()
	ix := &Index{ws: ws, dir: ws.IndexDir(), onRepair: opts.Repair, persistDelay: opts.PersistDelay}
	removeLeftovers(ix.dir)
	parts, err := openParts(ix.dir, ix.persistDelay)
	if errors.Is(err, ErrInUse) {
		return nil, err
	}
	rev := uint64(0)
	rebuild := err != nil || opts.ForceRebuild
	if err == nil {
		var ok bool
		rev, ok = partsState(parts)
		if !ok || rev > ws.Revision() { // another version, or an index from another copy of the workspace
			rebuild = true
		}
		if rebuild {
			closeParts(parts)
			parts = nil
		}
	}
	if rebuild {
		if err != nil {
			// A damaged index serves nothing, and its room may be needed for the new one.
			os.RemoveAll(ix.dir)
		}
		rev = ws.Revision()
		built, err := build(context.Background(), ix.dir+".new-"+stamp(), ws, rev, opts.Progress)
		if err != nil {
			return nil, err
		}
		if parts, err = swapIn(ix.dir, built, ix.persistDelay); err != nil {
			return nil, err
		}
	}
	ix.parts = parts
	for _, kind := range partKinds {
		asyncOwners.Store(partStorePath(ix.dir, kind), func(err error) {
			ix.fail(fmt.Errorf("saving the search index: %w", err))
		})
	}
	ix.rememberTags()
	// Catch up, attach, and catch up again with what committed in between. An index that
	// breaks meanwhile is returned all the same: it is being rebuilt in the background.
	if err := ix.catchUp(rev, opts.Progress); err != nil && !errors.Is(err, ErrDamaged) {
		ix.Close()
		return nil, err
	}
	ws.SetIndexer(ix)
	if err := ix.catchUp(ix.revision(), opts.Progress); err != nil && !errors.Is(err, ErrDamaged) {
		ws.SetIndexer(nil)
		ix.Close()
		return nil, err
	}
	return ix, nil
}

// openParts opens both parts of an index folder.
func openParts(dir string, persistDelay time.Duration) ([]*part, error) {
	if _, err := os.Stat(filepath.Join(dir, brokenMarker)); err == nil {
		return nil, fmt.Errorf("open search index %s: damaged: it broke while in use and was not rebuilt", dir)
	}
	var parts []*part
	for _, kind := range partKinds {
		p, err := openPart(dir, kind, persistDelay)
		if err != nil {
			closeParts(parts)
			return nil, err
		}
		parts = append(parts, p)
	}
	return parts, nil
}

func closeParts(parts []*part) {
	for _, p := range parts {
		closeQuietly(p.idx)
	}
}

// partsState is the store revision every part reflects (the lowest: the others are caught
// up with changes they already have, which is harmless); ok is false when a part was
// written by another mapping version.
func partsState(parts []*part) (rev uint64, ok bool) {
	for i, p := range parts {
		if _, ok := p.state(); !ok {
			return 0, false
		}
		if r := p.revision(); i == 0 || r < rev {
			rev = r
		}
	}
	return rev, true
}

func stamp() string { return fmt.Sprintf("%d-%d", os.Getpid(), time.Now().UnixNano()) }

// removeLeftovers deletes the folders of rebuilds that did not finish (the workspace lock
// is held, so nobody else is building).
func removeLeftovers(dir string) {
	for _, pat := range []string{dir + ".new-*", dir + ".old-*"} {
		matches, _ := filepath.Glob(pat)
		for _, m := range matches {
			os.RemoveAll(m)
		}
	}
}

func revBytes(rev uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, rev)
	return b
}

func bytesRev(b []byte) uint64 { return binary.BigEndian.Uint64(b) }

// swapIn puts a freshly built index folder in place of dir and opens it there.
func swapIn(dir string, built string, persistDelay time.Duration) ([]*part, error) {
	old := dir + ".old-" + stamp()
	if _, err := os.Stat(dir); err == nil {
		if err := os.Rename(dir, old); err != nil {
			return nil, fmt.Errorf("replace search index: %w", err)
		}
	}
	if err := os.Rename(built, dir); err != nil {
		return nil, fmt.Errorf("replace search index: %w", err)
	}
	os.RemoveAll(old)
	return openParts(dir, persistDelay)
}

// Close closes the index (the workspace keeps working; the index catches up next time).
// It waits for the last changes to reach the disk and merges small segments that piled
// up. A background repair is cancelled; the next Open rebuilds.
func (ix *Index) Close() error {
	ix.stopRepair()
	defer func() {
		for _, kind := range partKinds {
			asyncOwners.Delete(partStorePath(ix.dir, kind))
		}
	}()
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.parts == nil {
		return nil
	}
	if ix.usable() != nil {
		closeParts(ix.parts) // what a broken bleve says on closing tells nothing more
		ix.parts = nil
		return nil
	}
	var errs []error
	for _, p := range ix.parts {
		ix.guard("close search index", func() error {
			errs = append(errs, p.close())
			return nil
		})
	}
	ix.parts = nil
	return errors.Join(errs...)
}

// Dir is the index folder.
func (ix *Index) Dir() string { return ix.dir }

// revision is the store revision the index reflects.
func (ix *Index) revision() uint64 {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.parts == nil || ix.usable() != nil {
		return 0
	}
	var rev uint64
	ix.guard("read search index", func() error {
		rev, _ = partsState(ix.parts)
		return nil
	})
	return rev
}

// Revision is the store revision the index reflects.
func (ix *Index) Revision() uint64 { return ix.revision() }

// DocCount is the number of documents (annotations and articles) in the index.
func (ix *Index) DocCount() (n uint64, err error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if err := ix.usable(); err != nil {
		return 0, err
	}
	if ix.parts == nil {
		return 0, errClosed
	}
	err = ix.guard("count search index", func() error {
		for _, p := range ix.parts {
			c, err := p.idx.DocCount()
			if err != nil {
				return ix.fail(fmt.Errorf("count search index: %w", err))
			}
			n += c
		}
		return nil
	})
	return n, err
}

var errClosed = errors.New("the search index is closed")

// catchUp applies the changes after rev, or rebuilds when the journal does not reach back.
func (ix *Index) catchUp(rev uint64, progress func(done, total int)) error {
	cur := ix.ws.Revision()
	if rev >= cur {
		return nil
	}
	ch, ok, err := ix.ws.ChangesSince(rev)
	if err != nil {
		return fmt.Errorf("catch up search index: %w", err)
	}
	if !ok {
		return ix.Rebuild(progress)
	}
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	return ix.apply(ch, cur, false)
}

// Rebuild builds a new index from the store in a new folder, then swaps it in. Changes
// made meanwhile go to the old index and are caught up after the swap. It also repairs a
// broken index.
func (ix *Index) Rebuild(progress func(done, total int)) error {
	return ix.rebuild(context.Background(), progress)
}

func (ix *Index) rebuild(ctx context.Context, progress func(done, total int)) error {
	ix.rebuildMu.Lock()
	rev := ix.ws.Revision()
	built, err := build(ctx, ix.dir+".new-"+stamp(), ix.ws, rev, progress)
	if err != nil {
		ix.rebuildMu.Unlock()
		return err
	}
	ix.writeMu.Lock()
	ix.mu.Lock()
	if ix.parts != nil {
		closeParts(ix.parts)
		ix.parts = nil
	}
	parts, err := swapIn(ix.dir, built, ix.persistDelay)
	ix.healthMu.Lock()
	closed := ix.closed
	ix.healthMu.Unlock()
	if closed && parts != nil { // closed while a repair was building: leave it on disk only
		closeParts(parts)
		parts = nil
	}
	ix.parts = parts
	if err == nil && parts != nil {
		ix.healed()
	}
	ix.mu.Unlock()
	ix.writeMu.Unlock()
	ix.rebuildMu.Unlock() // catchUp may rebuild again when the journal does not reach back
	if err != nil {
		return ix.fail(err)
	}
	if parts == nil {
		return errClosed
	}
	ix.facets.clear()
	ix.rememberTags()
	return ix.catchUp(rev, progress)
}
