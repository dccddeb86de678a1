package search

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/blevesearch/bleve/v2/mapping"
	"gloss.app/gloss/annotate"
	bolt "go.etcd.io/bbolt"
)

// The index folder holds two bleve indexes, its parts: one of annotations, one of
// articles. A search of annotations (the usual one) reads only the first; a rebuild
// builds both at once, one per core; and each part's documents have only the fields of
// their kind.

// part is one bleve index of the index folder.
type part struct {
	kind   string
	idx    bleve.Index
	tables *facetTables

	pendingMu sync.Mutex
	pending   int           // batches written but not yet persisted (see Close)
	persisted chan struct{} // signalled when pending drops

	revMu     sync.Mutex
	rev       uint64 // the store revision the part reflects, as far as this process knows
	unwritten bool   // rev is ahead of the revision recorded in the part
}

// revision is the store revision the part reflects: what it records, or what this process
// applied since.
func (p *part) revision() uint64 {
	p.revMu.Lock()
	rev := p.rev
	p.revMu.Unlock()
	if r, ok := p.state(); ok && r > rev {
		return r
	}
	return rev
}

// setRevision notes that the part reflects rev; written tells whether the part records it.
func (p *part) setRevision(rev uint64, written bool) {
	p.revMu.Lock()
	defer p.revMu.Unlock()
	if rev >= p.rev {
		p.rev = rev
		p.unwritten = !written
	}
}

// partKinds are the parts, in the order of Index.parts.
var partKinds = [...]string{kindAnnotation, kindArticle}

const (
	annotationsPart = 0
	articlesPart    = 1
)

// partDir is the folder of a part inside an index folder.
func partDir(dir, kind string) string { return filepath.Join(dir, kind+"s") }

// openConfig is how a part is opened for use: a lock timeout (bleve waits forever by
// default, bleve#1167) and batches that return once searchable, without waiting for their
// segment's fsync. The store is the truth: each batch records the store revision it brings
// the part to, in the same snapshot, so after a crash the part is caught up from the
// store's journal. persistDelay is Options.PersistDelay.
func openConfig(persistDelay time.Duration) map[string]interface{} {
	c := map[string]interface{}{"bolt_timeout": lockTimeout.String(), "unsafe_batch": true,
		"asyncErrorCallbackName": asyncErrorCallback}
	if backgroundMerges != nil {
		c["scorchMergePlanOptions"] = backgroundMerges
	}
	if persistDelay > 0 {
		// The persister naps this long before writing what was introduced meanwhile
		// (while the part holds fewer segment files than bleve's default threshold).
		c["scorchPersisterOptions"] = map[string]interface{}{
			"PersisterNapTimeMSec":      int(persistDelay / time.Millisecond),
			"PersisterNapUnderNumFiles": scorch.DefaultPersisterNapUnderNumFiles,
		}
	}
	return c
}

// backgroundMerges changes scorch's merge policy while a part is open (tests: a process
// too short for the background merger to run). Keys are mergeplan.MergePlanOptions fields.
var backgroundMerges map[string]interface{}

// openPart opens an existing part, turning a panic or a memory fault of a damaged index
// into an error.
func openPart(dir, kind string, persistDelay time.Duration) (p *part, err error) {
	path := partDir(dir, kind)
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("open search index %s: %w", path, err)
	}
	// bbolt maps root.bolt and faults (SIGBUS, fatal) past the end of a truncated file.
	if err := annotate.CheckBoltFile(filepath.Join(path, "store", "root.bolt")); err != nil {
		return nil, fmt.Errorf("open search index %s: damaged: %w", path, err)
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, fmt.Errorf("open search index %s: damaged: %v", path, r)
		}
	}()
	idx, err := bleve.OpenUsing(path, openConfig(persistDelay))
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) || strings.Contains(err.Error(), "timeout") {
			return nil, fmt.Errorf("the search index %s is in use by another Gloss process: %w", dir, ErrInUse)
		}
		return nil, fmt.Errorf("open search index %s: %w", path, err)
	}
	p = newPart(kind, idx)
	if err := sanityCheck(path, p); err != nil {
		closeQuietly(idx)
		return nil, fmt.Errorf("open search index %s: damaged: %w", path, err)
	}
	return p, nil
}

func newPart(kind string, idx bleve.Index) *part {
	return &part{kind: kind, idx: idx, tables: &facetTables{}, persisted: make(chan struct{}, 1)}
}

// sanityCheck reads the part a little, and checks each segment (see verify.go), so that a
// damaged one is found now and rebuilt.
func sanityCheck(path string, p *part) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	if _, err := p.idx.DocCount(); err != nil {
		return err
	}
	if err := verifySegments(path, p.idx); err != nil {
		return err
	}
	is, release, err := p.snapshot()
	if err != nil {
		return err
	}
	defer release()
	_, err = p.tables.view(is)
	return err
}

func closeQuietly(idx bleve.Index) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() { recover() }()
	idx.Close()
}

// snapshot returns the part's current scorch snapshot and its release.
func (p *part) snapshot() (*scorch.IndexSnapshot, func(), error) {
	adv, err := p.idx.Advanced()
	if err != nil {
		return nil, nil, fmt.Errorf("search: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, nil, fmt.Errorf("search: %w", err)
	}
	is, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		r.Close()
		return nil, nil, errNotScorch
	}
	return is, func() { r.Close() }, nil
}

func (p *part) mapping() mapping.IndexMapping { return p.idx.Mapping() }

// state reads the store revision the part reflects; ok is false when it was written by
// another mapping version (or never finished).
func (p *part) state() (rev uint64, ok bool) {
	v, err := p.idx.GetInternal(keyVersion)
	if err != nil || string(v) != MappingVersion {
		return 0, false
	}
	r, err := p.idx.GetInternal(keyRevision)
	if err != nil || len(r) != 8 {
		return 0, false
	}
	return bytesRev(r), true
}

// write writes a batch through the test hook; its persistence is awaited by Close.
func (p *part) write(b *bleve.Batch) error {
	if batchFault != nil {
		if err := batchFault(); err != nil {
			return err
		}
	}
	p.pendingMu.Lock()
	p.pending++
	p.pendingMu.Unlock()
	b.SetPersistedCallback(func(error) {
		p.pendingMu.Lock()
		p.pending--
		p.pendingMu.Unlock()
		select {
		case p.persisted <- struct{}{}:
		default:
		}
	})
	err := p.idx.Batch(b)
	if err != nil {
		p.pendingMu.Lock()
		p.pending-- // never introduced, never persisted
		p.pendingMu.Unlock()
	}
	return err
}

// persistWait bounds how long Close waits for the last batches to reach the disk; what
// did not is caught up from the store's journal at the next open.
var persistWait = 3 * time.Second

// awaitPersisted waits until every written batch is on disk (or persistWait passed).
func (p *part) awaitPersisted() {
	deadline := time.After(persistWait)
	for {
		p.pendingMu.Lock()
		n := p.pending
		p.pendingMu.Unlock()
		if n <= 0 {
			return
		}
		select {
		case <-p.persisted:
		case <-deadline:
			return
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// Small segments are merged when they pile up: each short-lived process (gloss annotate)
// leaves one, and bleve merges in the background only while a process lives. A part with
// more than maxSmallSegments segments under smallSegmentDocs documents has them merged
// into one when it is closed, so that a search after a thousand commands reads as few
// segments as one right after a rebuild. The big segments are never rewritten here.
const (
	maxSmallSegments = 8
	smallSegmentDocs = 4096
)

// compactOptions merge every small segment and nothing else.
var compactOptions = mergeplan.MergePlanOptions{
	MaxSegmentsPerTier:   1,
	MaxSegmentSize:       2 * smallSegmentDocs,
	MaxSegmentFileSize:   1 << 40,
	TierGrowth:           10,
	SegmentsPerMergeTask: 1 << 20,
	FloorSegmentSize:     smallSegmentDocs,
	ReclaimDeletesWeight: 2,
	CalcBudget:           func(int64, int64, *mergeplan.MergePlanOptions) int { return 1 },
}

// smallSegments counts the segments of the current snapshot under smallSegmentDocs.
func (p *part) smallSegments() int {
	is, release, err := p.snapshot()
	if err != nil {
		return 0
	}
	defer release()
	n := 0
	for _, ss := range is.Segments() {
		if ss.Count() < smallSegmentDocs {
			n++
		}
	}
	return n
}

// compact merges the small segments when there are too many; merged tells whether it tried.
func (p *part) compact(ctx context.Context) (merged bool, err error) {
	if p.smallSegments() <= maxSmallSegments {
		return false, nil
	}
	adv, err := p.idx.Advanced()
	if err != nil {
		return false, err
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return false, errNotScorch
	}
	opts := compactOptions
	return true, s.ForceMerge(ctx, &opts)
}

// close records the part's revision if a change it did not need left it unrecorded,
// waits for the part's batches to persist, merges its small segments and closes it.
func (p *part) close() error {
	p.revMu.Lock()
	rev, unwritten := p.rev, p.unwritten
	p.revMu.Unlock()
	if unwritten {
		b := p.idx.NewBatch()
		b.SetInternal(keyRevision, revBytes(rev))
		p.write(b) // best effort: a part behind is caught up at the next open
	}
	p.awaitPersisted()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	// Best effort: the segments stay searchable either way.
	if merged, err := p.compact(ctx); merged && err == nil {
		// The merge is on disk once a snapshot after it is: write one and wait for it.
		b := p.idx.NewBatch()
		b.SetInternal(keyVersion, []byte(MappingVersion))
		if p.write(b) == nil {
			p.awaitPersisted()
		}
	}
	cancel()
	return p.idx.Close()
}

// glossMapping is the mapping handed to bleve's offline builder, whose documents arrive
// as ready-made bleve documents (docs.go): it only copies their fields.
type glossMapping struct{ *mapping.IndexMappingImpl }

func (glossMapping) MapDocument(doc *document.Document, data interface{}) error {
	ready, ok := data.(*document.Document)
	if !ok {
		return fmt.Errorf("search: cannot index a %T", data)
	}
	for _, f := range ready.Fields {
		doc.AddField(f)
	}
	return nil
}

// A batch returns before it is on disk, so a part that cannot be saved (its folder gone,
// the disk full) shows only in bleve's background persister and merger. Their errors go to
// the index owning the part, which marks itself broken and is rebuilt from the store.
const asyncErrorCallback = "gloss-search"

// asyncOwners maps the store path of an open part (what bleve names in its errors) to the
// function its index is told the errors by.
var asyncOwners sync.Map

func init() {
	scorch.RegistryAsyncErrorCallbacks[asyncErrorCallback] = func(err error, path string) {
		if tell, ok := asyncOwners.Load(filepath.Clean(path)); ok {
			tell.(func(error))(err)
		}
	}
}

// partStorePath is the path bleve gives in the errors of a part's background work.
func partStorePath(dir, kind string) string {
	return filepath.Clean(filepath.Join(partDir(dir, kind), "store"))
}
