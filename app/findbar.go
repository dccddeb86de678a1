package app

// The find-in-article bar (Ctrl+G or '/'): the matches of what is typed in the open
// article, marked in the reader, with next/previous and "n of m".

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/app/reader"
)

// findEntry is the bar's box: Enter goes to the next match, Shift+Enter to the previous,
// Escape closes the bar.
type findEntry struct {
	widget.Entry
	shift               bool
	onNext, onPrev, esc func()
}

func newFindEntry() *findEntry {
	e := &findEntry{}
	e.ExtendBaseWidget(e)
	e.SetPlaceHolder("Find in this article")
	return e
}

func (e *findEntry) KeyDown(k *fyne.KeyEvent) {
	if k.Name == desktop.KeyShiftLeft || k.Name == desktop.KeyShiftRight {
		e.shift = true
	}
	e.Entry.KeyDown(k)
}

func (e *findEntry) KeyUp(k *fyne.KeyEvent) {
	if k.Name == desktop.KeyShiftLeft || k.Name == desktop.KeyShiftRight {
		e.shift = false
	}
	e.Entry.KeyUp(k)
}

func (e *findEntry) FocusLost() { e.shift = false; e.Entry.FocusLost() }

func (e *findEntry) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if e.shift {
			e.onPrev()
		} else {
			e.onNext()
		}
	case fyne.KeyEscape:
		e.esc()
	case fyne.KeyDown:
		e.onNext()
	case fyne.KeyUp:
		e.onPrev()
	default:
		e.Entry.TypedKey(k)
	}
}

// findBar is the bar above the reader.
type findBar struct {
	wb      *Workbench
	entry   *findEntry
	count   *widget.Label
	box     fyne.CanvasObject
	matches [][2]int
	current int
}

func newFindBar(wb *Workbench) *findBar {
	f := &findBar{wb: wb, entry: newFindEntry(), count: widget.NewLabel(""), current: -1}
	f.entry.onNext, f.entry.onPrev, f.entry.esc = func() { f.step(1) }, func() { f.step(-1) }, f.close
	f.entry.OnChanged = func(string) { f.search() }
	prev := widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { f.step(-1) })
	next := widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() { f.step(1) })
	closeBtn := widget.NewButtonWithIcon("", theme.CancelIcon(), f.close)
	for _, b := range []*widget.Button{prev, next, closeBtn} {
		b.Importance = widget.LowImportance
	}
	f.count.SizeName = theme.SizeNameCaptionText
	f.box = container.NewBorder(nil, widget.NewSeparator(), nil,
		container.NewHBox(f.count, prev, next, closeBtn), f.entry)
	f.box.Hide()
	return f
}

// open shows the bar with the keyboard in its box; open again (Ctrl+G) goes to the
// next match.
func (f *findBar) open() {
	if f.wb.current.ID == "" {
		return
	}
	if f.box.Visible() && f.entry.Text != "" && f.wb.win.Canvas().Focused() == f.entry {
		f.step(1)
		return
	}
	if s, e := f.wb.reader.Selection(); e > s && e-s <= 80 && f.entry.Text == "" {
		f.entry.SetText(f.wb.reader.SelectedText()) // find the selected words
	}
	f.box.Show()
	f.wb.win.Canvas().Focus(f.entry)
	f.entry.TypedShortcut(&fyne.ShortcutSelectAll{})
	f.search()
}

func (f *findBar) close() {
	f.box.Hide()
	f.matches, f.current = nil, -1
	f.wb.reader.SetFinds(nil, -1)
	f.wb.win.Canvas().Focus(f.wb.reader)
}

// search finds the box's text in the article; the first match at or after the top of
// the view becomes the current one.
func (f *findBar) search() {
	r := f.wb.reader
	f.matches = reader.Find(r.Text(), f.entry.Text)
	f.current = -1
	top := r.TopOffset()
	for i, m := range f.matches {
		if m[0] >= top {
			f.current = i
			break
		}
	}
	if f.current < 0 && len(f.matches) > 0 {
		f.current = 0
	}
	f.show()
}

// step moves to the next (+1) or previous (−1) match, round the end of the article.
func (f *findBar) step(d int) {
	if len(f.matches) == 0 {
		return
	}
	f.current = (f.current + d + len(f.matches)) % len(f.matches)
	f.show()
}

func (f *findBar) show() {
	r := f.wb.reader
	r.SetFinds(f.matches, f.current)
	switch {
	case f.entry.Text == "":
		f.count.SetText("")
	case len(f.matches) == 0:
		f.count.SetText("No match")
	default:
		f.count.SetText(fmt.Sprintf("%d of %d", f.current+1, len(f.matches)))
		m := f.matches[f.current]
		r.Reveal(m[0])
	}
}

// Find is the find bar (tests).
func (wb *Workbench) Find() *findBar { return wb.find }
