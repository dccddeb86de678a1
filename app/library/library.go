// Package library is the window's left panel: every article with its source, date and
// annotation count, a filter, a sort, and the import buttons. It is handed the article
// list and says which article the analyst chose; the window does the rest.
package library

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/app/uikit"
)

// Actions are what the panel asks of the window.
type Actions struct {
	// Open shows the article the analyst chose.
	Open func(articleID string)
	// Files, Folder, URL and Paste are the import buttons.
	Files, Folder, URL, Paste func()
	// TypedRune is told of characters typed while the list has the keyboard (tagging digits).
	TypedRune func(rune)
	// Edit and Delete are the row's context menu (right click): edit an article's
	// details, delete it with its annotations.
	Edit, Delete func(articleID string)
	// MoreMenu adds items of other views to a row's context menu (nil: none).
	MoreMenu func(articleID string) []*fyne.MenuItem
	// SourceChosen is told when the source picker changes (to remember it; may be nil).
	SourceChosen func(Source)
}

// Sort orders as shown.
const (
	SortNewest = "Newest first"
	SortOldest = "Oldest first"
	SortTitle  = "Title A–Z"
)

// View is the library panel.
type View struct {
	act   Actions
	all   []annotate.ArticleSummary
	shown []annotate.ArticleSummary
	open  string          // the article the window shows ("" none)
	done  map[string]bool // articles the analyst marked done (SetDone)

	filter *widget.Entry
	picker *sourcePicker
	sortBy *widget.Select
	list   *uikit.KeyList
	box    fyne.CanvasObject
}

// New builds the panel, empty until SetArticles.
func New(act Actions) *View {
	v := &View{act: act}
	v.filter = widget.NewEntry()
	v.filter.SetPlaceHolder("Filter by title or source")
	v.filter.OnChanged = func(string) { v.apply() }
	v.picker = newSourcePicker(func(s Source) {
		v.apply()
		if v.act.SourceChosen != nil {
			v.act.SourceChosen(s)
		}
	})
	v.sortBy = widget.NewSelect([]string{SortNewest, SortOldest, SortTitle}, func(string) { v.apply() })
	v.sortBy.Selected = SortNewest
	v.list = uikit.NewKeyList(func() int { return len(v.shown) }, v.newRow, v.updateRow, act.TypedRune)
	v.list.OnSelected = func(i widget.ListItemID) {
		if i < len(v.shown) && v.shown[i].ID != v.open {
			v.open = v.shown[i].ID
			if v.act.Open != nil {
				v.act.Open(v.open)
			}
		}
	}
	buttons := container.NewGridWithColumns(2,
		widget.NewButtonWithIcon("Files…", theme.FileIcon(), act.Files),
		widget.NewButtonWithIcon("Folder…", theme.FolderOpenIcon(), act.Folder),
		widget.NewButtonWithIcon("URL…", theme.ComputerIcon(), act.URL),
		widget.NewButtonWithIcon("Paste…", theme.ContentPasteIcon(), act.Paste),
	)
	top := container.NewVBox(uikit.SectionTitle("Library"), v.filter,
		container.New(layout.NewFormLayout(), widget.NewLabel("Source"), v.picker.face, widget.NewLabel("Sort"), v.sortBy))
	v.box = container.NewBorder(top, buttons, nil, nil, v.list)
	return v
}

// Object is the panel's content.
func (v *View) Object() fyne.CanvasObject { return v.box }

// SetArticles shows a new article list; open is the article the window shows ("" none).
// A chosen source with no article left goes back to all sources.
func (v *View) SetArticles(all []annotate.ArticleSummary, open string) {
	v.all = all
	v.open = open
	if v.picker.setCounts(annotate.CountBySource(all)) && v.act.SourceChosen != nil {
		v.act.SourceChosen(Source{})
	}
	v.apply()
}

// SetSource chooses the source listed (the one remembered for the workspace); one that
// has no article shows all sources.
func (v *View) SetSource(s Source) {
	v.picker.pick = s
	if v.all == nil { // before the first list: checked against it then
		v.picker.showFace()
		return
	}
	v.SetArticles(v.all, v.open)
}

// Source is the source listed.
func (v *View) Source() Source { return v.picker.pick }

// Reveal makes an article's row visible: a source choice or filter text that hides it
// is cleared (after an import, the new articles are in the list).
func (v *View) Reveal(id string) {
	for _, s := range v.all {
		if s.ID != id {
			continue
		}
		if !v.picker.pick.Match(s.Article) {
			v.picker.choose(Source{})
		}
		if len(filterAndSort([]annotate.ArticleSummary{s}, v.filter.Text, "")) == 0 {
			v.filter.SetText("")
		}
		return
	}
}

// Select marks the row of the article the window now shows, without opening it again
// ("" or an article not listed clears the selection).
func (v *View) Select(id string) {
	v.open = id
	for i, s := range v.shown {
		if s.ID == id {
			v.list.Select(i)
			return
		}
	}
	v.list.UnselectAll()
}

// Shown is the list as filtered and sorted.
func (v *View) Shown() []annotate.ArticleSummary { return v.shown }

// All is every article, as last set.
func (v *View) All() []annotate.ArticleSummary { return v.all }

// OpenFirst opens the first article shown, if any.
func (v *View) OpenFirst() {
	if len(v.shown) > 0 {
		v.list.Select(0)
	}
}

func (v *View) newRow() fyne.CanvasObject {
	title := widget.NewLabelWithStyle("title", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Truncation = fyne.TextTruncateEllipsis
	meta := widget.NewLabel("meta")
	meta.Truncation = fyne.TextTruncateEllipsis
	meta.SizeName = theme.SizeNameCaptionText
	return newRowWidget(container.NewVBox(title, meta), v.showMenu, v.tapRow)
}

// tapRow selects a row by its article (the row widget, being tappable for its context
// menu, takes the list's own taps).
func (v *View) tapRow(id string) {
	for i, s := range v.shown {
		if s.ID == id {
			v.list.Select(i)
			if c := fyne.CurrentApp().Driver().CanvasForObject(v.list); c != nil {
				c.Focus(v.list) // as the list's own tap does: digits then reach the window
			}
			return
		}
	}
}

func (v *View) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(v.shown) {
		return
	}
	s := v.shown[i]
	row := o.(*rowWidget)
	row.id = s.ID
	box := row.content.(*fyne.Container)
	box.Objects[0].(*widget.Label).SetText(s.Title)
	box.Objects[1].(*widget.Label).SetText(doneMark(v.done[s.ID]) + SummaryLine(s))
}

// MenuItems is a row's context menu.
func (v *View) MenuItems(id string) []*fyne.MenuItem {
	var items []*fyne.MenuItem
	if v.act.Edit != nil {
		items = append(items, fyne.NewMenuItem("Edit details…", func() { v.act.Edit(id) }))
	}
	if v.act.MoreMenu != nil {
		items = append(items, v.act.MoreMenu(id)...)
	}
	if v.act.Delete != nil {
		items = append(items, fyne.NewMenuItemSeparator(), fyne.NewMenuItem("Delete article…", func() { v.act.Delete(id) }))
	}
	return items
}

func (v *View) showMenu(id string, at *fyne.PointEvent, o fyne.CanvasObject) {
	items := v.MenuItems(id)
	c := fyne.CurrentApp().Driver().CanvasForObject(o)
	if len(items) == 0 || c == nil {
		return
	}
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", items...), c, at.AbsolutePosition)
}

// rowWidget is a library row that offers its context menu on a right click and selects
// its article on a left click.
type rowWidget struct {
	widget.BaseWidget
	id      string
	content fyne.CanvasObject
	menu    func(id string, at *fyne.PointEvent, o fyne.CanvasObject)
	tap     func(id string)
}

func newRowWidget(content fyne.CanvasObject, menu func(string, *fyne.PointEvent, fyne.CanvasObject), tap func(string)) *rowWidget {
	r := &rowWidget{content: content, menu: menu, tap: tap}
	r.ExtendBaseWidget(r)
	return r
}

func (r *rowWidget) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.content) }

// Tapped selects the row: the driver hands a click to the deepest object that takes
// either kind of tap, so the row passes the left click on to the list.
func (r *rowWidget) Tapped(*fyne.PointEvent) {
	if r.id != "" && r.tap != nil {
		r.tap(r.id)
	}
}

// TappedSecondary opens the row's context menu.
func (r *rowWidget) TappedSecondary(e *fyne.PointEvent) {
	if r.id != "" && r.menu != nil {
		r.menu(r.id, e, r)
	}
}

// SummaryLine is a row's second line: source · date · annotations.
func SummaryLine(s annotate.ArticleSummary) string {
	var parts []string
	if s.Source != "" {
		parts = append(parts, s.Source)
	}
	if !s.Published.IsZero() {
		parts = append(parts, s.Published.Format("2 Jan 2006"))
	}
	word := "annotations"
	if s.Annotations == 1 {
		word = "annotation"
	}
	parts = append(parts, fmt.Sprintf("%d %s", s.Annotations, word))
	return strings.Join(parts, " · ")
}

// apply filters and sorts, keeping the open article selected.
func (v *View) apply() {
	list := v.all
	if v.picker.pick.One {
		list = make([]annotate.ArticleSummary, 0, len(v.all))
		for _, s := range v.all {
			if v.picker.pick.Match(s.Article) {
				list = append(list, s)
			}
		}
	}
	v.shown = filterAndSort(list, v.filter.Text, v.sortBy.Selected)
	v.list.Refresh()
	v.Select(v.open)
}

// filterAndSort keeps the articles whose title or source holds q (any case) in the order
// chosen; SortNewest is the store's order.
func filterAndSort(all []annotate.ArticleSummary, q, order string) []annotate.ArticleSummary {
	q = strings.ToLower(strings.TrimSpace(q))
	shown := make([]annotate.ArticleSummary, 0, len(all))
	for _, s := range all {
		if q == "" || strings.Contains(strings.ToLower(s.Title), q) || strings.Contains(strings.ToLower(s.Source), q) {
			shown = append(shown, s)
		}
	}
	switch order {
	case SortOldest:
		sort.SliceStable(shown, func(i, j int) bool { return dateOf(shown[i]).Before(dateOf(shown[j])) })
	case SortTitle:
		sort.SliceStable(shown, func(i, j int) bool {
			return strings.ToLower(shown[i].Title) < strings.ToLower(shown[j].Title)
		})
	}
	return shown
}

func dateOf(s annotate.ArticleSummary) time.Time {
	if !s.Published.IsZero() {
		return s.Published
	}
	return s.ImportedAt
}
