package app

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/ingest"
	"gloss.app/gloss/app/formkeys"
	"gloss.app/gloss/app/lastdir"
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
		quit,
	)
	edit := fyne.NewMenu("Edit",
		item("Undo", shortcut(fyne.KeyZ, false), wb.textOr(&fyne.ShortcutUndo{}, wb.Undo)),
		item("Redo", shortcut(fyne.KeyZ, true), wb.textOr(&fyne.ShortcutRedo{}, wb.Redo)),
	)
	search := fyne.NewMenu("Search",
		item("Find…", shortcut(fyne.KeyF, false), wb.focusSearch),
	)
	view := fyne.NewMenu("View",
		item("Reader", shortcut(fyne.Key1, true), wb.showReader),
		item("Overview", shortcut(fyne.Key2, true), wb.ShowOverview),
		fyne.NewMenuItemSeparator(),
		item("Codebook…", shortcut(fyne.KeyK, false), wb.showCodebook),
	)
	return fyne.NewMainMenu(file, edit, search, view)
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

func (wb *Workbench) openFiles() {
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			wb.showError(err)
			return
		}
		if rc == nil {
			return
		}
		rc.Close()
		lastdir.RememberFile(lastdir.Import, rc.URI())
		wb.importURIs([]fyne.URI{rc.URI()})
	}, wb.win)
	d.SetFilter(storage.NewExtensionFileFilter(ingest.SupportedExtensions))
	lastdir.Start(d, lastdir.Import)
	d.Resize(fyne.NewSize(900, 600))
	d.Show()
}

func (wb *Workbench) importFolder() {
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil {
			wb.showError(err)
			return
		}
		if dir != nil {
			lastdir.RememberFolder(lastdir.Import, dir)
			wb.importURIs([]fyne.URI{dir})
		}
	}, wb.win)
	lastdir.Start(d, lastdir.Import)
	d.Resize(fyne.NewSize(900, 600))
	d.Show()
}

// importURIs imports dropped or chosen files and folders off the UI goroutine, with a
// progress bar; the window stays usable meanwhile.
func (wb *Workbench) importURIs(uris []fyne.URI) {
	var paths []string
	for _, u := range uris {
		switch u.Scheme() {
		case "file":
			paths = append(paths, u.Path())
		case "http", "https":
			paths = append(paths, u.String())
		}
	}
	if len(paths) == 0 {
		return
	}
	wb.ImportPaths(paths, nil)
}

// ImportPaths imports files, folders or URLs in the background with a progress bar;
// done (optional) runs on the UI goroutine after.
func (wb *Workbench) ImportPaths(paths []string, done func()) {
	if wb.importing {
		wb.setStatus("An import is already running")
		return
	}
	wb.importing = true
	bar := wb.status.progress
	bar.SetValue(0)
	bar.Show()
	wb.setStatus(fmt.Sprintf("Importing %s…", strings.Join(paths, ", ")))
	go func() {
		rep := importSources(context.Background(), wb.ws, paths, func(n, total int) {
			fyne.Do(func() {
				bar.SetValue(float64(n) / float64(total))
				wb.setStatus(fmt.Sprintf("Importing… %d of %d", n, total))
			})
		})
		fyne.Do(func() {
			wb.importing = false
			bar.Hide()
			wb.finishImport(rep)
			if done != nil {
				done()
			}
		})
	}()
}

func (wb *Workbench) finishImport(rep importReport) {
	wb.refreshAfterChange(rep.String())
	if rep.FirstID != "" {
		wb.OpenArticle(rep.FirstID)
	}
	if len(rep.Errors) > 0 {
		msg := strings.Join(rep.Errors[:min(len(rep.Errors), 12)], "\n")
		if len(rep.Errors) > 12 {
			msg += fmt.Sprintf("\n… and %d more", len(rep.Errors)-12)
		}
		dialog.ShowInformation("Some files were not imported", msg, wb.win)
	}
}

// importURL asks for a web page or feed URL and imports it in the background.
func (wb *Workbench) importURL() {
	entry := widget.NewEntry()
	entry.SetPlaceHolder("https://…")
	items := []*widget.FormItem{widget.NewFormItem("URL", entry)}
	d := dialog.NewForm("Import URL", "Import", "Cancel", items, func(ok bool) {
		if !ok || strings.TrimSpace(entry.Text) == "" {
			return
		}
		wb.ImportPaths([]string{strings.TrimSpace(entry.Text)}, nil)
	}, wb.win)
	d.Resize(fyne.NewSize(620, d.MinSize().Height)) // room for a whole URL
	d.Show()
	formkeys.Wire(wb.win, d, items)
}

// pasteArticle makes a new article from the clipboard, asking for title and source.
// A long clipboard text is shown as a short read-only preview and imported as it is: a
// word-wrapped multi-line Entry lays 100k characters out in ~36 s, which froze the window.
func (wb *Workbench) pasteArticle() {
	text := wb.app.Clipboard().Content()
	title, source := widget.NewEntry(), widget.NewEntry()
	title.SetText(firstWords(text, 12))
	source.SetPlaceHolder("e.g. Kyiv Independent")
	body, bodyText := pasteBody(text)
	items := []*widget.FormItem{
		widget.NewFormItem("Title", title),
		widget.NewFormItem("Source", source),
		widget.NewFormItem("Text", body),
	}
	form := dialog.NewForm("New article from clipboard", "Add article", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		res, err := wb.ws.ImportText(title.Text, source.Text, bodyText())
		if err != nil {
			wb.showError(err)
			return
		}
		wb.finishImport(importReport{Imported: boolCount(res.Status == annotate.StatusImported),
			Duplicates: boolCount(res.Status == annotate.StatusDuplicate), FirstID: res.Article.ID})
	}, wb.win)
	form.Resize(fyne.NewSize(760, 560))
	form.Show()
	formkeys.Wire(wb.win, form, items)
}

// Above pasteEditLimit characters the pasted text is previewed, not edited.
const (
	pasteEditLimit    = 20000
	pastePreviewLines = 12
	pastePreviewChars = 1200
)

// pasteBody is the dialog's text field and how to read the text to import: an editable
// word-wrapped entry for ordinary texts, a read-only preview (first lines and the
// length) for long ones, which are imported unchanged.
func pasteBody(text string) (fyne.CanvasObject, func() string) {
	n := utf8.RuneCountInString(text)
	if n <= pasteEditLimit {
		body := widget.NewMultiLineEntry()
		body.Wrapping = fyne.TextWrapWord
		body.SetText(text)
		body.SetMinRowsVisible(10)
		return body, func() string { return body.Text }
	}
	preview := widget.NewLabel(pastePreview(text, n))
	preview.Wrapping = fyne.TextWrapWord
	preview.Truncation = fyne.TextTruncateOff
	note := widget.NewLabel("This text is too long to edit here; it is imported as it is.")
	note.Importance = widget.LowImportance
	note.Wrapping = fyne.TextWrapWord
	scroll := container.NewVScroll(preview)
	// A form row gets its content's minimum height: without this the preview was one line.
	scroll.SetMinSize(fyne.NewSize(0, 10*widget.NewLabel("X").MinSize().Height*0.6))
	return container.NewBorder(nil, note, nil, nil, scroll), func() string { return text }
}

// pastePreview is the first lines of a long text (at most pastePreviewChars) and its length.
func pastePreview(text string, n int) string {
	lines := strings.SplitN(text, "\n", pastePreviewLines+1)
	head := strings.Join(lines[:min(len(lines), pastePreviewLines)], "\n")
	if utf8.RuneCountInString(head) > pastePreviewChars {
		head = string([]rune(head)[:pastePreviewChars])
	}
	return strings.TrimRight(head, " \n") + fmt.Sprintf("\n\n… %s characters", groupThousands(n))
}

// groupThousands writes n with thin separators: 104,857.
func groupThousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func boolCount(b bool) int {
	if b {
		return 1
	}
	return 0
}

func firstWords(s string, n int) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	words := strings.Fields(line)
	if len(words) > n {
		words = append(words[:n], "…")
	}
	return strings.Join(words, " ")
}
