package search

import (
	"container/heap"
	"errors"
	"fmt"
	"math"
	"sort"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/numeric"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	"github.com/blevesearch/vellum"
)

// Facets and the empty query are served from small in-memory tables instead of bleve's
// doc values: reading a hit's doc values decompresses a whole chunk (snappy) per hit,
// ~7 µs, which made facets over 500 hits cost 3.5 ms and sorting 100,000 annotations by
// date cost 100 ms. A scorch segment never changes once written, so each segment's table
// is built once, from the postings of the facet, kind and created fields (not from doc
// values), and kept while the segment lives. Hits and deletions come from the same index
// snapshot bleve searched, so the counts are exactly what bleve's facets would give.

// noCreated marks a document without a created date (sorted last, like bleve's
// SortFieldMissingLast).
const noCreated = math.MinInt64

// segTable is what the facets and the empty query need of one segment's documents,
// indexed by the segment's local document number.
type segTable struct {
	start      []uint32 // keys of doc d: keys[start[d]:start[d+1]]
	keys       []uint32 // facet key numbers (facetTables.names)
	created    []int64  // created date in Unix nanoseconds, or noCreated
	annotation *roaring.Bitmap
}

// facetTables caches the segTable of every live segment and numbers the facet terms.
type facetTables struct {
	mu     sync.Mutex
	number map[string]uint32
	names  []string
	segs   map[segment.Segment]*segTable
}

// segView is one segment of a snapshot with its table.
type segView struct {
	ss     *scorch.SegmentSnapshot
	offset uint64 // global number of its first document
	end    uint64
	table  *segTable
}

// snapshotView is the tables of one index snapshot.
type snapshotView struct {
	segs  []segView
	nKeys int
	names []string
}

// view returns the tables of every segment of a snapshot, building those not seen yet.
func (ft *facetTables) view(is *scorch.IndexSnapshot) (*snapshotView, error) {
	ft.mu.Lock()
	defer ft.mu.Unlock()
	if ft.segs == nil {
		ft.segs = map[segment.Segment]*segTable{}
		ft.number = map[string]uint32{}
	}
	v := &snapshotView{}
	live := map[segment.Segment]bool{}
	var offset uint64
	for _, ss := range is.Segments() {
		seg := ss.Segment()
		t, ok := ft.segs[seg]
		if !ok {
			var err error
			if t, err = ft.build(seg); err != nil {
				return nil, err
			}
			ft.segs[seg] = t
		}
		live[seg] = true
		n := seg.Count() // scorch numbers documents by the raw count, deleted ones included
		v.segs = append(v.segs, segView{ss: ss, offset: offset, end: offset + n, table: t})
		offset += n
	}
	// Forget the tables of merged-away segments.
	if len(ft.segs) > 2*len(live)+8 {
		for seg := range ft.segs {
			if !live[seg] {
				delete(ft.segs, seg)
			}
		}
	}
	v.nKeys = len(ft.names)
	v.names = ft.names[:len(ft.names):len(ft.names)]
	return v, nil
}

// build reads one segment's postings into a table (ft.mu held).
func (ft *facetTables) build(seg segment.Segment) (*segTable, error) {
	n := int(seg.Count())
	t := &segTable{start: make([]uint32, n+1), created: make([]int64, n), annotation: roaring.New()}
	type posting struct {
		doc uint32
		key uint32
	}
	var all []posting
	err := eachTerm(seg, fFacet, nil, nil, func(term []byte, docs func(func(uint64))) {
		name := string(term)
		k, ok := ft.number[name]
		if !ok {
			k = uint32(len(ft.names))
			ft.number[name] = k
			ft.names = append(ft.names, name)
		}
		docs(func(d uint64) { all = append(all, posting{uint32(d), k}) })
	})
	if err != nil {
		return nil, err
	}
	// Counting sort by document: the CSR layout needs no per-document slices.
	for _, p := range all {
		t.start[p.doc+1]++
	}
	for d := 1; d <= n; d++ {
		t.start[d] += t.start[d-1]
	}
	t.keys = make([]uint32, len(all))
	fill := append([]uint32(nil), t.start[:n]...)
	for _, p := range all {
		t.keys[fill[p.doc]] = p.key
		fill[p.doc]++
	}
	err = eachTerm(seg, fKind, []byte(kindAnnotation), []byte(kindAnnotation+"\x00"), func(_ []byte, docs func(func(uint64))) {
		docs(func(d uint64) { t.annotation.Add(uint32(d)) })
	})
	if err != nil {
		return nil, err
	}
	for i := range t.created {
		t.created[i] = noCreated
	}
	// Dates are indexed as prefix-coded numbers at several precisions; shift 0 is exact.
	shift0 := numeric.MustNewPrefixCodedInt64(math.MinInt64, 0)[:1]
	err = eachTerm(seg, fCreated, shift0, []byte{shift0[0] + 1}, func(term []byte, docs func(func(uint64))) {
		nanos, err := numeric.PrefixCoded(term).Int64()
		if err != nil {
			return
		}
		docs(func(d uint64) { t.created[d] = nanos })
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// eachTerm calls fn with every term of a field in [from, to) (all when nil) and a way to
// visit the local numbers of the documents that have it.
func eachTerm(seg segment.Segment, field string, from, to []byte, fn func(term []byte, docs func(func(uint64)))) error {
	dict, err := seg.Dictionary(field)
	if err != nil {
		return fmt.Errorf("read %s terms: %w", field, err)
	}
	if dict == nil {
		return nil
	}
	it := dict.AutomatonIterator(&vellum.AlwaysMatch{}, from, to)
	var pl segment.PostingsList
	var pi segment.PostingsIterator
	for {
		e, err := it.Next()
		if err != nil {
			return fmt.Errorf("read %s terms: %w", field, err)
		}
		if e == nil {
			return nil
		}
		term := []byte(e.Term)
		if pl, err = dict.PostingsList(term, nil, pl); err != nil {
			return fmt.Errorf("read %s postings: %w", field, err)
		}
		pi = pl.Iterator(false, false, false, pi)
		var iterErr error
		fn(term, func(visit func(uint64)) {
			for {
				p, err := pi.Next()
				if err != nil {
					iterErr = err
					return
				}
				if p == nil {
					return
				}
				visit(p.Number())
			}
		})
		if iterErr != nil {
			return fmt.Errorf("read %s postings: %w", field, iterErr)
		}
	}
}

// segmentOf finds the segment of a global document number; hits come in document order,
// so the last one found is tried first.
func (v *snapshotView) segmentOf(doc uint64, last int) int {
	if last < len(v.segs) && doc >= v.segs[last].offset && doc < v.segs[last].end {
		return last
	}
	return sort.Search(len(v.segs), func(i int) bool { return v.segs[i].end > doc })
}

// facetCounter counts the facet keys of the hits of one search.
type facetCounter struct {
	tables *facetTables
	view   *snapshotView
	counts []int32
}

var errNotScorch = errors.New("search: the index is not a scorch index")

// handler wraps bleve's top-N collector: each hit's keys are counted from the tables
// before bleve ranks it.
func (fc *facetCounter) handler() bsearch.MakeDocumentMatchHandler {
	return func(ctx *bsearch.SearchContext) (bsearch.DocumentMatchHandler, bool, error) {
		next, loadID, err := collector.MakeTopNDocumentMatchHandler(ctx)
		if err != nil {
			return nil, false, err
		}
		is, ok := ctx.IndexReader.(*scorch.IndexSnapshot)
		if !ok {
			return nil, false, errNotScorch
		}
		if fc.view, err = fc.tables.view(is); err != nil {
			return nil, false, err
		}
		fc.counts = make([]int32, fc.view.nKeys)
		last := 0
		return func(d *bsearch.DocumentMatch) error {
			if d != nil && d.IndexInternalID != nil {
				doc := d.IndexInternalID.Value()
				if last = fc.view.segmentOf(doc, last); last < len(fc.view.segs) {
					s := fc.view.segs[last]
					local := doc - s.offset
					for _, k := range s.table.keys[s.table.start[local]:s.table.start[local+1]] {
						fc.counts[k]++
					}
				}
			}
			return next(d)
		}, loadID, nil
	}
}

// terms lists the counted facet terms.
func (fc *facetCounter) terms() []termCount {
	var out []termCount
	for k, c := range fc.counts {
		if c > 0 {
			out = append(out, termCount{fc.view.names[k], int(c)})
		}
	}
	return out
}

type termCount struct {
	term  string
	count int
}

// newestFirst answers the empty query from the tables: every live annotation (and
// article, with articles) of the snapshot, newest created first, ties by document id
// ascending — the order bleve gives for sorting on -created then _id.
func (ft *facetTables) newestFirst(is *scorch.IndexSnapshot, articles bool, offset, limit int, facets bool) (page, []termCount, error) {
	v, err := ft.view(is)
	if err != nil {
		return page{}, nil, err
	}
	var counts []int32
	if facets {
		counts = make([]int32, v.nKeys)
	}
	top := &newestHeap{v: v, ids: map[uint64]string{}, k: offset + limit}
	total := 0
	for si, s := range v.segs {
		t := s.table
		deleted := s.ss.Deleted()
		visit := func(local uint32) {
			if deleted != nil && deleted.Contains(local) {
				return
			}
			total++
			if facets {
				for _, k := range t.keys[t.start[local]:t.start[local+1]] {
					counts[k]++
				}
			}
			top.offer(docRef{seg: si, local: local, created: t.created[local]})
		}
		if articles {
			for d := range t.created {
				visit(uint32(d))
			}
		} else {
			it := t.annotation.Iterator()
			for it.HasNext() {
				visit(it.Next())
			}
		}
		if top.err != nil {
			return page{}, nil, top.err
		}
	}
	refs := top.sorted()
	if top.err != nil {
		return page{}, nil, top.err
	}
	p := page{total: total}
	for i := offset; i < len(refs); i++ {
		id, err := top.id(refs[i])
		if err != nil {
			return page{}, nil, err
		}
		p.hits = append(p.hits, hitRef{ID: id})
	}
	var terms []termCount
	for k, c := range counts {
		if c > 0 {
			terms = append(terms, termCount{v.names[k], int(c)})
		}
	}
	return p, terms, nil
}

type docRef struct {
	seg     int
	local   uint32
	created int64
}

// newestHeap keeps the k first documents in result order; its root is the last of them.
type newestHeap struct {
	v    *snapshotView
	refs []docRef
	k    int
	ids  map[uint64]string // external ids read for ties, by global number
	err  error
}

func (h *newestHeap) id(r docRef) (string, error) {
	s := h.v.segs[r.seg]
	g := s.offset + uint64(r.local)
	if id, ok := h.ids[g]; ok {
		return id, nil
	}
	b, err := s.ss.DocID(uint64(r.local))
	if err != nil {
		return "", err
	}
	h.ids[g] = string(b)
	return h.ids[g], nil
}

// before reports whether a comes before b in the result order.
func (h *newestHeap) before(a, b docRef) bool {
	if a.created != b.created {
		return a.created > b.created // newest first; noCreated (MinInt64) last
	}
	ia, err := h.id(a)
	if err == nil {
		var ib string
		if ib, err = h.id(b); err == nil {
			return ia < ib
		}
	}
	if h.err == nil {
		h.err = err
	}
	return false
}

func (h *newestHeap) offer(r docRef) {
	if h.k <= 0 {
		return
	}
	if len(h.refs) < h.k {
		heap.Push(h, r)
		return
	}
	if h.before(r, h.refs[0]) {
		h.refs[0] = r
		heap.Fix(h, 0)
	}
}

func (h *newestHeap) sorted() []docRef {
	out := append([]docRef(nil), h.refs...)
	sort.Slice(out, func(i, j int) bool { return h.before(out[i], out[j]) })
	return out
}

// heap.Interface: a max-heap in result order, so the root is the one to drop.
func (h *newestHeap) Len() int           { return len(h.refs) }
func (h *newestHeap) Less(i, j int) bool { return h.before(h.refs[j], h.refs[i]) }
func (h *newestHeap) Swap(i, j int)      { h.refs[i], h.refs[j] = h.refs[j], h.refs[i] }
func (h *newestHeap) Push(x any)         { h.refs = append(h.refs, x.(docRef)) }
func (h *newestHeap) Pop() any {
	r := h.refs[len(h.refs)-1]
	h.refs = h.refs[:len(h.refs)-1]
	return r
}
