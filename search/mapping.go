package search

import (
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	index "github.com/blevesearch/bleve_index_api"
	"github.com/blevesearch/segment"
)

// MappingVersion changes whenever the mapping or the documents change shape; an index
// written with another version is rebuilt on open.
const MappingVersion = "gloss-search-3"

// Analyzer, tokenizer and filter names registered by this package.
const (
	textAnalyzer   = "gloss_text" // words of quotes, notes, titles, bodies: stemmed English, Ukrainian and Russian
	nameAnalyzer   = "gloss_name" // sources and authors: words, lower case, not stemmed
	wordTokenizer  = "gloss_words"
	foldFilter     = "gloss_fold"
	cyrillicFilter = "gloss_cyrillic_stem" // Ukrainian (light, stem_uk.go) or Russian Snowball, per word
)

// Field names of the documents.
const (
	fKind         = "kind"          // "annotation" | "article"
	fQuote        = "quote"         // annotation's exact text
	fNote         = "note"          // annotation's note
	fTitle        = "title"         // article's title (article documents)
	fArticleTitle = "article_title" // article's title copied into annotation documents
	fBody         = "body"          // article's text
	fTags         = "tags"          // ids of the annotation's tags and all their ancestors
	fTagNames     = "tag"           // lower-case names and paths (and path suffixes) of those tags
	fSource       = "source"
	fAuthor       = "author"
	fLang         = "lang"
	fURL          = "url"
	fArticle      = "article" // the article id (its own id on article documents)
	fState        = "state"   // anchored | orphaned
	fHas          = "has"     // "note" when the annotation has one
	fPublished    = "published"
	fCreated      = "created"
	fModified     = "modified"
	fFacet        = "facet" // "t:<short tag id>", "s:<source>", "a:<author>", "m:<YYYY-MM>": every facet in one doc-values field
)

// Document kinds and id prefixes (annotation and article ids live in one index).
const (
	kindAnnotation = "annotation"
	kindArticle    = "article"
	prefAnnotation = "a:"
	prefArticle    = "r:"
)

func init() {
	registry.RegisterTokenizer(wordTokenizer, func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
		return wordsTokenizer{}, nil
	})
	registry.RegisterTokenFilter(foldFilter, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return foldTokens{}, nil
	})
	registry.RegisterTokenFilter(cyrillicFilter, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return cyrillicStemmer{}, nil
	})
}

// newMapping builds the index mapping (see docs/SEARCH.md for why each choice).
func newMapping() (*mapping.IndexMappingImpl, error) {
	m := bleve.NewIndexMapping()
	err := m.AddCustomAnalyzer(textAnalyzer, map[string]interface{}{
		"type":      custom.Name,
		"tokenizer": wordTokenizer,
		"token_filters": []string{
			en.PossessiveName, lowercase.Name, foldFilter, en.StopName,
			en.SnowballStemmerName, cyrillicFilter,
		},
	})
	if err != nil {
		return nil, err
	}
	err = m.AddCustomAnalyzer(nameAnalyzer, map[string]interface{}{
		"type":          custom.Name,
		"tokenizer":     wordTokenizer,
		"token_filters": []string{lowercase.Name, foldFilter},
	})
	if err != nil {
		return nil, err
	}
	m.DefaultAnalyzer = textAnalyzer
	m.ScoringModel = index.BM25Scoring
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false

	text := func(analyzer string, vectors bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = vectors
		f.DocValues = false
		return f
	}
	kw := func(docValues bool) *mapping.FieldMapping {
		f := text(keyword.Name, false)
		f.DocValues = docValues
		return f
	}
	date := func(docValues bool) *mapping.FieldMapping {
		f := bleve.NewDateTimeFieldMapping()
		f.Store = false
		f.IncludeInAll = false
		f.DocValues = docValues
		return f
	}
	doc := bleve.NewDocumentStaticMapping()
	add := func(name string, f *mapping.FieldMapping) { doc.AddFieldMappingsAt(name, f) }
	// Term vectors (positions) only where phrases can be asked.
	add(fQuote, text(textAnalyzer, true))
	add(fNote, text(textAnalyzer, true))
	add(fTitle, text(textAnalyzer, true))
	add(fArticleTitle, text(textAnalyzer, true))
	add(fBody, text(textAnalyzer, true))
	add(fSource, text(nameAnalyzer, true))
	add(fAuthor, text(nameAnalyzer, true))
	for _, k := range []string{fKind, fTags, fTagNames, fLang, fURL, fArticle, fState, fHas} {
		add(k, kw(false))
	}
	add(fFacet, kw(true))
	add(fPublished, date(true))
	add(fCreated, date(true))
	add(fModified, date(false))
	m.DefaultMapping = doc
	// No _all field: unfielded words are compiled to the text fields themselves.
	doc.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	return m, m.Validate()
}

// wordsTokenizer is bleve's Unicode (UAX #29) word tokenizer that also keeps emoji and
// other symbols as tokens, so that "🔥" can be searched.
type wordsTokenizer struct{}

func (wordsTokenizer) Tokenize(input []byte) analysis.TokenStream {
	var out analysis.TokenStream
	seg := segment.NewWordSegmenterDirect(input)
	start, pos := 0, 1
	for seg.Segment() {
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
			out = append(out, &analysis.Token{Term: b, Start: start, End: end, Position: pos, Type: typ})
			pos++
		}
		start = end
	}
	return out
}

func isSymbol(b []byte) bool {
	for _, r := range string(b) {
		if unicode.Is(unicode.So, r) || unicode.Is(unicode.Sk, r) && r > 0x2000 {
			return true
		}
	}
	return false
}

// foldTokens folds spellings that readers treat as the same letter: ё→е, and the
// typographic apostrophes (’ ʼ) to ' (as in Ukrainian сім'я).
type foldTokens struct{}

var folder = strings.NewReplacer("ё", "е", "’", "'", "ʼ", "'")

func (foldTokens) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		s := string(t.Term)
		if f := folder.Replace(s); f != s {
			t.Term = []byte(f)
		}
	}
	return in
}

// fold applies the same folding to keyword values built in Go.
func fold(s string) string { return folder.Replace(strings.ToLower(s)) }
