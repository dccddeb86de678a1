package annotate

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
	// occurrence elsewhere), MatchTolerant or MatchCase (an occurrence once typography,
	// white space or letter case are set aside), "fuzzy" (an approximate match) or ""
	// (not found: orphaned).
	How string
}

// Found reports whether the selector was anchored.
func (a Anchor) Found() bool { return a.How != "" }

// Locate finds sel in text: the stored position if the text there still equals the quote;
// else the occurrence whose prefix and suffix agree best, nearest to the old position,
// looking for the quote as it is, then tolerantly (see MatchTolerant, MatchCase); else
// an approximate match (see matchFuzzy). text is the canonical text as runes.
func Locate(text []rune, sel Selector) Anchor {
	exact := []rune(sel.Exact)
	if len(exact) == 0 {
		return Anchor{}
	}
	if sel.Start >= 0 && sel.End == sel.Start+len(exact) && sel.End <= len(text) &&
		string(text[sel.Start:sel.End]) == sel.Exact {
		return Anchor{Start: sel.Start, End: sel.End, How: "position"}
	}
	if found, kind := occurrences(text, sel.Exact); len(found) > 0 {
		if kind == MatchExact {
			kind = "quote"
		}
		best, _ := bestSpan(text, found, sel)
		return Anchor{Start: best.start, End: best.end, How: kind}
	}
	if start, end, ok := matchFuzzy(text, sel); ok {
		return Anchor{Start: start, End: end, How: "fuzzy"}
	}
	return Anchor{}
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
