package overview

import (
	"fmt"

	"fyne.io/fyne/v2"

	"gloss.app/gloss/annotate/stats"
	"gloss.app/gloss/app/tagcolor"
)

// frequencyRow is a tag's bar: its annotations and articles (with sub-tags when rolled up).
type frequencyRow struct {
	t        stats.TagCount
	ann, art int
}

// frequencyDrawing: one horizontal bar per used tag in its colour, indented by depth,
// with annotations and articles at the end of the bar.
func frequencyDrawing(r *stats.Report, rollup bool, onTag func(path string)) func(fyne.Size) drawing {
	return func(size fyne.Size) drawing {
		if r == nil || r.Annotations == 0 {
			return emptyDrawing(size, "No annotations to count")
		}
		rows, maxN := frequencyRows(r, rollup)
		labelW := float32(0)
		for _, rw := range rows {
			labelW = max(labelW, textWidth(rw.t.Name, textSize())+float32(rw.t.Depth)*12)
		}
		g := newRowsLayout(size.Width, labelW, 0.4, "00000 (0000)", len(rows), maxN)
		d := drawing{min: fyne.NewSize(g.minWidth(), g.bottom()+g.ts*3+pad)}
		axis := "Annotations per tag (articles in brackets)"
		if rollup {
			axis += ", sub-tags included"
		}
		g.drawAxis(&d, axis)
		for i, rw := range rows {
			drawFrequencyRow(&d, g, i, rw, size.Width, onTag)
		}
		return d
	}
}

// frequencyRows are the tags to draw and the largest count. A parent nobody tagged
// directly still heads its used sub-tags: without it they were drawn indented under the
// tag above, as if its children.
func frequencyRows(r *stats.Report, rollup bool) ([]frequencyRow, int) {
	var rows []frequencyRow
	maxN := 0
	for _, t := range r.Tags {
		n, a := t.Annotations, t.Articles
		if rollup {
			n, a = t.TotalAnnotations, t.TotalArticles
		}
		if n == 0 && t.TotalAnnotations == 0 {
			continue
		}
		rows = append(rows, frequencyRow{t, n, a})
		maxN = max(maxN, n)
	}
	return rows, maxN
}

// drawFrequencyRow draws a tag's name and bar; a heading for its sub-tags has no bar.
func drawFrequencyRow(d *drawing, g rowsLayout, i int, rw frequencyRow, width float32, onTag func(path string)) {
	indent := float32(rw.t.Depth) * 12
	g.drawLabel(d, i, ellipsize(rw.t.Name, g.labelW-indent-pad, g.ts), indent, rw.t.Depth == 0 && rw.t.HasChildren)
	if rw.ann == 0 {
		return
	}
	w := g.barWidth(rw.ann)
	g.drawBar(d, i, g.plotX, w, tagcolor.Parse(rw.t.Color))
	g.drawCount(d, i, g.plotX+w, fmt.Sprintf("%d (%d)", rw.ann, rw.art))
	path := rw.t.Path
	g.hitRow(d, i, width, fmt.Sprintf("%s: %s in %s", path, count(rw.ann, "annotation"), count(rw.art, "article")),
		func() { onTag(path) })
}
