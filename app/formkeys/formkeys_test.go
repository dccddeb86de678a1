package formkeys

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestFirstEntryFocusedAndEnterSubmits(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel("behind"))
	w.Resize(fyne.NewSize(600, 400))
	multi := widget.NewMultiLineEntry()
	name, other := widget.NewEntry(), widget.NewEntry()
	name.SetText("Old name")
	items := []*widget.FormItem{widget.NewFormItem("Text", multi), widget.NewFormItem("Name", name), widget.NewFormItem("Other", other)}
	submitted := 0
	d := dialog.NewForm("Rename", "Rename", "Cancel", items, func(ok bool) {
		if ok {
			submitted++
		}
	}, w)
	d.Show()
	if got := Wire(w, d, items); got != name {
		t.Fatalf("focused %v, want the first one-line entry", got)
	}
	if w.Canvas().Focused() != name {
		t.Fatalf("canvas focus %v", w.Canvas().Focused())
	}
	// The old text is selected: typing replaces it, as the real window's keys would.
	test.Type(name, "New")
	if name.Text != "New" {
		t.Fatalf("typing over the selected text gave %q", name.Text)
	}
	w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if submitted != 1 {
		t.Fatalf("Enter submitted %d times", submitted)
	}
	if multi.OnSubmitted != nil {
		t.Fatal("a multi-line entry must keep Enter for new lines")
	}
}
