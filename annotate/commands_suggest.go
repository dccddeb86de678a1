package annotate

// Commands and settings behind suggested highlights (package annotate/suggest computes
// them). Accepting a suggestion makes an ordinary annotation whose Origin is
// OriginSuggested; rejecting one stores the passage as a rejection, which the model then
// learns from as a negative example. Both are undoable commands. Whether suggestions are
// shown at all, and for which tags, is a workspace setting (not undoable, like the author).

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// SuggestionRef names one suggestion: a span of an article proposed for a tag.
type SuggestionRef struct {
	ArticleID string
	Start     int // code points, inclusive
	End       int // code points, exclusive
	TagID     string
	// Exact is the text of the span when the suggestion was made. When set, accepting or
	// rejecting fails if the article's text there has changed since.
	Exact string
	// Note goes on the annotation an accepted suggestion becomes.
	Note string
}

// Rejection is a suggestion the analyst turned down: remembered, never suggested again
// for that passage and tag, and used as a negative example.
type Rejection struct {
	Key       string    `json:"-"` // the store key: article, tag and a hash of the text
	ArticleID string    `json:"article"`
	TagID     string    `json:"tag"`
	Start     int       `json:"start"`
	End       int       `json:"end"`
	Exact     string    `json:"exact"`
	Prefix    string    `json:"prefix"`
	Suffix    string    `json:"suffix"`
	Author    string    `json:"author,omitempty"`
	Created   time.Time `json:"created"`
}

// RejectionKey is the store key of a rejection of text for a tag in an article. It does
// not depend on offsets, so a rejection still holds after the text around it changes.
func RejectionKey(articleID, tagID, exact string) string {
	sum := sha256.Sum256([]byte(strings.Join(strings.Fields(exact), " ")))
	return articleID + "\x00" + tagID + "\x00" + hex.EncodeToString(sum[:12])
}

// checkSuggestion reads the article and tag of a suggestion and checks its span.
func checkSuggestion(t *Tx, s SuggestionRef) (Article, Tag, []rune, error) {
	art, err := t.Article(s.ArticleID, true)
	if err != nil {
		return art, Tag{}, nil, err
	}
	cb, err := t.Codebook()
	if err != nil {
		return art, Tag{}, nil, err
	}
	tag, err := cb.known(s.TagID)
	if err != nil {
		return art, tag, nil, err
	}
	text := []rune(art.Text)
	if s.Start < 0 || s.End > len(text) || s.End <= s.Start {
		return art, tag, nil, invalidf("span %d–%d is not a passage of article %s (it has %d characters)", s.Start, s.End, art.ID, len(text))
	}
	if s.Exact != "" && string(text[s.Start:s.End]) != s.Exact {
		return art, tag, nil, invalidf("the article's text at %d–%d has changed since the suggestion was made: ask for suggestions again", s.Start, s.End)
	}
	return art, tag, text, nil
}

// AcceptSuggestion turns a suggestion into an ordinary annotation (Origin
// OriginSuggested), undoable like any other. A passage that already carries the tag over
// the same span is refused, so accepting twice does not duplicate it.
func (ws *Workspace) AcceptSuggestion(s SuggestionRef) (Annotation, Result, error) {
	var dup error
	err := ws.View(func(t *Tx) error {
		art, tag, _, err := checkSuggestion(t, s)
		if err != nil {
			return err
		}
		anns, err := t.AnnotationsOf(art.ID)
		if err != nil {
			return err
		}
		for _, a := range anns {
			if a.Start == s.Start && a.End == s.End && a.HasTag(tag.ID) {
				dup = invalidf("the passage %d–%d already has an annotation tagged '%s'", s.Start, s.End, tag.Name)
			}
		}
		return nil
	})
	if err == nil {
		err = dup
	}
	if err != nil {
		return Annotation{}, Result{}, err
	}
	return ws.Annotate(AnnotationDraft{ArticleID: s.ArticleID, Start: s.Start, End: s.End, TagIDs: []string{s.TagID},
		Note: s.Note, Origin: OriginSuggested})
}

// RejectSuggestion remembers that the analyst turned the suggestion down (undoable).
// Rejecting the same passage for the same tag again changes nothing.
func (ws *Workspace) RejectSuggestion(s SuggestionRef) (Rejection, Result, error) {
	var rej Rejection
	res, err := ws.runLabelled(func(t *Tx) (string, error) {
		art, tag, text, err := checkSuggestion(t, s)
		if err != nil {
			return "", err
		}
		exact, prefix, suffix := Quote(text, s.Start, s.End)
		key := RejectionKey(art.ID, tag.ID, exact)
		label := fmt.Sprintf("Rejected suggestion '%s'", tag.Name)
		if old, ok, err := getJSON[Rejection](t.b, bRejections, key); err != nil || ok {
			old.Key = key
			rej = old
			return label, err // already rejected: nothing to record
		}
		rej = Rejection{Key: key, ArticleID: art.ID, TagID: tag.ID, Start: s.Start, End: s.End, Exact: exact,
			Prefix: prefix, Suffix: suffix, Author: t.author(), Created: t.nowUTC()}
		return label, t.putJSON(bRejections, key, rej)
	})
	return rej, res, err
}

// ForgetRejection removes a rejection (undoable), so the passage may be suggested again
// and no longer counts as a negative example.
func (ws *Workspace) ForgetRejection(key string) (Result, error) {
	return ws.runLabelled(func(t *Tx) (string, error) {
		if _, ok, err := getJSON[Rejection](t.b, bRejections, key); err != nil || !ok {
			if err == nil {
				err = notFoundf("no such rejected suggestion")
			}
			return "", err
		}
		return "Forgot a rejected suggestion", t.write(bRejections, key, nil)
	})
}

// Rejections lists the rejected suggestions of an article ("" for every article), in
// article and text order.
func (ws *Workspace) Rejections(articleID string) ([]Rejection, error) {
	var out []Rejection
	err := ws.db.View(func(b *bolt.Tx) error {
		c := b.Bucket(bRejections).Cursor()
		prefix := []byte(articleID)
		if articleID != "" {
			prefix = append(prefix, 0)
		}
		for k, v := c.Seek(prefix); k != nil && strings.HasPrefix(string(k), string(prefix)); k, v = c.Next() {
			var r Rejection
			if err := json.Unmarshal(v, &r); err != nil {
				return fmt.Errorf("read rejected suggestion: %w", err)
			}
			r.Key = string(k)
			out = append(out, r)
		}
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].ArticleID != out[j].ArticleID {
			return out[i].ArticleID < out[j].ArticleID
		}
		return out[i].Start < out[j].Start
	})
	return out, err
}

// SuggestSettings are the workspace's switches for suggestions. The zero value means
// suggestions are on for every tag.
type SuggestSettings struct {
	Off     bool     `json:"off,omitempty"`      // no suggestions in this workspace
	TagsOff []string `json:"tags_off,omitempty"` // tag ids never suggested, sorted
}

// TagOn reports whether suggestions are on for the tag (and for the workspace).
func (s SuggestSettings) TagOn(tagID string) bool {
	if s.Off {
		return false
	}
	i := sort.SearchStrings(s.TagsOff, tagID)
	return i >= len(s.TagsOff) || s.TagsOff[i] != tagID
}

var kSuggest = []byte("suggest_settings")

// SuggestSettings reads the suggestion switches.
func (ws *Workspace) SuggestSettings() (SuggestSettings, error) {
	var s SuggestSettings
	err := ws.db.View(func(b *bolt.Tx) error {
		raw := b.Bucket(bMeta).Get(kSuggest)
		if raw == nil {
			return nil
		}
		if err := json.Unmarshal(raw, &s); err != nil {
			return fmt.Errorf("read the suggestion settings: %w", err)
		}
		return nil
	})
	return s, err
}

// SetSuggestionsOn switches suggestions on or off for the whole workspace. Like the
// author, it is a setting, not an undoable change.
func (ws *Workspace) SetSuggestionsOn(on bool) error {
	return ws.updateSuggestSettings(func(_ *bolt.Tx, s *SuggestSettings) error {
		s.Off = !on
		return nil
	})
}

// SetTagSuggestionsOn switches suggestions on or off for one tag.
func (ws *Workspace) SetTagSuggestionsOn(tagID string, on bool) error {
	return ws.updateSuggestSettings(func(b *bolt.Tx, s *SuggestSettings) error {
		if b.Bucket(bTags).Get([]byte(tagID)) == nil {
			return notFoundf("no tag %s in the codebook", tagID)
		}
		off := removeID(s.TagsOff, tagID)
		if !on {
			off = append(off, tagID)
			sort.Strings(off)
		}
		s.TagsOff = off
		return nil
	})
}

func (ws *Workspace) updateSuggestSettings(change func(*bolt.Tx, *SuggestSettings) error) error {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	return ws.db.Update(func(b *bolt.Tx) error {
		var s SuggestSettings
		if raw := b.Bucket(bMeta).Get(kSuggest); raw != nil {
			if err := json.Unmarshal(raw, &s); err != nil {
				return fmt.Errorf("read the suggestion settings: %w", err)
			}
		}
		if err := change(b, &s); err != nil {
			return err
		}
		if len(s.TagsOff) == 0 {
			s.TagsOff = nil
		}
		raw, err := json.Marshal(s)
		if err != nil {
			return err
		}
		return b.Bucket(bMeta).Put(kSuggest, raw)
	})
}
