package annotate

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"unicode"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"
)

// MaxNoteLength bounds a note, in code points.
const MaxNoteLength = 100_000

// AnnotationDraft describes a new annotation: a code-point span of an article and its tags.
type AnnotationDraft struct {
	ArticleID string
	Start     int // code points, inclusive
	End       int // code points, exclusive
	TagIDs    []string
	Note      string
	Origin    string // "" or OriginManual, OriginSuggested for an accepted suggestion
}

// Annotate creates an annotation over [Start, End) of the article.
func (ws *Workspace) Annotate(d AnnotationDraft) (Annotation, Result, error) {
	var created Annotation
	res, err := ws.runLabelled(func(t *Tx) (string, error) {
		art, err := t.Article(d.ArticleID, true)
		if err != nil {
			return "", err
		}
		text := []rune(art.Text)
		switch {
		case d.Start < 0 || d.End > len(text):
			return "", invalidf("span %d–%d is outside the article (it has %d characters)", d.Start, d.End, len(text))
		case d.End <= d.Start:
			return "", invalidf("span %d–%d is empty: the end must come after the start", d.Start, d.End)
		case strings.TrimSpace(string(text[d.Start:d.End])) == "":
			return "", invalidf("span %d–%d holds only white space", d.Start, d.End)
		case splitsCharacter(text, d.Start):
			return "", invalidf("span %d–%d starts inside a character (at a combining mark or emoji modifier)", d.Start, d.End)
		case splitsCharacter(text, d.End):
			return "", invalidf("span %d–%d ends inside a character (before a combining mark or emoji modifier)", d.Start, d.End)
		}
		tagIDs, names, err := checkTags(t, d.TagIDs)
		if err != nil {
			return "", err
		}
		if CodePoints(d.Note) > MaxNoteLength {
			return "", invalidf("the note is longer than %d characters", MaxNoteLength)
		}
		if d.Origin != "" && d.Origin != OriginManual && d.Origin != OriginSuggested {
			return "", invalidf("unknown annotation origin %q (manual or suggested)", d.Origin)
		}
		now := t.nowUTC()
		exact, prefix, suffix := Quote(text, d.Start, d.End)
		created = Annotation{
			ID: uuid.NewString(), ArticleID: art.ID, Start: d.Start, End: d.End,
			Exact: exact, Prefix: prefix, Suffix: suffix, TagIDs: tagIDs,
			Note: strings.TrimSpace(d.Note), Author: t.author(), Created: now, Modified: now, State: Anchored,
			Origin: d.Origin,
		}
		same, err := annotationsAt(t, art.ID, d.Start, d.End)
		if err != nil {
			return "", err
		}
		hidden := t.b.Bucket(bRecodeHidden) // a self-check hides the coder's first coding: coding it again is the point
		for _, b := range same {
			if SameCoding(created, b) && (hidden == nil || hidden.Get([]byte(b.ID)) == nil) {
				return "", &DuplicateAnnotationError{ExistingID: b.ID, Author: b.Author}
			}
		}
		return fmt.Sprintf("Tagged %s %s", quoteNames(names), place(art, exact)), t.PutAnnotation(created)
	})
	return created, res, err
}

// annotationsAt returns the article's annotations of exactly the span [start, end). It
// decodes only the annotations whose stored JSON holds that span ("start" and "end" are
// written one after the other), so checking for a duplicate stays cheap on an article
// with thousands of annotations.
func annotationsAt(t *Tx, articleID string, start, end int) ([]Annotation, error) {
	var out []Annotation
	span := []byte(fmt.Sprintf(`"start":%d,"end":%d,`, start, end))
	prefix := []byte(articleID + "\x00")
	c := t.b.Bucket(bByArticle).Cursor()
	anns := t.b.Bucket(bAnnotations)
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		raw := anns.Get(k[len(prefix):])
		if raw == nil || !bytes.Contains(raw, span) {
			continue
		}
		a, err := t.Annotation(string(k[len(prefix):]))
		if err != nil {
			return nil, err
		}
		if a.Start == start && a.End == end {
			out = append(out, a)
		}
	}
	return out, nil
}

// DuplicateAnnotationError refuses an annotation that the same author already made: the
// same span, the same tags and the same note.
type DuplicateAnnotationError struct {
	ExistingID string
	Author     string
}

func (e *DuplicateAnnotationError) Error() string {
	return fmt.Sprintf("%s already made this annotation (the same passage, tags and note): it is %s, nothing was added", e.Author, e.ExistingID)
}

func (e *DuplicateAnnotationError) Unwrap() error { return ErrInvalid }

// SameCoding reports whether two annotations are copies of one another: the same author,
// article, span, tags (in any order) and note. Two analysts' annotations of the same
// passage with the same tags are never copies: each is one coder's work.
func SameCoding(a, b Annotation) bool {
	return a.Author == b.Author && a.ArticleID == b.ArticleID && a.Start == b.Start && a.End == b.End &&
		a.Note == b.Note && sameTagSet(a.TagIDs, b.TagIDs)
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

// place names an annotation for undo labels: the start of its quote and its article,
// as in `on “Repair crews worked…” in 'Grid repairs'`.
func place(art Article, exact string) string {
	return fmt.Sprintf("on “%s” in '%s'", quoteStart(exact, 28), shorten(art.Title, 40))
}

// quoteStart is the beginning of a quote, cut at a word boundary when it is longer than
// n code points.
func quoteStart(exact string, n int) string {
	s := strings.Join(strings.Fields(exact), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := n
	for i := n; i > n/2; i-- {
		if r[i] == ' ' {
			cut = i
			break
		}
	}
	return strings.TrimRight(string(r[:cut]), " ,;:") + "…"
}

// checkTags validates tag ids (at least one, all known, no repeats) and returns their names.
func checkTags(t *Tx, ids []string) ([]string, []string, error) {
	if len(ids) == 0 {
		return nil, nil, invalidf("an annotation needs at least one tag")
	}
	cb, err := t.Codebook()
	if err != nil {
		return nil, nil, err
	}
	var out, names []string
	seen := map[string]bool{}
	for _, id := range ids {
		tag, err := cb.known(id)
		if err != nil {
			return nil, nil, err
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
			names = append(names, tag.Name)
		}
	}
	return out, names, nil
}

func quoteNames(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = "'" + n + "'"
	}
	return strings.Join(q, ", ")
}

// QuoteMatch is where FindQuoteMatch found a quote.
type QuoteMatch struct {
	Start, End int
	// How is MatchExact, MatchTolerant or MatchCase: the first kind of match that finds
	// the quote at all (see Locate).
	How string
	// Occurrences is how many times the quote occurs (with that kind of match).
	Occurrences int
	// Found is the article's text of the span (it differs from the quote unless How is
	// MatchExact).
	Found string
}

// AmbiguousQuoteError: the quote occurs several times and no occurrence was chosen.
type AmbiguousQuoteError struct {
	Quote       string
	ArticleID   string
	Occurrences int
}

func (e *AmbiguousQuoteError) Error() string {
	return fmt.Sprintf("quote %q occurs %d times in article %s: say which occurrence (1 to %d), or give the span",
		shorten(e.Quote, 60), e.Occurrences, e.ArticleID, e.Occurrences)
}

func (e *AmbiguousQuoteError) Unwrap() error { return ErrInvalid }

// FindQuoteMatch finds a quote in the article with the matcher Locate uses: as it is,
// else tolerating typography and white space, else letter case too. occurrence picks
// one (1-based) of several; 0 requires the quote to occur once (else an
// *AmbiguousQuoteError). The quote is canonicalised like the article text first.
func (ws *Workspace) FindQuoteMatch(articleID, quote string, occurrence int) (QuoteMatch, error) {
	if occurrence < 0 {
		return QuoteMatch{}, invalidf("occurrence must be 1 or more, not %d", occurrence)
	}
	q, err := Canonicalize(quote)
	if errors.Is(err, ErrEmptyText) {
		return QuoteMatch{}, invalidf("the quote is empty")
	}
	if err != nil {
		return QuoteMatch{}, invalidf("the quote: %v", err)
	}
	art, err := ws.Article(articleID)
	if err != nil {
		return QuoteMatch{}, err
	}
	text := []rune(art.Text)
	found, how := occurrences(text, q)
	switch {
	case len(found) == 0:
		return QuoteMatch{}, invalidf("quote %q is not in article %s, not even ignoring typography, white space and letter case", shorten(q, 60), art.ID)
	case occurrence == 0 && len(found) > 1:
		return QuoteMatch{}, &AmbiguousQuoteError{Quote: q, ArticleID: art.ID, Occurrences: len(found)}
	case occurrence > len(found):
		return QuoteMatch{}, invalidf("quote %q occurs %d times in article %s, not %d", shorten(q, 60), len(found), art.ID, occurrence)
	}
	sp := found[max(occurrence, 1)-1]
	return QuoteMatch{Start: sp.start, End: sp.end, How: how, Occurrences: len(found), Found: string(text[sp.start:sp.end])}, nil
}

// FindQuote returns the span of the n-th (1-based) occurrence of quote in the article,
// found as FindQuoteMatch finds it.
func (ws *Workspace) FindQuote(articleID, quote string, occurrence int) (start, end int, err error) {
	if occurrence < 1 {
		return 0, 0, invalidf("occurrence must be 1 or more, not %d", occurrence)
	}
	m, err := ws.FindQuoteMatch(articleID, quote, occurrence)
	return m.Start, m.End, err
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// editAnnotation runs a command that changes one annotation. The label edit returns is
// completed with where the annotation is (see place).
func (ws *Workspace) editAnnotation(id string, edit func(t *Tx, a *Annotation) (string, error)) (Result, error) {
	return ws.runLabelled(func(t *Tx) (string, error) {
		a, err := t.Annotation(id)
		if err != nil {
			return "", err
		}
		art, err := t.Article(a.ArticleID, false)
		if err != nil {
			return "", err
		}
		before := a
		before.TagIDs = append([]string(nil), a.TagIDs...)
		label, err := edit(t, &a)
		if err != nil {
			return "", err
		}
		label += " " + place(art, a.Exact)
		if sameAnnotation(before, a) {
			return label, nil // nothing to record: the command reports "Nothing changed"
		}
		a.Modified = t.nowUTC()
		return label, t.PutAnnotation(a)
	})
}

func sameAnnotation(a, b Annotation) bool { return reflect.DeepEqual(a, b) }

// splitsCharacter reports whether offset i of text falls inside a user-perceived
// character: before a combining mark, a variation selector, an emoji skin-tone modifier,
// or next to a zero-width joiner. Highlighting half a character would show garbage.
func splitsCharacter(text []rune, i int) bool {
	if i <= 0 || i >= len(text) {
		return false
	}
	r, prev := text[i], text[i-1]
	switch {
	case unicode.In(r, unicode.Mn, unicode.Me):
		return true
	case r >= 0xFE00 && r <= 0xFE0F, r >= 0xE0100 && r <= 0xE01EF: // variation selectors
		return true
	case r >= 0x1F3FB && r <= 0x1F3FF: // skin tones
		return true
	case r == 0x200D || prev == 0x200D: // zero-width joiner sequences
		return true
	}
	return false
}

// SetAnnotationTags replaces an annotation's tags (at least one).
func (ws *Workspace) SetAnnotationTags(id string, tagIDs []string) (Result, error) {
	return ws.editAnnotation(id, func(t *Tx, a *Annotation) (string, error) {
		ids, names, err := checkTags(t, tagIDs)
		if err != nil {
			return "", err
		}
		a.TagIDs = ids
		return "Set tags " + quoteNames(names), nil
	})
}

// AddAnnotationTag adds one tag to an annotation.
func (ws *Workspace) AddAnnotationTag(id, tagID string) (Result, error) {
	return ws.editAnnotation(id, func(t *Tx, a *Annotation) (string, error) {
		_, names, err := checkTags(t, []string{tagID})
		if err != nil {
			return "", err
		}
		if a.HasTag(tagID) {
			return "", invalidf("the annotation already has the tag '%s'", names[0])
		}
		a.TagIDs = append(a.TagIDs, tagID)
		return "Added tag " + quoteNames(names), nil
	})
}

// RemoveAnnotationTag removes one tag; the last tag cannot be removed (delete the annotation instead).
func (ws *Workspace) RemoveAnnotationTag(id, tagID string) (Result, error) {
	return ws.editAnnotation(id, func(t *Tx, a *Annotation) (string, error) {
		if !a.HasTag(tagID) {
			return "", notFoundf("the annotation does not have tag %s", tagID)
		}
		if len(a.TagIDs) == 1 {
			return "", invalidf("an annotation needs at least one tag: delete the annotation instead")
		}
		cb, _ := t.Codebook()
		name := tagID
		if tag, ok := cb.Tag(tagID); ok {
			name = tag.Name
		}
		a.TagIDs = removeID(a.TagIDs, tagID)
		return fmt.Sprintf("Removed tag '%s'", name), nil
	})
}

func removeID(ids []string, id string) []string {
	out := ids[:0:0]
	for _, x := range ids {
		if x != id {
			out = append(out, x)
		}
	}
	return out
}

// SetAnnotationNote replaces an annotation's note ("" clears it).
func (ws *Workspace) SetAnnotationNote(id, note string) (Result, error) {
	return ws.editAnnotation(id, func(t *Tx, a *Annotation) (string, error) {
		note = strings.TrimSpace(note)
		if CodePoints(note) > MaxNoteLength {
			return "", invalidf("the note is longer than %d characters", MaxNoteLength)
		}
		a.Note = note
		if note == "" {
			return "Cleared note", nil
		}
		return "Edited note", nil
	})
}

// DeleteAnnotation removes an annotation (undoable).
func (ws *Workspace) DeleteAnnotation(id string) (Result, error) {
	return ws.runLabelled(func(t *Tx) (string, error) {
		a, err := t.Annotation(id)
		if err != nil {
			return "", err
		}
		art, err := t.Article(a.ArticleID, false)
		if err != nil {
			return "", err
		}
		return "Deleted annotation " + place(art, a.Exact), t.DeleteAnnotation(id)
	})
}

// AnnotationEdit is a set of changes to one annotation, made by EditAnnotation as one
// undoable step. Tag changes apply in the order SetTags, AddTags, RemoveTags.
type AnnotationEdit struct {
	SetTags    []string // replaces the tags when not nil
	AddTags    []string
	RemoveTags []string
	Note       *string // replaces the note when not nil ("" clears it)
}

// EditAnnotation changes an annotation's tags and note in one undoable step. The
// annotation keeps at least one tag; adding a tag it has or removing one it lacks is an
// error, so that a typo never passes silently.
func (ws *Workspace) EditAnnotation(id string, e AnnotationEdit) (Result, error) {
	return ws.editAnnotation(id, func(t *Tx, a *Annotation) (string, error) {
		cb, err := t.Codebook()
		if err != nil {
			return "", err
		}
		var what []string
		if e.SetTags != nil {
			ids, names, err := checkTags(t, e.SetTags)
			if err != nil {
				return "", err
			}
			a.TagIDs = ids
			what = append(what, "set tags "+quoteNames(names))
		}
		if len(e.AddTags) > 0 {
			ids, names, err := checkTags(t, e.AddTags)
			if err != nil {
				return "", err
			}
			for i, id := range ids {
				if a.HasTag(id) {
					return "", invalidf("the annotation already has the tag '%s'", cb.Path(id))
				}
				a.TagIDs = append(a.TagIDs, ids[i])
			}
			what = append(what, "added "+quoteNames(names))
		}
		if len(e.RemoveTags) > 0 {
			var names []string
			for _, id := range e.RemoveTags {
				if !a.HasTag(id) {
					name := id
					if tag, ok := cb.Tag(id); ok {
						name = cb.Path(tag.ID)
					}
					return "", notFoundf("the annotation does not have the tag '%s'", name)
				}
				a.TagIDs = removeID(a.TagIDs, id)
				if tag, ok := cb.Tag(id); ok {
					names = append(names, tag.Name)
				}
			}
			if len(a.TagIDs) == 0 {
				return "", invalidf("an annotation needs at least one tag: add another or delete the annotation instead")
			}
			what = append(what, "removed "+quoteNames(names))
		}
		if e.Note != nil {
			note := strings.TrimSpace(*e.Note)
			if CodePoints(note) > MaxNoteLength {
				return "", invalidf("the note is longer than %d characters", MaxNoteLength)
			}
			if note == "" {
				what = append(what, "cleared the note")
			} else {
				what = append(what, "edited the note")
			}
			a.Note = note
		}
		if len(what) == 0 {
			return "", invalidf("nothing to change: give tags to set, add or remove, or a note")
		}
		return "Edited annotation (" + strings.Join(what, ", ") + ")", nil
	})
}

// ResolveAnnotation finds an annotation by its id or a unique prefix of it.
func (ws *Workspace) ResolveAnnotation(ref string) (Annotation, error) {
	id, err := ws.resolvePrefix(bAnnotations, "annotation", ref)
	if err != nil {
		return Annotation{}, err
	}
	return ws.Annotation(id)
}

// resolvePrefix finds the one key of bucket that is ref or starts with it; what names
// the kind of thing in errors.
func (ws *Workspace) resolvePrefix(bucket []byte, what, ref string) (string, error) {
	ref = strings.ToLower(strings.TrimSpace(ref))
	if ref == "" {
		return "", invalidf("no %s given", what)
	}
	var ids []string
	err := ws.db.View(func(b *bolt.Tx) error {
		c := b.Bucket(bucket).Cursor()
		for k, _ := c.Seek([]byte(ref)); k != nil && bytes.HasPrefix(k, []byte(ref)); k, _ = c.Next() {
			ids = append(ids, string(k))
			if len(ids) > 5 {
				break
			}
		}
		return nil
	})
	switch {
	case err != nil:
		return "", err
	case len(ids) == 0:
		return "", notFoundf("no %s %s in the workspace", what, ref)
	case len(ids) > 1 && ids[0] != ref:
		return "", invalidf("%s prefix %s is ambiguous (%s, …): give more characters", what, ref, strings.Join(ids[:2], ", "))
	}
	return ids[0], nil
}
