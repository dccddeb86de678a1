package app

// File → New article from clipboard….

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/ingest"
	"gloss.app/gloss/app/formkeys"
)

// pasteArticle makes a new article from the clipboard, asking for title and source.
// A long clipboard text is shown as a short read-only preview and imported as it is: a
// word-wrapped multi-line Entry lays 100k characters out in ~36 s, which froze the window.
func (wb *Workbench) pasteArticle() {
	text := wb.app.Clipboard().Content()
	title, source, published := widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	title.SetText(firstWords(text, 12))
	// The source and the date, when the text names them (a dateline, "Source:" lines, a
	// link), are filled in; otherwise the analyst is asked (charts group by them).
	meta := ingest.DetectMeta(text)
	source.SetText(meta.Source)
	source.SetPlaceHolder("e.g. Kyiv Independent")
	published.SetText(formatDay(meta.Published))
	published.SetPlaceHolder("YYYY-MM-DD")
	problem := widget.NewLabel("")
	problem.Importance = widget.DangerImportance
	problem.Hide()
	body, bodyText := pasteBody(text)
	items := []*widget.FormItem{
		widget.NewFormItem("Title", title),
		widget.NewFormItem("Source", source),
		widget.NewFormItem("Published", published),
		widget.NewFormItem("", problem),
		widget.NewFormItem("Text", body),
	}
	var form *dialog.FormDialog
	form = dialog.NewForm("New article from clipboard", "Add article", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		day, err := parseDay(published.Text)
		if err != nil {
			problem.SetText(err.Error())
			problem.Show()
			form.Show() // keep what was typed
			return
		}
		res, err := wb.ws.AddArticle(annotate.ArticleDraft{Title: title.Text, Source: strings.TrimSpace(source.Text),
			Published: day, Text: bodyText(), Format: "text", Origin: "clipboard"})
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
