package annotate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"

	bolt "go.etcd.io/bbolt"
)

// View runs fn with a read-only transaction: a consistent snapshot, concurrent with commands.
// Annotations a running self-check hides are not in it (ViewAll has them).
func (ws *Workspace) View(fn func(t *Tx) error) error {
	return ws.db.View(func(b *bolt.Tx) error {
		t := newTx(b, false)
		t.hidden = loadHidden(b)
		return fn(t)
	})
}

// Article returns an article with its canonical text.
func (ws *Workspace) Article(id string) (Article, error) {
	var a Article
	err := ws.db.View(func(b *bolt.Tx) error {
		var err error
		a, err = readArticle(b, id, true)
		return err
	})
	return a, err
}

// ResolveArticle finds an article by its id or a unique prefix of it.
func (ws *Workspace) ResolveArticle(ref string) (Article, error) {
	id, err := ws.resolvePrefix(bArticles, "article", ref)
	if err != nil {
		return Article{}, err
	}
	return ws.Article(id)
}

// Articles lists every article (without text) with its annotation count, newest
// published first (undated ones by import time).
func (ws *Workspace) Articles() ([]ArticleSummary, error) {
	var out []ArticleSummary
	err := ws.db.View(func(b *bolt.Tx) error {
		// Keys are "articleID\x00annotationID" in order: count runs of one article, so
		// the map gets one entry (and one string) per article, not per annotation.
		counts := map[string]int{}
		var run []byte
		n := 0
		b.Bucket(bByArticle).ForEach(func(k, _ []byte) error {
			i := bytes.IndexByte(k, 0)
			if i <= 0 {
				return nil
			}
			if !bytes.Equal(k[:i], run) {
				if n > 0 {
					counts[string(run)] = n
				}
				run, n = append(run[:0], k[:i]...), 0
			}
			n++
			return nil
		})
		if n > 0 {
			counts[string(run)] = n
		}
		if hidden := loadHidden(b); hidden != nil { // a self-check hides some
			for id, n := range countHidden(b, hidden).perArticle {
				counts[id] -= n
			}
		}
		return b.Bucket(bArticles).ForEach(func(k, v []byte) error {
			var a Article
			if err := json.Unmarshal(v, &a); err != nil {
				return fmt.Errorf("read article %s: %w", k, err)
			}
			out = append(out, ArticleSummary{Article: a, Annotations: counts[a.ID]})
			return nil
		})
	})
	sort.SliceStable(out, func(i, j int) bool {
		ti, tj := out[i].Published, out[j].Published
		if ti.IsZero() {
			ti = out[i].ImportedAt
		}
		if tj.IsZero() {
			tj = out[j].ImportedAt
		}
		if !ti.Equal(tj) {
			return ti.After(tj)
		}
		return out[i].Title < out[j].Title
	})
	return out, err
}

// Annotations lists an article's annotations in text order.
func (ws *Workspace) Annotations(articleID string) ([]Annotation, error) {
	var out []Annotation
	err := ws.db.View(func(b *bolt.Tx) error {
		var err error
		out, err = annotationsOf(b, articleID)
		out = VisibleAnnotations(out, loadHidden(b))
		return err
	})
	return out, err
}

// Annotation returns one annotation.
func (ws *Workspace) Annotation(id string) (Annotation, error) {
	var a Annotation
	err := ws.db.View(func(b *bolt.Tx) error {
		if loadHidden(b)[id] {
			return hiddenErr(id)
		}
		var err error
		a, err = readAnnotation(b, id)
		return err
	})
	return a, err
}

// Codebook returns a snapshot of the tag tree.
func (ws *Workspace) Codebook() (*Codebook, error) {
	var cb *Codebook
	err := ws.db.View(func(b *bolt.Tx) error {
		var err error
		cb, err = readCodebook(b)
		return err
	})
	return cb, err
}

// TagUsage counts, per tag id, the annotations carrying it and the articles they are in.
type TagUsage struct {
	Annotations int `json:"annotations"`
	Articles    int `json:"articles"`
}

// TagUsage counts the use of every tag, from the counters the store keeps in step with
// every change (one scan, not a pass over all annotations).
func (ws *Workspace) TagUsage() (map[string]TagUsage, error) {
	usage := map[string]TagUsage{}
	err := ws.db.View(func(b *bolt.Tx) error {
		eachTagUse(b, func(tag, _ []byte, n uint64) {
			u := usage[string(tag)]
			u.Annotations += int(n)
			u.Articles++
			usage[string(tag)] = u
		})
		if loadHidden(b) == nil {
			return nil
		}
		for tag, h := range countHidden(b, loadHidden(b)).perTag { // a self-check hides some
			u := usage[tag]
			u.Annotations -= h.Annotations
			u.Articles -= h.Articles
			if u.Annotations <= 0 {
				delete(usage, tag)
			} else {
				usage[tag] = u
			}
		}
		return nil
	})
	return usage, err
}

// Counts returns the number of articles and annotations.
func (ws *Workspace) Counts() (articles, annotations int) {
	ws.db.View(func(b *bolt.Tx) error {
		articles = b.Bucket(bArticles).Stats().KeyN
		annotations = b.Bucket(bAnnotations).Stats().KeyN
		if hidden := loadHidden(b); hidden != nil { // a self-check hides some
			annotations -= countHidden(b, hidden).total
		}
		return nil
	})
	return
}

// EachAnnotation calls fn for every annotation, in a consistent snapshot (but those a
// running self-check hides).
func (ws *Workspace) EachAnnotation(fn func(Annotation) error) error {
	return ws.db.View(func(b *bolt.Tx) error { return eachVisibleAnnotation(b, loadHidden(b), fn) })
}

// EachArticle calls fn for every article (with its text when withText), in a snapshot.
func (ws *Workspace) EachArticle(withText bool, fn func(Article) error) error {
	return ws.db.View(func(b *bolt.Tx) error {
		texts := b.Bucket(bTexts)
		return b.Bucket(bArticles).ForEach(func(k, v []byte) error {
			var a Article
			if err := json.Unmarshal(v, &a); err != nil {
				return fmt.Errorf("read article %s: %w", k, err)
			}
			if withText {
				a.Text = string(texts.Get(k))
			}
			return fn(a)
		})
	})
}

// ArticleByHash and ArticleByURL find an article by the SHA-256 of its text or its URL.
func (ws *Workspace) ArticleByHash(sha string) (Article, bool) { return ws.articleByKey(bByHash, sha) }

// ArticleByURL finds an article by its URL.
func (ws *Workspace) ArticleByURL(url string) (Article, bool) {
	return ws.articleByKey(bByURL, string(urlKey(url)))
}

func (ws *Workspace) articleByKey(bucket []byte, key string) (Article, bool) {
	var a Article
	var ok bool
	ws.db.View(func(b *bolt.Tx) error {
		id := b.Bucket(bucket).Get([]byte(key))
		if id == nil {
			return nil
		}
		var err error
		a, err = readArticle(b, string(id), false)
		ok = err == nil
		return nil
	})
	return a, ok
}
