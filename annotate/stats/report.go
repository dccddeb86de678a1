package stats

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Report is what Compute finds over a set of annotations.
type Report struct {
	Annotations  int           `json:"annotations"` // in the set
	Articles     int           `json:"articles"`    // that have at least one of them
	Tags         []TagCount    `json:"tags"`        // every tag, codebook order
	Cooccurrence Cooccurrence  `json:"cooccurrence"`
	Timeline     Timeline      `json:"timeline"`
	Sources      []SourceCount `json:"sources"` // most annotated first
}

// TagCount is one tag's frequency. The Total fields roll its sub-tags up into it: an
// annotation counts once for a parent even when it carries several of its children.
type TagCount struct {
	ID               string `json:"id"`
	Name             string `json:"name"`
	Path             string `json:"path"`
	Color            string `json:"color"`
	Depth            int    `json:"depth"`
	Annotations      int    `json:"annotations"`
	Articles         int    `json:"articles"`
	TotalAnnotations int    `json:"total_annotations"`
	TotalArticles    int    `json:"total_articles"`
	HasChildren      bool   `json:"has_children,omitempty"`
	ParentID         string `json:"parent,omitempty"`
}

// Cooccurrence is a symmetric tag × tag matrix over the tags used in the set.
//
// Without SameArticle a cell counts the places two tags meet: an annotation that carries
// both, or a pair of overlapping annotations of one article, one with each tag (a pair
// counts once however many tag combinations it holds). The diagonal is the tag's number
// of annotations. With SameArticle a cell counts the articles that hold both tags, and
// the diagonal the articles that hold the tag.
type Cooccurrence struct {
	SameArticle bool     `json:"same_article"`
	TagIDs      []string `json:"tags"`
	Counts      [][]int  `json:"counts"`
}

// Cell returns the count of two tags (0 when either is not in the matrix).
func (c Cooccurrence) Cell(a, b string) int {
	i, j := indexOf(c.TagIDs, a), indexOf(c.TagIDs, b)
	if i < 0 || j < 0 {
		return 0
	}
	return c.Counts[i][j]
}

func indexOf(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

// Timeline counts annotations per tag per period of their article's published date.
type Timeline struct {
	Period  Period   `json:"period"`
	Buckets []Bucket `json:"buckets"` // contiguous from the first dated annotation to the last
	Series  []Series `json:"series"`  // one per tag used in the set, codebook order
	Undated int      `json:"undated"` // annotations of articles without a published date
}

// Bucket is one period: its label ("2025-11-03", "2025-W45", "2025-11"), its first day
// and the number of annotations in it.
type Bucket struct {
	Label string    `json:"label"`
	Start time.Time `json:"start"`
	Total int       `json:"total"`
}

// Series is one tag's annotations per bucket, and those in undated articles.
type Series struct {
	TagID   string `json:"tag"`
	Counts  []int  `json:"counts"`
	Undated int    `json:"undated"`
}

// SourceCount is one outlet: its articles and annotations in the set, and annotations per tag id.
type SourceCount struct {
	Source      string         `json:"source"` // "" for articles without one
	Articles    int            `json:"articles"`
	Annotations int            `json:"annotations"`
	Tags        map[string]int `json:"tags"`
}

// NoSource labels articles without an outlet in tables and charts.
const NoSource = "(no source)"

// maxBuckets bounds a timeline (a wrong date decades off would make millions of days).
const maxBuckets = 5000

// Compute counts over the annotations opts selects.
func (d *Data) Compute(opts Options) Report {
	period, ok := ParsePeriod(string(opts.Period))
	if !ok {
		period = Week
	}
	sel := d.selection(opts.AnnotationIDs)
	nt := len(d.tags)
	r := Report{}

	// Frequency, direct and rolled up; articles counted with a "last article seen" mark.
	ann := make([]int, nt)
	art := make([]int, nt)
	lastArt := make([]int32, nt)
	rolledAnn := make([]int, nt)
	rolledArt := make([]int, nt)
	lastRolledArt := make([]int32, nt)
	stamp := make([]int32, nt)
	for i := range lastArt {
		lastArt[i], lastRolledArt[i], stamp[i] = -1, -1, -1
	}
	prevArt := int32(-1)
	for _, ai := range sel {
		a := &d.anns[ai]
		r.Annotations++
		if a.article != prevArt {
			r.Articles++
			prevArt = a.article
		}
		for _, t := range d.tagsOf(a) {
			ann[t]++
			if lastArt[t] != a.article {
				lastArt[t] = a.article
				art[t]++
			}
			for p := t; p >= 0; p = d.parent[p] {
				if stamp[p] == ai {
					break // this ancestor chain was already counted for this annotation
				}
				stamp[p] = ai
				rolledAnn[p]++
				if lastRolledArt[p] != a.article {
					lastRolledArt[p] = a.article
					rolledArt[p]++
				}
			}
		}
	}
	r.Tags = make([]TagCount, nt)
	for i, t := range d.tags {
		r.Tags[i] = TagCount{ID: t.ID, Name: t.Name, Path: d.Codebook.Path(t.ID), Color: t.Color, Depth: d.Codebook.Depth(t.ID),
			Annotations: ann[i], Articles: art[i], TotalAnnotations: rolledAnn[i], TotalArticles: rolledArt[i], ParentID: t.ParentID}
		if p := d.parent[i]; p >= 0 {
			r.Tags[p].HasChildren = true
		}
	}

	used := make([]int32, 0, nt) // tags used in the set, codebook order
	pos := make([]int32, nt)     // tag index → position in used, -1 when unused
	for i := range d.tags {
		pos[i] = -1
		if ann[i] > 0 {
			pos[i] = int32(len(used))
			used = append(used, int32(i))
		}
	}
	r.Cooccurrence = d.cooccurrence(sel, used, pos, ann, art, opts.SameArticle)
	r.Timeline = d.timeline(sel, used, pos, period)
	r.Sources = d.sources(sel)
	return r
}

// selection returns the indexes of the chosen annotations in Data order (by article).
func (d *Data) selection(ids []string) []int32 {
	if ids == nil {
		sel := make([]int32, len(d.anns))
		for i := range sel {
			sel[i] = int32(i)
		}
		return sel
	}
	sel := make([]int32, 0, len(ids))
	for _, id := range ids {
		if i, ok := d.annIndex[id]; ok {
			sel = append(sel, i)
		}
	}
	sort.Slice(sel, func(i, j int) bool { return sel[i] < sel[j] })
	out := sel[:0]
	for i, v := range sel {
		if i == 0 || v != sel[i-1] {
			out = append(out, v)
		}
	}
	return out
}

func (d *Data) cooccurrence(sel []int32, used, pos []int32, ann, art []int, sameArticle bool) Cooccurrence {
	n := len(used)
	flat := make([]int32, n*n)
	add := func(a, b int32) { // positions in used, a != b
		flat[int(a)*n+int(b)]++
		flat[int(b)*n+int(a)]++
	}
	var pairs []uint64 // tag pairs already counted for the current place
	addOnce := func(a, b int32) {
		if a > b {
			a, b = b, a
		}
		k := uint64(a)<<32 | uint64(b)
		for _, p := range pairs {
			if p == k {
				return
			}
		}
		pairs = append(pairs, k)
		add(a, b)
	}
	if sameArticle {
		present := make([]int32, 0, 16)
		for s := 0; s < len(sel); {
			e := s
			present = present[:0]
			for ; e < len(sel) && d.anns[sel[e]].article == d.anns[sel[s]].article; e++ {
				for _, t := range d.tagsOf(&d.anns[sel[e]]) {
					if !containsIdx(present, pos[t]) {
						present = append(present, pos[t])
					}
				}
			}
			for i := range present {
				for j := i + 1; j < len(present); j++ {
					add(present[i], present[j])
				}
			}
			s = e
		}
	} else {
		for k, ai := range sel {
			a := &d.anns[ai]
			ta := d.tagsOf(a)
			for i := range ta {
				for j := i + 1; j < len(ta); j++ {
					add(pos[ta[i]], pos[ta[j]])
				}
			}
			// Later annotations of the same article that start before this one ends overlap it.
			for _, bi := range sel[k+1:] {
				b := &d.anns[bi]
				if b.article != a.article || b.start >= a.end {
					break
				}
				pairs = pairs[:0]
				for _, x := range ta {
					for _, y := range d.tagsOf(b) {
						if x != y {
							addOnce(pos[x], pos[y])
						}
					}
				}
			}
		}
	}
	c := Cooccurrence{SameArticle: sameArticle, TagIDs: make([]string, n), Counts: make([][]int, n)}
	for i, t := range used {
		c.TagIDs[i] = d.tags[t].ID
		row := make([]int, n)
		for j := range row {
			row[j] = int(flat[i*n+j])
		}
		if sameArticle {
			row[i] = art[t]
		} else {
			row[i] = ann[t]
		}
		c.Counts[i] = row
	}
	return c
}

// bucketKey numbers the period a date falls in: days since 1970 for days and weeks
// (the Monday), months since year 0 for months.
func bucketKey(t time.Time, p Period) int64 {
	t = t.UTC()
	day := func(t time.Time) int64 {
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).Unix() / 86400
	}
	switch p {
	case Day:
		return day(t)
	case Month:
		return int64(t.Year())*12 + int64(t.Month()) - 1
	default:
		wd := (int64(t.Weekday()) + 6) % 7 // Monday 0
		return day(t) - wd
	}
}

func bucketStart(k int64, p Period) time.Time {
	if p == Month {
		return time.Date(int(k/12), time.Month(k%12+1), 1, 0, 0, 0, 0, time.UTC)
	}
	return time.Unix(k*86400, 0).UTC()
}

// BucketLabel names the period starting at start: 2025-11-03, 2025-W45 (ISO week) or 2025-11.
func BucketLabel(start time.Time, p Period) string {
	switch p {
	case Day:
		return start.Format("2006-01-02")
	case Month:
		return start.Format("2006-01")
	default:
		y, w := start.ISOWeek()
		return fmt.Sprintf("%d-W%02d", y, w)
	}
}

func (d *Data) timeline(sel []int32, used, pos []int32, p Period) Timeline {
	tl := Timeline{Period: p, Buckets: []Bucket{}, Series: make([]Series, len(used))}
	keys := make([]int64, len(d.articles))
	dated := make([]bool, len(d.articles))
	lo, hi := int64(0), int64(0)
	first := true
	for _, ai := range sel {
		a := d.anns[ai].article
		if dated[a] || d.articles[a].published.IsZero() {
			continue
		}
		dated[a] = true
		k := bucketKey(d.articles[a].published, p)
		keys[a] = k
		if first || k < lo {
			lo = k
		}
		if first || k > hi {
			hi = k
		}
		first = false
	}
	// Buckets are contiguous so that quiet periods show; past maxBuckets only those with
	// annotations are kept.
	step := int64(1)
	if p == Week {
		step = 7
	}
	var bucketOf func(k int64) int
	if !first && (hi-lo)/step < maxBuckets {
		for k := lo; k <= hi; k += step {
			tl.Buckets = append(tl.Buckets, Bucket{Start: bucketStart(k, p)})
		}
		bucketOf = func(k int64) int { return int((k - lo) / step) }
	} else if !first {
		index := map[int64]int{}
		var ks []int64
		for a := range d.articles {
			if dated[a] {
				if _, ok := index[keys[a]]; !ok {
					index[keys[a]] = 0
					ks = append(ks, keys[a])
				}
			}
		}
		sort.Slice(ks, func(i, j int) bool { return ks[i] < ks[j] })
		for i, k := range ks {
			index[k] = i
			tl.Buckets = append(tl.Buckets, Bucket{Start: bucketStart(k, p)})
		}
		bucketOf = func(k int64) int { return index[k] }
	}
	for i := range tl.Buckets {
		tl.Buckets[i].Label = BucketLabel(tl.Buckets[i].Start, p)
	}
	for i, t := range used {
		tl.Series[i] = Series{TagID: d.tags[t].ID, Counts: make([]int, len(tl.Buckets))}
	}
	for _, ai := range sel {
		a := &d.anns[ai]
		if !dated[a.article] {
			tl.Undated++
			for _, t := range d.tagsOf(a) {
				tl.Series[pos[t]].Undated++
			}
			continue
		}
		b := bucketOf(keys[a.article])
		tl.Buckets[b].Total++
		for _, t := range d.tagsOf(a) {
			tl.Series[pos[t]].Counts[b]++
		}
	}
	return tl
}

func (d *Data) sources(sel []int32) []SourceCount {
	index := map[string]int{}
	var out []SourceCount
	prevArt := int32(-1)
	for _, ai := range sel {
		a := &d.anns[ai]
		src := strings.TrimSpace(d.articles[a.article].source)
		i, ok := index[src]
		if !ok {
			i = len(out)
			index[src] = i
			out = append(out, SourceCount{Source: src, Tags: map[string]int{}})
		}
		s := &out[i]
		s.Annotations++
		if a.article != prevArt {
			s.Articles++
			prevArt = a.article
		}
		for _, t := range d.tagsOf(a) {
			s.Tags[d.tags[t].ID]++
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Annotations != out[j].Annotations {
			return out[i].Annotations > out[j].Annotations
		}
		return out[i].Source < out[j].Source
	})
	if out == nil {
		out = []SourceCount{}
	}
	return out
}
