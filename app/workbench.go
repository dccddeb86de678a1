package app

import (
	"errors"
	"fmt"
	"image/color"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/app/codebookui"
	"gloss.app/gloss/app/overview"
	"gloss.app/gloss/app/reader"
	"gloss.app/gloss/app/searchview"
	"gloss.app/gloss/app/tagcolor"
	"gloss.app/gloss/app/textfit"
)

// Workbench is the main window: library on the left, the reader in the centre, the
// codebook and the article's annotations on the right, a status bar below.
type Workbench struct {
	app fyne.App
	win fyne.Window
	ws  *annotate.Workspace

	codebook *annotate.Codebook
	usage    map[string]annotate.TagUsage

	library *library
	header  *articleHeader
	reader  *reader.Reader
	palette *palette
	right   *rightPanel
	notes   *annotationList
	editor  *annotationEditor
	status  *statusBar

	searchView *searchview.View
	leftTabs   *container.AppTabs
	searchTab  *container.TabItem
	split      *container.Split // library or search | the rest
	// libraryOffset is the split's position while the library shows; the search panel
	// widens it for its fragments and facets.
	libraryOffset float64
	// searchAuto is the share Gloss gave the search panel (0 while the library shows); a
	// divider moved away from it is the analyst's choice and stays.
	searchAuto float64

	centreTabs  *container.AppTabs
	readerTab   *container.TabItem
	overviewTab *container.TabItem
	overview    *overview.View
	// overviewQuery is the query the Overview last counted ("" everything).
	overviewQuery string
	codebookWin   fyne.Window
	codebookMgr   *codebookui.Manager // the codebook window's view while it is open

	index      indexHolder
	indexReady []func() // run on the UI goroutine once search works
	bg         sync.WaitGroup
	shutdown   sync.Once
	cleanExit  bool
	busyCount  int // exports and imports of annotations running

	current     annotate.Article // Text loaded; ID "" when none
	annotations []annotate.Annotation
	// lastTagged is the annotation the latest digit created, so that another digit on
	// the same selection adds a tag instead of creating a second annotation.
	lastTagged struct {
		id         string
		start, end int
	}
	annotationArticle map[string]string // annotation id → article id, to follow undo
	importing         bool
	// async runs slow work of the views it hands it to (the codebook manager) off the UI
	// goroutine; tests run it in place.
	async   func(func())
	chooser *widget.PopUpMenu // the last overlap chooser shown
}

// NewWorkbench builds the window on any fyne.App.
func NewWorkbench(a fyne.App, ws *annotate.Workspace) *Workbench {
	wb := &Workbench{app: a, ws: ws, annotationArticle: map[string]string{}, async: func(f func()) { go f() }}
	wb.win = a.NewWindow("Gloss — " + ws.Dir())
	wb.reader = reader.New()
	wb.reader.OnDigit = wb.tagWithHotkey
	wb.reader.OnHighlightClicked = wb.highlightClicked
	wb.reader.OnSelectionChanged = func(start, end int) { wb.palette.setSelectionHint(end > start) }
	wb.library = newLibrary(wb)
	wb.header = newArticleHeader()
	wb.palette = newPalette(wb)
	wb.notes = newAnnotationList(wb)
	wb.editor = newAnnotationEditor(wb)
	wb.status = newStatusBar(ws.Dir())
	wb.searchView = searchview.New(searchview.Deps{
		Window:    wb.win,
		Search:    wb.Search,
		Codebook:  func() *annotate.Codebook { return wb.codebook },
		Open:      wb.OpenHit,
		Export:    wb.exportSearch,
		Saved:     searchview.NewSavedStore(ws.Dir()),
		OnResults: wb.searchShown,
	})
	wb.overview = overview.New(wb.win, ws, wb.AnnotationIDs, wb.RunSearch)
	wb.overview.SetStatus(wb.setStatus)

	centre := container.NewBorder(wb.header.box, nil, nil, nil, wb.reader)
	wb.right = newRightPanel(wb)
	wb.readerTab = container.NewTabItemWithIcon("Reader", theme.DocumentIcon(), centre)
	wb.overviewTab = container.NewTabItemWithIcon("Overview", theme.GridIcon(), wb.overview.Object())
	wb.centreTabs = container.NewAppTabs(wb.readerTab, wb.overviewTab)
	wb.centreTabs.OnSelected = wb.centreTabChanged
	// The right panel starts at the width its tag names need (its minimum); the reader's
	// column has a maximum width anyway.
	inner := container.NewHSplit(wb.centreTabs, wb.right.box)
	inner.SetOffset(0.75)
	wb.right.inner = inner
	wb.right.widths = &centreSplitLayout{p: wb.right}
	wb.searchTab = container.NewTabItemWithIcon("Search", theme.SearchIcon(), wb.searchView.Object())
	wb.leftTabs = container.NewAppTabs(container.NewTabItemWithIcon("Library", theme.FolderIcon(), wb.library.box), wb.searchTab)
	wb.leftTabs.OnSelected = wb.leftTabChanged
	wb.libraryOffset = 0.23
	wb.split = container.NewHSplit(wb.leftTabs, container.New(wb.right.widths, inner))
	wb.split.SetOffset(wb.libraryOffset)
	wb.win.SetContent(container.NewBorder(nil, wb.status.box, nil, nil, container.New(&leftSplitLayout{wb: wb}, wb.split)))
	wb.win.SetMainMenu(wb.mainMenu())
	wb.addStandardShortcuts()
	wb.win.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) { wb.importURIs(uris) })
	wb.win.Resize(fyne.NewSize(1360, 860))
	// A new text size or theme variant (Fyne's settings, FYNE_SCALE) re-wraps the reader
	// and re-measures the lists; listeners may run off the UI goroutine.
	a.Settings().AddListener(func(fyne.Settings) { fyne.Do(wb.settingsChanged) })

	wb.reloadCodebook()
	wb.library.reload()
	if len(wb.library.shown) > 0 {
		wb.library.list.Select(0)
	}
	wb.updateCounts()
	wb.startBackground()
	return wb
}

// settingsChanged follows a change of theme or text size.
func (wb *Workbench) settingsChanged() {
	wb.reader.Relayout()
	wb.reader.SetHighlights(wb.highlights()) // alpha follows the variant
	wb.palette.reload()
	wb.notes.width = 0 // measure the rows again at the new text size
	wb.notes.setWidth(wb.notes.list.Size().Width)
	wb.editor.refresh() // chip tints follow the background
}

// Window returns the main window.
func (wb *Workbench) Window() fyne.Window { return wb.win }

// Reader returns the reader widget (for tests and the search integration).
func (wb *Workbench) Reader() *reader.Reader { return wb.reader }

func sectionTitle(s string) fyne.CanvasObject {
	l := widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	return l
}

// OpenArticle shows an article in the reader with its highlights.
func (wb *Workbench) OpenArticle(id string) {
	art, err := wb.ws.Article(id)
	if err != nil {
		wb.showError(err)
		return
	}
	wb.current = art
	wb.lastTagged.id = ""
	wb.header.show(art)
	wb.loadAnnotations()
	wb.reader.SetText(art.Text, wb.highlights())
	wb.editor.hide()
	wb.library.selectID(id)
}

// closeArticle empties the reader (the article was deleted, e.g. by undoing its import).
func (wb *Workbench) closeArticle() {
	wb.current = annotate.Article{}
	wb.annotations = nil
	wb.header.show(annotate.Article{Title: "No article open", Source: "Import articles with Ctrl+O, Ctrl+Shift+O or by dropping files here"})
	wb.reader.SetText("", nil)
	wb.notes.reload(nil)
	wb.editor.hide()
}

func (wb *Workbench) loadAnnotations() {
	anns, err := wb.ws.Annotations(wb.current.ID)
	if err != nil {
		wb.showError(err)
		return
	}
	wb.annotations = anns
	for _, a := range anns {
		wb.annotationArticle[a.ID] = a.ArticleID
	}
	wb.notes.reload(anns)
}

// highlights turns the anchored annotations into reader highlights (orphans are listed
// but not drawn: their offsets mean nothing in the current text).
func (wb *Workbench) highlights() []reader.Highlight {
	hs := make([]reader.Highlight, 0, len(wb.annotations))
	for _, a := range wb.annotations {
		if a.State == annotate.Orphaned {
			continue
		}
		hs = append(hs, reader.Highlight{ID: a.ID, Start: a.Start, End: a.End, Colors: wb.tagColors(a.TagIDs)})
	}
	return hs
}

func (wb *Workbench) tagColors(ids []string) []color.NRGBA {
	cols := make([]color.NRGBA, 0, len(ids))
	for _, id := range ids {
		if t, ok := wb.codebook.Tag(id); ok {
			cols = append(cols, tagcolor.Parse(t.Color))
		}
	}
	if len(cols) == 0 {
		cols = append(cols, tagcolor.Parse(""))
	}
	return cols
}

func (wb *Workbench) annotation(id string) (annotate.Annotation, bool) {
	for _, a := range wb.annotations {
		if a.ID == id {
			return a, true
		}
	}
	return annotate.Annotation{}, false
}

// refreshAfterChange re-reads what a command may have changed and shows its label.
func (wb *Workbench) refreshAfterChange(label string) {
	wb.reloadCodebook()
	wb.library.reload()
	if wb.current.ID != "" {
		if _, err := wb.ws.Article(wb.current.ID); err != nil {
			wb.closeArticle()
		} else {
			wb.loadAnnotations()
			wb.reader.SetHighlights(wb.highlights())
			wb.editor.refresh()
		}
	}
	wb.updateCounts()
	wb.searchView.Refresh()
	wb.refreshOverview(true)
	if wb.codebookMgr != nil {
		wb.codebookMgr.Reload() // an undo here may have changed the codebook or its counts
	}
	if label != "" {
		wb.setStatus(label)
	}
}

func (wb *Workbench) reloadCodebook() {
	cb, err := wb.ws.Codebook()
	if err != nil {
		wb.showError(err)
		return
	}
	wb.codebook = cb
	wb.usage, _ = wb.ws.TagUsage()
	wb.palette.reload()
}

func (wb *Workbench) updateCounts() {
	arts, anns := wb.ws.Counts()
	wb.status.counts.SetText(fmt.Sprintf("%d %s · %d %s", arts, plural(arts, "article", "articles"), anns, plural(anns, "annotation", "annotations")))
}

func (wb *Workbench) setStatus(msg string) { wb.status.message.SetText(msg) }

// showError reports a failed action in words and in the status bar.
func (wb *Workbench) showError(err error) {
	wb.setStatus("⚠ " + err.Error())
}

// TagSelection applies a tag to the selection: a new annotation, or one more tag on the
// annotation just made from the same selection. Without a selection it adds the tag to
// the annotation open in the editor.
func (wb *Workbench) TagSelection(tagID string) {
	if wb.current.ID == "" {
		wb.setStatus("Open an article first")
		return
	}
	tag, ok := wb.codebook.Tag(tagID)
	if !ok {
		return
	}
	sel0, sel1 := wb.reader.Selection()
	start, end := trimSpan(wb.reader.Text(), sel0, sel1)
	if start == end {
		if id := wb.editor.id; id != "" {
			if a, ok := wb.annotation(id); ok && a.HasTag(tagID) {
				wb.setStatus(fmt.Sprintf("The annotation already has '%s'", tag.Name))
				return
			}
			res, err := wb.ws.AddAnnotationTag(id, tagID)
			wb.afterCommand(res, err)
			return
		}
		wb.setStatus("Select some text first, then press 1–9 or click a tag")
		return
	}
	if lt := wb.lastTagged; lt.id != "" && lt.start == start && lt.end == end {
		if a, ok := wb.annotation(lt.id); ok {
			if a.HasTag(tagID) {
				wb.setStatus(fmt.Sprintf("Already tagged '%s'", tag.Name))
				return
			}
			res, err := wb.ws.AddAnnotationTag(lt.id, tagID)
			wb.afterCommand(res, err)
			return
		}
	}
	a, res, err := wb.ws.Annotate(annotate.AnnotationDraft{ArticleID: wb.current.ID, Start: start, End: end, TagIDs: []string{tagID}})
	if err == nil {
		wb.lastTagged.id, wb.lastTagged.start, wb.lastTagged.end = a.ID, start, end
		wb.annotationArticle[a.ID] = a.ArticleID
	}
	wb.afterCommand(res, err)
}

// trimSpan drops white space at both ends of a selection: sloppy drags should not
// store stray spaces or newlines in a quote.
func trimSpan(text []rune, start, end int) (int, int) {
	for start < end && isBlank(text[start]) {
		start++
	}
	for end > start && isBlank(text[end-1]) {
		end--
	}
	return start, end
}

func isBlank(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\u00a0' }

func (wb *Workbench) tagWithHotkey(digit int) {
	tag, ok := wb.codebook.ByHotkey(digit)
	if !ok {
		wb.setStatus(fmt.Sprintf("No tag has hotkey %d", digit))
		return
	}
	wb.TagSelection(tag.ID)
}

// afterCommand refreshes the window after a command and names what it did.
func (wb *Workbench) afterCommand(res annotate.Result, err error) {
	if err != nil {
		wb.showError(err)
		return
	}
	label := res.Label
	if label != "" && label != "Nothing changed" && !strings.HasPrefix(label, "Undid") && !strings.HasPrefix(label, "Redid") {
		label += ". Undo with Ctrl+Z"
	}
	wb.refreshAfterChange(label)
}

// Undo reverts the latest change anywhere in the workspace and shows where it happened.
func (wb *Workbench) Undo() { wb.step(wb.ws.Undo) }

// Redo re-applies the latest undone change.
func (wb *Workbench) Redo() { wb.step(wb.ws.Redo) }

func (wb *Workbench) step(fn func() (annotate.Result, error)) {
	res, err := fn()
	if errors.Is(err, annotate.ErrNothingToUndo) || errors.Is(err, annotate.ErrNothingToRedo) {
		wb.setStatus(err.Error())
		return
	}
	if err != nil {
		wb.showError(err)
		return
	}
	wb.lastTagged.id = ""
	// Follow the change to its article when it happened elsewhere.
	target := ""
	for _, id := range res.Changes.Annotations {
		if a, err := wb.ws.Annotation(id); err == nil {
			target = a.ArticleID
		} else if art, ok := wb.annotationArticle[id]; ok && target == "" {
			target = art
		}
	}
	if target == "" && len(res.Changes.Articles) == 1 {
		target = res.Changes.Articles[0]
	}
	switchTo := ""
	if target != "" && target != wb.current.ID {
		if _, err := wb.ws.Article(target); err == nil {
			switchTo = target
		}
	} else if wb.current.ID != "" && containsID(res.Changes.Articles, wb.current.ID) {
		if art, err := wb.ws.Article(wb.current.ID); err == nil && art.SHA256 != wb.current.SHA256 {
			wb.OpenArticle(art.ID) // the text itself changed
		}
	}
	// The refresh reloads the library once; opening the other article after it finds
	// the article in the list (a redone import brings it back).
	wb.refreshAfterChange(res.Label)
	if switchTo != "" {
		wb.OpenArticle(switchTo)
	}
	if wb.current.ID == "" && len(wb.library.shown) > 0 {
		wb.library.list.Select(0)
	}
}

func containsID(ids []string, id string) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// highlightClicked opens the editor on the annotation, or offers a chooser when
// several overlap under the pointer.
func (wb *Workbench) highlightClicked(ids []string, at fyne.Position) {
	if len(ids) == 1 {
		wb.SelectAnnotation(ids[0], false)
		return
	}
	var items []*fyne.MenuItem
	for _, id := range ids {
		a, ok := wb.annotation(id)
		if !ok {
			continue
		}
		id := id
		label := fmt.Sprintf("%s — “%s”", wb.tagNames(a.TagIDs), textfit.Snippet(a.Exact, 40))
		items = append(items, fyne.NewMenuItem(label, func() { wb.SelectAnnotation(id, false) }))
	}
	wb.chooser = widget.NewPopUpMenu(fyne.NewMenu("", items...), wb.win.Canvas())
	wb.chooser.ShowAtPosition(at)
}

// SelectAnnotation opens an annotation in the editor; reveal also scrolls the reader to
// it and flashes it.
func (wb *Workbench) SelectAnnotation(id string, reveal bool) {
	a, ok := wb.annotation(id)
	if !ok {
		return
	}
	wb.editor.show(a)
	wb.notes.selectID(id)
	if reveal && a.State != annotate.Orphaned {
		wb.reader.Flash(a.Start, a.End)
	}
}

func (wb *Workbench) tagNames(ids []string) string {
	var names []string
	for _, id := range ids {
		if t, ok := wb.codebook.Tag(id); ok {
			names = append(names, t.Name)
		}
	}
	return strings.Join(names, ", ")
}
