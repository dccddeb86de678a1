package app

// The codebook manager, in a window of its own.

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"gloss.app/gloss/app/codebookui"
)

// showCodebook opens the codebook manager, or brings it to the front.
func (wb *Workbench) showCodebook() {
	if wb.codebookWin == nil {
		w := wb.app.NewWindow("Gloss — Codebook")
		w.Resize(fyne.NewSize(960, 680))
		w.SetOnClosed(func() { wb.codebookWin, wb.codebookMgr = nil, nil })
		wb.codebookWin = w
		wb.codebookMgr = codebookui.New(w, wb.ws, wb.codebookChanged, wb.run)
		wb.codebookMgr.Rollup = wb.rolledUp
		wb.codebookMgr.Reload() // with the roll-up counts
		w.SetContent(wb.codebookMgr.Object())
		wb.addCodebookKeys(w)
	} else {
		wb.codebookMgr.Reload()
	}
	wb.codebookWin.Show()
	wb.codebookWin.RequestFocus()
}

// addCodebookKeys gives the codebook window the workspace's undo keys (it has no menu,
// so without these Ctrl+Z after a rename did nothing there) and Ctrl+W to close it. The
// driver sends Ctrl+Z and Ctrl+Y as fyne.ShortcutUndo/Redo; a focused entry (the filter)
// keeps them for its text.
func (wb *Workbench) addCodebookKeys(w fyne.Window) {
	c := w.Canvas()
	c.AddShortcut(&fyne.ShortcutUndo{}, func(fyne.Shortcut) { wb.Undo() })
	c.AddShortcut(&fyne.ShortcutRedo{}, func(fyne.Shortcut) { wb.Redo() })
	ctrl := fyne.KeyModifierShortcutDefault
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: ctrl | fyne.KeyModifierShift}, func(fyne.Shortcut) { wb.Redo() })
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyW, Modifier: ctrl}, func(fyne.Shortcut) { w.Close() })
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: ctrl}, func(fyne.Shortcut) { wb.app.Quit() })
}

// codebookChanged follows an edit made in the codebook manager: palette, highlight
// colours, annotation chips, search facets and the Overview.
func (wb *Workbench) codebookChanged(status string) {
	wb.refreshAfterChange(status)
}
