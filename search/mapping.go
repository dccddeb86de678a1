package search

import (
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	index "github.com/blevesearch/bleve_index_api"
)

// MappingVersion changes whenever the documents change shape; an index written with
// another version is rebuilt on open.
const MappingVersion = "gloss-search-7"

// Names registered by this package.
const (
	textAnalyzer   = "gloss_text" // see analysis.go
	foldFilter     = "gloss_fold"
	cyrillicFilter = "gloss_cyrillic_stem" // Ukrainian (stem_uk.go) or Russian Snowball, per word
)

// Field names of the documents (see docs.go and docs/SEARCH.md).
const (
	fQuote   = "quote"   // annotation's exact text: stems, positions
	fNote    = "note"    // annotation's note
	fTitle   = "title"   // article's title
	fBody    = "body"    // article's text
	fQuoteW  = "quote_w" // the words as written (lower case) that differ from their stems: prefixes
	fNoteW   = "note_w"
	fTitleW  = "title_w"
	fBodyW   = "body_w"
	fArticle = "article" // the article id (its own id on article documents)
	fURL     = "url"     // article documents only, lower case
	fFacet   = "facet"   // "t:<short tag id>" (with ancestors), "s:<source>", "a:<author>", "m:<YYYY-MM>"
	fAttr    = "attr"    // "h:note", "x:orphaned", "l:<language>" (and its primary subtag)
	fDates   = "dates"   // "#c", "#p", "#d" + 8 bytes: created, published (Unix ns), modified (its day)
	fCoder   = "coder"   // annotation's team coder id (none outside team projects): blind coding
)

// Document kinds: each lives in its own part of the index (see part.go).
const (
	kindAnnotation = "annotation"
	kindArticle    = "article"
)

func init() {
	registry.RegisterTokenFilter(foldFilter, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return foldTokens{}, nil
	})
	registry.RegisterTokenFilter(cyrillicFilter, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return cyrillicStemmer{}, nil
	})
	registry.RegisterAnalyzer(textAnalyzer, func(map[string]interface{}, *registry.Cache) (analysis.Analyzer, error) {
		return sharedAnalysis, nil
	})
}

// newMapping is the index mapping. Documents are built by docs.go, not mapped from Go
// values, so the mapping only names the fields, their analysis and options, for bleve's
// records and for anyone reading the index with bleve's tools.
func newMapping() (*mapping.IndexMappingImpl, error) {
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = textAnalyzer
	m.ScoringModel = index.BM25Scoring
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	field := func(analyzer string, vectors bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = vectors
		f.DocValues = false
		return f
	}
	doc := bleve.NewDocumentStaticMapping()
	for _, name := range []string{fQuote, fNote, fTitle, fBody} {
		doc.AddFieldMappingsAt(name, field(textAnalyzer, true))
	}
	for _, name := range []string{fQuoteW, fNoteW, fTitleW, fBodyW, fArticle, fURL, fFacet, fAttr, fDates, fCoder} {
		doc.AddFieldMappingsAt(name, field(keyword.Name, false))
	}
	m.DefaultMapping = doc
	doc.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	return m, m.Validate()
}

// isSymbol tells a token that is no word but a symbol worth searching (🔥).
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

// fold applies the same folding to values compared in Go.
func fold(s string) string { return folder.Replace(strings.ToLower(s)) }
