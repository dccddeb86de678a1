// Package textunits cuts canonical article text into units that people code: sentences
// (for suggestions and for agreement on sentence units). Offsets are code points, like
// annotation offsets, so a unit can be compared with annotations directly.
//
// The splitter is rule-based and tuned for news text in English, Ukrainian and Russian:
// it knows the abbreviations that precede names or numbers (Mr., Gen., No., м., вул.,
// ген., г., ул.), initials (V. Zelensky, В. Зеленський), decimal numbers, ellipses, closing
// quotes and the Slavic "«…», — сказав він" pattern where a dash after a quote continues
// the sentence. A line break ends a sentence unless the next line goes on in lower case
// (hard-wrapped plain text). It does not depend on package annotate.
package textunits

import (
	"strings"
	"unicode"
)

// Span is the half-open range [Start, End) of code points of one unit.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Len is the number of code points in the span.
func (s Span) Len() int { return s.End - s.Start }

// Overlap is the number of code points s and o share.
func (s Span) Overlap(o Span) int {
	lo, hi := max(s.Start, o.Start), min(s.End, o.End)
	if hi <= lo {
		return 0
	}
	return hi - lo
}

// Sentences returns the sentences of text in order, as code-point spans without the white
// space around them. Every non-blank code point of text lies in exactly one span.
func Sentences(text string) []Span {
	return SentencesOf([]rune(text))
}

// SentencesOf is Sentences over text already decoded to code points.
func SentencesOf(text []rune) []Span {
	var out []Span
	start := -1 // first non-space rune of the current sentence
	emit := func(end int) {
		if start < 0 {
			return
		}
		e := end
		for e > start && unicode.IsSpace(text[e-1]) {
			e--
		}
		if e > start {
			out = append(out, Span{start, e})
		}
		start = -1
	}
	n := len(text)
	for i := 0; i < n; i++ {
		r := text[i]
		if start < 0 {
			if unicode.IsSpace(r) {
				continue
			}
			start = i
		}
		switch {
		case r == '\n':
			if lineBreakEnds(text, i) {
				emit(i)
			}
		case isTerminal(r):
			j := i + 1
			for j < n && (isTerminal(text[j]) || text[j] == '.') {
				j++
			}
			for j < n && isCloser(text[j]) {
				j++
			}
			if j < n && !unicode.IsSpace(text[j]) {
				i = j - 1 // "3.5", "U.S.", "Київ.Ua": not an end
				continue
			}
			if r == '.' && j == i+1 && !endsSentenceAfterPeriod(text, start, i) {
				continue
			}
			if !nextStartsSentence(text, j) {
				i = j - 1
				continue
			}
			emit(j)
			i = j - 1
		}
	}
	emit(n)
	return out
}

func isTerminal(r rune) bool {
	switch r {
	case '.', '!', '?', '…', '‼', '⁇', '⁈', '⁉':
		return true
	}
	return false
}

// isCloser reports whether r closes a quotation or parenthesis after the final stop.
func isCloser(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', '»', '›', ')', ']', '}', '“':
		return true
	}
	return false
}

func isDash(r rune) bool { return r == '—' || r == '–' || r == '-' || r == '―' }

// nextStartsSentence looks past the white space after a stop: a lower-case letter, a dash
// (Slavic reported speech: «…!» — заявив він), a comma or semicolon go on with the sentence.
func nextStartsSentence(text []rune, j int) bool {
	for j < len(text) && unicode.IsSpace(text[j]) {
		if text[j] == '\n' {
			return true // the line ends too
		}
		j++
	}
	if j >= len(text) {
		return true
	}
	r := text[j]
	switch {
	case unicode.IsLower(r):
		return false
	case isDash(r), r == ',', r == ';', r == ':':
		return false
	}
	return true
}

// lineBreakEnds says whether the "\n" at i ends a sentence: a blank line, a bullet, or a
// next line that does not go on in lower case.
func lineBreakEnds(text []rune, i int) bool {
	j := i + 1
	for j < len(text) && (text[j] == ' ' || text[j] == '\t') {
		j++
	}
	if j >= len(text) || text[j] == '\n' {
		return true
	}
	// Hard-wrapped prose: the previous line stops mid-sentence and this one goes on in
	// lower case.
	k := i - 1
	for k >= 0 && (text[k] == ' ' || text[k] == '\t') {
		k--
	}
	if k >= 0 && (isTerminal(text[k]) || isCloser(text[k]) || text[k] == ':') {
		return true
	}
	return !unicode.IsLower(text[j])
}

// endsSentenceAfterPeriod decides for a single "." at i followed by white space whether
// it ends the sentence or closes an abbreviation or initial.
func endsSentenceAfterPeriod(text []rune, sentStart, i int) bool {
	ws := i
	for ws > sentStart && !unicode.IsSpace(text[ws-1]) && text[ws-1] != '(' && text[ws-1] != '"' && text[ws-1] != '«' && text[ws-1] != '“' {
		ws--
	}
	word := string(text[ws:i])
	if word == "" {
		return true
	}
	// "1. Sanctions…" at the head of a line is a list number, not a sentence.
	if ws == sentStart && strings.Trim(word, "0123456789") == "" {
		return false
	}
	letters := []rune(word)
	// An initial: one capital letter ("V. Zelensky", "В. Зеленський", "J. D. Vance").
	if len(letters) == 1 && unicode.IsUpper(letters[0]) {
		return false
	}
	lw := strings.ToLower(word)
	if neverEnds[lw] {
		return false
	}
	if beforeNumber[lw] {
		return !nextIsDigit(text, i+1)
	}
	// Dotted acronyms that precede a noun: "U.S.", "U.K.", "U.N." (not "т.д.", which ends).
	if strings.Count(lw, ".") >= 1 && precedingAcronym[lw] {
		return false
	}
	return true
}

func nextIsDigit(text []rune, j int) bool {
	for j < len(text) && text[j] == ' ' {
		j++
	}
	return j < len(text) && unicode.IsDigit(text[j])
}

// neverEnds holds abbreviations (lower case, without the final period) that stand before
// a name, a place or a title and so do not end a sentence.
var neverEnds = setOf(
	// English titles and ranks.
	"mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "cpl", "pvt", "gov", "sen",
	"rep", "amb", "pres", "st", "mt", "ft", "rev", "hon", "messrs", "vs", "v", "approx", "cf", "e.g", "i.e", "eg", "ie",
	"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
	// Ukrainian: місто, село, селище, вулиця, проспект, площа, генерал, професор, доктор, пан/пані, ім.
	"м", "с", "смт", "вул", "просп", "пр", "пл", "бульв", "пров", "ген", "проф", "д-р", "акад", "ім", "св",
	"див", "напр", "т.зв",
	// Russian: город, улица, посёлок, генерал, имени, так называемый.
	"г", "ул", "пос", "дер", "им", "т.н",
)

// beforeNumber holds abbreviations that do not end a sentence when a number follows
// ("No. 5", "p. 12", "ст. 5", "п. 3", "№").
var beforeNumber = setOf("no", "nos", "p", "pp", "art", "vol", "ch", "fig", "ст", "п", "ч", "стор", "с", "рис", "табл", "гл")

// precedingAcronym holds dotted acronyms that usually stand before a noun.
var precedingAcronym = setOf("u.s", "u.k", "u.n", "e.u", "u.s.a")

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
