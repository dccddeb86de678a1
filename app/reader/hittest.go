package reader

// X returns the x of the caret before offset i on line n (i clamped to the line): the
// leading edge of the cluster at i as the line is drawn.
func (l *Layout) X(n, i int) float32 {
	ln := l.Lines[n]
	i = max(ln.Start, min(i, ln.End))
	if ln.Start == ln.End {
		return 0
	}
	return l.Geometry(n).caretX(i - ln.Start)
}

// OffsetAt returns the caret offset on line n nearest to x: always a cluster boundary
// (the nearer edge of the cluster under x; in a right-to-left run its right edge is
// its start).
func (l *Layout) OffsetAt(n int, x float32) int {
	if len(l.Lines) == 0 {
		return 0
	}
	n = max(0, min(n, len(l.Lines)-1))
	ln := l.Lines[n]
	if ln.Start == ln.End {
		return ln.Start
	}
	g := l.Geometry(n)
	if x >= g.Width {
		return ln.End
	}
	c, trailing := g.at(x)
	if trailing {
		return ln.Start + c.End
	}
	return ln.Start + c.Start
}

// CharAt returns the offset of the cluster drawn at x on line n (not the nearest caret).
func (l *Layout) CharAt(n int, x float32) int {
	n = max(0, min(n, len(l.Lines)-1))
	ln := l.Lines[n]
	if ln.Start == ln.End {
		return ln.Start
	}
	c, _ := l.Geometry(n).at(x)
	return ln.Start + c.Start
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

// Spans returns the extents of [start, end) on the lines first..last (inclusive): on
// a line mixing directions a range can be drawn in several pieces, one Span each. A
// range that runs on past a hard line end (it holds the newline) or covers an empty
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
		var segs [][2]float32
		if s < e {
			segs = l.Geometry(n).segments(s-ln.Start, e-ln.Start)
		}
		if coversBreak {
			x := l.X(n, ln.End)
			if k := len(segs) - 1; k >= 0 && segs[k][1] >= x-0.5 {
				segs[k][1] = x + space
			} else {
				segs = append(segs, [2]float32{x, x + space})
			}
		}
		for _, sg := range segs {
			out = append(out, Span{Line: n, X0: sg[0], X1: sg[1]})
		}
	}
	return out
}
