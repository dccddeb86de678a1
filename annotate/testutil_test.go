package annotate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// testClock is a deterministic clock that advances one second per call.
func testClock() func() time.Time {
	t := time.Date(2025, 11, 20, 8, 0, 0, 0, time.UTC)
	return func() time.Time {
		t = t.Add(time.Second)
		return t
	}
}

// openTemp opens a new workspace in a temporary folder, closed at the end of the test.
func openTemp(t testing.TB) *Workspace {
	t.Helper()
	return openAt(t, t.TempDir(), true)
}

func openAt(t testing.TB, dir string, create bool) *Workspace {
	t.Helper()
	ws, err := Open(dir, Options{Create: create, Now: testClock()})
	if err != nil {
		t.Fatalf("open %s: %v", dir, err)
	}
	t.Cleanup(func() { ws.Close() })
	return ws
}

// reopen closes ws and opens its folder again, as a restart would.
func reopen(t testing.TB, ws *Workspace) *Workspace {
	t.Helper()
	if err := ws.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	return openAt(t, ws.Dir(), false)
}

func addText(t testing.TB, ws *Workspace, title, text string) Article {
	t.Helper()
	res, err := ws.AddArticle(ArticleDraft{Title: title, Text: text, Format: "txt", Origin: title + ".txt"})
	if err != nil {
		t.Fatalf("add %q: %v", title, err)
	}
	if res.Status != StatusImported {
		t.Fatalf("add %q: status %s", title, res.Status)
	}
	a, err := ws.Article(res.Article.ID)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func tagID(t testing.TB, ws *Workspace, ref string) string {
	t.Helper()
	cb, err := ws.Codebook()
	if err != nil {
		t.Fatal(err)
	}
	tag, err := cb.Resolve(ref)
	if err != nil {
		t.Fatalf("tag %q: %v", ref, err)
	}
	return tag.ID
}

func annotateQuote(t testing.TB, ws *Workspace, articleID, quote string, tags ...string) Annotation {
	t.Helper()
	start, end, err := ws.FindQuote(articleID, quote, 1)
	if err != nil {
		t.Fatalf("find %q: %v", quote, err)
	}
	var ids []string
	for _, name := range tags {
		ids = append(ids, tagID(t, ws, name))
	}
	a, _, err := ws.Annotate(AnnotationDraft{ArticleID: articleID, Start: start, End: end, TagIDs: ids})
	if err != nil {
		t.Fatalf("annotate %q: %v", quote, err)
	}
	return a
}

// dumpStore returns every key and value of the store's buckets, for before/after
// comparisons ("nothing changed").
func dumpStore(t testing.TB, ws *Workspace) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := ws.db.View(func(tx *bolt.Tx) error {
		for _, name := range allBuckets {
			tx.Bucket(name).ForEach(func(k, v []byte) error {
				out[fmt.Sprintf("%s/%q", name, k)] = string(v)
				return nil
			})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// dumpData is dumpStore without the bookkeeping (revision, journal, undo log): the
// user's data only, for "undo brings back exactly what was there".
func dumpData(t testing.TB, ws *Workspace) map[string]string {
	t.Helper()
	out := map[string]string{}
	for k, v := range dumpStore(t, ws) {
		for _, b := range [][]byte{bArticles, bTexts, bAnnotations, bTags, bByArticle, bByHash, bByURL} {
			if len(k) > len(b) && k[:len(b)+1] == string(b)+"/" {
				out[k] = v
			}
		}
	}
	return out
}

func diffDumps(a, b map[string]string) []string {
	var diffs []string
	for k, v := range a {
		if w, ok := b[k]; !ok {
			diffs = append(diffs, "removed "+k)
		} else if v != w {
			diffs = append(diffs, "changed "+k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			diffs = append(diffs, "added "+k)
		}
	}
	sort.Strings(diffs)
	return diffs
}

// checkConsistent verifies the store's invariants: secondary indexes match the records,
// every annotation's article and tags exist, its quote matches the text when anchored,
// every article has its text with the recorded hash and length.
func checkConsistent(t testing.TB, ws *Workspace) {
	t.Helper()
	err := ws.db.View(func(tx *bolt.Tx) error {
		cb, err := readCodebook(tx)
		if err != nil {
			return err
		}
		arts := map[string]Article{}
		err = tx.Bucket(bArticles).ForEach(func(k, v []byte) error {
			var a Article
			if err := json.Unmarshal(v, &a); err != nil {
				return fmt.Errorf("article %s: %w", k, err)
			}
			text := tx.Bucket(bTexts).Get(k)
			if text == nil {
				return fmt.Errorf("article %s has no text", k)
			}
			if TextHash(string(text)) != a.SHA256 || CodePoints(string(text)) != a.Length {
				return fmt.Errorf("article %s: hash or length does not match its text", k)
			}
			if id := tx.Bucket(bByHash).Get([]byte(a.SHA256)); string(id) != a.ID {
				return fmt.Errorf("articles_by_hash[%s] = %q, want %s", a.SHA256, id, a.ID)
			}
			if a.URL != "" {
				if id := tx.Bucket(bByURL).Get(urlKey(a.URL)); string(id) != a.ID {
					return fmt.Errorf("articles_by_url[%s] = %q, want %s", a.URL, id, a.ID)
				}
			}
			arts[string(k)] = a
			return nil
		})
		if err != nil {
			return err
		}
		if n := tx.Bucket(bTexts).Stats().KeyN; n != len(arts) {
			return fmt.Errorf("%d texts for %d articles", n, len(arts))
		}
		for _, b := range [][]byte{bByHash, bByURL} {
			err := tx.Bucket(b).ForEach(func(k, v []byte) error {
				if _, ok := arts[string(v)]; !ok {
					return fmt.Errorf("%s[%s] points to missing article %s", b, k, v)
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		want := map[string]bool{}
		wantUse := map[string]uint64{}
		err = eachAnnotation(tx, func(a Annotation) error {
			art, ok := arts[a.ArticleID]
			if !ok {
				return fmt.Errorf("annotation %s of missing article %s", a.ID, a.ArticleID)
			}
			if len(a.TagIDs) == 0 {
				return fmt.Errorf("annotation %s has no tag", a.ID)
			}
			for _, id := range a.TagIDs {
				if _, ok := cb.Tag(id); !ok {
					return fmt.Errorf("annotation %s has missing tag %s", a.ID, id)
				}
			}
			if a.State == Anchored {
				text := string(tx.Bucket(bTexts).Get([]byte(art.ID)))
				if a.Start < 0 || a.End > art.Length || Slice(text, a.Start, a.End) != a.Exact {
					return fmt.Errorf("annotation %s: text[%d:%d] is not its quote %q", a.ID, a.Start, a.End, a.Exact)
				}
			}
			want[a.ArticleID+"\x00"+a.ID] = true
			for _, tag := range a.TagIDs {
				wantUse[tag+"\x00"+a.ArticleID]++
			}
			return nil
		})
		if err != nil {
			return err
		}
		gotUse := map[string]uint64{}
		eachTagUse(tx, func(tag, article []byte, n uint64) { gotUse[string(tag)+"\x00"+string(article)] = n })
		if !reflect.DeepEqual(gotUse, wantUse) {
			return fmt.Errorf("tag counters %v do not match the annotations %v", gotUse, wantUse)
		}
		got := map[string]bool{}
		tx.Bucket(bByArticle).ForEach(func(k, v []byte) error {
			if !bytes.Contains(k, []byte{1}) { // not a tag counter
				got[string(k)] = true
			}
			return nil
		})
		if len(got) != len(want) {
			return fmt.Errorf("annotations_by_article has %d entries for %d annotations", len(got), len(want))
		}
		for k := range want {
			if !got[k] {
				return fmt.Errorf("annotations_by_article misses %q", k)
			}
		}
		for _, tag := range cb.Tags() {
			if tag.ParentID != "" {
				if _, ok := cb.Tag(tag.ParentID); !ok {
					return fmt.Errorf("tag %s has missing parent %s", tag.ID, tag.ParentID)
				}
			}
			if other, ok := cb.siblingNamed(tag.ParentID, tag.Name, tag.ID); ok {
				return fmt.Errorf("tags %s and %s share the name %q", tag.ID, other.ID, tag.Name)
			}
		}
		top := getUint(tx.Bucket(bMeta), kUndoTop)
		if top > 0 && tx.Bucket(bUndo).Get(uintKey(top)) == nil {
			// Allowed only when everything up to top was dropped by the history limit.
			if k, _ := tx.Bucket(bUndo).Cursor().First(); k != nil && string(k) <= string(uintKey(top)) {
				return fmt.Errorf("undo top %d has no record", top)
			}
		}
		if !bytes.Equal(tx.Bucket(bMeta).Get(kSchema), []byte(fmt.Sprint(SchemaVersion))) {
			return fmt.Errorf("schema is %q", tx.Bucket(bMeta).Get(kSchema))
		}
		return nil
	})
	if err != nil {
		t.Fatalf("store inconsistent: %v", err)
	}
}
