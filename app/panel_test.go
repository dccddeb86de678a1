package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
)

// paletteNames returns each palette row's name label by tag id.
func paletteNames(wb *Workbench) map[string]*widget.Label {
	out := map[string]*widget.Label{}
	for id, row := range wb.palette.byTag {
		var find func(o fyne.CanvasObject)
		find = func(o fyne.CanvasObject) {
			switch v := o.(type) {
			case *widget.Label:
				if t, ok := wb.codebook.Tag(id); ok && v.Text == t.Name {
					out[id] = v
				}
			case *fyne.Container:
				for _, c := range v.Objects {
					find(c)
				}
			}
		}
		find(row.content)
	}
	return out
}

// paletteTop is the palette's pane of the right panel's split.
func paletteTop(wb *Workbench) fyne.CanvasObject { return wb.right.split.Leading }

// At 1400×900 the whole default codebook shows in the palette, every name whole.
func TestPaletteShowsWholeCodebook(t *testing.T) {
	wb := newTestWorkbench(t)
	wb.Window().Resize(fyne.NewSize(1400, 900))
	wb.editor.hide()
	names := paletteNames(wb)
	if len(names) != wb.codebook.Len() || len(names) < 13 {
		t.Fatalf("%d name labels for %d tags", len(names), wb.codebook.Len())
	}
	th := compactTheme{}
	for id, l := range names {
		need := fyne.MeasureText(l.Text, th.Size(theme.SizeNameText), l.TextStyle).Width + 2*th.Size(theme.SizeNameInnerPadding)
		if l.Size().Width < need {
			t.Errorf("%q gets %v px, needs %v: it is cut", l.Text, l.Size().Width, need)
		}
		// The row lies inside the palette's pane.
		row := wb.palette.byTag[id]
		bottom := absY(wb, row) + row.Size().Height
		if paneBottom := absY(wb, paletteTop(wb)) + paletteTop(wb).Size().Height; bottom > paneBottom {
			t.Errorf("%q ends at y %v, below the palette's pane (%v)", l.Text, bottom, paneBottom)
		}
	}
	// The annotation list still has room for a row.
	if h := wb.notes.list.Size().Height; h < wb.notes.firstRowHeight() {
		t.Errorf("annotation list %v px high, a row needs %v", h, wb.notes.firstRowHeight())
	}
}

func absY(wb *Workbench, o fyne.CanvasObject) float32 {
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(o).Y
}

// The divider makes room for the editor while it is open, and keeps where the analyst
// drags it.
func TestRightPanelFollowsEditorUntilDragged(t *testing.T) {
	wb := newTestWorkbench(t)
	wb.Window().Resize(fyne.NewSize(1400, 900))
	wb.editor.hide()
	closed := wb.right.split.Offset
	wb.SelectAnnotation(wb.annotations[0].ID, false)
	open := wb.right.split.Offset
	if open >= closed {
		t.Fatalf("offset %v with the editor open, %v closed: the editor got no room", open, closed)
	}
	if lh, need := wb.notes.list.Size().Height, wb.notes.firstRowHeight(); lh < need-1 {
		t.Fatalf("with the editor open the list is %v px high, a row needs %v", lh, need)
	}
	wb.editor.hide()
	if wb.right.split.Offset != closed {
		t.Fatalf("offset %v after closing the editor, want %v", wb.right.split.Offset, closed)
	}
	// A drag (the split's offset set from outside) stands.
	wb.right.split.SetOffset(0.42)
	wb.SelectAnnotation(wb.annotations[0].ID, false)
	wb.editor.hide()
	wb.Window().Resize(fyne.NewSize(1400, 880))
	if wb.right.split.Offset != 0.42 {
		t.Fatalf("offset %v after the analyst chose 0.42", wb.right.split.Offset)
	}
}

// The right panel is never narrower than the names need, whatever the Overview beside it.
func TestRightPanelKeepsItsWidth(t *testing.T) {
	wb := newTestWorkbench(t)
	wb.Window().Resize(fyne.NewSize(1400, 900))
	wb.ShowOverview()
	wb.focusSearch() // the search panel widens the left side
	if w, need := wb.right.box.Size().Width, wb.palette.wantWidth(); w < need-1 {
		t.Fatalf("right panel %v px wide with the Overview and search shown, names need %v", w, need)
	}
}

// Notes show up to three wrapped lines, rows without a note have no blank line.
func TestAnnotationListWrapsNotes(t *testing.T) {
	wb := newTestWorkbench(t)
	wb.Window().Resize(fyne.NewSize(1400, 900))
	long := strings.Repeat("The operator's figures do not match the regional administration's count of outages. ", 6)
	var withNote, without string
	for _, a := range wb.annotations {
		if a.State != annotate.Anchored {
			continue
		}
		if withNote == "" {
			withNote = a.ID
		} else if without == "" {
			without = a.ID
		}
	}
	if _, err := wb.ws.SetAnnotationNote(withNote, long); err != nil {
		t.Fatal(err)
	}
	if _, err := wb.ws.SetAnnotationNote(without, ""); err != nil {
		t.Fatal(err)
	}
	wb.refreshAfterChange("")
	heights := map[string]float32{}
	for _, a := range wb.annotations {
		wb.notes.fill(a, wb.notes.probe)
		heights[a.ID] = wb.notes.probe.MinSize().Height
	}
	note := noteOf(rowFor(t, wb, withNote))
	lines := strings.Split(note.Text, "\n")
	if len(lines) != noteLines || !strings.HasSuffix(lines[len(lines)-1], "…") {
		t.Fatalf("long note drawn as %d lines %q, want %d ending in an ellipsis", len(lines), note.Text, noteLines)
	}
	room := wb.notes.noteWidth()
	for _, l := range lines {
		if w := fyne.MeasureText(l, theme.TextSize(), fyne.TextStyle{}).Width; w > room {
			t.Errorf("line %q is %v px in %v", l, w, room)
		}
	}
	if heights[withNote] <= heights[without]+2*fyne.MeasureText("Hg", theme.TextSize(), fyne.TextStyle{}).Height {
		t.Fatalf("row with a three-line note %v px, without a note %v px", heights[withNote], heights[without])
	}
	if n := noteOf(rowFor(t, wb, without)); n.Visible() {
		t.Fatalf("a row without a note shows a note line %q", n.Text)
	}
	// A narrower panel wraps the note again into as many lines, each still fitting.
	wb.notes.setWidth(wb.notes.width - 60)
	for _, l := range strings.Split(noteOf(rowFor(t, wb, withNote)).Text, "\n") {
		if w := fyne.MeasureText(l, theme.TextSize(), fyne.TextStyle{}).Width; w > wb.notes.noteWidth() {
			t.Errorf("after narrowing, line %q is %v px in %v", l, w, wb.notes.noteWidth())
		}
	}
}

func noteOf(row *fyne.Container) *widget.Label {
	for _, o := range row.Objects {
		if body, ok := o.(*fyne.Container); ok {
			return body.Objects[2].(*widget.Label)
		}
	}
	return nil
}

// rowFor fills a fresh row with the annotation, as the list does.
func rowFor(t *testing.T, wb *Workbench, id string) *fyne.Container {
	t.Helper()
	for _, a := range wb.annotations {
		if a.ID == id {
			row := newAnnotationRow().(*fyne.Container)
			wb.notes.fill(a, row)
			return row
		}
	}
	t.Fatalf("annotation %s not listed", id)
	return nil
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
