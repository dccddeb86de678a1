package search

import (
	"sync"

	"github.com/blevesearch/bleve/v2"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"gloss.app/gloss/annotate"
)

// Blind coding: while the workspace's team project codes blind (annotate.Visibility),
// the analyst is shown only their own annotations and those from before the project. The
// index holds everyone's; every search leaves the others out in the query itself (a
// must-not of their documents), so totals, pages, sort orders and facets are all of what
// the analyst is shown, in the window and on the command line alike.

// blindCache keeps the documents one coder is not shown, for one store revision.
type blindCache struct {
	mu       sync.Mutex
	coder    string
	revision uint64
	docs     []string // document ids ("a:<annotation id>") of the annotations not shown
}

// hiddenDocs returns the documents of the annotations the analyst is not shown (none
// without blind coding) and a key that tells result caches apart ("" when none).
func (ix *Index) hiddenDocs() ([]string, string, error) {
	v := ix.ws.Visibility()
	if !v.Blind {
		return nil, "", nil
	}
	rev := ix.ws.Revision() // read first: a change while we read makes the set look stale, never fresh
	c := &ix.blind
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.docs == nil || c.coder != v.Coder || c.revision != rev {
		docs := []string{}
		err := ix.ws.EachAnnotation(func(a annotate.Annotation) error {
			if !v.Shows(a) {
				docs = append(docs, prefAnnotation+a.ID)
			}
			return nil
		})
		if err != nil {
			return nil, "", err
		}
		c.coder, c.revision, c.docs = v.Coder, rev, docs
	}
	if len(c.docs) == 0 {
		return nil, "", nil
	}
	return c.docs, "\x00blind:" + v.Coder, nil
}

// withoutDocs is q without the documents listed.
func withoutDocs(q bq.Query, docs []string) bq.Query {
	if len(docs) == 0 {
		return q
	}
	b := bleve.NewBooleanQuery()
	b.AddMust(q)
	b.AddMustNot(bleve.NewDocIDQuery(docs))
	return b
}
