package searchview

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

func drawnText(segs []widget.RichTextSegment) string {
	var b strings.Builder
	for _, s := range segs {
		b.WriteString(s.(*widget.TextSegment).Text)
	}
	return b.String()
}

func drawnWidth(segs []widget.RichTextSegment) float32 {
	var w float32
	for _, s := range segs {
		ts := s.(*widget.TextSegment)
		w += segmentMeasure(ts)(ts.Text)
	}
	return w
}

func TestLineTextEndsWithEllipsis(t *testing.T) {
	test.NewTempApp(t)
	long := Segments(`…the other side claimed the strikes hit "military-industrial facilities" only; local officials published photographs`,
		[][2]int{{28, 35}}, plainStyle)
	// A width that ends inside "strikes".
	inMatch := segmentMeasure(long[0].(*widget.TextSegment))("…the other side claimed the ") +
		segmentMeasure(long[1].(*widget.TextSegment))("stri…") + 2*theme.InnerPadding()
	tests := []struct {
		name     string
		segs     []widget.RichTextSegment
		width    float32
		wantCut  bool
		wantText string // when not cut
	}{
		{"short text is drawn whole", Segments("Strikes on the grid", [][2]int{{0, 7}}, plainStyle), 400, false, "Strikes on the grid"},
		{"cut in the plain text after the match", long, 300, true, ""},
		{"cut inside the matched word", long, inMatch, true, ""},
		{"narrow", long, 40, true, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := newLineText()
			test.NewTempWindow(t, container.NewThemeOverride(l, matchTheme{}))
			l.SetSegments(tc.segs)
			l.Resize(fyne.NewSize(tc.width, l.MinSize().Height))
			got := l.Segments()
			text := drawnText(got)
			if !tc.wantCut {
				if text != tc.wantText {
					t.Fatalf("drawn %q, want %q", text, tc.wantText)
				}
				return
			}
			if !strings.HasSuffix(text, "…") {
				t.Fatalf("cut text %q has no ellipsis", text)
			}
			if avail := tc.width - 2*theme.InnerPadding(); drawnWidth(got) > avail+0.5 {
				t.Fatalf("drawn %q is %v wide, room %v", text, drawnWidth(got), avail)
			}
			full := drawnText(tc.segs)
			if !strings.HasPrefix(full, strings.TrimSuffix(text, "…")) {
				t.Fatalf("drawn %q is not the start of %q", text, full)
			}
			// Growing again shows more (the cut follows the width).
			l.Resize(fyne.NewSize(tc.width*3, l.Size().Height))
			if wider := drawnText(l.Segments()); len([]rune(wider)) <= len([]rune(text)) {
				t.Fatalf("at three times the width: %q (was %q)", wider, text)
			}
		})
	}
	// The matched word keeps its style when it is the one cut.
	l := newLineText()
	test.NewTempWindow(t, container.NewThemeOverride(l, matchTheme{}))
	l.SetSegments(long)
	l.Resize(fyne.NewSize(inMatch, 40))
	last := l.Segments()[len(l.Segments())-1].(*widget.TextSegment)
	if last.Style.ColorName != colorNameMatch || !strings.HasSuffix(last.Text, "…") {
		t.Fatalf("last drawn segment %q style %+v", last.Text, last.Style)
	}
}
