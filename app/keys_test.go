package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/app/uikit"
)

// pressRune delivers a typed character the way the GLFW driver does (processCharInput):
// to the focused widget, else to the canvas's OnTypedRune.
func pressRune(w fyne.Window, r rune) {
	if f := w.Canvas().Focused(); f != nil {
		f.TypedRune(r)
		return
	}
	if on := w.Canvas().OnTypedRune(); on != nil {
		on(r)
	}
}

// annotateQuote makes an annotation with one tag through the command layer.
func annotateQuote(t *testing.T, wb *Workbench, art annotate.Article, quote, tagName string) annotate.Annotation {
	t.Helper()
	start, end, err := wb.ws.FindQuote(art.ID, quote, 1)
	if err != nil {
		t.Fatal(err)
	}
	cb, _ := wb.ws.Codebook()
	tag, _ := cb.Resolve(tagName)
	a, _, err := wb.ws.Annotate(annotate.AnnotationDraft{ArticleID: art.ID, Start: start, End: end, TagIDs: []string{tag.ID}})
	if err != nil {
		t.Fatal(err)
	}
	wb.refreshAfterChange("")
	return a
}

// In the note entry Ctrl+Z and Ctrl+Shift+Z (and Ctrl+Y) act on the note's text: the
// menu's Redo item must not redo a workspace change while the user types a note.
func TestUndoRedoKeysInNoteEntryActOnItsText(t *testing.T) {
	wb := newTestWorkbench(t)
	art := openByTitle(t, wb, "Overnight strikes")
	undone := annotateQuote(t, wb, art, "rolling blackouts", "Energy attacks")
	wb.Undo() // a workspace redo is now possible
	if _, err := wb.ws.Annotation(undone.ID); err == nil {
		t.Fatal("undo left the annotation")
	}
	wb.SelectAnnotation(wb.annotations[0].ID, false)
	note := wb.editor.Note()
	wb.Window().Canvas().Focus(note)
	note.SetText("")
	note.TypedRune('a')
	note.TypedRune('b')
	ctrl := fyne.KeyModifierControl
	steps := []struct {
		key  fyne.KeyName
		mod  fyne.KeyModifier
		want string
	}{
		{fyne.KeyZ, ctrl, ""},
		{fyne.KeyZ, ctrl | fyne.KeyModifierShift, "ab"},
		{fyne.KeyZ, ctrl, ""},
		{fyne.KeyY, ctrl, "ab"},
	}
	for i, st := range steps {
		pressShortcut(wb.Window(), st.key, st.mod)
		if note.Text != st.want {
			t.Fatalf("step %d: note text %q, want %q", i, note.Text, st.want)
		}
		if _, err := wb.ws.Annotation(undone.ID); err == nil {
			t.Fatalf("step %d: a key meant for the note redid the workspace change", i)
		}
	}
	// With the keyboard back on the reader the same keys reach the workspace.
	wb.Window().Canvas().Focus(wb.Reader())
	pressShortcut(wb.Window(), fyne.KeyZ, ctrl|fyne.KeyModifierShift)
	if _, err := wb.ws.Annotation(undone.ID); err != nil {
		t.Fatalf("Ctrl+Shift+Z on the reader did not redo: %v", err)
	}
}

// After a click on the annotation list or the palette nothing has the keyboard: the
// digits still tag (the editor's annotation without a selection) and Ctrl+A still
// selects the article.
func TestHotkeysWithNothingFocused(t *testing.T) {
	wb := newTestWorkbench(t)
	art := openByTitle(t, wb, "Overnight strikes")
	a := annotateQuote(t, wb, art, "rolling blackouts", "Energy attacks")
	wb.SelectAnnotation(a.ID, false)
	wb.Window().Canvas().Unfocus()
	tag, ok := wb.codebook.ByHotkey(4)
	if !ok {
		t.Fatal("no tag on hotkey 4")
	}
	pressRune(wb.Window(), '4')
	got, err := wb.ws.Annotation(a.ID)
	if err != nil || !got.HasTag(tag.ID) {
		t.Fatalf("digit with nothing focused: tags %v, want %s added (status %q)", got.TagIDs, tag.Name, wb.status.message.Text)
	}

	wb.Window().Canvas().Unfocus()
	pressShortcut(wb.Window(), fyne.KeyA, fyne.KeyModifierControl)
	if s, e := wb.reader.Selection(); s != 0 || e != len(wb.reader.Text()) {
		t.Fatalf("Ctrl+A with nothing focused selected [%d,%d) of %d", s, e, len(wb.reader.Text()))
	}
	_, anns := wb.ws.Counts()
	pressRune(wb.Window(), '3')
	if _, n := wb.ws.Counts(); n != anns+1 {
		t.Fatalf("Ctrl+A then 3: %d annotations, want %d", n, anns+1)
	}

	// On the Overview a digit must not tag the hidden reader's selection.
	wb.ShowOverview()
	wb.Window().Canvas().Unfocus()
	_, anns = wb.ws.Counts()
	pressRune(wb.Window(), '5')
	if _, n := wb.ws.Counts(); n != anns {
		t.Fatal("a digit on the Overview tagged text")
	}
}

// The codebook window has no menu: Ctrl+Z, Ctrl+Y and Ctrl+Shift+Z undo and redo there
// too, and Ctrl+W closes it.
func TestCodebookWindowKeys(t *testing.T) {
	wb := newTestWorkbench(t)
	wb.showCodebook()
	cw := wb.codebookWin
	cb, _ := wb.ws.Codebook()
	tag, _ := cb.Resolve("Energy attacks")
	if _, err := wb.ws.RenameTag(tag.ID, "Strikes on energy"); err != nil {
		t.Fatal(err)
	}
	name := func() string {
		cb, _ := wb.ws.Codebook()
		t, _ := cb.Tag(tag.ID)
		return t.Name
	}
	cw.Canvas().Unfocus()
	ctrl := fyne.KeyModifierControl
	steps := []struct {
		key  fyne.KeyName
		mod  fyne.KeyModifier
		want string
	}{
		{fyne.KeyZ, ctrl, "Energy attacks"},
		{fyne.KeyY, ctrl, "Strikes on energy"},
		{fyne.KeyZ, ctrl, "Energy attacks"},
		{fyne.KeyZ, ctrl | fyne.KeyModifierShift, "Strikes on energy"},
	}
	for i, st := range steps {
		pressShortcut(cw, st.key, st.mod)
		if got := name(); got != st.want {
			t.Fatalf("step %d: tag named %q, want %q", i, got, st.want)
		}
	}
	pressShortcut(cw, fyne.KeyW, ctrl)
	if wb.codebookWin != nil {
		t.Fatal("Ctrl+W left the codebook window open")
	}
}

// A click on a row of the annotation list focuses the List (as in the real driver) and
// List drops typed runes: the digits must still tag the annotation open in the editor.
func TestHotkeyAfterClickOnAnnotationList(t *testing.T) {
	wb := newTestWorkbench(t)
	art := openByTitle(t, wb, "Overnight strikes")
	a := annotateQuote(t, wb, art, "rolling blackouts", "Energy attacks")
	annotateQuote(t, wb, art, "rolling blackouts", "Corruption") // the same twice would be refused
	wb.reader.Select(0, 0)
	c := wb.Window().Canvas()
	// Click the first row like a mouse: the driver focuses the List, then it selects.
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(wb.notes.Object())
	test.TapCanvas(c, pos.Add(fyne.NewPos(40, 12)))
	a, ok := wb.annotation(wb.editor.ID())
	if !ok {
		t.Fatal("the click opened no annotation")
	}
	if _, ok := c.Focused().(*uikit.KeyList); !ok {
		t.Fatalf("focus after the click: %T", c.Focused())
	}
	tag, _ := wb.codebook.ByHotkey(4)
	pressRune(wb.Window(), '4')
	got, _ := wb.ws.Annotation(a.ID)
	if a.HasTag(tag.ID) || !got.HasTag(tag.ID) {
		t.Fatalf("digit after a click on the list: tags %v (status %q)", got.TagIDs, wb.status.message.Text)
	}
}
