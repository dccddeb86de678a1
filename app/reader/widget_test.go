package reader

import (
	"image/color"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

const sample = "Удари по енергетиці: 👍🏽 café q\u0307uiet.\nДругий абзац про переговори, який достатньо довгий, щоб перенестися на кілька рядків у вузькому вікні читача."

func newTestReader(t *testing.T, text string, hs []Highlight) (*Reader, fyne.Window) {
	test.NewTempApp(t)
	r := New()
	r.SetText(text, hs)
	w := test.NewTempWindow(t, r)
	w.Resize(fyne.NewSize(420, 300))
	return r, w
}

func press(r *Reader, p fyne.Position, mod fyne.KeyModifier) {
	r.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: p}, Button: desktop.MouseButtonPrimary, Modifier: mod})
}

func release(r *Reader, p fyne.Position) {
	r.MouseUp(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: p}, Button: desktop.MouseButtonPrimary})
}

func drag(r *Reader, from, to fyne.Position) {
	press(r, from, 0)
	mid := fyne.NewPos((from.X+to.X)/2, (from.Y+to.Y)/2)
	r.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: mid}, Dragged: fyne.NewDelta(mid.X-from.X, mid.Y-from.Y)})
	r.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: to}, Dragged: fyne.NewDelta(to.X-mid.X, to.Y-mid.Y)})
	r.DragEnd()
	release(r, to)
}

func offsetOf(text, sub string) int { return len([]rune(text[:strings.Index(text, sub)])) }

func TestDragSelectsExactCodePoints(t *testing.T) {
	r, _ := newTestReader(t, sample, nil)
	tests := []struct{ from, to string }{
		{"енергетиці", "👍🏽"},     // Cyrillic up to an emoji with a skin-tone modifier
		{"café", "uiet"},         // ending after q and its combining dot
		{"енергетиці", "кілька"}, // across a paragraph and soft wraps
		{"вузькому", "Удари"},    // backwards
	}
	for _, tt := range tests {
		s, e := offsetOf(sample, tt.from), offsetOf(sample, tt.to)
		drag(r, r.PositionOf(s), r.PositionOf(e))
		gs, ge := r.Selection()
		if gs != min(s, e) || ge != max(s, e) {
			t.Errorf("drag %q→%q selected %d–%d, want %d–%d", tt.from, tt.to, gs, ge, min(s, e), max(s, e))
		}
		want := string([]rune(sample)[min(s, e):max(s, e)])
		if got := r.SelectedText(); got != want {
			t.Errorf("selected %q, want %q", got, want)
		}
	}
}

func TestHitTestNeverSplitsClusters(t *testing.T) {
	r, _ := newTestReader(t, sample, nil)
	text := r.Text()
	for x := float32(0); x < 420; x += 1.5 {
		for y := float32(0); y < 300; y += 7 {
			if off := r.offsetAt(fyne.NewPos(x, y)); !IsBoundary(text, off) {
				t.Fatalf("(%v,%v) → %d splits a cluster", x, y, off)
			}
		}
	}
}

func TestShiftClickDoubleClickAndKeys(t *testing.T) {
	r, w := newTestReader(t, sample, nil)
	s := offsetOf(sample, "café")
	press(r, r.PositionOf(s), 0)
	release(r, r.PositionOf(s))
	e := offsetOf(sample, "Другий")
	press(r, r.PositionOf(e), fyne.KeyModifierShift)
	release(r, r.PositionOf(e))
	if gs, ge := r.Selection(); gs != s || ge != e {
		t.Fatalf("shift+click selected %d–%d, want %d–%d", gs, ge, s, e)
	}

	// Double click inside "переговори" selects the word.
	DoubleClickTime = time.Second
	p := r.PositionOf(offsetOf(sample, "переговори") + 3)
	time.Sleep(5 * time.Millisecond)
	r.mouse.lastDown = time.Time{}
	press(r, p, 0)
	release(r, p)
	press(r, p, 0)
	release(r, p)
	if got := r.SelectedText(); got != "переговори" {
		t.Fatalf("double click selected %q", got)
	}

	// Shift+Right extends by whole clusters: the emoji with its modifier is one step.
	at := offsetOf(sample, "👍🏽")
	r.Select(at, at)
	w.Canvas().Focus(r)
	r.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	r.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	r.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	if got := r.SelectedText(); got != "👍🏽" {
		t.Fatalf("shift+right selected %q", got)
	}
	r.TypedShortcut(&fyne.ShortcutSelectAll{})
	r.TypedShortcut(&fyne.ShortcutCopy{})
	if got := fyne.CurrentApp().Clipboard().Content(); got != sample {
		t.Fatalf("Ctrl+A, Ctrl+C copied %q", got)
	}
}

func TestClickOnHighlightReportsOverlaps(t *testing.T) {
	red, blue := color.NRGBA{R: 200, A: 255}, color.NRGBA{B: 200, A: 255}
	a := offsetOf(sample, "енергетиці")
	hs := []Highlight{{ID: "outer", Start: 0, End: a + 10, Colors: []color.NRGBA{red}}, {ID: "inner", Start: a, End: a + 10, Colors: []color.NRGBA{blue, red}}}
	r, _ := newTestReader(t, sample, hs)
	var got []string
	r.OnHighlightClicked = func(ids []string, _ fyne.Position) { got = ids }
	DoubleClickTime = 0
	p := r.PositionOf(a + 4)
	press(r, p, 0)
	release(r, p)
	if strings.Join(got, ",") != "outer,inner" {
		t.Fatalf("click on overlap reported %v", got)
	}
	got = nil
	p = r.PositionOf(2)
	press(r, p, 0)
	release(r, p)
	if strings.Join(got, ",") != "outer" {
		t.Fatalf("click reported %v", got)
	}
}

func TestResizeRewrapsAndDrawsOnlyVisibleLines(t *testing.T) {
	long := strings.Repeat("Довгий текст статті для перевірки прокрутки. ", 2000)
	r, w := newTestReader(t, long, nil)
	narrow := len(r.Layout().Lines)
	w.Resize(fyne.NewSize(900, 300))
	if wide := len(r.Layout().Lines); wide >= narrow {
		t.Fatalf("widening kept %d lines (was %d)", wide, narrow)
	}
	rend := test.WidgetRenderer(r)
	if n := len(rend.Objects()); n > 60 {
		t.Fatalf("%d canvas objects for a 300 px high view", n)
	}
	r.ScrollTo(1e9)
	if r.Scroll() <= 0 || r.Scroll() > r.ContentHeight() {
		t.Fatalf("scroll %v of %v", r.Scroll(), r.ContentHeight())
	}
}

// bigText is the default theme with its text size doubled.
type bigText struct{ fyne.Theme }

func (b bigText) Size(n fyne.ThemeSizeName) float32 {
	if n == theme.SizeNameText {
		return 2 * b.Theme.Size(n)
	}
	return b.Theme.Size(n)
}

func TestTextSizeChangeRewraps(t *testing.T) {
	r, w := newTestReader(t, sample, nil)
	before := len(r.Layout().Lines)
	end := len([]rune(sample))
	xBefore := r.PositionOf(end).X
	fyne.CurrentApp().Settings().SetTheme(bigText{theme.DefaultTheme()})
	// The settings change reaches the reader as a refresh of the window's content.
	w.Content().Refresh()
	if after := len(r.Layout().Lines); after <= before {
		t.Fatalf("doubling the text size kept %d lines (was %d)", after, before)
	}
	// Lines stay inside the column at the new size.
	g := r.geometry()
	fs, style := r.textStyle()
	for n := range r.Layout().Lines {
		if wd := fyne.MeasureText(strings.TrimRight(r.Layout().Display(n), " "), fs, style).Width; wd > g.column+1 {
			t.Fatalf("line %d is %v wide in a %v column", n, wd, g.column)
		}
	}
	if r.PositionOf(end).X == xBefore {
		t.Fatalf("the end of the text did not move")
	}
	// Relayout does the same on demand (the workbench calls it from a settings listener).
	fyne.CurrentApp().Settings().SetTheme(theme.DefaultTheme())
	r.Relayout()
	if got := len(r.Layout().Lines); got != before {
		t.Fatalf("back at the default size: %d lines, want %d", got, before)
	}
}
