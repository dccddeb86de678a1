// Package textunits cuts canonical article text into the units people code: sentences and
// blank-line paragraphs. It is the one splitter of Gloss: suggestions propose sentences
// with it and agreement measures sentence and paragraph units with it, so a "sentence"
// means the same thing everywhere. Offsets are code points, like annotation offsets, so a
// unit can be compared with annotations directly. It does not depend on package annotate.
//
// The sentence rules serve English, Ukrainian and Russian news text:
//   - a sentence ends at . ! ? … (or a run of them, with closing quotes and brackets)
//     followed by white space and something that can start a sentence; a lower-case word,
//     a comma or a dash then a lower-case word (“«Ми переможемо!» — сказав він”) continue it;
//   - a full stop after an initial (“J. K. Rowling”, “В. Зеленський”), a title or a word
//     that stands before a name (“Mr.”, “Gen.”, “U.S.”, “вул.”, “м.”, “ім.”, “ул.”, “см.”)
//     or a list number at the start of a line (“1.”) ends nothing; after a word that
//     stands before a number (“No. 5”, “p. 12”, “п. 3”) it ends unless a number follows;
//     after an abbreviation that may close a sentence (“etc.”, “p.m.”, “2022 р.”,
//     “и т. д.”, “млн.”) it ends only when an upper-case letter follows;
//   - a blank line ends the sentence (paragraphs never share one); a single line break ends
//     it too unless the line goes on: the next line starts in lower case, or the line ends
//     with a comma, a hyphen or an abbreviation that ends nothing (hard-wrapped text), so
//     headlines, datelines and list items are sentences of their own.
package textunits

import (
	"unicode"
	"unicode/utf8"
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
// space around them. Every non-blank code point of text lies in exactly one span, and no
// sentence crosses a blank line.
func Sentences(text string) []Span {
	return AppendSentences(nil, []rune(text))
}

// SentencesOf is Sentences over text already decoded to code points.
func SentencesOf(text []rune) []Span {
	return AppendSentences(nil, text)
}

// Splitter splits many texts in a row without allocating a code-point buffer for each.
// The zero value is ready to use; a Splitter must not be shared between goroutines.
type Splitter struct{ rs []rune }

// AppendSentences appends the sentences of text to dst (see Sentences).
func (s *Splitter) AppendSentences(dst []Span, text string) []Span {
	rs := s.rs[:0]
	for _, r := range text {
		rs = append(rs, r)
	}
	s.rs = rs
	return AppendSentences(dst, rs)
}

// AppendSentences appends the sentences of rs to dst (see Sentences).
func AppendSentences(dst []Span, rs []rune) []Span {
	n := len(rs)
	st := -1   // start of the current sentence, -1 between sentences
	held := -1 // end (after closers) of the last stop that ended nothing: "Mr.", "В.", "1."
	end := func(e int) {
		for e > st && isSpace(rs[e-1]) {
			e--
		}
		if e > st {
			dst = append(dst, Span{st, e})
		}
		st = -1
	}
	for i := 0; i < n; i++ {
		r := rs[i]
		if st < 0 {
			if !isSpace(r) {
				st = i
				i-- // look at this rune again as part of the sentence
			}
			continue
		}
		switch {
		case r == '\n':
			k := i + 1
			for k < n && rs[k] != '\n' && isSpace(rs[k]) {
				k++
			}
			if k >= n || rs[k] == '\n' { // a blank line: the paragraph ends
				end(i)
				continue
			}
			p := i - 1
			for p >= st && isSpace(rs[p]) {
				p--
			}
			if p >= st && p+1 != held && lineBreakEnds(rs[p], rs[k]) {
				end(i)
			}
		case isTerminator(r):
			j := i + 1
			for j < n && isTerminator(rs[j]) {
				j++
			}
			for j < n && isCloser(rs[j]) {
				j++
			}
			if j < n && !isSpace(rs[j]) {
				i = j - 1 // "3.5", "U.S.", "pravda.com.ua": inside a word
				continue
			}
			switch stopAt(rs, st, i, j) {
			case stopEnds:
				end(j)
			case stopInWord:
				held = j
			}
			i = j - 1
		}
	}
	if st >= 0 {
		end(n)
	}
	return dst
}

// stop is what a run of terminators followed by white space does to the sentence.
type stop int

const (
	stopEnds   stop = iota // the sentence ends here
	stopGoesOn             // what follows goes on with it (lower case, comma, "— сказав він")
	stopInWord             // the full stop belongs to a word that ends nothing: "Mr.", "В.", "1.", "No. 5"
)

// stopAt decides what the terminators at rs[i:…] (closed at j, white space or the end
// after it) do to the sentence that began at st.
func stopAt(rs []rune, st, i, j int) stop {
	k := j
	for k < len(rs) && isSpace(rs[k]) {
		k++
	}
	if k >= len(rs) {
		return stopEnds
	}
	next := rs[k]
	switch {
	case unicode.IsLower(next):
		// "They waited... and waited.", "The so-called referendum. was a sham." — and a
		// hard-wrapped line that goes on in lower case after a stop ("at 5 p.m.\non Monday").
		return stopGoesOn
	case next == ',' || next == ';' || next == ':':
		return stopGoesOn
	case isDash(next):
		// Ukrainian and Russian write the author's words after direct speech with a dash and
		// in lower case: «Ми вистоїмо!» — сказав він is one sentence. A dash before an
		// upper-case word opens the next line of a dialogue («Це правда?» — Так, правда.),
		// so there the usual rules below decide: an analyst codes the reply on its own.
		d := k + 1
		for d < len(rs) && (rs[d] == ' ' || rs[d] == '\u00a0') {
			d++
		}
		if d < len(rs) && unicode.IsLower(rs[d]) {
			return stopGoesOn
		}
	}
	if rs[i] != '.' || (i+1 < len(rs) && isTerminator(rs[i+1])) {
		return stopEnds // ! ? … or an ellipsis of full stops
	}
	// A single full stop: what word does it close?
	w := i
	for w > st && (isWordRune(rs[w-1]) || rs[w-1] == '.' || rs[w-1] == '-') {
		w--
	}
	word := rs[w:i]
	if len(word) == 0 {
		return stopEnds
	}
	if allDigits(word) {
		// "1." opening a line is a list number, not the end of a sentence.
		p := w - 1
		for p >= 0 && (rs[p] == ' ' || rs[p] == '\t') {
			p--
		}
		if p < 0 || rs[p] == '\n' {
			return stopInWord
		}
		return stopEnds
	}
	if len(word) == 1 && unicode.IsUpper(word[0]) {
		return stopInWord // an initial
	}
	kind := abbreviationKind(word)
	if len(word) <= 2 { // the words whose meaning depends on what stands before them
		switch key := string(word); {
		case yearLike[key]:
			// "2022 р.", "1990-х гг.", "XX ст.": after a year or century it may close the
			// sentence; "г. Москва", "ст. 111" (before a name or number) it does not.
			kind = neverEnds
			p := w - 1
			for p >= 0 && isSpace(rs[p]) {
				p--
			}
			if p >= 0 && (rs[p] >= '0' && rs[p] <= '9' || rs[p] == 'х' || isRoman(rs[p])) {
				kind = mayEnd
			}
		case afterAnd[key]:
			// "и пр." (and so on) may close a sentence; "пр. Перемоги" (avenue) does not.
			kind = neverEnds
			p := w - 1
			for p >= 0 && isSpace(rs[p]) {
				p--
			}
			q := p
			for q >= 0 && !isSpace(rs[q]) {
				q--
			}
			if p >= 0 && andWords[string(rs[q+1:p+1])] {
				kind = mayEnd
			}
		}
	}
	switch kind {
	case neverEnds:
		return stopInWord
	case beforeNumber:
		// "No. 5", "p. 12", "п. 3" go on; "He said no. Talks ended." ends.
		if unicode.IsDigit(next) {
			return stopInWord
		}
	case mayEnd, dotted:
		// "etc." ends before "Nobody came", not before "5 people" (a line break still may).
		if !unicode.IsUpper(next) && !unicode.IsTitle(next) {
			return stopGoesOn
		}
	}
	return stopEnds
}

// lineBreakEnds says whether a single line break between a line ending in last and one
// starting with next ends the sentence.
func lineBreakEnds(last, next rune) bool {
	if unicode.IsLower(next) {
		return false
	}
	switch last {
	case ',', '-', '(', '/', '\u00ad':
		return false
	}
	return true
}

func isTerminator(r rune) bool {
	switch r {
	case '.', '!', '?', '…', '‽', '‼', '⁇', '⁈', '⁉':
		return true
	}
	return false
}

// isCloser reports whether r closes a quotation or bracket after the final stop.
func isCloser(r rune) bool {
	switch r {
	case '"', '\'', ')', ']', '}', '»', '”', '’', '›', '“':
		return true
	}
	return false
}

func isDash(r rune) bool { return r == '—' || r == '–' || r == '-' || r == '―' }

// isSpace is unicode.IsSpace with a fast path for ASCII.
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\v' || r == '\f'
	}
	return unicode.IsSpace(r)
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '\''
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '’' || unicode.Is(unicode.Mn, r)
}

func isRoman(r rune) bool {
	return r == 'I' || r == 'V' || r == 'X' || r == 'L' || r == 'C' || r == 'M'
}

func allDigits(w []rune) bool {
	for _, r := range w {
		if r < '0' || r > '9' {
			return false
		}
	}
	return len(w) > 0
}
