package annotations

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/app/textfit"
)

func testCodebook() *annotate.Codebook {
	return annotate.NewCodebook([]annotate.Tag{
		{ID: "claims", Name: "Claims & disinformation", Color: "#8E6BD8"},
		{ID: "energy", Name: "Energy attacks", Color: "#E69F00"},
		{ID: "long", Name: "Battlefield developments and the front line in the south-east", Color: "#3366CC"},
	})
}

func ann(id, note string, tags ...string) annotate.Annotation {
	return annotate.Annotation{ID: id, Exact: "rolling blackouts", Note: note, TagIDs: tags, Author: "Olena",
		Created: time.Date(2025, 11, 26, 10, 0, 0, 0, time.UTC), State: annotate.Anchored}
}

// newTestList shows anns in a list width pixels wide.
func newTestList(t *testing.T, width float32, anns ...annotate.Annotation) (*List, *[]string) {
	t.Helper()
	test.NewTempApp(t)
	chosen := &[]string{}
	l := NewList(func(id string) { *chosen = append(*chosen, id) }, nil)
	w := test.NewTempWindow(t, l.Object())
	w.Resize(fyne.NewSize(width, 600))
	l.Show(anns, testCodebook())
	return l, chosen
}

func noteOf(row *fyne.Container) *widget.Label { return partsOf(row).note }

// rowFor fills a fresh row with the annotation, as the list does.
func rowFor(l *List, a annotate.Annotation) *fyne.Container {
	row := newRow().(*fyne.Container)
	l.fill(a, row)
	return row
}

// Notes show up to three wrapped lines, rows without a note have no blank line.
func TestListWrapsNotes(t *testing.T) {
	long := strings.Repeat("The operator's figures do not match the regional administration's count of outages. ", 6)
	withNote, without := ann("n", long, "energy"), ann("x", "", "energy")
	l, _ := newTestList(t, 300, withNote, without)
	heights := map[string]float32{}
	for _, a := range []annotate.Annotation{withNote, without} {
		l.fill(a, l.probe)
		heights[a.ID] = l.probe.MinSize().Height
	}
	note := noteOf(rowFor(l, withNote))
	lines := strings.Split(note.Text, "\n")
	if len(lines) != NoteLines || !strings.HasSuffix(lines[len(lines)-1], "…") {
		t.Fatalf("long note drawn as %d lines %q, want %d ending in an ellipsis", len(lines), note.Text, NoteLines)
	}
	room := l.noteWidth()
	for _, line := range lines {
		if w := fyne.MeasureText(line, theme.TextSize(), fyne.TextStyle{}).Width; w > room {
			t.Errorf("line %q is %v px in %v", line, w, room)
		}
	}
	if heights["n"] <= heights["x"]+2*fyne.MeasureText("Hg", theme.TextSize(), fyne.TextStyle{}).Height {
		t.Fatalf("row with a three-line note %v px, without a note %v px", heights["n"], heights["x"])
	}
	if n := noteOf(rowFor(l, without)); n.Visible() {
		t.Fatalf("a row without a note shows a note line %q", n.Text)
	}
	// A narrower panel wraps the note again into as many lines, each still fitting.
	l.setWidth(l.width - 60)
	for _, line := range strings.Split(noteOf(rowFor(l, withNote)).Text, "\n") {
		if w := fyne.MeasureText(line, theme.TextSize(), fyne.TextStyle{}).Width; w > l.noteWidth() {
			t.Errorf("after narrowing, line %q is %v px in %v", line, w, l.noteWidth())
		}
	}
}

// A row shows a tag's whole name when the row has room for it ("Claims &
// disinformatio…" was cut at 22 characters in a 300 px row), and cuts it to a narrow row.
func TestRowChipShowsWholeName(t *testing.T) {
	a := ann("a", "", "claims")
	l, _ := newTestList(t, 300, a)
	if l.noteWidth() <= 0 {
		t.Fatal("the list has no width")
	}
	row := rowFor(l, a)
	c := partsOf(row).chips[0].(*Chip)
	if c.Text() != "Claims & disinformation" {
		t.Errorf("row chip shows %q in a %v px row", c.Text(), l.width)
	}
	l.width = 120
	l.fill(a, row)
	if !strings.HasSuffix(c.Text(), textfit.Ellipsis) || c.MinSize().Width > 120 {
		t.Errorf("120 px row: chip shows %q, %v px", c.Text(), c.MinSize().Width)
	}
}

// Orphans say so; the meta line counts the tags beyond the chips; a click names the
// annotation.
func TestRowOrphanMetaAndClick(t *testing.T) {
	orphan := ann("o", "", "energy")
	orphan.State = annotate.Orphaned
	many := ann("m", "", "energy", "claims", "long", "energy", "claims", "long")
	l, chosen := newTestList(t, 300, orphan, many)
	if n := noteOf(rowFor(l, orphan)); !n.Visible() || !strings.Contains(n.Text, "orphaned") {
		t.Errorf("orphan row note %q", n.Text)
	}
	if got := partsOf(rowFor(l, many)).meta.Text; !strings.HasSuffix(got, "+2 tags") || !strings.HasPrefix(got, "Olena · ") {
		t.Errorf("meta line %q", got)
	}
	l.list.Select(1)
	if len(*chosen) != 1 || (*chosen)[0] != "m" {
		t.Errorf("a click on the second row chose %v, want [m]", *chosen)
	}
	if l.Len() != 2 {
		t.Errorf("Len %d", l.Len())
	}
}

// An accepted suggestion says so on its row; a highlight the analyst drew does not.
func TestRowMarksAcceptedSuggestions(t *testing.T) {
	suggested := ann("s", "", "energy")
	suggested.Origin = annotate.OriginSuggested
	manual := ann("h", "", "energy")
	manual.Origin = annotate.OriginManual
	l, _ := newTestList(t, 300, suggested, manual, ann("old", "", "energy"))
	for _, tc := range []struct {
		a    annotate.Annotation
		want bool
	}{{suggested, true}, {manual, false}, {ann("old", "", "energy"), false}} {
		if got := partsOf(rowFor(l, tc.a)).meta.Text; strings.Contains(got, "accepted suggestion") != tc.want {
			t.Errorf("origin %q: meta line %q", tc.a.Origin, got)
		}
	}
}
