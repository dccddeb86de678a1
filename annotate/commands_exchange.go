package annotate

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"
	"golang.org/x/text/unicode/norm"
)

// An IncomingSet is an annotation set read from a file (Gloss JSON or W3C Web
// Annotation), ready to be merged into the workspace by MergeAnnotations. The readers of
// package annotate/exchange build it; the matching against the workspace happens here,
// inside one transaction, so that a merge is one undoable step and the index follows.
type IncomingSet struct {
	Label       string // the undo label, e.g. "Import of annotations from set.json"
	Tags        []IncomingTag
	Articles    []IncomingArticle
	Annotations []IncomingAnnotation
}

// IncomingTag is a tag of the file: known by id, else by its full path.
type IncomingTag struct {
	Key         string   // how the file's annotations refer to it
	ID          string   // its id in the file ("" when the file has none)
	Path        []string // names from the root down to the tag
	Color       string
	Description string
}

// IncomingArticle is an article of the file. It is matched to the workspace by ID, then
// SHA256, then URL, then Origin; when nothing matches and Text is set, it is created.
type IncomingArticle struct {
	Key     string  // how the file's annotations refer to it
	Article Article // metadata, as much as the file has (ID, SHA256, URL may be empty)
	Origin  string  // another address the text came from (matched after URL)
	Text    string  // the full text, "" when the file does not carry it
}

// IncomingAnnotation is an annotation of the file.
type IncomingAnnotation struct {
	Item       string   // where it is in the file, for the report: "annotation 3 (id …)"
	ID         string   // a UUID; equal ids are the same annotation
	ArticleKey string   // an IncomingArticle.Key
	Selector   Selector // where it was, in code points, with its quote
	TagKeys    []string // IncomingTag.Key values
	Note       string
	Author     string
	Created    time.Time
	Modified   time.Time
	// KeepOrphan keeps an annotation whose quote is not found as orphaned (Gloss's own
	// annotations are never lost); without it such an annotation is skipped.
	KeepOrphan bool
}

// Skip is an item that was not merged and why.
type Skip struct {
	Item   string `json:"item"`
	Reason string `json:"reason"`
}

// MergeReport says what a merge did.
type MergeReport struct {
	Imported        int    `json:"imported"`  // new annotations
	Updated         int    `json:"updated"`   // annotations replaced by a newer incoming version
	Unchanged       int    `json:"unchanged"` // already there, same or newer
	Skipped         []Skip `json:"skipped"`   // not merged, with the reason
	Orphaned        int    `json:"orphaned"`  // imported or updated, but their quote was not found: kept as orphaned
	ArticlesCreated int    `json:"articles_created"`
	TagsCreated     int    `json:"tags_created"`
	Result          Result `json:"-"`
}

// Skip records an item that was not merged.
func (r *MergeReport) Skip(item, reason string) {
	r.Skipped = append(r.Skipped, Skip{Item: item, Reason: reason})
}

// MergeAnnotations merges an incoming set into the workspace as one command (one undo
// step). Annotations are matched by id: one already present is replaced only when the
// incoming one was modified later, never duplicated. Articles are matched by id, then
// SHA-256, then URL, then origin; a missing article is created when the set carries its
// text. Positions are checked with Locate against the workspace's text. Tags are matched
// by id, then by path (case-insensitively), and created when new; existing tags are
// kept as they are (tags carry no modification time to compare). Items that cannot be
// merged are reported in MergeReport.Skipped and change nothing.
func (ws *Workspace) MergeAnnotations(set IncomingSet) (MergeReport, error) {
	var rep MergeReport
	label := set.Label
	if label == "" {
		label = "Import of annotations"
	}
	res, err := ws.run(label, "", func(t *Tx) error {
		rep = MergeReport{}
		m := merger{t: t, rep: &rep, tags: map[string]string{}, articles: map[string]*mergeArticle{}, now: t.nowUTC()}
		if err := m.resolveTags(set.Tags); err != nil {
			return err
		}
		if err := m.resolveArticles(set.Articles); err != nil {
			return err
		}
		for _, a := range set.Annotations {
			if err := m.annotation(a); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return MergeReport{}, err
	}
	rep.Result = res
	return rep, nil
}

type merger struct {
	t        *Tx
	rep      *MergeReport
	now      time.Time
	tags     map[string]string // incoming key → workspace tag id ("" when unusable)
	tagWhy   map[string]string // incoming key → why it is unusable
	articles map[string]*mergeArticle
	origins  map[string]string // article origin → id, built on first use
}

type mergeArticle struct {
	id    string
	text  []rune
	why   string // why the article is unusable ("" when usable)
	ready bool
	// present holds the article's annotations (loaded on first need, grown by the
	// import) to recognise an incoming copy under another id.
	present []Annotation
	loaded  bool
}

// hasCopy reports whether the article already has an annotation of the same span, tags
// and note as a (an export of the same passages from a colleague's workspace, where the
// annotations got ids of their own).
func (ma *mergeArticle) hasCopy(t *Tx, a Annotation) (bool, error) {
	if !ma.loaded {
		anns, err := t.AnnotationsOf(ma.id)
		if err != nil {
			return false, err
		}
		ma.present, ma.loaded = anns, true
	}
	for _, b := range ma.present {
		if b.ID != a.ID && b.Start == a.Start && b.End == a.End && b.Note == a.Note && sameTagSet(a.TagIDs, b.TagIDs) {
			return true, nil
		}
	}
	return false, nil
}

func sameTagSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	in := make(map[string]bool, len(a))
	for _, id := range a {
		in[id] = true
	}
	for _, id := range b {
		if !in[id] {
			return false
		}
	}
	return true
}

// resolveTags maps every incoming tag to a workspace tag, creating the missing ones
// parents first.
func (m *merger) resolveTags(tags []IncomingTag) error {
	m.tagWhy = map[string]string{}
	sorted := append([]IncomingTag(nil), tags...)
	sort.SliceStable(sorted, func(i, j int) bool { return len(sorted[i].Path) < len(sorted[j].Path) })
	for _, in := range sorted {
		id, why, err := m.resolveTag(in)
		if err != nil {
			return err
		}
		m.tags[in.Key] = id
		if why != "" {
			m.tagWhy[in.Key] = why
		}
	}
	return nil
}

func (m *merger) resolveTag(in IncomingTag) (string, string, error) {
	cb, err := m.t.Codebook()
	if err != nil {
		return "", "", err
	}
	if in.ID != "" {
		if _, ok := cb.Tag(in.ID); ok {
			return in.ID, "", nil
		}
	}
	var names []string
	for _, n := range in.Path {
		if n = strings.Join(strings.Fields(n), " "); n != "" {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return "", "the tag has no name", nil
	}
	// A full path, a unique name or a unique path ending ("Energy attacks" from another
	// tool) finds the workspace's tag; otherwise the path is created from the root.
	if existing, err := cb.Resolve(strings.Join(names, PathSeparator)); err == nil {
		return existing.ID, "", nil
	}
	parent := ""
	for i, name := range names {
		if existing, ok := cb.siblingNamed(parent, name, ""); ok {
			parent = existing.ID
			continue
		}
		name, err := validateTagName(name)
		if err != nil {
			return "", fmt.Sprintf("tag %q: %v", strings.Join(names, PathSeparator), err), nil
		}
		tag := Tag{ID: uuid.NewString(), Name: name, ParentID: parent, Color: Palette[cb.Len()%len(Palette)]}
		if i == len(names)-1 {
			if in.ID != "" && validUUID(in.ID) {
				tag.ID = strings.ToLower(in.ID)
			}
			if ValidColor(in.Color) {
				tag.Color = strings.ToUpper(in.Color)
			}
			tag.Description = strings.TrimSpace(in.Description)
		}
		if err := m.t.PutTag(tag); err != nil {
			return "", "", err
		}
		m.rep.TagsCreated++
		if cb, err = m.t.Codebook(); err != nil {
			return "", "", err
		}
		parent = tag.ID
	}
	return parent, "", nil
}

func validUUID(s string) bool {
	_, err := uuid.Parse(s)
	return err == nil && len(s) == 36
}

// resolveArticles matches every incoming article; creating one waits until an
// annotation needs it or the set carries its text.
func (m *merger) resolveArticles(arts []IncomingArticle) error {
	for _, in := range arts {
		ma, err := m.resolveArticle(in)
		if err != nil {
			return err
		}
		m.articles[in.Key] = ma
	}
	return nil
}

func (m *merger) resolveArticle(in IncomingArticle) (*mergeArticle, error) {
	name := in.Article.Title
	if name == "" {
		name = in.Key
	}
	if id := in.Article.ID; id != "" {
		if _, err := m.t.Article(id, false); err == nil {
			return &mergeArticle{id: id}, nil
		}
	}
	if h := in.Article.SHA256; h != "" {
		if id := m.t.b.Bucket(bByHash).Get([]byte(strings.ToLower(h))); id != nil {
			return &mergeArticle{id: string(id)}, nil
		}
	}
	for _, u := range []string{in.Article.URL, in.Origin} {
		if u == "" {
			continue
		}
		if id := m.t.b.Bucket(bByURL).Get([]byte(u)); id != nil {
			return &mergeArticle{id: string(id)}, nil
		}
		if id, err := m.byOrigin(u); err != nil || id != "" {
			return &mergeArticle{id: id}, err
		}
	}
	if in.Text == "" {
		return &mergeArticle{why: fmt.Sprintf("article %q is not in the workspace and the file does not carry its text", name)}, nil
	}
	text, err := Canonicalize(in.Text)
	if err != nil {
		return &mergeArticle{why: fmt.Sprintf("article %q: %v", name, err)}, nil
	}
	if len(text) > MaxTextBytes {
		return &mergeArticle{why: fmt.Sprintf("article %q: the text is larger than %d MB", name, MaxTextBytes>>20)}, nil
	}
	hash := TextHash(text)
	if in.Article.SHA256 != "" && !strings.EqualFold(in.Article.SHA256, hash) {
		return &mergeArticle{why: fmt.Sprintf("article %q: its text does not match its SHA-256 (damaged file?)", name)}, nil
	}
	if id := m.t.b.Bucket(bByHash).Get([]byte(hash)); id != nil {
		return &mergeArticle{id: string(id)}, nil
	}
	a := in.Article
	if !validUUID(a.ID) {
		a.ID = uuid.NewString()
	}
	a.ID = strings.ToLower(a.ID)
	a.Title = strings.TrimSpace(strings.Join(strings.Fields(a.Title), " "))
	if a.Title == "" {
		a.Title = firstLine(text)
	}
	if a.URL != "" && m.t.b.Bucket(bByURL).Get([]byte(a.URL)) != nil {
		a.URL = "" // another article owns it (matched above otherwise)
	}
	a.SHA256, a.Length, a.Text = hash, CodePoints(text), ""
	if a.Version < 1 {
		a.Version = 1
	}
	if a.ImportedAt.IsZero() {
		a.ImportedAt = m.now
	}
	if a.Origin == "" {
		a.Origin = in.Origin
	}
	if err := m.t.PutText(a.ID, text); err != nil {
		return nil, err
	}
	if err := m.t.PutArticle(a); err != nil {
		return nil, err
	}
	m.rep.ArticlesCreated++
	return &mergeArticle{id: a.ID, text: []rune(text), ready: true}, nil
}

// byOrigin finds an article whose origin (the file or address it was read from) is u.
func (m *merger) byOrigin(u string) (string, error) {
	if m.origins == nil {
		m.origins = map[string]string{}
		err := m.t.EachArticle(func(a Article) error {
			if a.Origin != "" {
				m.origins[a.Origin] = a.ID
			}
			return nil
		})
		if err != nil {
			return "", err
		}
	}
	return m.origins[u], nil
}

func (m *merger) annotation(in IncomingAnnotation) error {
	item := in.Item
	if item == "" {
		item = "annotation " + in.ID
	}
	ma := m.articles[in.ArticleKey]
	switch {
	case ma == nil:
		m.rep.Skip(item, "it refers to an article that is not in the file")
		return nil
	case ma.why != "":
		m.rep.Skip(item, ma.why)
		return nil
	}
	if !validUUID(in.ID) {
		m.rep.Skip(item, fmt.Sprintf("its id %q is not a UUID", in.ID))
		return nil
	}
	id := strings.ToLower(in.ID)
	existing, err := m.t.Annotation(id)
	exists := err == nil
	if exists {
		if !in.Modified.After(existing.Modified) {
			m.rep.Unchanged++
			return nil
		}
	}
	var tagIDs []string
	seen := map[string]bool{}
	for _, key := range in.TagKeys {
		tid, ok := m.tags[key]
		if !ok {
			m.rep.Skip(item, fmt.Sprintf("it refers to tag %s, which is not in the file", key))
			return nil
		}
		if tid == "" {
			m.rep.Skip(item, m.tagWhy[key])
			return nil
		}
		if !seen[tid] {
			seen[tid] = true
			tagIDs = append(tagIDs, tid)
		}
	}
	if len(tagIDs) == 0 {
		m.rep.Skip(item, "it has no tag (a Gloss annotation needs at least one)")
		return nil
	}
	if CodePoints(in.Note) > MaxNoteLength {
		m.rep.Skip(item, fmt.Sprintf("its note is longer than %d characters", MaxNoteLength))
		return nil
	}
	if !ma.ready {
		art, err := m.t.Article(ma.id, true)
		if err != nil {
			return err
		}
		ma.text, ma.ready = []rune(art.Text), true
	}
	sel := in.Selector
	sel.Exact, sel.Prefix, sel.Suffix = normalizeQuote(sel.Exact), normalizeQuote(sel.Prefix), normalizeQuote(sel.Suffix)
	if sel.Exact == "" && sel.Start >= 0 && sel.End > sel.Start && sel.End <= len(ma.text) {
		// Only a position: take the quote from the text.
		sel.Exact, sel.Prefix, sel.Suffix = Quote(ma.text, sel.Start, sel.End)
	}
	if sel.Exact == "" {
		m.rep.Skip(item, "it has no quote (TextQuoteSelector) and no usable position")
		return nil
	}
	a := Annotation{
		ID: id, ArticleID: ma.id, TagIDs: tagIDs, Note: strings.TrimSpace(in.Note), Author: strings.TrimSpace(in.Author),
		Created: in.Created.UTC(), Modified: in.Modified.UTC(),
	}
	if a.Created.IsZero() {
		a.Created = m.now
	}
	if a.Modified.IsZero() || a.Modified.Before(a.Created) {
		a.Modified = a.Created
	}
	at := Locate(ma.text, sel)
	if at.Found() {
		a.Start, a.End = at.Start, at.End
		a.Exact, a.Prefix, a.Suffix = Quote(ma.text, at.Start, at.End)
		a.State = Anchored
	} else {
		if !in.KeepOrphan {
			m.rep.Skip(item, fmt.Sprintf("its quote %q is not in the article", shorten(sel.Exact, 60)))
			return nil
		}
		a.Start, a.End = max(0, sel.Start), max(0, sel.End)
		if a.End < a.Start {
			a.End = a.Start
		}
		a.Exact, a.Prefix, a.Suffix, a.State = sel.Exact, sel.Prefix, sel.Suffix, Orphaned
		m.rep.Orphaned++
	}
	if !exists && a.State == Anchored {
		dup, err := ma.hasCopy(m.t, a)
		if err != nil {
			return err
		}
		if dup {
			m.rep.Unchanged++
			return nil
		}
	}
	if err := m.t.PutAnnotation(a); err != nil {
		return err
	}
	if ma.loaded {
		ma.present = append(ma.present, a)
	}
	if exists {
		m.rep.Updated++
	} else {
		m.rep.Imported++
	}
	return nil
}

// normalizeQuote brings a quote from another tool to the canonical form of texts (NFC,
// "\n" line endings) without trimming it: its spaces belong to the span.
func normalizeQuote(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return norm.NFC.String(s)
}

// EachArticle calls fn for every article of the transaction's snapshot (without text),
// in id order.
func (t *Tx) EachArticle(fn func(Article) error) error {
	return t.b.Bucket(bArticles).ForEach(func(k, v []byte) error {
		var a Article
		if err := json.Unmarshal(v, &a); err != nil {
			return fmt.Errorf("read article %s: %w", k, err)
		}
		return fn(a)
	})
}

// Text returns an article's canonical text.
func (t *Tx) Text(id string) string { return string(t.b.Bucket(bTexts).Get([]byte(id))) }
