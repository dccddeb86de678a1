package searchview

import (
	"image/color"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/app/tagcolor"
	"gloss.app/gloss/app/textfit"
	"gloss.app/gloss/app/uikit"
	"gloss.app/gloss/search"
)

// maxFacetChips bounds the chips of one facet (the most frequent sources; every tag).
const maxFacetChips = 40

// TagTerm is the query filter for a tag: its path in quotes (a tag matches its children
// too), or its id when the path itself holds a quote.
func TagTerm(cb *annotate.Codebook, id string) string {
	path := id
	if cb != nil {
		if p := cb.Path(id); p != "" {
			path = p
		}
	}
	if strings.ContainsAny(path, "\"“”„") {
		return "tag:" + id
	}
	return `tag:"` + path + `"`
}

// SourceTerm is the query filter for an outlet.
func SourceTerm(source string) string {
	if strings.ContainsAny(source, "\"“”„") {
		return "source:" + strings.Fields(source)[0] + "*"
	}
	return `source:"` + source + `"`
}

// MonthTerm is the query filter for a month of publication (key YYYY-MM).
func MonthTerm(month string) string { return "published:" + month }

// ToggleTerm adds term to the query, or takes it out when the query has it already.
func ToggleTerm(q, term string) string {
	if i := strings.Index(q, term); i >= 0 {
		out := strings.TrimSpace(q[:i]) + " " + strings.TrimSpace(q[i+len(term):])
		return strings.TrimSpace(out)
	}
	q = strings.TrimSpace(q)
	if q == "" {
		return term
	}
	return q + " " + term
}

// facetPanel shows the facets of the whole result set as chips; a click filters.
type facetPanel struct {
	v       *View
	tags    *fyne.Container
	sources *fyne.Container
	months  *fyne.Container
	heads   [3]*widget.Label
	scroll  *container.Scroll
	// chips by label, for tests.
	chips map[string]*Chip
}

func newFacetPanel(v *View) *facetPanel {
	p := &facetPanel{v: v, tags: uikit.NewCappedFlow(flowMinWidth), sources: uikit.NewCappedFlow(flowMinWidth),
		months: uikit.NewCappedFlow(flowMinWidth), chips: map[string]*Chip{}}
	for i, s := range []string{"Tags", "Sources", "Months published"} {
		p.heads[i] = widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		p.heads[i].SizeName = theme.SizeNameCaptionText
	}
	p.scroll = container.NewVScroll(container.NewVBox(p.heads[0], p.tags, p.heads[1], p.sources, p.heads[2], p.months))
	return p
}

func (p *facetPanel) object() fyne.CanvasObject { return p.scroll }

// show replaces the chips; chips whose filter is in the query are drawn as active.
func (p *facetPanel) show(f search.Facets, q string) {
	cb := p.v.codebook()
	p.chips = map[string]*Chip{}
	fill := func(box *fyne.Container, head *widget.Label, counts []search.FacetCount, chip func(search.FacetCount) *Chip) {
		box.Objects = nil
		for i, c := range counts {
			if i == maxFacetChips {
				break
			}
			ch := chip(c)
			ch.Active = strings.Contains(q, ch.Term)
			p.chips[ch.Label] = ch
			box.Add(ch)
		}
		head.Hidden = len(box.Objects) == 0
		box.Refresh()
	}
	fill(p.tags, p.heads[0], f.Tags, func(c search.FacetCount) *Chip {
		name, col := c.Label, tagcolor.Fallback
		if cb != nil {
			if t, ok := cb.Tag(c.Key); ok {
				name, col = t.Name, tagcolor.Parse(t.Color)
			}
		}
		ch := NewChip(name, c.Count, col, TagTerm(cb, c.Key), p.v.toggleTerm)
		ch.Tooltip = c.Label
		return ch
	})
	fill(p.sources, p.heads[1], f.Sources, func(c search.FacetCount) *Chip {
		return NewChip(c.Label, c.Count, color.NRGBA{}, SourceTerm(c.Key), p.v.toggleTerm)
	})
	fill(p.months, p.heads[2], f.Months, func(c search.FacetCount) *Chip {
		return NewChip(c.Label, c.Count, color.NRGBA{}, MonthTerm(c.Key), p.v.toggleTerm)
	})
	// Twice: the flow layout learns its height from the first pass at the real width.
	p.scroll.Refresh()
	p.scroll.Refresh()
}

// Chip is a facet value with its count; tapping it toggles its filter in the query.
type Chip struct {
	widget.BaseWidget
	Label   string
	Count   int
	Term    string
	Tooltip string
	Active  bool
	col     color.NRGBA // zero: a neutral chip
	onTap   func(term string)
	hover   bool
}

// NewChip makes a chip; col is the tag colour (zero for neutral chips).
func NewChip(label string, count int, col color.NRGBA, term string, onTap func(string)) *Chip {
	c := &Chip{Label: label, Count: count, col: col, Term: term, onTap: onTap}
	c.ExtendBaseWidget(c)
	return c
}

// Tapped toggles the chip's filter.
func (c *Chip) Tapped(*fyne.PointEvent) {
	if c.onTap != nil {
		c.onTap(c.Term)
	}
}

// Cursor is a pointer, as over a button.
func (c *Chip) Cursor() desktop.Cursor { return desktop.PointerCursor }

// MouseIn shows hover.
func (c *Chip) MouseIn(*desktop.MouseEvent) { c.hover = true; c.Refresh() }

// MouseMoved is part of desktop.Hoverable.
func (c *Chip) MouseMoved(*desktop.MouseEvent) {}

// MouseOut clears hover.
func (c *Chip) MouseOut() { c.hover = false; c.Refresh() }

func (c *Chip) CreateRenderer() fyne.WidgetRenderer {
	r := &chipRenderer{c: c, bg: canvas.NewRectangle(color.Transparent), dot: canvas.NewCircle(color.Transparent),
		text: canvas.NewText("", color.Black), count: canvas.NewText("", color.Black)}
	r.bg.CornerRadius = 10
	r.Refresh()
	return r
}

type chipRenderer struct {
	c     *Chip
	bg    *canvas.Rectangle
	dot   *canvas.Circle
	text  *canvas.Text
	count *canvas.Text
}

const chipDot = 10

func (r *chipRenderer) pad() float32 { return theme.Padding() * 1.5 }

func (r *chipRenderer) Layout(s fyne.Size) {
	r.bg.Resize(s)
	r.bg.Move(fyne.NewPos(0, 0))
	x := r.pad()
	if r.dot.Visible() {
		r.dot.Resize(fyne.NewSize(chipDot, chipDot))
		r.dot.Move(fyne.NewPos(x, (s.Height-chipDot)/2))
		x += chipDot + theme.Padding()
	}
	cs := r.count.MinSize()
	// The label whole when the chip has its width, else cut to the room left (a chip
	// is never wider than the panel).
	room := s.Width - x - theme.Padding() - cs.Width - r.pad()
	r.text.Text, _ = textfit.Cut(r.label(), max(room, 0), textfit.Measurer(r.text.TextSize, r.text.TextStyle))
	ts := r.text.MinSize()
	r.text.Move(fyne.NewPos(x, (s.Height-ts.Height)/2))
	r.text.Resize(ts)
	x += ts.Width + theme.Padding()
	r.count.Move(fyne.NewPos(x, (s.Height-cs.Height)/2))
	r.count.Resize(cs)
}

// label is the chip's label on one line, whole.
func (r *chipRenderer) label() string { return strings.Join(strings.Fields(r.c.Label), " ") }

func (r *chipRenderer) MinSize() fyne.Size {
	ts := fyne.MeasureText(r.label(), r.text.TextSize, r.text.TextStyle)
	cs := r.count.MinSize()
	w := 2*r.pad() + ts.Width + theme.Padding() + cs.Width
	if r.dot.Visible() {
		w += chipDot + theme.Padding()
	}
	return fyne.NewSize(w, ts.Height+theme.Padding()*1.5)
}

func (r *chipRenderer) Refresh() {
	c := r.c
	fg := theme.Color(theme.ColorNameForeground)
	r.text.Text = r.label() // cut to the chip's width in Layout
	r.text.Color = fg
	r.text.TextSize = theme.CaptionTextSize()
	r.text.TextStyle.Bold = c.Active
	r.count.Text = strconv.Itoa(c.Count)
	r.count.Color = theme.Color(theme.ColorNamePlaceHolder)
	r.count.TextSize = theme.CaptionTextSize()
	if c.col.A != 0 {
		r.dot.FillColor = c.col
		r.dot.Show()
		r.bg.FillColor = color.NRGBA{R: c.col.R, G: c.col.G, B: c.col.B, A: 0x38}
		r.bg.StrokeColor = color.NRGBA{R: c.col.R, G: c.col.G, B: c.col.B, A: 0xA0}
	} else {
		r.dot.Hide()
		r.bg.FillColor = theme.Color(theme.ColorNameInputBackground)
		r.bg.StrokeColor = theme.Color(theme.ColorNameInputBorder)
	}
	r.bg.StrokeWidth = 1
	if c.hover {
		r.bg.FillColor = theme.Color(theme.ColorNameHover)
	}
	if c.Active {
		r.bg.StrokeColor = theme.Color(theme.ColorNamePrimary)
		r.bg.StrokeWidth = 2
	}
	r.bg.Refresh()
	r.dot.Refresh()
	r.text.Refresh()
	r.count.Refresh()
}

func (r *chipRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.dot, r.text, r.count}
}

func (r *chipRenderer) Destroy() {}

// flowMinWidth is the most width the chips ask of the panel: a long label must not hold
// the panel wide; chips narrower than their label cut it.
const flowMinWidth = 200
