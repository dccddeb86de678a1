package app

// Importing articles from the window: File → Open files…, Import folder…, Import URL…,
// the library's buttons and files dropped on the window, in the background with a
// progress bar.

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
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
func (wb *Workbench) openFiles() {
	filepick.Show(wb.win, "Open files", lastdir.Folder(lastdir.Import), ingest.SupportedExtensions, func(paths []string) {
		if len(paths) == 0 {
			return
		}
		lastdir.RememberFile(lastdir.Import, storage.NewFileURI(paths[0]))
		wb.ImportPaths(paths, nil)
	})
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
	progress := async.Progress(progressEvery, func(n, total int) {
		bar.SetValue(float64(n) / float64(total))
		wb.setStatus(fmt.Sprintf("Importing… %d of %d", n, total))
	})
	async.Then(wb.run, func() importReport {
		return importSources(context.Background(), wb.ws, paths, progress)
	}, func(rep importReport) {
		wb.importing = false
		bar.Hide()
		wb.finishImport(rep)
		if done != nil {
			done()
		}
	})
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
		return
	}
	wb.describeImported(rep.NewIDs)
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
