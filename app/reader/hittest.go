package reader

// X returns the x of the caret before offset i on line n (i clamped to the line).
// It measures the drawn prefix, so it matches what canvas.Text paints exactly.
func (l *Layout) X(n, i int) float32 {
	ln := l.Lines[n]
	i = max(ln.Start, min(i, ln.End))
	if i == ln.Start {
		return 0
	}
	return l.measure(displayString(l.Text[ln.Start:i]))
}

// OffsetAt returns the caret offset on line n nearest to x: always a cluster boundary.
func (l *Layout) OffsetAt(n int, x float32) int {
	if len(l.Lines) == 0 {
		return 0
	}
	n = max(0, min(n, len(l.Lines)-1))
	ln := l.Lines[n]
	if x <= 0 || ln.Start == ln.End {
		return ln.Start
	}
	if x >= l.X(n, ln.End) {
		return ln.End
	}
	// Prefix widths grow with the offset: find the last offset left of x.
	lo, hi := ln.Start, ln.End
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if l.X(n, mid) <= x {
			lo = mid
		} else {
			hi = mid
		}
	}
	left := SnapBoundary(l.Text, lo)
	right := NextBoundary(l.Text, left)
	if right > ln.End {
		return left
	}
	if x-l.X(n, left) <= l.X(n, right)-x {
		return left
	}
	return right
}

// HitTest maps a point of the text area (y measured from the first line's top) to a
// caret offset.
func (l *Layout) HitTest(x, y, lineHeight float32) int {
	if len(l.Lines) == 0 {
		return 0
	}
	if y < 0 {
		return 0
	}
	n := int(y / lineHeight)
	if n >= len(l.Lines) {
		return len(l.Text)
	}
	return l.OffsetAt(n, x)
}

// Span is the horizontal extent of a range on one line.
type Span struct {
	Line   int
	X0, X1 float32
}

// Spans returns the extents of [start, end) on the lines first..last (inclusive).
// A range that runs on past a hard line end (it holds the newline) or covers an empty
// line shows one space of width there, so that the break is visibly included.
func (l *Layout) Spans(start, end, first, last int) []Span {
	if end <= start || len(l.Lines) == 0 {
		return nil
	}
	first = max(first, l.LineAt(start))
	last = min(last, len(l.Lines)-1)
	var out []Span
	space := l.measure(" ")
	for n := first; n <= last; n++ {
		ln := l.Lines[n]
		if ln.Start >= end {
			break
		}
		s, e := max(start, ln.Start), min(end, ln.End)
		coversBreak := ln.Hard && n < len(l.Lines)-1 && start <= ln.End && end > ln.End
		if s > e || (s == e && !coversBreak) {
			continue
		}
		x0, x1 := l.X(n, s), l.X(n, e)
		if coversBreak {
			x1 += space
		}
		out = append(out, Span{Line: n, X0: x0, X1: x1})
	}
	return out
}
