package annotate

// Approximate anchoring, after Hypothesis's dom-anchor-text-quote and approx-string-match:
// Myers' bit-parallel edit-distance algorithm (in Hyyrö's block form, so quotes of any
// length work) finds every place where the quote occurs with at most maxErrors edits;
// each candidate is then scored on how well the quote, the prefix and the suffix agree
// and how close it lies to the old position. Everything counts code points, never bytes.

// Weights of the candidate score, as in Hypothesis's match-quote.
const (
	quoteWeight    = 50.0
	prefixWeight   = 20.0
	suffixWeight   = 20.0
	positionWeight = 2.0
)

// maxFuzzyErrors is how many edits a quote of n code points may have and still be found:
// about a quarter of its length. Quotes under four code points must match exactly.
func maxFuzzyErrors(n int) int { return n / 4 }

// matchFuzzy finds an approximate occurrence of sel.Exact in text, tolerating edits up
// to a quarter of the quote's length, and returns the best-scoring one.
func matchFuzzy(text []rune, sel Selector) (start, end int, ok bool) {
	quote := []rune(sel.Exact)
	k := maxFuzzyErrors(len(quote))
	if k == 0 || len(text) == 0 {
		return 0, 0, false
	}
	matches := approxSearch(text, quote, k)
	if len(matches) == 0 {
		return 0, 0, false
	}
	prefix, suffix := []rune(sel.Prefix), []rune(sel.Suffix)
	best, bestScore := approxMatch{}, -1.0
	for _, m := range matches {
		score := scoreMatch(text, m, len(quote), prefix, suffix, sel.Start)
		if score > bestScore || (score == bestScore && closer(m, best, len(quote), sel.Start)) {
			best, bestScore = m, score
		}
	}
	return best.start, best.end, true
}

// closer breaks a tie between equally scored candidates: the length nearer the quote's,
// then the start nearer the old position.
func closer(a, b approxMatch, quoteLen, hint int) bool {
	da, db := abs(a.end-a.start-quoteLen), abs(b.end-b.start-quoteLen)
	if da != db {
		return da < db
	}
	return hint >= 0 && abs(a.start-hint) < abs(b.start-hint)
}

// scoreMatch rates a candidate between 0 and 1 like Hypothesis does.
func scoreMatch(text []rune, m approxMatch, quoteLen int, prefix, suffix []rune, hint int) float64 {
	quoteScore := 1 - float64(m.errors)/float64(quoteLen)
	prefixScore, suffixScore, posScore := 1.0, 1.0, 1.0
	if len(prefix) > 0 {
		prefixScore = contextScore(text[max(0, m.start-len(prefix)):m.start], prefix)
	}
	if len(suffix) > 0 {
		suffixScore = contextScore(text[m.end:min(len(text), m.end+len(suffix))], suffix)
	}
	if hint >= 0 {
		posScore = 1 - float64(abs(m.start-hint))/float64(len(text))
	}
	raw := quoteWeight*quoteScore + prefixWeight*prefixScore + suffixWeight*suffixScore + positionWeight*posScore
	return raw / (quoteWeight + prefixWeight + suffixWeight + positionWeight)
}

// contextScore is 1 − (edits to find want inside got) / len(want); 0 when got is empty.
func contextScore(got, want []rune) float64 {
	if len(got) == 0 {
		return 0
	}
	errs := newMyers(want).minErrors(got)
	return 1 - float64(errs)/float64(len(want))
}

// approxMatch is a span of the text that matches the pattern with errors edits.
type approxMatch struct {
	start, end, errors int
}

// approxSearch returns the spans of text that match pattern with at most k edits: for
// every best end position (a local minimum of the error count), the start that gives
// the fewest errors. Overlapping candidates with the same span are reported once.
func approxSearch(text, pattern []rune, k int) []approxMatch {
	if len(pattern) == 0 || len(pattern) > len(text)+k {
		return nil
	}
	ends := newMyers(pattern).ends(text, k)
	if len(ends) == 0 {
		return nil
	}
	rev := newMyers(reversed(pattern))
	var out []approxMatch
	seen := map[[2]int]bool{}
	window := make([]rune, 0, len(pattern)+k)
	for _, e := range ends {
		from := max(0, e.end-len(pattern)-k)
		window = window[:0]
		for i := e.end - 1; i >= from; i-- {
			window = append(window, text[i])
		}
		n, errs := rev.bestEnd(window, e.errors, len(pattern))
		if n < 0 {
			continue
		}
		span := [2]int{e.end - n, e.end}
		if seen[span] {
			continue
		}
		seen[span] = true
		out = append(out, approxMatch{start: span[0], end: span[1], errors: errs})
	}
	return out
}

func reversed(r []rune) []rune {
	out := make([]rune, len(r))
	for i, c := range r {
		out[len(r)-1-i] = c
	}
	return out
}

// myers holds a pattern's match vectors for the bit-parallel algorithm: for each
// distinct code point, a bit per pattern position, in 64-bit blocks.
type myers struct {
	m      int
	blocks int
	ascii  [128]int32     // code point → index into peq, -1 when absent
	other  map[rune]int32 // the same for the rest
	peq    [][]uint64     // per distinct code point, per block
	zero   []uint64
	last   uint64 // the bit of the pattern's last position in the last block
}

func newMyers(pattern []rune) *myers {
	p := &myers{m: len(pattern), blocks: (len(pattern) + 63) / 64, other: map[rune]int32{}}
	for i := range p.ascii {
		p.ascii[i] = -1
	}
	p.zero = make([]uint64, p.blocks)
	for i, r := range pattern {
		idx := p.index(r)
		if idx < 0 {
			idx = int32(len(p.peq))
			p.peq = append(p.peq, make([]uint64, p.blocks))
			if r < 128 && r >= 0 {
				p.ascii[r] = idx
			} else {
				p.other[r] = idx
			}
		}
		p.peq[idx][i/64] |= 1 << uint(i%64)
	}
	p.last = 1 << uint((p.m-1)%64)
	return p
}

func (p *myers) index(r rune) int32 {
	if r >= 0 && r < 128 {
		return p.ascii[r]
	}
	if i, ok := p.other[r]; ok {
		return i
	}
	return -1
}

func (p *myers) eq(r rune) []uint64 {
	if i := p.index(r); i >= 0 {
		return p.peq[i]
	}
	return p.zero
}

// scan runs the algorithm over text and calls fn with each end position (exclusive) and
// the edit distance of the best match of the whole pattern ending there. With anchored,
// matches must start at the beginning of text (global alignment of a text prefix);
// otherwise they may start anywhere.
func (p *myers) scan(text []rune, anchored bool, fn func(end, errors int)) {
	top := 0 // horizontal delta entering row 0: 0 when the start is free, +1 when anchored
	if anchored {
		top = 1
	}
	pv := make([]uint64, p.blocks)
	mv := make([]uint64, p.blocks)
	for b := range pv {
		pv[b] = ^uint64(0)
	}
	score := p.m
	lastBlock := p.blocks - 1
	for j, r := range text {
		eq := p.eq(r)
		carry := top
		for b := 0; b < p.blocks; b++ {
			high := uint64(1) << 63
			if b == lastBlock {
				high = p.last
			}
			carry = advanceBlock(&pv[b], &mv[b], eq[b], carry, high)
		}
		score += carry
		fn(j+1, score)
	}
}

// advanceBlock is one column step of one 64-row block (Hyyrö 2003). hin is the
// horizontal delta entering at the top of the block; it returns the one leaving at high.
func advanceBlock(pv, mv *uint64, eq uint64, hin int, high uint64) int {
	p, m := *pv, *mv
	xv := eq | m
	if hin < 0 {
		eq |= 1
	}
	xh := (((eq & p) + p) ^ p) | eq
	ph := m | ^(xh | p)
	mh := p & xh
	hout := 0
	if ph&high != 0 {
		hout = 1
	} else if mh&high != 0 {
		hout = -1
	}
	ph <<= 1
	mh <<= 1
	if hin < 0 {
		mh |= 1
	} else if hin > 0 {
		ph |= 1
	}
	*pv = mh | ^(xv | ph)
	*mv = ph & xv
	return hout
}

type myersEnd struct{ end, errors int }

// ends lists the end positions where the pattern matches with at most k edits and the
// error count is a local minimum: the best places to end that match. Every end of a
// plateau is kept ("оборон" and "обороны" both cost one edit for "оборони"); the
// scoring of the caller decides between them.
func (p *myers) ends(text []rune, k int) []myersEnd {
	var out, pending []myersEnd
	prev := p.m
	p.scan(text, false, func(end, errs int) {
		switch {
		case errs < prev && errs <= k:
			pending = append(pending[:0], myersEnd{end: end, errors: errs})
		case errs < prev:
			pending = pending[:0]
		case errs == prev && len(pending) > 0:
			pending = append(pending, myersEnd{end: end, errors: errs})
		case errs > prev:
			out = append(out, pending...)
			pending = pending[:0]
		}
		prev = errs
	})
	return append(out, pending...)
}

// bestEnd aligns the reversed pattern with the start of the reversed text before a match
// end and returns the match length with the fewest errors (at most k), preferring the
// length closest to the pattern's; -1 when none.
func (p *myers) bestEnd(revText []rune, k, patternLen int) (n, errors int) {
	n, errors = -1, k+1
	p.scan(revText, true, func(end, errs int) {
		if errs < errors || (errs == errors && abs(end-patternLen) < abs(n-patternLen)) {
			n, errors = end, errs
		}
	})
	return n, errors
}

// minErrors is the fewest edits that turn the pattern into some substring of text.
func (p *myers) minErrors(text []rune) int {
	best := p.m
	p.scan(text, false, func(_, errs int) {
		if errs < best {
			best = errs
		}
	})
	return best
}
