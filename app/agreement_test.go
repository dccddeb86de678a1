package app

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/agreement"
)

// codeAs has coder highlight quote in the article with a tag, then hands the workspace
// back to the analyst of the window (root, or whoever it was).
func codeAs(t *testing.T, wb *Workbench, coder, articleID, quote, tag string) annotate.Annotation {
	t.Helper()
	me := wb.ws.Author()
	defer wb.ws.SetAuthor(me)
	if err := wb.ws.SetAuthor(coder); err != nil {
		t.Fatal(err)
	}
	s, e, err := wb.ws.FindQuote(articleID, quote, 1)
	if err != nil {
		t.Fatal(err)
	}
	tg, err := wb.codebook.Resolve(tag)
	if err != nil {
		t.Fatal(err)
	}
	a, _, err := wb.ws.Annotate(annotate.AnnotationDraft{ArticleID: articleID, Start: s, End: e, TagIDs: []string{tg.ID}})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestAgreementTabBrowserAndConsensus(t *testing.T) {
	wb := newTestWorkbench(t)
	art := openByTitle(t, wb, "Overnight strikes")
	me := wb.ws.Author()
	codeAs(t, wb, "bob", art.ID, "A wave of drones and missiles struck energy infrastructure", "Energy attacks")
	codeAs(t, wb, "bob", art.ID, "Engineers restored electricity to hospitals", "Energy attacks")
	wb.refreshAfterChange("")

	wb.MenuItem("Agreement between coders").Action()
	if wb.centreTabs.Selected() != wb.overviewTab {
		t.Fatal("Coding → Agreement did not show the Overview")
	}
	rep := wb.Agreement().Report()
	if rep == nil || !slices.Equal(rep.Coders, []string{"bob", me}) {
		t.Fatalf("agreement report %+v", rep)
	}
	// A click on Energy attacks opens its disagreements beside the reader.
	energy, _ := wb.codebook.Resolve("Energy attacks")
	wb.openDisagreementsFromTable(t, energy.ID)
	if wb.browserTab == nil || wb.centreTabs.Selected() != wb.browserTab || wb.browserTab.Text != "Disagreements: Energy attacks" {
		t.Fatalf("browser tab %+v", wb.browserTab)
	}
	d := wb.Browser().Disagreements()
	if d == nil || len(d.Units) == 0 {
		t.Fatalf("disagreements %+v", d)
	}
	var unit agreement.DisagreementUnit
	for _, u := range d.Units {
		if strings.HasPrefix(u.Text, "Engineers restored") {
			unit = u
		}
	}
	if unit.ArticleID != art.ID {
		t.Fatalf("no disagreement on bob's sentence: %+v", d.Units)
	}
	// Accept bob's version: one undoable command writing a consensus annotation.
	wb.acceptVersion(agreement.AcceptRequest{ArticleID: unit.ArticleID, Start: unit.Start, End: unit.End, TagID: energy.ID, Coder: "bob"})
	consensus := func() int {
		anns, _ := wb.ws.Annotations(art.ID)
		n := 0
		for _, a := range anns {
			if a.Author == annotate.ConsensusAuthor {
				n++
			}
		}
		return n
	}
	if consensus() != 1 || !strings.HasPrefix(wb.status.message.Text, "Accepted bob's version") {
		t.Fatalf("%d consensus annotations, status %q", consensus(), wb.status.message.Text)
	}
	if got := browserUnit(wb, unit).Consensus; got.Value != 1 {
		t.Errorf("the browser did not follow the accept: %+v", got)
	}
	wb.Undo()
	if consensus() != 0 || browserUnit(wb, unit).Consensus.Value != agreement.Missing {
		t.Errorf("after undo: %d consensus annotations, browser %+v", consensus(), browserUnit(wb, unit).Consensus)
	}
	// Show in reader: the reader comes to the front with the unit selected.
	wb.centreTabs.Select(wb.browserTab)
	wb.showPassage(unit.ArticleID, unit.Start, unit.End)
	if wb.centreTabs.Selected() != wb.readerTab || wb.current.ID != unit.ArticleID {
		t.Fatal("the passage is not shown in the reader")
	}
	if s, e := wb.reader.Selection(); s != unit.Start || e != unit.End {
		t.Errorf("selection %d–%d, want %d–%d", s, e, unit.Start, unit.End)
	}
	// The table's way back.
	wb.ShowAgreement()
	if wb.centreTabs.Selected() != wb.overviewTab {
		t.Error("back to the table failed")
	}
}

// openDisagreementsFromTable clicks the tag's row of the Agreement table.
func (wb *Workbench) openDisagreementsFromTable(t *testing.T, tagID string) {
	t.Helper()
	tb := wb.Agreement().Table()
	for y := float32(0); y < tb.MinSize().Height; y += 4 {
		tb.Tapped(&fyne.PointEvent{Position: fyne.NewPos(30, y)})
		if wb.browserTab != nil && wb.Browser().TagID() == tagID {
			return
		}
	}
	t.Fatalf("no row of the table opens tag %s", tagID)
}

func browserUnit(wb *Workbench, u agreement.DisagreementUnit) agreement.DisagreementUnit {
	for _, x := range wb.Browser().Disagreements().Units {
		if x.ArticleID == u.ArticleID && x.Start == u.Start {
			return x
		}
	}
	return agreement.DisagreementUnit{}
}

// A done mark changes nothing the search index holds: the window follows the command's
// result — library row, the bar under the reader — and undo and redo.
func TestDoneMarkInWindow(t *testing.T) {
	wb := newTestWorkbench(t)
	art := openByTitle(t, wb, "Overnight strikes")
	if wb.IsDone() || wb.codingBar.done.Text != "Mark as done" || !strings.HasPrefix(wb.codingBar.author.Text, "Coding as ") {
		t.Fatalf("before: done %v, button %q, %q", wb.IsDone(), wb.codingBar.done.Text, wb.codingBar.author.Text)
	}
	wb.MenuItem("Mark article as done / not done").Action()
	if !wb.IsDone() || !wb.library.IsDone(art.ID) || wb.codingBar.done.Text != "Done — mark as not done" {
		t.Fatalf("after marking: done %v, library %v, button %q", wb.IsDone(), wb.library.IsDone(art.ID), wb.codingBar.done.Text)
	}
	if marks, _ := wb.ws.DoneMarksOf(art.ID); !slices.Equal(marks, []string{wb.ws.Author()}) {
		t.Errorf("stored marks %v", marks)
	}
	if !strings.HasPrefix(wb.status.message.Text, "Marked 'Overnight strikes") {
		t.Errorf("status %q", wb.status.message.Text)
	}
	wb.Undo()
	if wb.IsDone() || wb.library.IsDone(art.ID) || wb.codingBar.done.Text != "Mark as done" {
		t.Errorf("after undo: done %v, library %v", wb.IsDone(), wb.library.IsDone(art.ID))
	}
	wb.Redo()
	if !wb.IsDone() {
		t.Error("redo did not mark it again")
	}
	// The button takes it back.
	wb.codingBar.done.OnTapped()
	if wb.IsDone() {
		t.Error("the button did not take the mark back")
	}
	wb.ToggleDone()
	// Any article of the library, open or not.
	other := wb.library.All()[0].ID
	if other == art.ID {
		other = wb.library.All()[1].ID
	}
	wb.MarkArticleDone(other, true)
	if !wb.library.IsDone(other) || !wb.IsDone() {
		t.Errorf("marking another article: it %v, the open one %v", wb.library.IsDone(other), wb.IsDone())
	}
	// Marks are per coder: as someone else the article is not done.
	wb.SetAuthor("bob")
	if wb.IsDone() || wb.codingBar.author.Text != "Coding as bob (change…)" {
		t.Errorf("as bob: done %v, %q", wb.IsDone(), wb.codingBar.author.Text)
	}
}

func TestSelfCheckInWindow(t *testing.T) {
	wb := newTestWorkbench(t)
	art := openByTitle(t, wb, "Overnight strikes")
	before := len(wb.annotations)
	wb.StartSelfCheck(agreement.SampleOptions{Size: agreement.SampleSize{Count: 3}, Seed: 4, CodedOnly: true})
	s := wb.recode
	if s == nil || len(s.Units) != 3 {
		t.Fatalf("session %+v", s)
	}
	if txt := wb.banner.Text(); !strings.Contains(txt, "0 of 3 sampled sentences coded again") {
		t.Errorf("banner %q", txt)
	}
	// A unit to code again is selected in the reader (the first after the caret); the
	// sampled units of the open article are marked, and what they hide is gone from the
	// reader and the list.
	sel0, sel1 := wb.reader.Selection()
	first := annotate.RecodeUnit{ArticleID: wb.current.ID, Start: sel0, End: sel1}
	if !slices.Contains(s.Units, first) {
		t.Fatalf("selected %+v, not a sampled unit of %+v", first, s.Units)
	}
	marks := 0
	for _, h := range wb.highlights() {
		if strings.HasPrefix(h.ID, sampledUnitID) {
			marks++
		}
	}
	if want := len(s.UnitsIn(wb.current.ID)); marks != want || want == 0 {
		t.Errorf("%d sampled units marked, want %d", marks, want)
	}
	hidden, _ := wb.ws.HiddenAnnotations()
	for _, a := range wb.annotations {
		if hidden[a.ID] {
			t.Errorf("hidden annotation %s shown", a.ID)
		}
	}
	if len(hidden) == 0 {
		t.Error("nothing hidden")
	}
	// A click on a sampled unit's band alone opens nothing.
	wb.highlightClicked([]string{sampledUnitID + "0"}, fyne.NewPos(0, 0))
	if wb.editor.ID() != "" || wb.chooser != nil {
		t.Error("a sampled unit's band opened something")
	}
	// Coding the selected unit again moves the banner on; Next goes to the next unit.
	energy, _ := wb.codebook.Resolve("Energy attacks")
	wb.TagSelection(energy.ID)
	if txt := wb.banner.Text(); !strings.Contains(txt, "1 of 3 sampled sentences coded again") {
		t.Errorf("after coding one: %q", txt)
	}
	wb.nextSampledUnit()
	s0, s1 := wb.reader.Selection()
	next := annotate.RecodeUnit{ArticleID: wb.current.ID, Start: s0, End: s1}
	if next == first || !slices.Contains(s.Units, next) {
		t.Errorf("next unit %+v after %+v", next, first)
	}
	// Result and end.
	wb.selfCheckResult()
	if wb.resultDialog == nil {
		t.Fatal("no result shown")
	}
	wb.resultDialog.Hide()
	wb.StopSelfCheck(annotate.KeepFirst)
	if wb.recode != nil || wb.banner.Text() != "" {
		t.Errorf("after stop: session %v, banner %q", wb.recode, wb.banner.Text())
	}
	wb.OpenArticle(art.ID)
	if len(wb.annotations) != before {
		t.Errorf("after stop %d annotations, before %d", len(wb.annotations), before)
	}
	for _, h := range wb.highlights() {
		if strings.HasPrefix(h.ID, sampledUnitID) {
			t.Fatal("sampled units still marked")
		}
	}
	// Undo resumes the session.
	wb.Undo()
	if wb.recode == nil || !strings.Contains(wb.banner.Text(), "sampled sentences") {
		t.Errorf("undo of stop: session %v", wb.recode)
	}
}

func TestNextUnit(t *testing.T) {
	u := func(art string, start int, recoded bool) agreement.RecodeUnitStatus {
		return agreement.RecodeUnitStatus{RecodeUnit: annotate.RecodeUnit{ArticleID: art, Start: start, End: start + 5}, Recoded: recoded}
	}
	units := []agreement.RecodeUnitStatus{u("a", 0, true), u("a", 10, false), u("a", 20, false), u("b", 0, false), u("c", 5, true)}
	for _, tc := range []struct {
		article string
		at      int
		want    annotate.RecodeUnit
		ok      bool
	}{
		{"a", 0, units[1].RecodeUnit, true},
		{"a", 11, units[2].RecodeUnit, true},
		{"a", 21, units[3].RecodeUnit, true}, // on to the next article
		{"b", 1, units[1].RecodeUnit, true},  // past the last: from the top
		{"c", 0, units[1].RecodeUnit, true},
		{"x", 0, units[1].RecodeUnit, true},
	} {
		got, ok := nextUnit(units, tc.article, tc.at)
		if ok != tc.ok || got != tc.want {
			t.Errorf("nextUnit(%s, %d) = %+v %v, want %+v", tc.article, tc.at, got, ok, tc.want)
		}
	}
	if _, ok := nextUnit([]agreement.RecodeUnitStatus{u("a", 0, true)}, "a", 0); ok {
		t.Error("a unit offered when all are coded again")
	}
}
