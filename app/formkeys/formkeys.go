// Package formkeys gives Fyne form dialogs the keyboard behaviour users expect: the
// first text field has the keyboard (its text selected, ready to overtype) and Enter in
// any one-line field confirms. Fyne's dialog.NewForm does neither, so every such dialog
// in the real window needed a click into the field and a click on the button.
package formkeys

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// Wire connects the dialog's one-line entries to Submit and focuses the first of them.
// Call it after d.Show(). It returns the focused entry (nil when there is none).
func Wire(win fyne.Window, d *dialog.FormDialog, items []*widget.FormItem) *widget.Entry {
	var first *widget.Entry
	for _, it := range items {
		e, ok := it.Widget.(*widget.Entry)
		if !ok || e.MultiLine {
			continue
		}
		if e.OnSubmitted == nil {
			e.OnSubmitted = func(string) { d.Submit() }
		}
		if first == nil {
			first = e
		}
	}
	if first != nil && win != nil {
		win.Canvas().Focus(first)
		first.TypedShortcut(&fyne.ShortcutSelectAll{})
	}
	return first
}
