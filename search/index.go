// Package search is Gloss's local search index: a bleve index derived from the workspace
// store (never the only copy of anything), kept in step by the command layer, rebuilt or
// caught up automatically on open, and queried with the language of package search/query.
package search

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"gloss.app/gloss/annotate"
	bolt "go.etcd.io/bbolt"
)

// ErrInUse is wrapped by the error of opening an index another process holds.
var ErrInUse = errors.New("search index in use")

// lockTimeout bounds the wait for the index lock (bleve waits forever by default).
var lockTimeout = 2 * time.Second

// batchDocs bounds a batch: one segment per batch, so not one per document.
const batchDocs = 1000

// batchBytes bounds the text held in one batch (its analysis takes many times that).
const batchBytes = 2 << 20

// buildTrace is told how long phases of a build take (benchmarks).
var buildTrace = func(phase string, d time.Duration) {}

// buildMemoryLimit is the Go heap target while a rebuild runs: the garbage of analysing
// 100,000 documents is collected early instead of doubling the heap (see docs/SEARCH.md).
const buildMemoryLimit = 160 << 20

var (
	keyRevision = []byte("gloss_store_revision")
	keyVersion  = []byte("gloss_mapping_version")
)

// Index is the search index of one open workspace. It implements annotate.Indexer.
// Its methods are safe for concurrent use.
type Index struct {
	ws  *annotate.Workspace
	dir string

	writeMu   sync.Mutex   // serialises writers: Apply, catch-up, the swap of a rebuild
	mu        sync.RWMutex // guards idx (swapped by Rebuild)
	idx       bleve.Index
	tables    *facetTables // of idx's segments; replaced with idx
	rebuildMu sync.Mutex   // one rebuild at a time

	tagsMu sync.Mutex
	tags   map[string]tagShape // the codebook as last indexed: which tag changes matter

	facets facetCache
	blind  blindCache // the documents hidden by blind coding (blind.go)

	healthMu     sync.Mutex         // guards the fields below (see health.go)
	broken       error              // why the index cannot be used; nil when healthy
	repairing    bool               // a background rebuild runs or waits for room
	closed       bool               // Close was called: no repair starts
	cancelRepair context.CancelFunc // of the running repair
	repairDone   chan struct{}      // closed when the running repair ends
	onRepair     func(done, total int, err error)
}

// tagShape is what of a tag the documents depend on.
type tagShape struct{ name, parent string }

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
}

// Open opens (or builds) the workspace's index, catches it up with the store and attaches
// it to the workspace with ws.SetIndexer. A missing, corrupt or older-version index is
// rebuilt; a stale one is caught up from the store's journal.
func Open(ws *annotate.Workspace, progress func(done, total int)) (*Index, error) {
	return OpenWith(ws, Options{Progress: progress})
}

// OpenWith is Open with options.
func OpenWith(ws *annotate.Workspace, opts Options) (*Index, error) {
	ix := &Index{ws: ws, dir: ws.IndexDir(), onRepair: opts.Repair}
	removeLeftovers(ix.dir)
	idx, err := openIndex(ix.dir)
	if errors.Is(err, ErrInUse) {
		return nil, err
	}
	rev := uint64(0)
	rebuild := err != nil || opts.ForceRebuild
	if err == nil {
		var ok bool
		rev, ok = indexState(idx)
		if !ok {
			rebuild = true
		}
		if rev > ws.Revision() { // an index from another copy of the workspace
			rebuild = true
		}
		if rebuild {
			idx.Close()
			idx = nil
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
		if idx, err = swapIn(ix.dir, built); err != nil {
			return nil, err
		}
	}
	ix.idx = idx
	ix.tables = &facetTables{}
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
	ix.warm()
	return ix, nil
}

// warm builds the facet tables of the index's segments now (~70 ms for 110,000
// documents), so that the first search does not pay for it.
func (ix *Index) warm() {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	ix.guard("read search index", func() error {
		is, release, err := ix.snapshot()
		if err != nil {
			return nil // the first search reports it
		}
		defer release()
		if _, err := ix.tables.view(is); err != nil {
			return ix.fail(err)
		}
		return nil
	})
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

// openIndex opens an existing index, turning a panic or a memory fault of a damaged index
// into an error.
func openIndex(dir string) (idx bleve.Index, err error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("open search index %s: %w", dir, err)
	}
	if _, err := os.Stat(filepath.Join(dir, brokenMarker)); err == nil {
		return nil, fmt.Errorf("open search index %s: damaged: it broke while in use and was not rebuilt", dir)
	}
	// bbolt maps root.bolt and faults (SIGBUS, fatal) past the end of a truncated file.
	if err := annotate.CheckBoltFile(filepath.Join(dir, "store", "root.bolt")); err != nil {
		return nil, fmt.Errorf("open search index %s: damaged: %w", dir, err)
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			idx, err = nil, fmt.Errorf("open search index %s: damaged: %v", dir, r)
		}
	}()
	idx, err = bleve.OpenUsing(dir, map[string]interface{}{"bolt_timeout": lockTimeout.String()})
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) || strings.Contains(err.Error(), "timeout") {
			return nil, fmt.Errorf("the search index %s is in use by another Gloss process: %w", dir, ErrInUse)
		}
		return nil, fmt.Errorf("open search index %s: %w", dir, err)
	}
	if err := sanityCheck(dir, idx); err != nil {
		closeQuietly(idx)
		return nil, fmt.Errorf("open search index %s: damaged: %w", dir, err)
	}
	return idx, nil
}

// sanityCheck reads the index a little, and checks each segment (see verify.go), so that a
// damaged one is found now and rebuilt.
func sanityCheck(dir string, idx bleve.Index) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	if _, err := idx.DocCount(); err != nil {
		return err
	}
	if err := verifySegments(dir, idx); err != nil {
		return err
	}
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 1, 0, false)
	req.SortBy([]string{"-" + fCreated})
	_, err = idx.Search(req)
	return err
}

func closeQuietly(idx bleve.Index) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() { recover() }()
	idx.Close()
}

// indexState reads the store revision an index reflects; ok is false when it was
// written by another mapping version (or never finished).
func indexState(idx bleve.Index) (rev uint64, ok bool) {
	v, err := idx.GetInternal(keyVersion)
	if err != nil || string(v) != MappingVersion {
		return 0, false
	}
	r, err := idx.GetInternal(keyRevision)
	if err != nil || len(r) != 8 {
		return 0, false
	}
	return binary.BigEndian.Uint64(r), true
}

func revBytes(rev uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, rev)
	return b
}

// swapIn closes a freshly built index, puts its folder in place of dir and opens it there.
func swapIn(dir string, built string) (bleve.Index, error) {
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
	return openIndex(dir)
}

// Close closes the index (the workspace keeps working; the index catches up next time).
// A background repair is cancelled; the next Open rebuilds.
func (ix *Index) Close() error {
	ix.stopRepair()
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.idx == nil {
		return nil
	}
	if ix.usable() != nil {
		closeQuietly(ix.idx) // what a broken bleve says on closing tells nothing more
		ix.idx = nil
		return nil
	}
	var err error
	ix.guard("close search index", func() error {
		err = ix.idx.Close()
		return nil
	})
	ix.idx = nil
	return err
}

// Dir is the index folder.
func (ix *Index) Dir() string { return ix.dir }

// revision is the store revision the index reflects.
func (ix *Index) revision() uint64 {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx == nil || ix.usable() != nil {
		return 0
	}
	var rev uint64
	ix.guard("read search index", func() error {
		rev, _ = indexState(ix.idx)
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
	if ix.idx == nil {
		return 0, errClosed
	}
	err = ix.guard("count search index", func() error {
		var err error
		if n, err = ix.idx.DocCount(); err != nil {
			return ix.fail(fmt.Errorf("count search index: %w", err))
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
	if ix.idx != nil {
		closeQuietly(ix.idx)
		ix.idx = nil
	}
	idx, err := swapIn(ix.dir, built)
	ix.healthMu.Lock()
	closed := ix.closed
	ix.healthMu.Unlock()
	if closed && idx != nil { // closed while a repair was building: leave it on disk only
		closeQuietly(idx)
		idx = nil
	}
	ix.idx = idx
	ix.tables = &facetTables{}
	if err == nil && idx != nil {
		ix.healed()
	}
	ix.mu.Unlock()
	ix.writeMu.Unlock()
	ix.rebuildMu.Unlock() // catchUp may rebuild again when the journal does not reach back
	if err != nil {
		return ix.fail(err)
	}
	if idx == nil {
		return errClosed
	}
	ix.facets.clear()
	ix.rememberTags()
	if err := ix.catchUp(rev, progress); err != nil {
		return err
	}
	ix.warm()
	return nil
}

// build writes a complete index of the store into path: articles, then annotations, in
// batches, while the next batch is read from the store. A panic or fault of bleve (a full
// disk) is an error; the half-built folder is removed.
func build(ctx context.Context, path string, ws *annotate.Workspace, rev uint64, progress func(done, total int)) (_ string, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			os.RemoveAll(path)
			err = fmt.Errorf("build search index: bleve panicked: %v", r)
		}
	}()
	os.RemoveAll(path)
	if old := debug.SetMemoryLimit(-1); old > buildMemoryLimit {
		debug.SetMemoryLimit(buildMemoryLimit)
		defer debug.SetMemoryLimit(old)
	}
	m, err := newMapping()
	if err != nil {
		return "", err
	}
	idx, err := bleve.NewUsing(path, m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return "", fmt.Errorf("create search index %s: %w", path, err)
	}
	fail := func(err error) (string, error) {
		idx.Close()
		os.RemoveAll(path)
		return "", fmt.Errorf("build search index: %w", err)
	}
	nArt, nAnn := ws.Counts()
	total := nArt + nAnn
	if progress != nil {
		progress(0, total)
	}
	// The reader stops when a batch failed: the rest is not worth reading.
	ctx, stopReading := context.WithCancel(ctx)
	defer stopReading()
	batches := make(chan *bleve.Batch, 1)
	counts := make(chan int, 1)
	readErr := make(chan error, 1)
	go func() {
		defer close(batches)
		defer close(counts)
		b := idx.NewBatch()
		n, size := 0, 0
		flush := func(force bool) {
			if n == 0 || (!force && n < batchDocs && size < batchBytes) {
				return
			}
			batches <- b
			counts <- n
			b = idx.NewBatch()
			n, size = 0, 0
		}
		arts := map[string]annotate.Article{}
		err := ws.EachArticle(true, func(a annotate.Article) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := b.Index(prefArticle+a.ID, articleDoc(a)); err != nil {
				return err
			}
			n++
			size += len(a.Text)
			a.Text = ""
			arts[a.ID] = a
			flush(false)
			return nil
		})
		if err == nil {
			var cb *annotate.Codebook
			cb, err = ws.Codebook()
			if err == nil {
				err = ws.EachAnnotation(func(a annotate.Annotation) error {
					if err := ctx.Err(); err != nil {
						return err
					}
					if err := b.Index(prefAnnotation+a.ID, annotationDoc(a, arts[a.ArticleID], cb)); err != nil {
						return err
					}
					n++
					size += len(a.Exact) + len(a.Note)
					flush(false)
					return nil
				})
			}
		}
		if err == nil {
			b.SetInternal(keyVersion, []byte(MappingVersion))
			b.SetInternal(keyRevision, revBytes(rev))
			batches <- b
			counts <- n
		}
		readErr <- err
	}()
	done := 0
	var indexErr error
	for b := range batches {
		n := <-counts
		if indexErr == nil {
			// A panic is caught here so that the reader's batches are still drained.
			if indexErr = safeBatch(idx, b); indexErr != nil {
				stopReading()
			}
		}
		done += n
		if progress != nil && indexErr == nil {
			progress(min(done, total), total)
		}
	}
	readErr2 := <-readErr
	if indexErr != nil {
		return fail(indexErr)
	}
	if readErr2 != nil {
		return fail(readErr2)
	}
	// Fewer segments make every query cheaper: merge now rather than leave a dozen.
	merging := time.Now()
	defer func() { buildTrace("merge", time.Since(merging)) }()
	if adv, err := idx.Advanced(); err == nil {
		if s, ok := adv.(*scorch.Scorch); ok {
			if err := s.ForceMerge(ctx, nil); err != nil {
				return fail(err)
			}
		}
	}
	if err := idx.Close(); err != nil {
		os.RemoveAll(path)
		return "", fmt.Errorf("build search index: %w", err)
	}
	return path, nil
}

// safeBatch writes a batch, turning a panic or fault of bleve into an error.
func safeBatch(idx bleve.Index, b *bleve.Batch) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("bleve panicked: %v", r)
		}
	}()
	return writeBatch(idx, b)
}

// Apply brings the index in step with a committed change (annotate.Indexer). Documents
// are derived again from the store: the changed annotations and articles, the annotations
// of changed articles (they carry copies of article fields) and the annotations carrying
// a renamed, moved, merged or deleted tag or one of its children. A failed or panicking
// write breaks the index (see health.go): the store keeps the change, and the index is
// rebuilt from it.
func (ix *Index) Apply(ch annotate.ChangeSet, rev uint64) error {
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	return ix.apply(ch, rev, true)
}

func (ix *Index) apply(ch annotate.ChangeSet, rev uint64, live bool) error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if err := ix.usable(); err != nil {
		return err
	}
	idx := ix.idx
	if idx == nil {
		return errClosed
	}
	defer ix.facets.clear()
	return ix.guard("update search index", func() error { return ix.applyTo(idx, ch, rev, live) })
}

// applyTo is apply inside the guard. Errors of bleve break the index; errors of the store
// (read in its own transaction) are returned as they are.
func (ix *Index) applyTo(idx bleve.Index, ch annotate.ChangeSet, rev uint64, live bool) error {
	cb, err := ix.ws.Codebook()
	if err != nil {
		return err
	}
	annIDs := map[string]bool{}
	for _, id := range ch.Annotations {
		annIDs[id] = true
	}
	changedTags := ix.tagsThatMatter(ch.Tags, cb, live)
	for _, id := range changedTags {
		ids, err := collectIDs(idx, termQ(fTags, id))
		if err != nil {
			return ix.fail(fmt.Errorf("saving a change: %w", err))
		}
		for _, a := range ids {
			annIDs[a] = true
		}
	}
	for _, id := range ch.Articles {
		ids, err := collectIDs(idx, termQ(fArticle, id))
		if err != nil {
			return ix.fail(fmt.Errorf("saving a change: %w", err))
		}
		for _, a := range ids {
			annIDs[a] = true
		}
	}
	b := idx.NewBatch()
	var batchErr error // a failed write, as opposed to a failed read of the store
	flush := func() error {
		if b.Size() < batchDocs {
			return nil
		}
		if err := writeBatch(idx, b); err != nil {
			batchErr = err
			return err
		}
		b.Reset()
		return nil
	}
	err = ix.ws.View(func(t *annotate.Tx) error {
		arts := map[string]annotate.Article{}
		for _, id := range ch.Articles {
			a, err := t.Article(id, true)
			if errors.Is(err, annotate.ErrNotFound) {
				b.Delete(prefArticle + id)
				continue
			}
			if err != nil {
				return err
			}
			if err := b.Index(prefArticle+id, articleDoc(a)); err != nil {
				return err
			}
			a.Text = ""
			arts[id] = a
			if err := flush(); err != nil {
				return err
			}
		}
		for id := range annIDs {
			a, err := t.Annotation(id)
			if errors.Is(err, annotate.ErrNotFound) {
				b.Delete(prefAnnotation + id)
				continue
			}
			if err != nil {
				return err
			}
			art, ok := arts[a.ArticleID]
			if !ok {
				art, err = t.Article(a.ArticleID, false)
				if err != nil && !errors.Is(err, annotate.ErrNotFound) {
					return err
				}
				arts[a.ArticleID] = art
			}
			if err := b.Index(prefAnnotation+id, annotationDoc(a, art, cb)); err != nil {
				return err
			}
			if err := flush(); err != nil {
				return err
			}
		}
		return nil
	})
	if batchErr != nil {
		return ix.fail(fmt.Errorf("saving a change: %w", batchErr))
	}
	if err != nil {
		return err
	}
	if old, _ := indexState(idx); rev < old {
		rev = old
	}
	b.SetInternal(keyRevision, revBytes(rev))
	if err := writeBatch(idx, b); err != nil {
		return ix.fail(fmt.Errorf("saving a change: %w", err))
	}
	ix.setTags(cb)
	return nil
}

// tagsThatMatter keeps the changed tags whose name, parent or existence differ from
// what the index saw (a recolouring does not touch any document). After a restart the
// old state is unknown, so every changed tag matters.
func (ix *Index) tagsThatMatter(changed []string, cb *annotate.Codebook, live bool) []string {
	ix.tagsMu.Lock()
	defer ix.tagsMu.Unlock()
	var out []string
	for _, id := range changed {
		t, exists := cb.Tag(id)
		old, known := ix.tags[id]
		if live && known == exists && (!exists || old == (tagShape{t.Name, t.ParentID})) {
			continue
		}
		out = append(out, id)
	}
	return out
}

func (ix *Index) rememberTags() {
	if cb, err := ix.ws.Codebook(); err == nil {
		ix.setTags(cb)
	}
}

func (ix *Index) setTags(cb *annotate.Codebook) {
	m := make(map[string]tagShape, cb.Len())
	for _, t := range cb.Tags() {
		m[t.ID] = tagShape{t.Name, t.ParentID}
	}
	ix.tagsMu.Lock()
	ix.tags = m
	ix.tagsMu.Unlock()
}
