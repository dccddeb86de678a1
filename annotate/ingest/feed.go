package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"

	"gloss.app/gloss/annotate"
)

// ErrNotFeed is returned for XML that is neither RSS nor Atom.
var ErrNotFeed = errors.New("it is not an RSS or Atom feed")

// IsFeed reports whether b looks like an RSS, RDF or Atom document.
func IsFeed(b []byte) bool {
	t := gofeed.DetectFeedType(bytes.NewReader(b))
	return t == gofeed.FeedTypeRSS || t == gofeed.FeedTypeAtom
}

// ReadFeed turns each item of an RSS 2.0 or Atom feed into an article: its full content
// when the feed carries it, else its summary, with its link, date and author. origin names
// the feed (path or URL) in the drafts and in item errors. Items without text come back as
// errors beside the good drafts.
// MaxFeedItems bounds the articles one feed can create.
const MaxFeedItems = 5000

func ReadFeed(b []byte, origin string) ([]Item, error) {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, ErrEmpty
	}
	if !IsFeed(b) {
		return nil, ErrNotFeed
	}
	feed, err := parseFeed(b)
	if err != nil {
		return nil, fmt.Errorf("the feed cannot be read: %s", oneLine(err.Error()))
	}
	if len(feed.Items) == 0 {
		return nil, errors.New("the feed has no items")
	}
	format := feed.FeedType
	if format == "" {
		format = "rss"
	}
	var items []Item
	all := feed.Items
	if len(all) > MaxFeedItems {
		// A real news feed carries tens of items; thousands are a mistake or an attack.
		items = append(items, Item{Source: origin, Err: fmt.Errorf("import %s: the feed has %d items; only the first %d are imported", origin, len(all), MaxFeedItems)})
		all = all[:MaxFeedItems]
	}
	for i, it := range all {
		if it == nil {
			continue
		}
		title := oneLine(htmlFragmentText(it.Title))
		body := htmlFragmentText(firstNonEmpty(it.Content, it.Description))
		if strings.TrimSpace(body) == "" {
			name := fmt.Sprintf("item %d", i+1)
			if title != "" {
				name += fmt.Sprintf(" (%q)", title)
			}
			items = append(items, Item{Source: origin, Err: fmt.Errorf("import %s: %s has no text", origin, name)})
			continue
		}
		d := annotate.ArticleDraft{
			Title:    title,
			Source:   oneLine(feed.Title),
			URL:      itemLink(it),
			Author:   feedAuthor(it, feed),
			Language: firstNonEmpty(baseLanguage(feed.Language), GuessLanguage(body)),
			Origin:   origin,
			Format:   format,
			Text:     body,
		}
		if t := firstTime(it.PublishedParsed, it.UpdatedParsed); t != nil {
			d.Published = *t
		}
		items = append(items, Item{Source: origin, Draft: &d})
	}
	return items, nil
}

func parseFeed(b []byte) (feed *gofeed.Feed, err error) {
	defer recoverParser("feed", &err)
	return gofeed.NewParser().Parse(bytes.NewReader(b))
}

func itemLink(it *gofeed.Item) string {
	for _, l := range append([]string{it.Link}, it.Links...) {
		if u := resolveURL(nil, l); u != "" {
			return u
		}
	}
	if strings.HasPrefix(it.GUID, "http://") || strings.HasPrefix(it.GUID, "https://") {
		return NormalizeURL(it.GUID)
	}
	return ""
}

func feedAuthor(it *gofeed.Item, feed *gofeed.Feed) string {
	names := func(ps []*gofeed.Person) string {
		var out []string
		for _, p := range ps {
			if p != nil && firstNonEmpty(p.Name, p.Email) != "" {
				out = append(out, oneLine(firstNonEmpty(p.Name, p.Email)))
			}
		}
		return strings.Join(out, ", ")
	}
	if s := names(it.Authors); s != "" {
		return s
	}
	if it.DublinCoreExt != nil && len(it.DublinCoreExt.Creator) > 0 {
		return oneLine(strings.Join(it.DublinCoreExt.Creator, ", "))
	}
	return names(feed.Authors)
}

func firstTime(ts ...*time.Time) *time.Time {
	for _, t := range ts {
		if t != nil && !t.IsZero() {
			return t
		}
	}
	return nil
}
