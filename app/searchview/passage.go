package searchview

import (
	"strings"

	"gloss.app/gloss/search"
)

// Passage finds where in the article's text a hit's words matched, as a code-point span
// for the reader to reveal and flash: an annotation's own span, or for an article hit the
// first matched words of its body fragment (located in the text, since a fragment is a
// window cut from it). ok is false when the words matched only outside the body (the
// title, say).
func Passage(text []rune, h search.Hit) (start, end int, ok bool) {
	if h.Kind == search.KindAnnotation {
		return h.Start, h.End, h.End > h.Start
	}
	f, found := fragment(h, "body")
	if !found || len(f.Matches) == 0 {
		return 0, 0, false
	}
	rs := []rune(f.Text)
	shift := 0 // where the window's text starts in the fragment
	if strings.HasPrefix(f.Text, "…") {
		shift = 1
	}
	endCut := len(rs)
	if strings.HasSuffix(f.Text, "…") && endCut > shift {
		endCut--
	}
	window := string(rs[shift:endCut])
	at := indexRunes(text, []rune(window))
	if at < 0 {
		return 0, 0, false
	}
	m := f.Matches[0]
	return at + m[0] - shift, at + m[1] - shift, true
}

// indexRunes is strings.Index over code points.
func indexRunes(text, sub []rune) int {
	if len(sub) == 0 {
		return -1
	}
outer:
	for i := 0; i+len(sub) <= len(text); i++ {
		for j := range sub {
			if text[i+j] != sub[j] {
				continue outer
			}
		}
		return i
	}
	return -1
}
