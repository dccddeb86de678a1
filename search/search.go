package search

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bsearch "github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
	"gloss.app/gloss/annotate"
	"gloss.app/gloss/search/query"
)

// Request is one search.
type Request struct {
	Query    string
	Limit    int    // hits per page; 0 means DefaultLimit
	Offset   int    // hits skipped (pagination)
	Sort     string // "relevance" | "published" | "created"; "" = relevance, or created for an empty query
	Articles bool   // include article hits (articles that mention the words)
	Facets   bool   // count tags, sources, authors and months over the whole result set
}

// Sort orders.
const (
	SortRelevance = "relevance"
	SortPublished = "published"
	SortCreated   = "created"
)

// DefaultLimit is the page size when Request.Limit is 0; MaxLimit bounds it.
const (
	DefaultLimit = 20
	MaxLimit     = 10000
)

// Results is one page of hits and the facets of the whole result set.
type Results struct {
	Total  int
	Hits   []Hit
	Facets Facets
}

// Hit is an annotation or an article that matched.
type Hit struct {
	ID        string
	Kind      string // "annotation" | "article"
	ArticleID string
	Score     float64
	Exact     string // the annotation's quote ("" for articles)
	Note      string
	Title     string // the article's title
	Source    string
	Published time.Time
	Created   time.Time // annotation created, or article imported
	TagIDs    []string
	Start     int // the annotation's span in code points
	End       int
	Fragments []Fragment
}

// Fragment is a piece of a hit's text where the words matched.
type Fragment struct {
	Field   string // "quote" | "note" | "title" | "body"
	Text    string
	Matches [][2]int // code-point ranges [start, end) inside Text to highlight
}

// Facets count the whole result set.
type Facets struct {
	Tags    []FacetCount // in codebook order; a tag counts its children's annotations too
	Sources []FacetCount // most frequent first
	Authors []FacetCount // most frequent first
	Months  []FacetCount // newest first; Key is YYYY-MM of the published date
}

// FacetCount is one value of a facet.
type FacetCount struct {
	Key   string // tag id, source, author, YYYY-MM
	Label string // tag path, source, author, "November 2025"
	Count int
}

// Kinds of hits.
const (
	KindAnnotation = kindAnnotation
	KindArticle    = kindArticle
)

var (
	queryMappingOnce sync.Once
	queryAnalyzer    analysis.Analyzer
	queryMappingErr  error
)

func textAnalyzerInstance() (analysis.Analyzer, error) {
	queryMappingOnce.Do(func() {
		m, err := newMapping()
		if err != nil {
			queryMappingErr = err
			return
		}
		queryAnalyzer = m.AnalyzerNamed(textAnalyzer)
		if queryAnalyzer == nil {
			queryMappingErr = errors.New("search: text analyzer missing")
		}
	})
	return queryAnalyzer, queryMappingErr
}

// compileQuery parses and compiles a query, restricted to annotations unless articles.
func compileQuery(text string, articles bool) (query.Node, bq.Query, error) {
	node, err := query.Parse(text)
	if err != nil {
		return nil, nil, err
	}
	an, err := textAnalyzerInstance()
	if err != nil {
		return nil, nil, err
	}
	c := &compiler{analyzer: an}
	var q bq.Query
	switch compiled := c.compile(node); {
	case node == nil && !articles:
		return nil, termQ(fKind, kindAnnotation), nil
	case node == nil:
		q = bleve.NewMatchAllQuery()
	case compiled == nil: // only stop words
		q = bleve.NewMatchNoneQuery()
	default:
		q = compiled
	}
	if !articles {
		b := bleve.NewBooleanQuery()
		b.AddMust(q)
		b.AddFilter(termQ(fKind, kindAnnotation))
		q = b
	}
	return node, q, nil
}

// Search runs a query. A query that cannot be read gives a *query.ParseError; an index
// that broke gives a *DamagedError (errors.Is(err, ErrDamaged)) until it is rebuilt.
func (ix *Index) Search(req Request) (*Results, error) {
	node, q, err := compileQuery(req.Query, req.Articles)
	if err != nil {
		return nil, err
	}
	if err := ix.checkTags(node); err != nil {
		return nil, err
	}
	if err := ix.usable(); err != nil {
		return nil, err
	}
	hidden, blindKey, err := ix.hiddenDocs() // blind coding (blind.go)
	if err != nil {
		return nil, err
	}
	q = withoutDocs(q, hidden)
	limit := req.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	offset := max(req.Offset, 0)
	sr := bleve.NewSearchRequestOptions(q, limit, offset, false)
	sortBy := req.Sort
	if sortBy == "" {
		sortBy = SortRelevance
		if node == nil {
			sortBy = SortCreated
		}
	}
	switch sortBy {
	case SortRelevance:
		// Score only: a tie-breaker on a date would read doc values for every hit.
		sr.SortBy([]string{"-_score"})
	case SortPublished:
		sr.SortByCustom(bsearch.SortOrder{
			&bsearch.SortField{Field: fPublished, Desc: true, Type: bsearch.SortFieldAsDate, Missing: bsearch.SortFieldMissingLast},
			&bsearch.SortField{Field: fCreated, Desc: true, Type: bsearch.SortFieldAsDate, Missing: bsearch.SortFieldMissingLast},
			&bsearch.SortDocID{},
		})
	case SortCreated:
		sr.SortByCustom(bsearch.SortOrder{
			&bsearch.SortField{Field: fCreated, Desc: true, Type: bsearch.SortFieldAsDate, Missing: bsearch.SortFieldMissingLast},
			&bsearch.SortDocID{},
		})
	default:
		return nil, fmt.Errorf("unknown sort order %q (use relevance, published or created)", req.Sort)
	}
	facetKey := fmt.Sprintf("%t\x00%s%s", req.Articles, strings.TrimSpace(req.Query), blindKey)
	pageKey := fmt.Sprintf("%s\x00%s\x00%d\x00%d", facetKey, sortBy, limit, offset)
	cached, gen := ix.facets.get(facetKey, pageKey)
	cb, err := ix.ws.Codebook()
	if err != nil {
		return nil, err
	}
	if !cached.havePage || (req.Facets && !cached.haveFacets) {
		wantFacets := req.Facets && !cached.haveFacets
		var terms []termCount
		var err error
		if node == nil && sortBy == SortCreated && hidden == nil {
			cached.page, terms, err = ix.newestFirst(req.Articles, offset, limit, wantFacets)
		} else {
			cached.page, terms, err = ix.run(sr, wantFacets)
		}
		if err != nil {
			return nil, err
		}
		if wantFacets {
			cached.facets = facetsOf(terms, cb)
			ix.facets.putFacets(facetKey, cached.facets, gen)
		}
		ix.facets.putPage(pageKey, cached.page, gen)
	}
	out := &Results{Total: cached.page.total}
	if req.Facets {
		out.Facets = cached.facets
	}
	hl := newHighlighter(node, queryAnalyzer)
	err = ix.ws.View(func(t *annotate.Tx) error {
		arts := map[string]annotate.Article{}
		article := func(id string) annotate.Article {
			a, ok := arts[id]
			if !ok {
				a, _ = t.Article(id, false)
				arts[id] = a
			}
			return a
		}
		for _, h := range cached.page.hits {
			switch {
			case strings.HasPrefix(h.ID, prefAnnotation):
				a, err := t.Annotation(strings.TrimPrefix(h.ID, prefAnnotation))
				if errors.Is(err, annotate.ErrNotFound) {
					continue // deleted a moment ago
				}
				if err != nil {
					return err
				}
				art := article(a.ArticleID)
				hit := Hit{ID: a.ID, Kind: KindAnnotation, ArticleID: a.ArticleID, Score: h.Score,
					Exact: a.Exact, Note: a.Note, Title: art.Title, Source: art.Source, Published: art.Published,
					Created: a.Created, TagIDs: append([]string(nil), a.TagIDs...), Start: a.Start, End: a.End}
				hit.Fragments = hl.fragments([]fieldText{{"quote", a.Exact}, {"note", a.Note}, {"article_title", art.Title}})
				out.Hits = append(out.Hits, hit)
			case strings.HasPrefix(h.ID, prefArticle):
				a, err := t.Article(strings.TrimPrefix(h.ID, prefArticle), true)
				if errors.Is(err, annotate.ErrNotFound) {
					continue
				}
				if err != nil {
					return err
				}
				hit := Hit{ID: a.ID, Kind: KindArticle, ArticleID: a.ID, Score: h.Score, Title: a.Title,
					Source: a.Source, Published: a.Published, Created: a.ImportedAt}
				hit.Fragments = hl.fragments([]fieldText{{"title", a.Title}, {"body", a.Text}})
				out.Hits = append(out.Hits, hit)
			}
		}
		return nil
	})
	return out, err
}

// AnnotationIDs returns the id of every annotation the query matches, oldest first
// (for export and statistics). A query that cannot be read gives a *query.ParseError; an
// index that broke gives a *DamagedError.
func (ix *Index) AnnotationIDs(text string) (ids []string, err error) {
	node, q, err := compileQuery(text, false)
	if err != nil {
		return nil, err
	}
	if err := ix.checkTags(node); err != nil {
		return nil, err
	}
	hidden, _, err := ix.hiddenDocs() // blind coding (blind.go)
	if err != nil {
		return nil, err
	}
	q = withoutDocs(q, hidden)
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if err := ix.usable(); err != nil {
		return nil, err
	}
	if ix.idx == nil {
		return nil, errClosed
	}
	err = ix.guard("search", func() error {
		var err error
		if ids, err = collectSorted(ix.idx, q, []string{fCreated, "_id"}); err != nil {
			return ix.searchFailed(err)
		}
		return nil
	})
	return ids, err
}

// searchFailed turns an error of bleve into a broken index, unless the query caused it.
func (ix *Index) searchFailed(err error) error {
	if queryError(err) {
		return fmt.Errorf("search: %w", err)
	}
	return ix.fail(fmt.Errorf("search: %w", err))
}

// collectIDs returns the ids of the annotations matching q.
func collectIDs(idx bleve.Index, q bq.Query) ([]string, error) {
	b := bleve.NewBooleanQuery()
	b.AddMust(q)
	b.AddFilter(termQ(fKind, kindAnnotation))
	return collectSorted(idx, b, []string{"_id"})
}

// collectSorted pages through every hit with search-after, so memory stays bounded.
func collectSorted(idx bleve.Index, q bq.Query, order []string) ([]string, error) {
	const page = 10000
	var out []string
	var after []string
	for {
		req := bleve.NewSearchRequestOptions(q, page, 0, false)
		req.SortBy(order)
		req.SearchAfter = after
		req.Score = "none"
		res, err := idx.Search(req)
		if err != nil {
			return nil, err
		}
		for _, h := range res.Hits {
			if strings.HasPrefix(h.ID, prefAnnotation) {
				out = append(out, strings.TrimPrefix(h.ID, prefAnnotation))
			}
		}
		if len(res.Hits) < page {
			return out, nil
		}
		after = res.Hits[len(res.Hits)-1].Sort
	}
}

// run searches the index for one page of hits, and counts the facets of every hit from
// the facet tables when asked.
func (ix *Index) run(sr *bleve.SearchRequest, facets bool) (p page, terms []termCount, err error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if err := ix.usable(); err != nil {
		return page{}, nil, err
	}
	if ix.idx == nil {
		return page{}, nil, errClosed
	}
	err = ix.guard("search", func() error {
		var err error
		p, terms, err = ix.runIn(sr, facets)
		return err
	})
	return p, terms, err
}

func (ix *Index) runIn(sr *bleve.SearchRequest, facets bool) (page, []termCount, error) {
	ctx := context.Background()
	var fc *facetCounter
	if facets {
		fc = &facetCounter{tables: ix.tables}
		ctx = context.WithValue(ctx, bsearch.MakeDocumentMatchHandlerKey, fc.handler())
	}
	res, err := ix.idx.SearchInContext(ctx, sr)
	if err != nil {
		return page{}, nil, ix.searchFailed(err)
	}
	p := page{total: int(res.Total)}
	for _, h := range res.Hits {
		p.hits = append(p.hits, hitRef{h.ID, h.Score})
	}
	var terms []termCount
	if fc != nil && fc.view != nil {
		terms = fc.terms()
	}
	return p, terms, nil
}

// newestFirst answers the empty query (everything, newest created first) from the facet
// tables of the current snapshot, without a search.
func (ix *Index) newestFirst(articles bool, offset, limit int, facets bool) (p page, terms []termCount, err error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if err := ix.usable(); err != nil {
		return page{}, nil, err
	}
	err = ix.guard("search", func() error {
		is, release, err := ix.snapshot()
		if err != nil {
			return err
		}
		defer release()
		if p, terms, err = ix.tables.newestFirst(is, articles, offset, limit, facets); err != nil {
			return ix.fail(fmt.Errorf("search: %w", err))
		}
		return nil
	})
	return p, terms, err
}

// snapshot returns the index's current scorch snapshot (ix.mu held) and its release.
func (ix *Index) snapshot() (*scorch.IndexSnapshot, func(), error) {
	if ix.idx == nil {
		return nil, nil, errClosed
	}
	adv, err := ix.idx.Advanced()
	if err != nil {
		return nil, nil, fmt.Errorf("search: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, nil, fmt.Errorf("search: %w", err)
	}
	is, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		r.Close()
		return nil, nil, errNotScorch
	}
	return is, func() { r.Close() }, nil
}

// facetsOf splits the one facet field into tags, sources, authors and months.
func facetsOf(terms []termCount, cb *annotate.Codebook) Facets {
	var f Facets
	sort.Slice(terms, func(i, j int) bool { return terms[i].term < terms[j].term })
	tagCounts := map[string]int{}
	for _, t := range terms {
		kind, key, ok := strings.Cut(t.term, ":")
		if !ok {
			continue
		}
		switch kind {
		case "t":
			tagCounts[key] = t.count
		case "s":
			f.Sources = append(f.Sources, FacetCount{Key: key, Label: key, Count: t.count})
		case "a":
			f.Authors = append(f.Authors, FacetCount{Key: key, Label: key, Count: t.count})
		case "m":
			label := key
			if m, err := time.Parse("2006-01", key); err == nil {
				label = m.Format("January 2006")
			}
			f.Months = append(f.Months, FacetCount{Key: key, Label: label, Count: t.count})
		}
	}
	for _, t := range cb.Tags() {
		if n := tagCounts[tagFacetKey(t.ID)]; n > 0 {
			f.Tags = append(f.Tags, FacetCount{Key: t.ID, Label: cb.Path(t.ID), Count: n})
		}
	}
	byCount := func(l []FacetCount) {
		sort.SliceStable(l, func(i, j int) bool {
			if l[i].Count != l[j].Count {
				return l[i].Count > l[j].Count
			}
			return strings.ToLower(l[i].Label) < strings.ToLower(l[j].Label)
		})
	}
	byCount(f.Sources)
	byCount(f.Authors)
	sort.Slice(f.Months, func(i, j int) bool { return f.Months[i].Key > f.Months[j].Key })
	return f
}

// hitRef is a hit as the index gives it; the rest is read from the store.
type hitRef struct {
	ID    string
	Score float64
}

type page struct {
	total int
	hits  []hitRef
}

// cacheEntry is what the cache knows of one request.
type cacheEntry struct {
	facets     Facets
	haveFacets bool
	page       page
	havePage   bool
}

// facetCache keeps the facets and pages of recent queries until the index changes:
// paging through results, or coming back to the empty query, does not count and sort
// 100,000 documents again. Hits are still read from the store each time.
type facetCache struct {
	mu       sync.Mutex
	facets   map[string]Facets
	pages    map[string]page
	gen      uint64 // bumped by clear: what was counted before a change is not kept
	disabled bool   // benchmarks of the uncached path
}

const cacheEntries = 64

func (c *facetCache) get(facetKey, pageKey string) (cacheEntry, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var e cacheEntry
	if c.disabled {
		return e, c.gen
	}
	e.facets, e.haveFacets = c.facets[facetKey]
	e.page, e.havePage = c.pages[pageKey]
	return e, c.gen
}

func (c *facetCache) putFacets(key string, f Facets, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen || c.disabled {
		return
	}
	if c.facets == nil || len(c.facets) >= cacheEntries {
		c.facets = map[string]Facets{}
	}
	c.facets[key] = f
}

func (c *facetCache) putPage(key string, p page, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen || c.disabled {
		return
	}
	if c.pages == nil || len(c.pages) >= cacheEntries {
		c.pages = map[string]page{}
	}
	c.pages[key] = p
}

func (c *facetCache) clear() {
	c.mu.Lock()
	c.facets, c.pages = nil, nil
	c.gen++
	c.mu.Unlock()
}
