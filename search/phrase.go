package search

import (
	"context"
	"math"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// phraseQuery matches the documents whose field has the terms at the given distances
// (stop words leave gaps). bleve's own phrase searcher turns every candidate's term
// locations into maps of strings and was the slowest thing a search did (3–6 times
// FTS5's time on phrases of common words); this one reads the segments' postings
// directly: it walks the rarest term's documents, skips the others' iterators to them,
// and compares positions only where all terms meet. Its score is bleve's for the same
// terms in a conjunction (the sum of their BM25 scores), so it ranks like the rest.
type phraseQuery struct {
	field string
	terms []string
	gaps  []int // position of term i minus position of term 0
}

func (q *phraseQuery) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	is, ok := i.(*scorch.IndexSnapshot)
	if !ok {
		return nil, errNotScorch
	}
	docTotal, err := is.DocCount()
	if err != nil {
		return nil, err
	}
	card, err := is.FieldCardinality(q.field)
	if err != nil {
		return nil, err
	}
	s := &phraseSearcher{q: q, segs: is.Segments(), queryWeight: 1}
	if docTotal > 0 {
		s.avgLen = math.Ceil(float64(card) / float64(docTotal)) // bleve's BM25 average length
	}
	// Postings of every term in every segment; the document frequencies give the idf.
	s.lists = make([][]segment.PostingsList, len(s.segs))
	df := make([]uint64, len(q.terms))
	var offset uint64
	for si, ss := range s.segs {
		s.offsets = append(s.offsets, offset)
		offset += ss.Segment().Count()
		dict, err := ss.Segment().Dictionary(q.field)
		if err != nil {
			return nil, err
		}
		if dict == nil {
			continue
		}
		lists := make([]segment.PostingsList, len(q.terms))
		for ti, term := range q.terms {
			pl, err := dict.PostingsList([]byte(term), ss.Deleted(), nil)
			if err != nil {
				return nil, err
			}
			lists[ti] = pl
			df[ti] += pl.Count()
		}
		s.lists[si] = lists
	}
	s.count = math.MaxUint64
	for ti := range q.terms {
		s.count = min(s.count, df[ti])
		idf := math.Log(1 + (float64(docTotal)-float64(df[ti])+0.5)/(float64(df[ti])+0.5))
		s.idf = append(s.idf, idf)
	}
	s.seg = -1
	if s.count == 0 {
		s.seg = len(s.segs) // nothing to find
	}
	return s, nil
}

type phraseSearcher struct {
	q           *phraseQuery
	segs        []*scorch.SegmentSnapshot
	offsets     []uint64
	lists       [][]segment.PostingsList // per segment, per term (nil: field absent)
	its         []segment.PostingsIterator
	cur         []segment.Posting // each iterator's current posting (nil before the first)
	seg         int               // current segment; -1 before the first
	idf         []float64
	avgLen      float64
	count       uint64
	queryWeight float64 // 1, or set by an enclosing conjunction/disjunction
	qnorm       float64
	normSet     bool
	next        uint64 // next local document to consider in seg
}

// openSegment starts iterators on segment si; false when the phrase cannot occur there.
func (s *phraseSearcher) openSegment(si int) bool {
	lists := s.lists[si]
	if lists == nil {
		return false
	}
	if s.its == nil {
		s.its = make([]segment.PostingsIterator, len(lists))
		s.cur = make([]segment.Posting, len(lists))
	}
	for ti, pl := range lists {
		if pl.Count() == 0 {
			return false
		}
		s.its[ti] = pl.Iterator(true, true, true, s.its[ti])
		s.cur[ti] = nil
	}
	s.next = 0
	return true
}

func (s *phraseSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	for {
		if s.seg < 0 || s.seg >= len(s.segs) || s.its == nil {
			if !s.nextSegment() {
				return nil, nil
			}
		}
		dm, err := s.match(ctx)
		if err != nil || dm != nil {
			return dm, err
		}
		if !s.nextSegment() {
			return nil, nil
		}
	}
}

// nextSegment moves to the next segment where the phrase may occur.
func (s *phraseSearcher) nextSegment() bool {
	for s.seg+1 < len(s.segs) {
		s.seg++
		if s.openSegment(s.seg) {
			return true
		}
	}
	s.seg = len(s.segs)
	s.its, s.cur = nil, nil
	return false
}

// match finds the next document at or after s.next in the current segment.
func (s *phraseSearcher) match(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	cur := s.cur
	target := s.next
	for {
		// Leapfrog: every iterator to the highest document any of them is at. (A zap
		// iterator never goes back: one already at target is left there.)
		top := target
		for ti, it := range s.its {
			if cur[ti] == nil || cur[ti].Number() < top {
				p, err := it.Advance(top)
				if err != nil {
					return nil, err
				}
				if p == nil {
					return nil, nil // this segment has no more
				}
				cur[ti] = p
			}
			top = max(top, cur[ti].Number())
		}
		same := true
		for _, p := range cur {
			if p.Number() != top {
				same = false
				break
			}
		}
		if !same {
			target = top
			continue
		}
		s.next = top + 1
		if s.positionsMeet(cur) {
			dm := ctx.DocumentMatchPool.Get()
			dm.IndexInternalID = index.NewIndexInternalID(dm.IndexInternalID, s.offsets[s.seg]+top)
			dm.Score = s.score(cur)
			return dm, nil
		}
		target = top + 1
	}
}

// positionsMeet tells whether some occurrence of term 0 has every other term at its gap.
func (s *phraseSearcher) positionsMeet(postings []segment.Posting) bool {
	first := postings[0].Locations()
	for _, l := range first {
		p0 := l.Pos()
		ok := true
		for ti := 1; ti < len(postings) && ok; ti++ {
			want := p0 + uint64(s.q.gaps[ti])
			found := false
			for _, o := range postings[ti].Locations() {
				if o.Pos() == want {
					found = true
					break
				}
				if o.Pos() > want {
					break
				}
			}
			ok = found
		}
		if ok {
			return true
		}
	}
	return false
}

// score is the sum of the terms' BM25 scores, as bleve's term scorer computes them.
func (s *phraseSearcher) score(postings []segment.Posting) float64 {
	var total float64
	for ti, p := range postings {
		tf := math.Sqrt(float64(p.Frequency()))
		norm := p.Norm()
		fieldLength := 1 / (norm * norm)
		sc := s.idf[ti] * (tf * bsearch.BM25_k1) /
			(tf + bsearch.BM25_k1*(1-bsearch.BM25_b+(bsearch.BM25_b*fieldLength/s.avgLen)))
		if s.normSet {
			sc *= s.idf[ti] * s.qnorm
		}
		total += sc
	}
	return total
}

func (s *phraseSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	doc := id.Value()
	// Find the segment of doc.
	si := len(s.offsets) - 1
	for si > 0 && s.offsets[si] > doc {
		si--
	}
	if si > s.seg {
		s.seg = si - 1
		if !s.nextSegment() {
			return nil, nil
		}
	}
	if s.seg == si && s.its != nil {
		if local := doc - s.offsets[si]; local > s.next {
			s.next = local
		}
	}
	return s.Next(ctx)
}

func (s *phraseSearcher) Close() error { return nil }

// Weight and SetQueryNorm follow bleve's term searchers (a conjunction of the terms).
func (s *phraseSearcher) Weight() float64 {
	var w float64
	for _, idf := range s.idf {
		w += idf * idf
	}
	return w
}

func (s *phraseSearcher) SetQueryNorm(n float64) { s.qnorm, s.normSet = n, true }

func (s *phraseSearcher) Count() uint64              { return s.count }
func (s *phraseSearcher) Min() int                   { return 0 }
func (s *phraseSearcher) Size() int                  { return 256 }
func (s *phraseSearcher) DocumentMatchPoolSize() int { return 1 }
