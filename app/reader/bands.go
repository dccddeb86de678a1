package reader

import "image/color"

// Highlight is an annotation as the reader draws it: a span and one colour per tag.
type Highlight struct {
	ID         string
	Start, End int
	Colors     []color.NRGBA
	Names      []string // the tags' names, one per colour (coding stripes, tips)
	lane       int
}

// SortHighlights orders highlights by start (longer first) and gives each the lowest
// lane not taken by an overlapping earlier one, so overlaps draw as stacked bands.
func SortHighlights(hs []Highlight) {
	sortIntoLanes(hs, func(h Highlight) (int, int) { return h.Start, h.End }, func(h *Highlight, lane int) { h.lane = lane })
}

// Lane returns the lane SortHighlights gave h.
func (h Highlight) Lane() int { return h.lane }

// Band is one coloured rectangle of a highlight on one line. Top and Bottom are
// fractions of the line box (0 = top): a line with n overlapping lanes splits its
// height in n bands, and a highlight with k tags splits its band in k stripes.
type Band struct {
	Span
	Top, Bottom float32
	Color       color.NRGBA
	ID          string
	Edge        bool // the highlight's lowest stripe on this line (its rule goes under it)
}

// Bands returns the bands of the highlights (sorted by SortHighlights) on the lines
// first..last.
func (l *Layout) Bands(hs []Highlight, first, last int) []Band {
	if len(l.Lines) == 0 || len(hs) == 0 {
		return nil
	}
	last = min(last, len(l.Lines)-1)
	from, to := l.Lines[first].Start, l.Lines[last].End+1
	// Highlights touching the visible lines, found by a scan that stops at the first
	// one starting after them (hs is sorted by start).
	var visible []int
	for i := range hs {
		if hs[i].Start >= to {
			break
		}
		if hs[i].End > from {
			visible = append(visible, i)
		}
	}
	if len(visible) == 0 {
		return nil
	}
	lanes := make(map[int]int) // line → number of lanes drawn on it
	type piece struct {
		h    int
		span Span
	}
	var pieces []piece
	for _, i := range visible {
		for _, sp := range l.Spans(hs[i].Start, hs[i].End, first, last) {
			pieces = append(pieces, piece{i, sp})
			lanes[sp.Line] = max(lanes[sp.Line], hs[i].lane+1)
		}
	}
	out := make([]Band, 0, len(pieces))
	for _, p := range pieces {
		h := hs[p.h]
		n := float32(lanes[p.span.Line])
		top, bottom := float32(h.lane)/n, float32(h.lane+1)/n
		k := len(h.Colors)
		for c, col := range h.Colors {
			out = append(out, Band{
				Span: p.span, Color: col, ID: h.ID, Edge: c == k-1,
				Top:    top + (bottom-top)*float32(c)/float32(k),
				Bottom: top + (bottom-top)*float32(c+1)/float32(k),
			})
		}
	}
	return out
}

// At returns the ids of the highlights holding offset i (i < End), in lane order.
func At(hs []Highlight, i int) []string {
	var ids []string
	for _, h := range hs {
		if h.Start > i {
			break
		}
		if i < h.End {
			ids = append(ids, h.ID)
		}
	}
	return ids
}
