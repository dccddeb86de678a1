package ingest

import (
	"math"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// The layout of a PDF page is rebuilt from its glyphs (characters with their boxes, in
// the order of the page's content): glyphs become lines, lines that repeat at the top or
// bottom of the pages (running headers, footers, page numbers) are dropped, the lines of
// each page are put in reading order by recursive cuts along the widest empty bands
// (so that columns are read one after the other), and lines become paragraphs, with
// words split by a line-end hyphen joined again. Everything here is plain Go over
// numbers, tested without PDFium.

// pdfGlyph is one character of a page. Coordinates are PDF points, y growing upwards.
type pdfGlyph struct {
	R              rune
	X0, Y0, X1, Y1 float64
	Rotated        bool // written at an angle (margin notes, stamps)
}

// pdfLine is a run of glyphs on one baseline, with the band they cover.
type pdfLine struct {
	Text           string
	X0, Y0, X1, Y1 float64
}

func (l pdfLine) height() float64  { return l.Y1 - l.Y0 }
func (l pdfLine) centerY() float64 { return (l.Y0 + l.Y1) / 2 }

// pageLines groups a page's glyphs into lines. Glyphs come in content order; a line ends
// where the next glyph does not share its band or jumps far to the left or right (the
// gutter between columns). Spaces PDFium generated or the PDF wrote are kept, and a
// space is put where a gap is wider than a word space.
func pageLines(glyphs []pdfGlyph) []pdfLine {
	rotated := 0
	for _, g := range glyphs {
		if g.Rotated {
			rotated++
		}
	}
	keepRotated := rotated*5 > len(glyphs) // mostly rotated: a landscape table; read it all
	var lines []pdfLine
	var cur strings.Builder
	var line pdfLine
	open, space := false, false
	var lastX0, lastX1 float64
	flush := func() {
		if open {
			line.Text = strings.TrimSpace(cur.String())
			if line.Text != "" {
				lines = append(lines, line)
			}
		}
		cur.Reset()
		open, space = false, false
	}
	for _, g := range glyphs {
		if g.Rotated && !keepRotated {
			continue
		}
		r := g.R
		switch {
		case r == '\r' || r == '\n':
			space = true
			continue
		case r == ' ' || r == '\u00a0' || r == '\t' || unicode.IsSpace(r):
			space = true
			continue
		case r == 0x02:
			r = '-' // PDFium's mark for a hyphen at the end of a line
		case r == 0 || r == 0xFFFE || r == 0xFFFF || unicode.IsControl(r):
			continue
		}
		h := g.Y1 - g.Y0
		if h <= 0 || math.IsNaN(h) || math.IsInf(h, 0) {
			// A glyph without a box (some generated characters): keep it in the line.
			if open {
				cur.WriteString(glyphText(r))
			}
			continue
		}
		if open {
			size := math.Max(line.height(), h)
			overlap := math.Min(line.Y1, g.Y1) - math.Max(line.Y0, g.Y0)
			// Boxes are tight around the ink and the letters of a ligature share one
			// box, so glyphs may overlap; only a glyph wholly left of the last one, or
			// one past a gap as wide as a column gutter, starts a new line.
			gap := g.X0 - lastX1
			backward := g.X1 < lastX0-0.5*size
			if overlap < 0.5*math.Min(line.height(), h) || gap > 1.2*size || backward {
				flush()
			} else {
				if space || gap > 0.45*size {
					cur.WriteByte(' ')
				}
				space = false
			}
		}
		if !open {
			line = pdfLine{X0: g.X0, Y0: g.Y0, X1: g.X1, Y1: g.Y1}
			open, space = true, false
		}
		cur.WriteString(glyphText(r))
		line.X0, line.X1 = math.Min(line.X0, g.X0), math.Max(line.X1, g.X1)
		line.Y0, line.Y1 = math.Min(line.Y0, g.Y0), math.Max(line.Y1, g.Y1)
		if g.X1 > lastX1 || cur.Len() == len(glyphText(r)) {
			lastX1 = g.X1
		}
		lastX0 = g.X0
	}
	flush()
	return lines
}

// glyphText turns ligature code points (ﬁ ﬂ ﬀ ﬃ ﬄ ﬅ ﬆ) into their letters (NFKC) and
// drops soft hyphens inside lines; every other character is kept as it is.
func glyphText(r rune) string {
	switch {
	case r >= 0xFB00 && r <= 0xFB06:
		return norm.NFKC.String(string(r))
	case r == '\u00ad':
		return "\u00ad" // kept until lines are joined: a line-end hyphen
	}
	return string(r)
}

// runningKey reduces a line to what repeats on every page: digits (page numbers, dates
// of a running footer) become #, letters are lower-cased, spaces collapsed.
func runningKey(s string) string {
	var b strings.Builder
	digit := false
	for _, r := range strings.ToLower(strings.Join(strings.Fields(s), " ")) {
		if unicode.IsDigit(r) {
			if !digit {
				b.WriteByte('#')
			}
			digit = true
			continue
		}
		digit = false
		b.WriteRune(r)
	}
	return b.String()
}

// pageNumberLine matches a line that is only a page number: "7", "- 7 -", "Page 7 of 30",
// "Сторінка 7", "стр. 7", "vii".
var pageNumberLine = lazyRegexp(`(?i)^[\s\-–—|·•(\[]*((page|p\.|pg\.|сторінка|стор\.|страница|стр\.|с\.)\s*)?(\d{1,5}|[ivxlcdm]{1,8})(\s*(of|з|із|из|/)\s*\d{1,5})?[\s\-–—|·•)\]]*$`)

// marginZone is the share of the page height at the top and at the bottom where
// running headers and footers sit; only the two outermost lines there count.
const (
	marginZone  = 0.09
	marginLines = 2
)

// dropRunningLines removes, from every page, the lines in the top or bottom margin
// that repeat (digits aside) on at least 40% of the pages (at least two), and page
// numbers there. pageHeights[i] is the height of page i (0 when unknown).
func dropRunningLines(pages [][]pdfLine, pageHeights []float64) [][]pdfLine {
	type zoneKey struct {
		top bool
		key string
	}
	zoneOf := func(l pdfLine, h float64, lines []pdfLine) (inZone, top bool) {
		above, below := 0, 0 // lines wholly above or below l on its page
		for _, o := range lines {
			if o.Y0 > l.Y1 {
				above++
			} else if o.Y1 < l.Y0 {
				below++
			}
		}
		if above >= marginLines && below >= marginLines {
			return false, false
		}
		if h > 0 {
			switch {
			case l.Y0 >= h*(1-marginZone):
				return true, true
			case l.Y1 <= h*marginZone:
				return true, false
			}
			return false, false
		}
		// Without a page height: the highest and lowest lines of the page.
		hi, lo := math.Inf(-1), math.Inf(1)
		for _, o := range lines {
			hi, lo = math.Max(hi, o.Y1), math.Min(lo, o.Y0)
		}
		return l.Y1 >= hi || l.Y0 <= lo, l.Y1 >= hi
	}
	counts := map[zoneKey]int{}
	for i, lines := range pages {
		seen := map[zoneKey]bool{}
		for _, l := range lines {
			if in, top := zoneOf(l, heightAt(pageHeights, i), lines); in {
				k := zoneKey{top, runningKey(l.Text)}
				if !seen[k] {
					seen[k] = true
					counts[k]++
				}
			}
		}
	}
	need := max(2, int(math.Ceil(0.4*float64(len(pages)))))
	out := make([][]pdfLine, len(pages))
	for i, lines := range pages {
		kept := lines[:0:0]
		for _, l := range lines {
			if in, top := zoneOf(l, heightAt(pageHeights, i), lines); in {
				if len(pages) >= 2 && counts[zoneKey{top, runningKey(l.Text)}] >= need {
					continue
				}
				if pageNumberLine().MatchString(l.Text) {
					continue
				}
			}
			kept = append(kept, l)
		}
		out[i] = kept
	}
	return out
}

func heightAt(h []float64, i int) float64 {
	if i < len(h) {
		return h[i]
	}
	return 0
}

// readingOrder sorts a page's lines as they are read: the region is cut along its widest
// empty band — a vertical band (a gutter between columns, preferred) or a horizontal one
// (between a title and the columns below it) — and each part is ordered the same way,
// left before right, top before bottom.
func readingOrder(lines []pdfLine) []pdfLine {
	if len(lines) <= 1 {
		return lines
	}
	size := medianHeight(lines)
	return xyCut(lines, size, 0)
}

func medianHeight(lines []pdfLine) float64 {
	hs := make([]float64, 0, len(lines))
	for _, l := range lines {
		hs = append(hs, l.height())
	}
	sort.Float64s(hs)
	return math.Max(hs[len(hs)/2], 1)
}

// maxCutDepth bounds the recursion on pathological pages (thousands of tiny lines).
const maxCutDepth = 60

func xyCut(lines []pdfLine, size float64, depth int) []pdfLine {
	if len(lines) <= 1 || depth > maxCutDepth {
		return topDown(lines)
	}
	// Widest vertical gap (between x-intervals), counted only when both sides hold
	// several lines, so that a lone side note does not split a page into "columns".
	vx, vw := widestGap(lines, func(l pdfLine) (float64, float64) { return l.X0, l.X1 })
	if vw >= 0.9*size {
		left, right := split(lines, func(l pdfLine) bool { return l.X1 <= vx })
		if len(left) >= 2 && len(right) >= 2 || vw >= 3*size {
			return append(xyCut(left, size, depth+1), xyCut(right, size, depth+1)...)
		}
	}
	hy, hw := widestGap(lines, func(l pdfLine) (float64, float64) { return l.Y0, l.Y1 })
	if hw > 0 {
		above, below := split(lines, func(l pdfLine) bool { return l.Y0 >= hy })
		if len(above) > 0 && len(below) > 0 {
			return append(xyCut(above, size, depth+1), xyCut(below, size, depth+1)...)
		}
	}
	return topDown(lines)
}

// widestGap finds the widest empty stretch between the intervals of the lines; it
// returns where the stretch starts and how wide it is (0 when there is none).
func widestGap(lines []pdfLine, span func(pdfLine) (float64, float64)) (at, width float64) {
	type iv struct{ a, b float64 }
	ivs := make([]iv, len(lines))
	for i, l := range lines {
		a, b := span(l)
		ivs[i] = iv{a, b}
	}
	sort.Slice(ivs, func(i, j int) bool { return ivs[i].a < ivs[j].a })
	end := ivs[0].b
	for _, v := range ivs[1:] {
		if v.a > end && v.a-end > width {
			at, width = end, v.a-end
		}
		end = math.Max(end, v.b)
	}
	return at, width
}

func split(lines []pdfLine, first func(pdfLine) bool) (a, b []pdfLine) {
	for _, l := range lines {
		if first(l) {
			a = append(a, l)
		} else {
			b = append(b, l)
		}
	}
	return a, b
}

// topDown orders lines that cannot be cut further: by their band from the top, then from
// the left.
func topDown(lines []pdfLine) []pdfLine {
	out := append([]pdfLine(nil), lines...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		overlap := math.Min(a.Y1, b.Y1) - math.Max(a.Y0, b.Y0)
		if overlap > 0.5*math.Min(a.height(), b.height()) {
			return a.X0 < b.X0
		}
		return a.centerY() > b.centerY()
	})
	return out
}

// paragraphs joins ordered lines into paragraphs. Two lines belong together when the
// second follows right below the first in the same column at about the same size, the
// first does not end a sentence short of the column's edge, and the second does not
// start a list item.
func paragraphs(lines []pdfLine, spacing float64) [][]pdfLine {
	if len(lines) == 0 {
		return nil
	}
	var out [][]pdfLine
	cur := []pdfLine{lines[0]}
	blockX0, blockX1 := lines[0].X0, lines[0].X1
	for _, b := range lines[1:] {
		a := cur[len(cur)-1]
		size := math.Max(a.height(), b.height())
		step := a.centerY() - b.centerY()
		sameColumn := math.Min(a.X1, b.X1)-math.Max(a.X0, b.X0) > 0
		similar := math.Abs(a.height()-b.height()) <= 0.25*size
		next := step > 0.3*size && step <= 1.35*spacing && sameColumn && similar
		if next {
			width := math.Max(blockX1, b.X1) - math.Min(blockX0, b.X0)
			shortEnd := a.X1 < math.Max(blockX1, b.X1)-0.2*width && endsSentence(a.Text)
			indented := b.X0 > blockX0+1.2*size && endsSentence(a.Text)
			if shortEnd || indented || startsListItem(b.Text) {
				next = false
			}
		}
		if next {
			cur = append(cur, b)
			blockX0, blockX1 = math.Min(blockX0, b.X0), math.Max(blockX1, b.X1)
			continue
		}
		out = append(out, cur)
		cur = []pdfLine{b}
		blockX0, blockX1 = b.X0, b.X1
	}
	return append(out, cur)
}

// lineSpacing is the usual distance between the centres of consecutive lines of a
// column in the document (a low quantile of the close ones, so that paragraph gaps do
// not raise it). With few lines to go by it is at most 1.5 line heights.
func lineSpacing(pages [][]pdfLine) float64 {
	var steps, heights []float64
	for _, lines := range pages {
		for i, b := range lines {
			heights = append(heights, b.height())
			if i == 0 {
				continue
			}
			a := lines[i-1]
			step := a.centerY() - b.centerY()
			size := math.Max(a.height(), b.height())
			if step > 0.3*size && step < 3*size && math.Min(a.X1, b.X1)-math.Max(a.X0, b.X0) > 0 {
				steps = append(steps, step)
			}
		}
	}
	if len(heights) == 0 {
		return 1
	}
	sort.Float64s(heights)
	height := math.Max(heights[len(heights)/2], 1)
	if len(steps) == 0 {
		return 1.2 * height
	}
	sort.Float64s(steps)
	spacing := steps[len(steps)/4]
	if len(steps) < 8 {
		spacing = math.Min(spacing, 1.5*height)
	}
	return spacing
}

func endsSentence(s string) bool {
	s = strings.TrimRight(s, " ")
	if s == "" {
		return true
	}
	r := []rune(s)
	switch r[len(r)-1] {
	case '.', '!', '?', ':', ';', '…', '»', '"', '”', ')':
		return true
	}
	return false
}

var listItemStart = lazyRegexp(`^([•●▪◦‣∙·–—*-]\s|(\d{1,3}|[a-zA-Zа-яА-ЯіїєґІЇЄҐ])[.)]\s)`)

func startsListItem(s string) bool { return listItemStart().MatchString(s) }

// joinLines makes the text of a paragraph: lines joined by spaces, a word split by a
// hyphen at the end of a line joined again. words says which words the document
// spells whole elsewhere; a hyphenated compound it spells with its hyphen keeps it.
func joinLines(lines []pdfLine, words map[string]bool) string {
	var b strings.Builder
	for i, l := range lines {
		text := l.Text
		if i == len(lines)-1 {
			b.WriteString(strings.ReplaceAll(text, "\u00ad", ""))
			break
		}
		next := lines[i+1].Text
		head, joined, keepHyphen := hyphenated(text, next, words)
		if joined {
			b.WriteString(strings.ReplaceAll(head, "\u00ad", ""))
			if keepHyphen {
				b.WriteByte('-')
			}
			continue
		}
		b.WriteString(strings.ReplaceAll(text, "\u00ad", ""))
		b.WriteByte(' ')
	}
	return b.String()
}

// hyphenated reports whether line ends in a hyphen that splits a word continued on the
// next line: it returns the line without the hyphen, and whether the hyphen belongs to
// the word (a compound such as "well-known" that the document writes with it).
func hyphenated(line, next string, words map[string]bool) (head string, joined, keepHyphen bool) {
	r := []rune(line)
	if len(r) < 2 {
		return line, false, false
	}
	last := r[len(r)-1]
	if last != '-' && last != '\u00ad' && last != '\u2010' {
		return line, false, false
	}
	if !unicode.IsLetter(r[len(r)-2]) {
		return line, false, false
	}
	nr := []rune(next)
	if len(nr) == 0 || !unicode.IsLower(nr[0]) {
		return line, false, false
	}
	head = string(r[:len(r)-1])
	if last == '\u00ad' {
		return head, true, false
	}
	before := lastWord(head)
	after := firstWord(next)
	whole := strings.ToLower(before + after)
	compound := strings.ToLower(before + "-" + after)
	if words[compound] && !words[whole] {
		return head, true, true
	}
	return head, true, false
}

func lastWord(s string) string {
	i := strings.LastIndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' })
	return s[i+1:]
}

func firstWord(s string) string {
	i := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' })
	if i < 0 {
		return s
	}
	return s[:i]
}

// pdfWordSet lists the lower-cased words (with inner hyphens) of all lines, to settle
// line-end hyphens.
func pdfWordSet(pages [][]pdfLine) map[string]bool {
	words := map[string]bool{}
	for _, lines := range pages {
		for _, l := range lines {
			for _, w := range strings.FieldsFunc(strings.ToLower(l.Text), func(r rune) bool { return !unicode.IsLetter(r) && r != '-' }) {
				w = strings.Trim(w, "-")
				if w != "" {
					words[w] = true
				}
			}
		}
	}
	return words
}

// layoutText turns the lines of all pages into the article text: running lines
// dropped, each page in reading order, paragraphs separated by blank lines, and a
// paragraph cut by a page break joined again.
func layoutText(pages [][]pdfLine, pageHeights []float64) string {
	pages = dropRunningLines(pages, pageHeights)
	words := pdfWordSet(pages)
	ordered := make([][]pdfLine, len(pages))
	for i, lines := range pages {
		ordered[i] = readingOrder(lines)
	}
	spacing := lineSpacing(ordered)
	var paras [][]pdfLine
	for _, lines := range ordered {
		ps := paragraphs(lines, spacing)
		if len(ps) == 0 {
			continue
		}
		if n := len(paras); n > 0 {
			prev := paras[n-1]
			first := ps[0]
			lastText := prev[len(prev)-1].Text
			if !endsSentence(lastText) && startsLower(first[0].Text) && !startsListItem(first[0].Text) {
				paras[n-1] = append(prev, first...)
				ps = ps[1:]
			}
		}
		paras = append(paras, ps...)
	}
	blocks := make([]string, 0, len(paras))
	for _, p := range paras {
		if s := strings.TrimSpace(joinLines(p, words)); s != "" {
			blocks = append(blocks, s)
		}
	}
	return strings.Join(blocks, "\n\n")
}

func startsLower(s string) bool {
	for _, r := range s {
		return unicode.IsLower(r)
	}
	return false
}
