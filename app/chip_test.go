package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/app/textfit"
)

// editorChips returns the tag chips the annotation editor shows.
func editorChips(wb *Workbench) []*chip {
	var out []*chip
	for _, o := range wb.editor.tags.Objects {
		for _, c := range o.(*fyne.Container).Objects {
			if ch, ok := c.(*chip); ok {
				out = append(out, ch)
			}
		}
	}
	return out
}

// The editor's tag chips take the width their names need, up to the panel's width: a
// 22-character cut showed "Battlefield developmen…" with room to spare.
func TestEditorChipShowsWholeName(t *testing.T) {
	wb := newTestWorkbench(t)
	wb.Window().Resize(fyne.NewSize(1400, 900))
	art := openByTitle(t, wb, "Overnight strikes")
	start, end, err := wb.ws.FindQuote(art.ID, "rolling blackouts", 1)
	if err != nil {
		t.Fatal(err)
	}
	long := "Battlefield developments and the front line in the south-east"
	cb, _ := wb.ws.Codebook()
	tag, _ := cb.Resolve("Battlefield developments")
	var tagIDs = []string{tag.ID}
	longTag, res, err := wb.ws.CreateTag(annotate.TagDraft{Name: long, Color: "#3366cc"})
	if err != nil {
		t.Fatal(err)
	}
	wb.afterCommand(res, nil)
	tagIDs = append(tagIDs, longTag.ID)
	ann, _, err := wb.ws.Annotate(annotate.AnnotationDraft{ArticleID: art.ID, Start: start, End: end, TagIDs: tagIDs})
	if err != nil {
		t.Fatal(err)
	}
	wb.loadAnnotations()
	wb.SelectAnnotation(ann.ID, false)
	if wb.editor.ID() != ann.ID {
		t.Fatalf("editor shows %q", wb.editor.ID())
	}
	chips := editorChips(wb)
	if len(chips) != 2 {
		t.Fatalf("%d chips, want 2", len(chips))
	}
	panel := wb.editor.tags.Size().Width
	for _, c := range chips {
		c.Refresh()
		need := fyne.MeasureText(c.name, c.text.TextSize, c.text.TextStyle).Width
		fits := need+2*chipPadX <= panel-40
		switch {
		case c.name == "Battlefield developments" && c.text.Text != c.name:
			t.Errorf("chip shows %q for %q in a %v px panel", c.text.Text, c.name, panel)
		case c.name == long && fits && c.text.Text != long:
			t.Errorf("chip shows %q, the panel (%v px) has room for %q", c.text.Text, panel, long)
		case c.name == long && !fits && !strings.HasSuffix(c.text.Text, textfit.Ellipsis):
			t.Errorf("chip shows %q, too wide for the %v px panel without an ellipsis", c.text.Text, panel)
		}
		if c.Size().Width > panel+0.5 {
			t.Errorf("chip %q is %v px wide, the panel %v", c.name, c.Size().Width, panel)
		}
		if c.text.Text != c.name && fyne.MeasureText(c.text.Text, c.text.TextSize, c.text.TextStyle).Width > c.Size().Width-2*chipPadX+0.5 {
			t.Errorf("cut text %q overflows its chip", c.text.Text)
		}
	}
	// A narrow panel: the long name ends in an ellipsis inside the panel.
	wb.Window().Resize(fyne.NewSize(900, 700))
	chips = editorChips(wb)
	panel = wb.editor.tags.Size().Width
	if r := wb.right.box.Size().Width; r > 0.3*900 {
		t.Errorf("900 px window: the right panel stays %v px wide (a long chip must not hold it wide)", r)
	}
	for _, c := range chips {
		if c.name != long {
			continue
		}
		if c.Size().Width > panel+0.5 {
			t.Errorf("narrow panel: chip %v px wide, the panel %v", c.Size().Width, panel)
		}
		if !strings.HasSuffix(c.text.Text, textfit.Ellipsis) {
			t.Errorf("narrow panel (%v px): chip shows %q", panel, c.text.Text)
		}
	}
}

// A row of the annotation list shows a tag's whole name when the row has room for it
// ("Claims & disinformatio…" was cut at 22 characters in a 300 px row).
func TestListRowChipShowsWholeName(t *testing.T) {
	wb := newTestWorkbench(t)
	wb.Window().Resize(fyne.NewSize(1400, 900))
	art := openByTitle(t, wb, "Overnight strikes")
	start, end, err := wb.ws.FindQuote(art.ID, "rolling blackouts", 1)
	if err != nil {
		t.Fatal(err)
	}
	cb, _ := wb.ws.Codebook()
	tag, _ := cb.Resolve("Claims & disinformation")
	ann, res, err := wb.ws.Annotate(annotate.AnnotationDraft{ArticleID: art.ID, Start: start, End: end, TagIDs: []string{tag.ID}})
	wb.afterCommand(res, err)
	if wb.notes.noteWidth() <= 0 {
		t.Fatal("the annotation list has no width")
	}
	a, _ := wb.annotation(ann.ID)
	wb.notes.fill(a, wb.notes.probe)
	var c *chip
	for _, o := range wb.notes.probe.Objects {
		if body, ok := o.(*fyne.Container); ok {
			c = body.Objects[1].(*fyne.Container).Objects[0].(*chip)
		}
	}
	if c.text.Text != tag.Name {
		t.Errorf("row chip shows %q in a %v px row, want %q", c.text.Text, wb.notes.width, tag.Name)
	}
	// In a narrow row the name is cut to the row.
	wb.notes.width = 120
	wb.notes.fill(a, wb.notes.probe)
	if !strings.HasSuffix(c.text.Text, textfit.Ellipsis) || c.MinSize().Width > 120 {
		t.Errorf("120 px row: chip shows %q, %v px", c.text.Text, c.MinSize().Width)
	}
}
