package search

import (
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	bq "github.com/blevesearch/bleve/v2/search/query"
	"gloss.app/gloss/search/query"
)

// The compiler turns Gloss's syntax tree into a bleve query for one part: words of the
// text go to the fields that part has (quote and note, or title and body), so a search
// of annotations never reads article postings; tags, sources and authors are resolved
// to facet terms; dates and joins become table queries.

// match is what a node compiles to in one part.
type match int

const (
	some   match = iota // q says which documents
	none                // no document of this part
	all                 // every document of this part
	ignore              // constrains nothing (a stop word): left out of AND and OR
)

// compiler compiles for one part of one snapshot.
type compiler struct {
	kind   int           // annotationsPart | articlesPart
	view   *snapshotView // facet values (sources, authors) of the snapshot searched
	tables *facetTables
	tags   *tagResolver
	an     *textAnalysis
	joins  func(n *query.Term) ([]bool, error) // the article numbers of this part whose article matches a title:/url: term
	err    error
}

// compile returns the query for n in c's part.
func (c *compiler) compile(n query.Node) (bq.Query, match) {
	switch n := n.(type) {
	case nil:
		return nil, all
	case *query.And:
		var must, not []bq.Query
		for _, it := range n.Items {
			if neg, ok := it.(*query.Not); ok {
				q, m := c.compile(neg.Item)
				switch m {
				case all:
					return nil, none
				case some:
					not = append(not, q)
				}
				continue
			}
			q, m := c.compile(it)
			switch m {
			case none:
				return nil, none
			case some:
				must = append(must, q)
			}
		}
		if len(must) == 0 && len(not) == 0 {
			return nil, all
		}
		return c.boolean(must, not), some
	case *query.Or:
		parts := make([]func() (bq.Query, match), len(n.Items))
		for i, it := range n.Items {
			parts[i] = func() (bq.Query, match) { return c.compile(it) }
		}
		return c.unite(parts...)
	case *query.Not:
		q, m := c.compile(n.Item)
		switch m {
		case none:
			return nil, all
		case all:
			return nil, none
		case ignore:
			return nil, ignore
		}
		return c.boolean(nil, []bq.Query{q}), some
	case *query.Flag:
		return c.flag(n)
	case *query.DateRange:
		return c.dates(n)
	case *query.Term:
		return c.term(n)
	}
	return nil, none
}

// boolean is must AND NOT not; with no must, every document minus not.
func (c *compiler) boolean(must, not []bq.Query) bq.Query {
	if len(not) == 0 && len(must) == 1 {
		return must[0]
	}
	if len(must) == 0 {
		must = []bq.Query{&tableQuery{tables: c.tables}}
	}
	if len(not) == 0 {
		return bleve.NewConjunctionQuery(must...)
	}
	b := bleve.NewBooleanQuery()
	b.AddMust(must...)
	b.AddMustNot(not...)
	return b
}

func or(qs ...bq.Query) bq.Query {
	if len(qs) == 1 {
		return qs[0]
	}
	return bleve.NewDisjunctionQuery(qs...)
}

func termQ(field, term string) *bq.TermQuery {
	q := bleve.NewTermQuery(term)
	q.SetField(field)
	return q
}

func prefixQ(field, prefix string) *bq.PrefixQuery {
	q := bleve.NewPrefixQuery(prefix)
	q.SetField(field)
	return q
}

// anyOf is a filter for documents having any of the terms of a field (none without terms).
func anyOf(field string, terms []string) (bq.Query, match) {
	if len(terms) == 0 {
		return nil, none
	}
	return &bitmapQuery{field: field, terms: terms}, some
}

func (c *compiler) annotations() bool { return c.kind == annotationsPart }

func (c *compiler) flag(n *query.Flag) (bq.Query, match) {
	switch n.Field + ":" + n.Value {
	case "has:note":
		if !c.annotations() {
			return nil, none
		}
		return anyOf(fAttr, []string{"h:note"})
	case "is:orphaned":
		if !c.annotations() {
			return nil, none
		}
		return anyOf(fAttr, []string{"x:orphaned"})
	case "is:anchored":
		if !c.annotations() {
			return nil, none
		}
		q, _ := anyOf(fAttr, []string{"x:orphaned"})
		return c.boolean(nil, []bq.Query{q}), some
	case "is:annotation":
		if c.annotations() {
			return nil, all
		}
		return nil, none
	case "is:article":
		if c.annotations() {
			return nil, none
		}
		return nil, all
	}
	return nil, none
}

// dates filters on a date column of the tables.
func (c *compiler) dates(n *query.DateRange) (bq.Query, match) {
	var col func(t *segTable) []int64
	switch n.Field {
	case "published":
		col = func(t *segTable) []int64 { return t.published }
	case "created":
		col = func(t *segTable) []int64 { return t.created }
	case "modified":
		if !c.annotations() {
			return nil, none
		}
		col = func(t *segTable) []int64 { return t.modified }
	default:
		return nil, none
	}
	keep := inRange(col, n.From.UnixNano(), n.To.UnixNano(), n.From.IsZero(), n.To.IsZero())
	return &tableQuery{tables: c.tables, keep: keep}, some
}

func (c *compiler) term(t *query.Term) (bq.Query, match) {
	switch t.Field {
	case "":
		if c.annotations() {
			return c.unite(c.text(t, fQuote, fQuoteW), c.text(t, fNote, fNoteW), c.tagWords(t))
		}
		return c.unite(c.text(t, fTitle, fTitleW), c.text(t, fBody, fBodyW))
	case "quote", "note":
		if !c.annotations() {
			return nil, none
		}
		if t.Field == "quote" {
			return c.text(t, fQuote, fQuoteW)()
		}
		return c.text(t, fNote, fNoteW)()
	case "title":
		if c.annotations() {
			return c.join(t)
		}
		return c.text(t, fTitle, fTitleW)()
	case "body":
		if c.annotations() {
			return nil, none
		}
		return c.text(t, fBody, fBodyW)()
	case "url":
		if c.annotations() {
			return c.join(t)
		}
		return prefixQ(fURL, strings.ToLower(t.Value)), some
	case "source", "author":
		return c.named(t)
	case "tag":
		if !c.annotations() {
			return nil, none
		}
		var terms []string
		for _, id := range c.tags.named(t.Value, t.Kind == query.Prefix) {
			terms = append(terms, tagFacet(id))
		}
		return anyOf(fFacet, terms)
	case "lang":
		v := strings.ToLower(strings.ReplaceAll(t.Value, "_", "-"))
		if t.Kind == query.Prefix {
			return prefixQ(fAttr, "l:"+v), some
		}
		return anyOf(fAttr, []string{"l:" + v})
	case "article":
		return prefixQ(fArticle, strings.ToLower(t.Value)), some
	}
	return nil, none
}

// unite ORs parts (the items of an OR, or an unfielded term's fields): one that matches
// everything makes all, and parts that all constrain nothing (stop words) are ignored.
func (c *compiler) unite(parts ...func() (bq.Query, match)) (bq.Query, match) {
	var qs []bq.Query
	ignored := true
	for _, p := range parts {
		q, m := p()
		switch m {
		case all:
			return nil, all
		case some:
			qs = append(qs, q)
		}
		ignored = ignored && m == ignore
	}
	if ignored {
		return nil, ignore
	}
	if len(qs) == 0 {
		return nil, none
	}
	return or(qs...), some
}

// text compiles a term on a text field: stems (and positions for phrases) in stemmed,
// prefixes in stemmed and written (the words that differ from their stems).
func (c *compiler) text(t *query.Term, stemmed, written string) func() (bq.Query, match) {
	return func() (bq.Query, match) {
		switch t.Kind {
		case query.Prefix:
			// A word that is its own stem is only in the stemmed field: look in both.
			// (A stem is the start of its words, but for English ones ending in a y turned
			// i: happi* also finds happy.)
			p := fold(t.Value)
			return or(prefixQ(stemmed, p), prefixQ(written, p)), some
		case query.Fuzzy:
			toks := c.an.tokens([]byte(t.Value))
			if len(toks) == 0 {
				return nil, ignore
			}
			term := string(toks[0].Term)
			q := bleve.NewFuzzyQuery(term)
			q.SetField(stemmed)
			q.SetFuzziness(fuzziness(t, term))
			return q, some
		}
		seq := c.words(t.Value)
		switch len(seq) {
		case 0:
			return nil, ignore // only stop words
		case 1:
			return termQ(stemmed, seq[0].term), some
		}
		pq := &phraseQuery{field: stemmed}
		for _, w := range seq {
			pq.terms = append(pq.terms, w.term)
			pq.gaps = append(pq.gaps, w.pos-seq[0].pos)
		}
		return pq, some
	}
}

// words analyses a word or phrase into its stems and their positions.
func (c *compiler) words(s string) []posTerm {
	var seq []posTerm
	for _, tok := range c.an.tokens([]byte(s)) {
		seq = append(seq, posTerm{string(tok.Term), tok.Position})
	}
	return seq
}

// fuzziness is the distance of a ~ term: as written, or by the word's length.
func fuzziness(t *query.Term, term string) int {
	if t.Fuzziness > 0 {
		return t.Fuzziness
	}
	if utf8.RuneCountInString(term) <= 4 {
		return 1
	}
	return 2
}

// tagWords finds the annotations whose tags' paths contain an unfielded term.
func (c *compiler) tagWords(t *query.Term) func() (bq.Query, match) {
	return func() (bq.Query, match) {
		var ids []string
		switch t.Kind {
		case query.Prefix:
			ids = c.tags.withPrefix(fold(t.Value))
		case query.Fuzzy:
			toks := c.an.tokens([]byte(t.Value))
			if len(toks) == 0 {
				return nil, ignore
			}
			term := string(toks[0].Term)
			ids = c.tags.withSimilar(term, fuzziness(t, term))
		default:
			seq := c.words(t.Value)
			if len(seq) == 0 {
				return nil, ignore
			}
			ids = c.tags.withWords(seq)
		}
		var terms []string
		for _, id := range ids {
			terms = append(terms, tagFacet(id))
		}
		return anyOf(fFacet, terms)
	}
}

// named compiles source: and author: against the values the part has: every value whose
// words include the typed words (in this order for a phrase), or one starting with a
// typed prefix.
func (c *compiler) named(t *query.Term) (bq.Query, match) {
	prefix := "s:"
	if t.Field == "author" {
		prefix = "a:"
	}
	want := nameWords(t.Value)
	if len(want) == 0 {
		return nil, ignore
	}
	var terms []string
	for _, key := range c.view.names {
		value, ok := strings.CutPrefix(key, prefix)
		if !ok {
			continue
		}
		if nameMatches(nameWords(value), want, t.Kind) {
			terms = append(terms, key)
		}
	}
	return anyOf(fFacet, terms)
}

// nameWords are the lower-case words of a name (sources and authors are not stemmed).
func nameWords(s string) []string {
	var out []string
	sharedAnalysis.each([]byte(s), func(_, _, _ int, f wordForms) { out = append(out, f.written) })
	return out
}

func nameMatches(have, want []string, kind query.TermKind) bool {
	switch kind {
	case query.Prefix:
		// source:kyiv* — a word of the name starts with the typed one (the last typed
		// word when several).
		for _, h := range have {
			if strings.HasPrefix(h, want[len(want)-1]) {
				return true
			}
		}
		return false
	case query.Phrase:
		for i := 0; i+len(want) <= len(have); i++ {
			ok := true
			for j, w := range want {
				if have[i+j] != w {
					ok = false
					break
				}
			}
			if ok {
				return true
			}
		}
		return false
	}
	// Every typed word is a word of the name.
	for _, w := range want {
		found := false
		for _, h := range have {
			if h == w {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// join compiles title: and url: for annotations: the annotations of the articles whose
// title or URL matches.
func (c *compiler) join(t *query.Term) (bq.Query, match) {
	if c.joins == nil {
		return nil, none
	}
	set, err := c.joins(t)
	if err != nil {
		c.err = err
		return nil, none
	}
	any := false
	for _, in := range set {
		any = any || in
	}
	if !any {
		return nil, none
	}
	return &tableQuery{tables: c.tables, keep: func(tb *segTable, l uint32) bool {
		n := tb.article[l]
		return int(n) < len(set) && set[n]
	}}, some
}
