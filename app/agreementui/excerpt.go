package agreementui

import (
	"unicode"

	"gloss.app/gloss/annotate/agreement"
	"gloss.app/gloss/annotate/textunits"
)

// How much of an article a disagreement card shows.
const (
	maxExcerpt     = 700 // code points at most
	excerptContext = 80  // around the highlights when a unit is longer than that
)

// excerpt picks the stretch [from, to) of an article's text that a card shows for the
// unit [start, end): the unit itself; for a run of characters, the sentences it lies in
// (a run alone, “ resumed”, means little). A stretch longer than maxExcerpt (a long
// paragraph, a whole article) is narrowed to the coders' highlights in it (spans, in
// article offsets) with some context, cut at spaces.
func excerpt(text []rune, unit agreement.Unit, start, end int, spans [][2]int) (from, to int) {
	start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
	from, to = start, end
	if unit == agreement.Character {
		for _, s := range textunits.SentencesOf(text) {
			if int(s.End) > start && int(s.Start) < end || int(s.Start) <= start && start < int(s.End) {
				from, to = min(from, int(s.Start)), max(to, int(s.End))
			}
		}
	}
	if to-from <= maxExcerpt {
		return from, to
	}
	lo, hi := -1, -1
	for _, sp := range spans {
		s, e := max(sp[0], from), min(sp[1], to)
		if s >= e {
			continue
		}
		if lo < 0 || s < lo {
			lo = s
		}
		hi = max(hi, e)
	}
	if lo < 0 { // nothing highlighted inside: the beginning
		return from, snapBack(text, from, from+maxExcerpt)
	}
	lo = snapForward(text, max(from, lo-excerptContext), lo)
	hi = min(to, hi+excerptContext, lo+maxExcerpt)
	return lo, snapBack(text, lo, hi)
}

// snapForward moves i forward to the start of a word, not past limit.
func snapForward(text []rune, i, limit int) int {
	if i == 0 || unicode.IsSpace(text[i-1]) {
		return i
	}
	for j := i; j < limit; j++ {
		if unicode.IsSpace(text[j]) {
			return j + 1
		}
	}
	return i
}

// snapBack moves i back to the end of a word, not before floor.
func snapBack(text []rune, floor, i int) int {
	if i >= len(text) || unicode.IsSpace(text[i]) {
		return i
	}
	for j := i; j > floor; j-- {
		if unicode.IsSpace(text[j-1]) {
			return j - 1
		}
	}
	return i
}
