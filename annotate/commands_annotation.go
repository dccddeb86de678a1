package annotate

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"unicode"

	"github.com/google/uuid"
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
		return fmt.Sprintf("Tagged %s", quoteNames(names)), t.PutAnnotation(created)
	})
	return created, res, err
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
		tag, ok := cb.Tag(id)
		if !ok {
			return nil, nil, notFoundf("no tag %s in the codebook", id)
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

// FindQuote returns the span of the n-th (1-based) occurrence of quote in the article.
// The quote is canonicalised like the article text first.
func (ws *Workspace) FindQuote(articleID, quote string, occurrence int) (start, end int, err error) {
	if occurrence < 1 {
		return 0, 0, invalidf("occurrence must be 1 or more, not %d", occurrence)
	}
	q, err := Canonicalize(quote)
	if errors.Is(err, ErrEmptyText) {
		return 0, 0, invalidf("the quote is empty")
	}
	if err != nil {
		return 0, 0, invalidf("the quote: %v", err)
	}
	art, err := ws.Article(articleID)
	if err != nil {
		return 0, 0, err
	}
	from, found := 0, 0
	for {
		i := strings.Index(art.Text[from:], q)
		if i < 0 {
			break
		}
		found++
		b := from + i
		if found == occurrence {
			start = CodePointOffset(art.Text, b)
			return start, start + CodePoints(q), nil
		}
		from = b + firstRuneLen(q)
	}
	if found == 0 {
		return 0, 0, invalidf("quote %q is not in article %s", shorten(q, 60), art.ID)
	}
	return 0, 0, invalidf("quote %q occurs %d times in article %s, not %d", shorten(q, 60), found, art.ID, occurrence)
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// editAnnotation runs a command that changes one annotation.
func (ws *Workspace) editAnnotation(id string, edit func(t *Tx, a *Annotation) (string, error)) (Result, error) {
	return ws.runLabelled(func(t *Tx) (string, error) {
		a, err := t.Annotation(id)
		if err != nil {
			return "", err
		}
		before := a
		before.TagIDs = append([]string(nil), a.TagIDs...)
		label, err := edit(t, &a)
		if err != nil {
			return "", err
		}
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
		return fmt.Sprintf("Deleted annotation '%s'", shorten(a.Exact, 40)), t.DeleteAnnotation(id)
	})
}
