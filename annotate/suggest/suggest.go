// Package suggest proposes passages for tags, learnt from the analyst's own coding in the
// workspace, on the analyst's machine. It combines three signals:
//
//  1. a phrase matcher: every phrase already coded with a tag, found again word for word
//     (INCEpTION's string-matching recommender; the baseline);
//  2. a per-tag logistic regression over sentence features — word unigrams and bigrams,
//     and character 3–5-grams inside words, so that inflected Ukrainian and Russian
//     forms count — trained on the coded articles (coded sentences are positives, the
//     other sentences of those articles and rejected suggestions negatives);
//  3. the nearest coded passage (cosine over the same features), shown with the features
//     that pushed the score, as the explanation.
//
// Candidates are sentences (package textunits). A tag with fewer than MinExamples coded
// sentences suggests nothing. The package only proposes: accepting or rejecting goes
// through the command layer (Workspace.AcceptSuggestion, RejectSuggestion). It never
// imports Fyne; the Trainer retrains in the background and publishes immutable Models.
package suggest

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/textunits"
)

// DefaultMinScore is the cut of a tag whose coding could not be cross-validated when it
// was trained (fewer than two coded sentences in the held-out parts).
const DefaultMinScore = 0.5

// Request asks for the suggestions of one article.
type Request struct {
	Article annotate.Article // with its text
	// Annotations are the article's own: a sentence already coded with a tag is not
	// suggested for it again.
	Annotations []annotate.Annotation
	// Rejections of the article: a rejected sentence is not suggested for that tag again.
	Rejections []annotate.Rejection
	Settings   annotate.SuggestSettings // the switches (off for the workspace, off per tag)
	Tags       []string                 // only these tag ids (nil: every tag that is on)
	// MinScore is the score from which a sentence is suggested; 0 means each tag's own
	// cut, chosen when it was trained (TagState.Cut).
	MinScore float64
	// NoExplain skips the explanations (evaluation needs only the decisions).
	NoExplain bool
}

// Suggestion proposes one sentence for one tag.
type Suggestion struct {
	ArticleID  string       `json:"article"`
	Start      int          `json:"start"` // code points, like annotations
	End        int          `json:"end"`
	Exact      string       `json:"exact"`
	TagID      string       `json:"tag_id"`
	Score      float64      `json:"score"`       // what the suggestion is ranked and cut by, 0–1
	ModelScore float64      `json:"model_score"` // the tag model's probability
	Phrase     *PhraseMatch `json:"phrase,omitempty"`
	Nearest    *Neighbour   `json:"nearest,omitempty"`
	Features   []Feature    `json:"features,omitempty"`
	Why        string       `json:"why"` // the reasons in one line
}

// Ref names the suggestion for the accept and reject commands.
func (s Suggestion) Ref() annotate.SuggestionRef {
	return annotate.SuggestionRef{ArticleID: s.ArticleID, Start: s.Start, End: s.End, TagID: s.TagID, Exact: s.Exact}
}

// PhraseMatch is a phrase coded with the tag before, found in the sentence.
type PhraseMatch struct {
	Text  string  `json:"text"`
	Coded int     `json:"coded"` // how often it was coded with the tag
	Share float64 `json:"share"` // the share of its codings that used the tag
}

// Neighbour is the coded passage most like the suggested sentence.
type Neighbour struct {
	AnnotationID string  `json:"annotation"`
	ArticleID    string  `json:"article"`
	ArticleTitle string  `json:"article_title"`
	Exact        string  `json:"exact"`
	Note         string  `json:"note,omitempty"`
	Similarity   float64 `json:"similarity"` // cosine, 0–1
}

// Feature is a word or word pair of the sentence and how much it pushed the score (its
// weight, character n-grams of the word included).
type Feature struct {
	Text   string  `json:"text"`
	Weight float64 `json:"weight"`
}

// TagOff reports why a tag gives no suggestions ("" when it does).
func (m *Model) TagOff(tagID string, settings annotate.SuggestSettings) string {
	name := tagID
	if t, ok := m.Codebook.Tag(tagID); ok {
		name = t.Name
	}
	switch st, ok := m.Tag(tagID); {
	case settings.Off:
		return "suggestions are switched off for this workspace"
	case !settings.TagOn(tagID):
		return fmt.Sprintf("suggestions are switched off for '%s'", name)
	case !ok:
		return fmt.Sprintf("'%s' is newer than the model: it is being retrained", name)
	case !st.Trained:
		return fmt.Sprintf("'%s' has %d coded sentence%s; suggestions start at %d", name, st.Examples, plural(st.Examples), st.Needed)
	}
	return ""
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// Suggest proposes sentences of the article, in text order (then by score).
func (m *Model) Suggest(r Request) []Suggestion {
	if r.Settings.Off {
		return nil
	}
	var tags []int
	want := map[string]bool{}
	for _, id := range r.Tags {
		want[id] = true
	}
	for ti, st := range m.tags {
		if st.Trained && r.Settings.TagOn(st.TagID) && (len(want) == 0 || want[st.TagID]) {
			tags = append(tags, ti)
		}
	}
	if len(tags) == 0 {
		return nil
	}
	key := fmt.Sprint(r.Article.ID, "\x00", r.Article.SHA256, "\x00", len(r.Article.Text), tags, r.MinScore, r.NoExplain)
	all, ok := m.cache.get(key)
	if !ok {
		all = m.candidates(r, tags)
		m.cache.put(key, all)
	}
	return m.notCodedNorRejected(all, r)
}

// notCodedNorRejected leaves out of a candidate list the sentences already coded with
// the tag and those the analyst rejected for it; the list it returns is the caller's.
func (m *Model) notCodedNorRejected(all []Suggestion, r Request) []Suggestion {
	out := make([]Suggestion, 0, len(all))
	for _, sg := range all {
		span := textunits.Span{Start: sg.Start, End: sg.End}
		coded := false
		for _, a := range r.Annotations {
			if slices.Contains(a.TagIDs, sg.TagID) && covers(span, textunits.Span{Start: a.Start, End: a.End}) {
				coded = true
				break
			}
		}
		if coded {
			continue
		}
		rejected := false
		for _, rej := range r.Rejections {
			if rej.TagID == sg.TagID && sameText(rej.Exact, sg.Exact) {
				rejected = true
				break
			}
		}
		if !rejected {
			out = append(out, sg)
		}
	}
	return out
}

// candidates scores every sentence of the article for the tags, whatever the analyst
// coded or rejected there: the open article is asked for again after every change, and
// only that differs (the model caches this list).
func (m *Model) candidates(r Request, tags []int) []Suggestion {
	text := []rune(r.Article.Text)
	units := sentenceUnits(0, text)
	// Phrase hits over the whole text, assigned to the sentences they lie in.
	all := tokenize(text, 0)
	phraseAt := map[int][]phraseHit{} // unit → hits
	for _, h := range m.matcher.find(all) {
		hs := textunits.Span{Start: all[h.from].start, End: all[h.to-1].end}
		for ui := range units {
			if units[ui].span.Overlap(hs) > 0 {
				phraseAt[ui] = append(phraseAt[ui], h)
			}
		}
	}

	f := newFeaturizer(m.idf, 0, m.params.Groups)
	var out []Suggestion
	var search *searcher
	for ui := range units {
		u := &units[ui]
		var unitTags []int // the tags this sentence is suggested for
		if len(u.toks) < minWords {
			continue
		}
		x := f.vector(u.toks)
		if len(x.Idx) == 0 {
			continue
		}
		exact := string(text[u.span.Start:u.span.End])
		for _, ti := range tags {
			st := &m.tags[ti]
			z := float64(x.Dot(st.model.W) + st.model.B)
			p := sigmoid(z)
			score := sigmoid(st.cal.A*z + st.cal.B)
			minScore := r.MinScore
			if minScore <= 0 {
				minScore = st.cal.Cut
			}
			var pm *PhraseMatch
			for _, h := range phraseAt[ui] {
				if s := h.p.score(ti); s > 0 && (pm == nil || s > pm.Share) {
					pm = &PhraseMatch{Text: h.p.text, Coded: h.p.counts[ti], Share: s}
				}
			}
			if score < minScore {
				continue
			}
			s := Suggestion{ArticleID: r.Article.ID, Start: u.span.Start, End: u.span.End, Exact: exact, TagID: m.tagIDs[ti],
				Score: round3(score), ModelScore: round3(p), Phrase: pm}
			if !r.NoExplain {
				s.Features = m.features(st, u.toks, text, x)
			}
			out = append(out, s)
			unitTags = append(unitTags, ti)
		}
		if r.NoExplain || len(unitTags) == 0 {
			continue
		}
		// The nearest coded passage of each suggested tag, in one walk of the index.
		if search == nil {
			search = m.exemplars.searcher()
		}
		found := search.nearest(x, unitTags)
		for k := range unitTags {
			s := &out[len(out)-len(unitTags)+k]
			s.Nearest = m.neighbour(found[k])
			s.Why = m.why(*s)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Start != out[j].Start {
			return out[i].Start < out[j].Start
		}
		return out[i].Score > out[j].Score
	})
	return out
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// features lists the words (and word pairs) of the sentence that pushed the tag's score
// most: each word's own weight plus those of its character n-grams.
func (m *Model) features(st *TagState, toks []token, text []rune, x Vec) []Feature {
	raw, _ := extract(toks, nil, nil)
	val := make(map[uint32]float32, len(x.Idx))
	for k, i := range x.Idx {
		val[i] = x.Val[k]
	}
	sum := map[string]float64{}
	var order []string
	seen := map[uint32]bool{}
	for _, rf := range raw {
		v, ok := val[rf.idx]
		if !ok || seen[rf.idx] {
			continue
		}
		seen[rf.idx] = true
		t := toks[rf.tok]
		key := string(text[t.start:t.end])
		if rf.group == groupBigram {
			key = string(text[t.start:toks[rf.tok+1].end])
		}
		if _, ok := sum[key]; !ok {
			order = append(order, key)
		}
		sum[key] += float64(st.model.W[rf.idx] * v)
	}
	var out []Feature
	for _, k := range order {
		if w := sum[k]; w > 0.01 {
			out = append(out, Feature{Text: k, Weight: round3(w)})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Weight > out[j].Weight })
	if len(out) > 4 {
		out = out[:4]
	}
	return out
}

// neighbour turns a match into the passage it names.
func (m *Model) neighbour(mt match) *Neighbour {
	if mt.ann < 0 {
		return nil
	}
	a := m.anns[mt.ann]
	return &Neighbour{AnnotationID: a.ID, ArticleID: a.ArticleID, ArticleTitle: a.ArticleTitle, Exact: a.Exact, Note: a.Note,
		Similarity: round3(float64(mt.sim))}
}

// why puts the reasons of a suggestion in one line.
func (m *Model) why(s Suggestion) string {
	var parts []string
	if n := s.Nearest; n != nil {
		p := fmt.Sprintf("like your annotation %s in %s", quoteShort(n.Exact, 60), quoteShort(n.ArticleTitle, 40))
		if n.Note != "" {
			p += fmt.Sprintf(" (note: %s)", quoteShort(n.Note, 50))
		}
		parts = append(parts, p)
	}
	if s.Phrase != nil {
		parts = append(parts, fmt.Sprintf("contains %s, coded %d× with this tag", quoteShort(s.Phrase.Text, 40), s.Phrase.Coded))
	}
	if len(s.Features) > 0 {
		words := make([]string, len(s.Features))
		for i, f := range s.Features {
			words[i] = fmt.Sprintf("%s +%.2f", quoteShort(f.Text, 30), f.Weight)
		}
		parts = append(parts, "words: "+strings.Join(words, ", "))
	}
	return strings.Join(parts, "; ")
}

func quoteShort(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) > n {
		s = string(r[:n-1]) + "…"
	}
	return "“" + s + "”"
}

// SuggestArticle proposes passages of a workspace article: it reads the article, its
// annotations and rejections and the current switches, then calls Suggest.
func (m *Model) SuggestArticle(ws *annotate.Workspace, articleID string, tags []string, minScore float64) ([]Suggestion, error) {
	settings, err := ws.SuggestSettings()
	if err != nil {
		return nil, err
	}
	if settings.Off {
		return nil, ErrSuggestionsOff
	}
	art, err := ws.Article(articleID)
	if err != nil {
		return nil, err
	}
	anns, err := ws.Annotations(articleID)
	if err != nil {
		return nil, err
	}
	rej, err := ws.Rejections(articleID)
	if err != nil {
		return nil, err
	}
	shown := ws.Visibility()
	list := m.Suggest(Request{Article: art, Annotations: anchored(shown.Filter(anns)), Rejections: rej, Settings: settings, Tags: tags, MinScore: minScore})
	session, err := ws.ActiveRecode()
	if err != nil {
		return nil, err
	}
	return m.withoutHidden(ws, shown, m.withoutSelfCheck(list, session, articleID)), nil
}

// withoutHidden keeps blind coding blind for a model trained before it began (the trainer
// catches up a moment later): no explanation quotes a colleague's hidden annotation.
func (m *Model) withoutHidden(ws *annotate.Workspace, shown annotate.Visibility, list []Suggestion) []Suggestion {
	if !shown.Blind {
		return list
	}
	for i, sg := range list {
		if sg.Nearest == nil {
			continue
		}
		if a, err := ws.Annotation(sg.Nearest.AnnotationID); err == nil && !shown.Shows(a) {
			list[i].Nearest = nil
			list[i].Why = m.why(list[i])
		}
	}
	return list
}

// withoutSelfCheck keeps a running self-check blind: nothing is suggested on the units it
// sampled (the analyst codes them again without help), and no explanation quotes an
// annotation it hides (a model trained before the session still knows them).
func (m *Model) withoutSelfCheck(list []Suggestion, s *annotate.RecodeSession, articleID string) []Suggestion {
	if s == nil {
		return list
	}
	units := s.UnitsIn(articleID)
	hidden := make(map[string]bool, len(s.Hidden))
	for _, id := range s.Hidden {
		hidden[id] = true
	}
	out := list[:0]
	for _, sg := range list {
		sampled := false
		for _, u := range units {
			if sg.Start < u.End && u.Start < sg.End {
				sampled = true
				break
			}
		}
		if sampled {
			continue
		}
		if sg.Nearest != nil && hidden[sg.Nearest.AnnotationID] {
			sg.Nearest = nil
			sg.Why = m.why(sg)
		}
		out = append(out, sg)
	}
	return out
}

func anchored(anns []annotate.Annotation) []annotate.Annotation {
	out := anns[:0:0]
	for _, a := range anns {
		if a.State != annotate.Orphaned {
			out = append(out, a)
		}
	}
	return out
}

// CheckUnit verifies that start:end is a sentence of the text that can be suggested, so
// that an annotation marked as accepted from a suggestion really is one.
func CheckUnit(text string, start, end int) error {
	runes := []rune(text)
	for _, sp := range textunits.SentencesOf(runes) {
		if sp.Start == start && sp.End == end {
			if len(tokenize(runes[sp.Start:sp.End], 0)) < minWords {
				return fmt.Errorf("%d:%d is too short a sentence to be suggested", start, end)
			}
			return nil
		}
		if sp.Start > start {
			break
		}
	}
	return fmt.Errorf("%d:%d is not a sentence of the article: suggestions are whole sentences, named as 'gloss suggest' prints them", start, end)
}
