package annotations

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"gloss.app/gloss/app/textfit"
)

// The editor's tag chips take the width their names need, up to the panel's width: a
// 22-character cut showed "Battlefield developmen…" with room to spare; in a narrow
// panel the long name ends in an ellipsis inside it.
func TestEditorChipFitsPanel(t *testing.T) {
	test.NewTempApp(t)
	e := NewEditor(EditorActions{})
	w := test.NewTempWindow(t, e.Object())
	w.Resize(fyne.NewSize(420, 700))
	e.Show(ann("a", "", "energy", "long"), testCodebook())
	check := func(width float32) {
		t.Helper()
		w.Resize(fyne.NewSize(width, 700))
		panel := e.ChipsWidth()
		chips := e.Chips()
		if len(chips) != 2 {
			t.Fatalf("%d chips, want 2", len(chips))
		}
		for _, c := range chips {
			c.Refresh()
			need := fyne.MeasureText(c.Name(), theme.CaptionTextSize(), fyne.TextStyle{}).Width + 2*chipPadX
			fits := need <= panel-40 // the remove button beside it
			switch {
			case fits && c.Text() != c.Name():
				t.Errorf("%v px: chip shows %q, the panel (%v px) has room for %q", width, c.Text(), panel, c.Name())
			case !fits && !strings.HasSuffix(c.Text(), textfit.Ellipsis):
				t.Errorf("%v px: chip shows %q, too wide for the %v px panel without an ellipsis", width, c.Text(), panel)
			}
			if c.Size().Width > panel+0.5 {
				t.Errorf("%v px: chip %q is %v px wide, the panel %v", width, c.Name(), c.Size().Width, panel)
			}
		}
	}
	check(420)
	check(200)
	if min := e.Object().MinSize().Width; min > 260 {
		t.Errorf("a long chip makes the editor ask for %v px", min)
	}
}

// The editor asks for each change; a note typed for one annotation is saved when
// another is opened; Delete hides it before asking.
func TestEditorActions(t *testing.T) {
	test.NewTempApp(t)
	var did []string
	var toggles int
	e := NewEditor(EditorActions{
		AddTag:    func(a, tag string) { did = append(did, "add "+a+" "+tag) },
		RemoveTag: func(a, tag string) { did = append(did, "remove "+a+" "+tag) },
		SaveNote:  func(a, note string) { did = append(did, "note "+a+" "+note) },
		Delete:    func(a string) { did = append(did, "delete "+a) },
		Toggled:   func() { toggles++ },
	})
	w := test.NewTempWindow(t, e.Object())
	w.Resize(fyne.NewSize(400, 700))
	cb := testCodebook()
	e.Show(ann("a", "old", "energy"), cb)
	if e.ID() != "a" || !e.Object().Visible() || e.Note().Text != "old" {
		t.Fatalf("shown %q, visible %v, note %q", e.ID(), e.Object().Visible(), e.Note().Text)
	}
	e.addTag.SetSelected(cb.Path("claims"))
	e.Note().SetText("new")
	e.Show(ann("b", "", "energy"), cb)
	e.Delete()
	want := []string{"add a claims", "note a new", "delete b"}
	if strings.Join(did, "|") != strings.Join(want, "|") {
		t.Fatalf("asked %q, want %q", did, want)
	}
	if e.ID() != "" || e.Object().Visible() || toggles != 3 {
		t.Fatalf("after delete: id %q, visible %v, %d toggles", e.ID(), e.Object().Visible(), toggles)
	}
	// A change the window made elsewhere: the editor follows it, or closes when it is gone.
	e.Show(ann("c", "", "energy"), cb)
	e.Refresh(ann("c", "typed elsewhere", "energy", "claims"), true, cb)
	if len(e.Chips()) != 2 || e.Note().Text != "typed elsewhere" {
		t.Fatalf("after refresh: %d chips, note %q", len(e.Chips()), e.Note().Text)
	}
	e.Refresh(ann("c", ""), false, cb)
	if e.ID() != "" || e.Object().Visible() {
		t.Fatal("the editor stayed open on an annotation that is gone")
	}
}
