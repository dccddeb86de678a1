package annotate_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/wstest"
)

func ptr[T any](v T) *T { return &v }

func TestEditArticle(t *testing.T) {
	ws := wstest.Open(t)
	res, err := ws.ImportText("Geneva talks", "", "Delegations met in Geneva on Sunday.")
	if err != nil {
		t.Fatal(err)
	}
	id := res.Article.ID
	day := time.Date(2025, 11, 24, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		edit    annotate.ArticleEdit
		wantErr string
		check   func(a annotate.Article) bool
	}{
		{"every field", annotate.ArticleEdit{Title: ptr(" Geneva round "), Source: ptr("Reuters"), Author: ptr("A. Writer"),
			URL: ptr("https://example.org/geneva"), Language: ptr("EN-gb"), Published: &day},
			"", func(a annotate.Article) bool {
				return a.Title == "Geneva round" && a.Source == "Reuters" && a.Author == "A. Writer" &&
					a.URL == "https://example.org/geneva" && a.Language == "en-GB" && a.Published.Equal(day)
			}},
		{"clear the source", annotate.ArticleEdit{Source: ptr("")}, "", func(a annotate.Article) bool { return a.Source == "" && a.Title == "Geneva round" }},
		{"empty title", annotate.ArticleEdit{Title: ptr("  ")}, "title is empty", nil},
		{"bad URL", annotate.ArticleEdit{URL: ptr("example.org/x")}, "not a web address", nil},
		{"bad language", annotate.ArticleEdit{Language: ptr("english please")}, "not a language tag", nil},
		{"nothing", annotate.ArticleEdit{}, "nothing to change", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ws.EditArticle(id, tt.edit)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.Is(err, annotate.ErrInvalid) {
					t.Fatalf("err = %v, want one saying %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			a, _ := ws.Article(id)
			if !tt.check(a) {
				t.Fatalf("article after the edit: %+v", a)
			}
		})
	}
	// Undo takes the last edit back.
	if _, err := ws.Undo(); err != nil {
		t.Fatal(err)
	}
	if a, _ := ws.Article(id); a.Source != "Reuters" {
		t.Fatalf("after undo the source is %q", a.Source)
	}
}

func TestDeleteArticleWithAnnotations(t *testing.T) {
	ws := wstest.Open(t)
	res, err := ws.ImportText("Strikes", "", "Strikes on the grid. Repairs began at night.")
	if err != nil {
		t.Fatal(err)
	}
	id := res.Article.ID
	cb, _ := ws.Codebook()
	tag := cb.Tags()[0].ID
	for _, span := range [][2]int{{0, 7}, {21, 28}} {
		if _, _, err := ws.Annotate(annotate.AnnotationDraft{ArticleID: id, Start: span[0], End: span[1], TagIDs: []string{tag}}); err != nil {
			t.Fatal(err)
		}
	}
	del, err := ws.DeleteArticleWithAnnotations(id)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Deleted article 'Strikes' and its 2 annotations"; del.Label != want {
		t.Fatalf("label %q, want %q", del.Label, want)
	}
	if _, err := ws.Article(id); !errors.Is(err, annotate.ErrNotFound) {
		t.Fatalf("the article is still there: %v", err)
	}
	if anns, _ := ws.Annotations(id); len(anns) != 0 {
		t.Fatalf("%d annotations outlived their article", len(anns))
	}
	if _, err := ws.Undo(); err != nil {
		t.Fatal(err)
	}
	if anns, _ := ws.Annotations(id); len(anns) != 2 {
		t.Fatalf("undo brought back %d annotations, want 2", len(anns))
	}
}

func TestEditArticlesIsOneStep(t *testing.T) {
	ws := wstest.Open(t)
	var ids []string
	for _, title := range []string{"One", "Two"} {
		res, err := ws.ImportText(title, "", title+" text about the front.")
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, res.Article.ID)
	}
	day := time.Date(2025, 11, 24, 0, 0, 0, 0, time.UTC)
	res, err := ws.EditArticles(map[string]annotate.ArticleEdit{
		ids[0]: {Source: ptr("Reuters"), Published: &day},
		ids[1]: {Source: ptr("AP")},
	})
	if err != nil || res.Label != "Described 2 articles" {
		t.Fatalf("%v %q", err, res.Label)
	}
	if _, err := ws.EditArticles(map[string]annotate.ArticleEdit{ids[0]: {URL: ptr("nope")}}); err == nil {
		t.Fatal("a bad URL was accepted")
	}
	if _, err := ws.Undo(); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		if a, _ := ws.Article(id); a.Source != "" {
			t.Fatalf("one undo left source %q", a.Source)
		}
	}
}
