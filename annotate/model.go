// Package annotate is Gloss's domain: articles, annotations, the codebook, text anchoring,
// the workspace store and the command layer through which every change goes.
// It never imports Fyne; the GUI (app/) and the CLI both drive it.
package annotate

import "time"

// Article is one imported text with its metadata. Text is the canonical text
// (see Canonicalize); offsets of annotations are code points into it.
type Article struct {
	ID         string    `json:"id"`
	Title      string    `json:"title"`
	Source     string    `json:"source,omitempty"` // the outlet, e.g. "Kyiv Independent"
	URL        string    `json:"url,omitempty"`    // canonical URL when known
	Author     string    `json:"author,omitempty"`
	Published  time.Time `json:"published,omitzero"`
	Language   string    `json:"language,omitempty"` // BCP 47 tag such as "en", "uk", "ru"
	ImportedAt time.Time `json:"imported_at"`
	Origin     string    `json:"origin,omitempty"` // file path or URL it came from
	Format     string    `json:"format,omitempty"` // original format: txt, md, html, rss, atom, text
	SHA256     string    `json:"sha256"`           // of the canonical text, hex
	Length     int       `json:"length"`           // canonical text length in code points
	Version    int       `json:"version"`          // 1 on import, +1 each time a new text replaces it
	Text       string    `json:"-"`                // loaded only by Workspace.Article

	// Message metadata of Telegram posts and e-mails. MessageID is the message's identity
	// where it came from ("telegram:CHAT/42", "email:<id@host>"): importing it again with
	// another text makes a new version of this article, whatever its URL. ReplyTo is the
	// MessageID of the message it answers (find it with Workspace.ArticleByMessageID).
	MessageID     string    `json:"message_id,omitempty"`
	ForwardedFrom string    `json:"forwarded_from,omitempty"` // the channel or person it was forwarded from
	ReplyTo       string    `json:"reply_to,omitempty"`
	Edited        time.Time `json:"edited,omitzero"` // when the author last edited it
}

// AnnotationState tells whether an annotation's quote is found in its article's current text.
type AnnotationState string

const (
	Anchored AnnotationState = "anchored"
	Orphaned AnnotationState = "orphaned" // the quote could not be re-found; kept, never deleted
)

// Annotation is a highlighted span of an article with tags and a note.
// Start and End are code-point offsets into the canonical text, End exclusive
// (the W3C TextPositionSelector unit). Exact, Prefix and Suffix form a
// TextQuoteSelector that lets the span be re-found when the text changes.
type Annotation struct {
	ID        string          `json:"id"`
	ArticleID string          `json:"article"`
	Start     int             `json:"start"`
	End       int             `json:"end"`
	Exact     string          `json:"exact"`
	Prefix    string          `json:"prefix"`
	Suffix    string          `json:"suffix"`
	TagIDs    []string        `json:"tags"`
	Note      string          `json:"note,omitempty"`
	Author    string          `json:"author,omitempty"`
	Created   time.Time       `json:"created"`
	Modified  time.Time       `json:"modified"`
	State     AnnotationState `json:"state"`
	// Coder is the team coder id of the analyst who made it ("" outside team projects).
	Coder string `json:"coder,omitempty"`
	// Origin says how the annotation came to be: "" (older annotations) or OriginManual
	// when the analyst drew it, OriginSuggested when the analyst accepted a suggestion.
	// Agreement between analyst and model is measured over it.
	Origin string `json:"origin,omitempty"`
}

// Annotation origins.
const (
	OriginManual    = "manual"
	OriginSuggested = "suggested"
)

// FromSuggestion reports whether the annotation was accepted from a suggestion.
func (a Annotation) FromSuggestion() bool { return a.Origin == OriginSuggested }

// HasTag reports whether the annotation carries the tag id.
func (a Annotation) HasTag(id string) bool {
	for _, t := range a.TagIDs {
		if t == id {
			return true
		}
	}
	return false
}

// Tag is a code of the codebook. Names are unique among siblings, case-insensitively.
type Tag struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	ParentID    string `json:"parent,omitempty"`
	Color       string `json:"color"` // #RRGGBB
	Description string `json:"description,omitempty"`
	Hotkey      int    `json:"hotkey,omitempty"` // 1–9, 0 for none
}

// ArticleSummary is a library row: an article without its text, with its annotation count.
type ArticleSummary struct {
	Article
	Annotations int `json:"annotations"`
}
