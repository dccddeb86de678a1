package annotate

import (
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
