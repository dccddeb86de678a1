package annotate

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// Telegram posts and e-mails are messages: each is an article with a MessageID, and a
// channel (the article's Source) groups many of them. This file holds what the domain
// knows about them beyond the import itself.

// ArticleByMessageID finds the article of a message ("telegram:CHAT/42", "email:<id>"),
// e.g. the one another article's ReplyTo names.
func (ws *Workspace) ArticleByMessageID(id string) (Article, bool) {
	return ws.articleByKey(bByMessage, id)
}

// telegramUsernameKey is the meta key under which a channel's @username is remembered.
func telegramUsernameKey(chatID string) []byte { return []byte("telegram_username\x00" + chatID) }

// TelegramUsernames returns the remembered @usernames of Telegram channels by chat id
// (the export's "id"), without the "@". A Telegram export does not carry the username,
// so it is remembered once the analyst gives it (gloss import --telegram-username).
func (ws *Workspace) TelegramUsernames() map[string]string {
	out := map[string]string{}
	prefix := telegramUsernameKey("")
	ws.db.View(func(b *bolt.Tx) error {
		c := b.Bucket(bMeta).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			out[string(k[len(prefix):])] = string(v)
		}
		return nil
	})
	return out
}

// TelegramPostURL is the public link of a channel post: https://t.me/USERNAME/ID.
func TelegramPostURL(username string, messageID int64) string {
	return fmt.Sprintf("https://t.me/%s/%d", username, messageID)
}

// TelegramMessageID is the MessageID of a Telegram message: "telegram:CHAT/ID".
func TelegramMessageID(chatID string, messageID int64) string {
	return fmt.Sprintf("telegram:%s/%d", chatID, messageID)
}

// ValidTelegramUsername checks a public username as Telegram allows them: 4 to 32 letters,
// digits and underscores, starting with a letter. A leading "@" or "https://t.me/" is
// accepted and dropped.
func ValidTelegramUsername(name string) (string, error) {
	name = strings.TrimSpace(name)
	for _, p := range []string{"https://t.me/", "http://t.me/", "t.me/", "@"} {
		name = strings.TrimPrefix(name, p)
	}
	name = strings.TrimSuffix(name, "/")
	ok := len(name) >= 4 && len(name) <= 32
	for i, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case (r >= '0' && r <= '9' || r == '_') && i > 0:
		default:
			ok = false
		}
	}
	if !ok {
		return "", invalidf("%q is not a Telegram username (4 to 32 letters, digits or _, starting with a letter)", name)
	}
	return name, nil
}

// RememberTelegramUsername remembers username for the channel chatID and gives every
// article of that channel already in the workspace its https://t.me/USERNAME/ID link.
// The username itself is a setting (like the author name); the links are part of the
// batch's undo step. It returns how many articles got a new link.
func (b *Batch) RememberTelegramUsername(chatID, username string) (int, error) {
	name, err := ValidTelegramUsername(username)
	if err != nil {
		return 0, err
	}
	if strings.TrimSpace(chatID) == "" || strings.ContainsAny(chatID, "/\x00") {
		return 0, invalidf("%q is not a Telegram chat id", chatID)
	}
	ws := b.ws
	ws.mu.Lock()
	err = ws.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bMeta).Put(telegramUsernameKey(chatID), []byte(name)) })
	ws.mu.Unlock()
	if err != nil {
		return 0, fmt.Errorf("the Telegram username was not saved: %w", err)
	}
	changed := 0
	label := b.label
	if label == "" {
		label = "Telegram links of @" + name
	}
	_, err = ws.run(label, b.group, func(t *Tx) error {
		prefix := []byte(TelegramMessageID(chatID, 0))
		prefix = prefix[:len(prefix)-1] // "telegram:CHAT/"
		urls := t.b.Bucket(bByURL)
		var ids []string
		var msgs []int64
		c := t.b.Bucket(bByMessage).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			var n int64
			if _, err := fmt.Sscan(string(k[len(prefix):]), &n); err != nil {
				continue
			}
			ids = append(ids, string(v))
			msgs = append(msgs, n)
		}
		for i, id := range ids {
			a, err := t.Article(id, false)
			if err != nil {
				return err
			}
			u := TelegramPostURL(name, msgs[i])
			if a.URL == u {
				continue
			}
			if other := urls.Get(urlKey(u)); other != nil && string(other) != id {
				continue // another article holds that link already
			}
			a.URL = u
			if err := t.PutArticle(a); err != nil {
				return err
			}
			changed++
		}
		return nil
	})
	return changed, err
}

// ArticleFilter selects library rows. Empty fields select everything.
type ArticleFilter struct {
	Source string // the outlet or Telegram channel, compared without regard to case
}

// Match reports whether a passes the filter.
func (f ArticleFilter) Match(a Article) bool {
	return f.Source == "" || strings.EqualFold(strings.TrimSpace(a.Source), strings.TrimSpace(f.Source))
}

// FilterArticles keeps the rows that pass f, in their order.
func FilterArticles(list []ArticleSummary, f ArticleFilter) []ArticleSummary {
	var out []ArticleSummary
	for _, a := range list {
		if f.Match(a.Article) {
			out = append(out, a)
		}
	}
	return out
}

// SourceCount is one group of the library by source: how many articles and annotations
// an outlet or channel has.
type SourceCount struct {
	Source      string `json:"source"` // "" for articles without a source
	Articles    int    `json:"articles"`
	Annotations int    `json:"annotations"`
}

// CountBySource groups library rows by source (case-insensitively, under the first
// spelling met), largest group first, then by name.
func CountBySource(list []ArticleSummary) []SourceCount {
	index := map[string]int{}
	var out []SourceCount
	for _, a := range list {
		src := strings.TrimSpace(a.Source)
		key := strings.ToLower(src)
		i, ok := index[key]
		if !ok {
			i = len(out)
			index[key] = i
			out = append(out, SourceCount{Source: src})
		}
		out[i].Articles++
		out[i].Annotations += a.Annotations
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Articles != out[j].Articles {
			return out[i].Articles > out[j].Articles
		}
		return strings.ToLower(out[i].Source) < strings.ToLower(out[j].Source)
	})
	return out
}
