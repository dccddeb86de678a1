package app

// Managing articles in the window: edit an article's details, delete it with its
// annotations (both undoable), from the library's context menu and the article header.

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/app/formkeys"
)

// dateLayout is how dates are typed in the window's forms.
const dateLayout = "2006-01-02"

// parseDay reads a typed date (annotate.ParsePublished: the CLI reads the same forms).
func parseDay(s string) (time.Time, error) { return annotate.ParsePublished(s) }

func formatDay(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(dateLayout)
}

// editArticle asks for an article's title, source, author, date, URL and language and
// saves them as one undoable edit.
func (wb *Workbench) editArticle(id string) {
	art, err := wb.ws.Article(id)
	if err != nil {
		wb.showError(err)
		return
	}
	entry := func(text, hint string) *widget.Entry {
		e := widget.NewEntry()
		e.SetText(text)
		e.SetPlaceHolder(hint)
		return e
	}
	title := entry(art.Title, "")
	source := entry(art.Source, "e.g. Kyiv Independent")
	author := entry(art.Author, "")
	published := entry(formatDay(art.Published), "YYYY-MM-DD")
	link := entry(art.URL, "https://…")
	lang := entry(art.Language, "e.g. en, uk, ru")
	problem := widget.NewLabel("")
	problem.Importance = widget.DangerImportance
	problem.Wrapping = fyne.TextWrapWord
	problem.Hide()
	items := []*widget.FormItem{
		widget.NewFormItem("Title", title), widget.NewFormItem("Source", source),
		widget.NewFormItem("Author", author), widget.NewFormItem("Published", published),
		widget.NewFormItem("URL", link), widget.NewFormItem("Language", lang),
		widget.NewFormItem("", problem),
	}
	var form *dialog.FormDialog
	form = dialog.NewForm("Edit article details", "Save", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		day, err := parseDay(published.Text)
		if err == nil {
			var res annotate.Result
			res, err = wb.ws.EditArticle(id, articleEdit(art, title.Text, source.Text, author.Text, link.Text, lang.Text, day))
			if err == nil {
				wb.afterCommand(res, nil)
				return
			}
		}
		// Keep what was typed: show the problem and the form again.
		problem.SetText(err.Error())
		problem.Show()
		form.Show()
	}, wb.win)
	form.Resize(fyne.NewSize(560, 420))
	form.Show()
	formkeys.Wire(wb.win, form, items)
}

// articleEdit is the edit of the fields that differ from the article.
func articleEdit(a annotate.Article, title, source, author, url, lang string, day time.Time) annotate.ArticleEdit {
	var e annotate.ArticleEdit
	str := func(old, typed string) *string {
		if strings.TrimSpace(typed) == old {
			return nil
		}
		return &typed
	}
	e.Title, e.Source, e.Author = str(a.Title, title), str(a.Source, source), str(a.Author, author)
	e.URL, e.Language = str(a.URL, url), str(a.Language, lang)
	if !day.Equal(a.Published) && formatDay(day) != formatDay(a.Published) {
		e.Published = &day
	}
	if e.Empty() {
		e.Title = &a.Title // "Nothing changed", said by the command layer
	}
	return e
}

// deleteArticle asks before deleting an article with its annotations (undo brings it
// back, and the confirmation says so).
func (wb *Workbench) deleteArticle(id string) {
	art, err := wb.ws.Article(id)
	if err != nil {
		wb.showError(err)
		return
	}
	anns, _ := wb.ws.Annotations(id)
	msg := fmt.Sprintf("Delete “%s”", art.Title)
	if n := len(anns); n > 0 {
		msg += fmt.Sprintf(" and its %d %s", n, plural(n, "annotation", "annotations"))
	}
	msg += "?\nEdit → Undo (Ctrl+Z) brings it back."
	d := dialog.NewConfirm("Delete article", msg, func(ok bool) {
		if !ok {
			return
		}
		wb.afterCommand(wb.ws.DeleteArticleWithAnnotations(id))
		if wb.current.ID == "" {
			wb.library.OpenFirst()
		}
	}, wb.win)
	d.SetConfirmText("Delete")
	d.Show()
}

// refreshHeader shows the open article's details as stored now.
func (wb *Workbench) refreshHeader() {
	if art, err := wb.ws.Article(wb.current.ID); err == nil {
		wb.current.Title, wb.current.Source, wb.current.Author = art.Title, art.Source, art.Author
		wb.current.URL, wb.current.Published, wb.current.Language = art.URL, art.Published, art.Language
		wb.header.show(wb.current)
	}
}

// libraryDoneItem is the library menu's done mark for an article (Coding → Mark article
// as done for the open one).
func (wb *Workbench) libraryDoneItem(id string) []*fyne.MenuItem {
	label := "Mark as done"
	if wb.done[id] {
		label = "Mark as not done"
	}
	return []*fyne.MenuItem{fyne.NewMenuItem(label, func() { wb.MarkArticleDone(id, !wb.done[id]) })}
}
