package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"gloss.app/gloss/annotate"
)

// pressShortcut delivers a key combination the way the GLFW driver does
// (internal/driver/glfw/window.go, triggersShortcut): Ctrl+Z, Ctrl+Y, Ctrl+C, Ctrl+A …
// become Fyne's standard shortcuts, other combinations custom ones; the main menu is
// asked first (by shortcut name), then the focused widget, else the canvas.
func pressShortcut(w fyne.Window, key fyne.KeyName, mod fyne.KeyModifier) {
	var sc fyne.Shortcut
	if mod == fyne.KeyModifierControl {
		switch key {
		case fyne.KeyZ:
			sc = &fyne.ShortcutUndo{}
		case fyne.KeyY:
			sc = &fyne.ShortcutRedo{}
		case fyne.KeyA:
			sc = &fyne.ShortcutSelectAll{}
		}
	}
	if sc == nil {
		sc = &desktop.CustomShortcut{KeyName: key, Modifier: mod}
	}
	if m := w.MainMenu(); m != nil {
		for _, menu := range m.Items {
			for _, it := range menu.Items {
				if it.Shortcut != nil && it.Shortcut.ShortcutName() == sc.ShortcutName() && it.Action != nil {
					it.Action()
					return
				}
			}
		}
	}
	if f, ok := w.Canvas().Focused().(fyne.Shortcutable); ok {
		f.TypedShortcut(sc)
		return
	}
	w.Canvas().(fyne.Shortcutable).TypedShortcut(sc)
}

// Ctrl+Z, Ctrl+Y and Ctrl+Shift+Z undo and redo with the reader focused or nothing focused.
func TestUndoRedoKeysReachTheWorkspace(t *testing.T) {
	for _, focusReader := range []bool{true, false} {
		wb := newTestWorkbench(t)
		art := openByTitle(t, wb, "Overnight strikes")
		start, end, err := wb.ws.FindQuote(art.ID, "rolling blackouts", 1)
		if err != nil {
			t.Fatal(err)
		}
		cb, _ := wb.ws.Codebook()
		tag, _ := cb.Resolve("Energy attacks")
		ann, _, err := wb.ws.Annotate(annotate.AnnotationDraft{ArticleID: art.ID, Start: start, End: end, TagIDs: []string{tag.ID}})
		if err != nil {
			t.Fatal(err)
		}
		if focusReader {
			wb.Window().Canvas().Focus(wb.Reader())
		} else {
			wb.Window().Canvas().Unfocus()
		}
		ctrl := fyne.KeyModifierControl
		steps := []struct {
			key     fyne.KeyName
			mod     fyne.KeyModifier
			present bool
		}{
			{fyne.KeyZ, ctrl, false},
			{fyne.KeyY, ctrl, true},
			{fyne.KeyZ, ctrl, false},
			{fyne.KeyZ, ctrl | fyne.KeyModifierShift, true},
		}
		for i, st := range steps {
			pressShortcut(wb.Window(), st.key, st.mod)
			_, err := wb.ws.Annotation(ann.ID)
			if (err == nil) != st.present {
				t.Fatalf("focus on reader %v, step %d (%s): annotation present %v, want %v; status %q",
					focusReader, i, st.key, err == nil, st.present, wb.status.message.Text)
			}
		}
		if !strings.HasPrefix(wb.status.message.Text, "Redid") {
			t.Fatalf("status %q", wb.status.message.Text)
		}
	}
}
