package search

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	"github.com/blevesearch/vellum"
)

// Facets, dates and the empty query are served from small in-memory tables, one per index
// segment, instead of bleve's doc values (reading a hit's doc values decompresses a chunk
// per hit, ~7 µs) or its numeric range queries (a date range is dozens of term lookups).
// A scorch segment never changes once written, so each segment's table is built once,
// from the postings of the facet, dates and article fields, and kept while the segment
// lives. Deletions come from the snapshot being searched.

// noDate marks a document without that date (sorted last).
const noDate = math.MinInt64

// segTable is what facets, date filters, date sorts, joins and the empty query need of one
// segment's documents, indexed by the segment's local document number.
type segTable struct {
	start     []uint32 // facet keys of doc d: keys[start[d]:start[d+1]]
	keys      []uint32 // facet key numbers (facetTables.names)
	created   []int64  // Unix ns, or noDate
	published []int64
	modified  []int64
	article   []uint32 // article number (facetTables.articleNum); every document has one
	coder     []uint32 // coder number (facetTables.coderNum), 0 for none; nil when no document has one
}

// facetTables caches the segTable of every live segment of one part, numbers its facet
// terms and its article ids.
type facetTables struct {
	mu         sync.Mutex
	number     map[string]uint32
	names      []string
	articleNum map[string]uint32
	articleIDs []string
	coderNum   map[string]uint32 // team coder ids, numbered from 1
	segs       map[segment.Segment]*segTable
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
		ft.articleNum = map[string]uint32{}
		ft.coderNum = map[string]uint32{}
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

// articleSet returns the article numbers of the ids this part knows, as a set over the
// numbers (ids it never saw have no document here).
func (ft *facetTables) articleSet(ids []string) []bool {
	ft.mu.Lock()
	defer ft.mu.Unlock()
	set := make([]bool, len(ft.articleIDs))
	for _, id := range ids {
		if n, ok := ft.articleNum[id]; ok {
			set[n] = true
		}
	}
	return set
}

// build reads one segment's postings into a table (ft.mu held).
func (ft *facetTables) build(seg segment.Segment) (*segTable, error) {
	n := int(seg.Count())
	t := &segTable{start: make([]uint32, n+1), created: make([]int64, n), published: make([]int64, n),
		modified: make([]int64, n), article: make([]uint32, n)}
	type posting struct {
		doc uint32
		key uint32
	}
	var all []posting
	err := eachTerm(seg, fFacet, func(term []byte, docs func(func(uint64))) {
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
	for i := range t.created {
		t.created[i], t.published[i], t.modified[i] = noDate, noDate, noDate
	}
	err = eachTerm(seg, fDates, func(term []byte, docs func(func(uint64))) {
		which, nanos, ok := parseDateTerm(term)
		if !ok {
			return
		}
		var col []int64
		switch which {
		case dateCreated:
			col = t.created
		case datePublished:
			col = t.published
		case dateModified:
			col = t.modified
		default:
			return
		}
		docs(func(d uint64) { col[d] = nanos })
	})
	if err != nil {
		return nil, err
	}
	err = eachTerm(seg, fArticle, func(term []byte, docs func(func(uint64))) {
		id := string(term)
		k, ok := ft.articleNum[id]
		if !ok {
			k = uint32(len(ft.articleIDs))
			ft.articleNum[id] = k
			ft.articleIDs = append(ft.articleIDs, id)
		}
		docs(func(d uint64) { t.article[d] = k })
	})
	if err != nil {
		return nil, err
	}
	err = eachTerm(seg, fCoder, func(term []byte, docs func(func(uint64))) {
		id := string(term)
		k, ok := ft.coderNum[id]
		if !ok {
			k = uint32(len(ft.coderNum) + 1)
			ft.coderNum[id] = k
		}
		if t.coder == nil {
			t.coder = make([]uint32, n)
		}
		docs(func(d uint64) { t.coder[d] = k })
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// shownCoder is the number of a coder's annotations in these tables, for blind coding:
// noCoder when none of the tables' documents is theirs.
func (ft *facetTables) shownCoder(coder string) uint32 {
	ft.mu.Lock()
	defer ft.mu.Unlock()
	if k, ok := ft.coderNum[coder]; ok {
		return k
	}
	return noCoder
}

// noCoder is a coder number no document has.
const noCoder = math.MaxUint32

// eachTerm calls fn with every term of a field and a way to visit the local numbers of the
// documents that have it.
func eachTerm(seg segment.Segment, field string, fn func(term []byte, docs func(func(uint64)))) error {
	dict, err := seg.Dictionary(field)
	if err != nil {
		return fmt.Errorf("read %s terms: %w", field, err)
	}
	if dict == nil {
		return nil
	}
	it := dict.AutomatonIterator(&vellum.AlwaysMatch{}, nil, nil)
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

// locate finds the segment of a global document number; documents come in order, so the
// last one found is tried first.
func (v *snapshotView) locate(doc uint64, last int) int {
	if last < len(v.segs) && doc >= v.segs[last].offset && doc < v.segs[last].end {
		return last
	}
	return sort.Search(len(v.segs), func(i int) bool { return v.segs[i].end > doc })
}

// docID reads the external id of a document.
func (v *snapshotView) docID(seg int, local uint32) (string, error) {
	b, err := v.segs[seg].ss.DocID(uint64(local))
	if err != nil {
		return "", err
	}
	return string(b), nil
}

var errNotScorch = errors.New("search: the index is not a scorch index")

// termCount is a facet term and how many hits have it.
type termCount struct {
	term  string
	count int
}

// counts lists the counted facet terms.
func (v *snapshotView) counts(c []int32) []termCount {
	var out []termCount
	for k, n := range c {
		if n > 0 {
			out = append(out, termCount{v.names[k], int(n)})
		}
	}
	return out
}
