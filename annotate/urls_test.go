package annotate

import (
	"encoding/json"
	"testing"

	bolt "go.etcd.io/bbolt"
)

func TestNormalizeURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://news.example.org/uk/strike":                          "https://news.example.org/uk/strike",
		"HTTPS://News.Example.ORG/uk/strike":                          "https://news.example.org/uk/strike",
		"https://news.example.org:443/uk/strike":                      "https://news.example.org/uk/strike",
		"http://news.example.org:80/uk/strike":                        "http://news.example.org/uk/strike",
		"http://news.example.org:8080/uk/strike":                      "http://news.example.org:8080/uk/strike",
		"https://news.example.org/uk/strike/":                         "https://news.example.org/uk/strike",
		"https://news.example.org/":                                   "https://news.example.org",
		"https://news.example.org/uk/strike#comments":                 "https://news.example.org/uk/strike",
		"https://news.example.org/uk/strike?utm_source=tg&id=7":       "https://news.example.org/uk/strike?id=7",
		"https://news.example.org/uk/strike?fbclid=x&gclid=y":         "https://news.example.org/uk/strike",
		"  https://news.example.org/uk/strike?utm_medium=social#top ": "https://news.example.org/uk/strike",
		"kharkiv.txt":    "kharkiv.txt",
		"urn:sha256:abc": "urn:sha256:abc",
	} {
		if got := NormalizeURL(in); got != want {
			t.Errorf("NormalizeURL(%q) = %q, want %q", in, got, want)
		}
	}
}

// A store whose URL index was written under an older normalisation (the article's URL
// stored with a trailing slash and default port, keyed as written, no url_index mark) is
// re-keyed on open: the page imported again becomes a new version, not a second article.
func TestURLIndexOfAnOlderStoreIsRekeyed(t *testing.T) {
	ws := openTemp(t)
	first, err := ws.AddArticle(ArticleDraft{Title: "Talks", URL: "https://example.org/talks", Text: sampleText})
	if err != nil {
		t.Fatal(err)
	}
	old := "https://Example.org:443/talks/"
	err = ws.db.Update(func(b *bolt.Tx) error {
		a, err := newTx(b, false).Article(first.Article.ID, false)
		if err != nil {
			return err
		}
		a.URL = old
		raw, _ := json.Marshal(a)
		urls := b.Bucket(bByURL)
		urls.Delete(urlKey(old))
		if err := urls.Put([]byte(old), []byte(a.ID)); err != nil {
			return err
		}
		if err := b.Bucket(bArticles).Put([]byte(a.ID), raw); err != nil {
			return err
		}
		return b.Bucket(bMeta).Delete(kURLIndex)
	})
	if err != nil {
		t.Fatal(err)
	}
	ws = reopen(t, ws)
	if a, ok := ws.ArticleByURL("https://example.org/talks"); !ok || a.ID != first.Article.ID {
		t.Fatalf("after re-keying, the normalised URL finds %+v %v", a, ok)
	}
	upd, err := ws.AddArticle(ArticleDraft{Title: "Talks (updated)", URL: "https://example.org/talks?utm_source=x", Text: "Update. " + sampleText})
	if err != nil || upd.Status != StatusUpdated || upd.Article.ID != first.Article.ID {
		t.Fatalf("re-import of the page: %+v %v, want a new version of %s", upd, err, first.Article.ID)
	}
	checkConsistent(t, ws)
}
