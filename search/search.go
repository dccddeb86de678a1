package search

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
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
	text      string // an article hit's text while its fragments are made
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

// A search goes through these steps, each its own function:
//
//	plan     read the request: parse the query, check limit, offset and sort
//	resolve  the codebook (tag names), and refuse a tag: that names no tag
//	find     per part: compile the query for that part's snapshot, run it (total,
//	         facet counts, best hits), then merge the parts' pages
//	read     the page's annotations and articles from the store (the index stores no text)
//	fragments  where the words matched, in the store's text
//
// The facets and page of a query are cached until the index changes.

// searchPlan is a request read and checked.
type searchPlan struct {
	req    Request
	node   query.Node
	order  order
	limit  int
	offset int
	blind  blindness // what blind coding leaves out (blind.go)
}

// plan reads a request. A query that cannot be read gives a *query.ParseError.
func plan(req Request) (*searchPlan, error) {
	node, err := query.Parse(req.Query)
	if err != nil {
		return nil, err
	}
	p := &searchPlan{req: req, node: node, limit: req.Limit, offset: max(req.Offset, 0)}
	if p.limit <= 0 {
		p.limit = DefaultLimit
	}
	p.limit = min(p.limit, MaxLimit)
	sortBy := req.Sort
	if sortBy == "" {
		sortBy = SortRelevance
		if node == nil {
			sortBy = SortCreated
		}
	}
	switch sortBy {
	case SortRelevance:
		p.order = byScore
	case SortPublished:
		p.order = byPublished
	case SortCreated:
		p.order = byCreated
	default:
		return nil, fmt.Errorf("unknown sort order %q (use relevance, published or created)", req.Sort)
	}
	return p, nil
}

// resolve reads the codebook (cached until the store changes) and checks the tag: terms.
func (ix *Index) resolve(p *searchPlan) (*annotate.Codebook, *tagResolver, error) {
	cb, tags, err := ix.codebookAndTags()
	if err != nil {
		return nil, nil, err
	}
	if err := checkTags(p.node, tags); err != nil {
		return nil, nil, err
	}
	return cb, tags, nil
}

// Search runs a query. A query that cannot be read gives a *query.ParseError; an index
// that broke gives a *DamagedError (errors.Is(err, ErrDamaged)) until it is rebuilt.
func (ix *Index) Search(req Request) (*Results, error) {
	p, err := plan(req)
	if err != nil {
		return nil, err
	}
	cb, tags, err := ix.resolve(p)
	if err != nil {
		return nil, err
	}
	if err := ix.usable(); err != nil {
		return nil, err
	}
	p.blind = ix.blindness()
	facetKey := fmt.Sprintf("%t\x00%s%s", req.Articles, strings.TrimSpace(req.Query), p.blind.key())
	pageKey := fmt.Sprintf("%s\x00%d\x00%d\x00%d", facetKey, p.order, p.limit, p.offset)
	cached, gen := ix.facets.get(facetKey, pageKey)
	if !cached.havePage || (req.Facets && !cached.haveFacets) {
		wantFacets := req.Facets && !cached.haveFacets
		pg, terms, err := ix.find(p, tags, wantFacets)
		if err != nil {
			return nil, err
		}
		cached.page = pg
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
	if out.Hits, err = ix.read(cached.page.hits); err != nil {
		return nil, err
	}
	hl := newHighlighter(p.node)
	for i := range out.Hits {
		h := &out.Hits[i]
		if h.Kind == KindAnnotation {
			h.Fragments = hl.fragments([]fieldText{{"quote", h.Exact}, {"note", h.Note}, {fArticleTitle, h.Title}})
		} else {
			h.Fragments = hl.fragments([]fieldText{{"title", h.Title}, {"body", h.text}})
			h.text = ""
		}
	}
	return out, nil
}

// find runs the plan on the parts it concerns and returns the page and facet counts.
func (ix *Index) find(p *searchPlan, tags *tagResolver, facets bool) (pg page, terms []termCount, err error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if err := ix.usable(); err != nil {
		return page{}, nil, err
	}
	if ix.parts == nil {
		return page{}, nil, errClosed
	}
	err = ix.guard("search", func() error {
		var err error
		pg, terms, err = ix.findIn(p, tags, facets)
		return err
	})
	return pg, terms, err
}

// snap is one part's snapshot during a search.
type snap struct {
	part    *part
	is      *scorch.IndexSnapshot
	view    *snapshotView
	release func()
}

// snapshots takes a snapshot of every part with its tables (ix.mu held).
func (ix *Index) snapshots() ([]*snap, func(), error) {
	var out []*snap
	release := func() {
		for _, s := range out {
			s.release()
		}
	}
	for _, p := range ix.parts {
		is, rel, err := p.snapshot()
		if err != nil {
			release()
			return nil, nil, err
		}
		s := &snap{part: p, is: is, release: rel}
		out = append(out, s)
		if s.view, err = p.tables.view(is); err != nil {
			release()
			return nil, nil, ix.fail(fmt.Errorf("search: %w", err))
		}
	}
	return out, release, nil
}

func (ix *Index) findIn(p *searchPlan, tags *tagResolver, facets bool) (page, []termCount, error) {
	snaps, release, err := ix.snapshots()
	if err != nil {
		return page{}, nil, err
	}
	defer release()
	kinds := []int{annotationsPart}
	if p.req.Articles {
		kinds = append(kinds, articlesPart)
	}
	want := execWant{order: p.order, keep: p.offset + p.limit, facets: facets, blind: p.blind}
	var lists [][]hit
	var pg page
	var terms []termCount
	for _, k := range kinds {
		res, err := ix.run(snaps, k, p.node, tags, want)
		if err != nil {
			return page{}, nil, err
		}
		pg.total += res.total
		lists = append(lists, res.hits)
		if facets {
			terms = append(terms, res.view.counts(res.counts)...)
		}
	}
	views := make([]*snapshotView, len(snaps))
	for i, s := range snaps {
		views[i] = s.view
	}
	hits, err := mergeHits(lists, views, p.order, p.offset, p.limit)
	if err != nil {
		return page{}, nil, err
	}
	for _, h := range hits {
		pg.hits = append(pg.hits, hitRef{ID: h.id, Score: h.score, Kind: h.kind})
	}
	return pg, sumTerms(terms), nil
}

// run compiles node for one part and runs it.
func (ix *Index) run(snaps []*snap, kind int, node query.Node, tags *tagResolver, want execWant) (*execResult, error) {
	s := snaps[kind]
	c := &compiler{kind: kind, view: s.view, tables: s.part.tables, tags: tags, an: sharedAnalysis}
	if kind == annotationsPart {
		c.joins = func(t *query.Term) ([]bool, error) { return ix.articlesMatching(snaps, t, tags, s.part) }
	}
	q, m := c.compile(node)
	if c.err != nil {
		return nil, c.err
	}
	switch m {
	case none, ignore:
		q = nil
		if node == nil {
			q = &tableQuery{tables: s.part.tables}
		}
	case all:
		q = &tableQuery{tables: s.part.tables}
	}
	if want.blind.on {
		want.blind.shown = s.part.tables.shownCoder(want.blind.coder)
	}
	res, err := execute(s.is, s.view, s.part.mapping(), kind, q, want)
	if err != nil {
		return nil, ix.searchFailed(err)
	}
	return res, nil
}

// articlesMatching runs a title: or url: term on the articles and returns the numbers
// (in the annotations' tables) of the articles found.
func (ix *Index) articlesMatching(snaps []*snap, t *query.Term, tags *tagResolver, anns *part) ([]bool, error) {
	res, err := ix.run(snaps, articlesPart, t, tags, execWant{order: byCreated, keep: -1})
	if err != nil {
		return nil, err
	}
	if err := resolveIDs(res.view, res.hits); err != nil {
		return nil, err
	}
	ids := make([]string, len(res.hits))
	for i, h := range res.hits {
		ids[i] = h.id
	}
	return anns.tables.articleSet(ids), nil
}

// sumTerms adds up the counts of the same term from several parts.
func sumTerms(terms []termCount) []termCount {
	sum := map[string]int{}
	for _, t := range terms {
		sum[t.term] += t.count
	}
	out := make([]termCount, 0, len(sum))
	for k, n := range sum {
		out = append(out, termCount{k, n})
	}
	return out
}

// read reads the page's hits from the store (one transaction; each article once).
func (ix *Index) read(refs []hitRef) ([]Hit, error) {
	var out []Hit
	err := ix.ws.View(func(t *annotate.Tx) error {
		arts := map[string]annotate.Article{}
		article := func(id string) annotate.Article {
			a, ok := arts[id]
			if !ok {
				a, _ = t.Article(id, false)
				arts[id] = a
			}
			return a
		}
		for _, h := range refs {
			if h.Kind == annotationsPart {
				a, err := t.Annotation(h.ID)
				if errors.Is(err, annotate.ErrNotFound) {
					continue // deleted a moment ago
				}
				if err != nil {
					return err
				}
				art := article(a.ArticleID)
				out = append(out, Hit{ID: a.ID, Kind: KindAnnotation, ArticleID: a.ArticleID, Score: h.Score,
					Exact: a.Exact, Note: a.Note, Title: art.Title, Source: art.Source, Published: art.Published,
					Created: a.Created, TagIDs: append([]string(nil), a.TagIDs...), Start: a.Start, End: a.End})
				continue
			}
			a, err := t.Article(h.ID, true)
			if errors.Is(err, annotate.ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			out = append(out, Hit{ID: a.ID, Kind: KindArticle, ArticleID: a.ID, Score: h.Score, Title: a.Title,
				Source: a.Source, Published: a.Published, Created: a.ImportedAt, text: a.Text})
		}
		return nil
	})
	return out, err
}

// AnnotationIDs returns the id of every annotation the query matches, oldest first
// (for export and statistics). A query that cannot be read gives a *query.ParseError; an
// index that broke gives a *DamagedError.
func (ix *Index) AnnotationIDs(text string) (ids []string, err error) {
	p, err := plan(Request{Query: text})
	if err != nil {
		return nil, err
	}
	_, tags, err := ix.resolve(p)
	if err != nil {
		return nil, err
	}
	blind := ix.blindness()
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if err := ix.usable(); err != nil {
		return nil, err
	}
	if ix.parts == nil {
		return nil, errClosed
	}
	err = ix.guard("search", func() error {
		snaps, release, err := ix.snapshots()
		if err != nil {
			return err
		}
		defer release()
		res, err := ix.run(snaps, annotationsPart, p.node, tags, execWant{order: byOldest, keep: -1, blind: blind})
		if err != nil {
			return err
		}
		if err := resolveIDs(res.view, res.hits); err != nil {
			return err
		}
		ids = make([]string, len(res.hits))
		for i, h := range res.hits {
			ids[i] = h.id
		}
		return nil
	})
	return ids, err
}

// searchFailed turns an error of bleve into a broken index, unless the query caused it.
func (ix *Index) searchFailed(err error) error {
	var pe *query.ParseError
	if errors.As(err, &pe) {
		return err
	}
	if queryError(err) {
		return fmt.Errorf("search: %w", err)
	}
	return ix.fail(fmt.Errorf("search: %w", err))
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
	Kind  int // annotationsPart | articlesPart
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
