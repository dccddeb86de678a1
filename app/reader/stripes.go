package reader

import (
	"image/color"
	"sort"
)

// Coding stripes (View → Coding stripes), as MAXQDA draws them: beside the text, one
// vertical bar per tag of each highlight, from its first line to its last, in the
// tag's colour, with the tag's name at the top; overlapping bars stand side by side.

// Stripe is one bar: lines First..Last of the layout, in lane Lane (0 nearest the text).
type Stripe struct {
	First, Last int
	Lane        int
	Color       color.NRGBA
	Name        string
	ID          string
}

// Stripes lays out a bar for every tag of every highlight: bars that share a line get
// different lanes (the lowest free one, longer bars first).
func (l *Layout) Stripes(hs []Highlight) []Stripe {
	var out []Stripe
	for _, h := range hs {
		if h.End <= h.Start || len(l.Lines) == 0 {
			continue
		}
		first, last := l.LineAt(h.Start), l.LineAt(max(h.Start, h.End-1))
		for k, c := range h.Colors {
			name := ""
			if k < len(h.Names) {
				name = h.Names[k]
			}
			out = append(out, Stripe{First: first, Last: last, Color: c, Name: name, ID: h.ID})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].First != out[j].First {
			return out[i].First < out[j].First
		}
		return out[i].Last > out[j].Last
	})
	var laneEnds []int // last line taken in each lane
	for i := range out {
		lane := -1
		for k, e := range laneEnds {
			if e < out[i].First {
				lane = k
				break
			}
		}
		if lane < 0 {
			lane = len(laneEnds)
			laneEnds = append(laneEnds, 0)
		}
		laneEnds[lane] = out[i].Last
		out[i].Lane = lane
	}
	return out
}
