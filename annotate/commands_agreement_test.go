package annotate

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func setAuthor(t *testing.T, ws *Workspace, name string) {
	t.Helper()
	if err := ws.SetAuthor(name); err != nil {
		t.Fatal(err)
	}
}

func TestDoneMarks(t *testing.T) {
	ws := openTemp(t)
	a := addText(t, ws, "One", "The grid held. Attacks resumed.")
	b := addText(t, ws, "Two", "Talks in Geneva.")
	setAuthor(t, ws, "olha")
	if res, err := ws.MarkDone(a.ID, ""); err != nil || !strings.Contains(res.Label, "olha") {
		t.Fatalf("mark: %v %q", err, res.Label)
	}
	if _, err := ws.MarkDone(b.ID, "consensus"); err != nil {
		t.Fatal(err)
	}
	if res, err := ws.MarkDone(a.ID, "olha"); err != nil || res.Label != "Nothing changed" {
		t.Fatalf("marking again: %v %q", err, res.Label)
	}
	marks, err := ws.DoneMarks()
	if err != nil || len(marks) != 2 {
		t.Fatalf("marks %v %v", marks, err)
	}
	if coders, _ := ws.DoneMarksOf(a.ID); !slices.Equal(coders, []string{"olha"}) {
		t.Errorf("done marks of a: %v", coders)
	}
	if _, err := ws.UnmarkDone(b.ID, "olha"); !errors.Is(err, ErrInvalid) {
		t.Errorf("unmarking what is not marked: %v", err)
	}
	if _, err := ws.MarkDone("nope", ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("marking a missing article: %v", err)
	}
	if _, err := ws.Undo(); err != nil {
		t.Fatal(err)
	}
	if coders, _ := ws.DoneMarksOf(b.ID); len(coders) != 0 {
		t.Errorf("undo left the mark: %v", coders)
	}
	ws = reopen(t, ws)
	if coders, _ := ws.DoneMarksOf(a.ID); !slices.Equal(coders, []string{"olha"}) {
		t.Errorf("after a restart: %v", coders)
	}
	if _, err := ws.UnmarkDone(a.ID, ""); err != nil {
		t.Fatal(err)
	}
	if marks, _ := ws.DoneMarks(); len(marks) != 0 {
		t.Errorf("unmark left %v", marks)
	}
}

func TestAcceptVersion(t *testing.T) {
	ws := openTemp(t)
	art := addText(t, ws, "One", "The grid held. Attacks on substations resumed at night. Talks go on.")
	setAuthor(t, ws, "alice")
	al := annotateQuote(t, ws, art.ID, "Attacks on substations", "Energy attacks", "Corruption")
	setAuthor(t, ws, "bob")
	bo := annotateQuote(t, ws, art.ID, "substations resumed at night", "Energy attacks")
	energy := tagID(t, ws, "Energy attacks")
	unitStart, unitEnd, _ := ws.FindQuote(art.ID, "Attacks on substations resumed at night.", 1)

	consensus := func() []Annotation {
		var out []Annotation
		anns, _ := ws.Annotations(art.ID)
		for _, a := range anns {
			if a.Author == ConsensusAuthor {
				out = append(out, a)
			}
		}
		return out
	}
	created, res, err := ws.AcceptVersion(AcceptDraft{ArticleID: art.ID, TagIDs: []string{energy}, Start: unitStart, End: unitEnd, From: []string{al.ID}, Coder: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.Label, "alice") || len(created) != 1 {
		t.Fatalf("label %q, created %v", res.Label, created)
	}
	c := consensus()
	if len(c) != 1 || c[0].Start != al.Start || c[0].End != al.End || !slices.Equal(c[0].TagIDs, []string{energy}) ||
		!strings.Contains(c[0].Note, "alice") || c[0].Exact != al.Exact {
		t.Fatalf("consensus after accepting alice: %+v", c)
	}
	// Accepting the same version again changes nothing.
	if _, res, err := ws.AcceptVersion(AcceptDraft{ArticleID: art.ID, TagIDs: []string{energy}, Start: unitStart, End: unitEnd, From: []string{al.ID}}); err != nil || res.Label != "Nothing changed" {
		t.Fatalf("again: %v %q", err, res.Label)
	}
	// Bob's version replaces it.
	if _, _, err := ws.AcceptVersion(AcceptDraft{ArticleID: art.ID, TagIDs: []string{energy}, Start: unitStart, End: unitEnd, From: []string{bo.ID}, Coder: "bob"}); err != nil {
		t.Fatal(err)
	}
	if c := consensus(); len(c) != 1 || c[0].Start != bo.Start || c[0].End != bo.End {
		t.Fatalf("consensus after accepting bob: %+v", c)
	}
	// "Nothing here" clears it.
	if _, _, err := ws.AcceptVersion(AcceptDraft{ArticleID: art.ID, TagIDs: []string{energy}, Start: unitStart, End: unitEnd, Coder: "carol"}); err != nil {
		t.Fatal(err)
	}
	if c := consensus(); len(c) != 0 {
		t.Fatalf("consensus after accepting nothing: %+v", c)
	}
	// Each step undoes on its own.
	for _, want := range []int{bo.Start, al.Start} {
		if _, err := ws.Undo(); err != nil {
			t.Fatal(err)
		}
		if c := consensus(); len(c) != 1 || c[0].Start != want {
			t.Fatalf("after undo: %+v, want start %d", c, want)
		}
	}
	// Bad input changes nothing.
	before := dumpData(t, ws)
	for _, d := range []AcceptDraft{
		{ArticleID: art.ID, TagIDs: []string{energy}, Start: unitStart, End: unitEnd, From: []string{"missing"}},
		{ArticleID: art.ID, TagIDs: []string{tagID(t, ws, "Diplomacy")}, Start: unitStart, End: unitEnd, From: []string{al.ID}},
		{ArticleID: art.ID, TagIDs: []string{energy}, Start: 5, End: 5},
		{ArticleID: art.ID, Start: unitStart, End: unitEnd},
	} {
		if _, _, err := ws.AcceptVersion(d); err == nil {
			t.Errorf("%+v accepted", d)
		}
	}
	if diff := diffDumps(before, dumpData(t, ws)); len(diff) > 0 {
		t.Errorf("refused acceptances changed %v", diff)
	}
	checkConsistent(t, ws)
}

// A consensus annotation carrying another tag too keeps it when the reviewed tag goes.
func TestAcceptVersionKeepsOtherTags(t *testing.T) {
	ws := openTemp(t)
	art := addText(t, ws, "One", "Officials stole the money for the substations.")
	setAuthor(t, ws, ConsensusAuthor)
	both := annotateQuote(t, ws, art.ID, "stole the money", "Corruption", "Energy attacks")
	energy := tagID(t, ws, "Energy attacks")
	if _, _, err := ws.AcceptVersion(AcceptDraft{ArticleID: art.ID, TagIDs: []string{energy}, Start: 0, End: art.Length}); err != nil {
		t.Fatal(err)
	}
	a, err := ws.Annotation(both.ID)
	if err != nil || !slices.Equal(a.TagIDs, []string{tagID(t, ws, "Corruption")}) {
		t.Fatalf("%+v %v", a, err)
	}
}

func TestRecodeSession(t *testing.T) {
	ws := openTemp(t)
	art := addText(t, ws, "One", "The grid held. Attacks on substations resumed at night. Talks go on in Geneva.")
	other := addText(t, ws, "Two", "Nothing sampled here.")
	setAuthor(t, ws, "olha")
	first := annotateQuote(t, ws, art.ID, "Attacks on substations", "Energy attacks")
	outside := annotateQuote(t, ws, art.ID, "Talks go on", "Diplomacy")
	elsewhere := annotateQuote(t, ws, other.ID, "Nothing sampled", "Diplomacy")
	setAuthor(t, ws, "bob")
	colleague := annotateQuote(t, ws, art.ID, "resumed at night", "Energy attacks")
	setAuthor(t, ws, "olha")
	us, ue, _ := ws.FindQuote(art.ID, "Attacks on substations resumed at night.", 1)
	plan := RecodePlan{Unit: "sentence", Sample: "1", Seed: 7, Population: 3, Units: []RecodeUnit{{ArticleID: art.ID, Start: us, End: ue}}}

	s, res, err := ws.StartRecode(plan)
	if err != nil {
		t.Fatal(err)
	}
	if s.Coder != "olha" || len(s.Hidden) != 2 || !strings.Contains(res.Label, "2 highlights hidden") {
		t.Fatalf("session %+v, label %q", s, res.Label)
	}
	for _, id := range []string{first.ID, colleague.ID} {
		if !slices.Contains(res.Changes.Annotations, id) {
			t.Errorf("the index is not told that %s is hidden: %v", id, res.Changes.Annotations)
		}
	}
	if _, _, err := ws.StartRecode(plan); !errors.Is(err, ErrInvalid) {
		t.Errorf("a second session: %v", err)
	}
	// Hidden from every view, there for ViewAll.
	ids := func(anns []Annotation) []string {
		var out []string
		for _, a := range anns {
			out = append(out, a.ID)
		}
		slices.Sort(out)
		return out
	}
	visible, _ := ws.Annotations(art.ID)
	if got := ids(visible); !slices.Equal(got, []string{outside.ID}) {
		t.Errorf("Annotations shows %v, want only %s", got, outside.ID)
	}
	if _, err := ws.Annotation(first.ID); !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "self-check") {
		t.Errorf("Annotation of a hidden one: %v", err)
	}
	n := 0
	ws.EachAnnotation(func(Annotation) error { n++; return nil })
	if n != 2 {
		t.Errorf("EachAnnotation saw %d, want 2", n)
	}
	ws.View(func(tx *Tx) error {
		if anns, _ := tx.AnnotationsOf(art.ID); len(anns) != 1 {
			t.Errorf("View sees %d annotations of the article", len(anns))
		}
		return nil
	})
	ws.ViewAll(func(tx *Tx) error {
		if anns, _ := tx.AnnotationsOf(art.ID); len(anns) != 3 {
			t.Errorf("ViewAll sees %d annotations of the article, want 3", len(anns))
		}
		return nil
	})
	if h, _ := ws.HiddenAnnotations(); len(h) != 2 || !h[first.ID] {
		t.Errorf("HiddenAnnotations %v", h)
	}
	// The counters leave them out too: library, codebook, status bar.
	if arts, _ := ws.Articles(); len(arts) != 2 {
		t.Fatal(arts)
	} else {
		for _, a := range arts {
			if a.ID == art.ID && a.Annotations != 1 {
				t.Errorf("library counts %d annotations in the sampled article, want 1", a.Annotations)
			}
		}
	}
	if u, _ := ws.TagUsage(); u[tagID(t, ws, "Energy attacks")].Annotations != 0 || u[tagID(t, ws, "Diplomacy")] != (TagUsage{Annotations: 2, Articles: 2}) {
		t.Errorf("tag usage %v", u)
	}
	if _, n := ws.Counts(); n != 2 {
		t.Errorf("Counts says %d annotations, want 2 visible", n)
	}
	// The coder codes the unit again.
	second := annotateQuote(t, ws, art.ID, "substations resumed", "Energy attacks")
	active, err := ws.ActiveRecode()
	if err != nil || active == nil {
		t.Fatal("no active session", err)
	}
	f, sc, err := ws.RecodeCodings(active)
	if err != nil || len(f) != 1 || f[0].ID != first.ID || len(sc) != 1 || sc[0].ID != second.ID {
		t.Fatalf("codings %v %v %v", f, sc, err)
	}
	// A restart keeps it all.
	ws = reopen(t, ws)
	if v, _ := ws.Annotations(art.ID); len(v) != 2 {
		t.Errorf("after a restart %d visible, want 2", len(v))
	}

	stopped, res, err := ws.StopRecode("")
	if err != nil {
		t.Fatal(err)
	}
	if stopped.Status != RecodeStopped || stopped.Kept != KeepFirst || len(stopped.First) != 1 || len(stopped.Second) != 1 {
		t.Fatalf("stopped %+v", stopped)
	}
	if !slices.Contains(res.Changes.Annotations, colleague.ID) {
		t.Errorf("the index is not told that %s is back", colleague.ID)
	}
	all, _ := ws.Annotations(art.ID)
	if got, want := ids(all), ids([]Annotation{first, outside, colleague}); !slices.Equal(got, want) {
		t.Errorf("after stop: %v, want %v (the re-coding removed)", got, want)
	}
	if a, _ := ws.ActiveRecode(); a != nil {
		t.Errorf("still active: %+v", a)
	}
	// Undoing the stop resumes the session: hidden again, the re-coding back.
	if _, err := ws.Undo(); err != nil {
		t.Fatal(err)
	}
	if v, _ := ws.Annotations(art.ID); len(v) != 2 {
		t.Errorf("after undoing stop: %d visible, want 2", len(v))
	}
	if a, _ := ws.ActiveRecode(); a == nil {
		t.Error("undoing stop did not resume the session")
	}
	// Cancel: everything back, the re-coding gone.
	c, _, err := ws.CancelRecode()
	if err != nil || c.Status != RecodeCancelled {
		t.Fatalf("cancel %+v %v", c, err)
	}
	if v, _ := ws.Annotations(art.ID); len(v) != 3 {
		t.Errorf("after cancel %d visible, want 3", len(v))
	}
	if _, _, err := ws.StopRecode(""); !errors.Is(err, ErrInvalid) {
		t.Errorf("stop without a session: %v", err)
	}
	sessions, _ := ws.RecodeSessions()
	if len(sessions) != 1 || sessions[0].Status != RecodeCancelled {
		t.Errorf("sessions %+v", sessions)
	}
	if _, err := ws.Annotation(elsewhere.ID); err != nil {
		t.Error(err)
	}
	checkConsistent(t, ws)
}

func TestRecodeKeepSecond(t *testing.T) {
	ws := openTemp(t)
	art := addText(t, ws, "One", "The grid held. Attacks resumed at night.")
	setAuthor(t, ws, "olha")
	first := annotateQuote(t, ws, art.ID, "Attacks resumed", "Energy attacks")
	if _, _, err := ws.StartRecode(RecodePlan{Unit: "sentence", Units: []RecodeUnit{{ArticleID: art.ID, Start: 15, End: art.Length}}}); err != nil {
		t.Fatal(err)
	}
	second := annotateQuote(t, ws, art.ID, "at night", "Diplomacy")
	s, _, err := ws.StopRecode(KeepSecond)
	if err != nil {
		t.Fatal(err)
	}
	anns, _ := ws.Annotations(art.ID)
	if len(anns) != 1 || anns[0].ID != second.ID || len(s.First) != 1 || s.First[0].ID != first.ID {
		t.Fatalf("kept %v, session first %v", anns, s.First)
	}
	if _, _, err := ws.StopRecode("neither"); !errors.Is(err, ErrInvalid) {
		t.Errorf("bad keep: %v", err)
	}
	checkConsistent(t, ws)
}

// EachAnnotationSpan reads the same fields as EachAnnotation, and hides what View hides.
func TestEachAnnotationSpan(t *testing.T) {
	ws := openTemp(t)
	art := addText(t, ws, "One", "«Ціна» \"quoted\" \\ back\\slash — Київ 🇺🇦 held. Then more text follows here.")
	setAuthor(t, ws, "Ольга \"O\" Коваль")
	a1 := annotateQuote(t, ws, art.ID, "«Ціна» \"quoted\" \\ back\\slash", "Energy attacks", "Corruption")
	setAuthor(t, ws, "bob")
	a2 := annotateQuote(t, ws, art.ID, "Then more", "Diplomacy")
	if _, err := ws.SetAnnotationNote(a2.ID, "a note with \"quotes\"\nand a line"); err != nil {
		t.Fatal(err)
	}
	full := map[string]Annotation{}
	ws.EachAnnotation(func(a Annotation) error { full[a.ID] = a; return nil })
	n := 0
	err := ws.View(func(tx *Tx) error {
		return tx.EachAnnotationSpan(func(s AnnotationSpan) error {
			n++
			a := full[s.ID]
			if s.ArticleID != a.ArticleID || s.Start != a.Start || s.End != a.End || !slices.Equal(s.TagIDs, a.TagIDs) ||
				s.Author != a.Author || s.State != a.State {
				t.Errorf("span %+v does not match %+v", s, a)
			}
			return nil
		})
	})
	if err != nil || n != 2 {
		t.Fatalf("%d spans, %v", n, err)
	}
	if _, _, err := ws.StartRecode(RecodePlan{Unit: "sentence", Units: []RecodeUnit{{ArticleID: art.ID, Start: a1.Start, End: a1.End}}}); err != nil {
		t.Fatal(err)
	}
	var seen []string
	ws.View(func(tx *Tx) error {
		return tx.EachAnnotationSpan(func(s AnnotationSpan) error { seen = append(seen, s.ID); return nil })
	})
	if !slices.Equal(seen, []string{a2.ID}) {
		t.Errorf("View shows %v, want only %s", seen, a2.ID)
	}
}
