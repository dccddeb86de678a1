package app

// After an import of plain texts (files, folders, the clipboard) that did not say where
// and when they were published, the window asks: charts by source and timelines filled
// with "(no source)" and "undated" otherwise. What the texts themselves say (datelines,
// "Source:" lines, links) is filled in already.

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/ingest"
	"gloss.app/gloss/app/textfit"
)

// describeMax is the most articles one "describe" dialog lists.
const describeMax = 60

// describeRow is one article in the dialog.
type describeRow struct {
	art               annotate.Article
	source, published *widget.Entry
}

// undescribed are the plain-text articles among ids that lack a source or a date.
func (wb *Workbench) undescribed(ids []string) []annotate.Article {
	var out []annotate.Article
	for _, id := range ids {
		a, err := wb.ws.Article(id)
		if err != nil {
			continue
		}
		switch a.Format {
		case "txt", "md", "text":
		default:
			continue // web pages and feeds carry their own metadata
		}
		if a.Source == "" || a.Published.IsZero() {
			out = append(out, a)
		}
	}
	return out
}

// describeImported asks for the source and date of just imported plain texts.
func (wb *Workbench) describeImported(ids []string) {
	arts := wb.undescribed(ids)
	if len(arts) == 0 {
		return
	}
	more := 0
	if len(arts) > describeMax {
		more = len(arts) - describeMax
		arts = arts[:describeMax]
	}
	var rows []describeRow
	grid := container.NewGridWithColumns(3, heading("Article"), heading("Source"), heading("Published (YYYY-MM-DD)"))
	for _, a := range arts {
		meta := ingest.DetectMeta(a.Text)
		r := describeRow{art: a, source: widget.NewEntry(), published: widget.NewEntry()}
		r.source.SetText(firstNonEmpty(a.Source, meta.Source))
		r.source.SetPlaceHolder("e.g. Kyiv Independent")
		day := a.Published
		if day.IsZero() {
			day = meta.Published
		}
		r.published.SetText(formatDay(day))
		r.published.SetPlaceHolder("YYYY-MM-DD")
		title := widget.NewLabel(textfit.Snippet(a.Title, 60))
		title.Truncation = fyne.TextTruncateEllipsis
		grid.Add(title)
		grid.Add(r.source)
		grid.Add(r.published)
		rows = append(rows, r)
	}
	all := widget.NewEntry()
	all.SetPlaceHolder("one source for every article above")
	fill := widget.NewButton("Use for all", func() {
		for _, r := range rows {
			r.source.SetText(all.Text)
		}
	})
	intro := fmt.Sprintf("%d imported %s did not say where or when %s published. The Overview's charts group by source and date.",
		len(arts)+more, plural(len(arts)+more, "text", "texts"), plural(len(arts)+more, "it was", "they were"))
	if more > 0 {
		intro += fmt.Sprintf(" The first %d are listed; edit the others from the library.", describeMax)
	}
	info := widget.NewLabel(intro)
	info.Wrapping = fyne.TextWrapWord
	problem := widget.NewLabel("")
	problem.Importance = widget.DangerImportance
	problem.Wrapping = fyne.TextWrapWord
	problem.Hide()
	top := container.NewVBox(info, container.NewBorder(nil, nil, nil, fill, all), problem)
	content := container.NewBorder(top, nil, nil, nil, container.NewVScroll(grid))
	var d dialog.Dialog
	d = dialog.NewCustomConfirm("Where and when were they published?", "Save", "Later", content, func(ok bool) {
		if !ok {
			return
		}
		edits, err := describeEdits(rows)
		if err == nil && len(edits) > 0 {
			var res annotate.Result
			if res, err = wb.ws.EditArticles(edits); err == nil {
				wb.afterCommand(res, nil)
				return
			}
		}
		if err != nil {
			problem.SetText(err.Error())
			problem.Show()
			d.Show() // keep what was typed
		}
	}, wb.win)
	d.Resize(fyne.NewSize(820, min(580, 270+float32(len(rows))*44)))
	d.Show()
}

// describeEdits turns the rows into edits of what changed.
func describeEdits(rows []describeRow) (map[string]annotate.ArticleEdit, error) {
	edits := map[string]annotate.ArticleEdit{}
	for _, r := range rows {
		var e annotate.ArticleEdit
		if s := strings.TrimSpace(r.source.Text); s != r.art.Source {
			e.Source = &s
		}
		day, err := parseDay(r.published.Text)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", textfit.Snippet(r.art.Title, 40), err)
		}
		if !day.Equal(r.art.Published) {
			e.Published = &day
		}
		if !e.Empty() {
			edits[r.art.ID] = e
		}
	}
	return edits, nil
}

func heading(s string) fyne.CanvasObject {
	return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}
