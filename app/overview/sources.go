package overview

import (
	"fmt"

	"fyne.io/fyne/v2"

	"gloss.app/gloss/annotate/stats"
	"gloss.app/gloss/app/tagcolor"
)

// sourcesDrawing: one horizontal stacked bar per outlet.
func sourcesDrawing(r *stats.Report, onSource func(source string)) func(fyne.Size) drawing {
	return func(size fyne.Size) drawing {
		if r == nil || len(r.Sources) == 0 {
			return emptyDrawing(size, "No annotations to count by source")
		}
		srcs := r.Sources[:min(len(r.Sources), maxSources)]
		pick := pickSeries(r, func(id string) int {
			n := 0
			for _, s := range r.Sources {
				n += s.Tags[id]
			}
			return n
		})
		labelW, maxSum := float32(0), 0
		for _, s := range srcs {
			labelW = max(labelW, textWidth(sourceName(s.Source), textSize()))
			sum := 0
			for _, n := range s.Tags {
				sum += n
			}
			maxSum = max(maxSum, sum)
		}
		g := newRowsLayout(size.Width, labelW, 0.35, "00000 in 0000 articles", len(srcs), maxSum)
		legendH := legendHeight(pick, size.Width-2*pad)
		d := drawing{min: fyne.NewSize(g.minWidth(), g.bottom()+g.ss*4+legendH+pad)}
		g.drawAxis(&d, "Tag uses per outlet (annotations and articles at the end)")
		shown := pick.shown()
		for i, s := range srcs {
			drawSourceRow(&d, g, i, s, pick, shown, size.Width, onSource)
		}
		if len(r.Sources) > len(srcs) {
			d.objects = append(d.objects, text(fmt.Sprintf("The %d most annotated of %d outlets.", len(srcs), len(r.Sources)), pad, g.bottom()+g.ss*3, -1, g.ss, muted(), false))
		}
		legend(&d, pick, pad, g.bottom()+g.ss*4.4, size.Width-2*pad)
		return d
	}
}

// drawSourceRow draws an outlet's name and its bar, stacked by the picked tags with the
// rest as "other"; a click searches the outlet.
func drawSourceRow(d *drawing, g rowsLayout, i int, s stats.SourceCount, pick seriesPick, shown map[string]bool, width float32, onSource func(string)) {
	g.drawLabel(d, i, ellipsize(sourceName(s.Source), g.labelW-pad, g.ts), 0, false)
	x := g.plotX
	for _, t := range pick.tags {
		w := g.barWidth(s.Tags[t.ID])
		g.drawBar(d, i, x, w, tagcolor.Parse(t.Color))
		x += w
	}
	other := 0
	for id, n := range s.Tags {
		if !shown[id] {
			other += n
		}
	}
	if other > 0 {
		w := g.barWidth(other)
		g.drawBar(d, i, x, w, otherColor)
		x += w
	}
	g.drawCount(d, i, x, fmt.Sprintf("%d in %s", s.Annotations, count(s.Articles, "article")))
	source := s.Source
	g.hitRow(d, i, width, fmt.Sprintf("%s: %s in %s", sourceName(s.Source), count(s.Annotations, "annotation"), count(s.Articles, "article")),
		func() { onSource(source) })
}

func sourceName(s string) string {
	if s == "" {
		return stats.NoSource
	}
	return s
}
