package reader

import "image/color"

// Suggested passages are drawn apart from highlights: no fill, a dashed outline in the
// tag's colour around the passage's lines (the shape a selection would fill), so that an
// analyst sees at a glance what is coded (tinted bands) and what is only proposed.

// Outline is a suggested passage as the reader draws it.
type Outline struct {
	ID         string
	Start, End int
	Color      color.NRGBA
	Name       string // the tag's name (hover tips)
	lane       int
}

// SortOutlines orders outlines by start and gives each overlapping one its own lane (two
// tags proposed for one sentence draw as nested outlines).
func SortOutlines(os []Outline) {
	sortIntoLanes(os, func(o Outline) (int, int) { return o.Start, o.End }, func(o *Outline, lane int) { o.lane = lane })
}

// Lane returns the lane SortOutlines gave o.
func (o Outline) Lane() int { return o.lane }

// Edge is one side of an outline, in the text column's coordinates with y measured from
// the first line's top: horizontal when Y0 == Y1, vertical when X0 == X1.
type Edge struct {
	X0, Y0, X1, Y1 float32
}

// Horizontal reports whether the edge runs along a line.
func (e Edge) Horizontal() bool { return e.Y0 == e.Y1 }

// extent is the part of one line an outline covers.
type extent struct {
	line   int
	x0, x1 float32
}

// OutlineEdges returns the edges of the shape [start, end) covers on the lines
// first..last: one box per line, merged where lines touch, so a passage over three lines
// has one outline (top of its first line, the steps where a line starts or ends
// elsewhere than the next, bottom of its last line). A passage cut by first or last is
// closed there (callers pass a line more on each side of what they show). inset moves
// the shape inwards at its ends and sides (nested outlines of the same passage; a
// negative inset moves it outwards).
func (l *Layout) OutlineEdges(start, end, first, last int, lineHeight, inset float32) []Edge {
	if end <= start || len(l.Lines) == 0 {
		return nil
	}
	var exts []extent
	for _, sp := range l.Spans(start, end, first, last) {
		if k := len(exts) - 1; k >= 0 && exts[k].line == sp.Line {
			exts[k].x0, exts[k].x1 = min(exts[k].x0, sp.X0), max(exts[k].x1, sp.X1)
			continue
		}
		exts = append(exts, extent{line: sp.Line, x0: sp.X0, x1: sp.X1})
	}
	if len(exts) == 0 {
		return nil
	}
	for i := range exts {
		exts[i].x0 += inset
		exts[i].x1 -= inset
	}
	firstLine, lastLine := l.LineAt(start), l.LineAt(max(start, end-1))
	top := func(e extent) float32 { return float32(e.line) * lineHeight }
	var out []Edge
	for i, e := range exts {
		y0, y1 := top(e), top(e)+lineHeight
		joinsAbove := i > 0 && exts[i-1].line == e.line-1
		joinsBelow := i+1 < len(exts) && exts[i+1].line == e.line+1
		if e.line == firstLine {
			y0 += inset
		}
		if e.line == lastLine {
			y1 -= inset
		}
		if joinsAbove {
			// The step between this line and the one above: where only one of them reaches.
			a := exts[i-1]
			out = append(out, steps(a.x0, a.x1, e.x0, e.x1, y0)...)
		} else {
			out = append(out, Edge{e.x0, y0, e.x1, y0})
		}
		if !joinsBelow {
			out = append(out, Edge{e.x0, y1, e.x1, y1})
		}
		out = append(out, Edge{e.x0, y0, e.x0, y1}, Edge{e.x1, y0, e.x1, y1})
	}
	return out
}

// steps are the parts of the boundary between two stacked line extents that belong to one
// of them only (the symmetric difference of [a0, a1] and [b0, b1]).
func steps(a0, a1, b0, b1, y float32) []Edge {
	if a1 < b0 || b1 < a0 { // not touching: each keeps its whole side
		return []Edge{{a0, y, a1, y}, {b0, y, b1, y}}
	}
	var out []Edge
	if lo, hi := min(a0, b0), max(a0, b0); hi > lo {
		out = append(out, Edge{lo, y, hi, y})
	}
	if lo, hi := min(a1, b1), max(a1, b1); hi > lo {
		out = append(out, Edge{lo, y, hi, y})
	}
	return out
}

// OutlinesAt returns the ids of the outlines holding offset i, in lane order.
func OutlinesAt(os []Outline, i int) []string {
	var ids []string
	for _, o := range os {
		if o.Start > i {
			break
		}
		if i < o.End {
			ids = append(ids, o.ID)
		}
	}
	return ids
}

// Dashes splits a run of length n (pixels) starting at phase (pixels along the run from a
// fixed origin, so that dashes stay put while the view scrolls) into the drawn pieces of
// a dash pattern: on pixels, then off pixels.
func Dashes(phase, n, on, off int) [][2]int {
	period := on + off
	if n <= 0 || on <= 0 || period <= 0 {
		return nil
	}
	var out [][2]int
	p := ((phase % period) + period) % period
	for i := 0; i < n; {
		if p < on {
			run := min(on-p, n-i)
			out = append(out, [2]int{i, i + run})
			i += run
			p += run
		} else {
			skip := period - p
			i += skip
			p = 0
			continue
		}
		if p >= period {
			p = 0
		}
	}
	return out
}
