package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/app/async"
	"gloss.app/gloss/app/reader"
)

func newTestWorkbench(t *testing.T) *Workbench {
	t.Helper()
	return newTestWorkbenchOn(t, test.NewTempApp(t))
}

// newTestWorkbenchOn is newTestWorkbench on app a: a serial app (newSerialApp) for a
// test whose window gets work done behind its back (an index repair), which it then
// touches inside onUI.
func newTestWorkbenchOn(t *testing.T, a fyne.App) *Workbench {
	t.Helper()
	ws, err := OpenWorkspace(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	// Every view's slow work runs in place, and a search waiting for a pause in typing
	// only when a test flushes: widgets are touched on the test goroutine alone.
	wb := NewWorkbench(a, ws, async.Inline())
	t.Cleanup(wb.Window().Close)
	t.Cleanup(func() { wb.Shutdown(time.Minute) })
	wb.Window().Resize(fyne.NewSize(1300, 800))
	reader.DoubleClickTime = 0 // every press is a first click unless a test says otherwise
	return wb
}

func click(r *reader.Reader, p fyne.Position) {
	ev := &desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: p}, Button: desktop.MouseButtonPrimary}
	r.MouseDown(ev)
	r.MouseUp(ev)
}

func dragSelect(r *reader.Reader, s, e int) {
	from, to := r.PositionOf(s), r.PositionOf(e)
	r.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: from}, Button: desktop.MouseButtonPrimary})
	r.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: to}, Dragged: fyne.NewDelta(to.X-from.X, to.Y-from.Y)})
	r.DragEnd()
	r.MouseUp(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: to}, Button: desktop.MouseButtonPrimary})
}

// openByTitle opens the library article whose title contains s.
func openByTitle(t *testing.T, wb *Workbench, s string) annotate.Article {
	for _, a := range wb.library.All() {
		if strings.Contains(a.Title, s) {
			wb.OpenArticle(a.ID)
			return wb.current
		}
	}
	t.Fatalf("no article titled %q", s)
	return annotate.Article{}
}

func TestOpensFirstArticleWithHighlights(t *testing.T) {
	wb := newTestWorkbench(t)
	if wb.current.ID == "" || len(wb.annotations) == 0 {
		t.Fatalf("no article open at start (%q, %d annotations)", wb.current.Title, len(wb.annotations))
	}
	if wb.notes.Len() != len(wb.annotations) {
		t.Fatalf("annotation list shows %d of %d", wb.notes.Len(), len(wb.annotations))
	}
	if !strings.Contains(wb.status.counts.Text, "3 articles") {
		t.Fatalf("status counts %q", wb.status.counts.Text)
	}
}

func TestDragHotkeyUndoRedo(t *testing.T) {
	wb := newTestWorkbench(t)
	art := openByTitle(t, wb, "Антикоруп")
	r := wb.Reader()
	quote := "бюро"
	bs := strings.Index(art.Text, quote)
	s := annotate.CodePointOffset(art.Text, bs)
	e := s + annotate.CodePoints(quote)
	before := len(wb.annotations)

	dragSelect(r, s, e+1) // a sloppy drag over the following space is trimmed
	if gs, ge := r.Selection(); gs != s || ge != e+1 {
		t.Fatalf("drag selected %d–%d, want %d–%d", gs, ge, s, e+1)
	}
	r.TypedRune('3')
	anns, _ := wb.ws.Annotations(art.ID)
	if len(anns) != before+1 {
		t.Fatalf("%d annotations after hotkey, want %d", len(anns), before+1)
	}
	var made annotate.Annotation
	for _, a := range anns {
		if a.Start == s {
			made = a
		}
	}
	tag3, _ := wb.codebook.ByHotkey(3)
	if made.Exact != quote || made.End != e || len(made.TagIDs) != 1 || made.TagIDs[0] != tag3.ID {
		t.Fatalf("annotation %+v, want %q tagged %s", made, quote, tag3.Name)
	}
	if msg := wb.status.message.Text; !strings.HasPrefix(msg, "Tagged '"+tag3.Name+"' on “") || !strings.HasSuffix(msg, "'. Undo with Ctrl+Z") {
		t.Fatalf("status %q", wb.status.message.Text)
	}
	// Another digit on the same selection adds a tag to the same annotation.
	r.TypedRune('5')
	a, _ := wb.ws.Annotation(made.ID)
	tag5, _ := wb.codebook.ByHotkey(5)
	if len(a.TagIDs) != 2 || a.TagIDs[1] != tag5.ID {
		t.Fatalf("tags after second digit: %v", a.TagIDs)
	}
	if n, _ := wb.ws.Annotations(art.ID); len(n) != before+1 {
		t.Fatalf("second digit created another annotation")
	}

	// Undo through the menu item removes the tag, then the annotation; redo brings it back.
	undo, redo := wb.MenuItem("Undo"), wb.MenuItem("Redo")
	if sc, ok := undo.Shortcut.(*desktop.CustomShortcut); !ok || sc.KeyName != fyne.KeyZ {
		t.Fatalf("Undo has no Ctrl+Z shortcut: %#v", undo.Shortcut)
	}
	undo.Action()
	undo.Action()
	if _, err := wb.ws.Annotation(made.ID); err == nil {
		t.Fatal("annotation still there after two undos")
	}
	if len(wb.annotations) != before {
		t.Fatalf("window shows %d annotations after undo, want %d", len(wb.annotations), before)
	}
	redo.Action()
	if _, err := wb.ws.Annotation(made.ID); err != nil {
		t.Fatalf("redo did not bring the annotation back: %v", err)
	}
	if !strings.HasPrefix(wb.status.message.Text, "Redid") {
		t.Fatalf("status %q", wb.status.message.Text)
	}
}

func TestUndoFollowsChangeToOtherArticle(t *testing.T) {
	wb := newTestWorkbench(t)
	first := openByTitle(t, wb, "Антикоруп")
	wb.Reader().Select(0, 10)
	wb.TagSelection(wb.codebook.Tags()[1].ID)
	openByTitle(t, wb, "Talks")
	wb.Undo()
	if wb.current.ID != first.ID {
		t.Fatalf("undo stayed on %q instead of showing %q", wb.current.Title, first.Title)
	}
	for _, a := range wb.annotations {
		if a.Start == 0 && a.End == 10 {
			t.Fatal("undone annotation still listed")
		}
	}
}

func TestClickHighlightOpensEditorAndOverlapChooser(t *testing.T) {
	wb := newTestWorkbench(t)
	r := wb.Reader()
	var target annotate.Annotation
	for _, a := range wb.annotations {
		if a.State == annotate.Anchored {
			target = a
			break
		}
	}
	click(r, r.PositionOf((target.Start+target.End)/2))
	if wb.editor.ID() != target.ID || !wb.editor.Object().Visible() {
		t.Fatalf("editor shows %q, want %q", wb.editor.ID(), target.ID)
	}
	// The editor changes the note through the command layer.
	wb.editor.Note().SetText("Checked against the operator's statement.")
	wb.editor.SaveNote()
	if a, _ := wb.ws.Annotation(target.ID); a.Note != "Checked against the operator's statement." {
		t.Fatalf("note %q", a.Note)
	}
	// An overlapping annotation: a click on the overlap offers a chooser.
	_, _, err := wb.ws.Annotate(annotate.AnnotationDraft{ArticleID: wb.current.ID, Start: target.Start, End: target.End + 5, TagIDs: []string{wb.codebook.Tags()[0].ID}})
	if err != nil {
		t.Fatal(err)
	}
	wb.refreshAfterChange("")
	click(r, r.PositionOf(target.Start+1))
	pop := wb.chooser
	if pop == nil || !pop.Visible() || len(pop.Items) != 2 || wb.Window().Canvas().Overlays().Top() == nil {
		t.Fatalf("no chooser with two entries on the overlap: %#v", pop)
	}
	pop.Hide()
	// Delete from the editor, then undo.
	wb.SelectAnnotation(target.ID, true)
	wb.editor.Delete()
	if _, err := wb.ws.Annotation(target.ID); err == nil {
		t.Fatal("delete kept the annotation")
	}
	wb.Undo()
	if _, err := wb.ws.Annotation(target.ID); err != nil {
		t.Fatal("undo of delete failed")
	}
}

func TestPaletteClickTagsSelection(t *testing.T) {
	wb := newTestWorkbench(t)
	tag := wb.codebook.Tags()[2]
	wb.Reader().Select(5, 20)
	test.Tap(wb.palette.Row(tag.ID))
	found := false
	for _, a := range wb.annotations {
		if a.Start == 5 && a.End == 20 && a.HasTag(tag.ID) {
			found = true
		}
	}
	if !found {
		t.Fatal("clicking a palette tag did not annotate the selection")
	}
}

func TestImportFilesAndFoldersInBackground(t *testing.T) {
	wb := newTestWorkbench(t)
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "sub"), 0o755)
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("Перша тестова стаття\n\nТекст про обстріли."), 0o644)
	os.WriteFile(filepath.Join(dir, "sub", "b.md"), []byte("# Second test article\n\nBody text about talks."), 0o644)
	os.WriteFile(filepath.Join(dir, "sub", "skip.odt"), []byte("PK\x03\x04"), 0o644)
	empty := filepath.Join(t.TempDir(), "empty.txt")
	os.WriteFile(empty, []byte("  \n"), 0o644)
	done := make(chan struct{})
	wb.ImportPaths([]string{dir, empty}, func() { close(done) })
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("import did not finish")
	}
	if arts, _ := wb.ws.Counts(); arts != 5 {
		t.Fatalf("%d articles after import, want 5", arts)
	}
	if !strings.Contains(wb.status.message.Text, "Imported 2 articles") || !strings.Contains(wb.status.message.Text, "1 failed") {
		t.Fatalf("status %q", wb.status.message.Text)
	}
	titles := ""
	for _, a := range wb.library.All() {
		titles += a.Title + "|"
	}
	if !strings.Contains(titles, "Second test article|") || !strings.Contains(titles, "Перша тестова стаття|") {
		t.Fatalf("library titles %s", titles)
	}
	// One undo removes the whole import.
	wb.Undo()
	if arts, _ := wb.ws.Counts(); arts != 3 {
		t.Fatalf("%d articles after undoing the import", arts)
	}
}
