package suggest

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"gloss.app/gloss/annotate"
)

var towns = []string{"Kharkiv", "Odesa", "Dnipro", "Sumy", "Poltava", "Zhytomyr", "Chernihiv", "Vinnytsia", "Kherson", "Mykolaiv", "Rivne", "Lutsk"}

// energyWorkspace holds twelve coded articles: two sentences about strikes on the grid
// coded "Energy attacks" in each (one with a note), two background sentences, and three
// articles with a sentence coded "Corruption" (too few to learn).
func energyWorkspace(t *testing.T) (*annotate.Workspace, map[string]string) {
	t.Helper()
	ws := openTemp(t)
	cb, _ := ws.Codebook()
	tags := map[string]string{}
	for _, name := range []string{"Energy attacks", "Corruption", "Ceasefire & negotiations"} {
		tag, err := cb.Resolve(name)
		if err != nil {
			t.Fatal(err)
		}
		tags[name] = tag.ID
	}
	for i, town := range towns {
		s1 := fmt.Sprintf("Drones hit a substation in %s overnight.", town)
		s2 := fmt.Sprintf("The strike left %d,000 homes in %s without power and heating.", 10+i, town)
		s3 := fmt.Sprintf("The mayor of %s thanked volunteers for their help.", town)
		s4 := fmt.Sprintf("Farmers near %s started the spring sowing early this year.", town)
		s5 := fmt.Sprintf("Prosecutors in %s charged an official with taking bribes.", town)
		text := strings.Join([]string{s1, s2, s3, s4}, " ")
		if i < 3 {
			text += " " + s5
		}
		res, err := ws.AddArticle(annotate.ArticleDraft{Title: "Night strike on " + town, Text: text, Format: "txt"})
		if err != nil {
			t.Fatal(err)
		}
		code := func(sentence, tag, note string) {
			start, end, err := ws.FindQuote(res.Article.ID, sentence, 1)
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := ws.Annotate(annotate.AnnotationDraft{ArticleID: res.Article.ID, Start: start, End: end, TagIDs: []string{tags[tag]}, Note: note}); err != nil {
				t.Fatal(err)
			}
		}
		note := ""
		if town == "Kharkiv" {
			note = "the first substation strike this winter"
		}
		code(s1, "Energy attacks", note)
		code(s2, "Energy attacks", "")
		if i < 3 {
			code(s5, "Corruption", "")
		}
	}
	return ws, tags
}

func train(t *testing.T, ws *annotate.Workspace) *Model {
	t.Helper()
	m, err := Train(loadCorpus(t, ws), DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func addArticle(t *testing.T, ws *annotate.Workspace, title, text string) annotate.Article {
	t.Helper()
	res, err := ws.AddArticle(annotate.ArticleDraft{Title: title, Text: text, Format: "txt"})
	if err != nil {
		t.Fatal(err)
	}
	art, err := ws.Article(res.Article.ID)
	if err != nil {
		t.Fatal(err)
	}
	return art
}

func TestSuggestArticle(t *testing.T) {
	ws, tags := energyWorkspace(t)
	m := train(t, ws)
	energy, corruption := tags["Energy attacks"], tags["Corruption"]
	if st, _ := m.Tag(energy); !st.Trained || st.Examples != 24 || st.Phrases != 24 {
		t.Errorf("energy state %+v", st)
	}
	if st, _ := m.Tag(corruption); st.Trained || st.Examples != 3 {
		t.Errorf("corruption state %+v", st)
	}
	if why := m.TagOff(corruption, annotate.SuggestSettings{}); why != "'Corruption' has 3 coded sentences; suggestions start at 10" {
		t.Errorf("corruption off because %q", why)
	}
	if why := m.TagOff(energy, annotate.SuggestSettings{}); why != "" {
		t.Errorf("energy off because %q", why)
	}
	// Code points, not bytes: the article starts with Cyrillic and an emoji.
	text := "Львів 🔥 Ракети вдарили вночі. Missiles hit a substation in Lviv overnight. The mayor of Lviv thanked volunteers for their help. Prosecutors in Lviv charged an official with taking bribes."
	art := addArticle(t, ws, "Lviv", text)
	got, err := m.SuggestArticle(ws, art.ID, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("suggestions %+v", got)
	}
	s := got[0]
	runes := []rune(text)
	if s.TagID != energy || s.Exact != "Missiles hit a substation in Lviv overnight." || string(runes[s.Start:s.End]) != s.Exact || s.Start != 30 {
		t.Errorf("suggestion %+v", s)
	}
	if st, _ := m.Tag(energy); s.Score < st.Cut || st.Cut < minCut || st.Cut > maxCut || s.ModelScore <= 0.5 {
		t.Errorf("score %v (cut %v), model %v", s.Score, st.Cut, s.ModelScore)
	}
	if s.Nearest == nil || !strings.HasPrefix(s.Nearest.Exact, "Drones hit a substation in") || s.Nearest.Similarity <= 0 || s.Nearest.ArticleTitle == "" {
		t.Errorf("nearest %+v", s.Nearest)
	}
	if len(s.Features) == 0 || !containsFeature(s.Features, "substation") {
		t.Errorf("features %+v", s.Features)
	}
	if !strings.Contains(s.Why, "like your annotation “Drones hit a substation in") || !strings.Contains(s.Why, "words: ") {
		t.Errorf("why %q", s.Why)
	}
	// Only the tags asked for; a high bar leaves nothing.
	if got := m.Suggest(Request{Article: art, Tags: []string{corruption}}); len(got) != 0 {
		t.Errorf("corruption only: %+v", got)
	}
	// A bar above the score leaves it out.
	if got := m.Suggest(Request{Article: art, MinScore: math.Nextafter(1, 2)}); len(got) != 0 {
		t.Errorf("min score above 1: %+v", got)
	}
}

// rawScore is the tag model's probability for a sentence, before calibration.
func rawScore(m *Model, tagID, sentence string) float64 {
	f := newFeaturizer(m.idf, 0, m.params.Groups)
	return m.tags[m.tagIndex[tagID]].model.prob(f.vector(tokenize([]rune(sentence), 0)))
}

func containsFeature(fs []Feature, text string) bool {
	for _, f := range fs {
		if f.Text == text && f.Weight > 0 {
			return true
		}
	}
	return false
}

// The nearest coded passage carries its note into the explanation.
func TestExplanationCarriesNote(t *testing.T) {
	ws, tags := energyWorkspace(t)
	m := train(t, ws)
	art := addArticle(t, ws, "Kharkiv again", "Drones hit a substation in Kharkiv overnight again, officials said.")
	got := m.Suggest(Request{Article: art})
	if len(got) != 1 || got[0].TagID != tags["Energy attacks"] {
		t.Fatalf("suggestions %+v", got)
	}
	if n := got[0].Nearest; n == nil || n.Note != "the first substation strike this winter" || !strings.Contains(got[0].Why, "(note: “the first substation strike this winter”)") {
		t.Errorf("nearest %+v, why %q", n, got[0].Why)
	}
	// The coded sentence also occurs word for word (punctuation aside): the phrase signal.
	if p := got[0].Phrase; p == nil || p.Text != "Drones hit a substation in Kharkiv overnight." || p.Coded != 1 || p.Share != 1 ||
		!strings.Contains(got[0].Why, "contains “Drones hit a substation in Kharkiv over…”, coded 1× with this tag") {
		t.Errorf("phrase %+v, why %q", p, got[0].Why)
	}
}

// Accepting makes an ordinary annotation with origin "suggested"; the sentence is not
// suggested again. Rejecting is remembered: never suggested again, and a negative example.
func TestAcceptAndRejectFlow(t *testing.T) {
	ws, tags := energyWorkspace(t)
	energy := tags["Energy attacks"]
	art := addArticle(t, ws, "Two cities", "Missiles hit a substation in Lviv overnight. Drones hit a substation in Uzhhorod overnight. Drones hit a bakery in Uzhhorod overnight.")
	m := train(t, ws)
	first, err := m.SuggestArticle(ws, art.ID, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != 3 {
		t.Fatalf("suggestions %+v", first)
	}
	a, _, err := ws.AcceptSuggestion(first[0].Ref())
	if err != nil {
		t.Fatal(err)
	}
	if a.Origin != annotate.OriginSuggested || a.Start != first[0].Start || !a.HasTag(energy) {
		t.Errorf("accepted %+v", a)
	}
	bakery := first[2]
	if !strings.Contains(bakery.Exact, "bakery") {
		t.Fatalf("third suggestion %+v", bakery)
	}
	if _, _, err := ws.RejectSuggestion(bakery.Ref()); err != nil {
		t.Fatal(err)
	}
	// The same model already leaves out what was accepted and rejected.
	after, _ := m.SuggestArticle(ws, art.ID, nil, 0)
	if len(after) != 1 || after[0].Start != first[1].Start {
		t.Errorf("after accept and reject: %+v", after)
	}
	// Retrained, the rejection is a negative example: a sentence like it scores lower.
	other := addArticle(t, ws, "Bakery", "Drones hit a bakery in Izmail overnight.")
	before := rawScore(m, energy, other.Text)
	m2 := train(t, ws)
	if st, _ := m2.Tag(energy); st.Rejected != 1 || st.Examples != 25 {
		t.Errorf("retrained state %+v", st)
	}
	if after := rawScore(m2, energy, other.Text); after >= before {
		t.Errorf("score of a sentence like the rejected one: before %.3f, after %.3f", before, after)
	}
	// Undoing the rejection (after the import made since) brings the suggestion back.
	for _, want := range []string{"Undid: Import", "Undid: Rejected suggestion 'Energy attacks'"} {
		res, err := ws.Undo()
		if err != nil || !strings.HasPrefix(res.Label, want) {
			t.Fatalf("undo: %q, %v; want %q", res.Label, err, want)
		}
	}
	if again, _ := m.SuggestArticle(ws, art.ID, nil, 0); len(again) != 2 {
		t.Errorf("after undoing the rejection: %+v", again)
	}
}

func TestSwitches(t *testing.T) {
	ws, tags := energyWorkspace(t)
	m := train(t, ws)
	art := addArticle(t, ws, "Lviv", "Missiles hit a substation in Lviv overnight.")
	if err := ws.SetTagSuggestionsOn(tags["Energy attacks"], false); err != nil {
		t.Fatal(err)
	}
	if got, err := m.SuggestArticle(ws, art.ID, nil, 0); err != nil || len(got) != 0 {
		t.Errorf("energy off: %+v, %v", got, err)
	}
	s, _ := ws.SuggestSettings()
	if why := m.TagOff(tags["Energy attacks"], s); why != "suggestions are switched off for 'Energy attacks'" {
		t.Errorf("why %q", why)
	}
	if err := ws.SetTagSuggestionsOn(tags["Energy attacks"], true); err != nil {
		t.Fatal(err)
	}
	if err := ws.SetSuggestionsOn(false); err != nil {
		t.Fatal(err)
	}
	if _, err := m.SuggestArticle(ws, art.ID, nil, 0); !errors.Is(err, ErrSuggestionsOff) {
		t.Errorf("workspace off: %v", err)
	}
	if err := ws.SetSuggestionsOn(true); err != nil {
		t.Fatal(err)
	}
	if got, _ := m.SuggestArticle(ws, art.ID, nil, 0); len(got) != 1 {
		t.Errorf("back on: %+v", got)
	}
}

func TestNothingCodedYet(t *testing.T) {
	ws := openTemp(t)
	art := addArticle(t, ws, "Lviv", "Missiles hit a substation in Lviv overnight.")
	m := train(t, ws)
	if got, err := m.SuggestArticle(ws, art.ID, nil, 0); err != nil || len(got) != 0 {
		t.Errorf("empty workspace: %+v, %v", got, err)
	}
	cb, _ := ws.Codebook()
	tag, _ := cb.Resolve("Energy attacks")
	if why := m.TagOff(tag.ID, annotate.SuggestSettings{}); why != "'Energy attacks' has 0 coded sentences; suggestions start at 10" {
		t.Errorf("why %q", why)
	}
}

func TestCheckUnit(t *testing.T) {
	text := "Missiles hit a substation in Lviv overnight. Power out. Talks went on."
	if err := CheckUnit(text, 0, 44); err != nil {
		t.Errorf("first sentence: %v", err)
	}
	if err := CheckUnit(text, 45, 55); err == nil || !strings.Contains(err.Error(), "too short") {
		t.Errorf("two-word sentence: %v", err)
	}
	if err := CheckUnit(text, 0, 20); err == nil || !strings.Contains(err.Error(), "not a sentence") {
		t.Errorf("part of a sentence: %v", err)
	}
}

// A running self-check stays blind: no suggestion on a sampled sentence, no explanation
// quoting an annotation it hides.
func TestSuggestionsKeepSelfCheckBlind(t *testing.T) {
	ws, tags := energyWorkspace(t)
	energy := tags["Energy attacks"]
	art := addArticle(t, ws, "Two cities", "Missiles hit a substation in Lviv overnight. Drones hit a substation in Uzhhorod overnight.")
	m := train(t, ws) // trained before the session: it still knows what will be hidden
	before, err := m.SuggestArticle(ws, art.ID, []string{energy}, 0)
	if err != nil || len(before) != 2 {
		t.Fatalf("before the self-check: %+v, %v", before, err)
	}
	// Sample the second sentence of the new article and the coded sentence the first
	// suggestion's explanation quotes.
	quoted, err := ws.Annotation(before[0].Nearest.AnnotationID)
	if err != nil {
		t.Fatal(err)
	}
	plan := annotate.RecodePlan{Unit: "sentence", Sample: "2", Units: []annotate.RecodeUnit{
		{ArticleID: art.ID, Start: before[1].Start, End: before[1].End},
		{ArticleID: quoted.ArticleID, Start: quoted.Start, End: quoted.End},
	}}
	if _, _, err := ws.StartRecode(plan); err != nil {
		t.Fatal(err)
	}
	during, err := m.SuggestArticle(ws, art.ID, []string{energy}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(during) != 1 || during[0].Start != before[0].Start {
		t.Fatalf("during the self-check: %+v", during)
	}
	if n := during[0].Nearest; n != nil && n.AnnotationID == quoted.ID || strings.Contains(during[0].Why, quoted.Exact) {
		t.Errorf("explanation quotes a hidden annotation: %+v", during[0])
	}
	// Retrained during the session, the hidden coding is not learnt from at all.
	if st, _ := train(t, ws).Tag(energy); st.Examples != 23 {
		t.Errorf("examples during the self-check: %d, want 23", st.Examples)
	}
}

// Blind coding in a team project: the colleagues' annotations the analyst is not shown
// are neither learnt from nor quoted, even by a model trained before blind coding began.
func TestSuggestionsKeepBlindCodingBlind(t *testing.T) {
	ws, tags := energyWorkspace(t)
	energy := tags["Energy attacks"]
	art := addArticle(t, ws, "Two cities", "Missiles hit a substation in Lviv overnight. Drones hit a substation in Uzhhorod overnight.")
	m := train(t, ws) // trained before: it knows every coded passage
	// Every coded passage becomes a colleague's, as pulled from the team server, and the
	// project codes blind.
	var all []annotate.Annotation
	if err := ws.EachAnnotation(func(a annotate.Annotation) error { all = append(all, a); return nil }); err != nil {
		t.Fatal(err)
	}
	_, err := ws.ApplyRemote("test", func(rt *annotate.ReplicaTx) error {
		for _, a := range all {
			a.Coder = "olha"
			raw, _ := json.Marshal(a)
			if err := rt.Put("annotations", a.ID, raw); err != nil {
				return err
			}
		}
		return rt.SetIdentity("me", true)
	})
	if err != nil {
		t.Fatal(err)
	}
	list, err := m.SuggestArticle(ws, art.ID, []string{energy}, 0)
	if err != nil || len(list) == 0 {
		t.Fatalf("suggestions of the older model: %+v, %v", list, err)
	}
	for _, sg := range list {
		if sg.Nearest != nil {
			t.Errorf("explanation quotes a colleague's hidden annotation: %+v", sg)
		}
	}
	if st, _ := train(t, ws).Tag(energy); st.Examples != 0 || st.Trained {
		t.Errorf("retrained while blind: %+v, want nothing learnt from the hidden coding", st)
	}
	// Revealed, the colleagues' coding is learnt from again.
	if _, err := ws.ApplyRemote("test", func(rt *annotate.ReplicaTx) error { return rt.SetIdentity("me", false) }); err != nil {
		t.Fatal(err)
	}
	if st, _ := train(t, ws).Tag(energy); st.Examples != 24 {
		t.Errorf("examples after the reveal: %d, want 24", st.Examples)
	}
}

// A model keeps the scored sentences of the articles it was asked about (the window asks
// after every change): what it answers from them is what a model without them answers,
// and each answer is the caller's to change.
func TestCachedCandidatesAnswerAsComputedOnes(t *testing.T) {
	ws, _ := energyWorkspace(t)
	art := addArticle(t, ws, "Two cities", "Missiles hit a substation in Lviv overnight. Drones hit a substation in Uzhhorod overnight. Drones hit a bakery in Uzhhorod overnight.")
	m := train(t, ws)
	first, err := m.SuggestArticle(ws, art.ID, nil, 0)
	if err != nil || len(first) < 2 {
		t.Fatalf("suggestions %+v, %v", first, err)
	}
	first[0].Why, first[0].Score = "changed by the caller", -1
	if _, _, err := ws.AcceptSuggestion(first[1].Ref()); err != nil {
		t.Fatal(err)
	}
	cached, err := m.SuggestArticle(ws, art.ID, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	uncached := *m
	uncached.cache = nil
	want, err := uncached.SuggestArticle(ws, art.ID, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(cached, want) {
		t.Errorf("from the cache:\n%+v\ncomputed:\n%+v", cached, want)
	}
	if len(cached) != len(first)-1 || cached[0].Why == "changed by the caller" {
		t.Errorf("after accepting one of %d: %+v", len(first), cached)
	}
}
