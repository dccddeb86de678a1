package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/suggest"
	"gloss.app/gloss/app/async"
	"gloss.app/gloss/app/reader"
	"gloss.app/gloss/app/tagcolor"
)

// suggestStore is a workspace store made once for the tests of this file: the
// evaluation set coded (enough for a model of every tag), the development set's briefs
// uncoded (where the model has something to suggest).
var suggestStore struct {
	once sync.Once
	db   []byte
	err  error
}

func suggestStoreBytes(t *testing.T) []byte {
	t.Helper()
	suggestStore.once.Do(func() {
		dir, err := os.MkdirTemp("", "gloss-suggest-")
		if err != nil {
			suggestStore.err = err
			return
		}
		defer os.RemoveAll(dir)
		suggestStore.err = func() error {
			ws, err := annotate.Open(dir, annotate.Options{Create: true, NoSync: true})
			if err != nil {
				return err
			}
			defer ws.Close()
			eval, err := suggest.ReadLabelledDir("../annotate/suggest/testdata/eval")
			if err != nil {
				return err
			}
			if _, err := suggest.ImportLabelled(ws, eval); err != nil {
				return err
			}
			dev, err := suggest.ReadLabelledDir("../annotate/suggest/testdata/dev")
			if err != nil {
				return err
			}
			for i := range dev {
				dev[i].Spans = nil
			}
			_, err = suggest.ImportLabelled(ws, dev[:12])
			return err
		}()
		if suggestStore.err == nil {
			suggestStore.db, suggestStore.err = os.ReadFile(filepath.Join(dir, "gloss.db"))
		}
	})
	if suggestStore.err != nil {
		t.Fatal(suggestStore.err)
	}
	return suggestStore.db
}

// newSuggestWorkbench is a window on a copy of the suggestion store, with its first
// model learnt and shown.
func newSuggestWorkbench(t *testing.T) *Workbench {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "ws")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "gloss.db"), suggestStoreBytes(t), 0o600); err != nil {
		t.Fatal(err)
	}
	ws, err := annotate.Open(dir, annotate.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	wb := NewWorkbench(test.NewTempApp(t), ws, async.Inline())
	t.Cleanup(wb.Window().Close)
	t.Cleanup(func() { wb.Shutdown(time.Minute) })
	wb.Window().Resize(fyne.NewSize(1300, 800))
	reader.DoubleClickTime = 0
	waitForModel(t, wb, 0)
	return wb
}

// waitForModel waits until the trainer has told the window of more than seen models,
// then runs what it posted (the refresh) on the test's goroutine.
func waitForModel(t *testing.T, wb *Workbench, seen int64) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for wb.sugModels.Load() <= seen {
		if time.Now().After(deadline) {
			t.Fatal("no model was learnt within a minute")
		}
		time.Sleep(5 * time.Millisecond)
	}
	wb.run.Flush()
}

// waitForTrainer waits until the trainer's model is of the store's latest revision and no
// training is due, and the window has shown its suggestions.
func waitForTrainer(t *testing.T, wb *Workbench) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		st := wb.trainer.Status()
		if !st.Pending && !st.Training && st.Revision == wb.ws.Revision() {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the trainer did not catch up within a minute: %+v", st)
		}
		time.Sleep(5 * time.Millisecond)
	}
	wb.run.Flush()
}

// openSuggested opens an uncoded brief and returns its suggestions as the trainer gives
// them (at least min).
func openSuggested(t *testing.T, wb *Workbench, title string, min int) (annotate.Article, []suggest.Suggestion) {
	t.Helper()
	art := openByTitle(t, wb, title)
	want, err := wb.trainer.Suggest(art.ID, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) < min {
		t.Fatalf("%q has %d suggestions, the test needs %d", title, len(want), min)
	}
	return art, want
}

func sameSpanTag(a, b suggest.Suggestion) bool {
	return a.Start == b.Start && a.End == b.End && a.TagID == b.TagID
}

func listed(wb *Workbench, s suggest.Suggestion) bool {
	for _, it := range wb.SuggestionList().State().Items {
		if sameSpanTag(it.Suggestion, s) {
			return true
		}
	}
	return false
}

func TestSuggestionsListedAndOutlined(t *testing.T) {
	wb := newSuggestWorkbench(t)
	art, want := openSuggested(t, wb, "Drones knock out power", 3)
	items := wb.SuggestionList().State().Items
	if len(items) != len(want) {
		t.Fatalf("the list shows %d suggestions, the trainer gives %d", len(items), len(want))
	}
	outlines := wb.reader.Outlines()
	if len(outlines) != len(want) {
		t.Fatalf("the reader outlines %d passages, want %d", len(outlines), len(want))
	}
	for i, s := range want {
		if !sameSpanTag(items[i].Suggestion, s) {
			t.Errorf("row %d is %+v, want %+v", i, items[i].Suggestion, s)
		}
		tag, _ := wb.codebook.Tag(s.TagID)
		if items[i].Tag.Name != tag.Name {
			t.Errorf("row %d names tag %q, want %q", i, items[i].Tag.Name, tag.Name)
		}
		found := false
		for _, o := range outlines {
			if o.Start == s.Start && o.End == s.End && o.Color == tagcolor.Parse(tag.Color) {
				found = true
			}
		}
		if !found {
			t.Errorf("no outline in %q's colour over %d–%d", tag.Name, s.Start, s.End)
		}
	}
	status, placeholder, _, learnt := wb.SuggestionList().Lines()
	if !strings.HasPrefix(status, fmt.Sprintf("%d suggestions · Enter", len(want))) || placeholder != "" {
		t.Errorf("status %q, placeholder %q", status, placeholder)
	}
	if !strings.HasPrefix(learnt, "Learnt from 79 articles") {
		t.Errorf("model line %q", learnt)
	}
	if title := wb.sugTab.Text; title != fmt.Sprintf("Suggestions (%d)", len(want)) {
		t.Errorf("tab title %q does not count the suggestions", title)
	}
	// Nothing is added by itself.
	if anns, _ := wb.ws.Annotations(art.ID); len(anns) != 0 {
		t.Fatalf("the article has %d annotations without the analyst", len(anns))
	}
	// A coded article outlines nothing its analyst coded.
	openByTitle(t, wb, "Substations hit in overnight attack on Dnipro")
	for _, o := range wb.reader.Outlines() {
		for _, a := range wb.annotations {
			if a.Start <= o.Start && o.End <= a.End && strings.HasSuffix(o.ID, ":"+a.TagIDs[0]) {
				t.Errorf("outline %s over a sentence coded with its tag", o.ID)
			}
		}
	}
}

// accepted is the annotation an accepted suggestion became (fails when there is none).
func accepted(t *testing.T, wb *Workbench, s suggest.Suggestion) annotate.Annotation {
	t.Helper()
	anns, err := wb.ws.Annotations(s.ArticleID)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range anns {
		if a.Start == s.Start && a.End == s.End && a.HasTag(s.TagID) {
			return a
		}
	}
	t.Fatalf("no annotation over %d–%d with the suggested tag", s.Start, s.End)
	return annotate.Annotation{}
}

func TestAcceptByEnterUndoAndNext(t *testing.T) {
	wb := newSuggestWorkbench(t)
	c := wb.win.Canvas()
	routes := []struct {
		name  string
		enter func()
	}{
		{"reader", func() {
			c.Focus(wb.reader)
			wb.reader.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		}},
		{"list", func() {
			wb.SuggestionList().FocusList(c)
			wb.SuggestionList().List().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEnter})
		}},
		{"nothing focused", func() {
			c.Unfocus()
			c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
		}},
	}
	for _, route := range routes {
		t.Run(route.name, func(t *testing.T) {
			art, want := openSuggested(t, wb, "Drones knock out power", 3)
			before, _ := wb.ws.Annotations(art.ID)
			list := wb.SuggestionList()
			list.Select(1)
			s := want[1]
			if wb.reader.MarkedOutline() != outlineID(s) {
				t.Fatalf("marked outline %q, want %q", wb.reader.MarkedOutline(), outlineID(s))
			}
			if a, b := wb.reader.Selection(); a != s.Start || b != s.Start {
				t.Errorf("the caret is at %d–%d, want the passage's start %d", a, b, s.Start)
			}
			route.enter()
			a := accepted(t, wb, s)
			if !a.FromSuggestion() || len(a.TagIDs) != 1 {
				t.Errorf("accepted annotation %+v: origin %q", a, a.Origin)
			}
			if listed(wb, s) {
				t.Error("the accepted suggestion is still listed")
			}
			if next, ok := list.SelectedItem(); !ok || !sameSpanTag(next.Suggestion, want[2]) {
				t.Errorf("after accepting row 1 the chosen row is %+v, want the next suggestion", next.Suggestion)
			}
			if wb.reader.MarkedOutline() != outlineID(want[2]) {
				t.Errorf("the reader marks %q after the accept", wb.reader.MarkedOutline())
			}
			if msg := wb.status.message.Text; !strings.Contains(msg, "Accepted the suggestion") || !strings.Contains(msg, "Ctrl+Z") {
				t.Errorf("status %q", msg)
			}
			// Ctrl+Z takes it back, and the suggestion returns.
			c.(fyne.Shortcutable).TypedShortcut(&fyne.ShortcutUndo{})
			after, _ := wb.ws.Annotations(art.ID)
			if len(after) != len(before) {
				t.Fatalf("%d annotations after undo, %d before the accept", len(after), len(before))
			}
			if !listed(wb, s) {
				t.Error("the suggestion did not come back after undo")
			}
		})
	}
}

func TestAcceptByDigitWhileSelectionStillTags(t *testing.T) {
	wb := newSuggestWorkbench(t)
	art, want := openSuggested(t, wb, "Drones knock out power", 3)
	pick := -1
	for i, s := range want {
		if tag, _ := wb.codebook.Tag(s.TagID); tag.Hotkey > 0 {
			pick = i
			break
		}
	}
	if pick < 0 {
		t.Fatal("no suggestion for a tag with a hotkey")
	}
	s := want[pick]
	tag, _ := wb.codebook.Tag(s.TagID)
	other := tag.Hotkey%9 + 1 // another tag's digit
	list := wb.SuggestionList()
	list.Select(pick)
	wb.win.Canvas().Focus(wb.reader)

	// Another tag's digit accepts nothing and says why.
	wb.reader.TypedRune(rune('0' + other))
	if anns, _ := wb.ws.Annotations(art.ID); len(anns) != 0 {
		t.Fatalf("digit %d added %d annotations", other, len(anns))
	}
	if msg := wb.status.message.Text; !strings.Contains(msg, "The chosen suggestion is for '"+tag.Name+"'") {
		t.Errorf("status after another tag's digit: %q", msg)
	}

	// The tag's own digit accepts it; Ctrl+Z takes it back.
	wb.reader.TypedRune(rune('0' + tag.Hotkey))
	if a := accepted(t, wb, s); !a.FromSuggestion() {
		t.Errorf("digit-accepted annotation has origin %q", a.Origin)
	}
	wb.Undo()
	if anns, _ := wb.ws.Annotations(art.ID); len(anns) != 0 {
		t.Fatalf("%d annotations after undoing the accept", len(anns))
	}

	// A text selection takes the digit: it tags the selection, as always, and the
	// chosen suggestion is dropped.
	list.Select(pick)
	selStart, selEnd := 0, strings.Index(art.Text, " ") // the first word (ASCII)
	if selEnd <= 0 {
		t.Fatal("no first word to select")
	}
	wb.reader.Select(selStart, selEnd)
	if list.Selected() >= 0 || wb.reader.MarkedOutline() != "" {
		t.Error("a text selection left the suggestion chosen")
	}
	wb.reader.TypedRune(rune('0' + tag.Hotkey))
	anns, _ := wb.ws.Annotations(art.ID)
	if len(anns) != 1 || anns[0].Start != selStart || anns[0].End != selEnd || anns[0].FromSuggestion() {
		t.Fatalf("the digit on a selection made %+v", anns)
	}
}

func TestRejectByDeleteUndoAndLearnt(t *testing.T) {
	saved := trainerOptions
	trainerOptions = suggest.TrainerOptions{Debounce: 20 * time.Millisecond, Poll: -1}
	t.Cleanup(func() { trainerOptions = saved })
	wb := newSuggestWorkbench(t)
	art, want := openSuggested(t, wb, "Drones knock out power", 2)
	list := wb.SuggestionList()
	for _, route := range []struct {
		name   string
		delete func()
	}{
		{"reader", func() { wb.reader.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete}) }},
		{"list", func() { list.List().TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete}) }},
	} {
		list.Select(0)
		s := list.State().Items[0].Suggestion
		route.delete()
		rej, err := wb.ws.Rejections(art.ID)
		if err != nil || len(rej) != 1 || rej[0].TagID != s.TagID || rej[0].Exact != s.Exact {
			t.Fatalf("%s: rejections %+v (%v)", route.name, rej, err)
		}
		if listed(wb, s) {
			t.Errorf("%s: the rejected suggestion is still listed", route.name)
		}
		if anns, _ := wb.ws.Annotations(art.ID); len(anns) != 0 {
			t.Errorf("%s: rejecting added %d annotations", route.name, len(anns))
		}
		if msg := wb.status.message.Text; !strings.Contains(msg, "will not be suggested again") {
			t.Errorf("%s: status %q", route.name, msg)
		}
		wb.Undo()
		if rej, _ := wb.ws.Rejections(art.ID); len(rej) != 0 {
			t.Fatalf("%s: %d rejections after undo", route.name, len(rej))
		}
		// The model learnt from the rejection may still be the latest for a moment: the
		// suggestion is back once the trainer has caught up with the undo.
		waitForTrainer(t, wb)
		if !listed(wb, s) {
			t.Errorf("%s: the suggestion did not come back after undo", route.name)
		}
	}

	// A rejection is a negative example of the next model, which the trainer learns
	// after the command without the window waiting.
	list.Select(0)
	s := want[0]
	seen := wb.sugModels.Load()
	wb.RejectSuggestion(0)
	deadline := time.Now().Add(time.Minute)
	for {
		waitForModel(t, wb, seen)
		seen = wb.sugModels.Load()
		if m := wb.trainer.Model(); m.Revision == wb.ws.Revision() {
			if st, _ := m.Tag(s.TagID); st.Rejected != 1 {
				t.Errorf("the new model counts %d rejections for the tag", st.Rejected)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the model never caught up with the rejection")
		}
	}
	// A change made elsewhere (the command line, a colleague) is heard too.
	if _, _, err := wb.ws.Annotate(annotate.AnnotationDraft{ArticleID: art.ID, Start: s.Start, End: s.End, TagIDs: []string{s.TagID}}); err != nil {
		t.Fatal(err)
	}
	for {
		waitForModel(t, wb, seen)
		seen = wb.sugModels.Load()
		if wb.trainer.Model().Revision == wb.ws.Revision() {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the model never learnt the change made outside the window")
		}
	}
}

func TestSuggestionSwitches(t *testing.T) {
	wb := newSuggestWorkbench(t)
	_, want := openSuggested(t, wb, "Drones knock out power", 2)
	list := wb.SuggestionList()
	menu := wb.MenuItem("Suggestions")
	if menu == nil || !menu.Checked {
		t.Fatal("View → Suggestions is not a ticked item")
	}

	// Off for the workspace: nothing is outlined or listed, and the panel says how to
	// switch them back on.
	menu.Action()
	if s, _ := wb.ws.SuggestSettings(); !s.Off {
		t.Fatal("the menu did not switch suggestions off in the store")
	}
	status, placeholder, _, _ := list.Lines()
	if list.Len() != 0 || len(wb.reader.Outlines()) != 0 || !strings.Contains(status, "switched off") || placeholder == "" || menu.Checked {
		t.Fatalf("off: %d rows, %d outlines, status %q, placeholder %q, ticked %v", list.Len(), len(wb.reader.Outlines()), status, placeholder, menu.Checked)
	}
	if !list.OnButton().Visible() {
		t.Fatal("no button switches them back on")
	}
	test.Tap(list.OnButton())
	if s, _ := wb.ws.SuggestSettings(); s.Off || list.Len() != len(want) || !menu.Checked {
		t.Fatalf("on again: off %v, %d rows, ticked %v", s.Off, list.Len(), menu.Checked)
	}

	// Off for one tag, in the per-tag dialog, which says what the model knows of it.
	tagID := want[0].TagID
	tag, _ := wb.codebook.Tag(tagID)
	wb.ShowSuggestionSwitches()
	sw := wb.sugTags
	if sw == nil || sw.Tag(tagID) == nil || !sw.Tag(tagID).Checked || !sw.All().Checked {
		t.Fatal("the switches dialog does not show the tag switched on")
	}
	row := tagRows(wb.trainer.Model(), wb.codebook, annotate.SuggestSettings{})
	for _, r := range row {
		if r.Tag.ID == tagID && (!r.Known || !r.Trained || !strings.Contains(r.Describe(), "suggested from score")) {
			t.Errorf("the dialog describes a trained tag as %q", r.Describe())
		}
	}
	sw.Tag(tagID).SetChecked(false)
	if s, _ := wb.ws.SuggestSettings(); s.TagOn(tagID) {
		t.Fatal("the tag's switch did not reach the store")
	}
	for _, it := range list.State().Items {
		if it.Suggestion.TagID == tagID {
			t.Fatalf("'%s' is still suggested after its switch went off", tag.Name)
		}
	}
	silent := false
	for _, s := range list.State().Silent {
		if s.Tag.ID == tagID && s.Off && strings.Contains(s.Why, "switched off for '"+tag.Name+"'") {
			silent = true
		}
	}
	if !silent {
		t.Errorf("'%s' is not among the silent tags: %+v", tag.Name, list.State().Silent)
	}
	sw.Tag(tagID).SetChecked(true)
	if s, _ := wb.ws.SuggestSettings(); !s.TagOn(tagID) || list.Len() != len(want) {
		t.Fatalf("the tag on again: %v, %d rows", s.TagOn(tagID), list.Len())
	}
	sw.Dialog().Hide()
}

func TestSuggestionStates(t *testing.T) {
	wb := newTestWorkbench(t) // the samples: every tag has too few coded sentences
	waitForModel(t, wb, 0)
	list := wb.SuggestionList()
	status, placeholder, link, _ := list.Lines()
	if list.Len() != 0 || !strings.Contains(placeholder, "No suggestions in this article") || link != "" {
		t.Fatalf("status %q, placeholder %q, link %q", status, placeholder, link)
	}
	if !strings.Contains(placeholder, "coded sentence") || !strings.Contains(placeholder, "suggestions start at 10") {
		t.Errorf("the placeholder does not say how many examples tags have and need: %q", placeholder)
	}

	// Before the first model, and when reading fails.
	for _, tc := range []struct {
		name string
		read suggestionsRead
		want string
	}{
		{"no model yet", suggestionsRead{err: suggest.ErrNoModel, status: suggest.TrainerStatus{Training: true}}, "Learning from your annotations"},
		{"failure", suggestionsRead{err: errors.New("the disk is full"), model: wb.trainer.Model()}, "⚠ the disk is full"},
		{"training failed", suggestionsRead{model: wb.trainer.Model(), status: suggest.TrainerStatus{Err: errors.New("out of memory")}}, "the latest learning failed"},
	} {
		tc.read.articleID = wb.current.ID
		wb.showSuggestions(tc.read)
		if status, placeholder, _, _ := list.Lines(); !strings.Contains(status+placeholder, tc.want) {
			t.Errorf("%s: status %q, placeholder %q, want %q", tc.name, status, placeholder, tc.want)
		}
	}
}

func TestOutlineClickNearestAndMenuSteps(t *testing.T) {
	wb := newSuggestWorkbench(t)
	art, want := openSuggested(t, wb, "Drones knock out power", 3)
	list := wb.SuggestionList()
	wb.right.ShowAnnotations()

	// A click on an outlined passage (where no highlight is) chooses its row.
	s := want[len(want)-1]
	p := wb.reader.PositionOf(s.Start + 2)
	ev := &desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: p}, Button: desktop.MouseButtonPrimary}
	wb.reader.MouseDown(ev)
	wb.reader.MouseUp(ev)
	it, ok := list.SelectedItem()
	if !ok || it.Suggestion.Start != s.Start {
		t.Fatalf("the click chose %+v, want the passage at %d", it.Suggestion, s.Start)
	}
	if wb.right.Tabs().Selected() != wb.sugTab {
		t.Error("the Suggestions tab did not come to the front")
	}
	// Its tip says what it is and what the keys do.
	wb.hoverHighlights([]string{outlineID(it.Suggestion)}, fyne.NewPos(10, 10))
	if tip := wb.tips.Text(); !strings.Contains(tip, "Suggested: "+it.Tag.Name) || !strings.Contains(tip, "Delete rejects") {
		t.Errorf("hover tip %q", tip)
	}

	// View → Next / Previous suggestion step through the list, round its ends.
	list.Unselect()
	next, prev := wb.MenuItem("Next suggestion"), wb.MenuItem("Previous suggestion")
	next.Action()
	next.Action()
	if list.Selected() != 1 {
		t.Errorf("two steps forward chose row %d", list.Selected())
	}
	prev.Action()
	prev.Action()
	if list.Selected() != len(want)-1 {
		t.Errorf("round the start chose row %d, want %d", list.Selected(), len(want)-1)
	}

	// The passage it is like opens in its article, in the editor.
	var near *suggest.Neighbour
	for _, it := range list.State().Items {
		if it.Suggestion.Nearest != nil {
			near = it.Suggestion.Nearest
			break
		}
	}
	if near == nil {
		t.Fatal("no suggestion names the passage it is like")
	}
	wb.openNearest(*near)
	if wb.current.ID != near.ArticleID || wb.current.ID == art.ID || wb.editor.ID() != near.AnnotationID {
		t.Fatalf("opened article %s with %q in the editor, want %s with %s", wb.current.ID, wb.editor.ID(), near.ArticleID, near.AnnotationID)
	}
	if wb.right.Tabs().Selected() == wb.sugTab {
		t.Error("the annotation list is not in front")
	}
}

func TestShutdownStopsTheTrainer(t *testing.T) {
	wb := newTestWorkbench(t)
	waitForModel(t, wb, 0)
	if wb.trainer == nil {
		t.Fatal("no trainer runs")
	}
	if !wb.Shutdown(time.Minute) {
		t.Fatal("the shutdown was not clean")
	}
	if wb.trainer != nil {
		t.Fatal("the trainer is still there after the shutdown")
	}
	wb.refreshSuggestions() // a refresh posted before the shutdown does nothing
	wb.run.Flush()
	if err := wb.ws.Close(); err != nil {
		t.Fatal(err)
	}
}
