package overview

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"

	"gloss.app/gloss/app/tagcolor"
)

// In the real window a saved "By source" chart of one outlet was the tab's 727×552 with
// the rows in the top 140 px, and no chart said which annotations it counted.
func TestOverviewPNGFitsRowsAndSaysWhatItCounts(t *testing.T) {
	ws, _ := workspace(t)
	h := newHarness(t, ws, nil)
	h.v.Refresh("")
	decode := func(i int) image.Image {
		t.Helper()
		h.v.charts[i].chart.Resize(fyne.NewSize(900, 600)) // as on screen
		var buf bytes.Buffer
		if err := h.v.WritePNG(&buf, i); err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(&buf)
		if err != nil {
			t.Fatal(err)
		}
		return img
	}
	for _, i := range []int{0, 3} { // frequency, by source: rows
		b := decode(i).Bounds()
		if b.Dx() != 900 || b.Dy() >= 400 {
			t.Errorf("%s PNG is %v, want 900 wide and cut to its rows", h.v.charts[i].title, b)
		}
	}
	timeline := decode(2)
	if b := timeline.Bounds(); b.Dx() != 900 || b.Dy() < 600 {
		t.Errorf("timeline PNG is %v, want at least the 900×600 on screen", b)
	}
	// The title and subtitle above the chart are drawn (pixels far from the background).
	bg := theme.Color(theme.ColorNameBackground)
	inked := 0
	for y := 0; y < int(pad+textSize()+smallSize()); y++ {
		for x := 0; x < 400; x++ {
			if tagcolor.Contrast(timeline.At(x, y), bg) >= 3 {
				inked++
			}
		}
	}
	if inked < 50 {
		t.Errorf("no title drawn above the timeline (%d text pixels)", inked)
	}
	if h.v.scope != "9 annotations in 4 articles — all annotations" {
		t.Errorf("caption scope %q", h.v.scope)
	}
}

func TestOverviewSaveSaysWhereItWrote(t *testing.T) {
	ws, _ := workspace(t)
	h := newHarness(t, ws, nil)
	h.v.Refresh("")
	path := filepath.Join(t.TempDir(), "by-source.csv")
	wc, err := storage.Writer(storage.NewFileURI(path))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := h.v.WriteCSV(&buf, 3); err != nil {
		t.Fatal(err)
	}
	h.v.save(h.v.charts[3], "csv", buf.Bytes(), wc)
	if got, _ := os.ReadFile(path); !bytes.Equal(got, buf.Bytes()) {
		t.Errorf("file holds %q", got)
	}
	if status := h.status; len(status) != 1 || !strings.HasPrefix(status[0], "Saved the ‘By source’ table as ") || !strings.HasSuffix(status[0], path) {
		t.Errorf("status %q", h.status)
	}
}

// "(no source)" has one annotation in one article: the bar's end said "1 in 1 articles".
func TestOverviewSourceCountsSingular(t *testing.T) {
	ws, _ := workspace(t)
	h := newHarness(t, ws, nil)
	h.v.Refresh("")
	src := h.v.charts[3].chart
	src.Resize(fyne.NewSize(800, 400))
	if labels := texts(src); !has(labels, "1 in 1 article") || !has(labels, "6 in 2 articles") {
		t.Errorf("by source labels %v", labels)
	}
	tapTip(t, src, "(no source): 1 annotation in 1 article")
}
