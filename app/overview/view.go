// Package overview is the "Overview" tab: tag frequency, co-occurrence heat map, timeline
// and tags per outlet over the annotations of the current search query, drawn natively
// with canvas objects. Each chart saves as PNG and its table as CSV. All counting is done
// by package stats, off the UI goroutine.
package overview

import (
	"bytes"
	"fmt"
	"image/png"
	"io"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/stats"
	"gloss.app/gloss/app/async"
	"gloss.app/gloss/app/lastdir"
	"gloss.app/gloss/app/uikit"
)

// Deps is what the Overview needs from the window around it.
type Deps struct {
	Window fyne.Window
	WS     *annotate.Workspace
	// Async runs the counting off the UI goroutine (nil: async.New()).
	Async *async.Runner
	// Query turns a search query into annotation ids; nil: only "" (everything) counts.
	Query func(q string) ([]string, error)
	// OnCellQuery runs a search (a heat map cell, a bar was clicked); may be nil.
	OnCellQuery func(q string)
	// Status is told, in words, what a save did (the window's status bar); may be nil.
	Status func(string)
	// Tabs are more tabs after the charts, each with options of its own (the Agreement
	// tab); the charts' options are hidden while one of them is in front.
	Tabs []Tab
	// Shown narrows the annotations counted (nil: every one) to those the analyst is
	// shown, with a note that says so ("" when nothing is left out); nil counts every
	// one. Blind coding: the analyst's own annotations only.
	Shown func(ids []string) (shown []string, note string, err error)
}

// Tab is a tab of the Overview that is not one of its charts.
type Tab struct {
	Title   string
	Content TabContent
}

// TabContent is what such a tab shows: Refresh is called with the Overview's query when
// the tab comes to the front and, while it is in front, whenever the Overview refreshes.
type TabContent interface {
	Object() fyne.CanvasObject
	Refresh(query string)
}

// View is the Overview tab.
type View struct {
	win         fyne.Window
	ws          *annotate.Workspace
	run         *async.Runner
	query       func(q string) ([]string, error)
	onCellQuery func(q string)
	status      func(string)
	shown       func(ids []string) ([]string, string, error)

	mu     sync.Mutex
	data   *stats.Data // cached until the store revision moves
	gen    int         // the latest Refresh; older results are dropped
	report *stats.Report
	q      string // the query the report is over
	scope  string // what the report counts, in words ("9 annotations in 4 articles — all annotations")

	period      *widget.Select
	sameArticle *widget.Check
	rollup      *widget.Check
	summary     *widget.Label
	hover       *widget.Label
	tabs        *container.AppTabs
	charts      []*chartTab
	header      fyne.CanvasObject // the charts' summary and options
	extra       map[*container.TabItem]TabContent
	lastQuery   string // handed to the last Refresh
	chartsStale bool   // a Refresh came while a tab of its own was in front
	root        fyne.CanvasObject
}

type chartTab struct {
	title string
	file  string // base name for saved files
	// fitHeight: the chart is a list of rows that does not stretch to fill its area, so
	// its PNG is cut to the rows (a full-tab PNG of one outlet was three quarters empty).
	fitHeight bool
	chart     *chart
	draw      func() func(fyne.Size) drawing
	csv       func(w io.Writer, r stats.Report) error
}

// New builds the Overview.
func New(d Deps) *View {
	if d.Async == nil {
		d.Async = async.New()
	}
	v := &View{win: d.Window, ws: d.WS, run: d.Async, query: d.Query, onCellQuery: d.OnCellQuery, status: d.Status, shown: d.Shown}
	v.summary = widget.NewLabel("")
	v.summary.Wrapping = fyne.TextWrapWord // a long query must not widen the tab
	v.hover = widget.NewLabel("")
	v.hover.Truncation = fyne.TextTruncateEllipsis
	v.hover.SizeName = theme.SizeNameCaptionText
	v.period = widget.NewSelect([]string{"Day", "Week", "Month"}, nil)
	v.period.SetSelectedIndex(1)
	v.period.OnChanged = func(string) { v.Refresh(v.currentQuery()) }
	v.sameArticle = widget.NewCheck("Co-occur in the same article", func(bool) { v.Refresh(v.currentQuery()) })
	v.rollup = widget.NewCheck("Count sub-tags in their parents", func(bool) { v.redraw() })

	v.charts = v.newCharts()
	var items []*container.TabItem
	for _, ct := range v.charts {
		ct.chart = newChart(func(size fyne.Size) drawing { return ct.draw()(size) })
		ct.chart.hover = v.hover
		savePNG := widget.NewButtonWithIcon("Save chart as PNG…", theme.DocumentSaveIcon(), func() { v.saveDialog(ct, "png") })
		saveCSV := widget.NewButtonWithIcon("Save table as CSV…", theme.DocumentSaveIcon(), func() { v.saveDialog(ct, "csv") })
		bar := uikit.NewFlow(savePNG, saveCSV)
		items = append(items, container.NewTabItem(ct.title, container.NewBorder(nil, bar, nil, nil, container.NewScroll(ct.chart))))
	}
	v.extra = map[*container.TabItem]TabContent{}
	for _, t := range d.Tabs {
		item := container.NewTabItem(t.Title, t.Content.Object())
		v.extra[item] = t.Content
		items = append(items, item)
	}
	v.tabs = container.NewAppTabs(items...)
	v.tabs.OnSelected = v.tabSelected
	// The options wrap rather than widen the tab: beside the reader's split, a wide row
	// would squeeze the codebook panel.
	options := uikit.NewFlow(container.NewHBox(widget.NewLabel("Timeline by"), v.period), v.sameArticle, v.rollup)
	v.header = container.NewVBox(v.summary, options)
	v.root = container.NewBorder(v.header, v.hover, nil, nil, v.tabs)
	return v
}

// tabSelected shows the charts' options with the charts only, and brings a tab of its
// own up to date.
func (v *View) tabSelected(item *container.TabItem) {
	if content, ok := v.extra[item]; ok {
		v.header.Hide()
		v.hover.Hide()
		content.Refresh(v.lastQuery)
		return
	}
	v.header.Show()
	v.hover.Show()
	if v.chartsStale {
		v.Refresh(v.lastQuery)
	}
}

// SelectTab brings the tab with the title to the front; false when there is none.
func (v *View) SelectTab(title string) bool {
	for _, item := range v.tabs.Items {
		if item.Text == title {
			v.tabs.Select(item)
			return true
		}
	}
	return false
}

// newCharts are the four charts: what each draws, what a click on it searches, its CSV.
func (v *View) newCharts() []*chartTab {
	return []*chartTab{
		{title: "Tag frequency", file: "tag-frequency", fitHeight: true, csv: stats.WriteFrequencyCSV,
			draw: func() func(fyne.Size) drawing {
				return frequencyDrawing(v.report, v.rollup.Checked, func(path string) { v.search(stats.TagQuery(path)) })
			}},
		{title: "Co-occurrence", file: "co-occurrence", csv: stats.WriteCooccurrenceCSV,
			draw: func() func(fyne.Size) drawing {
				return heatmapDrawing(v.report, func(a, b string) { v.emit(stats.CellQuery(v.q, a, b)) })
			}},
		{title: "Timeline", file: "timeline", csv: stats.WriteTimelineCSV,
			draw: func() func(fyne.Size) drawing { return timelineDrawing(v.report, v.searchBucket) }},
		{title: "By source", file: "by-source", fitHeight: true, csv: stats.WriteSourcesCSV,
			draw: func() func(fyne.Size) drawing {
				return sourcesDrawing(v.report, func(source string) {
					if source != "" {
						v.search(`source:"` + strings.ReplaceAll(source, `"`, " ") + `"`)
					}
				})
			}},
	}
}

// Object is the tab's content.
func (v *View) Object() fyne.CanvasObject { return v.root }

func (v *View) currentQuery() string {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.q
}

// Refresh recomputes the charts over the annotations query finds ("" for all), off the
// UI goroutine; a newer Refresh wins over an older one still running.
func (v *View) Refresh(query string) {
	v.lastQuery = query
	if content, ok := v.extra[v.tabs.Selected()]; ok {
		// The charts are counted when one of them comes to the front again: counting
		// them now would only compete with the tab in front.
		v.chartsStale = true
		content.Refresh(query)
		return
	}
	v.chartsStale = false
	v.mu.Lock()
	v.gen++
	gen := v.gen
	v.mu.Unlock()
	opts := v.options()
	v.run.Go(func() { v.compute(gen, strings.TrimSpace(query), opts) })
}

func (v *View) options() stats.Options {
	period := stats.Week
	switch v.period.Selected {
	case "Day":
		period = stats.Day
	case "Month":
		period = stats.Month
	}
	return stats.Options{Period: period, SameArticle: v.sameArticle.Checked}
}

// compute counts the annotations query finds (off the UI goroutine) and shows the
// report, unless a newer Refresh started meanwhile.
func (v *View) compute(gen int, query string, opts stats.Options) {
	start := time.Now()
	r, note, err := v.computeReport(query, opts)
	took := time.Since(start)
	fyne.Do(func() {
		if !v.isCurrent(gen) {
			return
		}
		if err != nil {
			v.summary.SetText("Could not compute the overview: " + err.Error())
			return
		}
		v.show(r, query, note, took)
	})
}

// report1 computes the report over the annotations query finds, reading the workspace's
// data again only when the store has changed since the last time.
func (v *View) computeReport(query string, opts stats.Options) (stats.Report, string, error) {
	v.mu.Lock()
	data := v.data
	v.mu.Unlock()
	if data == nil || data.Revision != v.ws.Revision() {
		var err error
		if data, err = stats.Load(v.ws); err != nil {
			return stats.Report{}, "", err
		}
		v.mu.Lock()
		v.data = data
		v.mu.Unlock()
	}
	if query != "" {
		if v.query == nil {
			return stats.Report{}, "", fmt.Errorf("search is not available")
		}
		ids, err := v.query(query)
		if err != nil {
			return stats.Report{}, "", err
		}
		if ids == nil {
			ids = []string{}
		}
		opts.AnnotationIDs = ids
	}
	note := ""
	if v.shown != nil {
		var err error
		if opts.AnnotationIDs, note, err = v.shown(opts.AnnotationIDs); err != nil {
			return stats.Report{}, "", err
		}
	}
	return data.Compute(opts), note, nil
}

// show puts a report on screen with what it counts.
func (v *View) show(r stats.Report, query, note string, took time.Duration) {
	scope := "all annotations"
	if query != "" {
		scope = fmt.Sprintf("the annotations matching “%s”", query)
	}
	if note != "" {
		scope += " (" + note + ")"
	}
	scope = fmt.Sprintf("%s in %s — %s", count(r.Annotations, "annotation"), count(r.Articles, "article"), scope)
	v.mu.Lock()
	v.report, v.q, v.scope = &r, query, scope
	v.mu.Unlock()
	v.summary.SetText(fmt.Sprintf("%s (%d ms)", scope, took.Milliseconds()))
	v.redraw()
}

// count says "1 article", "2 articles".
func count(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func (v *View) isCurrent(gen int) bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return gen == v.gen
}

func (v *View) redraw() {
	for _, ct := range v.charts {
		ct.chart.Refresh()
	}
}

// Report is the statistics on show (nil before the first Refresh finishes).
func (v *View) Report() *stats.Report {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.report
}

func (v *View) emit(q string) {
	if v.onCellQuery != nil {
		v.onCellQuery(q)
	}
}

// search runs a query within the one on show.
func (v *View) search(term string) {
	if q := v.currentQuery(); q != "" {
		term = "(" + q + ") " + term
	}
	v.emit(term)
}

// searchBucket searches the period of a timeline bar.
func (v *View) searchBucket(label string) {
	r := v.Report()
	if r == nil {
		return
	}
	for _, b := range r.Timeline.Buckets {
		if b.Label != label {
			continue
		}
		switch r.Timeline.Period {
		case stats.Day:
			v.search("published:" + b.Start.Format("2006-01-02"))
		case stats.Month:
			v.search("published:" + b.Start.Format("2006-01"))
		default:
			v.search("published:" + b.Start.Format("2006-01-02") + ".." + b.Start.AddDate(0, 0, 6).Format("2006-01-02"))
		}
		return
	}
}

// WritePNG renders chart i (0 frequency, 1 co-occurrence, 2 timeline, 3 by source) as a
// PNG at least as wide as it is on screen, under its title and a line saying what it
// counts (a chart pasted into a report must say which annotations it is over). Charts of rows are as tall
// as their rows; the others as tall as on screen.
func (v *View) WritePNG(w io.Writer, i int) error {
	ct := v.charts[i]
	size := ct.chart.Size()
	if size.Width < 640 {
		size = fyne.NewSize(800, max(size.Height, 500))
	}
	draw := ct.draw()
	if ct.fitHeight {
		size.Height = draw(fyne.NewSize(size.Width, 0)).min.Height
	}
	v.mu.Lock()
	scope := v.scope
	v.mu.Unlock()
	return png.Encode(w, renderPNG(draw, size, ct.title, scope))
}

// WriteCSV writes the table behind chart i.
func (v *View) WriteCSV(w io.Writer, i int) error {
	r := v.Report()
	if r == nil {
		return fmt.Errorf("nothing computed yet")
	}
	return v.charts[i].csv(w, *r)
}

// save writes a chart's PNG or table's CSV to the file chosen and says so in the status
// bar (the dialog closed with no word that anything was written).
func (v *View) save(ct *chartTab, ext string, data []byte, wc fyne.URIWriteCloser) {
	_, err := wc.Write(data)
	if cerr := wc.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		err = fmt.Errorf("save %s: %w", wc.URI().Name(), err)
		if v.win != nil {
			dialog.ShowError(err, v.win)
		}
		v.tell("⚠ " + err.Error())
		return
	}
	what := "chart"
	if ext == "csv" {
		what = "table"
	}
	v.tell(fmt.Sprintf("Saved the ‘%s’ %s as %s", ct.title, what, wc.URI().Path()))
}

func (v *View) tell(msg string) {
	if v.status != nil {
		v.status(msg)
	}
}

func (v *View) saveDialog(ct *chartTab, ext string) {
	i := 0
	for k, c := range v.charts {
		if c == ct {
			i = k
		}
	}
	var buf bytes.Buffer
	var err error
	if ext == "png" {
		err = v.WritePNG(&buf, i)
	} else {
		err = v.WriteCSV(&buf, i)
	}
	if err != nil {
		dialog.ShowError(err, v.win)
		return
	}
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			dialog.ShowError(err, v.win)
			return
		}
		if wc == nil {
			return // cancelled
		}
		lastdir.RememberFile(lastdir.Export, wc.URI())
		v.save(ct, ext, buf.Bytes(), wc)
	}, v.win)
	d.SetFileName(ct.file + "." + ext)
	d.SetFilter(storage.NewExtensionFileFilter([]string{"." + ext}))
	lastdir.Start(d, lastdir.Export)
	d.Show()
}
