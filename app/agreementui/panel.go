// Package agreementui is the window's side of inter-coder agreement: the Agreement tab's
// table of measures (Panel, Table), the disagreement browser (Browser), and the blind
// self-check's dialogs and banner. Everything it shows is computed by package
// annotate/agreement off the UI goroutine; every change it asks for (accept a version,
// start or end a self-check) is run by the window as a command.
package agreementui

import (
	"bytes"
	"fmt"
	"image/color"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/agreement"
	"gloss.app/gloss/app/async"
	"gloss.app/gloss/app/uikit"
)

// Deps is what the Agreement tab needs from the window.
type Deps struct {
	Window fyne.Window
	// WS is read only (agreement.Compute, Coders); changes go through the window.
	WS *annotate.Workspace
	// Async runs the computing off the UI goroutine (nil: async.New()).
	Async *async.Runner
	// Query turns a search query into annotation ids; nil: only "" (every article).
	Query func(q string) ([]string, error)
	// OnTag opens the disagreement browser on a tag with the options of the table shown.
	OnTag func(tagID string, opts agreement.Options)
	// Status is told, in words, what a save did; may be nil.
	Status func(string)
	// Colours are the coders' colours, shared with the disagreement browser (nil: the
	// colours of a new workspace).
	Colours *CoderColours
}

// unitChoices are the unit picker's entries, in agreement.Units' order.
var unitChoices = []string{"Sentences", "Paragraphs", "Articles", "Characters"}

// Panel is the Agreement tab: who is compared on what, the table, and its saving.
type Panel struct {
	d Deps

	mu       sync.Mutex
	gen      int // the latest compute; older results are dropped
	cacheKey string
	cacheRev uint64
	cached   *agreement.Report
	cachedCB *annotate.Codebook
	coders   []agreement.CoderSummary

	// On the UI goroutine only:
	chosen   map[string]bool // the coders ticked
	custom   bool            // the analyst unticked someone: new coders are not added
	followed string          // the Overview's query last handed to Refresh
	running  string          // what the run under way computes ("" none)
	rep      *agreement.Report
	cb       *annotate.Codebook
	opts     agreement.Options // of the report shown (for the browser)
	scope    string            // what the report compares, in words
	hidden   int               // unused tags left out

	coderBox  *fyne.Container
	unit      *widget.Select
	rollup    *widget.Check
	consensus *widget.Check
	unused    *widget.Check
	query     *widget.Entry
	summary   *widget.Label
	progress  *widget.ProgressBar         // how far the counting is
	busy      *widget.ProgressBarInfinite // while the annotations are read
	table     *Table
	hover     *widget.Label
	legend    *fyne.Container
	notes     *widget.Label
	top       *fyne.Container // everything but the tip line, in the scroll
	root      *fyne.Container
}

// NewPanel builds the Agreement tab, empty until Refresh.
func NewPanel(d Deps) *Panel {
	if d.Async == nil {
		d.Async = async.New()
	}
	p := &Panel{d: d, chosen: map[string]bool{}}
	p.coderBox = uikit.NewFlow()
	p.unit = widget.NewSelect(unitChoices, func(string) { p.compute() })
	p.unit.SetSelectedIndex(0)
	p.rollup = widget.NewCheck("Count sub-tags in their parents", func(bool) { p.compute() })
	p.consensus = widget.NewCheck("Include the consensus as a coder", func(bool) { p.compute() })
	p.unused = widget.NewCheck("Show tags nobody used", func(bool) { p.showTable() })
	p.query = widget.NewEntry()
	p.query.SetPlaceHolder("Every article — or the articles with annotations a search finds, e.g. source:Reuters")
	p.query.OnSubmitted = func(string) { p.compute() }
	p.summary = widget.NewLabel("")
	p.summary.Truncation = fyne.TextTruncateEllipsis // one line: a wrapped one grew over the table
	p.progress = widget.NewProgressBar()
	p.progress.Hide()
	p.busy = widget.NewProgressBarInfinite()
	p.busy.Stop()
	p.busy.Hide()
	p.table = NewTable()
	p.table.OnTag = p.openTag
	p.hover = widget.NewLabel("")
	p.hover.Truncation = fyne.TextTruncateEllipsis
	p.hover.SizeName = theme.SizeNameCaptionText
	p.legend = container.NewStack()
	p.notes = widget.NewLabel("")
	p.notes.Wrapping = fyne.TextWrapWord
	p.notes.SizeName = theme.SizeNameCaptionText
	p.table.OnHover = func(tip string) {
		if p.hover.Text != tip {
			p.hover.SetText(tip)
		}
	}
	saveCSV := widget.NewButtonWithIcon("Save table as CSV…", theme.DocumentSaveIcon(), func() { p.saveDialog("csv") })
	savePNG := widget.NewButtonWithIcon("Save table as PNG…", theme.DocumentSaveIcon(), func() { p.saveDialog("png") })
	compute := widget.NewButtonWithIcon("Compute", theme.ViewRefreshIcon(), p.compute)
	// One vertical scroll holds it all, the table scrolling sideways in it: the pickers'
	// and the legend's rows wrap at the tab's width, and the tab asks for little height
	// (fixed rows above a scrolled table asked for a window taller than a laptop's screen).
	p.top = container.NewVBox(
		container.NewBorder(nil, nil, widget.NewLabel("Coders"), nil, p.coderBox),
		uikit.NewFlow(container.NewHBox(widget.NewLabel("Unit"), p.unit), p.rollup, p.consensus, p.unused),
		container.NewBorder(nil, nil, widget.NewLabel("Articles"), compute, p.query),
		p.summary, p.progress, p.busy,
		container.NewHScroll(p.table), p.notes, p.legend, uikit.NewFlow(saveCSV, savePNG))
	p.root = container.NewBorder(nil, p.hover, nil, nil, container.NewVScroll(p.top))
	p.legend.Objects = []fyne.CanvasObject{Legend()}
	return p
}

// Object is the tab's content.
func (p *Panel) Object() fyne.CanvasObject { return p.root }

// Refresh recomputes the table (after a change of the workspace, or when the tab comes to
// the front). query is the Overview's (the search panel's): when it differs from the one
// handed last time, it replaces the article query, which the analyst may then edit.
func (p *Panel) Refresh(query string) {
	if query != p.followed {
		p.followed = query
		p.query.SetText(query)
	}
	p.compute()
}

// Report is the report on show (nil before the first compute finishes).
func (p *Panel) Report() *agreement.Report { return p.rep }

// Table is the table widget (tests).
func (p *Panel) Table() *Table { return p.table }

// Summary is the line saying what the table compares (tests).
func (p *Panel) Summary() string { return p.summary.Text }

// options reads the pickers.
func (p *Panel) options() (agreement.Options, bool) {
	opts := agreement.Options{Unit: agreement.Units[max(p.unit.SelectedIndex(), 0)], Rollup: p.rollup.Checked, Consensus: p.consensus.Checked}
	if !p.custom {
		return opts, true
	}
	for _, c := range p.coders {
		if p.chosen[c.Name] && c.Name != annotate.ConsensusAuthor {
			opts.Coders = append(opts.Coders, c.Name)
		}
	}
	if len(opts.Coders) < 2 {
		return opts, false
	}
	if opts.Consensus {
		opts.Coders = append(opts.Coders, annotate.ConsensusAuthor)
	}
	return opts, true
}

// compute runs agreement.Compute off the UI goroutine with a progress bar; a newer call
// wins over an older one still running. An unchanged workspace and choice reuse the
// last report.
func (p *Panel) compute() {
	if p.table == nil || p.root == nil {
		return // still being built: the pickers' first values fire their callbacks
	}
	opts, ok := p.options()
	if !ok {
		p.mu.Lock()
		p.gen++ // a run under way is not shown
		p.mu.Unlock()
		p.running = ""
		p.summary.SetText("Tick two coders or more to compare them.")
		p.idle()
		return
	}
	q := strings.TrimSpace(p.query.Text)
	key := fmt.Sprintf("%d|%v|%q", p.d.WS.Revision(), opts, q)
	if key == p.running {
		return // the same run is under way (the tab was left and shown again)
	}
	p.running = key
	p.mu.Lock()
	p.gen++
	gen := p.gen
	p.mu.Unlock()
	p.progress.SetValue(0)
	started := time.Now()
	// A slow run says so: first while the annotations are read, then how far the
	// counting of the articles is.
	wait := p.d.Async.After(150*time.Millisecond, func() {
		if p.running == key { // not yet shown: the timer's call may queue behind the result's
			p.summary.SetText("Computing the agreement…")
			p.busy.Show()
			p.busy.Start()
		}
	})
	progress := async.Progress(100*time.Millisecond, func(done, total int) {
		if p.running == key && total > 0 && time.Since(started) > 150*time.Millisecond {
			p.busy.Stop()
			p.busy.Hide()
			p.progress.Show()
			p.progress.SetValue(float64(done) / float64(total))
		}
	})
	async.Then(p.d.Async, func() computed {
		return p.work(opts, q, progress)
	}, func(c computed) {
		wait.Stop()
		if !p.isCurrent(gen) {
			return
		}
		p.running = ""
		p.idle()
		p.show(c, q, time.Since(started))
	})
}

// idle hides the progress bars.
func (p *Panel) idle() {
	p.progress.Hide()
	p.busy.Stop()
	p.busy.Hide()
}

// computed is what one compute found.
type computed struct {
	rep    *agreement.Report
	cb     *annotate.Codebook
	coders []agreement.CoderSummary
	opts   agreement.Options
	err    error
}

func (p *Panel) isCurrent(gen int) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return gen == p.gen
}

// work computes off the UI goroutine.
func (p *Panel) work(opts agreement.Options, q string, progress func(done, total int)) computed {
	ws := p.d.WS
	rev := ws.Revision()
	key := fmt.Sprintf("%v|%q", opts, q)
	p.mu.Lock()
	hit := p.cached != nil && p.cacheRev == rev && p.cacheKey == key
	rep, cb, coders := p.cached, p.cachedCB, p.coders
	stale := p.coders == nil || p.cacheRev != rev
	p.mu.Unlock()
	var err error
	if stale {
		if coders, err = agreement.Coders(ws); err != nil {
			return computed{err: err}
		}
	}
	if q != "" {
		if p.d.Query == nil {
			return computed{err: fmt.Errorf("search is not available")}
		}
		ids, err := p.d.Query(q)
		if err != nil {
			return computed{err: err}
		}
		if opts.ArticleIDs, err = agreement.ArticlesWith(ws, ids); err != nil {
			return computed{err: err}
		}
	}
	if !hit {
		run := opts
		run.Progress = progress
		if rep, err = agreement.Compute(ws, run); err != nil {
			return computed{err: err}
		}
		if cb, err = ws.Codebook(); err != nil {
			return computed{err: err}
		}
	}
	p.mu.Lock()
	p.cached, p.cachedCB, p.cacheRev, p.cacheKey, p.coders = rep, cb, rev, key, coders
	p.mu.Unlock()
	return computed{rep: rep, cb: cb, coders: coders, opts: opts}
}

// show puts a computed report on screen.
func (p *Panel) show(c computed, q string, took time.Duration) {
	if c.err != nil {
		p.summary.SetText("Could not compute the agreement: " + c.err.Error())
		return
	}
	p.showCoders(c.coders, colourBook(p.d.Colours).Of(coderNames(c.coders)))
	p.rep, p.cb, p.opts = c.rep, c.cb, c.opts
	p.scope = scopeWords(c.rep, q)
	text := summaryWords(c.rep, q)
	if took >= 100*time.Millisecond {
		text += fmt.Sprintf(" · %.1f s", took.Seconds())
	}
	p.summary.SetText(text)
	p.showTable()
	if len(c.rep.Coders) < 2 {
		p.summary.SetText("Nothing to compare yet")
		p.table.SetReport(nil, nil, false)
		p.notes.SetText(lonelyWords(c.coders))
	}
	// The picker may have wrapped to more rows and the progress bars are gone: lay the
	// top out again (the canvas left the rows below the picker where they were).
	p.top.Refresh()
	p.root.Refresh()
}

// showTable shows the report with or without the unused tags, and its notes.
func (p *Panel) showTable() {
	if p.rep == nil {
		return
	}
	p.hidden = p.table.SetReport(p.rep, p.cb, p.unused.Checked)
	p.notes.SetText(notesText(p.rep, p.hidden))
	p.legend.Objects = []fyne.CanvasObject{Legend()} // in the theme of the moment
	p.legend.Refresh()
}

// scopeWords says what a report compares: unit, articles, coders with the articles each
// coded, the selection.
func scopeWords(rep *agreement.Report, q string) string {
	var coders []string
	for i, c := range rep.Coders {
		coders = append(coders, fmt.Sprintf("%s (%s)", c, count(rep.Coded[i], "article")))
	}
	sel := "every article"
	if q != "" {
		sel = fmt.Sprintf("the articles with annotations matching “%s”", q)
	}
	units := unitWords(rep.Unit)
	return fmt.Sprintf("%s%s of %s, from %s · coders: %s", strings.ToUpper(units[:1]), units[1:],
		count(rep.Articles, "coded article"), sel, strings.Join(coders, ", "))
}

// summaryWords is the line above the table: unit, articles, selection, coders (their
// articles are in the picker and, in full, in the PNG's subtitle).
func summaryWords(rep *agreement.Report, q string) string {
	sel := "every article"
	if q != "" {
		sel = fmt.Sprintf("articles matching “%s”", q)
	}
	units := unitWords(rep.Unit)
	return fmt.Sprintf("%s%s of %s · %s · %d coders", strings.ToUpper(units[:1]), units[1:],
		count(rep.Articles, "coded article"), sel, len(rep.Coders))
}

// lonelyWords explains an empty comparison.
func lonelyWords(coders []agreement.CoderSummary) string {
	var names []string
	for _, c := range coders {
		if c.Name != annotate.ConsensusAuthor {
			names = append(names, c.Name)
		}
	}
	switch len(names) {
	case 0:
		return "Nobody has coded anything yet. Agreement compares how two coders or more tagged the same articles."
	case 1:
		return fmt.Sprintf("Only %s has coded in this workspace. Agreement needs a second coder: import a colleague's annotations (File → Import annotations…) or code as someone else (Coding → Coding as…). For a check of your own consistency, start a self-check (Coding → Start a self-check…).", names[0])
	}
	return "The coders chosen have not coded the same articles: tick others, or widen the article query."
}

func count(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%s %ss", thousands(int64(n)), word)
}

// notesText lists the report's notes under the table.
func notesText(rep *agreement.Report, hidden int) string {
	var lines []string
	if hidden > 0 {
		lines = append(lines, fmt.Sprintf("%d tags nobody used are not shown (tick “Show tags nobody used”).", hidden))
	}
	if rep.MeanAlpha.V != nil {
		lines = append(lines, fmt.Sprintf("Mean α of the used tags: %s (the pooled row weighs tags by the units they cover).", formatValue(*rep.MeanAlpha.V)))
	}
	for _, n := range rep.Notes {
		lines = append(lines, "• "+n)
	}
	return strings.Join(lines, "\n")
}

// showCoders rebuilds the coder picker when the workspace's coders changed.
func (p *Panel) showCoders(coders []agreement.CoderSummary, colours map[string]color.NRGBA) {
	hasConsensus := slices.ContainsFunc(coders, func(c agreement.CoderSummary) bool { return c.Name == annotate.ConsensusAuthor })
	if hasConsensus {
		p.consensus.Enable()
	} else {
		p.consensus.Disable()
	}
	var objs []fyne.CanvasObject
	for _, c := range coders {
		if c.Name == annotate.ConsensusAuthor {
			continue
		}
		name := c.Name
		if !p.custom {
			p.chosen[name] = true
		}
		check := widget.NewCheck(fmt.Sprintf("%s · %s", name, count(c.Articles, "article")), nil)
		check.Checked = p.chosen[name]
		check.OnChanged = func(on bool) {
			p.chosen[name] = on
			p.custom = true
			p.compute()
		}
		objs = append(objs, container.NewHBox(Swatch(coderColor(colours, name)), check))
	}
	if len(objs) == 0 {
		objs = []fyne.CanvasObject{widget.NewLabel("nobody has coded yet")}
	}
	p.coderBox.Objects = objs
	p.coderBox.Refresh()
}

// openTag opens the disagreement browser on a tag, with the options of the table shown.
func (p *Panel) openTag(tagID string) {
	if p.d.OnTag != nil {
		p.d.OnTag(tagID, p.opts)
	}
}

// WriteCSV writes the report on show as CSV (agreement.WriteCSV).
func (p *Panel) WriteCSV(w io.Writer) error {
	if p.rep == nil {
		return fmt.Errorf("nothing computed yet")
	}
	return agreement.WriteCSV(w, p.rep)
}

// WritePNG draws the table as it is shown, under a title and what it compares, with the
// legend and the notes, as a PNG.
func (p *Panel) WritePNG(w io.Writer) error {
	if p.rep == nil {
		return fmt.Errorf("nothing computed yet")
	}
	t := NewTable()
	t.SetReport(p.rep, p.cb, p.unused.Checked)
	return writePNG(w, "Agreement between coders", p.scope, t, notesText(p.rep, p.hidden))
}

func (p *Panel) saveDialog(ext string) {
	var buf bytes.Buffer
	var err error
	if ext == "png" {
		err = p.WritePNG(&buf)
	} else {
		err = p.WriteCSV(&buf)
	}
	saveAs(p.d.Window, p.d.Status, "agreement."+ext, "the agreement table", buf.Bytes(), err)
}
