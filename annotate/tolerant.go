package annotate

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// How a quote was found in a text, from the most to the least exact. Locate, the import
// of annotations and `gloss annotate --quote` share these steps, so a quote that one of
// them finds, the others find too.
const (
	// MatchExact: the quote occurs as it is.
	MatchExact = "exact"
	// MatchTolerant: the quote occurs once typographic quotes and apostrophes (’ ‘ “ ” « »
	// „), dashes (‐ – — −), the ellipsis (… for ...), soft hyphens and runs of white space
	// (spaces, tabs, line breaks, no-break spaces) are read as their plain forms.
	MatchTolerant = "tolerant"
	// MatchCase: as MatchTolerant, and letter case is ignored too (the last resort).
	MatchCase = "case"
)

// foldRune is the plain form of a character for tolerant matching: "" drops it, " " for
// every kind of white space (runs collapse to one).
func foldRune(r rune) string {
	switch r {
	case '‘', '’', '‚', '‛', '′', '＇', '`', '´', '‹', '›':
		return "'"
	case '“', '”', '„', '‟', '″', '«', '»', '〝', '〞', '＂':
		return `"`
	case '‐', '‑', '‒', '–', '—', '―', '−', '﹘', '﹣', '－':
		return "-"
	case '…':
		return "..."
	case '\u00AD', '\u200B', '\u2060', '\uFEFF': // soft hyphen, zero-width space, word joiner, BOM
		return ""
	}
	if unicode.IsSpace(r) {
		return " "
	}
	return string(r)
}

// foldedText is a text in its tolerant form with, for every folded code point, the span
// of original code points it stands for.
type foldedText struct {
	s        string // the folded text
	from, to []int  // per folded code point: original [from, to)
}

// foldText folds text (runes of a canonical text) for tolerant matching; with foldCase
// letters are lower-cased too.
func foldText(text []rune, foldCase bool) foldedText {
	var b strings.Builder
	b.Grow(len(text))
	f := foldedText{from: make([]int, 0, len(text)), to: make([]int, 0, len(text))}
	space := false
	for i, r := range text {
		plain := foldRune(r)
		if plain == " " {
			if space { // the run goes on: the one space stands for all of it
				f.to[len(f.to)-1] = i + 1
				continue
			}
			space = true
		} else if plain != "" {
			space = false
		}
		for _, p := range plain {
			if foldCase {
				p = unicode.ToLower(p)
			}
			b.WriteRune(p)
			f.from = append(f.from, i)
			f.to = append(f.to, i+1)
		}
	}
	f.s = b.String()
	return f
}

// foldQuote folds a quote the way foldText folds texts, without white space at its ends.
func foldQuote(quote string, foldCase bool) string {
	return strings.TrimSpace(foldText([]rune(quote), foldCase).s)
}

// span is a code-point range [start, end) of a text.
type span struct{ start, end int }

// occurrences returns every (possibly overlapping) occurrence of the quote in text, using
// the most exact kind of match that finds any, and that kind ("" when none finds it).
func occurrences(text []rune, quote string) ([]span, string) {
	if quote == "" {
		return nil, ""
	}
	if found := exactSpans(string(text), quote); len(found) > 0 {
		return found, MatchExact
	}
	for _, kind := range []string{MatchTolerant, MatchCase} {
		if found := tolerantSpans(text, quote, kind == MatchCase); len(found) > 0 {
			return found, kind
		}
	}
	return nil, ""
}

// exactSpans lists the occurrences of quote in s, in code points.
func exactSpans(s, quote string) []span {
	var out []span
	n := utf8.RuneCountInString(quote)
	cp, cpAt := 0, 0
	for from := 0; ; {
		i := strings.Index(s[from:], quote)
		if i < 0 {
			return out
		}
		b := from + i
		cp += utf8.RuneCountInString(s[cpAt:b])
		cpAt = b
		out = append(out, span{cp, cp + n})
		from = b + firstRuneLen(quote)
	}
}

// tolerantSpans lists the occurrences of quote in text once both are folded.
func tolerantSpans(text []rune, quote string, foldCase bool) []span {
	q := foldQuote(quote, foldCase)
	if q == "" {
		return nil
	}
	f := foldText(text, foldCase)
	n := utf8.RuneCountInString(q)
	var out []span
	cp, cpAt := 0, 0
	for from := 0; ; {
		i := strings.Index(f.s[from:], q)
		if i < 0 {
			return out
		}
		b := from + i
		cp += utf8.RuneCountInString(f.s[cpAt:b])
		cpAt = b
		out = append(out, span{f.from[cp], f.to[cp+n-1]})
		from = b + firstRuneLen(q)
	}
}

// bestSpan picks among occurrences the one whose surroundings agree best with the
// selector's prefix and suffix and, between equals, the one nearest its old position.
func bestSpan(text []rune, found []span, sel Selector) (span, bool) {
	best, bestScore, bestDist := span{}, -1, 0
	prefix, suffix := []rune(sel.Prefix), []rune(sel.Suffix)
	for _, s := range found {
		score := commonSuffix(text[:s.start], prefix) + commonPrefix(text[s.end:], suffix)
		dist := 0
		if sel.Start >= 0 {
			dist = abs(s.start - sel.Start)
		}
		if score > bestScore || (score == bestScore && dist < bestDist) {
			best, bestScore, bestDist = s, score, dist
		}
	}
	return best, bestScore >= 0
}
