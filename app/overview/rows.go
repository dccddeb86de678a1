package overview

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
)

const (
	pad         = float32(8)
	maxSeries   = 8  // tags shown in stacked charts; the rest are "Other tags"
	maxHeatTags = 24 // tags in the heat map, the most frequent
	maxSources  = 15
)

func emptyDrawing(size fyne.Size, msg string) drawing {
	t := text(msg, max(size.Width/2, 150), max(size.Height/2-10, pad), 0, textSize(), muted(), false)
	return drawing{objects: []fyne.CanvasObject{t}, min: fyne.NewSize(300, 60)}
}

// rowsLayout is the geometry of a chart of horizontal bars (tag frequency, by source): a
// column of labels, the plot, and room after the longest bar for its count.
type rowsLayout struct {
	ts, ss  float32 // text sizes: labels, small print
	rowH    float32
	labelW  float32
	countW  float32
	plotX   float32
	plotW   float32
	top     float32
	rows    int
	axisMax int
}

// newRowsLayout fits rows bars of values up to maxValue into width: the label column is
// as wide as the widest label (labelWidth) up to labelShare of the width; countSample is
// the widest count written after a bar.
func newRowsLayout(width, labelWidth float32, labelShare float32, countSample string, rows, maxValue int) rowsLayout {
	g := rowsLayout{ts: textSize(), ss: smallSize(), top: pad, rows: rows, axisMax: niceMax(maxValue)}
	g.rowH = g.ts * 1.9
	g.labelW = min(labelWidth+pad, max(width*labelShare, 120))
	g.countW = textWidth(countSample, g.ss) + pad
	g.plotX = pad + g.labelW
	g.plotW = max(width-g.plotX-g.countW-pad, 60)
	return g
}

// y is the top of row i; bottom the foot of the last row.
func (g rowsLayout) y(i int) float32 { return g.top + float32(i)*g.rowH }
func (g rowsLayout) bottom() float32 { return g.y(g.rows) }

// minWidth is the narrowest the chart can be drawn.
func (g rowsLayout) minWidth() float32 { return g.plotX + 60 + g.countW + pad }

// barWidth is the length of a bar of n.
func (g rowsLayout) barWidth(n int) float32 { return g.plotW * float32(n) / float32(g.axisMax) }

// drawAxis draws the grid lines with their numbers under the rows, and the caption.
func (g rowsLayout) drawAxis(d *drawing, caption string) {
	bottom := g.bottom()
	for _, f := range tickFractions(g.axisMax) {
		x := g.plotX + g.plotW*f
		d.objects = append(d.objects, line(x, g.top, x, bottom, grid()),
			text(fmt.Sprint(int(float32(g.axisMax)*f)), x, bottom+2, 0, g.ss, muted(), false))
	}
	d.objects = append(d.objects, text(caption, g.plotX+g.plotW/2, bottom+g.ss*1.6, 0, g.ss, fg(), false))
}

// drawLabel writes a row's label, indented, vertically centred on the row.
func (g rowsLayout) drawLabel(d *drawing, i int, label string, indent float32, bold bool) {
	d.objects = append(d.objects, text(label, pad+indent, g.y(i)+(g.rowH-g.ts*1.3)/2, -1, g.ts, fg(), bold))
}

// drawBar draws a segment of row i from x, w long.
func (g rowsLayout) drawBar(d *drawing, i int, x, w float32, fill color.Color) {
	d.objects = append(d.objects, rect(x, g.y(i)+g.rowH*0.18, w, g.rowH*0.64, fill))
}

// drawCount writes a count after a bar ending at x.
func (g rowsLayout) drawCount(d *drawing, i int, x float32, s string) {
	d.objects = append(d.objects, text(s, x+4, g.y(i)+(g.rowH-g.ss*1.3)/2, -1, g.ss, fg(), false))
}

// hitRow makes the whole of row i (width wide) answer a tap with tip and onTap.
func (g rowsLayout) hitRow(d *drawing, i int, width float32, tip string, onTap func()) {
	d.hits = append(d.hits, hitArea{rect: [4]float32{0, g.y(i), width, g.rowH}, tip: tip, onTap: onTap})
}
