package cli

import (
	"time"

	"gloss.app/gloss/annotate"
)

// The CLI's JSON shapes: the contract scripts rely on.

type articleJSON struct {
	ID          string  `json:"id"`
	Title       string  `json:"title"`
	Source      string  `json:"source"`
	URL         string  `json:"url"`
	Author      string  `json:"author,omitempty"`
	Published   *string `json:"published"`
	Language    string  `json:"language,omitempty"`
	Annotations int     `json:"annotations"`
}

type articleDetailJSON struct {
	ID          string           `json:"id"`
	Title       string           `json:"title"`
	Source      string           `json:"source"`
	URL         string           `json:"url"`
	Author      string           `json:"author"`
	Published   *string          `json:"published"`
	Language    string           `json:"language"`
	ImportedAt  string           `json:"imported_at"`
	Origin      string           `json:"origin"`
	Format      string           `json:"format"`
	SHA256      string           `json:"sha256"`
	Version     int              `json:"version"`
	Text        string           `json:"text"`
	Annotations []annotationJSON `json:"annotations"`

	// Telegram posts and e-mails
	MessageID     string  `json:"message_id,omitempty"`
	ForwardedFrom string  `json:"forwarded_from,omitempty"`
	ReplyTo       string  `json:"reply_to,omitempty"`
	Edited        *string `json:"edited,omitempty"`
}

type annotationJSON struct {
	ID       string   `json:"id"`
	Article  string   `json:"article"`
	Start    int      `json:"start"`
	End      int      `json:"end"`
	Exact    string   `json:"exact"`
	Prefix   string   `json:"prefix"`
	Suffix   string   `json:"suffix"`
	Tags     []string `json:"tags"`
	TagPaths []string `json:"tag_paths"`
	TagIDs   []string `json:"tag_ids"`
	Note     string   `json:"note"`
	Author   string   `json:"author"`
	Created  string   `json:"created"`
	Modified string   `json:"modified"`
	State    string   `json:"state"`
	Origin   string   `json:"origin"` // manual, or suggested when accepted from a suggestion
}

func timeJSON(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.RFC3339)
	return &s
}

func toAnnotationJSON(a annotate.Annotation, cb *annotate.Codebook) annotationJSON {
	j := annotationJSON{
		ID: a.ID, Article: a.ArticleID, Start: a.Start, End: a.End, Exact: a.Exact, Prefix: a.Prefix,
		Suffix: a.Suffix, Note: a.Note, Author: a.Author, Created: a.Created.UTC().Format(time.RFC3339),
		Modified: a.Modified.UTC().Format(time.RFC3339), State: string(a.State), Origin: a.Origin,
		Tags: []string{}, TagPaths: []string{}, TagIDs: []string{},
	}
	if j.Origin == "" {
		j.Origin = annotate.OriginManual
	}
	for _, id := range a.TagIDs {
		name := id
		if t, ok := cb.Tag(id); ok {
			name = t.Name
		}
		j.Tags = append(j.Tags, name)
		j.TagPaths = append(j.TagPaths, cb.Path(id))
		j.TagIDs = append(j.TagIDs, id)
	}
	return j
}
