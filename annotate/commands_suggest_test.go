package annotate

import (
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"
)

const suggestText = "Drones struck a substation near Kharkiv overnight. The mayor asked residents to save power. Talks resumed in Geneva."

func TestAcceptSuggestion(t *testing.T) {
	ws := openTemp(t)
	art := addText(t, ws, "Strike", suggestText)
	energy := tagID(t, ws, "Energy attacks")
	ref := SuggestionRef{ArticleID: art.ID, Start: 0, End: 50, TagID: energy, Exact: "Drones struck a substation near Kharkiv overnight.", Note: "like the Kyiv strike"}

	a, res, err := ws.AcceptSuggestion(ref)
	if err != nil {
		t.Fatal(err)
	}
	if a.Origin != OriginSuggested || !a.FromSuggestion() || a.Exact != ref.Exact || a.Note != ref.Note || !a.HasTag(energy) {
		t.Errorf("accepted annotation = %+v", a)
	}
	if !strings.HasPrefix(res.Label, "Tagged 'Energy attacks' on “Drones struck") || !strings.HasSuffix(res.Label, "in 'Strike'") {
		t.Errorf("label %q", res.Label)
	}
	stored, err := ws.Annotation(a.ID)
	if err != nil || stored.Origin != OriginSuggested {
		t.Fatalf("stored origin %q, %v", stored.Origin, err)
	}
	// Accepting it again would duplicate the highlight: refused.
	if _, _, err := ws.AcceptSuggestion(ref); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "already has an annotation") {
		t.Errorf("second accept: %v", err)
	}
	// Undo removes it like any annotation.
	if _, err := ws.Undo(); err != nil {
		t.Fatal(err)
	}
	if anns, _ := ws.Annotations(art.ID); len(anns) != 0 {
		t.Errorf("after undo: %d annotations", len(anns))
	}
	// Origin survives a restart.
	if _, err := ws.Redo(); err != nil {
		t.Fatal(err)
	}
	ws = reopen(t, ws)
	if got, err := ws.Annotation(a.ID); err != nil || got.Origin != OriginSuggested {
		t.Errorf("after reopen: origin %q, %v", got.Origin, err)
	}
}

func TestAcceptSuggestionRefusals(t *testing.T) {
	ws := openTemp(t)
	art := addText(t, ws, "Strike", suggestText)
	energy := tagID(t, ws, "Energy attacks")
	tests := []struct {
		name string
		ref  SuggestionRef
		kind error
		msg  string
	}{
		{"text changed", SuggestionRef{ArticleID: art.ID, Start: 0, End: 50, TagID: energy, Exact: "Missiles struck"}, ErrInvalid, "has changed since"},
		{"outside", SuggestionRef{ArticleID: art.ID, Start: 100, End: 500, TagID: energy}, ErrInvalid, "not a passage"},
		{"empty", SuggestionRef{ArticleID: art.ID, Start: 5, End: 5, TagID: energy}, ErrInvalid, "not a passage"},
		{"no tag", SuggestionRef{ArticleID: art.ID, Start: 0, End: 50, TagID: "nope"}, ErrNotFound, "no tag"},
		{"no article", SuggestionRef{ArticleID: "nope", Start: 0, End: 50, TagID: energy}, ErrNotFound, "no article"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := ws.AcceptSuggestion(tt.ref)
			if !errors.Is(err, tt.kind) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("accept: %v, want %v with %q", err, tt.kind, tt.msg)
			}
			_, _, err = ws.RejectSuggestion(tt.ref)
			if !errors.Is(err, tt.kind) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("reject: %v, want %v with %q", err, tt.kind, tt.msg)
			}
		})
	}
	if anns, _ := ws.Annotations(art.ID); len(anns) != 0 {
		t.Errorf("refused accepts left %d annotations", len(anns))
	}
	if rej, _ := ws.Rejections(""); len(rej) != 0 {
		t.Errorf("refused rejects left %d rejections", len(rej))
	}
}

func TestAnnotateOrigin(t *testing.T) {
	ws := openTemp(t)
	art := addText(t, ws, "Strike", suggestText)
	energy := tagID(t, ws, "Energy attacks")
	a, _, err := ws.Annotate(AnnotationDraft{ArticleID: art.ID, Start: 0, End: 6, TagIDs: []string{energy}})
	if err != nil || a.Origin != "" || a.FromSuggestion() {
		t.Errorf("manual annotation origin %q, %v", a.Origin, err)
	}
	if _, _, err := ws.Annotate(AnnotationDraft{ArticleID: art.ID, Start: 0, End: 6, TagIDs: []string{energy}, Origin: "robot"}); !errors.Is(err, ErrInvalid) {
		t.Errorf("unknown origin: %v", err)
	}
}

func TestRejectSuggestion(t *testing.T) {
	ws := openTemp(t)
	art := addText(t, ws, "Strike", suggestText)
	other := addText(t, ws, "Other", "Sanctions were extended. Nothing else happened.")
	energy, diplomacy := tagID(t, ws, "Energy attacks"), tagID(t, ws, "Ceasefire & negotiations")
	ref := SuggestionRef{ArticleID: art.ID, Start: 51, End: 91, TagID: energy}

	rej, res, err := ws.RejectSuggestion(ref)
	if err != nil {
		t.Fatal(err)
	}
	if res.Label != "Rejected suggestion 'Energy attacks'" || rej.Exact != "The mayor asked residents to save power." || rej.Key != RejectionKey(art.ID, energy, rej.Exact) {
		t.Errorf("rejection %+v, label %q", rej, res.Label)
	}
	if rej.Prefix != "station near Kharkiv overnight. " || rej.Suffix != " Talks resumed in Geneva." {
		t.Errorf("context %q / %q", rej.Prefix, rej.Suffix)
	}
	// Rejecting again changes nothing (and adds no undo step).
	if _, res, err := ws.RejectSuggestion(ref); err != nil || res.Label != "Nothing changed" {
		t.Errorf("second reject: %q, %v", res.Label, err)
	}
	if _, _, err := ws.RejectSuggestion(SuggestionRef{ArticleID: art.ID, Start: 92, End: 116, TagID: diplomacy}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ws.RejectSuggestion(SuggestionRef{ArticleID: other.ID, Start: 0, End: 24, TagID: diplomacy}); err != nil {
		t.Fatal(err)
	}
	list, err := ws.Rejections(art.ID)
	if err != nil || len(list) != 2 || list[0].Start != 51 || list[1].Start != 92 {
		t.Fatalf("rejections of the article: %+v, %v", list, err)
	}
	if all, _ := ws.Rejections(""); len(all) != 3 {
		t.Errorf("all rejections: %d, want 3", len(all))
	}
	// Undo forgets the last rejection, redo brings it back; both survive a restart.
	if res, err := ws.Undo(); err != nil || res.Label != "Undid: Rejected suggestion 'Ceasefire & negotiations'" {
		t.Fatalf("undo: %q, %v", res.Label, err)
	}
	if all, _ := ws.Rejections(""); len(all) != 2 {
		t.Errorf("after undo: %d rejections, want 2", len(all))
	}
	ws = reopen(t, ws)
	if _, err := ws.Redo(); err != nil {
		t.Fatal(err)
	}
	if all, _ := ws.Rejections(""); len(all) != 3 {
		t.Errorf("after redo: %d rejections, want 3", len(all))
	}
	// Forgetting is a command too.
	if _, err := ws.ForgetRejection(rej.Key); err != nil {
		t.Fatal(err)
	}
	if list, _ := ws.Rejections(art.ID); len(list) != 1 || list[0].TagID != diplomacy {
		t.Errorf("after forget: %+v", list)
	}
	if _, err := ws.ForgetRejection(rej.Key); !errors.Is(err, ErrNotFound) {
		t.Errorf("forget twice: %v", err)
	}
	if _, err := ws.Undo(); err != nil {
		t.Fatal(err)
	}
	if list, _ := ws.Rejections(art.ID); len(list) != 2 {
		t.Errorf("undo of forget: %d rejections, want 2", len(list))
	}
	checkConsistent(t, ws)
}

func TestSuggestSettings(t *testing.T) {
	ws := openTemp(t)
	energy, corruption := tagID(t, ws, "Energy attacks"), tagID(t, ws, "Corruption")
	s, err := ws.SuggestSettings()
	if err != nil || s.Off || !s.TagOn(energy) {
		t.Fatalf("default settings %+v, %v", s, err)
	}
	steps := []struct {
		do      func() error
		off     bool
		tagsOff []string
	}{
		{func() error { return ws.SetTagSuggestionsOn(energy, false) }, false, []string{energy}},
		{func() error { return ws.SetTagSuggestionsOn(corruption, false) }, false, sortedIDs(energy, corruption)},
		{func() error { return ws.SetTagSuggestionsOn(corruption, false) }, false, sortedIDs(energy, corruption)},
		{func() error { return ws.SetSuggestionsOn(false) }, true, sortedIDs(energy, corruption)},
		{func() error { return ws.SetTagSuggestionsOn(energy, true) }, true, []string{corruption}},
		{func() error { return ws.SetSuggestionsOn(true) }, false, []string{corruption}},
	}
	for i, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		s, err := ws.SuggestSettings()
		if err != nil || s.Off != st.off || !reflect.DeepEqual(s.TagsOff, st.tagsOff) {
			t.Errorf("step %d: %+v, %v; want off=%v tags %v", i, s, err, st.off, st.tagsOff)
		}
	}
	s, _ = ws.SuggestSettings()
	if !s.TagOn(energy) || s.TagOn(corruption) {
		t.Errorf("TagOn: energy %v corruption %v", s.TagOn(energy), s.TagOn(corruption))
	}
	if err := ws.SetTagSuggestionsOn("nope", false); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown tag: %v", err)
	}
	// A setting, not a change: nothing to undo, and it survives a restart.
	if _, err := ws.Undo(); !errors.Is(err, ErrNothingToUndo) {
		t.Errorf("undo after settings: %v", err)
	}
	ws = reopen(t, ws)
	if s, _ := ws.SuggestSettings(); s.TagOn(corruption) || s.Off {
		t.Errorf("after reopen: %+v", s)
	}
}

func sortedIDs(ids ...string) []string {
	out := append([]string(nil), ids...)
	sort.Strings(out)
	return out
}
