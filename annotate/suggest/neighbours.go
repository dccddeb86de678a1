package suggest

// The nearest coded passage, for explanations: an inverted index from feature bucket to
// the coded sentences whose sketch (strongest features) has it. A query walks the
// postings of its own features only, so its cost follows how many coded sentences share
// its rarer words, not how many there are.

// posting is one coded sentence (by exemplar number) with a feature's value in it.
type posting struct {
	ex  uint32
	val float32
}

// tagAnn says that an exemplar is coded with a tag by an annotation (index in Model.anns).
type tagAnn struct {
	tag, ann int32
}

type exemplarIndex struct {
	start []uint32 // the postings of bucket b are post[start[b]:start[b+1]]
	post  []posting
	refs  [][]tagAnn // per exemplar
}

// buildExemplarIndex indexes the sketches (one per exemplar) and their codings.
func buildExemplarIndex(sketches []Vec, refs [][]tagAnn) *exemplarIndex {
	ix := &exemplarIndex{start: make([]uint32, Dim+1), refs: refs}
	for _, v := range sketches {
		for _, b := range v.Idx {
			ix.start[b+1]++
		}
	}
	for b := 1; b <= Dim; b++ {
		ix.start[b] += ix.start[b-1]
	}
	ix.post = make([]posting, ix.start[Dim])
	fill := make([]uint32, Dim)
	for e, v := range sketches {
		for k, b := range v.Idx {
			ix.post[ix.start[b]+fill[b]] = posting{uint32(e), v.Val[k]}
			fill[b]++
		}
	}
	return ix
}

// match is the best exemplar found for a tag: its annotation and the cosine.
type match struct {
	ann int32 // -1: none
	sim float32
}

// searcher holds the scratch of one caller (not safe to share between goroutines).
type searcher struct {
	ix      *exemplarIndex
	acc     []float32
	touched []uint32
}

func (ix *exemplarIndex) searcher() *searcher {
	return &searcher{ix: ix, acc: make([]float32, len(ix.refs))}
}

// nearest returns, for each of tags, the coded sentence most like x among those coded
// with the tag (the dot product of x with the exemplar's sketch).
func (s *searcher) nearest(x Vec, tags []int) []match {
	out := make([]match, len(tags))
	for i := range out {
		out[i].ann = -1
	}
	ix := s.ix
	s.touched = s.touched[:0]
	for k, b := range x.Idx {
		xv := x.Val[k]
		for _, p := range ix.post[ix.start[b]:ix.start[b+1]] {
			if s.acc[p.ex] == 0 {
				s.touched = append(s.touched, p.ex)
			}
			s.acc[p.ex] += xv * p.val
		}
	}
	for _, e := range s.touched {
		sim := s.acc[e]
		s.acc[e] = 0
		for _, r := range ix.refs[e] {
			for i, t := range tags {
				if int(r.tag) == t && sim > out[i].sim {
					out[i] = match{ann: r.ann, sim: sim}
				}
			}
		}
	}
	return out
}
