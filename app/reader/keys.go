package reader

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

var (
	_ fyne.Focusable    = (*Reader)(nil)
	_ desktop.Keyable   = (*Reader)(nil)
	_ fyne.Shortcutable = (*Reader)(nil)
)

func (r *Reader) focus() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(r); c != nil {
		c.Focus(r)
	}
}

// FocusGained shows the caret.
func (r *Reader) FocusGained() { r.focused = true; r.Refresh() }

// FocusLost hides the caret.
func (r *Reader) FocusLost() { r.focused, r.shift = false, false; r.Refresh() }

// KeyDown tracks the shift key for shift+arrows (key events carry no modifiers).
func (r *Reader) KeyDown(e *fyne.KeyEvent) {
	if e.Name == desktop.KeyShiftLeft || e.Name == desktop.KeyShiftRight {
		r.shift = true
	}
}

// KeyUp tracks the shift key.
func (r *Reader) KeyUp(e *fyne.KeyEvent) {
	if e.Name == desktop.KeyShiftLeft || e.Name == desktop.KeyShiftRight {
		r.shift = false
	}
}

// mouseShift is whether Shift was down at a mouse event: the event's own modifiers are
// the truth (a dialog or another widget may have had the keyboard when Shift was
// released, so a remembered key press can be stale). The key tracking follows it.
func (r *Reader) mouseShift(e *desktop.MouseEvent) bool {
	r.shift = e.Modifier&fyne.KeyModifierShift != 0
	return r.shift
}

// TypedRune turns digits 1–9 into tagging requests.
func (r *Reader) TypedRune(ch rune) {
	switch {
	case ch >= '1' && ch <= '9' && r.OnDigit != nil:
		r.OnDigit(int(ch - '0'))
	case ch == '/' && r.OnFind != nil:
		r.OnFind()
	}
}

// TypedKey moves the caret; with shift it extends the selection.
func (r *Reader) TypedKey(e *fyne.KeyEvent) {
	if r.layout == nil {
		return
	}
	shift := r.shift
	s, end := r.Selection()
	caret := r.caret
	line := r.layout.LineAt(caret)
	g := r.geometry()
	page := max(1, int(g.viewHeight/g.lineHeight)-2)
	vertical := func(delta int) int {
		n := max(0, min(len(r.layout.Lines)-1, line+delta))
		if n == line {
			if delta < 0 {
				return 0
			}
			return len(r.text)
		}
		return r.layout.OffsetAt(n, r.layout.X(line, caret))
	}
	switch e.Name {
	case fyne.KeyLeft:
		if !shift && s != end {
			caret = s
		} else {
			caret = PrevBoundary(r.text, caret)
		}
	case fyne.KeyRight:
		if !shift && s != end {
			caret = end
		} else {
			caret = NextBoundary(r.text, caret)
		}
	case fyne.KeyUp:
		caret = vertical(-1)
	case fyne.KeyDown:
		caret = vertical(1)
	case fyne.KeyPageUp:
		caret = vertical(-page)
	case fyne.KeyPageDown:
		caret = vertical(page)
	case fyne.KeyHome:
		caret = r.layout.Lines[line].Start
	case fyne.KeyEnd:
		caret = r.layout.Lines[line].End
	case fyne.KeyEscape:
		r.setSelection(caret, caret)
		r.Refresh()
		return
	default:
		if r.OnOtherKey != nil {
			r.OnOtherKey(e)
		}
		return
	}
	if shift {
		r.setSelection(r.anchor, caret)
	} else {
		r.setSelection(caret, caret)
	}
	r.Reveal(caret)
	r.Refresh()
}

// TypedShortcut handles Ctrl+A and Ctrl+C and passes the others on (app-wide shortcuts
// live on the main menu or the canvas).
func (r *Reader) TypedShortcut(s fyne.Shortcut) {
	switch sc := s.(type) {
	case *fyne.ShortcutSelectAll:
		r.setSelection(0, len(r.text))
		r.Refresh()
	case *fyne.ShortcutCopy:
		if t := r.SelectedText(); t != "" {
			fyne.CurrentApp().Clipboard().SetContent(t)
		}
	case *desktop.CustomShortcut:
		if !r.documentKey(sc) && r.OnOtherShortcut != nil {
			r.OnOtherShortcut(s)
		}
	default:
		if r.OnOtherShortcut != nil {
			r.OnOtherShortcut(s)
		}
	}
}

// documentKey handles Ctrl+Home and Ctrl+End (with Shift: extend the selection): the
// driver sends keys held with Ctrl as shortcuts, not as typed keys.
func (r *Reader) documentKey(sc *desktop.CustomShortcut) bool {
	if sc.Modifier&fyne.KeyModifierShortcutDefault == 0 || sc.Modifier&(fyne.KeyModifierAlt|fyne.KeyModifierSuper) != 0 {
		return false
	}
	var to int
	switch sc.KeyName {
	case fyne.KeyHome:
		to = 0
	case fyne.KeyEnd:
		to = len(r.text)
	default:
		return false
	}
	if sc.Modifier&fyne.KeyModifierShift != 0 {
		r.setSelection(r.anchor, to)
	} else {
		r.setSelection(to, to)
	}
	r.Reveal(to)
	r.Refresh()
	return true
}
