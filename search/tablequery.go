package search

import (
	"context"

	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
)

// tableQuery matches the documents of a snapshot whose table row passes keep: date ranges,
// the annotations of a set of articles (title: and url: on annotations), everything. It
// scores nothing (0), so that beside words it only filters.
type tableQuery struct {
	tables *facetTables // of the part the query runs on
	keep   func(t *segTable, local uint32) bool
}

func (q *tableQuery) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	is, ok := i.(*scorch.IndexSnapshot)
	if !ok {
		return nil, errNotScorch
	}
	v, err := q.tables.view(is)
	if err != nil {
		return nil, err
	}
	return &tableSearcher{keep: q.keep, view: v}, nil
}

// tableSearcher walks the documents in order, skipping deleted ones and those keep refuses.
type tableSearcher struct {
	keep  func(t *segTable, local uint32) bool
	view  *snapshotView // of the snapshot searched
	seg   int           // current segment
	local uint32        // next local number to look at in it
}

func (s *tableSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	v := s.view
	for s.seg < len(v.segs) {
		sv := &v.segs[s.seg]
		n := uint32(sv.end - sv.offset)
		deleted := sv.ss.Deleted()
		for s.local < n {
			l := s.local
			s.local++
			if deleted != nil && deleted.Contains(l) {
				continue
			}
			if s.keep != nil && !s.keep(sv.table, l) {
				continue
			}
			dm := ctx.DocumentMatchPool.Get()
			dm.IndexInternalID = index.NewIndexInternalID(dm.IndexInternalID, sv.offset+uint64(l))
			return dm, nil
		}
		s.seg++
		s.local = 0
	}
	return nil, nil
}

func (s *tableSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	doc := id.Value()
	v := s.view
	if s.seg >= len(v.segs) {
		return nil, nil
	}
	// Documents before the current position were returned already.
	if doc > v.segs[s.seg].offset+uint64(s.local) {
		seg := v.locate(doc, s.seg)
		if seg >= len(v.segs) {
			s.seg, s.local = len(v.segs), 0
			return nil, nil
		}
		s.seg, s.local = seg, uint32(doc-v.segs[seg].offset)
	}
	return s.Next(ctx)
}

func (s *tableSearcher) Close() error               { return nil }
func (s *tableSearcher) Weight() float64            { return 0 }
func (s *tableSearcher) SetQueryNorm(float64)       {}
func (s *tableSearcher) Min() int                   { return 0 }
func (s *tableSearcher) Size() int                  { return 64 }
func (s *tableSearcher) DocumentMatchPoolSize() int { return 1 }

// Count is an upper bound: every document.
func (s *tableSearcher) Count() uint64 {
	v := s.view
	if len(v.segs) == 0 {
		return 0
	}
	return v.segs[len(v.segs)-1].end
}

// inRange keeps documents whose date in col lies in [from, to) (a zero bound is open).
func inRange(col func(t *segTable) []int64, from, to int64, openFrom, openTo bool) func(t *segTable, local uint32) bool {
	return func(t *segTable, l uint32) bool {
		d := col(t)[l]
		if d == noDate {
			return false
		}
		return (openFrom || d >= from) && (openTo || d < to)
	}
}
