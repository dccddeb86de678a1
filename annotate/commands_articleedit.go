package annotate

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"golang.org/x/text/language"
)

// ArticleEdit is a change of an article's description: a nil field stays as it is, a
// pointer to "" (or to the zero time) clears it. The text itself is never edited here.
type ArticleEdit struct {
	Title, Source, Author, URL, Language *string
	Published                            *time.Time
}

// Empty reports whether the edit changes nothing.
func (e ArticleEdit) Empty() bool {
	return e.Title == nil && e.Source == nil && e.Author == nil && e.URL == nil && e.Language == nil && e.Published == nil
}

// EditArticle changes an article's title, source, author, URL, published date and
// language as one undoable step (the search index follows). It checks what the
// analyst typed: a title is needed, a URL is http(s), a language is a BCP 47 tag.
func (ws *Workspace) EditArticle(id string, e ArticleEdit) (Result, error) {
	if e.Empty() {
		return Result{}, invalidf("nothing to change: give a new title, source, author, date, URL or language")
	}
	if err := e.check(); err != nil {
		return Result{}, err
	}
	return ws.runLabelled(func(t *Tx) (string, error) {
		a, err := e.apply(t, id)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("Edited article '%s'", a.Title), nil
	})
}

// EditArticles applies several articles' edits as one undoable step (the details asked
// for after an import); an edit that changes nothing is skipped.
func (ws *Workspace) EditArticles(edits map[string]ArticleEdit) (Result, error) {
	for _, e := range edits {
		if err := e.check(); err != nil {
			return Result{}, err
		}
	}
	return ws.runLabelled(func(t *Tx) (string, error) {
		n := 0
		for id, e := range edits {
			if e.Empty() {
				continue
			}
			if _, err := e.apply(t, id); err != nil {
				return "", err
			}
			n++
		}
		return fmt.Sprintf("Described %d %s", n, map[bool]string{true: "article", false: "articles"}[n == 1]), nil
	})
}

// check validates what the edit sets.
func (e ArticleEdit) check() error {
	if e.URL != nil && *e.URL != "" {
		u, err := url.Parse(strings.TrimSpace(*e.URL))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return invalidf("%q is not a web address (http:// or https://)", *e.URL)
		}
	}
	if e.Language != nil && strings.TrimSpace(*e.Language) != "" {
		if _, err := language.Parse(strings.TrimSpace(*e.Language)); err != nil {
			return invalidf("%q is not a language tag (such as en, uk, ru, de)", *e.Language)
		}
	}
	if e.Title != nil && strings.TrimSpace(*e.Title) == "" {
		return invalidf("the title is empty")
	}
	return nil
}

// apply writes the edit of one article in t.
func (e ArticleEdit) apply(t *Tx, id string) (Article, error) {
	a, err := t.Article(id, false)
	if err != nil {
		return a, err
	}
	before := a
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = strings.TrimSpace(*v)
		}
	}
	set(&a.Title, e.Title)
	set(&a.Source, e.Source)
	set(&a.Author, e.Author)
	set(&a.URL, e.URL)
	if e.Language != nil {
		a.Language = ""
		if l := strings.TrimSpace(*e.Language); l != "" {
			tag, _ := language.Parse(l)
			a.Language = tag.String()
		}
	}
	if e.Published != nil {
		a.Published = e.Published.UTC()
	}
	if a.URL != before.URL && a.URL != "" {
		if other := t.b.Bucket(bByURL).Get([]byte(a.URL)); other != nil && string(other) != id {
			return a, invalidf("another article already has the URL %s", a.URL)
		}
	}
	return a, t.PutArticle(a)
}

// DeleteArticleWithAnnotations deletes an article, its text and its annotations as one
// undoable step, and says how many annotations went with it.
func (ws *Workspace) DeleteArticleWithAnnotations(id string) (Result, error) {
	return ws.runLabelled(func(t *Tx) (string, error) {
		a, err := t.Article(id, false)
		if err != nil {
			return "", err
		}
		anns, err := t.AnnotationsOf(id)
		if err != nil {
			return "", err
		}
		label := fmt.Sprintf("Deleted article '%s'", a.Title)
		if n := len(anns); n > 0 {
			label += fmt.Sprintf(" and its %d %s", n, map[bool]string{true: "annotation", false: "annotations"}[n == 1])
		}
		return label, t.DeleteArticle(id)
	})
}

// ParsePublished reads a publication date as analysts write it, in the window and the
// CLI alike: 2025-11-24, 2025-11-24 14:30, 24.11.2025, 24 Nov 2025, 24 November 2025 or
// RFC 3339; "" is no date (the zero time).
func ParsePublished(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{"2006-01-02", "2006-01-02 15:04", "2006-01-02T15:04", "2.1.2006", "2 Jan 2006", "2 January 2006", time.RFC3339} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, invalidf("%q is not a date: write it as YYYY-MM-DD, e.g. 2025-11-24", s)
}
