package annotate

import (
	"strings"
	"unicode/utf8"
)

// Selector is the W3C pair of TextQuoteSelector and TextPositionSelector that
// identifies a span: enough to find it again in a changed text.
type Selector struct {
	Exact  string
	Prefix string
	Suffix string
	Start  int // code points; -1 when unknown
	End    int
}

// Anchor is where a selector was found.
type Anchor struct {
	Start, End int
	// How: "position" (the stored position still holds the quote), "quote" (an exact
	// occurrence elsewhere), "fuzzy" (an approximate match) or "" (not found: orphaned).
	How string
}

// Found reports whether the selector was anchored.
func (a Anchor) Found() bool { return a.How != "" }

// Locate finds sel in text: the stored position if the text there still equals the quote;
// else the exact occurrence whose prefix and suffix agree best, nearest to the old
// position; else an approximate match (see matchFuzzy). text is the canonical text as runes.
func Locate(text []rune, sel Selector) Anchor {
	exact := []rune(sel.Exact)
	if len(exact) == 0 {
		return Anchor{}
	}
	if sel.Start >= 0 && sel.End == sel.Start+len(exact) && sel.End <= len(text) &&
		string(text[sel.Start:sel.End]) == sel.Exact {
		return Anchor{Start: sel.Start, End: sel.End, How: "position"}
	}
	if start, ok := bestExact(text, sel); ok {
		return Anchor{Start: start, End: start + len(exact), How: "quote"}
	}
	if start, end, ok := matchFuzzy(text, sel); ok {
		return Anchor{Start: start, End: end, How: "fuzzy"}
	}
	return Anchor{}
}

// bestExact scores every exact occurrence by how many code points of prefix and suffix
// agree and, between equals, by closeness to the old position.
func bestExact(text []rune, sel Selector) (int, bool) {
	s := string(text)
	exact := sel.Exact
	best, bestScore, bestDist := -1, -1, 0
	cp, cpAt := 0, 0 // code-point offset of byte offset cpAt, advanced as matches are found
	for from := 0; ; {
		i := strings.Index(s[from:], exact)
		if i < 0 {
			break
		}
		b := from + i
		cp += utf8.RuneCountInString(s[cpAt:b])
		cpAt = b
		score := commonSuffix(text[:cp], []rune(sel.Prefix)) + commonPrefix(text[cp+len([]rune(exact)):], []rune(sel.Suffix))
		dist := 0
		if sel.Start >= 0 {
			dist = abs(cp - sel.Start)
		}
		if score > bestScore || (score == bestScore && dist < bestDist) {
			best, bestScore, bestDist = cp, score, dist
		}
		from = b + len(exact[:firstRuneLen(exact)])
	}
	return best, best >= 0
}

func firstRuneLen(s string) int {
	for i := range s {
		if i > 0 {
			return i
		}
	}
	return len(s)
}

func commonSuffix(a, b []rune) int {
	n := 0
	for n < len(a) && n < len(b) && a[len(a)-1-n] == b[len(b)-1-n] {
		n++
	}
	return n
}

func commonPrefix(a, b []rune) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
