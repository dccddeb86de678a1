package search

import (
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	"github.com/blevesearch/segment"
)

// The text analysis of quotes, notes, titles and bodies, in one pass per text:
//
//	UAX #29 words (and emoji) → English possessive → lower case → fold (ё→е, ’→') →
//	English stop words → English Snowball → Ukrainian or Russian stemmer (stem_uk.go)
//
// Every step works on one word at a time, so the outcome for a word depends only on the
// word: it is computed once and remembered (a text of 700 words holds ~350 distinct
// ones, and a corpus reuses them), which makes analysis several times cheaper than
// running the filter chain over every token. Each word gives two forms: its stem (the
// indexed term; none for a stop word, whose position stays a gap so that phrases work
// as written) and its form as written in lower case (the prefix fields: `negotiat*`
// finds negotiations whatever the stemmer makes of it).
//
// The same code analyses queries and finds the matches for fragments, so a highlight is
// exactly what was indexed.

// wordForms is what one word gives.
type wordForms struct {
	stem      string // the indexed term; "" for a stop word
	written   string // lower case, folded, as written
	stemB     []byte // the same as bytes, shared by every document (never modified)
	writtenB  []byte
	stemID    int32 // dense numbers of the stem and of the written form (textFields)
	writtenID int32
}

// textAnalysis analyses texts, remembering the forms of the words it met. The zero value
// is not ready: use newTextAnalysis.
type textAnalysis struct {
	mu    *sync.Mutex // nil when owned by one goroutine
	forms map[string]wordForms
	ids   map[string]int32 // stems and written forms → their numbers
	// The scratch of textFields, which one goroutine at a time uses: the number+1 of a
	// stem or written form's entry in the document being built (0: none yet).
	stemSlot, writtenSlot []int32
	lower                 analysis.TokenFilter
	fold                  analysis.TokenFilter
	poss                  analysis.TokenFilter
	stop                  analysis.TokenFilter
	stemEN                analysis.TokenFilter
	stemCY                analysis.TokenFilter
}

// maxRememberedWords bounds the memory of one textAnalysis (~100 bytes a word).
const maxRememberedWords = 400_000

func newTextAnalysis(shared bool) *textAnalysis {
	stops := analysis.NewTokenMap()
	if err := stops.LoadBytes(en.EnglishStopWords); err != nil {
		panic(err) // bleve's own list
	}
	a := &textAnalysis{forms: map[string]wordForms{}, ids: map[string]int32{}, lower: lowercase.NewLowerCaseFilter(), fold: foldTokens{},
		poss: en.NewPossessiveFilter(), stop: stop.NewStopTokensFilter(stops), stemEN: en.NewEnglishStemmerFilter(),
		stemCY: cyrillicStemmer{}}
	if shared {
		a.mu = &sync.Mutex{}
	}
	return a
}

// sharedAnalysis serves queries and fragments.
var sharedAnalysis = newTextAnalysis(true)

// word returns the forms of one token as the tokenizer gave it.
func (a *textAnalysis) word(typ analysis.TokenType, b []byte) wordForms {
	if a.mu != nil {
		a.mu.Lock()
		defer a.mu.Unlock()
	}
	key := string(b) // no allocation for the look-up
	if typ != analysis.AlphaNumeric {
		// The Cyrillic stemmer only touches alphanumeric tokens: keep types apart.
		if f, ok := a.forms["\x00"+key]; ok {
			return f
		}
	} else if f, ok := a.forms[key]; ok {
		return f
	}
	f := a.compute(typ, b)
	f.stemID, f.writtenID = a.id(f.stem), a.id(f.written)
	if len(a.forms) < maxRememberedWords {
		if typ != analysis.AlphaNumeric {
			key = "\x00" + key
		}
		a.forms[key] = f
	}
	return f
}

// id numbers a stem or written form (a.mu held when shared).
func (a *textAnalysis) id(term string) int32 {
	n, ok := a.ids[term]
	if !ok {
		n = int32(len(a.ids))
		a.ids[term] = n
	}
	return n
}

// compute runs the filter chain over one token.
func (a *textAnalysis) compute(typ analysis.TokenType, b []byte) wordForms {
	tok := &analysis.Token{Term: append([]byte(nil), b...), Type: typ, Position: 1, End: len(b)}
	one := analysis.TokenStream{tok}
	written := a.fold.Filter(a.lower.Filter(analysis.TokenStream{{Term: append([]byte(nil), b...), Type: typ}}))
	var f wordForms
	f.written = string(written[0].Term)
	f.writtenB = []byte(f.written)
	s := a.poss.Filter(one)
	s = a.lower.Filter(s)
	s = a.fold.Filter(s)
	s = a.stop.Filter(s)
	if len(s) == 0 {
		return f
	}
	s = a.stemEN.Filter(s)
	s = a.stemCY.Filter(s)
	f.stem = string(s[0].Term)
	f.stemB = []byte(f.stem)
	return f
}

// each calls fn with every word of text: its position (from 1, stop words counted), its
// byte span and its forms.
func (a *textAnalysis) each(text []byte, fn func(pos, start, end int, f wordForms)) {
	a.eachN(text, -1, fn)
}

// eachN is each for the first n words only (all when n < 0).
func (a *textAnalysis) eachN(text []byte, n int, fn func(pos, start, end int, f wordForms)) {
	seg := segment.NewWordSegmenterDirect(text)
	start, pos := 0, 1
	for pos != n+1 && seg.Segment() {
		b := seg.Bytes()
		end := start + len(b)
		typ := analysis.AlphaNumeric
		keep := true
		switch seg.Type() {
		case segment.Ideo, segment.Kana:
			typ = analysis.Ideographic
		case segment.Number:
			typ = analysis.Numeric
		case segment.None:
			keep = isSymbol(b)
			typ = analysis.Single
		}
		if keep {
			fn(pos, start, end, a.word(typ, b))
			pos++
		}
		start = end
	}
}

// Analyze is the analysis as a bleve analyzer (stems only, with their positions and
// byte offsets), for bleve's use of the registered analyzer: its terms are copies.
func (a *textAnalysis) Analyze(input []byte) analysis.TokenStream {
	toks := a.tokens(input)
	for _, t := range toks {
		t.Term = append([]byte(nil), t.Term...)
	}
	return toks
}

// tokens is Analyze for this package's queries and fragments: the terms are the
// remembered forms' own bytes, which nobody may change.
func (a *textAnalysis) tokens(input []byte) analysis.TokenStream { return a.analyzeN(input, -1) }

// analyzeN is tokens of the first n words only (all when n < 0).
func (a *textAnalysis) analyzeN(input []byte, n int) analysis.TokenStream {
	var out analysis.TokenStream
	a.eachN(input, n, func(pos, start, end int, f wordForms) {
		if f.stem != "" {
			out = append(out, &analysis.Token{Term: f.stemB, Start: start, End: end, Position: pos, Type: analysis.AlphaNumeric})
		}
	})
	return out
}
