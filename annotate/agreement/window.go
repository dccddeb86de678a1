package agreement

import (
	"slices"
	"strconv"
	"strings"

	"gloss.app/gloss/annotate"
)

// What the window's pickers and banners read, Fyne-free.

// CoderSummary is one coder of the workspace: an author of annotations or done marks.
type CoderSummary struct {
	Name        string // NoAuthor for annotations that carry no author
	Annotations int    // their annotations, those a self-check hides included
	Articles    int    // articles they coded (an annotation there or a done mark)
}

// Coders lists every coder of the workspace in name order, the consensus author
// included (the coder picker offers them; Options.Consensus decides whether a run
// counts the consensus).
func Coders(ws *annotate.Workspace) ([]CoderSummary, error) {
	byName := map[string]*CoderSummary{}
	coded := map[string]map[string]bool{} // coder → articles
	get := func(name string) *CoderSummary {
		if name == "" {
			name = NoAuthor
		}
		c := byName[name]
		if c == nil {
			c = &CoderSummary{Name: name}
			byName[name] = c
			coded[name] = map[string]bool{}
		}
		return c
	}
	err := ws.ViewAll(func(t *annotate.Tx) error {
		marks, err := t.DoneMarks()
		if err != nil {
			return err
		}
		for _, m := range marks {
			c := get(m.Coder)
			coded[c.Name][m.ArticleID] = true
		}
		return t.EachAnnotationSpan(func(a annotate.AnnotationSpan) error {
			c := get(a.Author)
			c.Annotations++
			coded[c.Name][a.ArticleID] = true
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	out := make([]CoderSummary, 0, len(byName))
	for name, c := range byName {
		c.Articles = len(coded[name])
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b CoderSummary) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// ArticlesWith lists the articles holding at least one of the annotations, in the order
// the store gives them: the selection of `--query` (a search finds annotations;
// agreement compares whole articles). An empty list selects no article.
func ArticlesWith(ws *annotate.Workspace, annotationIDs []string) ([]string, error) {
	want := make(map[string]bool, len(annotationIDs))
	for _, id := range annotationIDs {
		want[id] = true
	}
	seen := map[string]bool{}
	out := []string{}
	err := ws.View(func(t *annotate.Tx) error {
		return t.EachAnnotationSpan(func(a annotate.AnnotationSpan) error {
			if want[a.ID] && !seen[a.ArticleID] {
				seen[a.ArticleID] = true
				out = append(out, a.ArticleID)
			}
			return nil
		})
	})
	return out, err
}

// Matches reports whether two versions of a unit are the same coding of the reviewed
// tags: the same spans with the same reviewed tags (the consensus made by accepting a
// coder's version matches that version).
func (d *Disagreements) Matches(a, b Version) bool {
	return slices.Equal(d.codingKeys(a), d.codingKeys(b))
}

func (d *Disagreements) codingKeys(v Version) []string {
	keys := make([]string, 0, len(v.Annotations))
	for _, a := range v.Annotations {
		var tags []string
		for _, id := range a.TagIDs {
			if slices.Contains(d.TagIDs, id) {
				tags = append(tags, id)
			}
		}
		slices.Sort(tags)
		keys = append(keys, strings.Join(append([]string{strconv.Itoa(a.Start), strconv.Itoa(a.End)}, tags...), ","))
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// RecodeUnitStatus is one sampled unit of a self-check and whether the coder has coded
// it again (highlighted something on it since the session started).
type RecodeUnitStatus struct {
	annotate.RecodeUnit
	Recoded bool
}

// RecodeProgress is how far a running self-check is.
type RecodeProgress struct {
	Units   []RecodeUnitStatus // the session's units, in its order (article, then text)
	Recoded int
}

// RecodeProgressOf reads how many of the session's units the coder has coded again.
func RecodeProgressOf(ws *annotate.Workspace, s *annotate.RecodeSession) (*RecodeProgress, error) {
	_, second, err := ws.RecodeCodings(s)
	if err != nil {
		return nil, err
	}
	byArticle := map[string][]annotate.Annotation{}
	for _, a := range second {
		byArticle[a.ArticleID] = append(byArticle[a.ArticleID], a)
	}
	p := &RecodeProgress{Units: make([]RecodeUnitStatus, len(s.Units))}
	for i, u := range s.Units {
		p.Units[i].RecodeUnit = u
		for _, a := range byArticle[u.ArticleID] {
			if a.Start < u.End && u.Start < a.End {
				p.Units[i].Recoded = true
				p.Recoded++
				break
			}
		}
	}
	return p, nil
}
