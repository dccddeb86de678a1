package cli

import (
	"flag"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/suggest"
)

func init() {
	register(&command{
		name: "suggest",
		args: "ARTICLE [--tag T]... [--min-score S] | accept ARTICLE START:END --tag T [--note N] | reject ARTICLE START:END --tag T | " +
			"unreject ARTICLE START:END --tag T | rejected [ARTICLE] | status | on|off [--tag T]... | --evaluate [--folds N]",
		summary: "suggest passages for tags, learnt from this workspace's own annotations; accept or reject them; switch them on or off; cross-validate",
		setup: func(fs *flag.FlagSet) {
			fs.Var(&stringList{}, "tag", "tag name or path (repeatable)")
			fs.Float64("min-score", 0, "suggest sentences scoring at least this (0–1; default: each tag's own cut, learnt from your coding)")
			fs.String("note", "", "accept: a note for the new annotation")
			fs.Bool("evaluate", false, "cross-validate the suggestions on the workspace's coded articles")
			fs.Int("folds", 5, "--evaluate: the number of folds (articles are dealt into them)")
		},
		run: runSuggest,
	})
}

// suggestFlags lists the flags each form of suggest takes.
var suggestFlags = map[string][]string{
	"":         {"tag", "min-score"},
	"evaluate": {"evaluate", "folds"},
	"accept":   {"tag", "note"},
	"reject":   {"tag"},
	"unreject": {"tag"},
	"rejected": {},
	"status":   {},
	"on":       {"tag"},
	"off":      {"tag"},
}

func runSuggest(c *Context, fs *flag.FlagSet, args []string) error {
	sub := ""
	if flagSet(fs, "evaluate") {
		sub = "evaluate"
	} else if len(args) > 0 {
		if _, ok := suggestFlags[args[0]]; ok {
			sub, args = args[0], args[1:]
		}
	}
	var bad []string
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "workspace" || f.Name == "json" {
			return
		}
		for _, ok := range suggestFlags[sub] {
			if f.Name == ok {
				return
			}
		}
		bad = append(bad, "--"+f.Name)
	})
	what := "suggest " + sub
	if sub == "" {
		what = "suggest ARTICLE"
	} else if sub == "evaluate" {
		what = "suggest --evaluate"
	}
	if len(bad) > 0 {
		return usagef("%s does not take %s", what, strings.Join(bad, ", "))
	}
	tags := []string(*fs.Lookup("tag").Value.(*stringList))
	switch sub {
	case "":
		if len(args) != 1 {
			return usagef("suggest takes one article (or accept, reject, unreject, rejected, status, on, off, --evaluate)")
		}
		minScore := fs.Lookup("min-score").Value.(flag.Getter).Get().(float64)
		if flagSet(fs, "min-score") && (minScore <= 0 || minScore > 1) {
			return usagef("--min-score is a score between 0 and 1, not %g", minScore)
		}
		return runSuggestArticle(c, args[0], tags, minScore)
	case "evaluate":
		if len(args) > 0 {
			return usagef("suggest --evaluate takes no arguments")
		}
		folds := flagInt(fs, "folds")
		if folds < 2 || folds > 100 {
			return usagef("--folds is 2 to 100, not %d", folds)
		}
		return runSuggestEvaluate(c, folds)
	case "accept", "reject", "unreject":
		if len(args) != 2 {
			return usagef("suggest %s takes an article and START:END (as 'gloss suggest ARTICLE' prints them)", sub)
		}
		if len(tags) != 1 {
			return usagef("suggest %s needs one --tag", sub)
		}
		start, end, err := parseSpan(args[1])
		if err != nil {
			return err
		}
		return runSuggestDecide(c, sub, args[0], start, end, tags[0], flagString(fs, "note"))
	case "rejected":
		if len(args) > 1 {
			return usagef("suggest rejected takes at most one article")
		}
		return runSuggestRejected(c, args)
	case "status":
		if len(args) > 0 {
			return usagef("suggest status takes no arguments")
		}
		return runSuggestStatus(c)
	case "on", "off":
		if len(args) > 0 {
			return usagef("suggest %s takes no arguments (tags go with --tag)", sub)
		}
		return runSuggestSwitch(c, sub == "on", tags)
	}
	return nil
}

// parseSpan reads "START:END" (code points, as suggest prints them).
func parseSpan(s string) (int, int, error) {
	a, b, ok := strings.Cut(s, ":")
	start, err1 := strconv.Atoi(strings.TrimSpace(a))
	end, err2 := strconv.Atoi(strings.TrimSpace(b))
	if !ok || err1 != nil || err2 != nil || start < 0 || end <= start {
		return 0, 0, usagef("%q is not a span START:END of code points, such as 120:245", s)
	}
	return start, end, nil
}

// trainModel learns a model from the workspace now (the CLI has no background trainer).
func (c *Context) trainModel(ws *annotate.Workspace) (*suggest.Model, error) {
	c.progress("learning from your annotations…")
	defer c.progress("")
	corpus, err := suggest.LoadCorpus(ws)
	if err != nil {
		return nil, err
	}
	return suggest.Train(corpus, suggest.DefaultParams())
}

type suggestionJSON struct {
	Start      int                  `json:"start"`
	End        int                  `json:"end"`
	Exact      string               `json:"exact"`
	Tag        string               `json:"tag"`
	TagPath    string               `json:"tag_path"`
	TagID      string               `json:"tag_id"`
	Score      float64              `json:"score"`
	ModelScore float64              `json:"model_score"`
	Why        string               `json:"why"`
	Nearest    *suggest.Neighbour   `json:"nearest"`
	Phrase     *suggest.PhraseMatch `json:"phrase"`
	Features   []suggest.Feature    `json:"features"`
	Accept     string               `json:"accept"` // the command line that accepts it
}

type notSuggestedJSON struct {
	Tag    string `json:"tag"`
	TagID  string `json:"tag_id"`
	Reason string `json:"reason"`
}

// openArticle opens the workspace and finds the article (by id or prefix) and the
// tags (by name or path) a suggest command names.
func (c *Context) openArticle(ref string, tagRefs []string) (*annotate.Workspace, annotate.Article, *annotate.Codebook, []string, error) {
	ws, err := c.open()
	if err != nil {
		return nil, annotate.Article{}, nil, nil, err
	}
	art, err := ws.ResolveArticle(ref)
	if err != nil {
		return nil, art, nil, nil, err
	}
	cb, err := ws.Codebook()
	if err != nil {
		return nil, art, nil, nil, err
	}
	tagIDs, err := resolveTags(cb, tagRefs)
	return ws, art, cb, tagIDs, err
}

func runSuggestArticle(c *Context, ref string, tagRefs []string, minScore float64) error {
	ws, art, cb, tagIDs, err := c.openArticle(ref, tagRefs)
	if err != nil {
		return err
	}
	settings, err := ws.SuggestSettings()
	if err != nil {
		return err
	}
	if settings.Off {
		return fmt.Errorf("suggestions are switched off for this workspace (turn them on with: gloss suggest on)")
	}
	m, err := c.trainModel(ws)
	if err != nil {
		return err
	}
	list, err := m.SuggestArticle(ws, art.ID, tagIDs, minScore)
	if err != nil {
		return err
	}
	// Say which tags could not be suggested and why: asked-for tags always, others when
	// they are in use but have too few examples.
	var off []notSuggestedJSON
	consider := tagIDs
	if len(consider) == 0 {
		for _, st := range m.Tags() {
			if st.Examples > 0 || !settings.TagOn(st.TagID) {
				consider = append(consider, st.TagID)
			}
		}
	}
	for _, id := range consider {
		if why := m.TagOff(id, settings); why != "" {
			t, _ := cb.Tag(id)
			off = append(off, notSuggestedJSON{Tag: t.Name, TagID: id, Reason: why})
		}
	}
	out := make([]suggestionJSON, 0, len(list))
	for _, s := range list {
		t, _ := cb.Tag(s.TagID)
		out = append(out, suggestionJSON{Start: s.Start, End: s.End, Exact: s.Exact, Tag: t.Name, TagPath: cb.Path(s.TagID), TagID: s.TagID,
			Score: s.Score, ModelScore: s.ModelScore, Why: s.Why, Nearest: s.Nearest, Phrase: s.Phrase, Features: s.Features,
			Accept: fmt.Sprintf("gloss %ssuggest accept %s %d:%d --tag %s", c.workspaceArg(), art.ID, s.Start, s.End, shellWord(cb.Path(s.TagID)))})
	}
	if c.JSON {
		if off == nil {
			off = []notSuggestedJSON{}
		}
		return c.printJSON(map[string]any{"article": art.ID, "suggestions": out, "not_suggested": off})
	}
	for _, o := range off {
		c.Notef("no suggestions for '%s': %s", o.Tag, strings.TrimPrefix(o.Reason, "'"+o.Tag+"' "))
	}
	if len(out) == 0 {
		fmt.Fprintf(c.Stdout, "No suggestions for %s %q.\n", art.ID, art.Title)
		return nil
	}
	for _, s := range out {
		fmt.Fprintf(c.Stdout, "%.2f\t%d:%d\t%s\t%q\n", s.Score, s.Start, s.End, s.TagPath, s.Exact)
		if s.Why != "" {
			fmt.Fprintf(c.Stdout, "\twhy: %s\n", s.Why)
		}
		fmt.Fprintf(c.Stdout, "\taccept: %s\n", s.Accept)
	}
	return nil
}

// workspaceArg is "--workspace DIR " when the run named a workspace, for command lines
// printed to be copied.
func (c *Context) workspaceArg() string {
	if c.WorkspaceDir == "" {
		return ""
	}
	return "--workspace " + shellWord(c.WorkspaceDir) + " "
}

// shellWord quotes a tag path for a copied command line when it needs it.
func shellWord(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r == '-' || r == '_' || r == '/' || r == '.' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z')
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func runSuggestDecide(c *Context, sub, ref string, start, end int, tagRef, note string) error {
	ws, art, cb, tagIDs, err := c.openArticle(ref, []string{tagRef})
	if err != nil {
		return err
	}
	tag, _ := cb.Tag(tagIDs[0])
	if end > annotate.CodePoints(art.Text) {
		return fmt.Errorf("span %d:%d is outside article %s (it has %d characters)", start, end, art.ID, annotate.CodePoints(art.Text))
	}
	exact := annotate.Slice(art.Text, start, end)
	ref2 := annotate.SuggestionRef{ArticleID: art.ID, Start: start, End: end, TagID: tag.ID, Exact: exact, Note: note}
	switch sub {
	case "accept":
		if err := suggest.CheckUnit(art.Text, start, end); err != nil {
			return err
		}
		a, _, err := ws.AcceptSuggestion(ref2)
		if err != nil {
			return err
		}
		if c.JSON {
			return c.printJSON(toAnnotationJSON(a, cb))
		}
		printAnnotation(c, a, cb)
	case "reject":
		if err := suggest.CheckUnit(art.Text, start, end); err != nil {
			return err
		}
		rej, res, err := ws.RejectSuggestion(ref2)
		if err != nil {
			return err
		}
		if c.JSON {
			return c.printJSON(rejectionJSON(rej, cb, res.Label))
		}
		if res.Label == "Nothing changed" {
			fmt.Fprintf(c.Stdout, "Already rejected for '%s': %q\n", tag.Name, rej.Exact)
			return nil
		}
		fmt.Fprintf(c.Stdout, "Rejected for '%s' (not suggested again; learnt from as a counter-example): %q\n", tag.Name, rej.Exact)
	case "unreject":
		key := annotate.RejectionKey(art.ID, tag.ID, exact)
		if _, err := ws.ForgetRejection(key); err != nil {
			return fmt.Errorf("%d:%d was not rejected for '%s' in article %s", start, end, tag.Name, art.ID)
		}
		if c.JSON {
			return c.printJSON(map[string]any{"done": "Forgot a rejected suggestion", "article": art.ID, "start": start, "end": end, "tag": tag.Name})
		}
		fmt.Fprintf(c.Stdout, "No longer rejected for '%s': %q\n", tag.Name, exact)
	}
	return nil
}

func rejectionJSON(r annotate.Rejection, cb *annotate.Codebook, done string) map[string]any {
	name := r.TagID
	if t, ok := cb.Tag(r.TagID); ok {
		name = t.Name
	}
	j := map[string]any{"article": r.ArticleID, "start": r.Start, "end": r.End, "exact": r.Exact, "tag": name,
		"tag_path": cb.Path(r.TagID), "tag_id": r.TagID, "author": r.Author, "created": r.Created}
	if done != "" {
		j["done"] = done
	}
	return j
}

func runSuggestRejected(c *Context, args []string) error {
	ws, err := c.open()
	if err != nil {
		return err
	}
	id := ""
	if len(args) == 1 {
		art, err := ws.ResolveArticle(args[0])
		if err != nil {
			return err
		}
		id = art.ID
	}
	list, err := ws.Rejections(id)
	if err != nil {
		return err
	}
	cb, err := ws.Codebook()
	if err != nil {
		return err
	}
	if c.JSON {
		out := make([]map[string]any, 0, len(list))
		for _, r := range list {
			out = append(out, rejectionJSON(r, cb, ""))
		}
		return c.printJSON(out)
	}
	if len(list) == 0 {
		fmt.Fprintln(c.Stdout, "No rejected suggestions.")
		return nil
	}
	for _, r := range list {
		fmt.Fprintf(c.Stdout, "%s\t%d:%d\t%s\t%q\n", r.ArticleID, r.Start, r.End, cb.Path(r.TagID), r.Exact)
	}
	return nil
}

type tagStateJSON struct {
	Tag      string  `json:"tag"`
	TagPath  string  `json:"tag_path"`
	TagID    string  `json:"tag_id"`
	On       bool    `json:"on"`
	Examples int     `json:"examples"`
	Rejected int     `json:"rejected"`
	Trained  bool    `json:"trained"`
	Cut      float64 `json:"cut"` // the score from which it is suggested
	State    string  `json:"state"`
}

func runSuggestStatus(c *Context) error {
	ws, err := c.open()
	if err != nil {
		return err
	}
	settings, err := ws.SuggestSettings()
	if err != nil {
		return err
	}
	m, err := c.trainModel(ws)
	if err != nil {
		return err
	}
	var rows []tagStateJSON
	for _, st := range m.Tags() {
		row := tagStateJSON{Tag: tagName(m.Codebook, st.TagID), TagPath: m.Codebook.Path(st.TagID), TagID: st.TagID,
			On: settings.TagOn(st.TagID), Examples: st.Examples, Rejected: st.Rejected, Trained: st.Trained, Cut: st.Cut, State: "suggested"}
		if why := m.TagOff(st.TagID, settings); why != "" {
			row.State = why
		}
		rows = append(rows, row)
	}
	articles, sentences := m.Coverage()
	if c.JSON {
		return c.printJSON(map[string]any{"on": !settings.Off, "articles": articles, "sentences": sentences,
			"min_examples": suggest.DefaultMinExamples, "tags": rows})
	}
	state := "on"
	if settings.Off {
		state = "off (gloss suggest on switches them back on)"
	}
	fmt.Fprintf(c.Stdout, "Suggestions are %s. Learnt from %d coded article(s), %d sentence(s); a tag needs %d coded sentences.\n",
		state, articles, sentences, suggest.DefaultMinExamples)
	tw := tabwriter.NewWriter(c.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "tag\tcoded\trejected\tcut\tstate")
	for _, r := range rows {
		cut := "-"
		if r.Trained {
			cut = fmt.Sprintf("%.2f", r.Cut)
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\n", r.TagPath, r.Examples, r.Rejected, cut, r.State)
	}
	return tw.Flush()
}

func tagName(cb *annotate.Codebook, id string) string {
	if t, ok := cb.Tag(id); ok {
		return t.Name
	}
	return id
}

func runSuggestSwitch(c *Context, on bool, tagRefs []string) error {
	ws, err := c.open()
	if err != nil {
		return err
	}
	word := map[bool]string{true: "on", false: "off"}[on]
	if len(tagRefs) == 0 {
		if err := ws.SetSuggestionsOn(on); err != nil {
			return err
		}
		if !c.JSON {
			fmt.Fprintf(c.Stdout, "Suggestions are %s for this workspace.\n", word)
		}
	} else {
		cb, err := ws.Codebook()
		if err != nil {
			return err
		}
		for _, ref := range tagRefs {
			t, err := cb.Resolve(ref)
			if err != nil {
				return err
			}
			if err := ws.SetTagSuggestionsOn(t.ID, on); err != nil {
				return err
			}
			if !c.JSON {
				fmt.Fprintf(c.Stdout, "Suggestions are %s for '%s'.\n", word, cb.Path(t.ID))
			}
		}
	}
	s, err := ws.SuggestSettings()
	if err != nil {
		return err
	}
	if c.JSON {
		tagsOff := []string{}
		cb, _ := ws.Codebook()
		for _, id := range s.TagsOff {
			tagsOff = append(tagsOff, cb.Path(id))
		}
		return c.printJSON(map[string]any{"on": !s.Off, "tags_off": tagsOff})
	}
	if s.Off && len(tagRefs) > 0 {
		c.Notef("suggestions are still off for the whole workspace (gloss suggest on)")
	}
	return nil
}

type evalCountsJSON struct {
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	FN        int     `json:"fn"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

func countsJSON(c suggest.Counts) evalCountsJSON {
	r := func(x float64) float64 { return float64(int(x*1000+0.5)) / 1000 }
	return evalCountsJSON{TP: c.TP, FP: c.FP, FN: c.FN, Precision: r(c.Precision()), Recall: r(c.Recall()), F1: r(c.F1())}
}

func runSuggestEvaluate(c *Context, folds int) error {
	ws, err := c.open()
	if err != nil {
		return err
	}
	corpus, err := suggest.LoadCorpus(ws)
	if err != nil {
		return err
	}
	c.progress(fmt.Sprintf("cross-validating over %d coded articles…", len(corpus.Docs)))
	e, err := suggest.Evaluate(corpus, suggest.EvalOptions{Folds: folds})
	c.progress("")
	if err != nil {
		return err
	}
	cb := corpus.Codebook
	mm, bm := e.MacroF1()
	ratio := 0.0
	if e.Baseline.F1() > 0 {
		ratio = e.Model.F1() / e.Baseline.F1()
	}
	if c.JSON {
		type tagJSON struct {
			Tag      string         `json:"tag"`
			TagPath  string         `json:"tag_path"`
			TagID    string         `json:"tag_id"`
			Gold     int            `json:"gold"`
			Trained  int            `json:"trained_folds"`
			Model    evalCountsJSON `json:"model"`
			Baseline evalCountsJSON `json:"baseline"`
		}
		tags := make([]tagJSON, 0, len(e.Tags))
		for _, t := range e.Tags {
			tags = append(tags, tagJSON{Tag: tagName(cb, t.TagID), TagPath: cb.Path(t.TagID), TagID: t.TagID, Gold: t.Gold, Trained: t.Trained,
				Model: countsJSON(t.Model), Baseline: countsJSON(t.Baseline)})
		}
		r3 := func(x float64) float64 { return float64(int(x*1000+0.5)) / 1000 }
		return c.printJSON(map[string]any{
			"folds": e.Folds, "articles": e.Articles, "sentences": e.Sentences, "cut": "per tag",
			"unit": "sentence", "baseline": "phrase matcher (coded phrases found again word for word, ignoring case)",
			"tags": tags, "micro": map[string]any{"model": countsJSON(e.Model), "baseline": countsJSON(e.Baseline), "f1_ratio": r3(ratio)},
			"macro_f1": map[string]float64{"model": r3(mm), "baseline": r3(bm)},
		})
	}
	fmt.Fprintf(c.Stdout, "%d-fold cross-validation by article over %d coded articles (%d sentences), at sentence level; each tag suggested from its own cut.\n",
		e.Folds, e.Articles, e.Sentences)
	fmt.Fprintln(c.Stdout, "Model: the per-tag linear model Gloss suggests with. Baseline: the phrase matcher (coded phrases found again word for word).")
	tw := tabwriter.NewWriter(c.Stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "tag\tgold\tmodel P\tR\tF1\t\tbaseline P\tR\tF1\t")
	row := func(name string, gold string, m, b suggest.Counts) {
		fmt.Fprintf(tw, "%s\t%s\t%.2f\t%.2f\t%.2f\t\t%.2f\t%.2f\t%.2f\t\n", name, gold, m.Precision(), m.Recall(), m.F1(), b.Precision(), b.Recall(), b.F1())
	}
	for _, t := range e.Tags {
		name := cb.Path(t.TagID)
		if t.Trained < e.Folds {
			name += fmt.Sprintf(" (model in %d of %d folds)", t.Trained, e.Folds)
		}
		row(name, strconv.Itoa(t.Gold), t.Model, t.Baseline)
	}
	row("all tags (micro)", "", e.Model, e.Baseline)
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(c.Stdout, "Macro F1: model %.3f, baseline %.3f.", mm, bm)
	if ratio > 0 {
		fmt.Fprintf(c.Stdout, " Micro F1 ratio model/baseline: %.1f×.", ratio)
	}
	fmt.Fprintln(c.Stdout)
	return nil
}
