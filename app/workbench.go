package app

import (
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/app/annotations"
	"gloss.app/gloss/app/async"
	"gloss.app/gloss/app/codebookui"
	"gloss.app/gloss/app/library"
	"gloss.app/gloss/app/overview"
	"gloss.app/gloss/app/palette"
	"gloss.app/gloss/app/reader"
	"gloss.app/gloss/app/rightpanel"
	"gloss.app/gloss/app/searchview"
	"gloss.app/gloss/app/uikit"
)

// Workbench is the main window: library on the left, the reader in the centre, the
// codebook and the article's annotations on the right, a status bar below. It is the one
// host of the views: each view gets the data it shows and callbacks into the Workbench,
// which runs every change as a command of the workspace and refreshes the views after;
// slow work of any view goes through the Workbench's one async.Runner.
type Workbench struct {
	app fyne.App
	win fyne.Window
	ws  *annotate.Workspace
	run *async.Runner

	codebook *annotate.Codebook
	usage    map[string]annotate.TagUsage

	library *library.View
	header  *articleHeader
	reader  *reader.Reader
	palette *palette.View
	notes   *annotations.List
	editor  *annotations.Editor
	right   *rightpanel.Panel
	status  *statusBar
	tips    *uikit.TipLayer // hover tips over the whole window

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
	rebuildMu  sync.Mutex     // one rebuild of the index at a time
	background backgroundWork // the index opening, the backup, the trainer closing
	shutdown   bool           // stop ran (UI goroutine)
	// closeIndexOnce closes the index once; cleanExit says whether it could.
	closeIndexOnce sync.Once
	cleanExit      bool
	busyCount      int // exports and imports of annotations running
	importing      bool

	current     annotate.Article // Text loaded; ID "" when none
	annotations []annotate.Annotation
	// lastTagged is the annotation the latest digit created, so that another digit on
	// the same selection adds a tag instead of creating a second annotation.
	lastTagged struct {
		id         string
		start, end int
	}
	annotationArticle map[string]string // annotation id → article id, to follow undo
	chooser           *widget.PopUpMenu // the last overlap chooser shown
	reading           *readingPositions // where each article was left
	find              *findBar          // find in the article (Ctrl+G, '/')
	// shownRevision is the store revision the views showed at their last refresh;
	// a change heard later (a command from the command line) refreshes them again.
	shownRevision uint64
	unobserve     func()
	follow        followed // changes heard from elsewhere, shown through a throttle
	// restoreBackup restores a backup sent by the command line in place (set by the
	// window's host; nil in tests that serve a bare workbench).
	restoreBackup func(backup string, wait time.Duration, waiting func(what string)) (annotate.Restored, error)

	agreementViews // the Agreement tab, the disagreement browser, the self-check, done marks
	teamViews      // team projects: the sync engine, its indicator, File → Team…
	// the trainer, the suggestion list and the reader's outlines
	suggestionViews
}

// NewWorkbench builds the window on any fyne.App. run is how every view runs slow work
// (nil: goroutines; tests pass async.Inline()).
func NewWorkbench(a fyne.App, ws *annotate.Workspace, run *async.Runner) *Workbench {
	return newWorkbenchIn(a, nil, ws, run)
}

// newWorkbenchIn builds the window's views in win (a window whose workbench has been
// taken off it: a restored workspace shown in place), or in a new window when win is nil.
func newWorkbenchIn(a fyne.App, win fyne.Window, ws *annotate.Workspace, run *async.Runner) *Workbench {
	if run == nil {
		run = async.New()
	}
	wb := &Workbench{app: a, ws: ws, run: run, annotationArticle: map[string]string{},
		codebook: annotate.NewCodebook(nil)}
	wb.index.ready = sync.NewCond(&wb.index.mu)
	title := "Gloss — " + ws.Dir()
	fresh := win == nil
	if fresh {
		win = a.NewWindow(title)
	}
	win.SetTitle(title)
	wb.win = win
	wb.reading = loadReadingPositions(a.Preferences())
	wb.buildViews()
	wb.win.SetContent(wb.layout())
	wb.win.SetMainMenu(wb.mainMenu())
	wb.reader.SetStripes(a.Preferences().Bool(stripesPrefKey))
	wb.addStandardShortcuts()
	wb.win.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) { wb.dropped(uris) })
	if fresh {
		wb.win.Resize(fyne.NewSize(1360, 860))
	}
	// A new text size or theme variant (Fyne's settings, FYNE_SCALE) re-wraps the reader
	// and re-measures the lists; listeners may run off the UI goroutine.
	a.Settings().AddListener(func(fyne.Settings) { fyne.Do(wb.settingsChanged) })

	wb.reloadCodebook()
	wb.reloadRecode()
	wb.library.SetSource(wb.rememberedSource())
	wb.reloadLibrary()
	wb.library.OpenFirst()
	wb.updateCounts()
	wb.follow.throttle = wb.run.Throttle(followQuiet, followEvery, wb.followLatest)
	wb.unobserve = ws.Observe(wb.observed)
	wb.startTeam()
	wb.startBackground()
	wb.startSuggestions()
	return wb
}

// buildViews makes every view with what it needs from the window.
func (wb *Workbench) buildViews() {
	wb.reader = reader.New()
	wb.reader.OnDigit = wb.tagWithHotkey
	wb.reader.OnHighlightClicked = wb.highlightClicked
	wb.reader.OnHover = wb.hoverHighlights
	wb.find = newFindBar(wb)
	wb.reader.OnFind = wb.find.open
	wb.reader.OnSelectionChanged = func(start, end int) {
		if start != end || end != wb.lastTagged.end {
			wb.lastTagged.id = "" // a new selection: the next digit makes a new annotation
		}
		if start != end {
			wb.dropSuggestionChoice() // digits and keys now act on the selection
		}
		wb.palette.SetSelectionHint(end > start || wb.lastTagged.id != "")
	}
	wb.library = library.New(library.Actions{Open: wb.OpenArticle, TypedRune: wb.typedRune,
		Files: wb.openFiles, Folder: wb.importFolder, URL: wb.importURL, Paste: wb.pasteArticle,
		Edit: wb.editArticle, Delete: wb.deleteArticle, MoreMenu: wb.libraryDoneItem, SourceChosen: wb.rememberSource})
	wb.header = newArticleHeader(headerActions{Edit: func() { wb.editArticle(wb.current.ID) }, Delete: func() { wb.deleteArticle(wb.current.ID) },
		Context: wb.messageContext, OpenArticle: wb.OpenArticle, SetUsername: wb.askTelegramUsername})
	wb.palette = palette.New(wb.TagSelection)
	wb.notes = annotations.NewList(func(id string) { wb.SelectAnnotation(id, true) }, wb.typedRune)
	wb.editor = annotations.NewEditor(wb.editorActions())
	wb.right = rightpanel.New(wb.palette, wb.editor.Object(), wb.notes, func() float32 { return wb.win.Canvas().Size().Width })
	wb.tips = uikit.NewTipLayer()
	wb.status = newStatusBar(wb.ws.Dir(), wb.tips)
	wb.searchView = searchview.New(searchview.Deps{
		Window:    wb.win,
		Async:     wb.run,
		Search:    wb.Search,
		Codebook:  func() *annotate.Codebook { return wb.codebook },
		Open:      wb.OpenHit,
		Export:    wb.exportSearch,
		Saved:     searchview.NewSavedStore(wb.ws.Dir()),
		OnResults: wb.searchShown,
	})
	wb.buildAgreementViews()
	wb.buildSuggestionViews()
	wb.overview = overview.New(overview.Deps{Window: wb.win, WS: wb.ws, Async: wb.run,
		Query: wb.AnnotationIDs, OnCellQuery: wb.RunSearch, Status: wb.setStatus, Shown: wb.shownAnnotations,
		Tabs: []overview.Tab{{Title: agreementTabTitle, Content: wb.agreementGate()}}})
}

// layout arranges the views: left tabs (library, search) | centre tabs (reader,
// overview) | right panel, the status bar below.
func (wb *Workbench) layout() fyne.CanvasObject {
	centre := container.NewBorder(container.NewVBox(wb.header.box, wb.banner.Object(), wb.find.box), wb.codingBar.box, nil, nil, wb.reader)
	wb.readerTab = container.NewTabItemWithIcon("Reader", theme.DocumentIcon(), centre)
	wb.overviewTab = container.NewTabItemWithIcon("Overview", theme.GridIcon(), wb.overview.Object())
	wb.centreTabs = container.NewAppTabs(wb.readerTab, wb.overviewTab)
	wb.centreTabs.OnSelected = wb.centreTabChanged
	wb.searchTab = container.NewTabItemWithIcon("Search", theme.SearchIcon(), wb.searchView.Object())
	wb.leftTabs = container.NewAppTabs(container.NewTabItemWithIcon("Library", theme.FolderIcon(), wb.library.Object()), wb.searchTab)
	wb.leftTabs.OnSelected = wb.leftTabChanged
	wb.libraryOffset = 0.23
	wb.split = container.NewHSplit(wb.leftTabs, wb.right.Beside(wb.centreTabs))
	wb.split.SetOffset(wb.libraryOffset)
	root := container.NewBorder(nil, wb.status.box, nil, nil, container.New(&leftSplitLayout{wb: wb}, wb.split))
	return container.NewStack(root, wb.tips.Object())
}

// editorActions run the editor's changes as commands.
func (wb *Workbench) editorActions() annotations.EditorActions {
	return annotations.EditorActions{
		AddTag: func(annotationID, tagID string) {
			wb.afterCommand(wb.ws.AddAnnotationTag(annotationID, tagID))
		},
		RemoveTag: func(annotationID, tagID string) {
			wb.afterCommand(wb.ws.RemoveAnnotationTag(annotationID, tagID))
		},
		SaveNote: func(annotationID, note string) {
			wb.afterCommand(wb.ws.SetAnnotationNote(annotationID, note))
		},
		Delete: func(annotationID string) {
			wb.afterCommand(wb.ws.DeleteAnnotation(annotationID))
		},
		Toggled: func() { wb.right.Refit() }, // the panel is built after the editor
	}
}

// settingsChanged follows a change of theme or text size.
func (wb *Workbench) settingsChanged() {
	wb.reader.Relayout()
	wb.reader.SetHighlights(wb.highlights()) // alpha follows the variant
	wb.palette.ThemeChanged()
	wb.showPalette()
	wb.notes.Remeasure()
	wb.sugPanel.Remeasure()
	wb.refreshEditor() // chip tints follow the background
}

// Window returns the main window.
func (wb *Workbench) Window() fyne.Window { return wb.win }

// Reader returns the reader widget (for tests and the search integration).
func (wb *Workbench) Reader() *reader.Reader { return wb.reader }

// Overview is the Overview tab's view (tests).
func (wb *Workbench) Overview() *overview.View { return wb.overview }
