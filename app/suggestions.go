package app

// Suggested passages in the window (docs/SUGGEST.md): the background trainer's life, the
// open article's suggestions as dashed outlines in the reader and as the Suggestions tab
// of the right panel, accepting (Enter, the tag's digit, the row's ✓) and rejecting
// (Delete, ✗) them as commands, and the switches. The window never waits for training:
// suggestions are read off the UI goroutine and shown when they arrive.

import (
	"errors"
	"fmt"
	"strings"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/suggest"
	"gloss.app/gloss/app/async"
	"gloss.app/gloss/app/reader"
	"gloss.app/gloss/app/suggestui"
	"gloss.app/gloss/app/tagcolor"
	"gloss.app/gloss/app/textfit"
)

// trainerOptions are the trainer's settings (tests shorten the pause it waits for).
var trainerOptions suggest.TrainerOptions

// suggestionViews are the Workbench's suggestion parts.
type suggestionViews struct {
	trainer   *suggest.Trainer
	sugPanel  *suggestui.View
	sugTab    *container.TabItem
	sugGen    int // the latest read of the open article's suggestions
	sugNext   int // after accepting or rejecting row i, the row to select in the new list (-1 none)
	sugItem   *fyne.MenuItem
	sugTags   *suggestui.Switches
	sugStop   func() // stops following the workspace's changes
	sugModels atomic.Int64
	// sugAdvancing: the list moves on by itself after an accept or reject.
	sugAdvancing bool
}

// buildSuggestionViews makes the suggestion list and wires the reader's outlines and keys.
func (wb *Workbench) buildSuggestionViews() {
	wb.sugNext = -1
	wb.sugPanel = suggestui.New(suggestui.Actions{
		Select:      wb.suggestionChosen,
		Accept:      wb.AcceptSuggestion,
		Reject:      wb.RejectSuggestion,
		OpenNearest: wb.openNearest,
		SetOn:       wb.SetSuggestionsOn,
		Tags:        wb.ShowSuggestionSwitches,
		TypedRune:   wb.typedRune,
	})
	wb.sugTab = wb.right.AddTab("Suggestions", wb.sugPanel.Object())
	wb.reader.OnOutlineClicked = wb.outlineClicked
	wb.reader.OnOtherKey = wb.suggestionKey
	wb.win.Canvas().SetOnTypedKey(func(e *fyne.KeyEvent) {
		if wb.readerShown() && wb.win.Canvas().Overlays().Top() == nil {
			wb.suggestionKey(e)
		}
	})
}

// startSuggestions starts the trainer: it learns at once, then after every change the
// workspace hears of (the window's commands, the command line's, colleagues' pulled
// changes), and tells the window of each new model.
func (wb *Workbench) startSuggestions() {
	opts := trainerOptions
	opts.OnTrained = func(*suggest.Model) {
		wb.run.Post(func() { wb.refreshSuggestions() })
		wb.sugModels.Add(1)
	}
	opts.OnError = func(error) { wb.run.Post(func() { wb.refreshSuggestions() }) }
	t := suggest.NewTrainer(wb.ws, opts)
	wb.trainer = t
	wb.sugStop = wb.ws.Observe(func(annotate.Result) { t.Changed() })
	wb.refreshSuggestions()
}

// stopSuggestions stops the trainer before the workspace closes; a training that is
// running ends first, so the trainer's close is waited for like the index.
func (wb *Workbench) stopSuggestions() {
	if wb.trainer == nil {
		return
	}
	wb.sugStop()
	t := wb.trainer
	wb.trainer = nil
	wb.background.add(wb.run.Go(t.Close))
}

// suggestionsRead is what is read off the UI goroutine for the suggestion views.
type suggestionsRead struct {
	articleID string
	list      []suggest.Suggestion
	err       error
	model     *suggest.Model
	settings  annotate.SuggestSettings
	status    suggest.TrainerStatus
}

// refreshSuggestions reads the open article's suggestions with the latest model, off the
// UI goroutine, and shows them (a newer read makes an older one's result moot).
func (wb *Workbench) refreshSuggestions() {
	t := wb.trainer
	if t == nil || wb.sugPanel == nil {
		return
	}
	wb.sugGen++
	gen, id := wb.sugGen, wb.current.ID
	ws := wb.ws
	async.Then(wb.run, func() suggestionsRead {
		r := suggestionsRead{articleID: id, model: t.Model(), status: t.Status()}
		r.settings, r.err = ws.SuggestSettings()
		if r.err == nil && id != "" {
			r.list, r.err = t.Suggest(id, nil, 0)
		}
		return r
	}, func(r suggestionsRead) {
		if gen == wb.sugGen && !wb.shutdown {
			wb.showSuggestions(r)
		}
	})
}

// showSuggestions shows a read: the list's state, the reader's outlines, the menu's tick.
func (wb *Workbench) showSuggestions(r suggestionsRead) {
	if r.articleID != wb.current.ID {
		return // another article opened meanwhile; its own read follows
	}
	st := suggestui.State{NoArticle: r.articleID == "", Off: r.settings.Off, NoModel: r.model == nil && !r.settings.Off,
		Training: r.status.Training || r.status.Pending}
	switch {
	case errors.Is(r.err, suggest.ErrNoModel), errors.Is(r.err, suggest.ErrSuggestionsOff):
	case r.err != nil:
		st.Err = r.err
	case r.status.Err != nil:
		st.Err = fmt.Errorf("the latest learning failed (the previous suggestions stay): %w", r.status.Err)
	}
	var outlines []reader.Outline
	for _, s := range r.list {
		tag, ok := wb.codebook.Tag(s.TagID)
		if !ok {
			continue // a tag deleted since
		}
		st.Items = append(st.Items, suggestui.Item{Suggestion: s, Tag: tag})
		outlines = append(outlines, reader.Outline{ID: outlineID(s), Start: s.Start, End: s.End, Color: tagcolor.Parse(tag.Color), Name: tag.Name})
	}
	if m := r.model; m != nil && !r.settings.Off {
		st.Silent = silentTags(m, wb.codebook, r.settings)
		arts, _ := m.Coverage()
		st.Learnt = fmt.Sprintf("Learnt from %d %s at %s", arts, plural(arts, "article", "articles"), m.Built.Local().Format("15:04"))
	}
	next := wb.sugNext
	wb.sugNext = -1
	wb.sugPanel.Show(st)
	if wb.sugPanel.Selected() < 0 && next >= 0 && len(st.Items) > 0 {
		// On to the next suggestion; the status keeps what was just done.
		wb.sugAdvancing = true
		wb.sugPanel.Select(min(next, len(st.Items)-1))
		wb.sugAdvancing = false
	}
	wb.reader.SetOutlines(outlines)
	wb.markSelectedSuggestion()
	title := "Suggestions"
	if n := len(st.Items); n > 0 {
		title = fmt.Sprintf("Suggestions (%d)", n)
	}
	if wb.sugTab.Text != title {
		wb.sugTab.Text = title
		wb.right.Tabs().Refresh()
	}
	if wb.sugItem != nil && wb.sugItem.Checked == r.settings.Off {
		wb.sugItem.Checked = !r.settings.Off
		if menu := wb.win.MainMenu(); menu != nil {
			menu.Refresh()
		}
	}
}

// silentTags are the codebook's tags that suggest nothing, with the model's reason.
func silentTags(m *suggest.Model, cb *annotate.Codebook, settings annotate.SuggestSettings) []suggestui.Silent {
	var out []suggestui.Silent
	for _, t := range cb.Tags() {
		why := m.TagOff(t.ID, settings)
		if why == "" {
			continue
		}
		st, _ := m.Tag(t.ID)
		out = append(out, suggestui.Silent{Tag: t, Why: why, Examples: st.Examples, Off: !settings.TagOn(t.ID)})
	}
	return out
}

// outlineID names a suggestion's outline in the reader: its passage and tag, so that it
// keeps its name (and its mark) when the list is read again.
func outlineID(s suggest.Suggestion) string {
	return fmt.Sprintf("suggestion:%d:%d:%s", s.Start, s.End, s.TagID)
}

// markSelectedSuggestion marks the list's selected suggestion in the reader.
func (wb *Workbench) markSelectedSuggestion() {
	id := ""
	if it, ok := wb.sugPanel.SelectedItem(); ok {
		id = outlineID(it.Suggestion)
	}
	if wb.reader.MarkedOutline() != id {
		wb.reader.MarkOutline(id)
	}
}

// suggestionChosen follows a row chosen in the list (a click, the arrows, the reader):
// the reader shows the passage marked, the caret at its start, and says what the keys do.
func (wb *Workbench) suggestionChosen(i int) {
	it, ok := wb.sugPanel.SelectedItem()
	if !ok {
		return
	}
	s := it.Suggestion
	wb.editor.Hide() // one thing chosen at a time: the keys act on the suggestion
	wb.right.Refit()
	wb.lastTagged.id = ""
	wb.reader.Select(s.Start, s.Start)
	wb.reader.Reveal(s.Start)
	wb.markSelectedSuggestion()
	if wb.sugAdvancing {
		return
	}
	keys := "Enter"
	if it.Tag.Hotkey > 0 {
		keys = fmt.Sprintf("Enter or %d", it.Tag.Hotkey)
	}
	wb.setStatus(fmt.Sprintf("Suggested for '%s' (score %.2f): %s accepts it, Delete rejects it", it.Tag.Name, s.Score, keys))
}

// dropSuggestionChoice forgets the chosen suggestion (the analyst chose something else).
func (wb *Workbench) dropSuggestionChoice() {
	if wb.sugPanel == nil || wb.sugPanel.Selected() < 0 {
		return
	}
	wb.sugPanel.Unselect()
	wb.markSelectedSuggestion()
}

// outlineClicked chooses the suggestion clicked in the reader (nested outlines: each
// click on the passage chooses the next one).
func (wb *Workbench) outlineClicked(ids []string, _ fyne.Position) {
	items := wb.sugPanel.State().Items
	index := func(id string) int {
		for i, it := range items {
			if outlineID(it.Suggestion) == id {
				return i
			}
		}
		return -1
	}
	pick := ids[len(ids)-1]
	if cur, ok := wb.sugPanel.SelectedItem(); ok {
		for k, id := range ids {
			if id == outlineID(cur.Suggestion) {
				pick = ids[(k+1)%len(ids)]
			}
		}
	}
	if i := index(pick); i >= 0 {
		wb.right.ShowTab(wb.sugTab)
		wb.sugPanel.Unselect() // a click on the chosen one chooses it again
		wb.sugPanel.Select(i)
	}
}

// suggestionKey acts on the chosen suggestion: Enter accepts it, Delete rejects it.
func (wb *Workbench) suggestionKey(e *fyne.KeyEvent) {
	i := wb.sugPanel.Selected()
	if i < 0 {
		return
	}
	switch e.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		wb.AcceptSuggestion(i)
	case fyne.KeyDelete:
		wb.RejectSuggestion(i)
	}
}

// acceptWithTag is the tag's digit (or its palette row) with no text selected: it
// accepts the chosen suggestion when the tag is the suggestion's, and explains when it
// is not. False when no suggestion is chosen (the digit then tags as before).
func (wb *Workbench) acceptWithTag(tag annotate.Tag) bool {
	it, ok := wb.sugPanel.SelectedItem()
	if !ok {
		return false
	}
	if it.Tag.ID == tag.ID {
		wb.AcceptSuggestion(wb.sugPanel.Selected())
		return true
	}
	keys := "Enter"
	if it.Tag.Hotkey > 0 {
		keys = fmt.Sprintf("%d or Enter", it.Tag.Hotkey)
	}
	wb.setStatus(fmt.Sprintf("The chosen suggestion is for '%s': %s accepts it, Delete rejects it. To tag a passage with '%s', select it first",
		it.Tag.Name, keys, tag.Name))
	return true
}

// AcceptSuggestion turns suggestion i of the list into an annotation (origin
// "suggested"; one undoable command) and chooses the next suggestion.
func (wb *Workbench) AcceptSuggestion(i int) {
	items := wb.sugPanel.State().Items
	if i < 0 || i >= len(items) {
		return
	}
	it := items[i]
	a, res, err := wb.ws.AcceptSuggestion(it.Suggestion.Ref())
	if err == nil {
		wb.annotationArticle[a.ID] = a.ArticleID
		res.Label = "Accepted the suggestion: " + lowerFirst(res.Label)
		wb.sugPanel.Unselect()
		wb.sugNext = i
	}
	wb.afterCommand(res, err)
}

// RejectSuggestion remembers that suggestion i is wrong (one undoable command): it is
// not suggested again, and the next training learns from it.
func (wb *Workbench) RejectSuggestion(i int) {
	items := wb.sugPanel.State().Items
	if i < 0 || i >= len(items) {
		return
	}
	it := items[i]
	_, res, err := wb.ws.RejectSuggestion(it.Suggestion.Ref())
	if err == nil {
		res.Label += ": it will not be suggested again, and Gloss learns from it"
		wb.sugPanel.Unselect()
		wb.sugNext = i
	}
	wb.afterCommand(res, err)
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// openNearest opens the coded passage a suggestion is like, in its article.
func (wb *Workbench) openNearest(n suggest.Neighbour) {
	if n.ArticleID != wb.current.ID {
		wb.OpenArticle(n.ArticleID)
		if wb.current.ID != n.ArticleID {
			return // it could not be opened; OpenArticle said why
		}
	}
	if _, ok := wb.annotation(n.AnnotationID); !ok {
		wb.setStatus(fmt.Sprintf("The annotation “%s” is no longer in “%s”", textfit.Snippet(n.Exact, 40), n.ArticleTitle))
		return
	}
	wb.right.ShowAnnotations()
	wb.SelectAnnotation(n.AnnotationID, true)
}

// SetSuggestionsOn switches suggestions on or off for the workspace (a setting, not an
// undoable change).
func (wb *Workbench) SetSuggestionsOn(on bool) {
	if err := wb.ws.SetSuggestionsOn(on); err != nil {
		wb.showError(err)
		return
	}
	wb.suggestionSettingsChanged(map[bool]string{true: "Suggestions are on for this workspace", false: "Suggestions are off for this workspace"}[on])
}

// SetTagSuggestionsOn switches suggestions on or off for one tag.
func (wb *Workbench) SetTagSuggestionsOn(tagID string, on bool) {
	if err := wb.ws.SetTagSuggestionsOn(tagID, on); err != nil {
		wb.showError(err)
		return
	}
	name := tagID
	if t, ok := wb.codebook.Tag(tagID); ok {
		name = t.Name
	}
	wb.suggestionSettingsChanged(fmt.Sprintf("Suggestions are %s for '%s'", map[bool]string{true: "on", false: "off"}[on], name))
}

// suggestionSettingsChanged follows a switch: the trainer learns for the tags now on,
// and the list shows the switch at once (suggestions read the switches as they are).
func (wb *Workbench) suggestionSettingsChanged(label string) {
	if wb.trainer != nil {
		wb.trainer.Changed()
	}
	wb.refreshSuggestions()
	wb.setStatus(label)
}

// ShowSuggestionSwitches opens the per-tag switches with what the model knows of each tag.
func (wb *Workbench) ShowSuggestionSwitches() {
	settings, err := wb.ws.SuggestSettings()
	if err != nil {
		wb.showError(err)
		return
	}
	var m *suggest.Model
	if wb.trainer != nil {
		m = wb.trainer.Model()
	}
	wb.sugTags = suggestui.ShowSwitches(wb.win, !settings.Off, tagRows(m, wb.codebook, settings), wb.SetSuggestionsOn, wb.SetTagSuggestionsOn)
}

// tagRows are the codebook's tags for the switches dialog, in codebook order.
func tagRows(m *suggest.Model, cb *annotate.Codebook, settings annotate.SuggestSettings) []suggestui.TagRow {
	var rows []suggestui.TagRow
	for _, t := range cb.Tags() {
		row := suggestui.TagRow{Tag: t, Depth: depth(cb, t), On: !offByTag(settings, t.ID)}
		if m != nil {
			if st, ok := m.Tag(t.ID); ok {
				row.Known, row.Examples, row.Rejected, row.Trained, row.Needed, row.Cut = true, st.Examples, st.Rejected, st.Trained, st.Needed, st.Cut
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// offByTag reports whether a tag is switched off by itself (whatever the workspace's switch).
func offByTag(s annotate.SuggestSettings, tagID string) bool {
	s.Off = false
	return !s.TagOn(tagID)
}

func depth(cb *annotate.Codebook, t annotate.Tag) int {
	d := 0
	for p := t.ParentID; p != "" && d < 16; d++ {
		pt, ok := cb.Tag(p)
		if !ok {
			break
		}
		p = pt.ParentID
	}
	return d
}

// suggestionMenuItems are View → Suggestions (a checked switch), Suggestions per tag…,
// and the next and previous suggestion.
func (wb *Workbench) suggestionMenuItems() []*fyne.MenuItem {
	settings, _ := wb.ws.SuggestSettings()
	wb.sugItem = fyne.NewMenuItem("Suggestions", nil)
	wb.sugItem.Checked = !settings.Off
	wb.sugItem.Action = func() { wb.SetSuggestionsOn(!wb.sugItem.Checked) }
	return []*fyne.MenuItem{
		fyne.NewMenuItemSeparator(),
		wb.sugItem,
		fyne.NewMenuItem("Suggestions per tag…", wb.ShowSuggestionSwitches),
		item("Next suggestion", shortcut(fyne.KeyJ, false), func() { wb.stepSuggestion(1) }),
		item("Previous suggestion", shortcut(fyne.KeyJ, true), func() { wb.stepSuggestion(-1) }),
	}
}

// stepSuggestion chooses the next (or previous) suggestion of the open article, round
// the end, and brings the list to the front.
func (wb *Workbench) stepSuggestion(delta int) {
	n := wb.sugPanel.Len()
	if n == 0 {
		status, _, _, _ := wb.sugPanel.Lines()
		if status == "" {
			status = "No suggestions in this article"
		}
		wb.setStatus(status)
		return
	}
	wb.showReader()
	wb.right.ShowTab(wb.sugTab)
	i := wb.sugPanel.Selected()
	switch {
	case i < 0 && delta < 0:
		i = n - 1
	case i < 0:
		i = 0
	default:
		i = ((i+delta)%n + n) % n
	}
	wb.sugPanel.Unselect()
	wb.sugPanel.Select(i)
}

// suggestionTip is the hover tip of a suggested passage.
func (wb *Workbench) suggestionTip(id string) (string, bool) {
	for _, it := range wb.sugPanel.State().Items {
		if outlineID(it.Suggestion) != id {
			continue
		}
		keys := "Enter"
		if it.Tag.Hotkey > 0 {
			keys = fmt.Sprintf("Enter or %d", it.Tag.Hotkey)
		}
		return fmt.Sprintf("Suggested: %s · score %.2f\n%s\nClick to choose it; then %s accepts, Delete rejects",
			it.Tag.Name, it.Suggestion.Score, textfit.Snippet(it.Suggestion.Why, 200), keys), true
	}
	return "", false
}

// SuggestionList is the suggestion panel (tests).
func (wb *Workbench) SuggestionList() *suggestui.View { return wb.sugPanel }
