package app

// Who is coding, and which articles they have finished: the bar under the reader, the
// done marks in the library, and the Coding menu.

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/app/formkeys"
)

// codingBar sits under the reader: who new annotations are by, and the open article's
// done mark.
type codingBar struct {
	author *widget.Hyperlink // "Coding as olena": a click changes it
	done   *widget.Button
	box    fyne.CanvasObject
}

func newCodingBar(wb *Workbench) *codingBar {
	b := &codingBar{author: widget.NewHyperlink("", nil)}
	b.author.SizeName = theme.SizeNameCaptionText
	b.author.Truncation = fyne.TextTruncateEllipsis // a narrow window keeps the reader's width
	b.author.OnTapped = wb.changeAuthor
	b.done = widget.NewButtonWithIcon("", theme.ConfirmIcon(), wb.ToggleDone)
	b.box = container.NewVBox(widget.NewSeparator(), container.NewBorder(nil, nil, nil, b.done, b.author))
	return b
}

// show follows the author and the open article's done mark.
func (b *codingBar) show(wb *Workbench) {
	b.author.SetText("Coding as " + wb.ws.Author() + " (change…)")
	if wb.current.ID == "" {
		b.done.Hide()
		return
	}
	if wb.done[wb.current.ID] {
		b.done.SetText("Done — mark as not done")
		b.done.SetIcon(theme.ContentUndoIcon())
	} else {
		b.done.SetText("Mark as done")
		b.done.SetIcon(theme.ConfirmIcon())
	}
	b.done.Show()
	b.done.Refresh()
}

// reloadDone reads the author's done marks into the library and the bar.
func (wb *Workbench) reloadDone() {
	marks, err := wb.ws.DoneMarks()
	if err != nil {
		wb.showError(err)
		return
	}
	author := wb.ws.Author()
	wb.done = map[string]bool{}
	for _, m := range marks {
		if m.Coder == author {
			wb.done[m.ArticleID] = true
		}
	}
	wb.library.SetDone(wb.done)
	wb.codingBar.show(wb)
}

// ToggleDone marks the open article done for the author, or takes the mark back.
func (wb *Workbench) ToggleDone() {
	if wb.current.ID == "" {
		wb.setStatus("Open an article first")
		return
	}
	wb.MarkArticleDone(wb.current.ID, !wb.done[wb.current.ID])
}

// MarkArticleDone marks an article done for the author, or takes the mark back (one
// undoable command; for a menu on any article of the library too). A done mark changes
// nothing the search index holds, so the window follows the command's result.
func (wb *Workbench) MarkArticleDone(articleID string, done bool) {
	if done {
		wb.afterCommand(wb.ws.MarkDone(articleID, ""))
		return
	}
	wb.afterCommand(wb.ws.UnmarkDone(articleID, ""))
}

// IsDone reports whether the open article is marked done for the author (tests).
func (wb *Workbench) IsDone() bool { return wb.done[wb.current.ID] }

// changeAuthor asks who new annotations and done marks are by.
func (wb *Workbench) changeAuthor() {
	entry := widget.NewEntry()
	entry.SetText(wb.ws.Author())
	hint := widget.NewLabel("New annotations and done marks carry this name; agreement compares coders by it. " +
		"What is already coded keeps its author.")
	hint.Wrapping = fyne.TextWrapWord
	hint.SizeName = theme.SizeNameCaptionText
	items := []*widget.FormItem{widget.NewFormItem("Name", entry), widget.NewFormItem("", hint)}
	d := dialog.NewForm("Coding as", "Change", "Cancel", items, func(ok bool) {
		if ok {
			wb.SetAuthor(entry.Text)
		}
	}, wb.win)
	d.Resize(fyne.NewSize(480, d.MinSize().Height+40))
	d.Show()
	formkeys.Wire(wb.win, d, items)
}

// SetAuthor changes who new annotations are by (a workspace setting, not undoable).
func (wb *Workbench) SetAuthor(name string) {
	name = strings.TrimSpace(name)
	if name == wb.ws.Author() {
		return
	}
	if err := wb.ws.SetAuthor(name); err != nil {
		wb.showError(err)
		return
	}
	wb.refreshAfterChange(fmt.Sprintf("New annotations are now by %s", name))
}

// codingMenu holds agreement, the self-check and done marks.
func (wb *Workbench) codingMenu() *fyne.Menu {
	return fyne.NewMenu("Coding",
		item("Mark article as done / not done", shortcut(fyne.KeyD, false), wb.ToggleDone),
		fyne.NewMenuItem("Coding as…", wb.changeAuthor),
		fyne.NewMenuItemSeparator(),
		item("Agreement between coders", shortcut(fyne.Key3, true), wb.ShowAgreement),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Start a self-check…", wb.startSelfCheck),
		fyne.NewMenuItem("Next unit to code again", wb.nextSampledUnit),
		fyne.NewMenuItem("Self-check result and end…", wb.selfCheckResult),
		fyne.NewMenuItem("Cancel the self-check…", func() {
			if wb.recode == nil {
				wb.setStatus("No self-check is running")
				return
			}
			wb.cancelSelfCheck()
		}),
	)
}
