package cli

import (
	"gloss.app/gloss/annotate"
	"gloss.app/gloss/search"
)

// Blind coding (a team project option) hides other coders' annotations from each
// analyst: the reader (show), the article list's counts, search, statistics and export
// all ask annotate.Visibility.

// visibleCounts makes the article list count only the annotations the analyst sees.
func visibleCounts(ws *annotate.Workspace, list []annotate.ArticleSummary) error {
	v := ws.Visibility()
	if !v.Blind {
		return nil
	}
	counts := map[string]int{}
	err := ws.EachAnnotation(func(a annotate.Annotation) error {
		if v.Shows(a) {
			counts[a.ArticleID]++
		}
		return nil
	})
	for i := range list {
		list[i].Annotations = counts[list[i].ID]
	}
	return err
}

// searchVisible runs a search; while the project codes blind it leaves out the hits of
// annotations the analyst does not see: it fetches the whole result, filters it, and
// pages and counts what is left. Facets, which the index counts over everyone's
// annotations, are not shown then.
func (c *Context) searchVisible(ws *annotate.Workspace, ix *search.Index, req search.Request) (*search.Results, error) {
	v := ws.Visibility()
	if !v.Blind {
		return ix.Search(req)
	}
	all := req
	all.Offset, all.Limit, all.Facets = 0, search.MaxLimit, false
	res, err := ix.Search(all)
	if err != nil {
		return nil, err
	}
	var kept []search.Hit
	for _, h := range res.Hits {
		if h.Kind == search.KindAnnotation {
			a, err := ws.Annotation(h.ID)
			if err != nil || !v.Shows(a) {
				continue
			}
		}
		kept = append(kept, h)
	}
	out := &search.Results{Total: len(kept)}
	limit := req.Limit
	if limit <= 0 {
		limit = search.DefaultLimit
	}
	if req.Offset < len(kept) {
		out.Hits = kept[req.Offset:min(len(kept), req.Offset+limit)]
	}
	if req.Facets {
		c.Notef("the project codes blind: facet counts are not shown")
	}
	return out, nil
}

// visibleIDs narrows a selection of annotation ids (nil: all of them) to those the
// analyst sees; without blind coding it returns ids as they are.
func visibleIDs(ws *annotate.Workspace, ids []string) ([]string, error) {
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
	err := ws.EachAnnotation(func(a annotate.Annotation) error {
		if (only == nil || only[a.ID]) && v.Shows(a) {
			out = append(out, a.ID)
		}
		return nil
	})
	return out, err
}
