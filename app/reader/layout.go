// Package reader is Gloss's reading widget: it word-wraps an article itself, draws only
// the visible lines, paints translucent highlight bands behind the text and turns mouse
// and keyboard gestures into code-point selections.
//
// The package is split by concern (after fyne-io/terminal): cluster.go, layout.go,
// hittest.go and bands.go are pure code tested without a window; widget.go, render.go,
// mouse.go and keys.go hold the Fyne side.
package reader

import (
	"strings"
	"unicode"
)

// Measure returns the drawn width of s in the reader's font. The widget injects
// fyne.MeasureText; tests inject a fixed-pitch function.
type Measure func(s string) float32

// Line is one visual line: code points [Start, End) of the text, End excluding the
// newline of a hard break but including the spaces a soft wrap left at its end.
type Line struct {
	Start, End int
	Hard       bool // the line ends at a newline (or the end of the text)
}

// Layout is the result of wrapping a text at a width.
type Layout struct {
	Text    []rune
	Width   float32
	Lines   []Line
	measure Measure
	shape   Shape
	geoms   map[int]LineGeometry // per line, computed when first needed
}

// WordCache memoises a Measure per distinct word: a 1 MB article has ~170k words but
// only a few thousand distinct ones, so re-wrapping after a resize costs map look-ups.
type WordCache struct {
	measure Measure
	shape   Shape // how lines are drawn (nil: PrefixShape of measure)
	words   map[string]float32
	space   float32
}

// NewWordCache wraps m.
func NewWordCache(m Measure) *WordCache {
	return &WordCache{measure: m, words: map[string]float32{}, space: m(" ")}
}

// Width measures s, remembered.
func (c *WordCache) Width(s string) float32 {
	if w, ok := c.words[s]; ok {
		return w
	}
	w := c.measure(s)
	c.words[s] = w
	return w
}

// Measure is the underlying function (used for exact prefix widths).
func (c *WordCache) Measure() Measure { return c.measure }

// SetShape sets how lines are shaped for drawing, so that the layout's positions are the
// drawn ones (right-to-left runs, ligatures, emoji sequences).
func (c *WordCache) SetShape(s Shape) { c.shape = s }

// Wrap lays out text greedily at width: lines break after runs of spaces; a word wider
// than the line is broken between characters (never inside a cluster).
func Wrap(text []rune, width float32, cache *WordCache) *Layout {
	l := &Layout{Text: text, Width: width, measure: cache.measure, shape: cache.shape, geoms: map[int]LineGeometry{}}
	if l.shape == nil {
		l.shape = PrefixShape(cache.measure)
	}
	if width < 1 {
		width = 1
	}
	lines := make([]Line, 0, len(text)/60+1)
	paraStart := 0
	for paraStart <= len(text) {
		paraEnd := paraStart
		for paraEnd < len(text) && text[paraEnd] != '\n' {
			paraEnd++
		}
		lines = wrapParagraph(lines, text, paraStart, paraEnd, width, cache)
		paraStart = paraEnd + 1
	}
	l.Lines = lines
	return l
}

func isSpace(r rune) bool { return r == ' ' || r == '\t' || (unicode.IsSpace(r) && r != '\n') }

// wrapParagraph appends the lines of text[start:end] (no newline inside).
func wrapParagraph(lines []Line, text []rune, start, end int, width float32, cache *WordCache) []Line {
	lineStart := start
	x := float32(0)
	i := start
	for i < end {
		// A run of spaces, then a word.
		sp := i
		for i < end && isSpace(text[i]) {
			i++
		}
		spaceW := float32(i-sp) * cache.space
		ws := i
		for i < end && !isSpace(text[i]) {
			i++
		}
		we := i
		if ws == we { // trailing spaces hang at the end of the line
			break
		}
		wordW := cache.Width(string(text[ws:we]))
		if x+spaceW+wordW <= width {
			x += spaceW + wordW
			continue
		}
		if x > 0 { // the line has words: the spaces hang on it, the word starts the next
			lines = append(lines, Line{Start: lineStart, End: ws})
			lineStart, x = ws, 0
		}
		if lineStart == ws && wordW <= width {
			x = wordW
			continue
		}
		// A word (with its indentation) wider than the line: cut it between clusters.
		pos := lineStart
		for {
			cut := fitPrefix(text, pos, we, width, cache.measure)
			if cut >= we {
				x = cache.measure(string(text[pos:we]))
				lineStart = pos
				break
			}
			lines = append(lines, Line{Start: pos, End: cut})
			pos = cut
		}
	}
	return append(lines, Line{Start: lineStart, End: end, Hard: true})
}

// fitPrefix returns the largest cluster boundary b in (from, to] with text[from:b] no
// wider than width; at least one cluster, so that the layout always advances.
func fitPrefix(text []rune, from, to int, width float32, measure Measure) int {
	lo, hi := NextBoundary(text, from), to
	if lo >= hi || measure(string(text[from:hi])) <= width {
		return hi
	}
	for hi-lo > 1 { // invariant: text[from:lo] fits (or is one cluster), text[from:hi] does not
		mid := (lo + hi) / 2
		if measure(string(text[from:mid])) <= width {
			lo = mid
		} else {
			hi = mid
		}
	}
	if b := SnapBoundary(text, lo); b > from {
		return b
	}
	return NextBoundary(text, from)
}

// LineAt returns the index of the line holding offset i (the later line when i sits
// exactly at a soft wrap).
func (l *Layout) LineAt(i int) int {
	lo, hi := 0, len(l.Lines)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if l.Lines[mid].Start <= i {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// Geometry returns where line n's clusters are drawn (cached).
func (l *Layout) Geometry(n int) LineGeometry {
	if g, ok := l.geoms[n]; ok {
		return g
	}
	ln := l.Lines[n]
	line := []rune(displayString(l.Text[ln.Start:ln.End]))
	g := Geometry(line, l.shape(line))
	l.geoms[n] = g
	return g
}

// Display returns what a line draws: its text with tabs and other spaces shown as
// single spaces, so that every code point keeps one position.
func (l *Layout) Display(n int) string {
	ln := l.Lines[n]
	return displayString(l.Text[ln.Start:ln.End])
}

func displayString(rs []rune) string {
	var b strings.Builder
	b.Grow(len(rs))
	for _, r := range rs {
		if isSpace(r) {
			r = ' '
		}
		b.WriteRune(r)
	}
	return b.String()
}
