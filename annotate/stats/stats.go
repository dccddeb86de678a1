// Package stats computes the analysis views of a set of annotations: tag frequency,
// tag co-occurrence, a timeline by the articles' published dates and tags per outlet.
// The workspace is read once into a compact in-memory form (Data); Compute then runs
// over any subset of annotations (a search query's result) fast enough to refresh
// while the analyst types. It never imports Fyne.
package stats

import (
	"sort"
	"time"

	"gloss.app/gloss/annotate"
)

// Period is the bucket size of a timeline.
type Period string

const (
	Day   Period = "day"
	Week  Period = "week" // ISO weeks, Monday to Sunday
	Month Period = "month"
)

// ParsePeriod accepts "day", "week" or "month" ("" is week).
func ParsePeriod(s string) (Period, bool) {
	switch Period(s) {
	case "", Week:
		return Week, true
	case Day, Month:
		return Period(s), true
	}
	return "", false
}

// Options choose what Compute counts.
type Options struct {
	// AnnotationIDs limits the statistics to these annotations (a search result); nil
	// means every annotation, an empty non-nil slice none. Unknown ids are ignored.
	AnnotationIDs []string
	// SameArticle makes two tags co-occur when they are anywhere in the same article,
	// rather than on the same or on overlapping annotations.
	SameArticle bool
	// Period is the timeline's bucket size (Week when empty).
	Period Period
}

// Data is the workspace read into memory for statistics: the codebook, the articles'
// outlets and dates, and each annotation's article, span and tags.
type Data struct {
	Codebook *annotate.Codebook
	Revision uint64 // the store revision it was read at

	tags     []annotate.Tag // codebook order (parents before children)
	tagIndex map[string]int32
	parent   []int32 // index of each tag's parent, -1 at the top
	articles []article
	anns     []ann // grouped by article, in text order within one
	annIndex map[string]int32
	tagPool  []int32 // the tags of every annotation, back to back
}

type article struct {
	id        string
	source    string
	published time.Time // zero when undated
}

type ann struct {
	article    int32
	start, end int32
	tagOff     int32
	tagN       int32
}

func (d *Data) tagsOf(a *ann) []int32 { return d.tagPool[a.tagOff : a.tagOff+a.tagN] }

// Load reads the workspace once: the codebook, every article's metadata and every
// annotation, in one consistent snapshot.
func Load(ws *annotate.Workspace) (*Data, error) {
	var (
		tags     []annotate.Tag
		articles []annotate.Article
		anns     []annotate.Annotation
		rev      uint64
	)
	// Read the revision first: a change landing while we read makes the data look stale
	// (and be read again), never fresh.
	rev = ws.Revision()
	cb, err := ws.Codebook()
	if err != nil {
		return nil, err
	}
	tags = cb.Tags()
	if err := ws.EachArticle(false, func(a annotate.Article) error {
		articles = append(articles, a)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := ws.EachAnnotation(func(a annotate.Annotation) error {
		a.Exact, a.Prefix, a.Suffix, a.Note = "", "", "", "" // not needed; let them be freed
		anns = append(anns, a)
		return nil
	}); err != nil {
		return nil, err
	}
	d := New(annotate.NewCodebook(tags), articles, anns)
	d.Revision = rev
	return d, nil
}

// New builds Data from a codebook, articles and annotations already in memory.
// Annotations of unknown articles and tag ids not in the codebook are left out.
func New(cb *annotate.Codebook, articles []annotate.Article, anns []annotate.Annotation) *Data {
	d := &Data{Codebook: cb, tags: cb.Tags(), tagIndex: map[string]int32{}, annIndex: make(map[string]int32, len(anns))}
	for i, t := range d.tags {
		d.tagIndex[t.ID] = int32(i)
	}
	d.parent = make([]int32, len(d.tags))
	for i, t := range d.tags {
		d.parent[i] = -1
		if p, ok := d.tagIndex[t.ParentID]; ok {
			d.parent[i] = p
		}
	}
	artIndex := make(map[string]int32, len(articles))
	for _, a := range articles {
		artIndex[a.ID] = int32(len(d.articles))
		d.articles = append(d.articles, article{id: a.ID, source: a.Source, published: a.Published})
	}
	order := make([]int, 0, len(anns))
	for i, a := range anns {
		if _, ok := artIndex[a.ArticleID]; ok {
			order = append(order, i)
		}
	}
	sort.Slice(order, func(i, j int) bool {
		a, b := &anns[order[i]], &anns[order[j]]
		if ai, bi := artIndex[a.ArticleID], artIndex[b.ArticleID]; ai != bi {
			return ai < bi
		}
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		return a.End < b.End
	})
	d.anns = make([]ann, 0, len(order))
	for _, i := range order {
		a := &anns[i]
		off := int32(len(d.tagPool))
		for _, id := range a.TagIDs {
			if ti, ok := d.tagIndex[id]; ok && !containsIdx(d.tagPool[off:], ti) {
				d.tagPool = append(d.tagPool, ti)
			}
		}
		d.annIndex[a.ID] = int32(len(d.anns))
		d.anns = append(d.anns, ann{article: artIndex[a.ArticleID], start: int32(a.Start), end: int32(a.End), tagOff: off, tagN: int32(len(d.tagPool)) - off})
	}
	return d
}

func containsIdx(s []int32, v int32) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// Len is the number of annotations in Data.
func (d *Data) Len() int { return len(d.anns) }
