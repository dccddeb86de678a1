package annotate

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// bruteUsage is what TagUsage computed before the counters: a pass over all annotations.
func bruteUsage(t *testing.T, ws *Workspace) map[string]TagUsage {
	t.Helper()
	usage := map[string]TagUsage{}
	seen := map[string]bool{}
	err := ws.EachAnnotation(func(a Annotation) error {
		for _, id := range a.TagIDs {
			u := usage[id]
			u.Annotations++
			if !seen[id+a.ArticleID] {
				seen[id+a.ArticleID] = true
				u.Articles++
			}
			usage[id] = u
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return usage
}

func checkUsage(t *testing.T, ws *Workspace, step string) {
	t.Helper()
	got, err := ws.TagUsage()
	if err != nil {
		t.Fatal(err)
	}
	if want := bruteUsage(t, ws); !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: TagUsage = %v, want %v", step, got, want)
	}
}

// The counters follow every kind of change, undo and redo, and are rebuilt for a store
// written before they existed.
func TestTagUsageCountersFollowEveryChange(t *testing.T) {
	ws := openTemp(t)
	a1 := addText(t, ws, "One", "Strikes on the grid in Kharkiv. Talks in Geneva. Strikes again.")
	a2 := addText(t, ws, "Two", "Корупція в закупівлях. Strikes on ports.")
	energy, corruption, talks := tagID(t, ws, "Energy attacks"), tagID(t, ws, "Corruption"), tagID(t, ws, "Ceasefire & negotiations")
	n1 := annotateQuote(t, ws, a1.ID, "Strikes on the grid", "Energy attacks")
	annotateQuote(t, ws, a1.ID, "Talks in Geneva", "Ceasefire & negotiations", "Energy attacks")
	n3 := annotateQuote(t, ws, a2.ID, "Корупція", "Corruption")
	annotateQuote(t, ws, a2.ID, "Strikes on ports", "Energy attacks")
	checkUsage(t, ws, "annotate")
	if u, _ := ws.TagUsage(); u[energy] != (TagUsage{Annotations: 3, Articles: 2}) {
		t.Fatalf("Energy attacks usage %+v, want 3 annotations in 2 articles", u[energy])
	}
	steps := []struct {
		name string
		do   func() (Result, error)
	}{
		{"add tag", func() (Result, error) { return ws.AddAnnotationTag(n3.ID, talks) }},
		{"remove tag", func() (Result, error) { return ws.RemoveAnnotationTag(n3.ID, talks) }},
		{"set tags", func() (Result, error) { return ws.SetAnnotationTags(n1.ID, []string{corruption, talks}) }},
		{"merge", func() (Result, error) { return ws.MergeTag(talks, energy) }},
		{"delete tag", func() (Result, error) { return ws.DeleteTag(corruption, "") }},
		{"delete annotation", func() (Result, error) { return ws.DeleteAnnotation(n1.ID) }},
		{"delete article", func() (Result, error) { return ws.DeleteArticle(a2.ID) }},
	}
	for _, st := range steps {
		if _, err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		checkUsage(t, ws, st.name)
	}
	for i := range steps {
		if _, err := ws.Undo(); err != nil {
			t.Fatal(err)
		}
		checkUsage(t, ws, "undo "+steps[len(steps)-1-i].name)
	}
	for _, st := range steps {
		if _, err := ws.Redo(); err != nil {
			t.Fatal(err)
		}
		checkUsage(t, ws, "redo "+st.name)
	}
	want := bruteUsage(t, ws)
	// Older stores, upgraded on open: schema 2 kept the counters in a bucket of their
	// own ("tagID\x00articleID"); before that there were none, and Open counts once.
	for _, tc := range []struct {
		name   string
		bucket bool
	}{{"counters in tag_usage", true}, {"no counters", false}} {
		err := ws.db.Update(func(b *bolt.Tx) error {
			old, err := b.CreateBucket(bTagUsage)
			if err != nil {
				return err
			}
			idx := b.Bucket(bByArticle)
			var moved [][]byte
			eachTagUse(b, func(tag, article []byte, n uint64) {
				if tc.bucket {
					old.Put([]byte(string(tag)+"\x00"+string(article)), uintKey(n))
				}
				moved = append(moved, usageKey(string(article), string(tag)))
			})
			for _, k := range moved {
				idx.Delete(k)
			}
			if !tc.bucket {
				b.DeleteBucket(bTagUsage)
			}
			return b.Bucket(bMeta).Put(kSchema, []byte("2"))
		})
		if err != nil {
			t.Fatal(err)
		}
		ws = reopen(t, ws)
		if got, _ := ws.TagUsage(); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: after the upgrade TagUsage = %v, want %v", tc.name, got, want)
		}
		ws.db.View(func(b *bolt.Tx) error {
			if b.Bucket(bTagUsage) != nil {
				t.Errorf("%s: the tag_usage bucket is still there after the upgrade", tc.name)
			}
			if v := string(b.Bucket(bMeta).Get(kSchema)); v != strconv.Itoa(SchemaVersion) {
				t.Errorf("%s: schema %s after the upgrade, want %d", tc.name, v, SchemaVersion)
			}
			return nil
		})
		checkConsistent(t, ws)
	}
}

func TestArticlesCountAnnotationsPerArticle(t *testing.T) {
	ws := openTemp(t)
	want := map[string]int{}
	for i, n := range []int{3, 0, 1, 5, 2} {
		a := addText(t, ws, "Article "+string(rune('A'+i)), strings.Repeat("Strikes on the grid. ", 6)+string(rune('A'+i)))
		for j := 0; j < n; j++ {
			if _, _, err := ws.Annotate(AnnotationDraft{ArticleID: a.ID, Start: j * 3, End: j*3 + 7, TagIDs: []string{tagID(t, ws, "Corruption")}}); err != nil {
				t.Fatal(err)
			}
		}
		want[a.ID] = n
	}
	list, err := ws.Articles()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != len(want) {
		t.Fatalf("%d articles, want %d", len(list), len(want))
	}
	for _, s := range list {
		if s.Annotations != want[s.ID] {
			t.Errorf("%s: %d annotations, want %d", s.Title, s.Annotations, want[s.ID])
		}
	}
}
