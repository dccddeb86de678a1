package library

// The source picker: which outlet, Telegram channel or mailbox the library lists. It
// sits under the filter box, lists every source with its articles and annotations (the
// largest first), finds one by typing, and combines with the filter and the sort.

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
)

// Source is the library's choice of source: every article (the zero value), or those of
// one source (One; an empty Name: the articles without a source).
type Source struct {
	One  bool
	Name string
}

// String encodes the choice for the preferences: "" every source, "=NAME" one.
func (s Source) String() string {
	if !s.One {
		return ""
	}
	return "=" + s.Name
}

// ParseSource reads what String wrote.
func ParseSource(s string) Source {
	name, one := strings.CutPrefix(s, "=")
	return Source{One: one, Name: name}
}

// Match reports whether an article is of the source.
func (s Source) Match(a annotate.Article) bool {
	switch {
	case !s.One:
		return true
	case strings.TrimSpace(s.Name) == "":
		return strings.TrimSpace(a.Source) == ""
	}
	return annotate.ArticleFilter{Source: s.Name}.Match(a)
}

// noSourceLabel names the articles without a source.
const noSourceLabel = "(no source)"

// pickRow is a row of the picker's list.
type pickRow struct {
	src                   Source
	articles, annotations int
}

func (r pickRow) label() string {
	switch {
	case !r.src.One:
		return "All sources"
	case r.src.Name == "":
		return noSourceLabel
	}
	return r.src.Name
}

// sourcePicker is the face of the choice (a button that says it) and the pop-up list.
type sourcePicker struct {
	counts []annotate.SourceCount
	total  pickRow // every article
	pick   Source
	onPick func(Source)

	face  *fyne.Container // button under a label that ends in "…" when narrow
	label *widget.Label
	btn   *widget.Button
	popup *widget.PopUp
	find  *findEntry
	list  *widget.List
	rows  []pickRow // as listed: all sources, then those matching the find text
}

func newSourcePicker(onPick func(Source)) *sourcePicker {
	p := &sourcePicker{onPick: onPick}
	p.label = widget.NewLabel("All sources")
	p.label.Truncation = fyne.TextTruncateEllipsis
	p.btn = widget.NewButton("", p.open)
	p.face = container.NewStack(p.btn, container.NewBorder(nil, nil, nil, widget.NewIcon(theme.MenuDropDownIcon()), p.label))
	p.find = newFindEntry(p)
	p.find.SetPlaceHolder("Find a source")
	p.find.OnChanged = func(string) { p.filterRows() }
	p.list = widget.NewList(func() int { return len(p.rows) }, p.newRow, p.updateRow)
	p.list.OnSelected = func(i widget.ListItemID) {
		p.list.Unselect(i)
		if i < len(p.rows) {
			p.choose(p.rows[i].src)
		}
	}
	return p
}

// setCounts shows new counts; a chosen source that has no article left goes back to all.
func (p *sourcePicker) setCounts(counts []annotate.SourceCount) (reset bool) {
	p.counts = counts
	p.total = pickRow{}
	for _, c := range counts {
		p.total.articles += c.Articles
		p.total.annotations += c.Annotations
	}
	if p.pick.One && p.count(p.pick) == nil {
		p.pick, reset = Source{}, true
	}
	p.showFace()
	p.filterRows()
	return reset
}

// count is the counts of a source (nil when it has no article).
func (p *sourcePicker) count(s Source) *annotate.SourceCount {
	for i, c := range p.counts {
		if sameSource(c.Source, s.Name) {
			return &p.counts[i]
		}
	}
	return nil
}

// sameSource compares sources as annotate.CountBySource groups them.
func sameSource(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

// chosen reports whether a row is the current choice.
func (p *sourcePicker) chosen(s Source) bool {
	return s.One == p.pick.One && (!s.One || sameSource(s.Name, p.pick.Name))
}

func (p *sourcePicker) showFace() {
	if !p.pick.One {
		p.label.SetText(fmt.Sprintf("All sources (%s)", thousands(p.total.articles)))
		return
	}
	n := 0
	if c := p.count(p.pick); c != nil {
		n = c.Articles
	}
	p.label.SetText(fmt.Sprintf("%s (%s)", pickRow{src: p.pick}.label(), thousands(n)))
}

// filterRows lists the sources whose name holds the find text.
func (p *sourcePicker) filterRows() {
	q := strings.ToLower(strings.TrimSpace(p.find.Text))
	p.rows = append(p.rows[:0], p.total)
	for _, c := range p.counts {
		r := pickRow{src: Source{One: true, Name: c.Source}, articles: c.Articles, annotations: c.Annotations}
		if q == "" || strings.Contains(strings.ToLower(r.label()), q) {
			p.rows = append(p.rows, r)
		}
	}
	p.list.Refresh()
}

func (p *sourcePicker) choose(s Source) {
	if p.popup != nil {
		p.popup.Hide()
	}
	if p.chosen(s) {
		return
	}
	p.pick = s
	p.showFace()
	if p.onPick != nil {
		p.onPick(s)
	}
}

// open shows the list under the face, at least as wide as the panel would give it.
func (p *sourcePicker) open() {
	c := fyne.CurrentApp().Driver().CanvasForObject(p.face)
	if c == nil {
		return
	}
	p.find.SetText("")
	head := widget.NewLabel("articles · annotations")
	head.SizeName = theme.SizeNameCaptionText
	head.Alignment = fyne.TextAlignTrailing
	top := container.NewVBox(p.find, head)
	content := container.NewBorder(top, nil, nil, nil, p.list)
	p.popup = widget.NewPopUp(content, c)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(p.face).AddXY(0, p.face.Size().Height)
	rowH := p.newRow().MinSize().Height + theme.Padding() // the list puts a padding between rows
	height := min(float32(len(p.rows))*rowH+top.MinSize().Height+4*theme.Padding(), 440, c.Size().Height-pos.Y-8)
	width := min(max(p.face.Size().Width, 420), c.Size().Width-pos.X-8)
	p.popup.ShowAtPosition(pos)
	p.popup.Resize(fyne.NewSize(width, max(height, 120)))
	c.Focus(p.find)
}

// pickFirst chooses the first source matching the find text, or all sources when
// nothing is typed (Enter in the find box).
func (p *sourcePicker) pickFirst() {
	if len(p.rows) > 1 && strings.TrimSpace(p.find.Text) != "" {
		p.choose(p.rows[1].src)
	} else if len(p.rows) > 0 {
		p.choose(p.rows[0].src)
	}
}

func (p *sourcePicker) newRow() fyne.CanvasObject {
	mark := widget.NewIcon(theme.ConfirmIcon())
	name := widget.NewLabel("source")
	name.Truncation = fyne.TextTruncateEllipsis
	count := widget.NewLabel("0 · 0")
	return container.NewBorder(nil, nil, mark, count, name)
}

func (p *sourcePicker) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(p.rows) {
		return
	}
	r := p.rows[i]
	row := o.(*fyne.Container)
	name, mark, count := row.Objects[0].(*widget.Label), row.Objects[1].(*widget.Icon), row.Objects[2].(*widget.Label)
	name.SetText(r.label())
	name.TextStyle.Italic = r.src.One && r.src.Name == ""
	name.TextStyle.Bold = !r.src.One
	name.Refresh()
	count.SetText(thousands(r.articles) + " · " + thousands(r.annotations))
	if p.chosen(r.src) {
		mark.SetResource(theme.ConfirmIcon())
	} else {
		mark.SetResource(blank)
	}
}

// blank keeps the mark's room on the rows not chosen.
var blank = &fyne.StaticResource{StaticName: "blank.svg", StaticContent: []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24"/>`)}

// findEntry is the picker's find box: Enter chooses the first match, Escape closes.
type findEntry struct {
	widget.Entry
	p *sourcePicker
}

func newFindEntry(p *sourcePicker) *findEntry {
	e := &findEntry{p: p}
	e.ExtendBaseWidget(e)
	return e
}

func (e *findEntry) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		e.p.pickFirst()
	case fyne.KeyEscape:
		if e.p.popup != nil {
			e.p.popup.Hide()
		}
	default:
		e.Entry.TypedKey(k)
	}
}

// thousands writes n in groups of three: 4,210.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
