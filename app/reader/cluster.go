package reader

import "unicode"

// Offsets are code points, but a caret must never split what the reader sees as one
// character: a base and its combining marks, an emoji with its modifiers, variation
// selectors and ZWJ sequences, or a pair of regional indicators (a flag).

// IsBoundary reports whether a caret may sit before text[i] (0 and len(text) always may).
func IsBoundary(text []rune, i int) bool {
	if i <= 0 || i >= len(text) {
		return true
	}
	r, prev := text[i], text[i-1]
	if prev == '\n' || r == '\n' {
		return true
	}
	if extends(r) || prev == zwj {
		return false
	}
	if isRegional(r) && isRegional(prev) {
		// Pairs of regional indicators form flags: count those before r.
		n := 0
		for j := i - 1; j >= 0 && isRegional(text[j]); j-- {
			n++
		}
		return n%2 == 0
	}
	return true
}

const zwj = '\u200D'

// extends reports whether r attaches to the character before it.
func extends(r rune) bool {
	switch {
	case r == zwj, r >= 0xFE00 && r <= 0xFE0F, r >= 0xE0100 && r <= 0xE01EF,
		r >= 0x1F3FB && r <= 0x1F3FF, r >= 0xE0020 && r <= 0xE007F:
		return true
	}
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc)
}

func isRegional(r rune) bool { return r >= 0x1F1E6 && r <= 0x1F1FF }

// NextBoundary returns the first boundary after i (len(text) at most).
func NextBoundary(text []rune, i int) int {
	if i >= len(text) {
		return len(text)
	}
	i++
	for i < len(text) && !IsBoundary(text, i) {
		i++
	}
	return i
}

// PrevBoundary returns the last boundary before i (0 at least).
func PrevBoundary(text []rune, i int) int {
	if i <= 0 {
		return 0
	}
	i = min(i-1, len(text))
	for i > 0 && !IsBoundary(text, i) {
		i--
	}
	return i
}

// SnapBoundary moves i back to the nearest boundary at or before it.
func SnapBoundary(text []rune, i int) int {
	i = max(0, min(i, len(text)))
	for i > 0 && !IsBoundary(text, i) {
		i--
	}
	return i
}

// isWordRune is what a double click selects: letters, digits, marks and joiners
// (so "Zaporizhzhia's", "NATO-led" and "1,000" stay whole words).
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || extends(r) || r == '_' ||
		r >= 0x1F000 // emoji and symbols beyond the BMP select as themselves
}

func isJoiner(r rune) bool { return r == '\'' || r == '’' || r == '-' || r == '.' || r == ',' }

// WordAt returns the word around offset i: letters and digits joined by apostrophes,
// hyphens or digit separators; a lone other character selects itself.
func WordAt(text []rune, i int) (start, end int) {
	if len(text) == 0 {
		return 0, 0
	}
	i = max(0, min(i, len(text)-1))
	if !isWordRune(text[i]) {
		if i > 0 && isWordRune(text[i-1]) {
			i--
		} else {
			return SnapBoundary(text, i), NextBoundary(text, i)
		}
	}
	start, end = i, i+1
	for start > 0 && (isWordRune(text[start-1]) || (isJoiner(text[start-1]) && start > 1 && isWordRune(text[start-2]))) {
		start--
	}
	for end < len(text) && (isWordRune(text[end]) || (isJoiner(text[end]) && end+1 < len(text) && isWordRune(text[end+1]))) {
		end++
	}
	return SnapBoundary(text, start), snapForward(text, end)
}

func snapForward(text []rune, i int) int {
	for i < len(text) && !IsBoundary(text, i) {
		i++
	}
	return i
}

// ParagraphAt returns the line of text (between newlines) around offset i.
func ParagraphAt(text []rune, i int) (start, end int) {
	i = max(0, min(i, len(text)))
	start, end = i, i
	for start > 0 && text[start-1] != '\n' {
		start--
	}
	for end < len(text) && text[end] != '\n' {
		end++
	}
	return start, end
}
