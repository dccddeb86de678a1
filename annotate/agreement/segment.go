package agreement

import (
	"unicode"
	"unicode/utf8"
)

// Sentences splits a canonical text into sentences: code-point spans without the white
// space around them. One set of rules serves English, Ukrainian and Russian news:
//   - a sentence ends at . ! ? … (or a run of them, with closing quotes and brackets)
//     followed by white space and something that can start a sentence; a lower-case word,
//     a comma or a dash then a lower-case word (“«Ми переможемо!» — сказав він”) continue it;
//   - a full stop after an initial (“J. K. Rowling”, “В. Зеленський”), a title or a
//     word that stands before a name or number (“Mr.”, “Dr.”, “U.S.”, “вул.”, “м.”, “ім.”,
//     “ул.”, “см.”), or a list number at the start of a line (“1.”) ends nothing; after an
//     abbreviation that may close a sentence (“etc.”, “p.m.”, “2022 р.”, “и т. д.”, “млн.”)
//     the sentence ends only when an upper-case letter follows;
//   - a blank line ends the sentence (paragraphs never share one); a single line break
//     ends it too unless the next line starts in lower case or the line ends with a comma
//     or a hyphen (a hard-wrapped line), so headlines and list items are sentences.
func Sentences(text string) []Span {
	var s splitter
	return s.sentences(nil, text)
}

// Paragraphs splits a canonical text at its blank lines (lines of nothing but white
// space); each paragraph's span leaves out the white space around it.
func Paragraphs(text string) []Span {
	var out []Span
	cp := int64(0)
	start, last := int64(-1), int64(-1) // first and last non-space code point of the paragraph
	lineBlank := true
	for _, r := range text {
		switch {
		case r == '\n':
			if lineBlank && start >= 0 {
				out = append(out, Span{start, last + 1})
				start = -1
			}
			lineBlank = true
		case isSpace(r):
		default:
			if start < 0 {
				start = cp
			}
			last = cp
			lineBlank = false
		}
		cp++
	}
	if start >= 0 {
		out = append(out, Span{start, last + 1})
	}
	return out
}

// splitter keeps its rune buffer between texts.
type splitter struct{ rs []rune }

func (s *splitter) sentences(dst []Span, text string) []Span {
	rs := s.rs[:0]
	for _, r := range text {
		rs = append(rs, r)
	}
	s.rs = rs
	n := len(rs)
	st := -1 // start of the current sentence, -1 between sentences
	end := func(e int) {
		for e > st && isSpace(rs[e-1]) {
			e--
		}
		if e > st {
			dst = append(dst, Span{int64(st), int64(e)})
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
			if p >= st && lineBreakEnds(rs[p], rs[k]) {
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
				i = j - 1 // "3.5", "U.S.", "example.com": inside a word
				continue
			}
			if endsSentence(rs, st, i, j) {
				end(j)
			}
			i = j - 1
		}
	}
	if st >= 0 {
		end(n)
	}
	return dst
}

// endsSentence decides whether the terminators at rs[i:…] (closed at j, white space or
// the end after it) end the sentence that began at st.
func endsSentence(rs []rune, st, i, j int) bool {
	k := j
	for k < len(rs) && isSpace(rs[k]) {
		k++
	}
	if k >= len(rs) {
		return true
	}
	next := rs[k]
	switch {
	case unicode.IsLower(next):
		return false
	case next == ',' || next == ';' || next == ':':
		return false
	case isDash(next):
		// «…!» — сказав він: the attribution continues the sentence.
		d := k + 1
		for d < len(rs) && (rs[d] == ' ' || rs[d] == '\u00a0') {
			d++
		}
		if d < len(rs) && unicode.IsLower(rs[d]) {
			return false
		}
	}
	if rs[i] != '.' || (i+1 < len(rs) && isTerminator(rs[i+1])) {
		return true // ! ? … or an ellipsis of full stops
	}
	// A single full stop: what word does it close?
	w := i
	for w > st && (isWordRune(rs[w-1]) || rs[w-1] == '.' || rs[w-1] == '-') {
		w--
	}
	word := rs[w:i]
	if len(word) == 0 {
		return true
	}
	if allDigits(word) {
		// "1." opening a line is a list number, not the end of a sentence.
		p := w - 1
		for p >= 0 && (rs[p] == ' ' || rs[p] == '\t') {
			p--
		}
		return !(p < 0 || rs[p] == '\n')
	}
	if len(word) == 1 && unicode.IsUpper(word[0]) {
		return false // an initial
	}
	kind := abbreviationKind(word)
	if yearLike[string(word)] {
		// "2022 р.", "1990-х гг.", "XX ст.": a year or century closes; "г. Москва" does not.
		kind = neverEnds
		p := w - 1
		for p >= 0 && isSpace(rs[p]) {
			p--
		}
		if p >= 0 && (rs[p] >= '0' && rs[p] <= '9' || rs[p] == 'х' || isRoman(rs[p])) {
			kind = mayEnd
		}
	}
	switch kind {
	case neverEnds:
		return false
	case mayEnd:
		return unicode.IsUpper(next) || unicode.IsTitle(next)
	case dotted:
		return unicode.IsUpper(next) || unicode.IsTitle(next)
	}
	return true
}

type abbrevKind int

const (
	notAbbreviation abbrevKind = iota
	neverEnds                  // stands before a name or a number: "Mr.", "вул.", "ім."
	mayEnd                     // may close a sentence: "etc.", "2022 р.", "т. д."
	dotted                     // an unknown abbreviation with inner full stops: "a.s.a.p."
)

// abbreviations are lower case without their final full stop.
var abbreviations = func() map[string]abbrevKind {
	m := map[string]abbrevKind{}
	for _, w := range []string{
		// English
		"mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "maj", "adm", "cmdr", "rep", "sen", "gov",
		"pres", "rev", "hon", "st", "mt", "ft", "no", "nos", "vol", "vols", "pp", "p", "fig", "figs", "art", "sec",
		"ch", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "vs", "v", "e.g",
		"i.e", "cf", "approx", "ca", "u.s", "u.k", "u.n", "e.u", "u.s.a", "gov't", "dept", "messrs", "mme", "mlle",
		// Ukrainian
		"ім", "вул", "просп", "пров", "пл", "бульв", "б-р", "м", "с", "смт", "див", "напр", "п", "пп", "проф", "акад",
		"доц", "д-р", "ген", "полк", "підп", "ч", "гол", "ред", "заст", "зам", "т", "зв", "т.зв", "тел", "укр", "англ",
		"рос", "нім", "франц", "пор", "вл", "о", "св", "кн", "мін",
		// Russian
		"им", "ул", "пер", "пр-т", "стр", "см", "ок", "т.н", "т.е", "т.к", "гр", "тов", "г-н", "г-жа", "пос", "дер",
	} {
		m[w] = neverEnds
	}
	for _, w := range []string{
		"etc", "a.m", "p.m", "inc", "ltd", "co", "corp", "jr", "sr", "bros", "ave", "blvd", "rd", "al",
		"р", "рр", "ст", "ст.ст", "тис", "млн", "млрд", "трлн", "грн", "коп", "обл", "р-н", "д", "н.е",
		"г", "гг", "в", "вв", "тыс", "руб", "др", "пр", "кв", "т.д", "т.п",
	} {
		m[w] = mayEnd
	}
	return m
}()

// yearLike abbreviations close a sentence after a year or century only.
var yearLike = map[string]bool{"р": true, "рр": true, "г": true, "гг": true, "в": true, "вв": true, "ст": true}

func isRoman(r rune) bool {
	return r == 'I' || r == 'V' || r == 'X' || r == 'L' || r == 'C' || r == 'M'
}

func abbreviationKind(word []rune) abbrevKind {
	lower := make([]rune, len(word))
	hasDot := false
	for i, r := range word {
		lower[i] = unicode.ToLower(r)
		if r == '.' {
			hasDot = true
		}
	}
	if k, ok := abbreviations[string(lower)]; ok {
		return k
	}
	if hasDot {
		return dotted
	}
	return notAbbreviation
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

func isTerminator(r rune) bool { return r == '.' || r == '!' || r == '?' || r == '…' || r == '‽' }

func isCloser(r rune) bool {
	switch r {
	case '"', '\'', ')', ']', '}', '»', '”', '’', '›', '“':
		return true
	}
	return false
}

func isDash(r rune) bool { return r == '—' || r == '–' || r == '-' || r == '―' }

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

func allDigits(w []rune) bool {
	for _, r := range w {
		if r < '0' || r > '9' {
			return false
		}
	}
	return len(w) > 0
}
