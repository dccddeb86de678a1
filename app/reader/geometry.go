package reader

import "sort"

// Where each character of a line is drawn. Offsets are code points, but what the
// reader draws and hit-tests is grapheme clusters (a base with its marks, an emoji ZWJ
// sequence, a flag), and in right-to-left runs the first character is drawn rightmost.
// So a line's geometry is the drawn extent of each cluster, taken from the same shaping
// that draws the line; a range of offsets covers the union of its clusters' extents.

// Glyph is one shaped glyph of a line as it is drawn: its x, its advance, the index of
// the first code point of its shaping cluster (relative to the line) and its direction.
type Glyph struct {
	X, Advance float32
	Cluster    int
	RTL        bool
}

// Shape returns the glyphs of a line's display text in drawing order (left to right).
type Shape func(line []rune) []Glyph

// Cluster is a grapheme cluster of a line: code points [Start, End) relative to the line,
// drawn between X0 and X1.
type Cluster struct {
	Start, End int
	X0, X1     float32
	RTL        bool
}

// LineGeometry is a line's clusters in logical order and its drawn width.
type LineGeometry struct {
	Clusters []Cluster
	Width    float32
}

// Geometry turns a line's glyphs into its grapheme clusters' extents. A shaping cluster
// holding several grapheme clusters (a ligature such as "fi") shares its width equally
// among them, from the left in left-to-right runs and from the right in right-to-left
// ones; a grapheme cluster shaped as several clusters gets their union.
func Geometry(line []rune, glyphs []Glyph) LineGeometry {
	g := LineGeometry{}
	n := len(line)
	if n == 0 {
		return g
	}
	// The extent of each shaping cluster, keyed by its first code point.
	type extent struct {
		x0, x1 float32
		rtl    bool
	}
	ext := map[int]*extent{}
	for _, gl := range glyphs {
		if gl.X+gl.Advance > g.Width {
			g.Width = gl.X + gl.Advance
		}
		c := max(0, min(gl.Cluster, n-1))
		e := ext[c]
		if e == nil {
			ext[c] = &extent{gl.X, gl.X + gl.Advance, gl.RTL}
			continue
		}
		e.x0, e.x1 = min(e.x0, gl.X), max(e.x1, gl.X+gl.Advance)
	}
	starts := make([]int, 0, len(ext))
	for s := range ext {
		starts = append(starts, s)
	}
	sort.Ints(starts)
	// Per code point: the share of its shaping cluster that its grapheme gets.
	x0 := make([]float32, n)
	x1 := make([]float32, n)
	rtl := make([]bool, n)
	has := make([]bool, n)
	for k, s := range starts {
		end := n
		if k+1 < len(starts) {
			end = starts[k+1]
		}
		e := ext[s]
		// the grapheme clusters inside the shaping cluster [s, end)
		var bounds []int
		for i := s; i < end; i++ {
			if i == s || IsBoundary(line, i) {
				bounds = append(bounds, i)
			}
		}
		bounds = append(bounds, end)
		parts := len(bounds) - 1
		w := (e.x1 - e.x0) / float32(parts)
		for p := 0; p < parts; p++ {
			a, b := e.x0+w*float32(p), e.x0+w*float32(p+1)
			if e.rtl {
				a, b = e.x1-w*float32(p+1), e.x1-w*float32(p)
			}
			for i := bounds[p]; i < bounds[p+1]; i++ {
				x0[i], x1[i], rtl[i], has[i] = a, b, e.rtl, true
			}
		}
	}
	// Code points before the first glyph's cluster (none drawn) sit at the line start.
	for i := 0; i < n && !has[i]; i++ {
		has[i] = true
	}
	for i := 0; i < n; {
		j := NextBoundary(line, i)
		c := Cluster{Start: i, End: j, X0: x0[i], X1: x1[i], RTL: rtl[i]}
		for k := i + 1; k < j; k++ { // a grapheme shaped as several clusters: their union
			c.X0, c.X1 = min(c.X0, x0[k]), max(c.X1, x1[k])
		}
		g.Clusters = append(g.Clusters, c)
		i = j
	}
	return g
}

// PrefixShape is the geometry of a left-to-right measure without shaping data: each
// cluster spans the prefix widths before and after it (pure tests and the fallback).
func PrefixShape(measure Measure) Shape {
	return func(line []rune) []Glyph {
		var out []Glyph
		x := float32(0)
		for i := 0; i < len(line); {
			j := NextBoundary(line, i)
			x1 := measure(string(line[:j]))
			out = append(out, Glyph{X: x, Advance: x1 - x, Cluster: i})
			x, i = x1, j
		}
		return out
	}
}

// caretX is the x of the caret before line offset i (0 ≤ i ≤ line length): the leading
// edge of the cluster at i, or the trailing edge of the last one at the end.
func (g LineGeometry) caretX(i int) float32 {
	if len(g.Clusters) == 0 {
		return 0
	}
	k := sort.Search(len(g.Clusters), func(k int) bool { return g.Clusters[k].End > i })
	if k == len(g.Clusters) {
		c := g.Clusters[k-1]
		if c.RTL {
			return c.X0
		}
		return c.X1
	}
	c := g.Clusters[k]
	if c.RTL {
		return c.X1
	}
	return c.X0
}

// segments returns the drawn x-ranges of line offsets [s, e), merged where they touch,
// left to right.
func (g LineGeometry) segments(s, e int) [][2]float32 {
	var xs [][2]float32
	for _, c := range g.Clusters {
		if c.End <= s || c.Start >= e {
			continue
		}
		xs = append(xs, [2]float32{c.X0, c.X1})
	}
	sort.Slice(xs, func(i, j int) bool { return xs[i][0] < xs[j][0] })
	var out [][2]float32
	for _, x := range xs {
		if n := len(out); n > 0 && x[0] <= out[n-1][1]+0.5 {
			out[n-1][1] = max(out[n-1][1], x[1])
			continue
		}
		out = append(out, x)
	}
	return out
}

// at returns the cluster drawn at x (nearest at the ends) and whether x is in its
// trailing half (the right half of a left-to-right cluster, the left half of a
// right-to-left one).
func (g LineGeometry) at(x float32) (Cluster, bool) {
	best, bestD := -1, float32(0)
	for k, c := range g.Clusters {
		if x >= c.X0 && x < c.X1 {
			best = k
			break
		}
		d := min(abs(x-c.X0), abs(x-c.X1))
		if best < 0 || d < bestD {
			best, bestD = k, d
		}
	}
	c := g.Clusters[best]
	mid := (c.X0 + c.X1) / 2
	if c.RTL {
		return c, x < mid
	}
	return c, x > mid // a tie goes to the start
}

func abs(f float32) float32 {
	if f < 0 {
		return -f
	}
	return f
}
