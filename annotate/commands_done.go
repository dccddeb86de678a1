package annotate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// done_marks holds "articleID\x00coder" → DoneMark: a coder has finished coding an
// article, so agreement counts it as coded by them even where they highlighted nothing
// (their values there are 0, not missing).
var bDoneMarks = []byte("done_marks")

func init() { allBuckets = append(allBuckets, bDoneMarks) }

// DoneMark says that a coder finished an article.
type DoneMark struct {
	ArticleID string    `json:"article"`
	Coder     string    `json:"coder"`
	Time      time.Time `json:"time"`
}

func doneKey(articleID, coder string) string { return articleID + "\x00" + coder }

// MarkDone records that coder ("" for the workspace's author) has finished coding the
// article (undoable). Marking it again changes nothing.
func (ws *Workspace) MarkDone(articleID, coder string) (Result, error) {
	return ws.doneCommand(articleID, coder, func(t *Tx, art Article, coder, key string) (string, error) {
		label := fmt.Sprintf("Marked '%s' done for %s", shorten(art.Title, 40), coder)
		if t.b.Bucket(bDoneMarks).Get([]byte(key)) != nil {
			return label, nil // already marked: nothing to record
		}
		return label, t.putJSON(bDoneMarks, key, DoneMark{ArticleID: art.ID, Coder: coder, Time: t.nowUTC()})
	})
}

// UnmarkDone takes a done mark back (undoable).
func (ws *Workspace) UnmarkDone(articleID, coder string) (Result, error) {
	return ws.doneCommand(articleID, coder, func(t *Tx, art Article, coder, key string) (string, error) {
		if t.b.Bucket(bDoneMarks).Get([]byte(key)) == nil {
			return "", invalidf("'%s' is not marked done for %s", shorten(art.Title, 40), coder)
		}
		return fmt.Sprintf("Unmarked '%s' done for %s", shorten(art.Title, 40), coder), t.write(bDoneMarks, key, nil)
	})
}

// doneCommand runs a command on the done mark of (article, coder).
func (ws *Workspace) doneCommand(articleID, coder string, fn func(t *Tx, art Article, coder, key string) (string, error)) (Result, error) {
	return ws.runLabelled(func(t *Tx) (string, error) {
		art, err := t.Article(articleID, false)
		if err != nil {
			return "", err
		}
		coder, err := coderName(t, coder)
		if err != nil {
			return "", err
		}
		return fn(t, art, coder, doneKey(art.ID, coder))
	})
}

func coderName(t *Tx, coder string) (string, error) {
	coder = strings.TrimSpace(coder)
	if coder == "" {
		return t.author(), nil
	}
	if strings.ContainsRune(coder, 0) {
		return "", invalidf("a coder's name cannot hold a NUL character")
	}
	return coder, nil
}

// DoneMarks lists every done mark, by article then coder.
func (ws *Workspace) DoneMarks() ([]DoneMark, error) {
	var out []DoneMark
	err := ws.db.View(func(b *bolt.Tx) error { return eachDoneMark(b, "", func(d DoneMark) { out = append(out, d) }) })
	return out, err
}

// DoneMarksOf lists the coders who marked the article done, sorted.
func (ws *Workspace) DoneMarksOf(articleID string) ([]string, error) {
	var out []string
	err := ws.db.View(func(b *bolt.Tx) error {
		return eachDoneMark(b, articleID, func(d DoneMark) { out = append(out, d.Coder) })
	})
	sort.Strings(out)
	return out, err
}

// DoneMarks lists the done marks inside a transaction.
func (t *Tx) DoneMarks() ([]DoneMark, error) {
	var out []DoneMark
	err := eachDoneMark(t.b, "", func(d DoneMark) { out = append(out, d) })
	return out, err
}

func eachDoneMark(b *bolt.Tx, articleID string, fn func(DoneMark)) error {
	bk := b.Bucket(bDoneMarks)
	if bk == nil {
		return nil
	}
	var prefix []byte
	if articleID != "" {
		prefix = []byte(articleID + "\x00")
	}
	c := bk.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		var d DoneMark
		if err := json.Unmarshal(v, &d); err != nil {
			return fmt.Errorf("read done mark %q: %w", k, err)
		}
		fn(d)
	}
	return nil
}
