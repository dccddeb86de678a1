package codebookui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
)

// In the real window the Colour and New tag dialogs were 300 px taller than their fields,
// the palette measured as one column before its first layout.
func TestColourDialogsFitTheirFields(t *testing.T) {
	h := newHarness(t)
	energy := h.tag(t, "Energy attacks")
	for name, open := range map[string]func() *form{
		"colour":  func() *form { return h.m.colorDialog(energy.ID) },
		"new tag": func() *form { return h.m.createDialog("") },
	} {
		f := open()
		top := h.w.Canvas().Overlays().Top()
		pop, ok := top.(*widget.PopUp)
		if !ok {
			t.Fatalf("%s: no dialog on the window (%T)", name, top)
		}
		var col *colorField
		for _, fld := range f.fields {
			if c, ok := fld.(*colorField); ok {
				col = c
			}
		}
		rows := (len(annotate.Palette) + swatchColumns - 1) / swatchColumns
		if got, most := col.obj.Size().Height, float32(rows*34+50); got > most {
			t.Errorf("%s: the colour field is %.0f px tall for %d rows of swatches", name, got, rows)
		}
		if got, min := pop.Content.Size().Height, pop.Content.MinSize().Height; got > min+1 {
			t.Errorf("%s: the dialog is %.0f px tall, its content needs %.0f", name, got, min)
		}
		f.dialog.Hide()
	}
}

// Merge with no tag chosen closed the dialog and did nothing, without a word.
func TestMergeWithoutTargetSaysSo(t *testing.T) {
	h := newHarness(t)
	energy := h.tag(t, "Energy attacks")
	f := h.m.mergeDialog(energy.ID)
	f.submit()
	if !strings.Contains(h.lastStatus(), "choose the tag to merge 'Energy attacks' into") {
		t.Errorf("status %q", h.lastStatus())
	}
	if _, err := h.m.cb.Resolve("Energy attacks"); err != nil {
		t.Errorf("the tag went: %v", err)
	}
}
