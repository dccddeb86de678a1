package stats

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"gloss.app/gloss/annotate"
)

// synthetic builds a deterministic corpus the size the issue names: 10,000 articles from
// 40 outlets over two years, 100,000 annotations with 1–3 of 60 tags, many overlapping.
func synthetic(nArticles, nAnns int) *Data {
	rng := rand.New(rand.NewPCG(7, 11))
	var tags []annotate.Tag
	for i := 0; i < 60; i++ {
		parent := ""
		if i >= 10 {
			parent = fmt.Sprintf("tag-%02d", i%10)
		}
		tags = append(tags, annotate.Tag{ID: fmt.Sprintf("tag-%02d", i), Name: fmt.Sprintf("Tag %02d", i), ParentID: parent, Color: "#123456"})
	}
	cb := annotate.NewCodebook(tags)
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	arts := make([]annotate.Article, nArticles)
	for i := range arts {
		arts[i] = annotate.Article{ID: fmt.Sprintf("art-%05d", i), Source: fmt.Sprintf("Outlet %d", i%40)}
		if i%20 != 0 {
			arts[i].Published = start.Add(time.Duration(rng.IntN(730*24)) * time.Hour)
		}
	}
	anns := make([]annotate.Annotation, nAnns)
	for i := range anns {
		s := rng.IntN(4000)
		a := annotate.Annotation{ID: fmt.Sprintf("ann-%06d", i), ArticleID: arts[rng.IntN(nArticles)].ID, Start: s, End: s + 20 + rng.IntN(200)}
		for n := 1 + rng.IntN(3); n > 0; n-- {
			a.TagIDs = append(a.TagIDs, tags[rng.IntN(len(tags))].ID)
		}
		anns[i] = a
	}
	return New(cb, arts, anns)
}

// BenchmarkStats100k computes every view over 100,000 annotations (target ≤ 200 ms).
func BenchmarkStats100k(b *testing.B) {
	d := synthetic(10_000, 100_000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := d.Compute(Options{Period: Week})
		if r.Annotations != 100_000 {
			b.Fatal(r.Annotations)
		}
	}
}

// BenchmarkStats100kQuery is the same over a 30,000-annotation search result, per article.
func BenchmarkStats100kQuery(b *testing.B) {
	d := synthetic(10_000, 100_000)
	ids := make([]string, 0, 30_000)
	for i := 0; i < 100_000; i += 3 {
		ids = append(ids, fmt.Sprintf("ann-%06d", i))
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d.Compute(Options{AnnotationIDs: ids, SameArticle: true, Period: Day})
	}
}

// BenchmarkNew100k builds the in-memory form from 100,000 decoded annotations.
func BenchmarkNew100k(b *testing.B) {
	for i := 0; i < b.N; i++ {
		synthetic(10_000, 100_000)
	}
}
