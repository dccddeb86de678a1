package annotate

import (
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
)

// MaxTextBytes bounds an article's canonical text.
const MaxTextBytes = 20 << 20

// ArticleDraft is what an importer hands the command layer: metadata and raw text.
type ArticleDraft struct {
	Title     string
	Source    string
	URL       string
	Author    string
	Published time.Time
	Language  string
	Origin    string // file path or URL it was read from
	Format    string // txt, md, html, rss, atom, text
	Text      string // raw UTF-8 text; canonicalised by the command

	// Message metadata (see Article): a draft with a known MessageID updates its article.
	MessageID, ForwardedFrom, ReplyTo string
	Edited                            time.Time
}

// ImportStatus says what importing one draft did.
type ImportStatus string

const (
	StatusImported  ImportStatus = "imported"
	StatusDuplicate ImportStatus = "duplicate" // same text or URL already there: nothing added
	StatusUpdated   ImportStatus = "updated"   // same URL, new text: stored as a new version, annotations re-anchored
	StatusFailed    ImportStatus = "failed"
)

// ImportResult reports one draft of an import.
type ImportResult struct {
	Origin   string
	Status   ImportStatus
	Article  Article // without text
	Err      error
	Orphaned int // annotations that could not be re-anchored on a new version (kept as orphaned)
}

// Message is the one-line report of the result for the CLI and status bar.
func (r ImportResult) Message() string {
	switch r.Status {
	case StatusDuplicate:
		return fmt.Sprintf("already in workspace: %s %s", r.Article.ID, r.Article.Title)
	case StatusUpdated:
		msg := fmt.Sprintf("new version of %s %s", r.Article.ID, r.Article.Title)
		if r.Orphaned > 0 {
			msg += fmt.Sprintf(" (%d annotations could not be re-found and are kept as orphaned)", r.Orphaned)
		}
		return msg
	case StatusFailed:
		return r.Err.Error()
	}
	return fmt.Sprintf("%s\t%s", r.Article.ID, r.Article.Title)
}

// AddArticle imports one article (its own undo step).
func (ws *Workspace) AddArticle(d ArticleDraft) (ImportResult, error) {
	res := ws.NewBatch("").Add([]ArticleDraft{d})
	return res[0], res[0].Err
}

// ImportText imports pasted or clipboard text with a title and source (the GUI's "New
// article from clipboard").
func (ws *Workspace) ImportText(title, source, text string) (ImportResult, error) {
	return ws.AddArticle(ArticleDraft{Title: title, Source: source, Text: text, Format: "text", Origin: "clipboard"})
}

// Batch imports many drafts in chunks; each chunk is committed (and acknowledged) on its
// own, and all chunks are undone together as one step.
type Batch struct {
	ws    *Workspace
	group string
	label string
	count int
}

// NewBatch starts a batch import. label names the undo step ("" gives "Import").
func (ws *Workspace) NewBatch(label string) *Batch {
	return &Batch{ws: ws, group: uuid.NewString(), label: label}
}

// Add imports drafts in one transaction and returns one result per draft. A draft that
// fails validation is reported and skipped; the others are stored.
func (b *Batch) Add(drafts []ArticleDraft) []ImportResult {
	results := make([]ImportResult, len(drafts))
	label := b.label
	if label == "" {
		if len(drafts) == 1 {
			label = "Import"
		} else {
			label = fmt.Sprintf("Import of %d articles", len(drafts))
		}
	}
	now := b.ws.now().UTC()
	_, err := b.ws.run(label, b.group, func(t *Tx) error {
		for i, d := range drafts {
			results[i] = importOne(t, d, now)
		}
		return nil
	})
	if err != nil {
		for i := range results {
			if results[i].Status != StatusFailed && results[i].Status != StatusDuplicate {
				results[i] = ImportResult{Origin: drafts[i].Origin, Status: StatusFailed, Err: fmt.Errorf("import %s: %w", drafts[i].Origin, err)}
			}
		}
	}
	return results
}

func importOne(t *Tx, d ArticleDraft, now time.Time) ImportResult {
	name := d.Origin
	if name == "" {
		name = d.Title
	}
	fail := func(err error) ImportResult {
		return ImportResult{Origin: d.Origin, Status: StatusFailed, Err: fmt.Errorf("import %s: %w", name, err)}
	}
	if len(d.Text) > MaxTextBytes {
		return fail(invalidf("the text is larger than %d MB", MaxTextBytes>>20))
	}
	text, err := Canonicalize(d.Text)
	if err != nil {
		return fail(err)
	}
	hash := TextHash(text)
	title := strings.TrimSpace(strings.Join(strings.Fields(d.Title), " "))
	if title == "" {
		title = firstLine(text)
	}
	if id := t.b.Bucket(bByHash).Get([]byte(hash)); id != nil {
		a, err := t.Article(string(id), false)
		if err == nil {
			return ImportResult{Origin: d.Origin, Status: StatusDuplicate, Article: a}
		}
	}
	a := Article{
		ID: newArticleID(t, hash), Title: title, Source: strings.TrimSpace(d.Source), URL: strings.TrimSpace(d.URL),
		Author: strings.TrimSpace(d.Author), Published: d.Published.UTC(), Language: strings.TrimSpace(d.Language),
		ImportedAt: now, Origin: d.Origin, Format: d.Format, SHA256: hash, Length: CodePoints(text), Version: 1,
		MessageID: strings.TrimSpace(d.MessageID), ForwardedFrom: strings.TrimSpace(d.ForwardedFrom),
		ReplyTo: strings.TrimSpace(d.ReplyTo), Edited: d.Edited.UTC(),
	}
	if d.Published.IsZero() {
		a.Published = time.Time{}
	}
	if d.Edited.IsZero() {
		a.Edited = time.Time{}
	}
	if a.MessageID != "" {
		if id := t.b.Bucket(bByMessage).Get([]byte(a.MessageID)); id != nil {
			return newVersion(t, string(id), a, text, now)
		}
	}
	if a.URL != "" {
		if id := t.b.Bucket(bByURL).Get(urlKey(a.URL)); id != nil {
			return newVersion(t, string(id), a, text, now)
		}
	}
	if err := t.PutText(a.ID, text); err != nil {
		return fail(err)
	}
	if err := t.PutArticle(a); err != nil {
		return fail(err)
	}
	return ImportResult{Origin: d.Origin, Status: StatusImported, Article: a}
}

// newVersion replaces the text of the article with the same URL and re-anchors its
// annotations; those that cannot be re-found are kept as orphaned.
func newVersion(t *Tx, id string, incoming Article, text string, now time.Time) ImportResult {
	old, err := t.Article(id, false)
	if err != nil {
		return ImportResult{Origin: incoming.Origin, Status: StatusFailed, Err: err}
	}
	anns, err := t.AnnotationsOf(id)
	if err != nil {
		return ImportResult{Origin: incoming.Origin, Status: StatusFailed, Err: err}
	}
	updated := old
	updated.Title, updated.SHA256, updated.Length = incoming.Title, incoming.SHA256, incoming.Length
	updated.Version = old.Version + 1
	updated.ImportedAt = now
	for _, f := range []struct {
		dst *string
		src string
	}{
		{&updated.Source, incoming.Source}, {&updated.Author, incoming.Author}, {&updated.Language, incoming.Language},
		{&updated.Origin, incoming.Origin}, {&updated.Format, incoming.Format},
		{&updated.MessageID, incoming.MessageID}, {&updated.ForwardedFrom, incoming.ForwardedFrom}, {&updated.ReplyTo, incoming.ReplyTo},
	} {
		if f.src != "" {
			*f.dst = f.src
		}
	}
	if !incoming.Published.IsZero() {
		updated.Published = incoming.Published
	}
	if !incoming.Edited.IsZero() {
		updated.Edited = incoming.Edited
	}
	// A message found by its MessageID may come with a URL now (a Telegram username that
	// became known); it is taken unless another article has it.
	if incoming.URL != "" && incoming.URL != updated.URL {
		if other := t.b.Bucket(bByURL).Get(urlKey(incoming.URL)); other == nil {
			updated.URL = incoming.URL
		}
	}
	runes := []rune(text)
	orphaned := 0
	for _, a := range anns {
		moved := reanchor(runes, a, now)
		if moved.State == Orphaned {
			orphaned++
		}
		if err := t.PutAnnotation(moved); err != nil {
			return ImportResult{Origin: incoming.Origin, Status: StatusFailed, Err: err}
		}
	}
	if err := t.PutText(id, text); err != nil {
		return ImportResult{Origin: incoming.Origin, Status: StatusFailed, Err: err}
	}
	if err := t.PutArticle(updated); err != nil {
		return ImportResult{Origin: incoming.Origin, Status: StatusFailed, Err: err}
	}
	return ImportResult{Origin: incoming.Origin, Status: StatusUpdated, Article: updated, Orphaned: orphaned}
}

// reanchor places an annotation on a new text with Locate; not found → orphaned with its
// quote, prefix and suffix kept so a later version can bring it back.
func reanchor(text []rune, a Annotation, now time.Time) Annotation {
	at := Locate(text, Selector{Exact: a.Exact, Prefix: a.Prefix, Suffix: a.Suffix, Start: a.Start, End: a.End})
	if !at.Found() {
		if a.State != Orphaned {
			a.State = Orphaned
			a.Modified = now
		}
		return a
	}
	exact, prefix, suffix := Quote(text, at.Start, at.End)
	if a.State == Anchored && at.Start == a.Start && at.End == a.End && exact == a.Exact && prefix == a.Prefix && suffix == a.Suffix {
		return a
	}
	a.Start, a.End, a.Exact, a.Prefix, a.Suffix, a.State = at.Start, at.End, exact, prefix, suffix, Anchored
	a.Modified = now
	return a
}

func firstLine(text string) string {
	for _, line := range strings.Split(text, "\n") {
		line = strings.Join(strings.Fields(line), " ")
		if line != "" {
			if r := []rune(line); len(r) > 120 {
				return string(r[:120]) + "…"
			}
			return line
		}
	}
	return "Untitled"
}

// DeleteArticle removes an article with its text and annotations (undoable).
func (ws *Workspace) DeleteArticle(id string) (Result, error) {
	var title string
	return ws.runLabelled(func(t *Tx) (string, error) {
		a, err := t.Article(id, false)
		if err != nil {
			return "", err
		}
		title = a.Title
		return fmt.Sprintf("Deleted article '%s'", title), t.DeleteArticle(id)
	})
}

// SetArticleMeta changes an article's title, source, URL, author, published time and
// language (not its text).
func (ws *Workspace) SetArticleMeta(id string, edit func(a *Article)) (Result, error) {
	return ws.runLabelled(func(t *Tx) (string, error) {
		a, err := t.Article(id, false)
		if err != nil {
			return "", err
		}
		before := a
		edit(&a)
		a.ID, a.SHA256, a.Length, a.Version, a.ImportedAt = before.ID, before.SHA256, before.Length, before.Version, before.ImportedAt
		a.Title = strings.TrimSpace(a.Title)
		if a.Title == "" {
			return "", invalidf("the title is empty")
		}
		if a.URL != before.URL && a.URL != "" {
			if other := t.b.Bucket(bByURL).Get(urlKey(a.URL)); other != nil && string(other) != id {
				return "", invalidf("another article already has the URL %s", a.URL)
			}
		}
		return fmt.Sprintf("Edited article '%s'", a.Title), t.PutArticle(a)
	})
}

// runLabelled runs a command whose label depends on what it reads.
func (ws *Workspace) runLabelled(fn func(t *Tx) (string, error)) (Result, error) {
	return ws.run("", "", func(t *Tx) error {
		label, err := fn(t)
		t.label = label
		return err
	})
}
