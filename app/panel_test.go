package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/app/palette"
)

// paletteNames returns each palette row's name label by tag id.
func paletteNames(wb *Workbench) map[string]*widget.Label {
	out := map[string]*widget.Label{}
	for _, t := range wb.codebook.Tags() {
		if l := wb.palette.NameLabel(t.ID); l != nil {
			out[t.ID] = l
		}
	}
	return out
}

// paletteTop is the palette's pane of the right panel's split.
func paletteTop(wb *Workbench) fyne.CanvasObject { return wb.right.Divider().Leading }

// At 1400×900 the whole default codebook shows in the palette, every name whole.
func TestPaletteShowsWholeCodebook(t *testing.T) {
	wb := newTestWorkbench(t)
	wb.Window().Resize(fyne.NewSize(1400, 900))
	wb.editor.Hide()
	names := paletteNames(wb)
	if len(names) != wb.codebook.Len() || len(names) < 13 {
		t.Fatalf("%d name labels for %d tags", len(names), wb.codebook.Len())
	}
	th := palette.Compact{}
	for id, l := range names {
		need := fyne.MeasureText(l.Text, th.Size(theme.SizeNameText), l.TextStyle).Width + 2*th.Size(theme.SizeNameInnerPadding)
		if l.Size().Width < need {
			t.Errorf("%q gets %v px, needs %v: it is cut", l.Text, l.Size().Width, need)
		}
		// The row lies inside the palette's pane.
		row := wb.palette.Row(id)
		bottom := absY(wb, row) + row.Size().Height
		if paneBottom := absY(wb, paletteTop(wb)) + paletteTop(wb).Size().Height; bottom > paneBottom {
			t.Errorf("%q ends at y %v, below the palette's pane (%v)", l.Text, bottom, paneBottom)
		}
	}
	// The annotation list still has room for a row.
	if h := wb.notes.Object().Size().Height; h < wb.notes.FirstRowHeight() {
		t.Errorf("annotation list %v px high, a row needs %v", h, wb.notes.FirstRowHeight())
	}
}

func absY(wb *Workbench, o fyne.CanvasObject) float32 {
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(o).Y
}

// The codebook keeps its height while an annotation is open (the editor takes the
// annotation list's room), and the divider keeps where the analyst drags it.
func TestRightPanelFollowsEditorUntilDragged(t *testing.T) {
	wb := newTestWorkbench(t)
	wb.Window().Resize(fyne.NewSize(1400, 900))
	wb.editor.Hide()
	closed := wb.right.Divider().Offset
	paletteHigh := wb.palette.Object().Size().Height
	wb.SelectAnnotation(wb.annotations[0].ID, false)
	if open := wb.right.Divider().Offset; open != closed || wb.palette.Object().Size().Height != paletteHigh {
		t.Fatalf("offset %v with the editor open, %v closed: the codebook list lost height", open, closed)
	}
	if wb.palette.Object().Size().Height < wb.palette.WantHeight()-1 {
		t.Fatalf("the codebook list is %v px high, its rows need %v", wb.palette.Object().Size().Height, wb.palette.WantHeight())
	}
	wb.editor.Hide()
	if wb.right.Divider().Offset != closed {
		t.Fatalf("offset %v after closing the editor, want %v", wb.right.Divider().Offset, closed)
	}
	// A drag (the split's offset set from outside) stands.
	wb.right.Divider().SetOffset(0.42)
	wb.SelectAnnotation(wb.annotations[0].ID, false)
	wb.editor.Hide()
	wb.Window().Resize(fyne.NewSize(1400, 880))
	if wb.right.Divider().Offset != 0.42 {
		t.Fatalf("offset %v after the analyst chose 0.42", wb.right.Divider().Offset)
	}
}

// The right panel is never narrower than the names need, whatever the Overview beside it.
func TestRightPanelKeepsItsWidth(t *testing.T) {
	wb := newTestWorkbench(t)
	wb.Window().Resize(fyne.NewSize(1400, 900))
	wb.ShowOverview()
	wb.focusSearch() // the search panel widens the left side
	if w, need := wb.right.Object().Size().Width, wb.palette.WantWidth(); w < need-1 {
		t.Fatalf("right panel %v px wide with the Overview and search shown, names need %v", w, need)
	}
}

// bigText doubles the theme's text size, as a user's Fyne settings may.
type bigText struct{ fyne.Theme }

func (b bigText) Size(n fyne.ThemeSizeName) float32 {
	if n == theme.SizeNameText {
		return 2 * b.Theme.Size(n)
	}
	return b.Theme.Size(n)
}

func TestTextSizeChangeRewrapsReader(t *testing.T) {
	wb := newTestWorkbench(t)
	before := len(wb.reader.Layout().Lines)
	wb.app.Settings().SetTheme(bigText{theme.DefaultTheme()})
	if after := len(wb.reader.Layout().Lines); after <= before {
		t.Fatalf("doubling the text size kept the reader at %d lines (was %d)", after, before)
	}
}
