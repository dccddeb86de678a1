package rightpanel

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// part is a stand-in palette or list of a given size.
type part struct {
	obj          *canvas.Rectangle
	wantH, wantW float32
}

func (p part) Object() fyne.CanvasObject { return p.obj }
func (p part) WantHeight() float32       { return p.wantH }
func (p part) WantWidth() float32        { return p.wantW }
func (p part) FirstRowHeight() float32   { return 60 }
func newPart(wantH, wantW float32) part {
	return part{obj: canvas.NewRectangle(nil), wantH: wantH, wantW: wantW}
}

func TestWantWidthBounds(t *testing.T) {
	for _, tc := range []struct {
		names, window, want float32
	}{
		{100, 2000, MinWidth},
		{380, 2000, 380},
		{900, 2000, MaxWidth},
		{380, 1400, 1400 * NarrowShare},
		{380, 900, 900 * NarrowShare},
		{380, 500, NarrowWidth},
		{380, 0, 380},
	} {
		p := New(newPart(100, tc.names), widget.NewLabel(""), newPart(0, 0), func() float32 { return tc.window })
		if got := p.WantWidth(tc.window); got != tc.want {
			t.Errorf("names %v, window %v: width %v, want %v", tc.names, tc.window, got, tc.want)
		}
	}
}

// The divider shows the whole palette and keeps it while an editor is open (a tall
// editor scrolls below it); a drag stands.
func TestDividerFollowsEditorUntilDragged(t *testing.T) {
	test.NewTempApp(t)
	editor := canvas.NewRectangle(nil)
	editor.SetMinSize(fyne.NewSize(100, 300))
	editor.Hide()
	p := New(newPart(300, 200), editor, newPart(0, 0), func() float32 { return 1400 })
	w := test.NewTempWindow(t, p.Beside(widget.NewLabel("centre")))
	w.Resize(fyne.NewSize(1400, 800))
	closed := p.Divider().Offset
	if closed < 0.3 || closed > 0.6 {
		t.Fatalf("palette of 300 px in an 800 px panel: offset %v", closed)
	}
	editor.Show()
	p.Refit()
	if open := p.Divider().Offset; open != closed {
		t.Fatalf("offset %v with an editor that fits open, %v closed: the codebook lost height", open, closed)
	}
	editor.SetMinSize(fyne.NewSize(100, 600))
	p.Refit()
	if open := p.Divider().Offset; open != closed {
		t.Fatalf("offset %v with a tall editor open, %v closed: the codebook lost height", open, closed)
	}
	// The tall editor scrolls in the lower pane, which it fills.
	scroll := p.bottom.Objects[0]
	if h, lower := scroll.Size().Height, p.bottom.Size().Height; h != lower || h >= 600 {
		t.Fatalf("editor scroll %v px high in a %v px pane", h, lower)
	}
	editor.Hide()
	p.Refit()
	if p.Divider().Offset != closed {
		t.Fatalf("offset %v after the editor closed, want %v", p.Divider().Offset, closed)
	}
	p.Divider().SetOffset(0.42)
	editor.Show()
	p.Refit()
	w.Resize(fyne.NewSize(1400, 780))
	if p.Divider().Offset != 0.42 {
		t.Fatalf("offset %v after the analyst chose 0.42", p.Divider().Offset)
	}
	// The centre divider leaves the panel the width its names want.
	if got := p.Object().Size().Width; got < MinWidth-1 || got > MinWidth+20 {
		t.Errorf("panel %v px wide, names want %v", got, MinWidth)
	}
}

// AddTab turns the annotation list into the first tab of the lower pane; the editor stays
// above both.
func TestAddTabBesideTheList(t *testing.T) {
	test.NewTempApp(t)
	editor := canvas.NewRectangle(nil)
	editor.SetMinSize(fyne.NewSize(100, 120))
	list := newPart(0, 0)
	p := New(newPart(300, 200), editor, list, func() float32 { return 1400 })
	extra := widget.NewLabel("suggestions")
	item := p.AddTab("Suggestions", extra)
	w := test.NewTempWindow(t, p.Beside(widget.NewLabel("centre")))
	w.Resize(fyne.NewSize(1400, 800))
	tabs := p.Tabs()
	if tabs == nil || len(tabs.Items) != 2 || tabs.Items[0].Content != list.Object() || tabs.Items[1] != item || p.bottom.Objects[1] != tabs {
		t.Fatal("the lower pane is not the list and the new tab")
	}
	if tabs.Items[0].Text != "Annotations" || tabs.Selected() != tabs.Items[0] {
		t.Fatalf("first tab %q, selected %q", tabs.Items[0].Text, tabs.Selected().Text)
	}
	p.ShowTab(item)
	if tabs.Selected() != item || !extra.Visible() {
		t.Fatal("ShowTab did not bring the tab to the front")
	}
	// The editor opens above the tabs, which keep the rest of the pane.
	p.Refit()
	if top, below := p.bottom.Objects[0].Size().Height, tabs.Position().Y; top != 120 || below != 120 {
		t.Fatalf("editor %v px high, tabs at %v", top, below)
	}
	p.ShowAnnotations()
	if tabs.Selected() != tabs.Items[0] {
		t.Fatal("ShowAnnotations did not bring the list to the front")
	}
}
