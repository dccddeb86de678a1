package annotate

import (
	"errors"
	"strings"
	"testing"
)

const sampleText = "Negotiators met in Geneva on Tuesday. The ceasefire proposal covers energy " +
	"infrastructure. Officials said the ceasefire would hold. Київ погодився на переговори."

// TestValidationErrorsChangeNothing runs every command with bad input and checks the
// error kind, its words, and that the store is byte for byte as before.
func TestValidationErrorsChangeNothing(t *testing.T) {
	ws := openTemp(t)
	art := addText(t, ws, "Geneva", sampleText)
	tag := tagID(t, ws, "Ceasefire & negotiations")
	other := tagID(t, ws, "Energy attacks")
	ann := annotateQuote(t, ws, art.ID, "ceasefire proposal", "Ceasefire & negotiations")
	parent := tagID(t, ws, "Military developments")
	n := CodePoints(art.Text)

	tests := []struct {
		name string
		kind error
		want string // a piece of the message
		run  func() error
	}{
		{"empty span", ErrInvalid, "is empty", func() error {
			_, _, err := ws.Annotate(AnnotationDraft{ArticleID: art.ID, Start: 5, End: 5, TagIDs: []string{tag}})
			return err
		}},
		{"reversed span", ErrInvalid, "is empty", func() error {
			_, _, err := ws.Annotate(AnnotationDraft{ArticleID: art.ID, Start: 9, End: 4, TagIDs: []string{tag}})
			return err
		}},
		{"negative start", ErrInvalid, "outside the article", func() error {
			_, _, err := ws.Annotate(AnnotationDraft{ArticleID: art.ID, Start: -1, End: 4, TagIDs: []string{tag}})
			return err
		}},
		{"end past the text", ErrInvalid, "outside the article", func() error {
			_, _, err := ws.Annotate(AnnotationDraft{ArticleID: art.ID, Start: 3, End: n + 1, TagIDs: []string{tag}})
			return err
		}},
		{"white space only", ErrInvalid, "white space", func() error {
			_, _, err := ws.Annotate(AnnotationDraft{ArticleID: art.ID, Start: 11, End: 12, TagIDs: []string{tag}})
			return err
		}},
		{"no tag", ErrInvalid, "at least one tag", func() error {
			_, _, err := ws.Annotate(AnnotationDraft{ArticleID: art.ID, Start: 0, End: 4})
			return err
		}},
		{"unknown tag", ErrNotFound, "no tag", func() error {
			_, _, err := ws.Annotate(AnnotationDraft{ArticleID: art.ID, Start: 0, End: 4, TagIDs: []string{"nope"}})
			return err
		}},
		{"unknown article", ErrNotFound, "no article", func() error {
			_, _, err := ws.Annotate(AnnotationDraft{ArticleID: "missing", Start: 0, End: 4, TagIDs: []string{tag}})
			return err
		}},
		{"note too long", ErrInvalid, "note is longer", func() error {
			_, _, err := ws.Annotate(AnnotationDraft{ArticleID: art.ID, Start: 0, End: 4, TagIDs: []string{tag}, Note: strings.Repeat("n", MaxNoteLength+1)})
			return err
		}},
		{"quote not found", ErrInvalid, "is not in article", func() error {
			_, _, err := ws.FindQuote(art.ID, "armistice", 1)
			return err
		}},
		{"quote occurrence too high", ErrInvalid, "occurs 2 times", func() error {
			_, _, err := ws.FindQuote(art.ID, "ceasefire", 3)
			return err
		}},
		{"occurrence zero", ErrInvalid, "occurrence", func() error {
			_, _, err := ws.FindQuote(art.ID, "ceasefire", 0)
			return err
		}},
		{"empty quote", ErrInvalid, "empty", func() error {
			_, _, err := ws.FindQuote(art.ID, " \n", 1)
			return err
		}},
		{"quote in unknown article", ErrNotFound, "no article", func() error {
			_, _, err := ws.FindQuote("missing", "ceasefire", 1)
			return err
		}},
		{"set unknown tag", ErrNotFound, "no tag", func() error { _, err := ws.SetAnnotationTags(ann.ID, []string{tag, "nope"}); return err }},
		{"set no tags", ErrInvalid, "at least one tag", func() error { _, err := ws.SetAnnotationTags(ann.ID, nil); return err }},
		{"tags of unknown annotation", ErrNotFound, "no annotation", func() error { _, err := ws.SetAnnotationTags("nope", []string{tag}); return err }},
		{"add tag twice", ErrInvalid, "already has", func() error { _, err := ws.AddAnnotationTag(ann.ID, tag); return err }},
		{"add unknown tag", ErrNotFound, "no tag", func() error { _, err := ws.AddAnnotationTag(ann.ID, "nope"); return err }},
		{"remove absent tag", ErrNotFound, "does not have", func() error { _, err := ws.RemoveAnnotationTag(ann.ID, other); return err }},
		{"remove last tag", ErrInvalid, "at least one tag", func() error { _, err := ws.RemoveAnnotationTag(ann.ID, tag); return err }},
		{"note of unknown annotation", ErrNotFound, "no annotation", func() error { _, err := ws.SetAnnotationNote("nope", "x"); return err }},
		{"delete unknown annotation", ErrNotFound, "no annotation", func() error { _, err := ws.DeleteAnnotation("nope"); return err }},
		{"delete unknown article", ErrNotFound, "no article", func() error { _, err := ws.DeleteArticle("nope"); return err }},
		{"empty title", ErrInvalid, "title is empty", func() error {
			_, err := ws.SetArticleMeta(art.ID, func(a *Article) { a.Title = "  " })
			return err
		}},
		{"empty article text", ErrEmptyText, "empty", func() error { _, err := ws.ImportText("t", "s", " \r\n "); return err }},
		{"invalid UTF-8", ErrInvalidUTF8, "UTF-8", func() error { _, err := ws.ImportText("t", "s", "a\xffb"); return err }},
		{"text too large", ErrInvalid, "larger than", func() error {
			_, err := ws.ImportText("t", "s", strings.Repeat("x", MaxTextBytes+1))
			return err
		}},
		{"duplicate tag name", ErrInvalid, "already exists", func() error {
			_, _, err := ws.CreateTag(TagDraft{Name: "corruption"})
			return err
		}},
		{"duplicate child name", ErrInvalid, "already exists", func() error {
			_, _, err := ws.CreateTag(TagDraft{Name: "ENERGY ATTACKS", ParentID: parent})
			return err
		}},
		{"empty tag name", ErrInvalid, "name is empty", func() error { _, _, err := ws.CreateTag(TagDraft{Name: " "}); return err }},
		{"slash in tag name", ErrInvalid, "cannot contain", func() error { _, _, err := ws.CreateTag(TagDraft{Name: "a/b"}); return err }},
		{"bad colour", ErrInvalid, "#RRGGBB", func() error { _, _, err := ws.CreateTag(TagDraft{Name: "New", Color: "red"}); return err }},
		{"bad hotkey", ErrInvalid, "digit", func() error { _, _, err := ws.CreateTag(TagDraft{Name: "New", Hotkey: 12}); return err }},
		{"unknown parent", ErrNotFound, "no parent tag", func() error { _, _, err := ws.CreateTag(TagDraft{Name: "New", ParentID: "nope"}); return err }},
		{"rename to a sibling's name", ErrInvalid, "already exists", func() error { _, err := ws.RenameTag(tag, "security GUARANTEES"); return err }},
		{"rename unknown", ErrNotFound, "no tag", func() error { _, err := ws.RenameTag("nope", "x"); return err }},
		{"recolour badly", ErrInvalid, "#RRGGBB", func() error { _, err := ws.SetTagColor(tag, "#12345"); return err }},
		{"hotkey out of range", ErrInvalid, "digit", func() error { _, err := ws.SetTagHotkey(tag, -1); return err }},
		{"move under itself", ErrInvalid, "under itself", func() error { _, err := ws.MoveTag(parent, parent); return err }},
		{"move under own child", ErrInvalid, "under itself", func() error { _, err := ws.MoveTag(parent, other); return err }},
		{"move next to a same name", ErrInvalid, "already exists", func() error {
			_, err := ws.MoveTag(tagID(t, ws, "Military developments/Energy attacks"), "")
			if err != nil {
				return err
			}
			return errors.New("moved")
		}},
		{"merge into itself", ErrInvalid, "into itself", func() error { _, err := ws.MergeTag(tag, tag); return err }},
		{"merge into own child", ErrInvalid, "own child", func() error { _, err := ws.MergeTag(parent, other); return err }},
		{"merge unknown", ErrNotFound, "no tag", func() error { _, err := ws.MergeTag("nope", tag); return err }},
		{"delete unknown tag", ErrNotFound, "no tag", func() error { _, err := ws.DeleteTag("nope", ""); return err }},
		{"delete into itself", ErrInvalid, "being deleted", func() error { _, err := ws.DeleteTag(tag, tag); return err }},
		{"delete into own child", ErrInvalid, "below it", func() error { _, err := ws.DeleteTag(parent, other); return err }},
		{"author empty", ErrInvalid, "author", func() error { return ws.SetAuthor(" ") }},
		{"history limit zero", ErrInvalid, "undo history", func() error { return ws.SetHistoryLimit(0) }},
	}
	// A root tag "Energy attacks" makes the move test above meaningful.
	if _, _, err := ws.CreateTag(TagDraft{Name: "Energy attacks"}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := dumpStore(t, ws)
			err := tt.run()
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, tt.kind) {
				t.Errorf("error %q is not %v", err, tt.kind)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
			if d := diffDumps(before, dumpStore(t, ws)); len(d) > 0 {
				t.Fatalf("the failed command changed the store: %v", d)
			}
		})
	}
	checkConsistent(t, ws)
}

func TestOverlappingAnnotations(t *testing.T) {
	ws := openTemp(t)
	art := addText(t, ws, "Geneva", sampleText)
	a := annotateQuote(t, ws, art.ID, "The ceasefire proposal covers energy", "Ceasefire & negotiations")
	b := annotateQuote(t, ws, art.ID, "energy infrastructure", "Energy attacks")
	c := annotateQuote(t, ws, art.ID, "ceasefire proposal", "Claims & disinformation")
	same, _, err := ws.Annotate(AnnotationDraft{ArticleID: art.ID, Start: c.Start, End: c.End, TagIDs: []string{tagID(t, ws, "Corruption")}})
	if err != nil {
		t.Fatal(err)
	}
	if !(b.Start < a.End && c.Start > a.Start && c.End < a.End) {
		t.Fatalf("spans do not overlap as intended: %d-%d %d-%d %d-%d", a.Start, a.End, b.Start, b.End, c.Start, c.End)
	}
	anns, err := ws.Annotations(art.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{a.ID, c.ID, same.ID, b.ID} // text order: by start, then end, then creation
	if len(anns) != len(want) {
		t.Fatalf("%d annotations, want %d", len(anns), len(want))
	}
	for i, x := range anns {
		if x.ID != want[i] {
			t.Fatalf("annotation %d is %q, want %q", i, x.Exact, want[i])
		}
	}
	list, _ := ws.Articles()
	if len(list) != 1 || list[0].Annotations != 4 {
		t.Fatalf("articles list %+v", list)
	}
	checkConsistent(t, ws)
}

func TestEditsThatChangeNothingRecordNothing(t *testing.T) {
	ws := openTemp(t)
	art := addText(t, ws, "Geneva", sampleText)
	ann := annotateQuote(t, ws, art.ID, "Geneva", "Ceasefire & negotiations")
	if _, err := ws.SetAnnotationNote(ann.ID, "a note"); err != nil {
		t.Fatal(err)
	}
	rev := ws.Revision()
	tag := tagID(t, ws, "Ceasefire & negotiations")
	steps := []func() (Result, error){
		func() (Result, error) { return ws.SetAnnotationNote(ann.ID, " a note ") },
		func() (Result, error) { return ws.SetAnnotationTags(ann.ID, []string{tag, tag}) },
		func() (Result, error) { return ws.RenameTag(tag, "Ceasefire & negotiations") },
		func() (Result, error) { return ws.MoveTag(tag, tagID(t, ws, "Diplomacy")) },
		func() (Result, error) { return ws.SetArticleMeta(art.ID, func(a *Article) {}) },
	}
	for i, step := range steps {
		res, err := step()
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if res.Label != "Nothing changed" || ws.Revision() != rev {
			t.Fatalf("step %d: %q at revision %d, want nothing at %d", i, res.Label, ws.Revision(), rev)
		}
	}
	if got := ws.UndoLabel(); got != "Edited note on “Geneva” in 'Geneva'" {
		t.Fatalf("undo label %q", got)
	}
}

func TestImportDuplicatesAndNewVersions(t *testing.T) {
	ws := openTemp(t)
	first, err := ws.AddArticle(ArticleDraft{Title: "Talks", URL: "https://example.org/talks", Text: sampleText})
	if err != nil {
		t.Fatal(err)
	}
	ann := annotateQuote(t, ws, first.Article.ID, "Officials said the ceasefire would hold", "Ceasefire & negotiations")
	gone := annotateQuote(t, ws, first.Article.ID, "Negotiators met in Geneva", "Ceasefire & negotiations")
	// The same text again (CRLF, BOM) is a duplicate.
	dup, err := ws.AddArticle(ArticleDraft{Title: "Again", Text: "\uFEFF" + strings.ReplaceAll(sampleText, ". ", ".\r\n")})
	if err != nil {
		t.Fatal(err)
	}
	if dup.Status != StatusImported {
		t.Fatalf("different line breaks are a different text: %s", dup.Status)
	}
	dup2, err := ws.AddArticle(ArticleDraft{Title: "Again", Text: sampleText + "\r\n"})
	if err != nil || dup2.Status != StatusDuplicate || dup2.Article.ID != first.Article.ID {
		t.Fatalf("same canonical text: %+v, %v", dup2, err)
	}
	// The same URL with a new text is a new version; annotations move or are orphaned.
	newText := "Update: delegates arrived late. " + strings.Replace(sampleText, "Negotiators met in Geneva", "Delegations gathered", 1)
	upd, err := ws.AddArticle(ArticleDraft{Title: "Talks (updated)", URL: "https://example.org/talks", Text: newText})
	if err != nil {
		t.Fatal(err)
	}
	if upd.Status != StatusUpdated || upd.Article.ID != first.Article.ID || upd.Article.Version != 2 || upd.Orphaned != 1 {
		t.Fatalf("new version: %+v", upd)
	}
	moved, _ := ws.Annotation(ann.ID)
	if moved.State != Anchored || moved.Start != ann.Start+32-len("Negotiators met in Geneva")+len("Delegations gathered") {
		t.Fatalf("moved annotation %+v", moved)
	}
	orphan, _ := ws.Annotation(gone.ID)
	if orphan.State != Orphaned || orphan.Exact != gone.Exact {
		t.Fatalf("orphaned annotation %+v", orphan)
	}
	checkConsistent(t, ws)
	// Undo restores the old text and positions exactly.
	if _, err := ws.Undo(); err != nil {
		t.Fatal(err)
	}
	back, _ := ws.Article(first.Article.ID)
	if back.Text != sampleText || back.Version != 1 {
		t.Fatalf("undo of the new version left version %d", back.Version)
	}
	if a, _ := ws.Annotation(gone.ID); a.State != Anchored || a.Start != gone.Start {
		t.Fatalf("undo did not re-anchor %+v", a)
	}
	checkConsistent(t, ws)
}

func TestBatchIsOneUndoStepAndGoesOnAfterErrors(t *testing.T) {
	ws := openTemp(t)
	b := ws.NewBatch("Import of a folder")
	r1 := b.Add([]ArticleDraft{{Title: "One", Text: "First text."}, {Title: "Bad", Text: "\x00 "}, {Title: "Two", Text: "Second text."}})
	r2 := b.Add([]ArticleDraft{{Title: "Three", Text: "Third text."}, {Title: "One again", Text: "First text."}})
	statuses := []ImportStatus{r1[0].Status, r1[1].Status, r1[2].Status, r2[0].Status, r2[1].Status}
	want := []ImportStatus{StatusImported, StatusFailed, StatusImported, StatusImported, StatusDuplicate}
	for i := range want {
		if statuses[i] != want[i] {
			t.Fatalf("statuses %v, want %v", statuses, want)
		}
	}
	if !errors.Is(r1[1].Err, ErrEmptyText) || !strings.Contains(r1[1].Err.Error(), "import Bad") {
		t.Fatalf("failure %v", r1[1].Err)
	}
	if n, _ := ws.Counts(); n != 3 {
		t.Fatalf("%d articles", n)
	}
	ws = reopen(t, ws)
	res, err := ws.Undo()
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := ws.Counts(); n != 0 || len(res.Changes.Articles) != 3 {
		t.Fatalf("undo of the batch left %d articles (%v)", n, res.Changes)
	}
	if _, err := ws.Redo(); err != nil {
		t.Fatal(err)
	}
	if n, _ := ws.Counts(); n != 3 {
		t.Fatalf("redo of the batch gave %d articles", n)
	}
	checkConsistent(t, ws)
}

func TestResolveArticle(t *testing.T) {
	ws := openTemp(t)
	var ids []string
	for i := 0; i < 40; i++ {
		ids = append(ids, addText(t, ws, "a", strings.Repeat("x", i+1)).ID)
	}
	id := ids[7]
	for _, ref := range []string{id, strings.ToUpper(id), " " + id[:8] + " ", id[:13]} {
		a, err := ws.ResolveArticle(ref)
		if err != nil || a.ID != id || a.Text == "" {
			t.Errorf("ResolveArticle(%q) = %s, %v", ref, a.ID, err)
		}
	}
	// One hex digit is shared by several of 40 random ids.
	counts := map[byte]int{}
	for _, x := range ids {
		counts[x[0]]++
	}
	for c, n := range counts {
		if n > 1 {
			if _, err := ws.ResolveArticle(string(c)); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "ambiguous") {
				t.Errorf("prefix %c (%d ids): %v", c, n, err)
			}
			break
		}
	}
	if _, err := ws.ResolveArticle("zzz"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown: %v", err)
	}
	if _, err := ws.ResolveArticle(""); !errors.Is(err, ErrInvalid) {
		t.Errorf("empty: %v", err)
	}
}

func TestTagMergeDeleteMove(t *testing.T) {
	ws := openTemp(t)
	art := addText(t, ws, "Geneva", sampleText)
	mk := func(name, parent string, hotkey int) string {
		tag, _, err := ws.CreateTag(TagDraft{Name: name, ParentID: parent, Hotkey: hotkey})
		if err != nil {
			t.Fatal(err)
		}
		return tag.ID
	}
	econ := mk("Economy", "", 0)
	oil := mk("Oil", econ, 0)
	sanc := tagID(t, ws, "Sanctions & frozen assets")
	sancOil := mk("oil", sanc, 0)
	sancGas := mk("Gas", sanc, 0)
	a1 := annotateQuote(t, ws, art.ID, "energy infrastructure", "Sanctions & frozen assets/oil")
	a2 := annotateQuote(t, ws, art.ID, "Geneva", "Economy/Oil", "Sanctions & frozen assets/oil")
	a3 := annotateQuote(t, ws, art.ID, "Tuesday", "Sanctions & frozen assets")

	// Merging Sanctions into Economy: "oil" merges into "Oil", "Gas" moves, annotations follow.
	if _, err := ws.MergeTag(sanc, econ); err != nil {
		t.Fatal(err)
	}
	cb, _ := ws.Codebook()
	if _, ok := cb.Tag(sancOil); ok {
		t.Fatal("the same-named child was not merged")
	}
	if g, _ := cb.Tag(sancGas); g.ParentID != econ {
		t.Fatalf("Gas not moved under Economy: %+v", g)
	}
	if got, _ := ws.Annotation(a1.ID); len(got.TagIDs) != 1 || got.TagIDs[0] != oil {
		t.Fatalf("a1 tags %v", got.TagIDs)
	}
	if got, _ := ws.Annotation(a2.ID); len(got.TagIDs) != 1 || got.TagIDs[0] != oil {
		t.Fatalf("a2 tags %v (a tag twice?)", got.TagIDs)
	}
	if got, _ := ws.Annotation(a3.ID); len(got.TagIDs) != 1 || got.TagIDs[0] != econ {
		t.Fatalf("a3 tags %v", got.TagIDs)
	}
	checkConsistent(t, ws)

	// Deleting Economy: refused unless the caller allows deleting the annotation that
	// has only this tag; then children move up and the annotation goes with it.
	rev := ws.Revision()
	_, err := ws.DeleteTagChecked(econ, TagDeletion{})
	var would *AnnotationsWouldBeDeletedError
	if !errors.As(err, &would) || would.Count != 1 || ws.Revision() != rev {
		t.Fatalf("unconfirmed delete: %v", err)
	}
	res, err := ws.DeleteTag(econ, "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.Label, "1 annotation that had only this tag") {
		t.Fatalf("label %q", res.Label)
	}
	if _, err := ws.Annotation(a3.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a3 should be gone: %v", err)
	}
	cb, _ = ws.Codebook()
	if o, _ := cb.Tag(oil); o.ParentID != "" {
		t.Fatalf("Oil should be at the top level: %+v", o)
	}
	checkConsistent(t, ws)
	// Deleting with a replacement keeps annotations.
	if _, err := ws.DeleteTag(oil, tagID(t, ws, "Energy attacks")); err != nil {
		t.Fatal(err)
	}
	if got, _ := ws.Annotation(a1.ID); got.TagIDs[0] != tagID(t, ws, "Energy attacks") {
		t.Fatalf("a1 tags %v", got.TagIDs)
	}
	// Undo three times brings back the codebook and annotations exactly.
	for i := 0; i < 3; i++ {
		if _, err := ws.Undo(); err != nil {
			t.Fatal(err)
		}
	}
	cb, _ = ws.Codebook()
	if s, ok := cb.Tag(sancOil); !ok || s.ParentID != sanc {
		t.Fatal("undo of the merge did not bring back the child")
	}
	if got, _ := ws.Annotation(a3.ID); len(got.TagIDs) != 1 || got.TagIDs[0] != sanc {
		t.Fatalf("a3 after undo %+v", got)
	}
	checkConsistent(t, ws)

	// A hotkey moves between tags; merging hands it over.
	k := mk("Keyed", "", 7)
	if _, err := ws.SetTagHotkey(oil, 7); err != nil {
		t.Fatal(err)
	}
	cb, _ = ws.Codebook()
	if x, _ := cb.ByHotkey(7); x.ID != oil {
		t.Fatal("hotkey not moved")
	}
	if x, _ := cb.Tag(k); x.Hotkey != 0 {
		t.Fatal("old holder kept the hotkey")
	}
	if _, err := ws.MergeTag(oil, k); err != nil {
		t.Fatal(err)
	}
	cb, _ = ws.Codebook()
	if x, _ := cb.ByHotkey(7); x.ID != k {
		t.Fatalf("merge did not hand over the hotkey: %+v", x)
	}
	checkConsistent(t, ws)
}

func TestNewTagsGetDistinctColours(t *testing.T) {
	ws := openTemp(t)
	seen := map[string]int{}
	for i := 0; i < len(Palette); i++ {
		tag, _, err := ws.CreateTag(TagDraft{Name: "Tag " + string(rune('A'+i))})
		if err != nil {
			t.Fatal(err)
		}
		seen[tag.Color]++
	}
	cb, _ := ws.Codebook()
	uses := map[string]int{}
	for _, tag := range cb.Tags() {
		uses[tag.Color]++
	}
	lo, hi := 1<<30, 0
	for _, c := range Palette {
		lo, hi = min(lo, uses[c]), max(hi, uses[c])
	}
	if hi-lo > 1 {
		t.Fatalf("palette use is uneven: %v", uses)
	}
}

func TestAddSamples(t *testing.T) {
	ws := openTemp(t)
	if err := ws.AddSamples(); err != nil {
		t.Fatal(err)
	}
	list, err := ws.Articles()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 3 {
		t.Fatalf("%d sample articles", len(list))
	}
	for _, s := range list {
		if s.Annotations < 2 {
			t.Errorf("%s has %d annotations", s.Title, s.Annotations)
		}
		art, _ := ws.Article(s.ID)
		anns, _ := ws.Annotations(s.ID)
		for _, a := range anns {
			if got := Slice(art.Text, a.Start, a.End); got != a.Exact || a.State != Anchored {
				t.Errorf("%s: text[%d:%d] = %q, exact %q", s.Title, a.Start, a.End, got, a.Exact)
			}
		}
	}
	checkConsistent(t, ws)
}

func TestConcurrentCommandsAndReaders(t *testing.T) {
	ws := openTemp(t)
	art := addText(t, ws, "Geneva", sampleText)
	tag := tagID(t, ws, "Corruption")
	ix := &recordingIndexer{}
	ws.SetIndexer(ix)
	start := ws.Revision()
	const writers, each = 4, 15
	errs := make(chan error, writers*each+writers)
	done := make(chan bool)
	go func() { // a reader sees consistent snapshots while commands run
		for {
			select {
			case <-done:
				return
			default:
			}
			anns, err := ws.Annotations(art.ID)
			list, _ := ws.Articles()
			if err == nil && len(list) == 1 && list[0].Annotations < len(anns) {
				errs <- errors.New("article count behind its annotations in one snapshot")
			}
		}
	}()
	finished := make(chan bool)
	for w := 0; w < writers; w++ {
		go func(w int) {
			for i := 0; i < each; i++ {
				if _, _, err := ws.Annotate(AnnotationDraft{ArticleID: art.ID, Start: i, End: i + 5 + w, TagIDs: []string{tag}}); err != nil {
					errs <- err
				}
			}
			finished <- true
		}(w)
	}
	for w := 0; w < writers; w++ {
		<-finished
	}
	close(done)
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if _, n := ws.Counts(); n != writers*each {
		t.Fatalf("%d annotations", n)
	}
	if ws.Revision() != start+writers*each || len(ix.revs) != writers*each {
		t.Fatalf("revision %d, index told %d times", ws.Revision(), len(ix.revs))
	}
	for i, r := range ix.revs { // the index sees changes in store order
		if r != start+uint64(i)+1 {
			t.Fatalf("index revisions out of order: %v", ix.revs)
		}
	}
	checkConsistent(t, ws)
}

// The same author annotating the same span with the same tags and note again is refused
// with the existing id; another author, another note or other tags make another annotation.
func TestAnnotateRefusesTheSameAnnotationTwice(t *testing.T) {
	ws := openTemp(t)
	art := addText(t, ws, "Geneva", sampleText)
	talks := tagID(t, ws, "Corruption")
	energy := tagID(t, ws, "Energy attacks")
	first, _, err := ws.Annotate(AnnotationDraft{ArticleID: art.ID, Start: 0, End: 6, TagIDs: []string{talks, energy}, Note: "n"})
	if err != nil {
		t.Fatal(err)
	}
	rev := ws.Revision()
	_, _, err = ws.Annotate(AnnotationDraft{ArticleID: art.ID, Start: 0, End: 6, TagIDs: []string{energy, talks}, Note: " n "})
	var dup *DuplicateAnnotationError
	if !errors.As(err, &dup) || dup.ExistingID != first.ID || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), first.ID) {
		t.Fatalf("second identical annotation: %v", err)
	}
	if ws.Revision() != rev {
		t.Fatal("a refused annotation changed the store")
	}
	for _, d := range []AnnotationDraft{
		{ArticleID: art.ID, Start: 0, End: 6, TagIDs: []string{talks}, Note: "n"},
		{ArticleID: art.ID, Start: 0, End: 6, TagIDs: []string{talks, energy}, Note: "another"},
		{ArticleID: art.ID, Start: 0, End: 7, TagIDs: []string{talks, energy}, Note: "n"},
	} {
		if _, _, err := ws.Annotate(d); err != nil {
			t.Errorf("%+v: %v", d, err)
		}
	}
	if err := ws.SetAuthor("colleague"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ws.Annotate(AnnotationDraft{ArticleID: art.ID, Start: 0, End: 6, TagIDs: []string{talks, energy}, Note: "n"}); err != nil {
		t.Errorf("another author's identical annotation: %v", err)
	}
}

func TestEditAnnotation(t *testing.T) {
	ws := openTemp(t)
	art := addText(t, ws, "Geneva", sampleText)
	a := annotateQuote(t, ws, art.ID, "ceasefire proposal", "Corruption")
	corruption, energy, talks := tagID(t, ws, "Corruption"), tagID(t, ws, "Energy attacks"), tagID(t, ws, "Ceasefire & negotiations")
	note := "Two sources"
	res, err := ws.EditAnnotation(a.ID, AnnotationEdit{AddTags: []string{energy, talks}, RemoveTags: []string{corruption}, Note: &note})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := ws.Annotation(a.ID)
	if !sameTagSet(got.TagIDs, []string{energy, talks}) || got.Note != note || !got.Modified.After(a.Modified) {
		t.Fatalf("after edit: %+v", got)
	}
	if want := "Edited annotation (added 'Energy attacks', 'Ceasefire & negotiations', removed 'Corruption', edited the note) on “ceasefire proposal” in 'Geneva'"; res.Label != want {
		t.Errorf("label %q, want %q", res.Label, want)
	}
	if _, err := ws.Undo(); err != nil {
		t.Fatal(err)
	}
	if back, _ := ws.Annotation(a.ID); !sameTagSet(back.TagIDs, []string{corruption}) || back.Note != "" {
		t.Errorf("one undo left %+v", back)
	}
	rev := ws.Revision()
	for name, e := range map[string]AnnotationEdit{
		"remove the last tag":   {RemoveTags: []string{corruption}},
		"add a tag it has":      {AddTags: []string{corruption}},
		"remove a tag it lacks": {RemoveTags: []string{energy}},
		"nothing":               {},
		"unknown tag":           {SetTags: []string{"no-such-tag"}},
	} {
		if _, err := ws.EditAnnotation(a.ID, e); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if ws.Revision() != rev {
		t.Error("a refused edit changed the store")
	}
	if got, err := ws.ResolveAnnotation(a.ID[:8]); err != nil || got.ID != a.ID {
		t.Errorf("resolve by prefix: %v %v", got.ID, err)
	}
}
