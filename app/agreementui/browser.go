package agreementui

import (
	"fmt"
	"image/color"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/agreement"
	"gloss.app/gloss/app/async"
	"gloss.app/gloss/app/reader"
	"gloss.app/gloss/app/uikit"
)

// BrowserDeps is what the disagreement browser needs from the window.
type BrowserDeps struct {
	// WS is read only (agreement.ListDisagreements); accepting goes through Accept.
	WS *annotate.Workspace
	// Async lists the disagreements off the UI goroutine (nil: async.New()).
	Async *async.Runner
	// ShowPassage opens an article in the reader with [start, end) selected.
	ShowPassage func(articleID string, start, end int)
	// Accept makes a coder's version the consensus: the window runs it as a command and
	// calls Refresh after it.
	Accept func(req agreement.AcceptRequest)
	// Back returns to the agreement table; may be nil.
	Back func()
	// OnTitle is told the browser's title (Title) when a listing is shown; may be nil.
	OnTitle func(string)
	// Colours are the coders' colours, shared with the Agreement tab (nil: the colours
	// of a new workspace).
	Colours *CoderColours
}

// pageSize is how many units the browser lays out at a time.
const pageSize = 20

// Browser lists, for one tag, every unit where coders differ, with each coder's version
// side by side in the coder's colour, what the consensus says, a way to the passage in
// the reader and "accept this version".
type Browser struct {
	d BrowserDeps

	mu  sync.Mutex
	gen int

	tagID string
	opts  agreement.Options
	list  *agreement.Disagreements
	texts map[string][]rune // article texts the cards need (character and article units)
	cols  map[string]color.NRGBA
	shown int // units laid out
	err   error

	title    *widget.Label
	subtitle *widget.Label
	legend   *fyne.Container
	cards    *fyne.Container
	more     *widget.Button
	scroll   *container.Scroll
	root     fyne.CanvasObject
}

// NewBrowser builds an empty browser; Open fills it.
func NewBrowser(d BrowserDeps) *Browser {
	if d.Async == nil {
		d.Async = async.New()
	}
	b := &Browser{d: d}
	b.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	b.title.Truncation = fyne.TextTruncateEllipsis
	b.subtitle = widget.NewLabel("")
	b.subtitle.Wrapping = fyne.TextWrapWord
	b.legend = uikit.NewFlow()
	b.cards = container.NewVBox()
	b.more = widget.NewButton("", func() { b.showMore() })
	b.more.Hide()
	back := widget.NewButtonWithIcon("Agreement table", theme.NavigateBackIcon(), func() {
		if b.d.Back != nil {
			b.d.Back()
		}
	})
	b.scroll = container.NewVScroll(container.NewVBox(b.cards, container.NewCenter(b.more)))
	top := container.NewVBox(container.NewBorder(nil, nil, back, nil, b.title), b.subtitle, b.legend, widget.NewSeparator())
	b.root = container.NewBorder(top, nil, nil, nil, b.scroll)
	return b
}

// Object is the browser's content.
func (b *Browser) Object() fyne.CanvasObject { return b.root }

// TagID is the tag under review ("" before Open).
func (b *Browser) TagID() string { return b.tagID }

// Disagreements is the list on show (nil before the first listing finishes).
func (b *Browser) Disagreements() *agreement.Disagreements { return b.list }

// Title names the browser for its tab: "Disagreements: Energy attacks".
func (b *Browser) Title() string {
	if b.list == nil || b.list.Path == "" {
		return "Disagreements"
	}
	path := strings.Split(b.list.Path, "/")
	return "Disagreements: " + path[len(path)-1]
}

// Open lists the disagreements on a tag with the options of an agreement table.
func (b *Browser) Open(tagID string, opts agreement.Options) {
	opts.Progress = nil
	b.tagID, b.opts, b.shown = tagID, opts, pageSize
	b.list = nil
	b.title.SetText("Disagreements")
	b.subtitle.SetText("Looking for the units where the coders differ…")
	b.cards.Objects = nil
	b.cards.Refresh()
	b.more.Hide()
	b.load(false)
}

// Refresh lists again after a change (an accepted version, an undo), keeping the units
// laid out and the scroll position.
func (b *Browser) Refresh() {
	if b.tagID != "" {
		b.load(true)
	}
}

// listing is what one load found.
type listing struct {
	list   *agreement.Disagreements
	texts  map[string][]rune
	coders []string // every coder of the workspace (for their colours)
	err    error
}

func (b *Browser) load(keepScroll bool) {
	b.mu.Lock()
	b.gen++
	gen := b.gen
	b.mu.Unlock()
	tagID, opts, shown := b.tagID, b.opts, b.shown
	offset := b.scroll.Offset
	async.Then(b.d.Async, func() listing {
		return b.work(tagID, opts, shown)
	}, func(l listing) {
		b.mu.Lock()
		current := gen == b.gen
		b.mu.Unlock()
		if !current {
			return
		}
		b.list, b.texts, b.err = l.list, l.texts, l.err
		b.cols = colourBook(b.d.Colours).Of(l.coders)
		b.render()
		if b.d.OnTitle != nil && b.err == nil {
			b.d.OnTitle(b.Title())
		}
		if keepScroll {
			b.scroll.Offset = offset
			b.scroll.Refresh()
		} else {
			b.scroll.ScrollToTop()
		}
	})
}

// work lists the disagreements and reads what the first shown cards need, off the UI
// goroutine.
func (b *Browser) work(tagID string, opts agreement.Options, shown int) listing {
	ws := b.d.WS
	list, err := agreement.ListDisagreements(ws, opts, tagID)
	if err != nil {
		return listing{err: err}
	}
	coders, err := agreement.Coders(ws)
	if err != nil {
		return listing{err: err}
	}
	texts, err := articleTexts(ws, list, 0, shown, nil)
	return listing{list: list, texts: texts, coders: coderNames(coders), err: err}
}

// articleTexts reads the texts of the articles of units [from, to) that their cards
// need (a card of a sentence or paragraph shows the unit's own text).
func articleTexts(ws *annotate.Workspace, list *agreement.Disagreements, from, to int, have map[string][]rune) (map[string][]rune, error) {
	if have == nil {
		have = map[string][]rune{}
	}
	if list.Unit != agreement.Character && list.Unit != agreement.Article {
		return have, nil
	}
	for _, u := range list.Units[min(from, len(list.Units)):min(to, len(list.Units))] {
		if _, ok := have[u.ArticleID]; ok {
			continue
		}
		art, err := ws.Article(u.ArticleID)
		if err != nil {
			return have, err
		}
		have[u.ArticleID] = []rune(art.Text)
	}
	return have, nil
}

// showMore lays out the next page of units.
func (b *Browser) showMore() {
	if b.list == nil {
		return
	}
	from := b.shown
	b.shown += pageSize
	list, have, to := b.list, b.texts, b.shown
	async.Then(b.d.Async, func() listing {
		texts, err := articleTexts(b.d.WS, list, from, to, have)
		return listing{texts: texts, err: err}
	}, func(l listing) {
		if b.list != list {
			return
		}
		b.texts, b.err = l.texts, l.err
		b.render()
	})
}

// render lays the list out: heading, coder legend, one card per unit shown.
func (b *Browser) render() {
	if b.err != nil {
		b.subtitle.SetText("Could not list the disagreements: " + b.err.Error())
		return
	}
	l := b.list
	b.title.SetText(fmt.Sprintf("Disagreements on ‘%s’", strings.ReplaceAll(l.Path, "/", " / ")))
	b.subtitle.SetText(b.summary())
	var legend []fyne.CanvasObject
	for _, c := range l.Coders {
		legend = append(legend, container.NewHBox(Swatch(coderColor(b.cols, c)), widget.NewLabel(c)))
	}
	b.legend.Objects = legend
	b.legend.Refresh()
	var cards []fyne.CanvasObject
	for i := range l.Units[:min(b.shown, len(l.Units))] {
		cards = append(cards, b.card(&l.Units[i]))
	}
	b.cards.Objects = cards
	b.cards.Refresh()
	if rest := len(l.Units) - b.shown; rest > 0 {
		b.more.SetText(fmt.Sprintf("Show %d more (%d not shown)", min(rest, pageSize), rest))
		b.more.Show()
	} else {
		b.more.Hide()
	}
}

// summary says what the list holds.
func (b *Browser) summary() string {
	l := b.list
	units := unitWords(l.Unit)
	var parts []string
	if len(l.Units) == 0 {
		parts = append(parts, fmt.Sprintf("The coders (%s) agree on every one of their %s for this tag.", joinNames(l.Coders), units))
	} else {
		one := strings.TrimSuffix(units, "s")
		word := units
		if len(l.Units) == 1 {
			word = one
		}
		parts = append(parts, fmt.Sprintf("%s %s where %s differ, in article and text order.", thousands(int64(len(l.Units))), word, joinNames(l.Coders)))
		parts = append(parts, "Accepting a version copies it as the consensus (undo with Ctrl+Z); a click on a passage shows it in the reader.")
	}
	if b.opts.Rollup {
		parts = append(parts, "Sub-tags count for their parent.")
	}
	if b.opts.ArticleIDs != nil {
		parts = append(parts, fmt.Sprintf("Only the %s of the article query.", count(len(b.opts.ArticleIDs), "article")))
	}
	return strings.Join(parts, " ")
}

func joinNames(names []string) string {
	switch len(names) {
	case 0:
		return "nobody"
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// card shows one unit: where it is, each coder's version, the consensus.
func (b *Browser) card(u *agreement.DisagreementUnit) fyne.CanvasObject {
	l := b.list
	unit := strings.TrimSuffix(unitWords(l.Unit), "s")
	where := fmt.Sprintf("%s%s at %s–%s · %s", strings.ToUpper(unit[:1]), unit[1:], thousands(int64(u.Start)), thousands(int64(u.End)), u.Title)
	heading := widget.NewLabelWithStyle(where, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	heading.Truncation = fyne.TextTruncateEllipsis
	show := func() { b.showPassage(u) }
	showBtn := widget.NewButtonWithIcon("Show in reader", theme.VisibilityIcon(), show)
	text, offset := b.excerptOf(u)
	var columns []fyne.CanvasObject
	for _, v := range u.Versions {
		columns = append(columns, b.version(u, v, text, offset, show))
	}
	n := min(len(columns), 3)
	grid := container.NewGridWithColumns(max(n, 1), columns...)
	consensus := widget.NewLabel(b.consensusWords(u))
	consensus.Wrapping = fyne.TextWrapWord
	consensus.SizeName = theme.SizeNameCaptionText
	return container.NewVBox(container.NewBorder(nil, nil, nil, showBtn, heading), grid, consensus, widget.NewSeparator())
}

// excerptOf is the text a unit's card shows and the article offset of its first
// character (with "… " in front when the excerpt starts inside the unit's stretch).
func (b *Browser) excerptOf(u *agreement.DisagreementUnit) (string, int) {
	text, ok := b.texts[u.ArticleID]
	if !ok { // a sentence or paragraph: the unit's own text
		text = []rune(u.Text)
		from, to := excerpt(text, agreement.Sentence, 0, len(text), spansOf(u, -u.Start))
		return decorate(text, from, to), u.Start + from - ellipsisShift(from)
	}
	from, to := excerpt(text, b.list.Unit, u.Start, u.End, spansOf(u, 0))
	return decorate(text, from, to), from - ellipsisShift(from)
}

// decorate cuts [from, to) out of text with "… " and " …" where it was cut inside.
func decorate(text []rune, from, to int) string {
	s := string(text[from:to])
	if from > 0 {
		s = "… " + s
	}
	if to < len(text) {
		s += " …"
	}
	return s
}

func ellipsisShift(from int) int {
	if from > 0 {
		return 2 // "… "
	}
	return 0
}

// spansOf lists every version's annotation spans, shifted by delta.
func spansOf(u *agreement.DisagreementUnit, delta int) [][2]int {
	var out [][2]int
	for _, v := range u.Versions {
		for _, a := range v.Annotations {
			out = append(out, [2]int{a.Start + delta, a.End + delta})
		}
	}
	return out
}

// version is one coder's column: who, what they gave, their highlights on the passage,
// and the button that makes theirs the consensus.
func (b *Browser) version(u *agreement.DisagreementUnit, v agreement.Version, text string, offset int, show func()) fyne.CanvasObject {
	col := coderColor(b.cols, v.Coder)
	var what string
	switch v.Value {
	case agreement.Missing:
		what = "did not code this article"
	case 1:
		what = "tagged it"
	default:
		what = "did not tag it"
	}
	name := widget.NewLabelWithStyle(v.Coder, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	status := widget.NewLabel(what)
	status.SizeName = theme.SizeNameCaptionText
	head := container.NewHBox(Swatch(col), name, status)
	if v.Value == agreement.Missing {
		return container.NewVBox(head)
	}
	runes := len([]rune(text))
	var bands []reader.Highlight
	for _, a := range v.Annotations {
		s, e := max(a.Start-offset, 0), min(a.End-offset, runes)
		if s < e {
			bands = append(bands, passageBand(a.ID, s, e, col))
		}
	}
	p := newPassage(text, bands, show)
	accept := widget.NewButtonWithIcon("Accept this version", theme.ConfirmIcon(), func() {
		if b.d.Accept != nil {
			b.d.Accept(agreement.AcceptRequest{ArticleID: u.ArticleID, Start: u.Start, End: u.End, TagID: b.list.TagID, Rollup: b.opts.Rollup, Coder: v.Coder})
		}
	})
	// Only a consensus highlight is a decision: "nothing here" may be one, or the unit was
	// never reviewed in an article where the consensus has other highlights.
	if u.Consensus.Value == 1 && b.list.Matches(u.Consensus, v) {
		accept.SetText("The consensus")
		accept.SetIcon(theme.ConfirmIcon())
		accept.Disable()
	}
	return container.NewVBox(head, p, container.NewHBox(accept))
}

// consensusWords says what the consensus holds for the unit.
func (b *Browser) consensusWords(u *agreement.DisagreementUnit) string {
	switch u.Consensus.Value {
	case agreement.Missing:
		return "Consensus: none yet in this article."
	case 0:
		return "Consensus: no highlight here."
	}
	var same []string
	for _, v := range u.Versions {
		if v.Value == 1 && b.list.Matches(u.Consensus, v) {
			same = append(same, v.Coder)
		}
	}
	if len(same) > 0 {
		return fmt.Sprintf("Consensus: %s's version.", joinNames(same))
	}
	return "Consensus: a version of its own (no coder's)."
}

// showPassage opens the unit in the reader.
func (b *Browser) showPassage(u *agreement.DisagreementUnit) {
	if b.d.ShowPassage != nil {
		b.d.ShowPassage(u.ArticleID, u.Start, u.End)
	}
}
