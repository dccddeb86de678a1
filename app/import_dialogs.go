package app

// Importing articles from the window: File → Open files…, Import folder…, Import URL…,
// the library's buttons and files dropped on the window, in the background with a
// progress bar.

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate/ingest"
	"gloss.app/gloss/app/async"
	"gloss.app/gloss/app/filepick"
	"gloss.app/gloss/app/formkeys"
	"gloss.app/gloss/app/lastdir"
)

// openFiles chooses several files at once (Fyne's file dialog takes one: see filepick)
// and imports them as one undo step.
func (wb *Workbench) openFiles() { wb.openFilesPicker() }

func (wb *Workbench) openFilesPicker() *filepick.Picker {
	return filepick.ShowWith(wb.win, "Open files", lastdir.Folder(lastdir.Import), ingest.SupportedExtensions, wb.attachmentsCheck(), func(paths []string) {
		if len(paths) == 0 {
			return
		}
		lastdir.RememberFile(lastdir.Import, storage.NewFileURI(paths[0]))
		wb.ImportPaths(paths, nil)
	})
}

// attachmentsPrefKey remembers whether e-mails' PDF, Word and text attachments are
// imported as articles of their own (gloss import --attachments).
const attachmentsPrefKey = "import-email-attachments"

// attachmentsLabel is the option's words wherever the window offers it.
const attachmentsLabel = "Also import attached PDF, Word and text files as articles"

// attachmentsCheck is the remembered option as a check box for an import dialog.
func (wb *Workbench) attachmentsCheck() *widget.Check {
	c := widget.NewCheck(attachmentsLabel+" (e-mail: .eml, .mbox)", func(on bool) {
		wb.app.Preferences().SetBool(attachmentsPrefKey, on)
	})
	c.Checked = wb.app.Preferences().Bool(attachmentsPrefKey)
	return c
}

// importOptions are the remembered options of the window's imports.
func (wb *Workbench) importOptions() ingest.Options {
	return ingest.Options{Attachments: wb.app.Preferences().Bool(attachmentsPrefKey)}
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
	if paths := uriPaths(uris); len(paths) > 0 {
		wb.ImportPaths(paths, nil)
	}
}

func uriPaths(uris []fyne.URI) []string {
	var paths []string
	for _, u := range uris {
		switch u.Scheme() {
		case "file":
			paths = append(paths, u.Path())
		case "http", "https":
			paths = append(paths, u.String())
		}
	}
	return paths
}

// dropped imports what was dropped on the window. E-mail files are imported after the
// analyst has seen the attachments option (a drop has no dialog of its own otherwise).
func (wb *Workbench) dropped(uris []fyne.URI) {
	paths := uriPaths(uris)
	if len(paths) == 0 {
		return
	}
	mails := 0
	for _, p := range paths {
		switch ingest.KindOf(p) {
		case ingest.KindEmail, ingest.KindMbox:
			mails++
		}
	}
	if mails == 0 || wb.importing {
		wb.ImportPaths(paths, nil)
		return
	}
	what := fmt.Sprintf("%d %s", len(paths), plural(len(paths), "file", "files"))
	if mails == len(paths) {
		what = fmt.Sprintf("%d e-mail %s", mails, plural(mails, "file", "files"))
	}
	info := widget.NewLabel("Import " + what + "? E-mails become articles; their attachments are listed in the import report.")
	info.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm("Import e-mail", "Import", "Cancel", container.NewVBox(info, wb.attachmentsCheck()), func(ok bool) {
		if ok {
			wb.ImportPaths(paths, nil)
		}
	}, wb.win)
	d.Resize(fyne.NewSize(560, d.MinSize().Height))
	d.Show()
}

// ImportPaths imports files, folders or URLs in the background with a progress bar;
// done (optional) runs on the UI goroutine after. E-mail attachments are imported as
// articles as the analyst last chose.
func (wb *Workbench) ImportPaths(paths []string, done func()) {
	wb.importPathsWith(paths, wb.importOptions(), done)
}

func (wb *Workbench) importPathsWith(paths []string, opts ingest.Options, done func()) {
	if wb.importing {
		wb.setStatus("An import is already running")
		return
	}
	wb.importing = true
	wb.status.report.Hide() // the report of the import before
	bar := wb.status.progress
	bar.SetValue(0)
	bar.Show()
	wb.setStatus(fmt.Sprintf("Importing %s…", strings.Join(paths, ", ")))
	progress := async.Progress(progressEvery, func(n, total int) {
		bar.SetValue(float64(n) / float64(total))
		wb.setStatus(fmt.Sprintf("Importing… %d of %d", n, total))
	})
	async.Then(wb.run, func() importReport {
		return importWith(context.Background(), wb.ws, paths, opts, progress)
	}, func(rep importReport) {
		wb.importing = false
		bar.Hide()
		wb.finishImport(rep)
		if done != nil {
			done()
		}
	})
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
