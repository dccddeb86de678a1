// Package suggestui is the suggestion list of the window's right panel: the passages the
// model proposes for the open article, each with its tag, score and reasons and a link to
// the nearest coded passage, the keys that accept and reject them, and what to say when
// there is nothing to show (switched off, still learning, a tag with too few examples).
// It also holds the per-tag switches dialog. The window feeds it a State and carries out
// its Actions through the command layer; the view decides nothing itself.
package suggestui

import (
	"fmt"
	"image/color"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/suggest"
	"gloss.app/gloss/app/tagcolor"
	"gloss.app/gloss/app/textfit"
)

// Item is one suggestion as a row shows it.
type Item struct {
	Suggestion suggest.Suggestion
	Tag        annotate.Tag // its name, colour and hotkey
}

// Silent is a tag that suggests nothing in this workspace, and why (Model.TagOff).
type Silent struct {
	Tag      annotate.Tag
	Why      string
	Examples int  // coded sentences
	Off      bool // switched off by the analyst
}

// State is everything the panel shows.
type State struct {
	NoArticle bool  // no article is open
	Off       bool  // suggestions are switched off for the workspace
	NoModel   bool  // the first model is still being learnt
	Training  bool  // a newer model is being learnt (or waits for a pause in the changes)
	Err       error // suggestions could not be read, or the last training failed
	Items     []Item
	Silent    []Silent
	// Learnt says what the current model learnt from ("" before the first).
	Learnt string
}

// Actions are what the panel asks of the window.
type Actions struct {
	Select      func(i int) // a row was chosen (click or keys): reveal and mark it
	Accept      func(i int)
	Reject      func(i int)
	OpenNearest func(n suggest.Neighbour) // open the coded passage a suggestion is like
	SetOn       func(on bool)             // the workspace's switch
	Tags        func()                    // the per-tag switches
	TypedRune   func(r rune)              // characters typed while the list has the keyboard
}

// View is the suggestion panel.
type View struct {
	act      Actions
	state    State
	selected int // -1 none

	on          *widget.Button // shown while suggestions are off
	status      *widget.Label
	list        *keyList
	placeholder *widget.Label
	silent      *widget.Hyperlink // "3 tags suggest nothing yet: why?" (the switches say why)
	learnt      *widget.Label
	box         fyne.CanvasObject

	width   float32 // the list's width the rows were measured for
	probe   *fyne.Container
	parts   map[*fyne.Container]*rowParts
	heights map[string]float32
	quiet   bool // Select is not told while Show keeps the selection
}

// New builds an empty panel.
func New(act Actions) *View {
	v := &View{act: act, selected: -1, parts: map[*fyne.Container]*rowParts{}}
	v.on = widget.NewButtonWithIcon("Switch suggestions on", theme.ConfirmIcon(), func() {
		if v.act.SetOn != nil {
			v.act.SetOn(true)
		}
	})
	tags := widget.NewButtonWithIcon("", theme.SettingsIcon(), func() {
		if v.act.Tags != nil {
			v.act.Tags()
		}
	})
	tags.Importance = widget.LowImportance
	v.status = widget.NewLabel("")
	v.status.Wrapping = fyne.TextWrapWord
	v.status.SizeName = theme.SizeNameCaptionText
	v.list = newKeyList(v)
	v.placeholder = widget.NewLabel("")
	v.placeholder.Wrapping = fyne.TextWrapWord
	v.silent = widget.NewHyperlink("", nil)
	v.silent.SizeName = theme.SizeNameCaptionText
	v.silent.OnTapped = func() {
		if v.act.Tags != nil {
			v.act.Tags()
		}
	}
	v.learnt = widget.NewLabel("")
	v.learnt.SizeName = theme.SizeNameCaptionText
	v.learnt.Truncation = fyne.TextTruncateEllipsis
	v.probe = v.newRow()
	// Room goes to the list: one line of status with the per-tag switches beside it
	// above, one line of what the model learnt and the silent tags' link below.
	top := container.NewBorder(nil, nil, nil, container.NewVBox(tags), v.status)
	bottom := container.NewBorder(nil, nil, nil, v.silent, v.learnt)
	empty := container.NewVBox(v.placeholder, container.NewHBox(v.on))
	centre := container.New(&widthLayout{onWidth: v.setWidth}, container.NewStack(v.list, container.NewPadded(empty)))
	v.box = container.NewBorder(top, bottom, nil, nil, centre)
	v.Show(State{NoArticle: true})
	return v
}

// Object is the panel's content.
func (v *View) Object() fyne.CanvasObject { return v.box }

// Show shows a new state; the selection stays on the same suggestion (same passage and
// tag) when it is still listed, without telling the window again.
func (v *View) Show(s State) {
	var keep *suggest.Suggestion
	if v.selected >= 0 && v.selected < len(v.state.Items) {
		k := v.state.Items[v.selected].Suggestion
		keep = &k
	}
	v.state = s
	v.selected = -1
	if s.Off {
		v.on.Show()
	} else {
		v.on.Hide()
	}
	v.status.SetText(statusLine(s))
	v.placeholder.SetText(placeholder(s))
	if len(s.Items) == 0 {
		v.placeholder.Show()
	} else {
		v.placeholder.Hide()
	}
	// With suggestions listed, the silent tags take one line (the switches dialog says
	// why each is silent); without, the list's room names them.
	v.silent.SetText(silentLink(s))
	if v.silent.Text == "" {
		v.silent.Hide()
	} else {
		v.silent.Show()
	}
	v.learnt.SetText(learntLine(s))
	v.measure()
	v.list.UnselectAll()
	v.list.Refresh()
	if keep != nil {
		if i := v.Index(*keep); i >= 0 {
			v.quiet = true // the window chose it already
			v.list.Select(i)
			v.quiet = false
		}
	}
}

// State is what the panel shows now.
func (v *View) State() State { return v.state }

// Index is the row of a suggestion (same passage and tag), -1 when it is not listed.
func (v *View) Index(s suggest.Suggestion) int {
	for i, it := range v.state.Items {
		if sameSuggestion(it.Suggestion, s) {
			return i
		}
	}
	return -1
}

func sameSuggestion(a, b suggest.Suggestion) bool {
	return a.ArticleID == b.ArticleID && a.Start == b.Start && a.End == b.End && a.TagID == b.TagID
}

// Select marks row i (-1: none) and scrolls to it; the window is told through
// Actions.Select as when the analyst clicks it.
func (v *View) Select(i int) {
	if i < 0 || i >= len(v.state.Items) {
		v.selected = -1
		v.list.UnselectAll()
		return
	}
	if i == v.selected {
		return
	}
	v.list.Select(i) // OnSelected records it and tells the window
}

// Selected is the selected row (-1 none).
func (v *View) Selected() int { return v.selected }

// SelectedItem is the selected suggestion.
func (v *View) SelectedItem() (Item, bool) {
	if v.selected < 0 || v.selected >= len(v.state.Items) {
		return Item{}, false
	}
	return v.state.Items[v.selected], true
}

// Unselect drops the selection without telling the window (it chose something else).
func (v *View) Unselect() {
	v.selected = -1
	v.list.UnselectAll()
}

// Len is how many suggestions are listed.
func (v *View) Len() int { return len(v.state.Items) }

// FocusList gives the list the keyboard (Enter, Delete, digits and arrows act on it).
func (v *View) FocusList(c fyne.Canvas) { c.Focus(v.list) }

// List is the list widget (tests type keys into it).
func (v *View) List() fyne.Focusable { return v.list }

// Lines are the panel's texts as shown (tests): status, placeholder, the silent tags'
// link, the model's line.
func (v *View) Lines() (status, placeholder, silent, learnt string) {
	p := ""
	if v.placeholder.Visible() {
		p = v.placeholder.Text
	}
	return v.status.Text, p, v.silent.Text, v.learnt.Text
}

// OnButton is the "Switch suggestions on" button (shown while they are off).
func (v *View) OnButton() *widget.Button { return v.on }

// statusLine is the sentence at the top: what is shown and how to act on it.
func statusLine(s State) string {
	switch {
	case s.Off:
		return "Suggestions are switched off for this workspace."
	case s.NoModel && s.Err != nil:
		return "⚠ Suggestions could not be learnt: " + s.Err.Error()
	case s.NoModel:
		return "Learning from your annotations… Suggestions appear in a moment; the window does not wait for them."
	case s.NoArticle:
		return "Open an article to see the passages Gloss suggests in it."
	case s.Err != nil && len(s.Items) == 0:
		return "⚠ " + s.Err.Error()
	}
	var parts []string
	if n := len(s.Items); n > 0 {
		parts = append(parts, fmt.Sprintf("%d %s · Enter or the tag's key accepts · Delete rejects",
			n, plural(n, "suggestion", "suggestions")))
	}
	if s.Err != nil {
		parts = append(parts, "⚠ "+s.Err.Error())
	}
	return strings.Join(parts, " ")
}

// learntLine says what the model learnt from, and that it is learning again.
func learntLine(s State) string {
	switch {
	case s.Off || s.NoModel:
		return ""
	case s.Training && s.Learnt != "":
		return s.Learnt + " · learning from your changes…"
	case s.Training:
		return "Learning from your changes…"
	}
	return s.Learnt
}

// placeholder is what the list's room says when it has no rows.
func placeholder(s State) string {
	switch {
	case s.Off:
		return "Gloss can propose passages of the open article for your tags, learnt on this computer from what you coded in this workspace. Nothing is added until you accept a suggestion."
	case s.NoModel, s.NoArticle, len(s.Items) > 0:
		return ""
	case s.Err != nil:
		return "No suggestions could be shown."
	}
	if why := silentLines(s.Silent, 8); why != "" {
		return "No suggestions in this article.\n\n" + why
	}
	return "No suggestions in this article: no sentence reaches its tag's cut."
}

// silentLink is the one line that counts the silent tags while suggestions are listed.
func silentLink(s State) string {
	if len(s.Items) == 0 || s.Off || s.NoModel {
		return ""
	}
	switch n := len(s.Silent); n {
	case 0:
		return ""
	case 1:
		return "1 tag silent: why?"
	default:
		return fmt.Sprintf("%d tags silent: why?", n)
	}
}

// silentLines names the tags that suggest nothing: switched off, or with some coded
// sentences but fewer than a model needs (the closest to suggesting first); the tags
// not coded at all are counted in one line. At most max lines.
func silentLines(tags []Silent, max int) string {
	var named []Silent
	uncoded := 0
	for _, t := range tags {
		if t.Off || t.Examples > 0 {
			named = append(named, t)
		} else {
			uncoded++
		}
	}
	sort.SliceStable(named, func(i, j int) bool {
		if named[i].Off != named[j].Off {
			return !named[i].Off
		}
		return named[i].Examples > named[j].Examples
	})
	var lines []string
	for i, t := range named {
		if i == max {
			lines = append(lines, fmt.Sprintf("… and %d more (Tags…)", len(named)-max))
			break
		}
		lines = append(lines, "• "+capitalise(t.Why))
	}
	if uncoded > 0 {
		lines = append(lines, fmt.Sprintf("%d %s no coded sentences yet.", uncoded, plural(uncoded, "tag has", "tags have")))
	}
	if len(lines) == 0 {
		return ""
	}
	return "Not suggested:\n" + strings.Join(lines, "\n")
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	if r[0] >= 'a' && r[0] <= 'z' {
		r[0] -= 'a' - 'A'
	}
	return string(r)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Rows.

// rowParts are the widgets of a row and the item it shows now.
type rowParts struct {
	index  int
	swatch *canvas.Rectangle
	tag    *widget.Label
	score  *widget.Label
	accept *widget.Button
	reject *widget.Button
	quote  *widget.Label
	near   *widget.Hyperlink // the coded passage it is like: a click opens it
	why    *widget.Label     // the other reasons: a coded phrase it contains, its words
}

// Quote and reason lines a row shows at most.
const (
	quoteLines = 2
	whyLines   = 3
)

func (v *View) newRow() *fyne.Container {
	p := &rowParts{index: -1}
	p.swatch = newSwatch(color.Transparent)
	p.tag = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.tag.Truncation = fyne.TextTruncateEllipsis
	p.score = widget.NewLabel("")
	p.score.SizeName = theme.SizeNameCaptionText
	p.accept = widget.NewButtonWithIcon("", theme.ConfirmIcon(), func() {
		if p.index >= 0 && v.act.Accept != nil {
			v.act.Accept(p.index)
		}
	})
	p.accept.Importance = widget.LowImportance
	p.reject = widget.NewButtonWithIcon("", theme.CancelIcon(), func() {
		if p.index >= 0 && v.act.Reject != nil {
			v.act.Reject(p.index)
		}
	})
	p.reject.Importance = widget.LowImportance
	p.quote = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	p.why = widget.NewLabel("")
	p.why.SizeName = theme.SizeNameCaptionText
	p.near = widget.NewHyperlink("", nil)
	p.near.SizeName = theme.SizeNameCaptionText
	p.near.Truncation = fyne.TextTruncateEllipsis
	p.near.OnTapped = func() {
		if p.index >= 0 && p.index < len(v.state.Items) && v.act.OpenNearest != nil {
			if n := v.state.Items[p.index].Suggestion.Nearest; n != nil {
				v.act.OpenNearest(*n)
			}
		}
	}
	head := container.NewBorder(nil, nil, container.NewCenter(p.swatch), container.NewHBox(p.score, p.accept, p.reject), p.tag)
	row := container.NewVBox(head, p.quote, p.near, p.why)
	v.parts[row] = p
	return row
}

// newSwatch is a small outlined square in a tag's colour: the list's sign for the
// dashed outline the reader draws.
func newSwatch(c color.Color) *canvas.Rectangle {
	r := canvas.NewRectangle(color.Transparent)
	r.StrokeColor, r.StrokeWidth, r.CornerRadius = c, 2, 2
	r.SetMinSize(fyne.NewSize(12, 12))
	return r
}

// textWidth is the room for a row's wrapped texts at the list's width.
func (v *View) textWidth() float32 {
	if v.width <= 0 {
		return 0
	}
	return v.width - 2*theme.InnerPadding() - 2*theme.Padding() - 12 // the list's scroll bar
}

func (v *View) wrap(s string, lines int, size float32, style fyne.TextStyle) string {
	w := v.textWidth()
	if w <= 0 {
		return textfit.Snippet(s, 100)
	}
	return strings.Join(textfit.Wrap(s, w, lines, textfit.Measurer(size, style)), "\n")
}

// fill shows item i in a row.
func (v *View) fill(i int, row *fyne.Container) {
	p := v.parts[row]
	it := v.state.Items[i]
	s := it.Suggestion
	p.index = i
	p.swatch.StrokeColor = tagcolor.Stroke(tagcolor.Parse(it.Tag.Color), theme.Color(theme.ColorNameBackground))
	p.swatch.Refresh()
	name := it.Tag.Name
	if it.Tag.Hotkey > 0 {
		name = fmt.Sprintf("%s  [%d]", name, it.Tag.Hotkey)
	}
	p.tag.SetText(name)
	p.score.SetText(fmt.Sprintf("%.2f", s.Score))
	p.quote.SetText(v.wrap(quoteText(s), quoteLines, theme.TextSize(), fyne.TextStyle{Italic: true}))
	if n := s.Nearest; n != nil {
		p.near.SetText(NearestText(*n))
		p.near.Show()
	} else {
		p.near.SetText("")
		p.near.Hide()
	}
	if why := Reasons(s); why != "" {
		p.why.SetText(v.wrap(why, whyLines, theme.CaptionTextSize(), fyne.TextStyle{}))
		p.why.Show()
	} else {
		p.why.SetText("")
		p.why.Hide()
	}
}

// NearestText is the link to the coded passage a suggestion is like.
func NearestText(n suggest.Neighbour) string {
	s := fmt.Sprintf("↗ Like your “%s” in “%s”", textfit.Snippet(n.Exact, 50), textfit.Snippet(n.ArticleTitle, 40))
	if note := strings.TrimSpace(n.Note); note != "" {
		s += " ✎ " + textfit.Snippet(note, 40)
	}
	return s
}

// Reasons are a suggestion's reasons besides the passage it is like (shown as a link):
// a phrase coded with the tag that it contains, and the words that weighed most. Without
// either, the model's own sentence (Why).
func Reasons(s suggest.Suggestion) string {
	var parts []string
	if p := s.Phrase; p != nil {
		parts = append(parts, fmt.Sprintf("Contains “%s”, coded %d× with this tag", p.Text, p.Coded))
	}
	if len(s.Features) > 0 {
		words := make([]string, 0, len(s.Features))
		for _, f := range s.Features {
			words = append(words, fmt.Sprintf("“%s” +%.2f", f.Text, f.Weight))
		}
		parts = append(parts, "Words: "+strings.Join(words, ", "))
	}
	if len(parts) == 0 && s.Nearest == nil {
		if s.Why != "" {
			return "Why: " + s.Why
		}
		return "The tag's model scored it above its cut"
	}
	return strings.Join(parts, ". ")
}

func quoteText(s suggest.Suggestion) string {
	return "“" + strings.Join(strings.Fields(s.Exact), " ") + "”"
}

// heightKey is what a row's height depends on at a width: the number of lines its
// wrapped texts take, and whether it links to a coded passage.
func (v *View) heightKey(it Item) string {
	s := it.Suggestion
	q := strings.Count(v.wrap(quoteText(s), quoteLines, theme.TextSize(), fyne.TextStyle{Italic: true}), "\n")
	w := -1
	if why := Reasons(s); why != "" {
		w = strings.Count(v.wrap(why, whyLines, theme.CaptionTextSize(), fyne.TextStyle{}), "\n")
	}
	return fmt.Sprintf("%d|%d|%t", q, w, s.Nearest != nil)
}

// measure sets each row's height from its content at the current width.
func (v *View) measure() {
	if v.heights == nil {
		v.heights = map[string]float32{}
	}
	saved := v.state.Items
	for i, it := range saved {
		key := v.heightKey(it)
		h, ok := v.heights[key]
		if !ok {
			v.fill(i, v.probe)
			h = v.probe.MinSize().Height
			v.heights[key] = h
		}
		v.list.SetItemHeight(i, h)
	}
}

// setWidth measures the rows again when the list's width changes (texts re-wrap).
func (v *View) setWidth(w float32) {
	if w == v.width {
		return
	}
	v.width = w
	v.heights = nil
	v.measure()
	v.list.Refresh()
}

// Remeasure measures every row again (a new text size or theme).
func (v *View) Remeasure() {
	v.width = 0
	v.heights = nil
	v.setWidth(v.list.Size().Width)
}

// widthLayout gives its one object all the room and says when the width changes.
type widthLayout struct{ onWidth func(float32) }

func (l *widthLayout) MinSize(objects []fyne.CanvasObject) fyne.Size { return objects[0].MinSize() }

func (l *widthLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	objects[0].Move(fyne.NewPos(0, 0))
	objects[0].Resize(size)
	l.onWidth(size.Width)
}

// keyList is the list of suggestions: Enter accepts the selected row, Delete rejects it,
// Up and Down move the selection, digits go to the window (the tag's digit accepts).
type keyList struct {
	widget.List
	v *View
}

func newKeyList(v *View) *keyList {
	l := &keyList{v: v}
	l.Length = func() int { return len(v.state.Items) }
	l.CreateItem = func() fyne.CanvasObject { return v.newRow() }
	l.UpdateItem = func(i widget.ListItemID, o fyne.CanvasObject) {
		if i < len(v.state.Items) {
			v.fill(i, o.(*fyne.Container))
		}
	}
	l.OnSelected = func(i widget.ListItemID) {
		if i >= len(v.state.Items) || i == v.selected {
			return
		}
		v.selected = i
		if !v.quiet && v.act.Select != nil {
			v.act.Select(i)
		}
	}
	l.ExtendBaseWidget(l)
	return l
}

// TypedKey acts on the selected suggestion.
func (l *keyList) TypedKey(e *fyne.KeyEvent) {
	v := l.v
	switch e.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if v.selected >= 0 && v.act.Accept != nil {
			v.act.Accept(v.selected)
		}
	case fyne.KeyDelete:
		if v.selected >= 0 && v.act.Reject != nil {
			v.act.Reject(v.selected)
		}
	case fyne.KeyDown:
		v.Select(min(v.selected+1, len(v.state.Items)-1))
	case fyne.KeyUp:
		v.Select(max(v.selected-1, 0))
	default:
		l.List.TypedKey(e)
	}
}

// TypedRune hands characters on (a digit accepts with the tag's hotkey).
func (l *keyList) TypedRune(r rune) {
	l.List.TypedRune(r)
	if l.v.act.TypedRune != nil {
		l.v.act.TypedRune(r)
	}
}
