package app

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
)

// library is the left panel: every article with source, date and annotation count.
type library struct {
	wb       *Workbench
	all      []annotate.ArticleSummary
	shown    []annotate.ArticleSummary
	filter   *widget.Entry
	sortBy   *widget.Select
	list     *keyList
	selected string
	box      fyne.CanvasObject
}

const (
	sortNewest = "Newest first"
	sortOldest = "Oldest first"
	sortTitle  = "Title A–Z"
)

func newLibrary(wb *Workbench) *library {
	l := &library{wb: wb}
	l.filter = widget.NewEntry()
	l.filter.SetPlaceHolder("Filter by title or source")
	l.filter.OnChanged = func(string) { l.apply() }
	l.sortBy = widget.NewSelect([]string{sortNewest, sortOldest, sortTitle}, func(string) { l.apply() })
	l.sortBy.Selected = sortNewest
	l.list = newKeyList(
		func() int { return len(l.shown) },
		func() fyne.CanvasObject {
			title := widget.NewLabelWithStyle("title", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			title.Truncation = fyne.TextTruncateEllipsis
			meta := widget.NewLabel("meta")
			meta.Truncation = fyne.TextTruncateEllipsis
			meta.SizeName = theme.SizeNameCaptionText
			return container.NewVBox(title, meta)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			s := l.shown[i]
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Label).SetText(s.Title)
			box.Objects[1].(*widget.Label).SetText(summaryLine(s))
		},
		wb.typedRune)
	l.list.OnSelected = func(i widget.ListItemID) {
		if i < len(l.shown) && l.shown[i].ID != wb.current.ID {
			l.selected = l.shown[i].ID
			wb.OpenArticle(l.shown[i].ID)
		}
	}
	buttons := container.NewGridWithColumns(2,
		widget.NewButtonWithIcon("Files…", theme.FileIcon(), wb.openFiles),
		widget.NewButtonWithIcon("Folder…", theme.FolderOpenIcon(), wb.importFolder),
		widget.NewButtonWithIcon("URL…", theme.ComputerIcon(), wb.importURL),
		widget.NewButtonWithIcon("Paste…", theme.ContentPasteIcon(), wb.pasteArticle),
	)
	top := container.NewVBox(sectionTitle("Library"), l.filter,
		container.NewBorder(nil, nil, widget.NewLabel("Sort"), nil, l.sortBy))
	l.box = container.NewBorder(top, buttons, nil, nil, l.list)
	return l
}

func summaryLine(s annotate.ArticleSummary) string {
	parts := []string{}
	if s.Source != "" {
		parts = append(parts, s.Source)
	}
	if !s.Published.IsZero() {
		parts = append(parts, s.Published.Format("2 Jan 2006"))
	}
	parts = append(parts, fmt.Sprintf("%d %s", s.Annotations, plural(s.Annotations, "annotation", "annotations")))
	return strings.Join(parts, " · ")
}

// reload re-reads the article list from the store.
func (l *library) reload() {
	all, err := l.wb.ws.Articles()
	if err != nil {
		l.wb.showError(err)
		return
	}
	l.all = all
	l.apply()
}

// apply filters and sorts, keeping the open article selected.
func (l *library) apply() {
	q := strings.ToLower(strings.TrimSpace(l.filter.Text))
	l.shown = l.shown[:0]
	for _, s := range l.all {
		if q == "" || strings.Contains(strings.ToLower(s.Title), q) || strings.Contains(strings.ToLower(s.Source), q) {
			l.shown = append(l.shown, s)
		}
	}
	switch l.sortBy.Selected {
	case sortOldest:
		sort.SliceStable(l.shown, func(i, j int) bool { return dateOf(l.shown[i]).Before(dateOf(l.shown[j])) })
	case sortTitle:
		sort.SliceStable(l.shown, func(i, j int) bool {
			return strings.ToLower(l.shown[i].Title) < strings.ToLower(l.shown[j].Title)
		})
	} // sortNewest is the store's order
	l.list.Refresh()
	l.selectID(l.wb.current.ID)
}

func dateOf(s annotate.ArticleSummary) time.Time {
	if !s.Published.IsZero() {
		return s.Published
	}
	return s.ImportedAt
}

// selectID highlights the row of an article without reopening it.
func (l *library) selectID(id string) {
	for i, s := range l.shown {
		if s.ID == id {
			l.selected = id
			l.list.Select(i)
			return
		}
	}
	l.list.UnselectAll()
}
