package search

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"gloss.app/gloss/annotate"
)

// A rebuild writes both parts at once, each with bleve's offline builder in its own
// goroutine (so both cores work): documents are analysed and written as segments of a few
// thousand, which are merged once, in a single pass, when the part is complete. Nothing is
// merged twice and no segment waits for an fsync of its own; the finished folder is synced
// by the builder, then swapped in.

// buildTrace is told how long phases of a build take (benchmarks).
var buildTrace = func(phase string, d time.Duration) {}

// buildMemoryLimit is the Go heap target while a rebuild runs: the garbage of analysing
// 100,000 documents is collected early instead of doubling the heap. Too low a target and
// the collector runs all the time (it took half the CPU of a rebuild at 160 MB with
// segments twice as large).
const buildMemoryLimit = 240 << 20

// Documents per segment before the final merge: a segment's analysis stays in memory
// until it is written (an article is ~700 words, an annotation ~40).
const (
	articlesPerSegment    = 120
	annotationsPerSegment = 2000
)

// build writes a complete index of the store into path. A panic or fault of bleve (a full
// disk) is an error; the half-built folder is removed.
func build(ctx context.Context, path string, ws *annotate.Workspace, rev uint64, progress func(done, total int)) (_ string, err error) {
	os.RemoveAll(path)
	defer func() {
		if err != nil {
			os.RemoveAll(path)
		}
	}()
	if old := debug.SetMemoryLimit(-1); old > buildMemoryLimit {
		debug.SetMemoryLimit(buildMemoryLimit)
		defer debug.SetMemoryLimit(old)
		// Collect by the limit rather than every time the live heap doubles: a rebuild
		// allocates gigabytes of short-lived analysis.
		defer debug.SetGCPercent(debug.SetGCPercent(400))
	}
	if err := os.MkdirAll(path, 0o755); err != nil {
		return "", fmt.Errorf("build search index: %w", err)
	}
	if batchFault != nil { // tests: a full disk
		if err := batchFault(); err != nil {
			return "", fmt.Errorf("build search index: %w", err)
		}
	}
	m, err := newMapping()
	if err != nil {
		return "", err
	}
	cb, err := ws.Codebook()
	if err != nil {
		return "", err
	}
	// Annotations carry their article's source, language and dates: read those first.
	arts := map[string]annotate.Article{}
	if err := ws.EachArticle(false, func(a annotate.Article) error {
		arts[a.ID] = a
		return nil
	}); err != nil {
		return "", err
	}
	nArt, nAnn := ws.Counts()
	ws.DropMappedPages() // counting walked every page of both buckets
	total := nArt + nAnn
	var progMu sync.Mutex
	done := 0
	report := func(n int) {
		if progress == nil {
			return
		}
		progMu.Lock()
		defer progMu.Unlock()
		done += n
		progress(min(done, total), total)
	}
	if progress != nil {
		progress(0, total)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	started := time.Now()
	errs := make([]error, 2)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		errs[0] = buildPart(ctx, path, kindAnnotation, m, annotationsPerSegment, report, func(each func(*document.Document) error) error {
			an := newTextAnalysis(false)
			n := 0
			defer ws.DropMappedPages()
			return ws.EachAnnotation(func(a annotate.Annotation) error {
				if n++; n%10_000 == 0 {
					ws.DropMappedPages() // what was read is not needed again (see DropMappedPages)
				}
				return each(annotationDoc(an, a, arts[a.ArticleID], cb))
			})
		})
		if errs[0] != nil {
			cancel()
		}
	}()
	go func() {
		defer wg.Done()
		errs[1] = buildPart(ctx, path, kindArticle, m, articlesPerSegment, report, func(each func(*document.Document) error) error {
			an := newTextAnalysis(false)
			n := 0
			defer ws.DropMappedPages()
			return ws.EachArticle(true, func(a annotate.Article) error {
				if n++; n%1000 == 0 {
					ws.DropMappedPages()
				}
				return each(articleDoc(an, a))
			})
		})
		if errs[1] != nil {
			cancel()
		}
	}()
	wg.Wait()
	buildTrace("parts", time.Since(started))
	if err := errors.Join(errs...); err != nil {
		return "", fmt.Errorf("build search index: %w", err)
	}
	// The builder writes no internal values of ours: record the version and revision.
	for _, kind := range partKinds {
		if err := stampPart(path, kind, rev); err != nil {
			return "", fmt.Errorf("build search index: %w", err)
		}
	}
	return path, nil
}

// buildPart writes one part with bleve's offline builder: read calls each with every
// document. A panic or fault of bleve is an error.
func buildPart(ctx context.Context, dir, kind string, m *mapping.IndexMappingImpl, perSegment int, report func(int), read func(each func(*document.Document) error) error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("bleve panicked: %v", r)
		}
	}()
	path := partDir(dir, kind)
	var b bleve.Builder // made with the first document: the builder cannot finish empty
	n := 0
	reading := time.Now()
	err = read(func(d *document.Document) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if b == nil {
			var err error
			b, err = bleve.NewBuilder(path, glossMapping{m}, map[string]interface{}{
				"batchSize":       perSegment,
				"mergeMax":        1 << 20, // one merge of every segment
				"buildPathPrefix": dir,     // the segments are renamed into place: same file system
			})
			if err != nil {
				return err
			}
		}
		if err := b.Index(d.ID(), d); err != nil {
			return err
		}
		if n++; n == 500 {
			report(n)
			n = 0
		}
		return nil
	})
	report(n)
	buildTrace("read and segments "+kind, time.Since(reading))
	if err != nil {
		if b != nil {
			b.Close()
		}
		return err
	}
	if b == nil {
		idx, err := bleve.NewUsing(path, m, scorch.Name, scorch.Name, nil)
		if err != nil {
			return err
		}
		return idx.Close()
	}
	merging := time.Now()
	err = b.Close()
	buildTrace("merge "+kind, time.Since(merging))
	return err
}

// stampPart records the mapping version and store revision in a built part.
func stampPart(dir, kind string, rev uint64) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("bleve panicked: %v", r)
		}
	}()
	idx, err := bleve.Open(partDir(dir, kind))
	if err != nil {
		return err
	}
	b := idx.NewBatch()
	b.SetInternal(keyVersion, []byte(MappingVersion))
	b.SetInternal(keyRevision, revBytes(rev))
	if err := idx.Batch(b); err != nil {
		idx.Close()
		return err
	}
	return idx.Close()
}
