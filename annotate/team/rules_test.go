package team

import (
	"context"
	"strings"
	"testing"

	"gloss.app/gloss/annotate"
)

const warText = "Overnight the grid operator reported strikes on two substations near Kharkiv.\n" +
	"The ministry said air defence intercepted most drones; repairs began at dawn.\n" +
	"Analysts expect talks on security guarantees to resume next week in Geneva."

// twoDesks makes a project with one article, led by Olha, joined by Marko.
func twoDesks(t *testing.T) (*memServer, *desk, *desk, annotate.Article) {
	srv := newMemServer()
	clock := newSharedClock()
	olha := newDesk(t, srv, clock, "Olha", true)
	art := olha.importText("Grid strikes", warText)
	olha.sync()
	marko := newDesk(t, srv, clock, "Marko", false)
	marko.sync()
	return srv, olha, marko, art
}

func conflictsOf(rep Report, kind, field string) []ConflictReport {
	var out []ConflictReport
	for _, c := range rep.Conflicts {
		if c.Kind == kind && (field == "" || c.Field == field) {
			out = append(out, c)
		}
	}
	return out
}

func TestJoinPullsEverything(t *testing.T) {
	_, olha, marko, art := twoDesks(t)
	sameDumps(t, olha, marko)
	if _, err := marko.ws.Article(art.ID); err != nil {
		t.Fatalf("the joiner has no article: %v", err)
	}
	if marko.ws.UndoLabel() != "" {
		t.Errorf("a new member's undo history is %q, want empty", marko.ws.UndoLabel())
	}
}

func TestConcurrentEditsOfOneFieldLastWriterWinsAndIsReported(t *testing.T) {
	_, olha, marko, art := twoDesks(t)
	a := olha.annotate(art.ID, "strikes on two substations", "Energy attacks")
	olha.sync()
	marko.sync()
	// Both edit the note without seeing each other's edit; Marko's is later.
	olha.must(olha.ws.SetAnnotationNote(a.ID, "Olha: confirmed by the operator"))
	marko.must(marko.ws.SetAnnotationNote(a.ID, "Marko: two or three substations?"))
	repO := olha.sync()
	repM := marko.sync()
	repO2 := olha.sync()
	sameDumps(t, olha, marko)
	got, _ := olha.annotation(a.ID)
	if got.Note != "Marko: two or three substations?" {
		t.Fatalf("note = %q, want the last writer's", got.Note)
	}
	if len(conflictsOf(repO, "edit", "note")) != 0 {
		t.Errorf("Olha's first sync reported conflicts before seeing Marko's edit: %+v", repO.Conflicts)
	}
	lostM := conflictsOf(repM, "edit", "note")
	lostO := conflictsOf(repO2, "edit", "note")
	if len(lostM) != 1 || len(lostO) != 1 {
		t.Fatalf("each desk must report the lost note once: Marko %+v, Olha %+v", repM.Conflicts, repO2.Conflicts)
	}
	recent, err := RecentConflicts(olha.ws, 10)
	if err != nil || len(recent) != 1 {
		t.Fatalf("recorded conflicts: %v %v", recent, err)
	}
	for _, c := range []ConflictReport{lostM[0], lostO[0], recent[0]} {
		if c.LoserName != "Olha" || c.WinnerName != "Marko" || !strings.Contains(c.Text, "Olha: confirmed") {
			t.Errorf("conflict %+v: want Olha's note lost to Marko's", c)
		}
	}
}

func TestSequentialEditsAreNoConflict(t *testing.T) {
	_, olha, marko, art := twoDesks(t)
	a := olha.annotate(art.ID, "strikes on two substations", "Energy attacks")
	olha.must(olha.ws.SetAnnotationNote(a.ID, "first"))
	olha.sync()
	marko.sync()
	marko.must(marko.ws.SetAnnotationNote(a.ID, "second, having read the first"))
	marko.sync()
	rep := olha.sync()
	if len(rep.Conflicts) != 0 {
		t.Fatalf("an edit made after seeing the other is not a conflict: %+v", rep.Conflicts)
	}
	sameDumps(t, olha, marko)
}

func TestDifferentFieldsOfOneAnnotationBothKept(t *testing.T) {
	_, olha, marko, art := twoDesks(t)
	a := olha.annotate(art.ID, "strikes on two substations", "Energy attacks")
	syncAll(olha, marko)
	olha.must(olha.ws.SetAnnotationNote(a.ID, "note by Olha"))
	marko.must(marko.ws.AddAnnotationTag(a.ID, marko.tag("Diplomacy")))
	syncAll(olha, marko)
	sameDumps(t, olha, marko)
	got, _ := olha.annotation(a.ID)
	if got.Note != "note by Olha" || len(got.TagIDs) != 2 {
		t.Fatalf("note %q tags %v: both concurrent edits of different fields must stay", got.Note, got.TagIDs)
	}
}

func TestDeleteBeatsConcurrentEditAndItsUndoBringsTheEditBack(t *testing.T) {
	_, olha, marko, art := twoDesks(t)
	a := olha.annotate(art.ID, "strikes on two substations", "Energy attacks")
	syncAll(olha, marko)
	olha.must(olha.ws.DeleteAnnotation(a.ID))
	marko.must(marko.ws.SetAnnotationNote(a.ID, "Marko's later note")) // later on the clock
	olha.sync()
	rep := marko.sync()
	olha.sync()
	sameDumps(t, olha, marko)
	if _, ok := marko.annotation(a.ID); ok {
		t.Fatal("the delete must win over the concurrent edit")
	}
	if len(conflictsOf(rep, "deleted", "note")) != 1 {
		t.Fatalf("Marko's lost note must be reported: %+v", rep.Conflicts)
	}
	res := olha.must(olha.ws.Undo())
	if !strings.Contains(res.Label, "your own step") {
		t.Errorf("undo label %q must say it undid the analyst's own step", res.Label)
	}
	syncAll(olha, marko)
	sameDumps(t, olha, marko)
	got, ok := marko.annotation(a.ID)
	if !ok || got.Note != "Marko's later note" {
		t.Fatalf("undo of the delete: annotation %v note %q, want it back with Marko's note", ok, got.Note)
	}
}

func TestUndoLeavesAColleaguesLaterValue(t *testing.T) {
	_, olha, marko, art := twoDesks(t)
	a := olha.annotate(art.ID, "strikes on two substations", "Energy attacks")
	olha.must(olha.ws.SetAnnotationNote(a.ID, "Olha's note"))
	syncAll(olha, marko)
	marko.must(marko.ws.SetAnnotationNote(a.ID, "Marko corrected it"))
	syncAll(olha, marko)
	res := olha.must(olha.ws.Undo()) // Olha's note step
	if !strings.Contains(res.Label, "kept Marko's note") {
		t.Fatalf("undo label %q must say Marko's note was kept", res.Label)
	}
	got, _ := olha.annotation(a.ID)
	if got.Note != "Marko corrected it" {
		t.Fatalf("note after undo = %q, want Marko's", got.Note)
	}
	// The step before (the annotation itself) is Olha's alone: undo removes it.
	olha.must(olha.ws.Undo())
	if _, ok := olha.annotation(a.ID); ok {
		t.Fatal("undo of Olha's annotation left it")
	}
	syncAll(olha, marko)
	sameDumps(t, olha, marko)
	// Redo brings it back everywhere.
	olha.must(olha.ws.Redo())
	syncAll(olha, marko)
	if _, ok := marko.annotation(a.ID); !ok {
		t.Fatal("redo did not bring the annotation back on Marko's desk")
	}
	sameDumps(t, olha, marko)
}

func TestPulledChangesAreNotOnTheUndoHistory(t *testing.T) {
	_, olha, marko, art := twoDesks(t)
	olha.annotate(art.ID, "strikes on two substations", "Energy attacks")
	mine := marko.annotate(art.ID, "air defence", "Energy attacks")
	syncAll(olha, marko)
	if got := marko.ws.UndoLabel(); !strings.HasPrefix(got, "Tagged") {
		t.Fatalf("Marko's undo would undo %q", got)
	}
	marko.must(marko.ws.Undo())
	if _, ok := marko.annotation(mine.ID); ok {
		t.Fatal("Marko's undo did not undo Marko's annotation")
	}
	if _, err := marko.ws.Undo(); err == nil {
		t.Fatal("Marko's history holds only Marko's step; a second undo must say nothing is left")
	}
	arts, anns := marko.ws.Counts()
	if arts != 1 || anns != 1 {
		t.Fatalf("Olha's pulled annotation must stay: %d articles %d annotations", arts, anns)
	}
}

func TestMergedTagCatchesAColleaguesConcurrentUses(t *testing.T) {
	_, olha, marko, art := twoDesks(t)
	from, into := olha.tag("Energy attacks"), olha.tag("Military developments")
	old := olha.annotate(art.ID, "substations", "Energy attacks")
	syncAll(olha, marko)
	// Olha merges; Marko, offline, keeps using the merged tag.
	olha.must(olha.ws.MergeTag(from, into))
	used := marko.annotate(art.ID, "air defence intercepted", "Energy attacks")
	marko.must(marko.ws.SetAnnotationNote(old.ID, "Marko's note on Olha's annotation"))
	syncAll(olha, marko)
	sameDumps(t, olha, marko)
	for _, id := range []string{used.ID, old.ID} {
		a, ok := olha.annotation(id)
		if !ok || len(a.TagIDs) != 1 || a.TagIDs[0] != into {
			t.Fatalf("annotation %s: %v %v, want it on the merge target %s", id, ok, a.TagIDs, into)
		}
	}
	if a, _ := olha.annotation(old.ID); a.Note != "Marko's note on Olha's annotation" {
		t.Errorf("the merge's retag must not overwrite Marko's concurrent note: %q", a.Note)
	}
	usage, _ := marko.ws.TagUsage()
	if usage[from].Annotations != 0 {
		t.Fatalf("the merged tag still has %d annotations on Marko's desk", usage[from].Annotations)
	}
	// Undo of the merge puts the tag back; Marko's annotation stays on the target (the
	// retag was never his step), Olha's goes back to the tag.
	olha.must(olha.ws.Undo())
	syncAll(olha, marko)
	sameDumps(t, olha, marko)
	if a, _ := marko.annotation(old.ID); len(a.TagIDs) != 1 || a.TagIDs[0] != from {
		t.Errorf("after undo of the merge Olha's annotation has %v, want the tag back", a.TagIDs)
	}
}

func TestMergeAfterAConcurrentRetagKeepsTheRetag(t *testing.T) {
	_, olha, marko, art := twoDesks(t)
	from, into, other := olha.tag("Energy attacks"), olha.tag("Military developments"), olha.tag("Diplomacy")
	a := olha.annotate(art.ID, "substations", "Energy attacks")
	syncAll(olha, marko)
	// Marko adds a tag first; Olha's merge comes later on the clock. Were the merge's
	// retag sent as an edit of the tags, it would win and drop Marko's tag.
	marko.must(marko.ws.AddAnnotationTag(a.ID, other))
	olha.must(olha.ws.MergeTag(from, into))
	syncAll(olha, marko)
	sameDumps(t, olha, marko)
	got, _ := olha.annotation(a.ID)
	if strings.Join(got.TagIDs, ",") != other+","+into {
		t.Fatalf("tags %v, want Marko's added tag and the merge target", got.TagIDs)
	}
}

func TestSameTextImportedTwiceIsOneArticleAndIdenticalHighlightsStayTwo(t *testing.T) {
	srv := newMemServer()
	clock := newSharedClock()
	olha := newDesk(t, srv, clock, "Olha", true)
	olha.sync()
	marko := newDesk(t, srv, clock, "Marko", false)
	marko.sync()
	a1 := olha.importText("From the wire", warText)
	a2 := marko.importText("Same story", warText)
	if a1.ID != a2.ID {
		t.Fatalf("the same text got two ids: %s %s", a1.ID, a2.ID)
	}
	h1 := olha.annotate(a1.ID, "security guarantees", "Diplomacy")
	h2 := marko.annotate(a2.ID, "security guarantees", "Diplomacy")
	syncAll(olha, marko)
	sameDumps(t, olha, marko)
	arts, anns := olha.ws.Counts()
	if arts != 1 || anns != 2 {
		t.Fatalf("%d articles %d annotations, want 1 and 2", arts, anns)
	}
	x, _ := olha.annotation(h1.ID)
	y, _ := olha.annotation(h2.ID)
	if x.Coder != olha.coder() || y.Coder != marko.coder() || x.Author != "Olha" || y.Author != "Marko" {
		t.Fatalf("coders %s/%s authors %s/%s: each highlight keeps its coder", x.Coder, y.Coder, x.Author, y.Author)
	}
}

func TestConcurrentMovesMakeNoCycle(t *testing.T) {
	_, olha, marko, _ := twoDesks(t)
	x, y := olha.tag("Energy attacks"), olha.tag("Diplomacy")
	olha.must(olha.ws.MoveTag(x, y))
	marko.must(marko.ws.MoveTag(y, x))
	syncAll(olha, marko)
	sameDumps(t, olha, marko)
	cb, _ := olha.ws.Codebook()
	for _, tag := range cb.Tags() {
		seen := map[string]bool{}
		for p := tag.ID; p != ""; {
			if seen[p] {
				t.Fatalf("cycle through %s", tag.Name)
			}
			seen[p] = true
			parent, _ := cb.Tag(p)
			p = parent.ParentID
		}
	}
}

func TestConcurrentHotkeysStayUnique(t *testing.T) {
	_, olha, marko, _ := twoDesks(t)
	olha.must(olha.ws.SetTagHotkey(olha.tag("Energy attacks"), 7))
	marko.must(marko.ws.SetTagHotkey(marko.tag("Diplomacy"), 7))
	syncAll(olha, marko)
	sameDumps(t, olha, marko)
	cb, _ := olha.ws.Codebook()
	n := 0
	for _, tag := range cb.Tags() {
		if tag.Hotkey == 7 {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d tags have hotkey 7", n)
	}
}

func TestArticleDeletedWhileAColleagueAnnotatesIt(t *testing.T) {
	_, olha, marko, art := twoDesks(t)
	olha.must(olha.ws.DeleteArticle(art.ID))
	a := marko.annotate(art.ID, "air defence", "Energy attacks")
	olha.sync()
	rep := marko.sync()
	repO := olha.sync()
	sameDumps(t, olha, marko)
	if _, ok := marko.annotation(a.ID); ok {
		t.Fatal("an annotation of a deleted article must not be shown")
	}
	if len(conflictsOf(rep, "hidden", "")) != 1 || len(conflictsOf(repO, "hidden", "")) != 1 {
		t.Fatalf("both desks must report the hidden annotation: %+v / %+v", rep.Conflicts, repO.Conflicts)
	}
	// Olha undoes the delete: the article comes back, and Marko's annotation with it.
	olha.must(olha.ws.Undo())
	syncAll(olha, marko)
	sameDumps(t, olha, marko)
	if _, ok := olha.annotation(a.ID); !ok {
		t.Fatal("Marko's annotation did not come back with the article")
	}
}

func TestNewVersionOfTextMovesAColleaguesAnnotations(t *testing.T) {
	srv := newMemServer()
	clock := newSharedClock()
	olha := newDesk(t, srv, clock, "Olha", true)
	res, err := olha.ws.AddArticle(annotate.ArticleDraft{Title: "Wire", URL: "https://example.org/wire", Text: warText})
	if err != nil {
		t.Fatal(err)
	}
	olha.sync()
	marko := newDesk(t, srv, clock, "Marko", false)
	marko.sync()
	a := marko.annotate(res.Article.ID, "security guarantees", "Diplomacy")
	// Olha imports a corrected version (same URL): a line is inserted before the quote.
	newText := "UPDATE: casualty figures revised.\n" + warText
	if _, err := olha.ws.AddArticle(annotate.ArticleDraft{Title: "Wire", URL: "https://example.org/wire", Text: newText}); err != nil {
		t.Fatal(err)
	}
	syncAll(olha, marko)
	sameDumps(t, olha, marko)
	got, _ := olha.annotation(a.ID)
	text := []rune(newText)
	if got.State != annotate.Anchored || string(text[got.Start:got.End]) != "security guarantees" {
		t.Fatalf("Marko's annotation is %s at %d–%d, want it moved onto the new text", got.State, got.Start, got.End)
	}
}

func TestBlindVisibility(t *testing.T) {
	srv, olha, marko, art := twoDesks(t)
	olha.annotate(art.ID, "substations", "Energy attacks")
	marko.annotate(art.ID, "air defence", "Energy attacks")
	srv.blind = true
	syncAll(olha, marko)
	for _, d := range []*desk{olha, marko} {
		anns, _ := d.ws.Annotations(art.ID)
		shown := d.ws.Visibility().Filter(anns)
		if len(anns) != 2 || len(shown) != 1 || shown[0].Author != d.name {
			t.Fatalf("%s: %d stored, %d shown; blind coding shows only one's own", d.name, len(anns), len(shown))
		}
	}
	srv.blind = false
	syncAll(olha, marko)
	anns, _ := marko.ws.Annotations(art.ID)
	if got := marko.ws.Visibility().Filter(anns); len(got) != 2 {
		t.Fatalf("after the lead reveals, %d shown", len(got))
	}
}

func TestApplyingTwiceChangesNothing(t *testing.T) {
	srv, olha, marko, art := twoDesks(t)
	a := olha.annotate(art.ID, "substations", "Energy attacks")
	olha.must(olha.ws.SetAnnotationNote(a.ID, "x"))
	syncAll(olha, marko)
	before := dump(t, marko.ws)
	rev := marko.ws.Revision()
	var ops []Op
	for _, p := range srv.log {
		ops = append(ops, p.Op)
	}
	var conflicts []Conflict
	_, err := marko.ws.ApplyRemote("again", func(rt *annotate.ReplicaTx) error {
		var err error
		conflicts, _, err = applyPulled(rt, ops, 0)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if dump(t, marko.ws) != before || marko.ws.Revision() != rev || len(conflicts) != 0 {
		t.Fatalf("applying the log again changed the workspace (revision %d → %d, conflicts %v)", rev, marko.ws.Revision(), conflicts)
	}
}

func TestARecordKindThisBuildDoesNotShareIsKept(t *testing.T) {
	srv, olha, marko, _ := twoDesks(t)
	// A newer Gloss on another desk shares "done_marks"; this build does not know them.
	newer := Op{ID: "00000000-0000-0000-0000-0000000000aa", Coder: "00000000-0000-0000-0000-0000000000bb", HLC: 1 << 40,
		Step: "00000000-0000-0000-0000-0000000000cc", Bucket: "done_marks", Key: "x"}
	yes := true
	newer.Exists, newer.Fields = &yes, object{{Name: "done", Value: []byte("true")}}
	srv.Push(context.Background(), newer.Coder, []Op{newer})
	rep := marko.sync()
	if rep.Pulled != 1 {
		t.Fatalf("pulled %d", rep.Pulled)
	}
	olha.sync()
	// The values are kept in the team state, nothing is lost, the sync goes on.
	marko.ws.ReplicaView(func(rt *annotate.ReplicaTx) error {
		b, _ := rt.Bucket(bucketState)
		if b.Get([]byte(stateKey("done_marks", "x"))) == nil {
			t.Error("the unknown record was not kept")
		}
		return nil
	})
}

func TestDoneMarksAreShared(t *testing.T) {
	_, olha, marko, art := twoDesks(t)
	olha.must(olha.ws.MarkDone(art.ID, ""))
	marko.must(marko.ws.MarkDone(art.ID, ""))
	syncAll(olha, marko)
	sameDumps(t, olha, marko)
	for _, d := range []*desk{olha, marko} {
		coders, err := d.ws.DoneMarksOf(art.ID)
		if err != nil || strings.Join(coders, ",") != "Marko,Olha" {
			t.Fatalf("%s sees the article done by %v (%v), want both coders", d.name, coders, err)
		}
	}
	olha.must(olha.ws.Undo())
	syncAll(olha, marko)
	if coders, _ := marko.ws.DoneMarksOf(art.ID); strings.Join(coders, ",") != "Marko" {
		t.Fatalf("after Olha's undo, Marko sees %v", coders)
	}
}
