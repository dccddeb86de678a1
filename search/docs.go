package search

import (
	"encoding/binary"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
	"gloss.app/gloss/annotate"
)

// Documents are derived from the store only: nothing in the index is the only copy, and
// nothing is stored in it (hits are read back from the store). A document is what must be
// searched or counted, built directly as bleve fields (no mapping of Go values):
//
//   - annotation: quote and note (stems with positions, and the words as written), its
//     article's id, its tags (and their ancestors), source, author and month as facet
//     terms, whether it is orphaned, has a note and its language as attributes, created, modified and
//     published as dates, and its team coder (blind coding, see blind.go);
//   - article: title and body (stems and words as written), its id, URL, source, author,
//     month, language, published and imported (as created).
//
// Tag names, sources and authors are not words of the documents: queries resolve them
// against the codebook and the facet values (compile.go), so renaming a tag changes no
// document. The article title and URL are not copied into annotations: title: and url:
// reach an article's annotations through its id (a join, see compile.go).

// field is a bleve field analysed when it is built.
type field struct {
	name   string
	length int
	freqs  index.TokenFrequencies
	opts   index.FieldIndexingOptions
	plain  uint64
}

func (f *field) Name() string                                     { return f.name }
func (f *field) ArrayPositions() []uint64                         { return nil }
func (f *field) Options() index.FieldIndexingOptions              { return f.opts }
func (f *field) Analyze()                                         {}
func (f *field) Value() []byte                                    { return nil }
func (f *field) NumPlainTextBytes() uint64                        { return f.plain }
func (f *field) EncodedFieldType() byte                           { return 't' }
func (f *field) AnalyzedLength() int                              { return f.length }
func (f *field) AnalyzedTokenFrequencies() index.TokenFrequencies { return f.freqs }
func (f *field) Size() int {
	n := 64 + len(f.name)
	for t, tf := range f.freqs {
		n += 48 + len(t) + 40*len(tf.Locations)
	}
	return n
}

// textFields analyses text into its stems (with positions, for phrases) and, for prefixes,
// the words as written where that differs from their stem (stations, not station: a
// prefix search looks at both fields, and four words in five are their own stem or a
// stop word). Offsets are left out: fragments are found in the store's text.
// Allocations come in slabs: a rebuild makes millions of these.
func textFields(an *textAnalysis, stemmed, written, text string) (*field, *field) {
	st := &field{name: stemmed, opts: index.IndexField | index.IncludeTermVectors, plain: uint64(len(text))}
	wr := &field{name: written, opts: index.IndexField}
	// Terms are found by their numbers in the analysis' slots, not by a map per token.
	var locs []index.TokenLocation
	var freqs []index.TokenFreq
	var stems, writtens []*index.TokenFreq
	var stemKeys, writtenKeys []string
	var stemIDs, writtenIDs []int32
	entry := func(slots *[]int32, id int32, list *[]*index.TokenFreq, keys *[]string, ids *[]int32, key string, b []byte) *index.TokenFreq {
		if int(id) >= len(*slots) {
			*slots = append(*slots, make([]int32, int(id)+1-len(*slots)+1024)...)
		}
		k := (*slots)[id]
		if k == 0 {
			if len(freqs) == cap(freqs) {
				freqs = make([]index.TokenFreq, 0, 64)
			}
			freqs = append(freqs, index.TokenFreq{Term: b})
			*list = append(*list, &freqs[len(freqs)-1])
			*keys = append(*keys, key)
			*ids = append(*ids, id)
			k = int32(len(*list))
			(*slots)[id] = k
		}
		tf := (*list)[k-1]
		tf.SetFrequency(tf.Frequency() + 1)
		return tf
	}
	an.each([]byte(text), func(pos, _, _ int, f wordForms) {
		if f.stem == "" {
			return // a stop word: its position stays a gap
		}
		if f.written != f.stem {
			entry(&an.writtenSlot, f.writtenID, &writtens, &writtenKeys, &writtenIDs, f.written, f.writtenB)
			wr.length++
		}
		if len(locs) == cap(locs) {
			locs = make([]index.TokenLocation, 0, 128)
		}
		locs = append(locs, index.TokenLocation{Position: pos})
		tf := entry(&an.stemSlot, f.stemID, &stems, &stemKeys, &stemIDs, f.stem, f.stemB)
		tf.Locations = append(tf.Locations, &locs[len(locs)-1])
		st.length++
	})
	st.freqs = make(index.TokenFrequencies, len(stems))
	for i, tf := range stems {
		st.freqs[stemKeys[i]] = tf
	}
	wr.freqs = make(index.TokenFrequencies, len(writtens))
	for i, tf := range writtens {
		wr.freqs[writtenKeys[i]] = tf
	}
	// Clear the slots used.
	for _, id := range stemIDs {
		an.stemSlot[id] = 0
	}
	for _, id := range writtenIDs {
		an.writtenSlot[id] = 0
	}
	return st, wr
}

func addTerm(freqs index.TokenFrequencies, term string) *index.TokenFreq {
	tf, ok := freqs[term]
	if !ok {
		tf = &index.TokenFreq{Term: []byte(term)}
		freqs[term] = tf
	}
	tf.SetFrequency(tf.Frequency() + 1)
	return tf
}

// keywordField indexes each value as one term.
func keywordField(name string, values ...string) *field {
	f := &field{name: name, freqs: make(index.TokenFrequencies, len(values)), opts: index.IndexField}
	for _, v := range values {
		if v != "" {
			addTerm(f.freqs, v)
			f.length++
		}
	}
	return f
}

// Date terms: a letter for the date and its Unix nanoseconds, big-endian with the sign
// bit flipped (so that the terms sort by date).
const (
	dateCreated   = 'c'
	datePublished = 'p'
	dateModified  = 'd'
	dateTermLen   = 10
)

func dateTerm(which byte, t time.Time) string {
	b := make([]byte, dateTermLen)
	b[0], b[1] = '#', which
	binary.BigEndian.PutUint64(b[2:], uint64(t.UnixNano())^(1<<63))
	return string(b)
}

// parseDateTerm reads a date term; ok is false for other terms.
func parseDateTerm(term []byte) (which byte, nanos int64, ok bool) {
	if len(term) != dateTermLen || term[0] != '#' {
		return 0, 0, false
	}
	return term[1], int64(binary.BigEndian.Uint64(term[2:]) ^ (1 << 63)), true
}

func monthKey(a annotate.Article) string {
	if a.Published.IsZero() {
		return ""
	}
	return a.Published.UTC().Format("2006-01")
}

// langKeys are the attribute terms of a BCP 47 tag and its primary language
// ("uk-UA" → l:uk-ua, l:uk).
func langKeys(tag string) []string {
	tag = strings.ToLower(strings.TrimSpace(strings.ReplaceAll(tag, "_", "-")))
	if tag == "" {
		return nil
	}
	keys := []string{"l:" + tag}
	if i := strings.IndexByte(tag, '-'); i > 0 {
		keys = append(keys, "l:"+tag[:i])
	}
	return keys
}

// articleFacets are the facet terms an article gives its own document and its annotations.
func articleFacets(a annotate.Article) []string {
	var out []string
	if a.Source != "" {
		out = append(out, "s:"+a.Source)
	}
	if m := monthKey(a); m != "" {
		out = append(out, "m:"+m)
	}
	return out
}

// articleDoc is the document of an article.
func articleDoc(an *textAnalysis, a annotate.Article) *document.Document {
	d := document.NewDocument(a.ID)
	title, titleW := textFields(an, fTitle, fTitleW, a.Title)
	body, bodyW := textFields(an, fBody, fBodyW, a.Text)
	d.AddField(title)
	d.AddField(titleW)
	d.AddField(body)
	d.AddField(bodyW)
	d.AddField(keywordField(fArticle, a.ID))
	if a.URL != "" {
		d.AddField(keywordField(fURL, strings.ToLower(a.URL)))
	}
	facets := articleFacets(a)
	if a.Author != "" {
		facets = append(facets, "a:"+a.Author)
	}
	d.AddField(keywordField(fFacet, facets...))
	if l := langKeys(a.Language); l != nil {
		d.AddField(keywordField(fAttr, l...))
	}
	dates := []string{dateTerm(dateCreated, a.ImportedAt)}
	if !a.Published.IsZero() {
		dates = append(dates, dateTerm(datePublished, a.Published))
	}
	d.AddField(keywordField(fDates, dates...))
	return d
}

// annotationDoc is the document of an annotation, with its tags (and their ancestors,
// so that a tag finds its children) and its article's facets copied in.
func annotationDoc(an *textAnalysis, a annotate.Annotation, art annotate.Article, cb *annotate.Codebook) *document.Document {
	d := document.NewDocument(a.ID)
	quote, quoteW := textFields(an, fQuote, fQuoteW, a.Exact)
	d.AddField(quote)
	d.AddField(quoteW)
	var attrs []string
	if a.State == annotate.Orphaned {
		attrs = append(attrs, "x:orphaned") // anchored is every other annotation
	}
	if a.Note != "" {
		note, noteW := textFields(an, fNote, fNoteW, a.Note)
		d.AddField(note)
		d.AddField(noteW)
		attrs = append(attrs, "h:note")
	}
	d.AddField(keywordField(fArticle, a.ArticleID))
	if a.Coder != "" {
		d.AddField(keywordField(fCoder, a.Coder)) // blind coding leaves colleagues' annotations out
	}
	facets := articleFacets(art)
	if a.Author != "" {
		facets = append(facets, "a:"+a.Author)
	}
	for _, id := range tagClosure(a.TagIDs, cb) {
		facets = append(facets, tagFacet(id))
	}
	d.AddField(keywordField(fFacet, facets...))
	d.AddField(keywordField(fAttr, append(attrs, langKeys(art.Language)...)...))
	// modified: is only ever asked by the day: its start keeps the terms few (every
	// annotation has its own creation instant, which orders the results).
	dates := []string{dateTerm(dateCreated, a.Created), dateTerm(dateModified, a.Modified.UTC().Truncate(24*time.Hour))}
	if !art.Published.IsZero() {
		dates = append(dates, dateTerm(datePublished, art.Published))
	}
	d.AddField(keywordField(fDates, dates...))
	return d
}

// tagClosure returns the ids of the tags and of all their ancestors.
func tagClosure(tagIDs []string, cb *annotate.Codebook) []string {
	var ids []string
	seen := map[string]bool{}
	for _, id := range tagIDs {
		for cur := id; cur != "" && !seen[cur]; {
			seen[cur] = true
			ids = append(ids, cur)
			t, ok := cb.Tag(cur)
			if !ok {
				break
			}
			cur = t.ParentID
		}
	}
	return ids
}

// tagFacet is the facet term of a tag: "t:" and the tag id shortened to 12 hex digits
// (facets read every hit's terms, and a short key makes that about twice as fast). Facet
// counts are mapped back to tags through the codebook.
func tagFacet(id string) string { return "t:" + tagFacetKey(id) }

func tagFacetKey(id string) string {
	k := strings.ReplaceAll(id, "-", "")
	if len(k) > 12 {
		k = k[:12]
	}
	return k
}
