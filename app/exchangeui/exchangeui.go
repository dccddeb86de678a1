// Package exchangeui is the GUI of annotation exchange: File → Export… (format, article
// texts, scope; a save dialog) and File → Import annotations… (an open dialog and the
// import report). The work is package exchange's, run off the UI goroutine.
package exchangeui

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/exchange"
	"gloss.app/gloss/app/async"
	"gloss.app/gloss/app/lastdir"
)

// Host is what the dialogs need from the window.
type Host struct {
	Window fyne.Window
	WS     *annotate.Workspace
	// Async runs exports and imports off the UI goroutine (nil: async.New()).
	Async *async.Runner
	// Busy shows that work is running (msg says what) and returns the function that
	// ends it. UI goroutine.
	Busy func(msg string) (done func())
	// Status shows the outcome in the status bar. UI goroutine.
	Status func(msg string)
	// Changed is called after an import changed the workspace, with its label. UI goroutine.
	Changed func(label string)
	// ExportNote, when set, is said under the export's choices (what it leaves out).
	ExportNote string
}

// Scope is one choice of what to export.
type Scope struct {
	Label string
	Name  string // short, for the suggested file name
	// Selection gives the set; it runs off the UI goroutine (a search, say).
	Selection func() (exchange.Selection, error)
}

// Format choices as shown.
var formats = []struct {
	label  string
	format exchange.Format
}{
	{"Gloss JSON — complete, can be imported back", exchange.GlossJSON},
	{"W3C Web Annotation (JSON-LD) — for other annotation tools", exchange.W3C},
	{"CSV — one row per annotation and tag, for spreadsheets", exchange.CSV},
}

// ExportForm is the export dialog's content (tests set its fields and call Save).
type ExportForm struct {
	host     Host
	scopes   []Scope
	Format   *widget.RadioGroup
	WithText *widget.Check
	Scope    *widget.RadioGroup
	dialog   dialog.Dialog
}

// NewExportForm builds the choices; initial is the scope chosen at first.
func NewExportForm(h Host, scopes []Scope, initial int) *ExportForm {
	f := &ExportForm{host: h, scopes: scopes}
	var labels []string
	for _, x := range formats {
		labels = append(labels, x.label)
	}
	f.WithText = widget.NewCheck("Include each article's full text (so the file can recreate the articles)", nil)
	f.Format = widget.NewRadioGroup(labels, func(string) {
		if f.format() == exchange.GlossJSON {
			f.WithText.Enable()
		} else {
			f.WithText.SetChecked(false)
			f.WithText.Disable()
		}
	})
	f.Format.Required = true
	f.Format.SetSelected(labels[0])
	var scopeLabels []string
	for _, s := range scopes {
		scopeLabels = append(scopeLabels, s.Label)
	}
	f.Scope = widget.NewRadioGroup(scopeLabels, nil)
	f.Scope.Required = true
	if initial >= 0 && initial < len(scopes) {
		f.Scope.SetSelected(scopes[initial].Label)
	}
	return f
}

func (f *ExportForm) format() exchange.Format {
	for _, x := range formats {
		if x.label == f.Format.Selected {
			return x.format
		}
	}
	return exchange.GlossJSON
}

func (f *ExportForm) scope() (Scope, bool) {
	for _, s := range f.scopes {
		if s.Label == f.Scope.Selected {
			return s, true
		}
	}
	return Scope{}, false
}

// SuggestedName is the file name the save dialog proposes.
func (f *ExportForm) SuggestedName(now time.Time) string {
	s, _ := f.scope()
	name := "gloss-" + s.Name
	if s.Name == "" {
		name = "gloss-export"
	}
	return name + "-" + now.Format("2006-01-02") + f.format().Extension()
}

// ShowExport asks what to export, then where.
func ShowExport(h Host, scopes []Scope, initial int) *ExportForm {
	f := NewExportForm(h, scopes, initial)
	content := container.NewVBox(
		widget.NewLabelWithStyle("Format", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), f.Format, f.WithText,
		widget.NewSeparator(),
		widget.NewLabelWithStyle("What", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), f.Scope)
	if h.ExportNote != "" {
		note := widget.NewLabel(h.ExportNote)
		note.Wrapping = fyne.TextWrapWord
		content.Add(note)
	}
	f.dialog = dialog.NewCustomConfirm("Export annotations", "Choose file…", "Cancel", content, func(ok bool) {
		if ok {
			f.askFile()
		}
	}, h.Window)
	f.dialog.Show()
	return f
}

func (f *ExportForm) askFile() {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			f.host.Status("⚠ " + err.Error())
			return
		}
		if w == nil {
			return // cancelled
		}
		lastdir.RememberFile(lastdir.Export, w.URI())
		f.Save(w, nil)
	}, f.host.Window)
	d.SetFileName(f.SuggestedName(time.Now()))
	lastdir.Start(d, lastdir.Export)
	d.Resize(fyne.NewSize(900, 600))
	d.Show()
}

// Save exports the chosen set to w off the UI goroutine; done (optional) is called on the
// UI goroutine with the outcome.
func (f *ExportForm) Save(w fyne.URIWriteCloser, done func(exchange.Stats, error)) {
	s, ok := f.scope()
	format, withText := f.format(), f.WithText.Checked
	end := f.host.Busy("Exporting " + strings.ToLower(s.Label) + "…")
	f.host.runner().Go(func() {
		var st exchange.Stats
		var err error
		if !ok {
			err = errors.New("choose what to export")
			w.Close()
		} else {
			var sel exchange.Selection
			if sel, err = s.Selection(); err != nil {
				w.Close()
			} else {
				st, err = WriteExport(f.host.WS, sel, format, exchange.Options{WithText: withText}, w)
			}
		}
		if err != nil {
			storage.Delete(w.URI()) // never leave a half-written or empty file behind
		}
		fyne.Do(func() {
			end()
			if err != nil {
				f.host.Status("⚠ Export failed: " + err.Error())
				dialog.ShowError(fmt.Errorf("export failed: %w", err), f.host.Window)
			} else {
				f.host.Status(ExportSummary(st, format, w.URI().Name()))
			}
			if done != nil {
				done(st, err)
			}
		})
	})
}

// WriteExport exports into a temporary file first and copies it to w only when the whole
// export succeeded, so a failure never leaves a partial file under the chosen name. It
// closes w.
func WriteExport(ws *annotate.Workspace, sel exchange.Selection, format exchange.Format, opts exchange.Options, w io.WriteCloser) (exchange.Stats, error) {
	tmp, err := os.CreateTemp("", "gloss-export-*")
	if err != nil {
		w.Close()
		return exchange.Stats{}, err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	st, err := exchange.Export(ws, sel, format, tmp, opts)
	if err != nil {
		w.Close()
		return st, err
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		w.Close()
		return st, err
	}
	if _, err := io.Copy(w, tmp); err != nil {
		w.Close()
		return st, fmt.Errorf("write the export: %w", err)
	}
	if err := w.Close(); err != nil {
		return st, fmt.Errorf("write the export: %w", err)
	}
	return st, nil
}

// ExportSummary says what an export wrote.
func ExportSummary(st exchange.Stats, format exchange.Format, file string) string {
	s := fmt.Sprintf("Exported %d %s from %d %s", st.Annotations, plural(st.Annotations, "annotation", "annotations"),
		st.Articles, plural(st.Articles, "article", "articles"))
	if format == exchange.CSV {
		s += fmt.Sprintf(" (%d rows)", st.Rows)
	}
	return s + " to " + file
}

// runner is the host's Runner, or one of goroutines.
func (h Host) runner() *async.Runner {
	if h.Async == nil {
		return async.New()
	}
	return h.Async
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
