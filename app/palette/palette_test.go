package palette

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/wstest"
)

func codebook(names ...string) *annotate.Codebook {
	var tags []annotate.Tag
	for i, n := range names {
		tags = append(tags, annotate.Tag{ID: n, Name: n, Color: "#E69F00", Hotkey: i + 1})
	}
	return annotate.NewCodebook(tags)
}

// A click on a row names its tag; every name fits the width the palette asks for.
func TestRowsTagAndFit(t *testing.T) {
	test.NewTempApp(t)
	var tagged []string
	p := New(func(id string) { tagged = append(tagged, id) })
	w := test.NewTempWindow(t, p.Object())
	p.Show(codebook("Energy", "Diplomacy"), map[string]annotate.TagUsage{"Energy": {Annotations: 3}})
	test.Tap(p.Row("Diplomacy"))
	if len(tagged) != 1 || tagged[0] != "Diplomacy" {
		t.Fatalf("tapping Diplomacy tagged %v", tagged)
	}
	short := p.WantWidth()
	long := "Military aid & limits on forces in the south-east"
	p.Show(codebook("Energy", long), nil)
	if p.WantWidth() <= short {
		t.Fatalf("a longer name wants %v px, the short ones %v", p.WantWidth(), short)
	}
	if p.Row("Diplomacy") != nil {
		t.Fatal("a tag no longer in the codebook keeps its row")
	}
	w.Resize(fyne.NewSize(p.WantWidth(), p.WantHeight()+40))
	l := p.NameLabel(long)
	need := fyne.MeasureText(long, Compact{}.Size(theme.SizeNameText), l.TextStyle).Width
	if l.Size().Width < need {
		t.Errorf("%q gets %v px at the wanted width, needs %v", long, l.Size().Width, need)
	}
}

func TestSelectionHint(t *testing.T) {
	test.NewTempApp(t)
	p := New(nil)
	p.SetSelectionHint(true)
	if !strings.HasPrefix(p.hint.Text, "Press 1–9") {
		t.Fatalf("hint with a selection: %q", p.hint.Text)
	}
	p.SetSelectionHint(false)
	if !strings.HasPrefix(p.hint.Text, "Select text") {
		t.Fatalf("hint without: %q", p.hint.Text)
	}
}

// The default codebook's hotkeys run 1 to 9 down the palette's rows.
func TestDefaultHotkeysFollowRowOrder(t *testing.T) {
	test.NewTempApp(t)
	ws := wstest.Open(t)
	cb, err := ws.Codebook()
	if err != nil {
		t.Fatal(err)
	}
	p := New(nil)
	p.Show(cb, nil)
	var keys []int
	for _, tg := range cb.Tags() { // the palette's row order
		if p.Row(tg.ID) == nil {
			t.Fatalf("%s has no row", tg.Name)
		}
		if tg.Hotkey != 0 {
			keys = append(keys, tg.Hotkey)
		}
	}
	for i, k := range keys {
		if k != i+1 {
			t.Fatalf("hotkeys down the rows: %v, want 1 to 9 in order", keys)
		}
	}
	if len(keys) != 9 {
		t.Fatalf("%d default hotkeys, want 9", len(keys))
	}
}

// A codebook of the same shape only updates the counts; another one builds the rows again.
func TestShowUpdatesCountsInPlace(t *testing.T) {
	test.NewTempApp(t)
	p := New(nil)
	cb := codebook("Energy", "Diplomacy")
	p.Show(cb, map[string]annotate.TagUsage{"Energy": {Annotations: 1}})
	row := p.Row("Energy")
	p.Show(cb, map[string]annotate.TagUsage{"Energy": {Annotations: 7}})
	if p.Row("Energy") != row || p.counts["Energy"].Text != "7" || p.counts["Diplomacy"].Text != "0" {
		t.Fatalf("same codebook: row kept %v, counts %q %q", p.Row("Energy") == row, p.counts["Energy"].Text, p.counts["Diplomacy"].Text)
	}
	renamed := annotate.NewCodebook([]annotate.Tag{{ID: "Energy", Name: "Energy attacks", Color: "#E69F00", Hotkey: 1}, {ID: "Diplomacy", Name: "Diplomacy", Color: "#E69F00", Hotkey: 2}})
	p.Show(renamed, nil)
	if p.Row("Energy") == row || p.NameLabel("Energy").Text != "Energy attacks" {
		t.Fatal("a renamed tag kept its old row")
	}
	p.ThemeChanged()
	before := p.Row("Energy")
	p.Show(renamed, nil)
	if p.Row("Energy") == before {
		t.Fatal("a theme change did not build the rows again")
	}
}
