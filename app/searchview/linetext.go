package searchview

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/app/textfit"
)

// lineText is one line of styled segments cut to its width with an ellipsis. Fyne's
// RichText truncation clips a line of several segments without one, so a result looked
// complete when it was not.
type lineText struct {
	widget.BaseWidget
	rt    *widget.RichText
	full  []widget.RichTextSegment
	width float32 // the width the shown segments were cut for
}

func newLineText() *lineText {
	l := &lineText{rt: widget.NewRichText()}
	l.rt.Truncation = fyne.TextTruncateClip // the minimum width stays small; fit cuts
	l.rt.Segments = []widget.RichTextSegment{&widget.TextSegment{Text: "x"}}
	l.ExtendBaseWidget(l)
	return l
}

// SetSegments shows segs (all *widget.TextSegment, inline), cut to the width.
func (l *lineText) SetSegments(segs []widget.RichTextSegment) {
	l.full = segs
	l.fit()
}

// Segments returns what is drawn (cut).
func (l *lineText) Segments() []widget.RichTextSegment { return l.rt.Segments }

// Resize cuts the text again for a new width.
func (l *lineText) Resize(s fyne.Size) {
	l.BaseWidget.Resize(s)
	if s.Width != l.width {
		l.fit()
	}
}

func (l *lineText) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(l.rt) }

func (l *lineText) fit() {
	l.width = l.Size().Width
	avail := l.width - 2*theme.InnerPadding()
	if l.width <= 0 || l.full == nil {
		l.rt.Segments = l.full
		l.rt.Refresh()
		return
	}
	l.rt.Segments = cutSegments(l.full, avail)
	l.rt.Refresh()
}

// cutSegments keeps the segments that fit in width and cuts the first one that does
// not, ending it with an ellipsis in its own style.
func cutSegments(segs []widget.RichTextSegment, width float32) []widget.RichTextSegment {
	var used float32
	out := make([]widget.RichTextSegment, 0, len(segs))
	for i, s := range segs {
		ts, ok := s.(*widget.TextSegment)
		if !ok {
			out = append(out, s)
			continue
		}
		m := segmentMeasure(ts)
		w := m(ts.Text)
		if used+w <= width {
			out = append(out, ts)
			used += w
			continue
		}
		cut, _ := textfit.Cut(ts.Text, width-used, m)
		if prev, ok := lastText(out); ok && cut == textfit.Ellipsis && i > 0 {
			// Not one character of this segment fits: the previous one ends with the
			// ellipsis instead (in its own style).
			pm := segmentMeasure(prev)
			pcut, _ := textfit.Cut(prev.Text+textfit.Ellipsis, pm(prev.Text)+(width-used), pm)
			out[len(out)-1] = &widget.TextSegment{Text: pcut, Style: prev.Style}
			return out
		}
		return append(out, &widget.TextSegment{Text: cut, Style: ts.Style})
	}
	return out
}

func lastText(segs []widget.RichTextSegment) (*widget.TextSegment, bool) {
	if len(segs) == 0 {
		return nil, false
	}
	ts, ok := segs[len(segs)-1].(*widget.TextSegment)
	return ts, ok
}

// segmentMeasure measures text as a segment of that style is drawn.
func segmentMeasure(ts *widget.TextSegment) textfit.Measure {
	size := theme.TextSize()
	if ts.Style.SizeName != "" {
		size = theme.Size(ts.Style.SizeName)
	}
	return textfit.Measurer(size, ts.Style.TextStyle)
}
