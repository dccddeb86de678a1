package app

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// findInOverlay returns the first object of the top overlay (a dialog) that ok accepts.
func findInOverlay(t *testing.T, wb *Workbench, ok func(fyne.CanvasObject) bool) fyne.CanvasObject {
	t.Helper()
	if f := searchOverlay(t, wb, ok); f != nil {
		return f
	}
	t.Fatal("not found in the dialog")
	return nil
}

func searchOverlay(t *testing.T, wb *Workbench, ok func(fyne.CanvasObject) bool) fyne.CanvasObject {
	t.Helper()
	top := wb.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog is shown")
	}
	var walk func(o fyne.CanvasObject) fyne.CanvasObject
	walk = func(o fyne.CanvasObject) fyne.CanvasObject {
		if ok(o) {
			return o
		}
		var kids []fyne.CanvasObject
		switch c := o.(type) {
		case *fyne.Container:
			kids = c.Objects
		case fyne.Widget:
			kids = test.WidgetRenderer(c).Objects()
		}
		for _, k := range kids {
			if f := walk(k); f != nil {
				return f
			}
		}
		return nil
	}
	return walk(top)
}

func button(label string) func(fyne.CanvasObject) bool {
	return func(o fyne.CanvasObject) bool { b, ok := o.(*widget.Button); return ok && b.Text == label }
}

func TestEditAndDeleteArticleInTheWindow(t *testing.T) {
	wb := newTestWorkbench(t)
	art := wb.current
	if art.ID == "" {
		t.Fatal("no article open")
	}
	menu := wb.library.MenuItems(art.ID)
	if len(menu) < 2 || menu[0].Label != "Edit details…" || menu[len(menu)-1].Label != "Delete article…" {
		t.Fatalf("library context menu %v", menu)
	}

	// Edit: the form is filled with the article's details; a bad date is refused with
	// the form kept, a good one saved.
	menu[0].Action()
	var entries []*widget.Entry
	searchOverlay(t, wb, func(o fyne.CanvasObject) bool {
		if e, ok := o.(*widget.Entry); ok {
			entries = append(entries, e)
		}
		return false
	})
	if len(entries) != 6 || entries[0].Text != art.Title {
		t.Fatalf("edit form entries %d, first %q", len(entries), entries[0].Text)
	}
	entries[1].SetText("Reuters")
	entries[3].SetText("24/11/2025 please")
	test.Tap(findInOverlay(t, wb, button("Save")).(*widget.Button))
	problem := findInOverlay(t, wb, func(o fyne.CanvasObject) bool {
		l, ok := o.(*widget.Label)
		return ok && l.Visible() && l.Importance == widget.DangerImportance
	}).(*widget.Label)
	if problem.Text == "" {
		t.Fatal("a bad date was not explained")
	}
	entries[3].SetText("2025-11-24")
	test.Tap(findInOverlay(t, wb, button("Save")).(*widget.Button))
	got, _ := wb.ws.Article(art.ID)
	if got.Source != "Reuters" || !got.Published.Equal(time.Date(2025, 11, 24, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("saved %q %v", got.Source, got.Published)
	}
	if wb.header.meta.Text == "" || wb.current.Source != "Reuters" {
		t.Fatalf("the header shows %q", wb.header.meta.Text)
	}

	// Delete from the header's button, confirmed; undo brings it back with its annotations.
	anns, _ := wb.ws.Annotations(art.ID)
	test.Tap(wb.header.remove)
	test.Tap(findInOverlay(t, wb, button("Delete")).(*widget.Button))
	if _, err := wb.ws.Article(art.ID); err == nil {
		t.Fatal("the article was not deleted")
	}
	if wb.current.ID == art.ID {
		t.Fatal("the reader still shows the deleted article")
	}
	wb.Undo()
	if back, _ := wb.ws.Annotations(art.ID); len(back) != len(anns) {
		t.Fatalf("undo brought back %d annotations, want %d", len(back), len(anns))
	}
	if _, err := wb.ws.Article(art.ID); err != nil {
		t.Fatal(err)
	}
}
