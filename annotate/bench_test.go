package annotate

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkAnnotateLongArticle measures one acknowledged (fsync'd) annotation on a
// 200,000-code-point article that already has 500 annotations.
func BenchmarkAnnotateLongArticle(b *testing.B) {
	ws := openTemp(b)
	text := strings.Repeat("Київ 🇺🇦 and Geneva talks: the ceasefire proposal covers energy. ", 3200)
	art := addText(b, ws, "long", text)
	tag := tagID(b, ws, "Corruption")
	for i := 0; i < 500; i++ {
		if _, _, err := ws.Annotate(AnnotationDraft{ArticleID: art.ID, Start: i * 300, End: i*300 + 20, TagIDs: []string{tag}}); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s := (i * 37) % (art.Length - 40)
		if _, _, err := ws.Annotate(AnnotationDraft{ArticleID: art.ID, Start: s, End: s + 30, TagIDs: []string{tag}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAnnotationsOfLongArticle measures listing an article's 2,000 annotations.
func BenchmarkAnnotationsOfLongArticle(b *testing.B) {
	ws := openTemp(b)
	art := addText(b, ws, "long", strings.Repeat("Переговори тривають. ", 5000))
	tag := tagID(b, ws, "Corruption")
	for i := 0; i < 2000; i++ {
		if _, _, err := ws.Annotate(AnnotationDraft{ArticleID: art.ID, Start: i * 21, End: i*21 + 10, TagIDs: []string{tag}}); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		anns, err := ws.Annotations(art.ID)
		if err != nil || len(anns) != 2000 {
			b.Fatal(len(anns), err)
		}
	}
}

// scaleWorkspace is 10,000 articles with 20 two-tag annotations each (200,000), generated
// without fsync once per benchmark run.
func scaleWorkspace(b *testing.B) *Workspace {
	b.Helper()
	ws, err := Open(b.TempDir(), Options{Create: true, NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ws.Close() })
	cb, _ := ws.Codebook()
	tags := cb.Tags()
	text := strings.Repeat("Sentence about the war and the grid. ", 60)
	drafts := make([]ArticleDraft, 10000)
	for i := range drafts {
		drafts[i] = ArticleDraft{Title: fmt.Sprint("Article ", i), Text: fmt.Sprint(i, " ", text)}
	}
	for i, r := range ws.NewBatch("").Add(drafts) {
		for j := 0; j < 20; j++ {
			ids := []string{tags[(i+j)%len(tags)].ID, tags[(i+2*j+1)%len(tags)].ID}
			if _, _, err := ws.Annotate(AnnotationDraft{ArticleID: r.Article.ID, Start: j * 10, End: j*10 + 8, TagIDs: ids}); err != nil {
				b.Fatal(err)
			}
		}
	}
	return ws
}

// What the window re-reads after every change: the usage of every tag and the library.
func BenchmarkRefreshReads200k(b *testing.B) {
	ws := scaleWorkspace(b)
	b.Run("TagUsage", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := ws.TagUsage(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Articles", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := ws.Articles(); err != nil {
				b.Fatal(err)
			}
		}
	})
}
