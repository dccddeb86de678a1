package search

import (
	"context"
	"sort"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
)

// bitmapQuery matches the documents that have any of some terms of a field, as a filter:
// it scores nothing (0). Tags, sources, authors and attributes are such filters; bleve's
// term searcher decodes frequencies and lengths of every posting it steps over when a
// conjunction advances it (a tag on 15% of the passages cost more than the words), where
// the union of the terms' posting bitmaps answers by bit.
type bitmapQuery struct {
	field string
	terms []string
}

// orIntoer is what zap's postings lists offer: their documents as a bitmap.
type orIntoer interface{ OrInto(*roaring.Bitmap) }

func (q *bitmapQuery) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	is, ok := i.(*scorch.IndexSnapshot)
	if !ok {
		return nil, errNotScorch
	}
	s := &bitmapSearcher{}
	var offset uint64
	for _, ss := range is.Segments() {
		n := ss.Segment().Count()
		bm := roaring.New()
		dict, err := ss.Segment().Dictionary(q.field)
		if err != nil {
			return nil, err
		}
		if dict != nil {
			for _, t := range q.terms {
				pl, err := dict.PostingsList([]byte(t), nil, nil)
				if err != nil {
					return nil, err
				}
				if o, ok := pl.(orIntoer); ok {
					o.OrInto(bm)
					continue
				}
				// Any other segment type: walk the postings.
				it := pl.Iterator(false, false, false, nil)
				for p, err := it.Next(); p != nil || err != nil; p, err = it.Next() {
					if err != nil {
						return nil, err
					}
					bm.Add(uint32(p.Number()))
				}
			}
			if d := ss.Deleted(); d != nil {
				bm.AndNot(d)
			}
		}
		s.segs = append(s.segs, bitmapSeg{offset: offset, end: offset + n, docs: bm})
		s.count += bm.GetCardinality()
		offset += n
	}
	return s, nil
}

type bitmapSeg struct {
	offset, end uint64
	docs        *roaring.Bitmap
}

// bitmapSearcher walks the segments' bitmaps in document order.
type bitmapSearcher struct {
	segs  []bitmapSeg
	seg   int
	it    roaring.IntPeekable
	count uint64
}

func (s *bitmapSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	for s.seg < len(s.segs) {
		if s.it == nil {
			s.it = s.segs[s.seg].docs.Iterator()
		}
		if s.it.HasNext() {
			dm := ctx.DocumentMatchPool.Get()
			dm.IndexInternalID = index.NewIndexInternalID(dm.IndexInternalID, s.segs[s.seg].offset+uint64(s.it.Next()))
			return dm, nil
		}
		s.seg++
		s.it = nil
	}
	return nil, nil
}

func (s *bitmapSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	doc := id.Value()
	si := sort.Search(len(s.segs), func(i int) bool { return s.segs[i].end > doc })
	if si >= len(s.segs) {
		s.seg, s.it = len(s.segs), nil
		return nil, nil
	}
	if si > s.seg {
		s.seg, s.it = si, nil
	}
	if si == s.seg {
		if s.it == nil {
			s.it = s.segs[s.seg].docs.Iterator()
		}
		if doc > s.segs[si].offset {
			s.it.AdvanceIfNeeded(uint32(doc - s.segs[si].offset))
		}
	}
	return s.Next(ctx)
}

func (s *bitmapSearcher) Close() error               { return nil }
func (s *bitmapSearcher) Weight() float64            { return 0 }
func (s *bitmapSearcher) SetQueryNorm(float64)       {}
func (s *bitmapSearcher) Count() uint64              { return s.count }
func (s *bitmapSearcher) Min() int                   { return 0 }
func (s *bitmapSearcher) Size() int                  { return 64 }
func (s *bitmapSearcher) DocumentMatchPoolSize() int { return 1 }
