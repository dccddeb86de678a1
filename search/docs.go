package search

import (
	"strings"

	"gloss.app/gloss/annotate"
)

// Documents are derived from the store only: nothing in the index is the only copy.
// Nothing is stored in the index (hits are read back from the store), so a document is
// only what must be searched, sorted or counted.

func monthKey(a annotate.Article) string {
	if a.Published.IsZero() {
		return ""
	}
	return a.Published.UTC().Format("2006-01")
}

// langKeys indexes a BCP 47 tag and its primary language ("uk-UA" → uk-ua, uk).
func langKeys(tag string) []string {
	tag = strings.ToLower(strings.TrimSpace(strings.ReplaceAll(tag, "_", "-")))
	if tag == "" {
		return nil
	}
	keys := []string{tag}
	if i := strings.IndexByte(tag, '-'); i > 0 {
		keys = append(keys, tag[:i])
	}
	return keys
}

// articleFields are the article's fields copied into both kinds of document.
func articleFields(d map[string]interface{}, a annotate.Article) []string {
	var facets []string
	if a.Source != "" {
		d[fSource] = a.Source
		facets = append(facets, "s:"+a.Source)
	}
	if a.URL != "" {
		d[fURL] = strings.ToLower(a.URL)
	}
	if l := langKeys(a.Language); l != nil {
		d[fLang] = l
	}
	if !a.Published.IsZero() {
		d[fPublished] = a.Published.UTC()
		facets = append(facets, "m:"+monthKey(a))
	}
	return facets
}

// articleDoc is the document of an article: its words and metadata.
func articleDoc(a annotate.Article) map[string]interface{} {
	d := map[string]interface{}{
		fKind:    kindArticle,
		fArticle: a.ID,
		fTitle:   a.Title,
		fBody:    a.Text,
		fCreated: a.ImportedAt.UTC(),
	}
	facets := articleFields(d, a)
	if a.Author != "" {
		d[fAuthor] = a.Author
		facets = append(facets, "a:"+a.Author)
	}
	if len(facets) > 0 {
		d[fFacet] = facets
	}
	return d
}

// annotationDoc is the document of an annotation, with its tags (and their ancestors,
// so that a tag finds its children) and its article's metadata copied in.
func annotationDoc(a annotate.Annotation, art annotate.Article, cb *annotate.Codebook) map[string]interface{} {
	d := map[string]interface{}{
		fKind:         kindAnnotation,
		fArticle:      a.ArticleID,
		fQuote:        a.Exact,
		fArticleTitle: art.Title,
		fCreated:      a.Created.UTC(),
		fModified:     a.Modified.UTC(),
		fState:        string(a.State),
	}
	if a.Note != "" {
		d[fNote] = a.Note
		d[fHas] = "note"
	}
	facets := articleFields(d, art)
	if a.Author != "" {
		d[fAuthor] = a.Author
		facets = append(facets, "a:"+a.Author)
	}
	ids, names := tagTerms(a.TagIDs, cb)
	if len(ids) > 0 {
		d[fTags] = ids
		d[fTagNames] = names
		for _, id := range ids {
			facets = append(facets, "t:"+tagFacetKey(id))
		}
	}
	d[fFacet] = facets
	return d
}

// tagTerms returns the ids of the tags and of all their ancestors, and the lower-case
// names and paths of those tags with every path suffix ("energy attacks/grid", "grid").
func tagTerms(tagIDs []string, cb *annotate.Codebook) (ids, names []string) {
	seenID := map[string]bool{}
	seenName := map[string]bool{}
	addName := func(n string) {
		if !seenName[n] {
			seenName[n] = true
			names = append(names, n)
		}
	}
	for _, id := range tagIDs {
		for cur := id; cur != "" && !seenID[cur]; {
			seenID[cur] = true
			ids = append(ids, cur)
			t, ok := cb.Tag(cur)
			if !ok {
				break
			}
			parts := strings.Split(fold(cb.Path(cur)), annotate.PathSeparator)
			for i := range parts {
				addName(strings.Join(parts[i:], annotate.PathSeparator))
			}
			cur = t.ParentID
		}
	}
	return ids, names
}

// tagFacetKey shortens a tag id for the facet field: facets read every hit's doc values,
// and 12 hex digits instead of a 36-character UUID make that about twice as fast.
// Facet counts are mapped back to tags through the codebook.
func tagFacetKey(id string) string {
	k := strings.ReplaceAll(id, "-", "")
	if len(k) > 12 {
		k = k[:12]
	}
	return k
}
