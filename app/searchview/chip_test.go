package searchview

import (
	"image/color"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/app/uikit"
)

// A facet chip shows its whole label when the panel has room ("Military aid & limits on
// force…" was cut at 30 characters in a 480 px panel), and cuts it to a narrow panel.
func TestFacetChipLabelFitsWidth(t *testing.T) {
	test.NewTempApp(t)
	label := "Military aid & limits on forces"
	c := NewChip(label, 4, color.NRGBA{R: 0x88, G: 0x66, B: 0x55, A: 0xFF}, "tag:x", func(string) {})
	box := uikit.NewCappedFlow(flowMinWidth, c)
	w := test.NewTempWindow(t, box)
	w.Resize(fyne.NewSize(480, 200))
	r := test.WidgetRenderer(c).(*chipRenderer)
	if r.text.Text != label {
		t.Errorf("480 px: chip shows %q", r.text.Text)
	}
	if c.Size().Width > 480 {
		t.Errorf("chip %v px wide", c.Size().Width)
	}
	w.Resize(fyne.NewSize(140, 200))
	if !strings.HasSuffix(r.text.Text, "…") || c.Size().Width > 140 {
		t.Errorf("140 px: chip %v px shows %q", c.Size().Width, r.text.Text)
	}
	if end := r.text.Position().X + r.text.MinSize().Width; end > r.count.Position().X {
		t.Errorf("cut label ends at %v, over the count at %v", end, r.count.Position().X)
	}
	if min := box.MinSize().Width; min > flowMinWidth {
		t.Errorf("chips ask for %v px", min)
	}
}

// findButton returns the first button under o.
func findButton(o fyne.CanvasObject) *widget.Button {
	switch v := o.(type) {
	case *widget.Button:
		return v
	case *fyne.Container:
		for _, c := range v.Objects {
			if b := findButton(c); b != nil {
				return b
			}
		}
	}
	return nil
}

// Deleting a saved search in the manager can be taken back until the dialog closes.
func TestDeletedSavedSearchCanBeRestored(t *testing.T) {
	f := newFixture(t, time.Hour)
	f.typeQuery("drones")
	if err := f.v.SaveCurrent("Drone strikes"); err != nil {
		t.Fatal(err)
	}
	list, _ := f.v.deps.Saved.List()
	rows := f.v.savedRows(list)
	del := findButton(rows.Objects[0])
	test.Tap(del)
	if list, _ := f.v.deps.Saved.List(); len(list) != 0 {
		t.Fatalf("after delete: %+v", list)
	}
	restore := findButton(rows.Objects[0])
	if restore == nil || restore.Text != "Restore" {
		t.Fatalf("no Restore button after the delete: %#v", restore)
	}
	test.Tap(restore)
	list, _ = f.v.deps.Saved.List()
	if len(list) != 1 || list[0].Name != "Drone strikes" || list[0].Query != "drones" {
		t.Fatalf("after restore: %+v", list)
	}
	if b := findButton(rows.Objects[0]); b == nil || b.Text != "" {
		t.Fatalf("the row does not offer delete again")
	}
}
