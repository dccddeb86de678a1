// Package searchview is the workbench's search panel: a query box whose results update
// as the analyst types (debounced, searched off the UI goroutine, stale answers dropped),
// hits with their matched words highlighted, facets as clickable filters, sort, paging,
// saved searches and a help sheet for the query language. It knows nothing about the
// workbench: the window hands it a search function and what to do with a chosen hit.
package searchview

import (
	"errors"
	"fmt"
	"image/color"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/app/async"
	"gloss.app/gloss/app/textfit"
	"gloss.app/gloss/search"
	"gloss.app/gloss/search/query"
)

// PageSize is how many hits one page (and each "Show more") loads.
const PageSize = 50

// DefaultDebounce is the pause in typing after which a query runs.
const DefaultDebounce = 200 * time.Millisecond

// Deps is what the view needs from the window around it.
type Deps struct {
	Window fyne.Window
	// Search runs a request. It is called off the UI goroutine and must be safe for that.
	Search func(search.Request) (*search.Results, error)
	// Codebook returns the current codebook (tag names and colours); UI goroutine only.
	Codebook func() *annotate.Codebook
	// Open shows a hit in the reader. Enter in the box opens the selected (or first) hit.
	Open func(search.Hit)
	// Export exports the hits of a query; nil hides the Export button.
	Export func(query string)
	// Saved keeps the saved searches; nil hides them.
	Saved *SavedStore
	// OnResults is told the query whose results are now shown (the Overview follows it).
	OnResults func(query string)
	// Debounce overrides DefaultDebounce (tests use a short one).
	Debounce time.Duration
	// Async runs searches off the UI goroutine and times the pause in typing (nil:
	// async.New()).
	Async *async.Runner
}

// View is the search panel.
type View struct {
	deps Deps

	entry     *queryEntry
	problem   *widget.Label
	count     *widget.Label
	sortBy    *widget.Select
	articles  *widget.Check
	exportBtn *widget.Button
	savedBtn  *widget.Button
	facets    *facetPanel
	list      *widget.List
	veil      *canvas.Rectangle // greys the hits of an older query while the box holds a bad one
	more      *widget.Button
	box       fyne.CanvasObject

	// What the list shows: the last good answer (a bad query keeps it).
	shownQuery string
	total      int
	hits       []search.Hit
	facetData  search.Facets
	selected   int
	// stale: the box holds a query that could not be read; the hits shown are the last
	// good query's, greyed under the error, and its facets are cleared.
	stale bool

	// gen numbers requests; only the newest one's answer is shown (UI goroutine).
	gen, shownGen int
	openOnShow    bool // Enter was pressed before the answer came

	timerMu sync.Mutex
	timer   *async.Timer
	pending bool
	running sync.WaitGroup
}

// Sort choices as shown.
const (
	sortRelevance = "Best match"
	sortPublished = "Newest published"
	sortCreated   = "Newest annotated"
)

// New builds the view.
func New(deps Deps) *View {
	if deps.Debounce == 0 {
		deps.Debounce = DefaultDebounce
	}
	if deps.Async == nil {
		deps.Async = async.New()
	}
	v := &View{deps: deps, selected: -1}
	boxRow := v.newBoxRow()
	countRow := v.newCountRow()
	v.facets = newFacetPanel(v)
	split := container.NewVSplit(v.facets.object(), v.newHitList())
	split.SetOffset(0.28)
	v.box = container.NewBorder(container.NewVBox(boxRow, v.problem, countRow), nil, nil, nil, split)
	return v
}

// newBoxRow is the query box with the saved-search and help buttons, and the line that
// says what is wrong with a query.
func (v *View) newBoxRow() fyne.CanvasObject {
	v.entry = newQueryEntry()
	v.entry.SetPlaceHolder("Search quotes, notes, tags and articles (Ctrl+F)")
	v.entry.OnChanged = func(string) { v.schedule() }
	v.entry.OnSubmitted = func(string) { v.submit() }
	v.entry.onDown = func() { v.moveSelection(1) }
	v.entry.onUp = func() { v.moveSelection(-1) }
	v.problem = widget.NewLabel("")
	v.problem.Importance = widget.DangerImportance
	v.problem.Wrapping = fyne.TextWrapWord
	v.problem.Hide()
	help := widget.NewButtonWithIcon("", theme.QuestionIcon(), v.ShowHelp)
	var tools []fyne.CanvasObject
	if v.deps.Saved != nil {
		save := widget.NewButtonWithIcon("", theme.DocumentSaveIcon(), v.askSave)
		v.savedBtn = widget.NewButtonWithIcon("Saved", theme.ListIcon(), v.showSaved)
		tools = append(tools, save, v.savedBtn)
	}
	tools = append(tools, help)
	// The tools sit on their own row under the box: beside it they left the box 64 px
	// in an 800 px window; alone on its row it keeps the panel's whole width.
	return container.NewVBox(v.entry, container.NewHBox(append([]fyne.CanvasObject{layout.NewSpacer()}, tools...)...))
}

// newCountRow is the count with "Articles too", and the sort with Export. They take two
// rows, so that the panel fits a narrow window (in one row they needed 370 px, which the
// left panel then reserved even while the library showed).
func (v *View) newCountRow() fyne.CanvasObject {
	v.count = widget.NewLabel("")
	v.count.Truncation = fyne.TextTruncateEllipsis
	v.sortBy = widget.NewSelect([]string{sortRelevance, sortPublished, sortCreated}, func(string) { v.runNow() })
	v.sortBy.Selected = sortRelevance
	v.articles = widget.NewCheck("Articles too", func(bool) { v.runNow() })
	v.articles.Checked = true
	var export fyne.CanvasObject
	if v.deps.Export != nil {
		v.exportBtn = widget.NewButtonWithIcon("Export…", theme.DownloadIcon(), func() { v.deps.Export(v.shownQuery) })
		v.exportBtn.Disable()
		export = v.exportBtn
	}
	return container.NewVBox(container.NewBorder(nil, nil, nil, v.articles, v.count),
		container.NewBorder(nil, nil, nil, export, v.sortBy))
}

// newHitList is the list of hits with "Show more" under it; choosing a hit opens it.
func (v *View) newHitList() fyne.CanvasObject {
	v.list = widget.NewList(func() int { return len(v.hits) }, newHitRow, func(i widget.ListItemID, o fyne.CanvasObject) {
		if i < len(v.hits) {
			o.(*hitRow).set(v.hits[i], v.codebook())
		}
	})
	v.list.OnSelected = func(i widget.ListItemID) {
		v.selected = i
		if i < len(v.hits) && v.deps.Open != nil {
			v.deps.Open(v.hits[i])
		}
	}
	v.more = widget.NewButton("Show more", v.loadMore)
	v.more.Hide()
	v.veil = canvas.NewRectangle(color.Transparent)
	v.veil.Hide()
	return container.NewBorder(nil, v.more, nil, nil, container.NewStack(v.list, v.veil))
}

// Object is the view's canvas object.
func (v *View) Object() fyne.CanvasObject { return v.box }

// Entry is the query box (the window focuses it on Ctrl+F).
func (v *View) Entry() *widget.Entry { return &v.entry.Entry }

// Focus puts the keyboard in the query box with its text selected, ready to overtype.
func (v *View) Focus() {
	if c := v.canvas(); c != nil {
		c.Focus(v.entry)
	}
	v.entry.selectAll()
}

// Query is the text in the box.
func (v *View) Query() string { return v.entry.Text }

// SetQuery replaces the query and runs it at once.
func (v *View) SetQuery(q string) {
	v.entry.OnChanged = nil
	v.entry.SetText(q)
	v.entry.OnChanged = func(string) { v.schedule() }
	v.runNow()
}

// Hits are the hits shown (tests and the export of results).
func (v *View) Hits() []search.Hit { return v.hits }

// Total is the size of the result set shown.
func (v *View) Total() int { return v.total }

// ShownQuery is the query whose results are shown (the last one that could be read).
func (v *View) ShownQuery() string { return v.shownQuery }

// Facets are the facets shown.
func (v *View) Facets() search.Facets { return v.facetData }

// Problem is the message under the box ("" when the query is fine).
func (v *View) Problem() string {
	if !v.problem.Visible() {
		return ""
	}
	return v.problem.Text
}

// SetDebounce replaces the pause in typing after which a query runs.
func (v *View) SetDebounce(d time.Duration) { v.deps.Debounce = d }

// Refresh re-runs the shown query (after a change in the workspace), keeping as many
// hits loaded as before.
func (v *View) Refresh() {
	if v.gen == 0 {
		return // never searched: nothing to bring up to date
	}
	v.run(max(len(v.hits), PageSize))
}

func (v *View) canvas() fyne.Canvas {
	if v.deps.Window != nil {
		return v.deps.Window.Canvas()
	}
	return fyne.CurrentApp().Driver().CanvasForObject(v.box)
}

func (v *View) codebook() *annotate.Codebook {
	if v.deps.Codebook == nil {
		return nil
	}
	return v.deps.Codebook()
}

// schedule runs the query after a pause in typing.
func (v *View) schedule() {
	v.timerMu.Lock()
	defer v.timerMu.Unlock()
	if v.timer != nil {
		v.timer.Stop()
	}
	v.pending = true
	v.timer = v.deps.Async.After(v.deps.Debounce, func() {
		v.timerMu.Lock()
		fire := v.pending
		v.pending = false
		v.timerMu.Unlock()
		if fire {
			v.run(PageSize)
		}
	})
}

// submit is Enter: open the selected hit, or the first hit of the query being typed
// once its answer is in.
func (v *View) submit() {
	v.flushPending()
	if v.shownGen != v.gen {
		v.openOnShow = true
		return
	}
	v.OpenSelected()
}

// Flush runs a query still waiting for the pause in typing now, and waits until every
// search started so far has answered. With the test driver the answers are shown when
// it returns; never call it on the UI goroutine of a real window.
func (v *View) Flush() {
	v.flushPending()
	v.running.Wait()
}

func (v *View) runNow() {
	v.cancelPending()
	v.run(PageSize)
}

// cancelPending stops the pause-in-typing timer and reports whether a query was waiting
// for it.
func (v *View) cancelPending() (waiting bool) {
	v.timerMu.Lock()
	defer v.timerMu.Unlock()
	waiting = v.pending
	v.pending = false
	if v.timer != nil {
		v.timer.Stop()
	}
	return waiting
}

// flushPending runs now a query still waiting for the pause in typing.
func (v *View) flushPending() {
	if v.cancelPending() {
		v.run(PageSize)
	}
}

func (v *View) request(limit, offset int, facets bool) search.Request {
	req := search.Request{Query: v.entry.Text, Limit: limit, Offset: offset, Articles: v.articles.Checked, Facets: facets}
	switch v.sortBy.Selected {
	case sortPublished:
		req.Sort = search.SortPublished
	case sortCreated:
		req.Sort = search.SortCreated
	}
	return req
}

// run searches off the UI goroutine; the answer is shown only if no newer request was
// made meanwhile.
func (v *View) run(limit int) {
	if v.deps.Search == nil {
		return
	}
	v.gen++
	gen := v.gen
	req := v.request(limit, 0, true)
	v.running.Add(1)
	v.deps.Async.Go(func() {
		defer v.running.Done()
		res, err := v.deps.Search(req)
		fyne.Do(func() {
			if gen != v.gen {
				return // the analyst typed on: this answer is stale
			}
			v.shownGen = gen
			v.show(req, res, err)
			if v.openOnShow {
				v.openOnShow = false
				if err == nil {
					v.OpenSelected()
				}
			}
		})
	})
}

func (v *View) show(req search.Request, res *search.Results, err error) {
	if err != nil {
		var pe *query.ParseError
		msg := err.Error()
		if errors.As(err, &pe) {
			msg = pe.Error() + " — the results below are for the last query that could be read"
		}
		v.problem.SetText("⚠ " + msg)
		v.problem.Show()
		v.setStale(true)
		return
	}
	v.problem.Hide()
	v.setStale(false)
	v.shownQuery = req.Query
	v.total = res.Total
	v.hits = res.Hits
	v.facetData = res.Facets
	v.selected = -1
	v.list.UnselectAll()
	v.list.Refresh()
	if len(v.hits) > 0 {
		v.list.ScrollToTop()
	}
	v.facets.show(res.Facets, req.Query)
	v.updateCount()
	if v.deps.OnResults != nil {
		v.deps.OnResults(req.Query)
	}
}

// setStale greys the hits shown and clears the facets while the box holds a query that
// could not be read (the facets' counts belong to an older query, and clicking one
// would add a term to a broken query); a good answer shows everything again.
func (v *View) setStale(stale bool) {
	v.stale = stale
	if stale {
		bg := color.NRGBAModel.Convert(theme.Color(theme.ColorNameBackground)).(color.NRGBA)
		bg.A = 0xA8
		v.veil.FillColor = bg
		v.veil.Show()
		v.facets.show(search.Facets{}, "")
	} else {
		v.veil.Hide()
	}
	v.veil.Refresh()
	v.updateCount()
}

// Stale reports whether the hits shown are an older query's, under an error.
func (v *View) Stale() bool { return v.stale }

func (v *View) updateCount() {
	q := strings.TrimSpace(v.shownQuery)
	switch {
	case v.stale:
		v.count.SetText(fmt.Sprintf("Results for the last readable query: %s", textfit.Snippet(q, 40)))
	case v.total == 0 && q == "":
		v.count.SetText("Nothing to search yet")
	case v.total == 0:
		v.count.SetText("No results")
	case len(v.hits) < v.total:
		v.count.SetText(fmt.Sprintf("%d results · showing %d", v.total, len(v.hits)))
	default:
		v.count.SetText(fmt.Sprintf("%d %s", v.total, plural(v.total, "result", "results")))
	}
	if len(v.hits) < v.total {
		v.more.SetText(fmt.Sprintf("Show %d more", min(PageSize, v.total-len(v.hits))))
		v.more.Show()
	} else {
		v.more.Hide()
	}
	if v.exportBtn != nil {
		if v.total > 0 {
			v.exportBtn.Enable()
		} else {
			v.exportBtn.Disable()
		}
	}
}

// loadMore appends the next page, unless the query changed meanwhile.
func (v *View) loadMore() {
	if v.deps.Search == nil {
		return
	}
	gen := v.gen
	req := v.request(PageSize, len(v.hits), false)
	req.Query = v.shownQuery
	v.more.Disable()
	v.running.Add(1)
	v.deps.Async.Go(func() {
		defer v.running.Done()
		res, err := v.deps.Search(req)
		fyne.Do(func() {
			v.more.Enable()
			if gen != v.gen {
				return
			}
			if err != nil {
				v.problem.SetText("⚠ " + err.Error())
				v.problem.Show()
				return
			}
			v.hits = append(v.hits, res.Hits...)
			v.total = res.Total
			v.list.Refresh()
			v.updateCount()
		})
	})
}

// OpenSelected opens the selected hit, or the first one.
func (v *View) OpenSelected() {
	if len(v.hits) == 0 || v.deps.Open == nil {
		return
	}
	i := v.selected
	if i < 0 || i >= len(v.hits) {
		i = 0
	}
	v.deps.Open(v.hits[i])
}

// moveSelection moves the highlighted hit with the arrow keys while typing.
func (v *View) moveSelection(d int) {
	if len(v.hits) == 0 {
		return
	}
	i := min(max(v.selected+d, 0), len(v.hits)-1)
	v.selected = i
	// Highlight without opening: OnSelected opens, so mute it for this call.
	on := v.list.OnSelected
	v.list.OnSelected = nil
	v.list.Select(i)
	v.list.OnSelected = on
}

// toggleTerm adds a filter term to the query, or removes it when it is there.
func (v *View) toggleTerm(term string) {
	v.SetQuery(ToggleTerm(v.entry.Text, term))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// queryEntry is the search box; Up and Down move through the hits while typing.
type queryEntry struct {
	widget.Entry
	onDown, onUp func()
}

func newQueryEntry() *queryEntry {
	e := &queryEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey moves through the hits on Up/Down; other keys edit.
func (e *queryEntry) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyDown:
		if e.onDown != nil {
			e.onDown()
		}
		return
	case fyne.KeyUp:
		if e.onUp != nil {
			e.onUp()
		}
		return
	}
	e.Entry.TypedKey(k)
}

func (e *queryEntry) selectAll() {
	e.TypedShortcut(&fyne.ShortcutSelectAll{})
}
