package app

// The main menu and the window's shortcuts.

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

func shortcut(key fyne.KeyName, shift bool) fyne.Shortcut {
	mod := fyne.KeyModifierShortcutDefault
	if shift {
		mod |= fyne.KeyModifierShift
	}
	return &desktop.CustomShortcut{KeyName: key, Modifier: mod}
}

func item(label string, sc fyne.Shortcut, action func()) *fyne.MenuItem {
	it := fyne.NewMenuItem(label, action)
	it.Shortcut = sc
	return it
}

// mainMenu holds the app-wide shortcuts: menu shortcuts fire before a focused widget
// can swallow them.
func (wb *Workbench) mainMenu() *fyne.MainMenu {
	quit := item("Quit", shortcut(fyne.KeyQ, false), func() { wb.app.Quit() })
	quit.IsQuit = true
	file := fyne.NewMenu("File",
		item("Open files…", shortcut(fyne.KeyO, false), wb.openFiles),
		item("Import folder…", shortcut(fyne.KeyO, true), wb.importFolder),
		item("Import URL…", shortcut(fyne.KeyL, false), wb.importURL),
		item("New article from clipboard…", shortcut(fyne.KeyV, true), wb.pasteArticle),
		fyne.NewMenuItemSeparator(),
		item("Import annotations…", shortcut(fyne.KeyI, true), wb.importAnnotations),
		item("Export…", shortcut(fyne.KeyE, false), wb.exportDialog),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Team…", wb.showTeam),
		fyne.NewMenuItemSeparator(),
		quit,
	)
	edit := fyne.NewMenu("Edit",
		item("Undo", shortcut(fyne.KeyZ, false), wb.textOr(&fyne.ShortcutUndo{}, wb.Undo)),
		item("Redo", shortcut(fyne.KeyZ, true), wb.textOr(&fyne.ShortcutRedo{}, wb.Redo)),
	)
	search := fyne.NewMenu("Search",
		item("Find…", shortcut(fyne.KeyF, false), wb.focusSearch),
		item("Find in article…", shortcut(fyne.KeyG, false), wb.find.open),
	)
	view := fyne.NewMenu("View",
		item("Reader", shortcut(fyne.Key1, true), wb.showReader),
		item("Overview", shortcut(fyne.Key2, true), wb.ShowOverview),
		fyne.NewMenuItemSeparator(),
		item("Codebook…", shortcut(fyne.KeyK, false), wb.showCodebook),
		fyne.NewMenuItemSeparator(),
		wb.stripesItem(),
		wb.themeMenu(),
	)
	view.Items = append(view.Items, wb.suggestionMenuItems()...)
	return fyne.NewMainMenu(file, edit, search, view, wb.codingMenu())
}

// addStandardShortcuts binds the keys the driver turns into Fyne's standard shortcuts
// rather than custom ones: Ctrl+Z arrives as fyne.ShortcutUndo and Ctrl+Y as
// fyne.ShortcutRedo, which the menu's Ctrl+Z / Ctrl+Shift+Z items never match. They act
// on the canvas (nothing focused) and through the reader; a focused text entry keeps
// them for its own text.
func (wb *Workbench) addStandardShortcuts() {
	c := wb.win.Canvas()
	c.AddShortcut(&fyne.ShortcutUndo{}, func(fyne.Shortcut) { wb.Undo() })
	c.AddShortcut(&fyne.ShortcutRedo{}, func(fyne.Shortcut) { wb.Redo() })
	wb.addCanvasKeys()
	wb.reader.OnOtherShortcut = func(s fyne.Shortcut) {
		if sc, ok := c.(fyne.Shortcutable); ok {
			sc.TypedShortcut(s)
		}
	}
}

// textOr runs a workspace action unless a text entry has the keyboard: there Undo and
// Redo act on the typed text. The driver asks the menu first, so without this check
// Ctrl+Shift+Z in the note entry would redo a workspace change while Ctrl+Z (sent to the
// entry as fyne.ShortcutUndo) undoes typing.
func (wb *Workbench) textOr(s fyne.Shortcut, action func()) func() {
	return func() {
		if e, ok := wb.win.Canvas().Focused().(*widget.Entry); ok {
			e.TypedShortcut(s)
			return
		}
		action()
	}
}

// addCanvasKeys makes the tagging keys work with nothing focused (after a click on the
// annotation list, the palette or the library): digits 1–9 tag as in the reader, and
// Ctrl+A selects the article's text. Only while the reader is the visible view.
func (wb *Workbench) addCanvasKeys() {
	c := wb.win.Canvas()
	c.SetOnTypedRune(wb.typedRune)
	c.AddShortcut(&fyne.ShortcutSelectAll{}, func(fyne.Shortcut) {
		if wb.readerShown() && wb.current.ID != "" {
			c.Focus(wb.reader)
			wb.reader.TypedShortcut(&fyne.ShortcutSelectAll{})
		}
	})
}

// typedRune tags with a digit typed outside the reader (canvas, annotation list, library).
func (wb *Workbench) typedRune(r rune) {
	if r >= '1' && r <= '9' && wb.readerShown() {
		wb.tagWithHotkey(int(r - '0'))
	}
}

func (wb *Workbench) readerShown() bool { return wb.centreTabs.Selected() == wb.readerTab }

// MenuItem finds a main-menu item by its label (tests drive shortcuts through it).
func (wb *Workbench) MenuItem(label string) *fyne.MenuItem {
	for _, m := range wb.win.MainMenu().Items {
		for _, it := range m.Items {
			if it.Label == label {
				return it
			}
		}
	}
	return nil
}
