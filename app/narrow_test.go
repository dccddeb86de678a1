package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"gloss.app/gloss/annotate"
)

// In a narrow window the reader gets the space: the left panel no longer reserves the
// search panel's old 370 px while the library shows, the right panel shrinks to a share
// of the window, and opening the search panel leaves the reader readable.
func TestNarrowWindowGivesReaderTheSpace(t *testing.T) {
	wb := newTestWorkbench(t)
	if min := wb.Window().Content().MinSize().Width; min > 760 {
		t.Errorf("window content needs %v px; a 768 px wide screen must fit it", min)
	}
	for _, tc := range []struct {
		width       float32
		readerLeast float32 // the centre (reader) width at least
		leftMost    float32 // the left panel at most, library shown
	}{
		{900, 400, 240},
		{1024, 480, 260},
		{1360, 700, 340},
	} {
		wb.Window().Resize(fyne.NewSize(tc.width, 700))
		wb.leftTabs.SelectIndex(0)
		left, centre, right := wb.leftTabs.Size().Width, wb.centreTabs.Size().Width, wb.right.Object().Size().Width
		if centre < tc.readerLeast || left > tc.leftMost {
			t.Errorf("%v px, library: left %v, reader %v, right %v; want reader ≥ %v, left ≤ %v",
				tc.width, left, centre, right, tc.readerLeast, tc.leftMost)
		}
		if centre < left || centre < right {
			t.Errorf("%v px: reader %v narrower than a side panel (left %v, right %v)", tc.width, centre, left, right)
		}
		if min := wb.leftTabs.MinSize().Width; min > 250 {
			t.Errorf("left panel minimum %v px", min)
		}
		wb.focusSearch()
		if c := wb.centreTabs.Size().Width; c < min(tc.readerLeast, readerKeepWidth)-20 {
			t.Errorf("%v px, search shown: reader %v px wide", tc.width, c)
		}
		wb.leftTabs.SelectIndex(0)
		if c := wb.centreTabs.Size().Width; c < centre-1 {
			t.Errorf("%v px: back on the library the reader is %v px, was %v", tc.width, c, centre)
		}
	}
	// A wide window keeps the search panel's full share.
	wb.Window().Resize(fyne.NewSize(1360, 700))
	wb.focusSearch()
	if got := wb.split.Offset; got < searchOffset-0.001 {
		t.Errorf("1360 px: search panel offset %v, want %v", got, searchOffset)
	}
	// Once the analyst drags the divider beside the right panel, their choice stands.
	wb.right.CentreDivider().SetOffset(0.5)
	wb.Window().Resize(fyne.NewSize(1000, 700))
	wb.Window().Resize(fyne.NewSize(1200, 700))
	if got := wb.right.CentreDivider().Offset; got != 0.5 {
		t.Errorf("divider at %v after a resize, the analyst chose 0.5", got)
	}
}

func TestShortPath(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"/home/ana/ws", 40, "/home/ana/ws"},
		{"/home/ana/projects/2025/ukraine-energy/workspace", 20, "…ne-energy/workspace"},
		{"/дані/проєкт/робочий", 8, "…робочий"},
	} {
		got := shortPath(tc.in, tc.n)
		if got != tc.want {
			t.Errorf("shortPath(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
		if len([]rune(got)) > tc.n {
			t.Errorf("shortPath(%q, %d) has %d characters", tc.in, tc.n, len([]rune(got)))
		}
	}
}

// The search panel follows the window's width while it shows at the share Gloss gave it:
// opened in a narrow window and the window then widened, it takes its full share without
// a switch of tabs; narrowed again, the reader keeps its room. A divider the analyst
// dragged stays where they put it.
func TestSearchPanelFollowsWindowWidth(t *testing.T) {
	wb := newTestWorkbench(t)
	wb.Window().Resize(fyne.NewSize(900, 700))
	wb.focusSearch()
	narrow := wb.split.Offset
	if narrow >= searchOffset-0.001 {
		t.Fatalf("900 px: search share %v, expected less than %v", narrow, searchOffset)
	}
	wb.Window().Resize(fyne.NewSize(1360, 700))
	if got := wb.split.Offset; got < searchOffset-0.001 {
		t.Errorf("widened to 1360 px: search share %v (left panel %v px), want %v", got, wb.leftTabs.Size().Width, searchOffset)
	}
	if w := wb.leftTabs.Size().Width; w < 0.3*1360 {
		t.Errorf("widened to 1360 px: left panel %v px", w)
	}
	wb.Window().Resize(fyne.NewSize(900, 700))
	if c := wb.centreTabs.Size().Width; c < readerKeepWidth-20 {
		t.Errorf("narrowed to 900 px: reader %v px", c)
	}
	// The analyst's divider stands.
	wb.Window().Resize(fyne.NewSize(1360, 700))
	wb.split.SetOffset(0.5)
	wb.Window().Resize(fyne.NewSize(1200, 700))
	if got := wb.split.Offset; got != 0.5 {
		t.Errorf("dragged divider moved to %v by a resize", got)
	}
	// Back on the library the library's share returns.
	wb.leftTabs.SelectIndex(0)
	if got := wb.split.Offset; got > 0.3 {
		t.Errorf("library share %v after search", got)
	}
}

// A long tag name in the editor neither holds the right panel wide in a narrow window
// nor overflows it: its chip is cut inside the panel.
func TestLongChipKeepsPanelNarrow(t *testing.T) {
	wb := newTestWorkbench(t)
	art := openByTitle(t, wb, "Overnight strikes")
	long := "Battlefield developments and the front line in the south-east"
	tag, res, err := wb.ws.CreateTag(annotate.TagDraft{Name: long, Color: "#3366cc"})
	wb.afterCommand(res, err)
	a := annotateQuote(t, wb, art, "rolling blackouts", long)
	wb.SelectAnnotation(a.ID, false)
	wb.Window().Resize(fyne.NewSize(900, 700))
	if r := wb.right.Object().Size().Width; r > 0.3*900 {
		t.Errorf("900 px window: the right panel stays %v px wide", r)
	}
	chips := wb.editor.Chips()
	if len(chips) != 1 || chips[0].Name() != tag.Name {
		t.Fatalf("editor chips %v", chips)
	}
	if c, panel := chips[0], wb.editor.ChipsWidth(); c.Size().Width > panel+0.5 || !strings.HasSuffix(c.Text(), "…") {
		t.Errorf("chip %v px showing %q in a %v px panel", c.Size().Width, c.Text(), panel)
	}
}
