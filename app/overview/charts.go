package overview

import (
	"fmt"
	"image/color"
	"math"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"gloss.app/gloss/annotate/stats"
	"gloss.app/gloss/app/tagcolor"
)

const (
	pad         = float32(8)
	maxSeries   = 8  // tags shown in stacked charts; the rest are "Other tags"
	maxHeatTags = 24 // tags in the heat map, the most frequent
	maxSources  = 15
)

// otherColor is the stack of the tags beyond maxSeries.
var otherColor = color.NRGBA{R: 0x9E, G: 0x9E, B: 0x9E, A: 0xFF}

func emptyDrawing(size fyne.Size, msg string) drawing {
	t := text(msg, max(size.Width/2, 150), max(size.Height/2-10, pad), 0, textSize(), muted(), false)
	return drawing{objects: []fyne.CanvasObject{t}, min: fyne.NewSize(300, 60)}
}

// frequencyDrawing: one horizontal bar per used tag in its colour, indented by depth,
// with annotations and articles at the end of the bar.
func frequencyDrawing(r *stats.Report, rollup bool, onTag func(path string)) func(fyne.Size) drawing {
	return func(size fyne.Size) drawing {
		if r == nil || r.Annotations == 0 {
			return emptyDrawing(size, "No annotations to count")
		}
		type row struct {
			t        stats.TagCount
			ann, art int
		}
		var rows []row
		maxN := 0
		for _, t := range r.Tags {
			n, a := t.Annotations, t.Articles
			if rollup {
				n, a = t.TotalAnnotations, t.TotalArticles
			}
			// A parent nobody tagged directly still heads its used sub-tags: without it
			// they were drawn indented under the tag above, as if its children.
			if n == 0 && t.TotalAnnotations == 0 {
				continue
			}
			rows = append(rows, row{t, n, a})
			maxN = max(maxN, n)
		}
		ts, ss := textSize(), smallSize()
		rowH := ts * 1.9
		labelW := float32(0)
		for _, rw := range rows {
			labelW = max(labelW, textWidth(rw.t.Name, ts)+float32(rw.t.Depth)*12)
		}
		labelW = min(labelW+pad, max(size.Width*0.4, 120))
		countW := textWidth("00000 (0000)", ss) + pad
		plotX := pad + labelW
		plotW := max(size.Width-plotX-countW-pad, 60)
		top := pad
		axisMax := niceMax(maxN)
		d := drawing{min: fyne.NewSize(plotX+60+countW+pad, top+float32(len(rows))*rowH+ts*3+pad)}
		bottom := top + float32(len(rows))*rowH
		for _, f := range tickFractions(axisMax) {
			x := plotX + plotW*f
			d.objects = append(d.objects, line(x, top, x, bottom, grid()),
				text(fmt.Sprint(int(float32(axisMax)*f)), x, bottom+2, 0, ss, muted(), false))
		}
		axis := "Annotations per tag (articles in brackets)"
		if rollup {
			axis += ", sub-tags included"
		}
		d.objects = append(d.objects, text(axis, plotX+plotW/2, bottom+ss*1.6, 0, ss, fg(), false))
		for i, rw := range rows {
			y := top + float32(i)*rowH
			indent := float32(rw.t.Depth) * 12
			name := ellipsize(rw.t.Name, labelW-indent-pad, ts)
			d.objects = append(d.objects, text(name, pad+indent, y+(rowH-ts*1.3)/2, -1, ts, fg(), rw.t.Depth == 0 && rw.t.HasChildren))
			if rw.ann == 0 {
				continue // a heading for its sub-tags: no bar
			}
			w := plotW * float32(rw.ann) / float32(axisMax)
			d.objects = append(d.objects, rect(plotX, y+rowH*0.18, w, rowH*0.64, tagcolor.Parse(rw.t.Color)),
				text(fmt.Sprintf("%d (%d)", rw.ann, rw.art), plotX+w+4, y+(rowH-ss*1.3)/2, -1, ss, fg(), false))
			path := rw.t.Path
			d.hits = append(d.hits, hitArea{rect: [4]float32{0, y, size.Width, rowH},
				tip:   fmt.Sprintf("%s: %s in %s", path, count(rw.ann, "annotation"), count(rw.art, "article")),
				onTap: func() { onTag(path) }})
		}
		return d
	}
}

// heatmapDrawing: the co-occurrence matrix, numbered rows and columns, cells shaded by
// count and labelled; the diagonal (a tag's own count) is drawn neutral.
func heatmapDrawing(r *stats.Report, onCell func(a, b string)) func(fyne.Size) drawing {
	return func(size fyne.Size) drawing {
		if r == nil || len(r.Cooccurrence.TagIDs) < 2 {
			return emptyDrawing(size, "Co-occurrence needs annotations with at least two different tags")
		}
		co := r.Cooccurrence
		// The most frequent tags, in codebook order.
		idx := make([]int, len(co.TagIDs))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool { return co.Counts[idx[a]][idx[a]] > co.Counts[idx[b]][idx[b]] })
		if len(idx) > maxHeatTags {
			idx = idx[:maxHeatTags]
		}
		sort.Ints(idx)
		tags := make([]stats.TagCount, len(idx))
		for k, i := range idx {
			tags[k], _ = r.Tag(co.TagIDs[i])
		}
		maxV := 0
		for _, i := range idx {
			for _, j := range idx {
				if i != j {
					maxV = max(maxV, co.Counts[i][j])
				}
			}
		}
		ts, ss := textSize(), smallSize()
		n := len(idx)
		labelW := float32(0)
		for k, t := range tags {
			labelW = max(labelW, textWidth(fmt.Sprintf("%d  %s", k+1, t.Name), ts))
		}
		labelW = min(labelW+pad+14, max(size.Width*0.45, 140))
		headH := ts * 1.8
		cell := min(max((size.Width-labelW-2*pad)/float32(n), 26), 56)
		x0, y0 := pad+labelW, pad+headH
		d := drawing{min: fyne.NewSize(labelW+26*float32(n)+2*pad, y0+26*float32(n)+ts*4)}
		base := theme.Color(theme.ColorNameBackground)
		hot := theme.Color(theme.ColorNamePrimary)
		for k, t := range tags {
			y := y0 + float32(k)*cell
			label := ellipsize(fmt.Sprintf("%d  %s", k+1, t.Name), labelW-pad-14, ts)
			d.objects = append(d.objects,
				rect(pad, y+cell/2-5, 10, 10, tagcolor.Parse(t.Color)),
				text(label, pad+14, y+(cell-ts*1.3)/2, -1, ts, fg(), false),
				text(fmt.Sprint(k+1), x0+float32(k)*cell+cell/2, pad, 0, ss, muted(), true))
		}
		for a, i := range idx {
			for b, j := range idx {
				v := co.Counts[i][j]
				x, y := x0+float32(b)*cell, y0+float32(a)*cell
				fill := mix(base, hot, 0)
				label := fmt.Sprint(v)
				txt := muted()
				if i == j {
					fill = mix(base, grid(), 0.6)
				} else if v > 0 {
					fill = mix(base, hot, 0.15+0.85*float64(v)/float64(maxV))
					txt = readableOn(fill)
				} else {
					label = ""
				}
				d.objects = append(d.objects, rect(x+1, y+1, cell-2, cell-2, fill))
				if label != "" {
					d.objects = append(d.objects, text(label, x+cell/2, y+(cell-ss*1.3)/2, 0, ss, txt, false))
				}
				ta, tb := tags[a], tags[b]
				what := "annotations"
				if co.SameArticle {
					what = "articles"
				}
				tip := fmt.Sprintf("%s × %s: %d — click to search", ta.Path, tb.Path, v)
				if i == j {
					tip = fmt.Sprintf("%s: %d %s", ta.Path, v, what)
				}
				d.hits = append(d.hits, hitArea{rect: [4]float32{x, y, cell, cell}, tip: tip,
					onTap: func() { onCell(ta.Path, tb.Path) }})
			}
		}
		// Legend: the colour scale and what a cell counts.
		ly := y0 + float32(n)*cell + pad
		for s := 0; s < 5; s++ {
			d.objects = append(d.objects, rect(x0+float32(s)*18, ly, 18, 12, mix(base, hot, 0.15+0.85*float64(s)/4)))
		}
		d.objects = append(d.objects,
			text("1", x0-4, ly-1, 1, ss, muted(), false),
			text(fmt.Sprint(max(maxV, 1)), x0+5*18+4, ly-1, -1, ss, muted(), false))
		note := "Cells: places where two tags meet (same or overlapping annotations). Diagonal: annotations of the tag."
		if co.SameArticle {
			note = "Cells: articles holding both tags. Diagonal: articles holding the tag."
		}
		d.objects = append(d.objects, text(note, pad, ly+ss*1.8, -1, ss, fg(), false))
		if len(co.TagIDs) > n {
			d.objects = append(d.objects, text(fmt.Sprintf("The %d most frequent of %d tags.", n, len(co.TagIDs)), pad, ly+ss*3.4, -1, ss, muted(), false))
		}
		return d
	}
}

// seriesPick chooses the tags a stacked chart shows: the maxSeries most used, codebook order.
type seriesPick struct {
	tags  []stats.TagCount
	other bool
}

func pickSeries(r *stats.Report, total func(id string) int) seriesPick {
	var used []stats.TagCount
	for _, t := range r.Tags {
		if total(t.ID) > 0 {
			used = append(used, t)
		}
	}
	if len(used) <= maxSeries {
		return seriesPick{tags: used}
	}
	sorted := append([]stats.TagCount(nil), used...)
	sort.SliceStable(sorted, func(i, j int) bool { return total(sorted[i].ID) > total(sorted[j].ID) })
	keep := map[string]bool{}
	for _, t := range sorted[:maxSeries] {
		keep[t.ID] = true
	}
	var out []stats.TagCount
	for _, t := range used {
		if keep[t.ID] {
			out = append(out, t)
		}
	}
	return seriesPick{tags: out, other: true}
}

// legend draws swatches and names flowing over rows within width; it returns the height.
func legend(d *drawing, p seriesPick, x, y, width float32) float32 {
	ss := smallSize()
	cx, cy := x, y
	add := func(name string, c color.Color) {
		w := 14 + textWidth(name, ss) + 14
		if cx+w > x+width && cx > x {
			cx, cy = x, cy+ss*1.8
		}
		d.objects = append(d.objects, rect(cx, cy+2, 10, 10, c), text(name, cx+14, cy, -1, ss, fg(), false))
		cx += w
	}
	for _, t := range p.tags {
		add(t.Path, tagcolor.Parse(t.Color))
	}
	if p.other {
		add("Other tags", otherColor)
	}
	return cy + ss*1.8 - y
}

// timelineDrawing: stacked bars of tag uses per period, an "undated" bar apart.
func timelineDrawing(r *stats.Report, onBucket func(label string)) func(fyne.Size) drawing {
	return func(size fyne.Size) drawing {
		if r == nil || (len(r.Timeline.Buckets) == 0 && r.Timeline.Undated == 0) {
			return emptyDrawing(size, "No annotations to put on a timeline")
		}
		tl := r.Timeline
		series := map[string]stats.Series{}
		for _, s := range tl.Series {
			series[s.TagID] = s
		}
		pick := pickSeries(r, func(id string) int {
			s := series[id]
			n := s.Undated
			for _, c := range s.Counts {
				n += c
			}
			return n
		})
		shown := map[string]bool{}
		for _, t := range pick.tags {
			shown[t.ID] = true
		}
		nb := len(tl.Buckets)
		cols := nb
		if tl.Undated > 0 {
			cols += 2 // a gap and the undated bar
		}
		// stack returns the heights of each shown tag (and Other) in column b (-1: undated).
		stack := func(b int) ([]int, int) {
			var h []int
			other := 0
			for _, s := range tl.Series {
				n := s.Undated
				if b >= 0 {
					n = s.Counts[b]
				}
				if shown[s.TagID] {
					continue
				}
				other += n
			}
			for _, t := range pick.tags {
				s := series[t.ID]
				if b >= 0 {
					h = append(h, s.Counts[b])
				} else {
					h = append(h, s.Undated)
				}
			}
			return h, other
		}
		maxSum := 0
		for b := -1; b < nb; b++ {
			h, other := stack(b)
			sum := other
			for _, v := range h {
				sum += v
			}
			maxSum = max(maxSum, sum)
		}
		ts, ss := textSize(), smallSize()
		axisMax := niceMax(maxSum)
		axisW := textWidth(fmt.Sprint(axisMax), ss) + pad*2
		plotX, plotY := pad+axisW, pad+ss
		plotW := max(size.Width-plotX-pad, float32(cols)*3)
		legendH := legendHeight(pick, plotW)
		plotH := max(size.Height-plotY-ss*4-legendH-pad, 120)
		d := drawing{min: fyne.NewSize(plotX+float32(cols)*3+pad, plotY+120+ss*4+legendH+pad)}
		bottom := plotY + plotH
		for _, f := range tickFractions(axisMax) {
			y := bottom - plotH*f
			d.objects = append(d.objects, line(plotX, y, plotX+plotW, y, grid()),
				text(fmt.Sprint(int(float32(axisMax)*f)), plotX-4, y-ss*0.7, 1, ss, muted(), false))
		}
		slot := plotW / float32(cols)
		barW := min(max(slot*0.8, 1), 64)
		labelEvery := int(math.Ceil(float64((textWidth("2025-W45", ss) + pad) / slot)))
		drawBar := func(col int, b int, label string) {
			h, other := stack(b)
			x := plotX + float32(col)*slot + (slot-barW)/2
			y := bottom
			total := other
			for k, v := range h {
				hh := plotH * float32(v) / float32(axisMax)
				y -= hh
				d.objects = append(d.objects, rect(x, y, barW, hh, tagcolor.Parse(pick.tags[k].Color)))
				total += v
			}
			if other > 0 {
				hh := plotH * float32(other) / float32(axisMax)
				d.objects = append(d.objects, rect(x, y-hh, barW, hh, otherColor))
			}
			var parts []string
			for k, v := range h {
				if v > 0 {
					parts = append(parts, fmt.Sprintf("%s %d", pick.tags[k].Name, v))
				}
			}
			if other > 0 {
				parts = append(parts, fmt.Sprintf("other %d", other))
			}
			d.hits = append(d.hits, hitArea{rect: [4]float32{plotX + float32(col)*slot, plotY, slot, plotH},
				tip:   fmt.Sprintf("%s: %d tag uses — %s", label, total, strings.Join(parts, ", ")),
				onTap: func() { onBucket(label) }})
		}
		for b, bucket := range tl.Buckets {
			drawBar(b, b, bucket.Label)
			if b%max(labelEvery, 1) == 0 {
				d.objects = append(d.objects, text(bucket.Label, plotX+float32(b)*slot+slot/2, bottom+2, 0, ss, muted(), false))
			}
		}
		if tl.Undated > 0 {
			drawBar(cols-1, -1, "undated")
			d.objects = append(d.objects, text("undated", plotX+float32(cols-1)*slot+slot/2, bottom+ss*1.5, 0, ss, muted(), false))
		}
		d.objects = append(d.objects, line(plotX, plotY, plotX, bottom, grid()),
			text(fmt.Sprintf("Tag uses per %s of the published date", tl.Period), plotX+plotW/2, bottom+ss*2.8, 0, ss, fg(), false))
		legend(&d, pick, plotX, bottom+ss*4.4, plotW)
		_ = ts
		return d
	}
}

func legendHeight(p seriesPick, width float32) float32 {
	var d drawing
	return legend(&d, p, 0, 0, width)
}

// sourcesDrawing: one horizontal stacked bar per outlet.
func sourcesDrawing(r *stats.Report, onSource func(source string)) func(fyne.Size) drawing {
	return func(size fyne.Size) drawing {
		if r == nil || len(r.Sources) == 0 {
			return emptyDrawing(size, "No annotations to count by source")
		}
		srcs := r.Sources
		if len(srcs) > maxSources {
			srcs = srcs[:maxSources]
		}
		pick := pickSeries(r, func(id string) int {
			n := 0
			for _, s := range r.Sources {
				n += s.Tags[id]
			}
			return n
		})
		shown := map[string]bool{}
		for _, t := range pick.tags {
			shown[t.ID] = true
		}
		ts, ss := textSize(), smallSize()
		rowH := ts * 1.9
		labelW := float32(0)
		for _, s := range srcs {
			labelW = max(labelW, textWidth(sourceName(s.Source), ts))
		}
		labelW = min(labelW+pad, max(size.Width*0.35, 120))
		countW := textWidth("00000 in 0000 articles", ss) + pad
		plotX := pad + labelW
		plotW := max(size.Width-plotX-countW-pad, 60)
		maxSum := 0
		for _, s := range srcs {
			sum := 0
			for _, n := range s.Tags {
				sum += n
			}
			maxSum = max(maxSum, sum)
		}
		axisMax := niceMax(maxSum)
		top := pad
		bottom := top + float32(len(srcs))*rowH
		legendH := legendHeight(pick, size.Width-2*pad)
		d := drawing{min: fyne.NewSize(plotX+60+countW+pad, bottom+ss*4+legendH+pad)}
		for _, f := range tickFractions(axisMax) {
			x := plotX + plotW*f
			d.objects = append(d.objects, line(x, top, x, bottom, grid()),
				text(fmt.Sprint(int(float32(axisMax)*f)), x, bottom+2, 0, ss, muted(), false))
		}
		d.objects = append(d.objects, text("Tag uses per outlet (annotations and articles at the end)", plotX+plotW/2, bottom+ss*1.6, 0, ss, fg(), false))
		for i, s := range srcs {
			y := top + float32(i)*rowH
			d.objects = append(d.objects, text(ellipsize(sourceName(s.Source), labelW-pad, ts), pad, y+(rowH-ts*1.3)/2, -1, ts, fg(), false))
			x := plotX
			other := 0
			for id, n := range s.Tags {
				if !shown[id] {
					other += n
				}
			}
			for _, t := range pick.tags {
				w := plotW * float32(s.Tags[t.ID]) / float32(axisMax)
				d.objects = append(d.objects, rect(x, y+rowH*0.18, w, rowH*0.64, tagcolor.Parse(t.Color)))
				x += w
			}
			if other > 0 {
				w := plotW * float32(other) / float32(axisMax)
				d.objects = append(d.objects, rect(x, y+rowH*0.18, w, rowH*0.64, otherColor))
				x += w
			}
			d.objects = append(d.objects, text(fmt.Sprintf("%d in %s", s.Annotations, count(s.Articles, "article")), x+4, y+(rowH-ss*1.3)/2, -1, ss, fg(), false))
			source := s.Source
			d.hits = append(d.hits, hitArea{rect: [4]float32{0, y, size.Width, rowH},
				tip:   fmt.Sprintf("%s: %s in %s", sourceName(s.Source), count(s.Annotations, "annotation"), count(s.Articles, "article")),
				onTap: func() { onSource(source) }})
		}
		if len(r.Sources) > len(srcs) {
			d.objects = append(d.objects, text(fmt.Sprintf("The %d most annotated of %d outlets.", len(srcs), len(r.Sources)), pad, bottom+ss*3, -1, ss, muted(), false))
		}
		legend(&d, pick, pad, bottom+ss*4.4, size.Width-2*pad)
		return d
	}
}

func sourceName(s string) string {
	if s == "" {
		return stats.NoSource
	}
	return s
}
