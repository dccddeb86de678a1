package search

import (
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	bq "github.com/blevesearch/bleve/v2/search/query"
	"gloss.app/gloss/search/query"
)

// defaultFields are searched by words without a field: the annotation's quote and note,
// the article's title and body (not the article title copied into annotations: a word in
// a headline does not make every passage of the article a hit).
var defaultFields = []string{fQuote, fNote, fTitle, fBody}

// fieldsOf maps a text field of the language to the index fields it searches.
func fieldsOf(field string) []string {
	switch field {
	case "":
		return defaultFields
	case "title":
		return []string{fTitle, fArticleTitle}
	}
	return []string{field}
}

// compiler turns Gloss's syntax tree into a bleve query.
type compiler struct {
	analyzer analysis.Analyzer
}

func termQ(field, term string) *bq.TermQuery {
	q := bleve.NewTermQuery(term)
	q.SetField(field)
	return q
}

func or(qs ...bq.Query) bq.Query {
	if len(qs) == 1 {
		return qs[0]
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// compile returns nil for a node that constrains nothing (a stop word such as "the").
func (c *compiler) compile(n query.Node) bq.Query {
	switch n := n.(type) {
	case nil:
		return nil
	case *query.And:
		var must, not []bq.Query
		for _, it := range n.Items {
			if neg, ok := it.(*query.Not); ok {
				if q := c.compile(neg.Item); q != nil {
					not = append(not, q)
				}
				continue
			}
			if q := c.compile(it); q != nil {
				must = append(must, q)
			}
		}
		return boolean(must, not)
	case *query.Or:
		var qs []bq.Query
		for _, it := range n.Items {
			if q := c.compile(it); q != nil {
				qs = append(qs, q)
			}
		}
		if len(qs) == 0 {
			return nil
		}
		return or(qs...)
	case *query.Not:
		q := c.compile(n.Item)
		if q == nil {
			return nil
		}
		return boolean(nil, []bq.Query{q})
	case *query.Flag:
		switch n.Field + ":" + n.Value {
		case "has:note":
			return termQ(fHas, "note")
		case "is:orphaned", "is:anchored":
			return termQ(fState, n.Value)
		default: // is:annotation, is:article
			return termQ(fKind, n.Value)
		}
	case *query.DateRange:
		inclusive, exclusive := true, false
		q := bleve.NewDateRangeInclusiveQuery(n.From, n.To, &inclusive, &exclusive)
		q.SetField(n.Field)
		return q
	case *query.Term:
		return c.term(n)
	}
	return nil
}

func boolean(must, not []bq.Query) bq.Query {
	if len(not) == 0 {
		switch len(must) {
		case 0:
			return nil
		case 1:
			return must[0]
		}
	}
	if len(must) == 0 {
		must = []bq.Query{bleve.NewMatchAllQuery()}
	}
	b := bleve.NewBooleanQuery()
	b.AddMust(must...)
	if len(not) > 0 {
		b.AddMustNot(not...)
	}
	return b
}

// analyze returns the terms of s and their positions (gaps where stop words were).
func (c *compiler) analyze(s string) analysis.TokenStream { return c.analyzer.Analyze([]byte(s)) }

func (c *compiler) term(t *query.Term) bq.Query {
	switch t.Field {
	case "", "quote", "note", "title", "body":
		return c.text(t, fieldsOf(t.Field))
	case "source", "author":
		return c.name(t, t.Field)
	case "tag":
		v := fold(t.Value)
		if t.Kind == query.Prefix {
			return prefixQ(fTagNames, v)
		}
		// A name or path (and its children, whose documents carry their ancestors' names), or an id.
		return or(termQ(fTagNames, v), termQ(fTags, t.Value))
	case "lang":
		v := strings.ToLower(strings.ReplaceAll(t.Value, "_", "-"))
		if t.Kind == query.Prefix {
			return prefixQ(fLang, v)
		}
		return termQ(fLang, v)
	case "article":
		return prefixQ(fArticle, strings.ToLower(t.Value))
	case "url":
		return prefixQ(fURL, strings.ToLower(t.Value))
	}
	return nil
}

func prefixQ(field, prefix string) bq.Query {
	q := bleve.NewPrefixQuery(prefix)
	q.SetField(field)
	return q
}

// text compiles a term on text fields: each field is tried, any may match.
func (c *compiler) text(t *query.Term, fields []string) bq.Query {
	var qs []bq.Query
	switch t.Kind {
	case query.Prefix:
		p := fold(t.Value)
		for _, f := range fields {
			qs = append(qs, prefixQ(f, p))
		}
	case query.Fuzzy:
		toks := c.analyze(t.Value)
		if len(toks) == 0 {
			return nil
		}
		term := string(toks[0].Term)
		fz := t.Fuzziness
		if fz == 0 {
			fz = autoFuzziness(term)
		}
		for _, f := range fields {
			q := bleve.NewFuzzyQuery(term)
			q.SetField(f)
			q.SetFuzziness(fz)
			qs = append(qs, q)
		}
	default:
		toks := c.analyze(t.Value)
		if len(toks) == 0 {
			return nil // only stop words
		}
		for _, f := range fields {
			if len(toks) == 1 {
				qs = append(qs, termQ(f, string(toks[0].Term)))
				continue
			}
			q := bleve.NewMatchPhraseQuery(t.Value)
			q.SetField(f)
			q.Analyzer = textAnalyzer
			qs = append(qs, q)
		}
	}
	return or(qs...)
}

func autoFuzziness(term string) int {
	if utf8.RuneCountInString(term) <= 4 {
		return 1
	}
	return 2
}

// name compiles source: and author: (words of a name, not stemmed).
func (c *compiler) name(t *query.Term, field string) bq.Query {
	switch t.Kind {
	case query.Prefix:
		return prefixQ(field, fold(t.Value))
	case query.Phrase:
		q := bleve.NewMatchPhraseQuery(t.Value)
		q.SetField(field)
		q.Analyzer = nameAnalyzer
		return q
	}
	q := bleve.NewMatchQuery(t.Value)
	q.SetField(field)
	q.Analyzer = nameAnalyzer
	q.SetOperator(bq.MatchQueryOperatorAnd)
	return q
}
