package annotate

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"
)

// op is one recorded write: the value of a key before and after. A nil value means
// absent. Undo writes the befores back in reverse order, redo the afters in order.
type op struct {
	Bucket string  `json:"b"`
	Key    string  `json:"k"`
	Before *string `json:"before,omitempty"`
	After  *string `json:"after,omitempty"`
}

// Tx is a command's view of the store inside one bbolt transaction. Every write goes
// through it, so it can record the undo information and the ids the index must update.
type Tx struct {
	b       *bolt.Tx
	ops     []op
	record  bool
	changes map[string]map[string]bool // bucket → ids
	cb      *Codebook
	clock   func() time.Time
	label   string // set by commands whose label depends on what they read
	retired []RetiredTag

	// hidden are the annotations a running self-check hides from views (nil in commands).
	hidden map[string]bool
}

var errNoChange = errors.New("no change")

func newTx(b *bolt.Tx, record bool) *Tx {
	return &Tx{b: b, record: record, changes: map[string]map[string]bool{}}
}

// changeSet lists the ids written in this transaction.
func (t *Tx) changeSet() ChangeSet {
	list := func(bucket []byte) []string {
		var ids []string
		for id := range t.changes[string(bucket)] {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		return ids
	}
	arts := list(bArticles)
	arts = mergeIDs(arts, list(bTexts))
	// Hiding or showing an annotation (a self-check) changes what the index may hold.
	anns := mergeIDs(list(bAnnotations), list(bRecodeHidden))
	return ChangeSet{Articles: arts, Annotations: anns, Tags: list(bTags)}
}

// write sets bucket[key] to val (nil deletes), keeps the secondary indexes in step and
// records the change.
func (t *Tx) write(bucket []byte, key string, val *string) error {
	bk := t.b.Bucket(bucket)
	var before *string
	if old := bk.Get([]byte(key)); old != nil {
		s := string(old)
		before = &s
	}
	if before == nil && val == nil {
		return nil
	}
	if before != nil && val != nil && *before == *val {
		return nil
	}
	if err := t.reindexSecondary(bucket, key, before, val); err != nil {
		return err
	}
	var err error
	if val == nil {
		err = bk.Delete([]byte(key))
	} else {
		err = bk.Put([]byte(key), []byte(*val))
	}
	if err != nil {
		return err
	}
	if t.record {
		t.ops = append(t.ops, op{Bucket: string(bucket), Key: key, Before: before, After: val})
	}
	if t.changes[string(bucket)] == nil {
		t.changes[string(bucket)] = map[string]bool{}
	}
	t.changes[string(bucket)][key] = true
	if bytes.Equal(bucket, bTags) {
		t.cb = nil
	}
	return nil
}

// reindexSecondary maintains annotations_by_article, articles_by_hash and articles_by_url.
func (t *Tx) reindexSecondary(bucket []byte, key string, before, after *string) error {
	switch {
	case bytes.Equal(bucket, bAnnotations):
		idx := t.b.Bucket(bByArticle)
		if before != nil {
			var a Annotation
			if json.Unmarshal([]byte(*before), &a) == nil {
				idx.Delete([]byte(a.ArticleID + "\x00" + key))
				if err := countTagUse(t.b, a, -1); err != nil {
					return err
				}
			}
		}
		if after != nil {
			var a Annotation
			if err := json.Unmarshal([]byte(*after), &a); err != nil {
				return err
			}
			if err := countTagUse(t.b, a, +1); err != nil {
				return err
			}
			return idx.Put([]byte(a.ArticleID+"\x00"+key), nil)
		}
	case bytes.Equal(bucket, bArticles):
		hashes, urls := t.b.Bucket(bByHash), t.b.Bucket(bByURL)
		if before != nil {
			var a Article
			if json.Unmarshal([]byte(*before), &a) == nil {
				if string(hashes.Get([]byte(a.SHA256))) == key {
					hashes.Delete([]byte(a.SHA256))
				}
				if a.URL != "" && string(urls.Get(urlKey(a.URL))) == key {
					urls.Delete(urlKey(a.URL))
				}
				if a.MessageID != "" && string(t.b.Bucket(bByMessage).Get([]byte(a.MessageID))) == key {
					t.b.Bucket(bByMessage).Delete([]byte(a.MessageID))
				}
			}
		}
		if after != nil {
			var a Article
			if err := json.Unmarshal([]byte(*after), &a); err != nil {
				return err
			}
			if err := hashes.Put([]byte(a.SHA256), []byte(key)); err != nil {
				return err
			}
			if a.MessageID != "" {
				if err := t.b.Bucket(bByMessage).Put([]byte(a.MessageID), []byte(key)); err != nil {
					return err
				}
			}
			if a.URL != "" {
				return urls.Put(urlKey(a.URL), []byte(key))
			}
		}
	}
	return nil
}

func (t *Tx) putJSON(bucket []byte, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	s := string(b)
	return t.write(bucket, key, &s)
}

func getJSON[T any](b *bolt.Tx, bucket []byte, key string) (T, bool, error) {
	var v T
	raw := b.Bucket(bucket).Get([]byte(key))
	if raw == nil {
		return v, false, nil
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return v, false, fmt.Errorf("read %s %s: %w", bucket, key, err)
	}
	return v, true, nil
}

// PutArticle stores article metadata (without its text).
func (t *Tx) PutArticle(a Article) error { return t.putJSON(bArticles, a.ID, a) }

// PutText stores an article's canonical text.
func (t *Tx) PutText(id, text string) error { return t.write(bTexts, id, &text) }

// PutAnnotation stores an annotation.
func (t *Tx) PutAnnotation(a Annotation) error { return t.putJSON(bAnnotations, a.ID, a) }

// PutTag stores a tag.
func (t *Tx) PutTag(tag Tag) error { return t.putJSON(bTags, tag.ID, tag) }

// DeleteAnnotation removes an annotation.
func (t *Tx) DeleteAnnotation(id string) error { return t.write(bAnnotations, id, nil) }

// retireTag tells a team replica where the uses of a tag being deleted went, so that a
// colleague's concurrent uses can follow (see RetiredTag).
func (t *Tx) retireTag(id, into, childrenTo string) {
	t.retired = append(t.retired, RetiredTag{ID: id, Into: into, ChildrenTo: childrenTo})
}

// DeleteTag removes a tag (the caller fixes its annotations and children first).
func (t *Tx) DeleteTag(id string) error { return t.write(bTags, id, nil) }

// DeleteArticle removes an article, its text and its annotations.
func (t *Tx) DeleteArticle(id string) error {
	anns, err := t.AnnotationsOf(id)
	if err != nil {
		return err
	}
	for _, a := range anns {
		if err := t.DeleteAnnotation(a.ID); err != nil {
			return err
		}
	}
	if err := t.write(bTexts, id, nil); err != nil {
		return err
	}
	return t.write(bArticles, id, nil)
}

// Article reads an article's metadata, with its text when withText.
func (t *Tx) Article(id string, withText bool) (Article, error) {
	return readArticle(t.b, id, withText)
}

func readArticle(b *bolt.Tx, id string, withText bool) (Article, error) {
	a, ok, err := getJSON[Article](b, bArticles, id)
	if err != nil {
		return a, err
	}
	if !ok {
		return a, notFoundf("no article %s in the workspace", id)
	}
	if withText {
		a.Text = string(b.Bucket(bTexts).Get([]byte(id)))
	}
	return a, nil
}

// Annotation reads one annotation.
func (t *Tx) Annotation(id string) (Annotation, error) {
	if t.hidden[id] {
		return Annotation{}, hiddenErr(id)
	}
	return readAnnotation(t.b, id)
}

func readAnnotation(b *bolt.Tx, id string) (Annotation, error) {
	a, ok, err := getJSON[Annotation](b, bAnnotations, id)
	if err != nil {
		return a, err
	}
	if !ok {
		return a, notFoundf("no annotation %s in the workspace", id)
	}
	return a, nil
}

// AnnotationsOf lists an article's annotations in text order.
func (t *Tx) AnnotationsOf(articleID string) ([]Annotation, error) {
	anns, err := annotationsOf(t.b, articleID)
	return VisibleAnnotations(anns, t.hidden), err
}

func annotationsOf(b *bolt.Tx, articleID string) ([]Annotation, error) {
	var out []Annotation
	prefix := []byte(articleID + "\x00")
	c := b.Bucket(bByArticle).Cursor()
	anns := b.Bucket(bAnnotations)
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		raw := anns.Get(k[len(prefix):])
		if raw == nil {
			continue
		}
		var a Annotation
		if err := json.Unmarshal(raw, &a); err != nil {
			return nil, fmt.Errorf("read annotation %s: %w", k[len(prefix):], err)
		}
		out = append(out, a)
	}
	sortAnnotations(out)
	return out, nil
}

func sortAnnotations(anns []Annotation) {
	sort.SliceStable(anns, func(i, j int) bool {
		a, b := anns[i], anns[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		if a.End != b.End {
			return a.End < b.End
		}
		return a.Created.Before(b.Created)
	})
}

// Codebook returns the current tag tree (as changed so far in this transaction).
func (t *Tx) Codebook() (*Codebook, error) {
	if t.cb != nil {
		return t.cb, nil
	}
	cb, err := readCodebook(t.b)
	t.cb = cb
	return cb, err
}

func readCodebook(b *bolt.Tx) (*Codebook, error) {
	var tags []Tag
	err := b.Bucket(bTags).ForEach(func(k, v []byte) error {
		var t Tag
		if err := json.Unmarshal(v, &t); err != nil {
			return fmt.Errorf("read tag %s: %w", k, err)
		}
		tags = append(tags, t)
		return nil
	})
	return NewCodebook(tags), err
}

// EachAnnotation calls fn for every annotation of the workspace.
func (t *Tx) EachAnnotation(fn func(Annotation) error) error {
	return eachVisibleAnnotation(t.b, t.hidden, fn)
}

func eachVisibleAnnotation(b *bolt.Tx, hidden map[string]bool, fn func(Annotation) error) error {
	if len(hidden) == 0 {
		return eachAnnotation(b, fn)
	}
	return eachAnnotation(b, func(a Annotation) error {
		if hidden[a.ID] {
			return nil
		}
		return fn(a)
	})
}

func eachAnnotation(b *bolt.Tx, fn func(Annotation) error) error {
	return b.Bucket(bAnnotations).ForEach(func(k, v []byte) error {
		var a Annotation
		if err := json.Unmarshal(v, &a); err != nil {
			return fmt.Errorf("read annotation %s: %w", k, err)
		}
		return fn(a)
	})
}

// author is the workspace's author setting, read inside the transaction.
func (t *Tx) author() string {
	if a := string(t.b.Bucket(bMeta).Get(kAuthor)); a != "" {
		return a
	}
	return defaultAuthor()
}

// nowUTC is the command's clock (the workspace's, replaceable in tests).
func (t *Tx) nowUTC() time.Time { return t.clock().UTC() }

// countTagUse adds delta to the (tag, article) counters of an annotation's tags. They sit
// in annotations_by_article beside the article's annotations ("articleID\x01tagID"), so
// that a new annotation changes one leaf of one tree for both: a bucket of their own was
// one more path of pages (four on a 100,000-annotation workspace) written by every
// command. Reading every tag's usage is still one bucket scan.
func countTagUse(b *bolt.Tx, a Annotation, delta int64) error {
	usage := b.Bucket(bByArticle)
	seen := make(map[string]bool, len(a.TagIDs))
	for _, tag := range a.TagIDs {
		if seen[tag] {
			continue
		}
		seen[tag] = true
		key := usageKey(a.ArticleID, tag)
		n := int64(0)
		if v := usage.Get(key); len(v) == 8 {
			n = int64(binary.BigEndian.Uint64(v))
		}
		n += delta
		if n <= 0 {
			if err := usage.Delete(key); err != nil {
				return err
			}
			continue
		}
		if err := usage.Put(key, uintKey(uint64(n))); err != nil {
			return err
		}
	}
	return nil
}

// usageKey is the key of a tag's counter in an article.
func usageKey(articleID, tagID string) []byte { return []byte(articleID + "\x01" + tagID) }

// eachTagUse calls fn with every tag counter: the tag, the article and the count.
func eachTagUse(b *bolt.Tx, fn func(tag, article []byte, n uint64)) {
	b.Bucket(bByArticle).ForEach(func(k, v []byte) error {
		if i := bytes.IndexByte(k, 1); i > 0 && len(v) == 8 {
			fn(k[i+1:], k[:i], binary.BigEndian.Uint64(v))
		}
		return nil
	})
}

// moveTagUsage brings the tag counters of an older store into annotations_by_article:
// moved from the tag_usage bucket, or counted from the annotations when the store is
// from before the counters.
func moveTagUsage(b *bolt.Tx) error {
	old := b.Bucket(bTagUsage)
	if old == nil {
		return rebuildTagUsage(b)
	}
	idx := b.Bucket(bByArticle)
	err := old.ForEach(func(k, v []byte) error {
		if i := bytes.IndexByte(k, 0); i > 0 {
			return idx.Put(usageKey(string(k[i+1:]), string(k[:i])), v)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return b.DeleteBucket(bTagUsage)
}

// rebuildTagUsage counts the tag counters again from the annotations.
func rebuildTagUsage(b *bolt.Tx) error {
	idx := b.Bucket(bByArticle)
	var stale [][]byte
	eachTagUse(b, func(tag, article []byte, _ uint64) {
		stale = append(stale, usageKey(string(article), string(tag)))
	})
	for _, k := range stale {
		if err := idx.Delete(k); err != nil {
			return err
		}
	}
	return eachAnnotation(b, func(a Annotation) error { return countTagUse(b, a, +1) })
}
