package search

import (
	"container/heap"
	"context"
	"fmt"
	"sort"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// The executor runs a compiled query over one part's snapshot with bleve's searchers and
// collects in one pass what a search answers: the total, the facet counts (from the
// tables) and the best hits in the asked order (a bounded heap), without bleve's
// collector, request and result types.

// order is how hits are ranked.
type order int

const (
	byScore     order = iota // score, then newest created
	byCreated                // newest created first
	byPublished              // newest published first, undated last, then newest created
	byOldest                 // oldest created first (AnnotationIDs)
)

// execWant is what a run collects.
type execWant struct {
	order  order
	keep   int  // hits to keep (offset + limit); -1 keeps every hit
	facets bool // count the facet keys of every hit
	blind  blindness
}

// hit is one matching document of a part.
type hit struct {
	seg       int
	local     uint32
	score     float64
	created   int64
	published int64
	kind      int    // annotationsPart | articlesPart: ties put annotations first
	id        string // read lazily (see hitOrder)
}

// execResult is what a run found.
type execResult struct {
	total  int
	hits   []hit   // best first
	counts []int32 // facet key number → hits
	view   *snapshotView
}

// scoring tells bleve's term searchers which model the index uses.
func scoringContext() context.Context {
	return context.WithValue(context.Background(), bsearch.GetScoringModelCallbackKey,
		bsearch.GetScoringModelCallbackFn(func() string { return index.BM25Scoring }))
}

// execute runs q over the snapshot is (whose tables are v).
func execute(is *scorch.IndexSnapshot, v *snapshotView, m mapping.IndexMapping, kind int, q bq.Query, want execWant) (*execResult, error) {
	res := &execResult{view: v}
	if want.facets {
		res.counts = make([]int32, v.nKeys)
	}
	if q == nil {
		return res, nil
	}
	top := &hitHeap{v: v, order: want.order, keep: want.keep}
	hides := want.blind.on
	collect := func(seg int, local uint32, score float64) {
		t := v.segs[seg].table
		if hides && want.blind.hides(t, local) {
			return
		}
		res.total++
		if res.counts != nil {
			for _, k := range t.keys[t.start[local]:t.start[local+1]] {
				res.counts[k]++
			}
		}
		top.offer(hit{seg: seg, local: local, score: score, created: t.created[local], published: t.published[local], kind: kind})
	}
	if tq, ok := q.(*tableQuery); ok {
		// Everything, or a date range alone: the tables answer without a searcher.
		for si := range v.segs {
			sv := &v.segs[si]
			deleted := sv.ss.Deleted()
			for l := uint32(0); l < uint32(sv.end-sv.offset); l++ {
				if (deleted == nil || !deleted.Contains(l)) && (tq.keep == nil || tq.keep(sv.table, l)) {
					collect(si, l, 0)
				}
			}
			if top.err != nil {
				return nil, top.err
			}
		}
		return res, top.finish(res)
	}
	opts := bsearch.SearcherOptions{Score: "bm25"}
	if want.order != byScore {
		opts.Score = "none"
	}
	s, err := q.Searcher(scoringContext(), is, m, opts)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	sctx := &bsearch.SearchContext{DocumentMatchPool: bsearch.NewDocumentMatchPool(s.DocumentMatchPoolSize()+1, 0), IndexReader: is}
	seg := 0
	for {
		dm, err := s.Next(sctx)
		if err != nil {
			return nil, err
		}
		if dm == nil {
			break
		}
		doc := dm.IndexInternalID.Value()
		seg = v.locate(doc, seg)
		if seg >= len(v.segs) {
			sctx.DocumentMatchPool.Put(dm)
			return nil, fmt.Errorf("search: document %d is in no segment", doc)
		}
		collect(seg, uint32(doc-v.segs[seg].offset), dm.Score)
		sctx.DocumentMatchPool.Put(dm)
		if top.err != nil {
			return nil, top.err
		}
	}
	return res, top.finish(res)
}

// finish puts the kept hits in order into res. Their ids are read only where a tie
// needed them: a page deep in the results keeps a thousand hits of which it shows 20
// (resolveIDs reads the others' when they are wanted).
func (h *hitHeap) finish(res *execResult) error {
	res.hits = h.sorted()
	return h.err
}

// resolveIDs reads the ids of the hits that have none yet (v is the hits' snapshot view).
func resolveIDs(v *snapshotView, hits []hit) error {
	for i := range hits {
		if hits[i].id == "" {
			var err error
			if hits[i].id, err = v.docID(hits[i].seg, hits[i].local); err != nil {
				return err
			}
		}
	}
	return nil
}

// hitHeap keeps the best hits; its root is the worst of them.
type hitHeap struct {
	v     *snapshotView
	order order
	keep  int
	hits  []hit
	err   error
}

// before tells whether a ranks before b. Ties are broken by kind, then by id (read from
// the index only when needed), so that every order is total and pages do not overlap.
func before(a, b *hit, o order, id func(*hit) string) bool {
	switch o {
	case byScore:
		if a.score != b.score {
			return a.score > b.score
		}
		if a.created != b.created {
			return a.created > b.created
		}
	case byCreated:
		if a.created != b.created {
			return a.created > b.created // newest first; noDate (MinInt64) last
		}
	case byPublished:
		if a.published != b.published {
			return a.published > b.published
		}
		if a.created != b.created {
			return a.created > b.created
		}
	case byOldest:
		if a.created != b.created {
			if a.created == noDate || b.created == noDate {
				return b.created == noDate
			}
			return a.created < b.created
		}
	}
	if a.kind != b.kind {
		return a.kind < b.kind
	}
	return id(a) < id(b)
}

func (h *hitHeap) id(x *hit) string {
	if x.id == "" && h.err == nil {
		var err error
		if x.id, err = h.v.docID(x.seg, x.local); err != nil {
			h.err = err
		}
	}
	return x.id
}

func (h *hitHeap) offer(x hit) {
	if h.keep < 0 {
		h.hits = append(h.hits, x)
		return
	}
	if h.keep == 0 {
		return
	}
	if len(h.hits) < h.keep {
		heap.Push(h, x)
		return
	}
	if before(&x, &h.hits[0], h.order, h.id) {
		h.hits[0] = x
		heap.Fix(h, 0)
	}
}

func (h *hitHeap) sorted() []hit {
	out := h.hits
	sort.Slice(out, func(i, j int) bool { return before(&out[i], &out[j], h.order, h.id) })
	return out
}

// heap.Interface: a max-heap in result order, so the root is the one to drop.
func (h *hitHeap) Len() int           { return len(h.hits) }
func (h *hitHeap) Less(i, j int) bool { return before(&h.hits[j], &h.hits[i], h.order, h.id) }
func (h *hitHeap) Swap(i, j int)      { h.hits[i], h.hits[j] = h.hits[j], h.hits[i] }
func (h *hitHeap) Push(x any)         { h.hits = append(h.hits, x.(hit)) }
func (h *hitHeap) Pop() any {
	x := h.hits[len(h.hits)-1]
	h.hits = h.hits[:len(h.hits)-1]
	return x
}

// mergeHits merges the best hits of several parts into one order and cuts the page, with
// the ids of its hits (views[kind] is the snapshot view of the hits of that kind).
func mergeHits(lists [][]hit, views []*snapshotView, o order, offset, limit int) ([]hit, error) {
	var all []hit
	for _, l := range lists {
		all = append(all, l...)
	}
	var err error
	id := func(x *hit) string {
		if x.id == "" && err == nil {
			x.id, err = views[x.kind].docID(x.seg, x.local)
		}
		return x.id
	}
	if len(lists) > 1 {
		sort.SliceStable(all, func(i, j int) bool { return before(&all[i], &all[j], o, id) })
	}
	if offset >= len(all) {
		return nil, err
	}
	page := all[offset:min(len(all), offset+limit)]
	for i := range page {
		id(&page[i])
	}
	return page, err
}

// termDocIDs returns the ids of the documents of a snapshot that have a term.
func termDocIDs(is *scorch.IndexSnapshot, field, term string) ([]string, error) {
	var out []string
	for _, ss := range is.Segments() {
		dict, err := ss.Segment().Dictionary(field)
		if err != nil {
			return nil, err
		}
		if dict == nil {
			continue
		}
		pl, err := dict.PostingsList([]byte(term), ss.Deleted(), nil)
		if err != nil {
			return nil, err
		}
		it := pl.Iterator(false, false, false, nil)
		for {
			p, err := it.Next()
			if err != nil {
				return nil, err
			}
			if p == nil {
				break
			}
			id, err := ss.DocID(p.Number())
			if err != nil {
				return nil, err
			}
			out = append(out, string(id))
		}
	}
	return out, nil
}
