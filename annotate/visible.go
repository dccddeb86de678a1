package annotate

// The workspace's counts and lists as the analyst is shown them. While a team project
// codes blind (Visibility), other coders' annotations are stored and synced but not shown:
// the window and the command line both ask these, so that the article list, the codebook's
// counts, the status bar, statistics and exports leave out the same annotations. Without
// blind coding each one is the plain query.

// VisibleArticles is Articles with each article's count of the annotations shown.
func (ws *Workspace) VisibleArticles() ([]ArticleSummary, error) {
	list, err := ws.Articles()
	if err != nil {
		return list, err
	}
	v := ws.Visibility()
	if !v.Blind {
		return list, nil
	}
	counts := map[string]int{}
	err = ws.EachAnnotation(func(a Annotation) error {
		if v.Shows(a) {
			counts[a.ArticleID]++
		}
		return nil
	})
	for i := range list {
		list[i].Annotations = counts[list[i].ID]
	}
	return list, err
}

// VisibleCounts is Counts of the annotations shown.
func (ws *Workspace) VisibleCounts() (articles, annotations int) {
	articles, annotations = ws.Counts()
	v := ws.Visibility()
	if !v.Blind {
		return articles, annotations
	}
	annotations = 0
	ws.EachAnnotation(func(a Annotation) error {
		if v.Shows(a) {
			annotations++
		}
		return nil
	})
	return articles, annotations
}

// VisibleTagUsage is TagUsage over the annotations shown.
func (ws *Workspace) VisibleTagUsage() (map[string]TagUsage, error) {
	v := ws.Visibility()
	if !v.Blind {
		return ws.TagUsage()
	}
	usage := map[string]TagUsage{}
	articles := map[[2]string]bool{} // tag, article
	err := ws.EachAnnotation(func(a Annotation) error {
		if !v.Shows(a) {
			return nil
		}
		seen := map[string]bool{}
		for _, tag := range a.TagIDs {
			if seen[tag] {
				continue
			}
			seen[tag] = true
			u := usage[tag]
			u.Annotations++
			if k := [2]string{tag, a.ArticleID}; !articles[k] {
				articles[k] = true
				u.Articles++
			}
			usage[tag] = u
		}
		return nil
	})
	return usage, err
}

// VisibleAnnotationIDs narrows ids (nil: every annotation) to the annotations shown; an
// empty result is an empty, non-nil slice. Without blind coding it returns ids as they are.
func (ws *Workspace) VisibleAnnotationIDs(ids []string) ([]string, error) {
	v := ws.Visibility()
	if !v.Blind {
		return ids, nil
	}
	var only map[string]bool
	if ids != nil {
		only = make(map[string]bool, len(ids))
		for _, id := range ids {
			only[id] = true
		}
	}
	out := []string{}
	err := ws.EachAnnotation(func(a Annotation) error {
		if (only == nil || only[a.ID]) && v.Shows(a) {
			out = append(out, a.ID)
		}
		return nil
	})
	return out, err
}
