package annotate

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
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
	// Origin is how it came to be: "" (the file does not say: manual), OriginManual or
	// OriginSuggested (accepted from Gloss's suggestions). Anything else is skipped.
	Origin string
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
// incoming one was modified later, never duplicated. An annotation under another id is
// another annotation — two analysts who coded the same passage alike made two — unless
// it is a true copy of one already on the article (the same author, span, tags and
// note), which is counted as unchanged. Articles are matched by id, then SHA-256, then
// URL (normalised as article import does), then origin; a missing article is created
// when the set carries its text. Positions are checked with Locate against the
// workspace's text. Tags are matched by id, then by path (case-insensitively), and
// created when new; existing tags are kept as they are (tags carry no modification time
// to compare).
//
// Every annotation is checked in full before anything is created for it: a skipped
// annotation (reported in MergeReport.Skipped) creates no tag and no article. Articles
// that no annotation of the set refers to are created when the set carries their text.
func (ws *Workspace) MergeAnnotations(set IncomingSet) (MergeReport, error) {
	var rep MergeReport
	label := set.Label
	if label == "" {
		label = "Import of annotations"
	}
	res, err := ws.run(label, "", func(t *Tx) error {
		rep = MergeReport{}
		m := &merger{t: t, rep: &rep, tags: map[string]*plannedTag{}, articles: map[string]*mergeArticle{}, now: t.nowUTC()}
		if err := m.planTags(set.Tags); err != nil {
			return err
		}
		if err := m.planArticles(set.Articles); err != nil {
			return err
		}
		for _, a := range set.Annotations {
			if err := m.annotation(a); err != nil {
				return err
			}
		}
		return m.createUnreferencedArticles(set)
	})
	if err != nil {
		return MergeReport{}, err
	}
	rep.Result = res
	return rep, nil
}

// merger matches an incoming set against the workspace inside the command's transaction.
// Tags and articles are planned first (matched, or checked to be creatable) and created
// only when an annotation that uses them is merged.
type merger struct {
	t        *Tx
	rep      *MergeReport
	now      time.Time
	tags     map[string]*plannedTag   // incoming key → plan
	byPath   map[string]IncomingTag   // lower-cased full path → incoming tag, for ancestors
	articles map[string]*mergeArticle // incoming key → plan
	urls     map[string]string        // normalised article URL → id, built on first use
	origins  map[string]string        // article origin → id, built on first use
}

// plannedTag is an incoming tag: the workspace tag it is (id), or the path to create, or
// why it cannot be used.
type plannedTag struct {
	id    string
	names []string
	why   string
}

// mergeArticle is an incoming article: the workspace article it is (id), or the article
// to create (draft, with its text), or why it cannot be used.
type mergeArticle struct {
	id    string
	draft *Article // to create on first use; id is "" until then
	text  []rune
	why   string
	ready bool // text holds the article's text
	used  bool // an annotation of the set refers to it
	// present holds the annotations the article had before the merge, loaded on first
	// need, to recognise a true copy under another id.
	present []Annotation
	loaded  bool
}

// planTags matches every incoming tag to a workspace tag or checks that its path can be
// created; nothing is created yet.
func (m *merger) planTags(tags []IncomingTag) error {
	cb, err := m.t.Codebook()
	if err != nil {
		return err
	}
	m.byPath = map[string]IncomingTag{}
	for _, in := range tags {
		names := cleanPath(in.Path)
		if key := strings.ToLower(strings.Join(names, PathSeparator)); key != "" {
			if _, seen := m.byPath[key]; !seen {
				m.byPath[key] = in
			}
		}
	}
	for _, in := range tags {
		m.tags[in.Key] = planTag(cb, in)
	}
	return nil
}

func planTag(cb *Codebook, in IncomingTag) *plannedTag {
	if in.ID != "" {
		if _, ok := cb.Tag(strings.ToLower(in.ID)); ok {
			return &plannedTag{id: strings.ToLower(in.ID)}
		}
	}
	names := cleanPath(in.Path)
	if len(names) == 0 {
		return &plannedTag{why: "its tag has no name"}
	}
	// A full path, a unique name or a unique path ending ("Energy attacks" from another
	// tool) finds the workspace's tag; otherwise the path is created from the root.
	if existing, err := cb.Resolve(strings.Join(names, PathSeparator)); err == nil {
		return &plannedTag{id: existing.ID}
	}
	parent := ""
	for i, name := range names {
		if existing, ok := cb.siblingNamed(parent, name, ""); ok {
			parent = existing.ID
			continue
		}
		for _, n := range names[i:] {
			if _, err := validateTagName(n); err != nil {
				return &plannedTag{why: fmt.Sprintf("its tag %q cannot be created: %v", strings.Join(names, PathSeparator), err)}
			}
		}
		return &plannedTag{names: names}
	}
	return &plannedTag{id: parent}
}

func cleanPath(path []string) []string {
	var names []string
	for _, n := range path {
		if n = strings.Join(strings.Fields(n), " "); n != "" {
			names = append(names, n)
		}
	}
	return names
}

// ensureTag returns the workspace id of a planned tag, creating its path (parents first,
// with the id, colour and description the set gives each of them) on first use.
func (m *merger) ensureTag(p *plannedTag) (string, error) {
	if p.id != "" {
		return p.id, nil
	}
	cb, err := m.t.Codebook()
	if err != nil {
		return "", err
	}
	parent := ""
	for i, name := range p.names {
		if existing, ok := cb.siblingNamed(parent, name, ""); ok {
			parent = existing.ID
			continue
		}
		tag := Tag{ID: uuid.NewString(), Name: name, ParentID: parent, Color: Palette[cb.Len()%len(Palette)]}
		if in, ok := m.byPath[strings.ToLower(strings.Join(p.names[:i+1], PathSeparator))]; ok {
			if id := strings.ToLower(in.ID); validUUID(id) {
				if _, taken := cb.Tag(id); !taken {
					tag.ID = id
				}
			}
			if ValidColor(in.Color) {
				tag.Color = strings.ToUpper(in.Color)
			}
			tag.Description = strings.TrimSpace(in.Description)
		}
		if err := m.t.PutTag(tag); err != nil {
			return "", err
		}
		m.rep.TagsCreated++
		if cb, err = m.t.Codebook(); err != nil {
			return "", err
		}
		parent = tag.ID
	}
	p.id = parent
	return parent, nil
}

func validUUID(s string) bool {
	_, err := uuid.Parse(s)
	return err == nil && len(s) == 36
}

// planArticles matches every incoming article; creating one waits until an annotation
// needs it (or the end of the merge, for articles no annotation refers to).
func (m *merger) planArticles(arts []IncomingArticle) error {
	for _, in := range arts {
		ma, err := m.planArticle(in)
		if err != nil {
			return err
		}
		m.articles[in.Key] = ma
	}
	return nil
}

func (m *merger) planArticle(in IncomingArticle) (*mergeArticle, error) {
	name := in.Article.Title
	if name == "" {
		name = in.Key
	}
	if id := strings.ToLower(in.Article.ID); id != "" {
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
		id, err := m.byURL(u)
		if err == nil && id == "" {
			id, err = m.byOrigin(u)
		}
		if err != nil || id != "" {
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
	if id := strings.ToLower(a.ID); validUUID(id) {
		a.ID = id
	} else {
		a.ID = ""
	}
	a.Title = strings.TrimSpace(strings.Join(strings.Fields(a.Title), " "))
	if a.Title == "" {
		a.Title = firstLine(text)
	}
	a.URL = NormalizeURL(a.URL)
	a.SHA256, a.Length, a.Text = hash, CodePoints(text), text
	if a.Version < 1 {
		a.Version = 1
	}
	if a.ImportedAt.IsZero() {
		a.ImportedAt = m.now
	}
	if a.Origin == "" {
		a.Origin = in.Origin
	}
	return &mergeArticle{draft: &a, text: []rune(text), ready: true}, nil
}

// ensureArticle returns the workspace id of a planned article, creating it on first use.
func (m *merger) ensureArticle(ma *mergeArticle) (string, error) {
	if ma.id != "" || ma.draft == nil {
		return ma.id, nil
	}
	a := *ma.draft
	text := a.Text
	a.Text = ""
	if id := m.t.b.Bucket(bByHash).Get([]byte(a.SHA256)); id != nil { // another incoming article with the same text
		ma.id = string(id)
		return ma.id, nil
	}
	if a.ID == "" {
		a.ID = uuid.NewString()
	} else if _, err := m.t.Article(a.ID, false); err == nil {
		a.ID = uuid.NewString()
	}
	if a.URL != "" && m.t.b.Bucket(bByURL).Get(urlKey(a.URL)) != nil {
		a.URL = "" // another article owns it (matched before otherwise)
	}
	if err := m.t.PutText(a.ID, text); err != nil {
		return "", err
	}
	if err := m.t.PutArticle(a); err != nil {
		return "", err
	}
	m.rep.ArticlesCreated++
	ma.id = a.ID
	return a.ID, nil
}

// createUnreferencedArticles creates the articles of the set that no annotation refers
// to and whose text the set carries: the file holds them for themselves.
func (m *merger) createUnreferencedArticles(set IncomingSet) error {
	for _, in := range set.Articles {
		if ma := m.articles[in.Key]; ma != nil && !ma.used && ma.draft != nil {
			if _, err := m.ensureArticle(ma); err != nil {
				return err
			}
		}
	}
	return nil
}

// byURL finds the article whose URL is u once both are normalised like article import
// normalises them (the URL index is keyed by the normalised form).
func (m *merger) byURL(u string) (string, error) {
	return string(m.t.b.Bucket(bByURL).Get(urlKey(u))), nil
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

// annotation merges one incoming annotation. It runs the checks in order — the article,
// the identity, the tags, the note, the origin, the position, a true copy — and only then creates
// the article and tags it needs and writes it. Any check that fails skips it whole.
func (m *merger) annotation(in IncomingAnnotation) error {
	item := in.Item
	if item == "" {
		item = "annotation " + in.ID
	}
	skip := func(why string) error { m.rep.Skip(item, why); return nil }
	ma, why := m.articleOf(in)
	if why != "" {
		return skip(why)
	}
	ma.used = true
	id, existing, exists, why, err := m.identity(in)
	if err != nil || why != "" {
		return errOr(err, skip(why))
	}
	if exists && !in.Modified.After(existing.Modified) {
		m.rep.Unchanged++
		return nil
	}
	tags, why := m.tagsOf(in)
	if why != "" {
		return skip(why)
	}
	if CodePoints(in.Note) > MaxNoteLength {
		return skip(fmt.Sprintf("its note is longer than %d characters", MaxNoteLength))
	}
	if in.Origin != "" && in.Origin != OriginManual && in.Origin != OriginSuggested {
		return skip(fmt.Sprintf("its origin %q is neither %q nor %q", in.Origin, OriginManual, OriginSuggested))
	}
	a, why, err := m.anchor(ma, in)
	if err != nil || why != "" {
		return errOr(err, skip(why))
	}
	a.ID = id
	if !exists && a.State == Anchored && ma.id != "" {
		copyOf, err := m.copyOf(ma, a, tags)
		if err != nil {
			return err
		}
		if copyOf {
			m.rep.Unchanged++
			return nil
		}
	}
	return m.write(ma, a, tags, exists)
}

func errOr(err, other error) error {
	if err != nil {
		return err
	}
	return other
}

// articleOf returns the planned article of an annotation, or why it cannot be used.
func (m *merger) articleOf(in IncomingAnnotation) (*mergeArticle, string) {
	ma := m.articles[in.ArticleKey]
	switch {
	case ma == nil:
		return nil, "it refers to an article that is not in the file"
	case ma.why != "":
		return nil, ma.why
	}
	return ma, ""
}

// identity checks the annotation's id and finds the annotation already under it.
func (m *merger) identity(in IncomingAnnotation) (id string, existing Annotation, exists bool, why string, err error) {
	if !validUUID(in.ID) {
		return "", Annotation{}, false, fmt.Sprintf("its id %q is not a UUID", in.ID), nil
	}
	id = strings.ToLower(in.ID)
	existing, err = m.t.Annotation(id)
	switch {
	case err == nil:
		return id, existing, true, "", nil
	case errors.Is(err, ErrNotFound):
		return id, Annotation{}, false, "", nil
	}
	return "", Annotation{}, false, "", err
}

// tagsOf returns the planned tags of an annotation, without repeats, or why one of them
// cannot be used.
func (m *merger) tagsOf(in IncomingAnnotation) ([]*plannedTag, string) {
	var out []*plannedTag
	seen := map[*plannedTag]bool{}
	for _, key := range in.TagKeys {
		p, ok := m.tags[key]
		switch {
		case !ok:
			return nil, fmt.Sprintf("it refers to tag %s, which is not in the file", key)
		case p.why != "":
			return nil, p.why
		case !seen[p]:
			seen[p] = true
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return nil, "it has no tag (a Gloss annotation needs at least one)"
	}
	return out, ""
}

// anchor finds the annotation's span in the article's text and fills in everything but
// its id and tags; why says why it is skipped (its quote is not found and it may not be
// kept as orphaned).
func (m *merger) anchor(ma *mergeArticle, in IncomingAnnotation) (Annotation, string, error) {
	if !ma.ready {
		art, err := m.t.Article(ma.id, true)
		if err != nil {
			return Annotation{}, "", err
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
		return Annotation{}, "it has no quote (TextQuoteSelector) and no usable position", nil
	}
	a := Annotation{
		Note: strings.TrimSpace(in.Note), Author: strings.TrimSpace(in.Author),
		Created: in.Created.UTC(), Modified: in.Modified.UTC(), Origin: in.Origin,
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
		return a, "", nil
	}
	if !in.KeepOrphan {
		return Annotation{}, fmt.Sprintf("its quote %q is not in the article", shorten(sel.Exact, 60)), nil
	}
	a.Start, a.End = max(0, sel.Start), max(0, sel.End)
	if a.End < a.Start {
		a.End = a.Start
	}
	a.Exact, a.Prefix, a.Suffix, a.State = sel.Exact, sel.Prefix, sel.Suffix, Orphaned
	return a, "", nil
}

// copyOf reports whether the article had, before the merge, a true copy of a (see
// SameCoding) under another id. Tags not created yet cannot be on any annotation.
func (m *merger) copyOf(ma *mergeArticle, a Annotation, tags []*plannedTag) (bool, error) {
	a.ArticleID = ma.id
	for _, p := range tags {
		if p.id == "" {
			return false, nil
		}
		a.TagIDs = append(a.TagIDs, p.id)
	}
	if !ma.loaded {
		anns, err := m.t.AnnotationsOf(ma.id)
		if err != nil {
			return false, err
		}
		ma.present, ma.loaded = anns, true
	}
	for _, b := range ma.present {
		if b.ID != a.ID && SameCoding(a, b) {
			return true, nil
		}
	}
	return false, nil
}

// write creates the article and tags the annotation needs and stores it.
func (m *merger) write(ma *mergeArticle, a Annotation, tags []*plannedTag, exists bool) error {
	var err error
	if a.ArticleID, err = m.ensureArticle(ma); err != nil {
		return err
	}
	for _, p := range tags {
		id, err := m.ensureTag(p)
		if err != nil {
			return err
		}
		if !slices.Contains(a.TagIDs, id) {
			a.TagIDs = append(a.TagIDs, id)
		}
	}
	if err := m.t.PutAnnotation(a); err != nil {
		return err
	}
	if a.State == Orphaned {
		m.rep.Orphaned++
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
