package exchangeui

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate/exchange"
	"gloss.app/gloss/app/lastdir"
)

// maxReasons bounds the skipped items listed in the report dialog.
const maxReasons = 200

// ShowImport asks for a Gloss JSON or W3C Web Annotation file and imports it.
func ShowImport(h Host) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			h.Status("⚠ " + err.Error())
			return
		}
		if r == nil {
			return
		}
		lastdir.RememberFile(lastdir.Import, r.URI())
		Import(h, r, r.URI().Name(), nil)
	}, h.Window)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".json", ".jsonld"}))
	lastdir.Start(d, lastdir.Import)
	d.Resize(fyne.NewSize(900, 600))
	d.Show()
}

// Import merges the annotations in r off the UI goroutine, then shows the report; done
// (optional) gets it on the UI goroutine. It closes r.
func Import(h Host, r io.ReadCloser, name string, done func(exchange.Report, error)) {
	end := h.Busy("Importing annotations from " + name + "…")
	h.runner().Go(func() {
		rep, err := exchange.Import(h.WS, r, name)
		r.Close()
		fyne.Do(func() {
			end()
			if err != nil {
				msg := ImportError(err)
				h.Status("⚠ " + msg)
				dialog.ShowInformation("Nothing was imported", msg, h.Window)
			} else {
				if h.Changed != nil {
					h.Changed(ImportSummary(rep))
				}
				showReport(h, rep)
			}
			if done != nil {
				done(rep, err)
			}
		})
	})
}

// ImportError words a refused import for the analyst.
func ImportError(err error) string {
	if errors.Is(err, exchange.ErrNotAnExport) {
		return "This file is not a Gloss JSON or W3C Web Annotation export, so nothing was changed.\n\n" + err.Error()
	}
	return "The import failed and nothing was changed: " + err.Error()
}

// ImportSummary is the report in one line (the status bar).
func ImportSummary(rep exchange.Report) string {
	parts := []string{fmt.Sprintf("Imported %d %s", rep.Imported, plural(rep.Imported, "annotation", "annotations"))}
	if rep.Updated > 0 {
		parts = append(parts, fmt.Sprintf("%d updated", rep.Updated))
	}
	if rep.Unchanged > 0 {
		parts = append(parts, fmt.Sprintf("%d already there", rep.Unchanged))
	}
	if n := len(rep.Skipped); n > 0 {
		parts = append(parts, fmt.Sprintf("%d skipped", n))
	}
	if rep.Orphaned > 0 {
		parts = append(parts, fmt.Sprintf("%d orphaned", rep.Orphaned))
	}
	s := strings.Join(parts, ", ")
	if rep.Imported+rep.Updated+rep.ArticlesCreated+rep.TagsCreated > 0 {
		s += ". Undo with Ctrl+Z"
	}
	return s
}

// ReportText is the full report: counts, then every skipped item with its reason.
func ReportText(rep exchange.Report) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s)\n\n", rep.File, rep.Format)
	fmt.Fprintf(&b, "Imported: %d\nUpdated (newer in the file): %d\nAlready there: %d\nSkipped: %d\n", rep.Imported, rep.Updated, rep.Unchanged, len(rep.Skipped))
	fmt.Fprintf(&b, "Orphaned (kept with their quote; the text was not found): %d\n", rep.Orphaned)
	fmt.Fprintf(&b, "Articles created: %d\nTags created: %d\n", rep.ArticlesCreated, rep.TagsCreated)
	if len(rep.Skipped) > 0 {
		b.WriteString("\nSkipped, and why:\n")
		for i, s := range rep.Skipped {
			if i == maxReasons {
				fmt.Fprintf(&b, "… and %d more\n", len(rep.Skipped)-maxReasons)
				break
			}
			fmt.Fprintf(&b, "• %s: %s\n", s.Item, s.Reason)
		}
	}
	return b.String()
}

func showReport(h Host, rep exchange.Report) {
	text := widget.NewLabel(ReportText(rep))
	text.Wrapping = fyne.TextWrapWord
	text.Selectable = true
	scroll := container.NewVScroll(text)
	scroll.SetMinSize(fyne.NewSize(620, 360))
	dialog.NewCustom("Import report", "Close", scroll, h.Window).Show()
}
