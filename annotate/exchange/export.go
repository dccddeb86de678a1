package exchange

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"time"

	"gloss.app/gloss/annotate"
)

// Selection is the set to export: the whole workspace (the zero Selection), some articles,
// or some annotations (the hits of a search). Exchange does not search: the caller turns a
// query into annotation ids and records the query in Query.
type Selection struct {
	// ArticleIDs limits the export to these articles (with all their annotations unless
	// AnnotationIDs is set too). Empty means every article.
	ArticleIDs []string
	// AnnotationIDs, when not nil, limits the export to these annotations and the
	// articles they are in. An empty non-nil list exports nothing.
	AnnotationIDs []string
	// Query is the search that produced AnnotationIDs, written into the export's metadata.
	Query string
	// Visible, when set, leaves out the annotations it refuses (blind coding: see
	// annotate.Visibility).
	Visible func(annotate.Annotation) bool
}

// Options tune an export.
type Options struct {
	WithText bool             // Gloss JSON: include every article's full canonical text
	Now      func() time.Time // the export's creation time (tests); time.Now when nil
}

// Stats counts what an export wrote.
type Stats struct {
	Articles    int
	Annotations int
	Tags        int
	Rows        int // CSV rows (one per annotation and tag)
}

// encoder is one format's streaming writer. The export calls begin once, then article
// for each article (in order) and annotation for each of its annotations, then end.
type encoder interface {
	begin(h docHeader, cb *annotate.Codebook) error
	article(a annotate.Article) error
	annotation(art annotate.Article, a annotate.Annotation) error
	end(cb *annotate.Codebook, usedTags []string) error
	stats() Stats
}

// Export writes the selection of ws to w in the format. It reads one consistent snapshot
// of the workspace and streams: memory stays flat however many annotations there are.
func Export(ws *annotate.Workspace, sel Selection, format Format, w io.Writer, opts Options) (Stats, error) {
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	var enc encoder
	switch format {
	case GlossJSON, "":
		enc = newGlossEncoder(bw, opts.WithText)
	case W3C:
		enc = newW3CEncoder(bw)
	case CSV:
		enc = newCSVEncoder(bw)
	default:
		return Stats{}, fmt.Errorf("unknown export format %q", format)
	}
	header := docHeader{
		Format: FormatName, FormatVersion: FormatVersion, AppVersion: AppVersion,
		Created: formatTime(now()), Query: sel.Query, WithText: opts.WithText && (format == GlossJSON || format == ""),
	}
	err := ws.View(func(t *annotate.Tx) error {
		plan, err := planSelection(t, sel)
		if err != nil {
			return err
		}
		cb, err := t.Codebook()
		if err != nil {
			return err
		}
		if err := enc.begin(header, cb); err != nil {
			return err
		}
		// Gloss JSON lists the articles before the annotations: two passes over the plan.
		if g, ok := enc.(*glossEncoder); ok {
			for _, p := range plan {
				a, err := t.Article(p.article, g.withText)
				if err != nil {
					return err
				}
				if err := enc.article(a); err != nil {
					return err
				}
			}
			g.startAnnotations()
		}
		used := map[string]bool{}
		for _, p := range plan {
			art, err := t.Article(p.article, false)
			if err != nil {
				return err
			}
			if _, ok := enc.(*glossEncoder); !ok {
				if err := enc.article(art); err != nil {
					return err
				}
			}
			anns, err := t.AnnotationsOf(p.article)
			if err != nil {
				return err
			}
			for _, a := range anns {
				if p.only != nil && !p.only[a.ID] || sel.Visible != nil && !sel.Visible(a) {
					continue
				}
				for _, id := range a.TagIDs {
					used[id] = true
				}
				if err := enc.annotation(art, a); err != nil {
					return err
				}
			}
		}
		return enc.end(cb, usedWithAncestors(cb, used))
	})
	if err != nil {
		return enc.stats(), fmt.Errorf("export: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return enc.stats(), fmt.Errorf("export: %w", err)
	}
	return enc.stats(), nil
}

// planned is one article of the export and, when only some of its annotations are
// selected, which.
type planned struct {
	article string
	only    map[string]bool
}

// planSelection lists the articles to export in a stable order: the order given, else
// the store's (by id).
func planSelection(t *annotate.Tx, sel Selection) ([]planned, error) {
	var ids []string
	seen := map[string]bool{}
	for _, id := range sel.ArticleIDs {
		if seen[id] {
			continue
		}
		if _, err := t.Article(id, false); err != nil {
			return nil, err
		}
		seen[id] = true
		ids = append(ids, id)
	}
	if sel.AnnotationIDs == nil {
		if len(ids) == 0 {
			err := t.EachArticle(func(a annotate.Article) error {
				ids = append(ids, a.ID)
				return nil
			})
			if err != nil {
				return nil, err
			}
		}
		plan := make([]planned, len(ids))
		for i, id := range ids {
			plan[i] = planned{article: id}
		}
		return plan, nil
	}
	only := map[string]map[string]bool{}
	for _, id := range sel.AnnotationIDs {
		a, err := t.Annotation(id)
		if err != nil {
			return nil, err
		}
		if len(sel.ArticleIDs) > 0 && !seen[a.ArticleID] {
			continue
		}
		if only[a.ArticleID] == nil {
			only[a.ArticleID] = map[string]bool{}
		}
		only[a.ArticleID][id] = true
	}
	if len(ids) == 0 {
		for id := range only {
			ids = append(ids, id)
		}
		slices.Sort(ids)
	}
	var plan []planned
	for _, id := range ids {
		if only[id] != nil {
			plan = append(plan, planned{article: id, only: only[id]})
		}
	}
	return plan, nil
}

// usedWithAncestors returns the used tags and their ancestors in codebook order (parents
// before children), so that paths can be rebuilt from the export alone.
func usedWithAncestors(cb *annotate.Codebook, used map[string]bool) []string {
	all := map[string]bool{}
	for id := range used {
		for tag, ok := cb.Tag(id); ok && !all[tag.ID]; tag, ok = cb.Tag(tag.ParentID) {
			all[tag.ID] = true
		}
	}
	var out []string
	for _, t := range cb.Tags() {
		if all[t.ID] {
			out = append(out, t.ID)
		}
	}
	return out
}
