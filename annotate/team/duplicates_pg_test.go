package team

import (
	"context"
	"strings"
	"testing"
	"time"

	"gloss.app/gloss/annotate"
)

// Two analysts create the same tag offline; after syncing through a real PostgreSQL
// server every desk (and a desk that joins later) has one tag with both annotations, and
// both syncs say so.
func TestSameTagCreatedOnTwoDesksThroughPostgres(t *testing.T) {
	_, dsn := deskDB(t)
	ctx := context.Background()
	olha, marko := openWS(t, "Olha"), openWS(t, "Marko")
	res, err := olha.AddArticle(annotate.ArticleDraft{Title: "Grid strikes", Text: warText})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Create(ctx, olha, dsn, "kharkiv-desk", false); err != nil {
		t.Fatal(err)
	}
	if _, err := Join(ctx, marko, dsn, "kharkiv-desk"); err != nil {
		t.Fatal(err)
	}
	// Offline from each other: each creates "Drone strikes" under "Military developments"
	// and codes a passage with it.
	made := map[*annotate.Workspace]string{}
	var anns []string
	for i, ws := range []*annotate.Workspace{olha, marko} {
		if i > 0 {
			time.Sleep(5 * time.Millisecond) // Olha's is the first on the clock
		}
		cb, _ := ws.Codebook()
		parent, err := cb.Resolve("Military developments")
		if err != nil {
			t.Fatal(err)
		}
		tag, _, err := ws.CreateTag(annotate.TagDraft{Name: "Drone strikes", ParentID: parent.ID})
		if err != nil {
			t.Fatal(err)
		}
		made[ws] = tag.ID
		start, end, _ := ws.FindQuote(res.Article.ID, []string{"substations", "air defence"}[i], 1)
		a, _, err := ws.Annotate(annotate.AnnotationDraft{ArticleID: res.Article.ID, Start: start, End: end, TagIDs: []string{tag.ID}})
		if err != nil {
			t.Fatal(err)
		}
		anns = append(anns, a.ID)
	}
	so, sm := syncOf(t, olha), syncOf(t, marko)
	mustSync(t, so)
	repM := mustSync(t, sm)
	repO := mustSync(t, so)
	want := "tag 'Military developments/Drone strikes': created by Olha and by Marko at the same time; they are one tag now"
	for who, rep := range map[string]Report{"Olha": repO, "Marko": repM} {
		var texts []string
		for _, c := range rep.Conflicts {
			texts = append(texts, c.Text)
		}
		if len(texts) != 1 || texts[0] != want {
			t.Errorf("%s's sync reported %q, want %q", who, texts, want)
		}
	}
	late := openWS(t, "Late")
	if _, err := Join(ctx, late, dsn, "kharkiv-desk"); err != nil {
		t.Fatal(err)
	}
	for _, ws := range []*annotate.Workspace{marko, late} {
		if got, want := dump(t, ws), dump(t, olha); got != want {
			t.Fatalf("desks differ:\n%s", diffLines(want, got))
		}
	}
	cb, _ := marko.Codebook()
	tag, err := cb.Resolve("Military developments/Drone strikes")
	if err != nil || tag.ID != made[olha] {
		t.Fatalf("Marko's codebook resolves the tag to %v (%v), want Olha's %s alone", tag.ID, err, made[olha])
	}
	for _, id := range anns {
		a, err := marko.Annotation(id)
		if err != nil || len(a.TagIDs) != 1 || a.TagIDs[0] != made[olha] {
			t.Errorf("annotation %s: %v %v, want it on the one tag", id, a.TagIDs, err)
		}
	}
	recent, err := RecentConflicts(marko, 5)
	if err != nil || len(recent) == 0 || !strings.Contains(recent[0].Text, "they are one tag now") {
		t.Fatalf("the window's conflict list: %+v %v", recent, err)
	}
}
