package annotate

import "github.com/google/uuid"

// articleNamespace is the UUIDv5 namespace of article ids derived from their text.
var articleNamespace = uuid.MustParse("3b0e7a52-52c5-4c1f-9d0c-6f2b8e1f4a10")

// ArticleIDForText is the id a new article with this canonical text's SHA-256 gets: a
// UUIDv5 of the hash, so that two analysts who import the same text on their own desks
// create the same article, and a team project holds it once.
func ArticleIDForText(sha256hex string) string {
	return uuid.NewSHA1(articleNamespace, []byte(sha256hex)).String()
}

// newArticleID is ArticleIDForText unless an article already has that id (one whose text
// was replaced by a newer version keeps its first id): then a random one.
func newArticleID(t *Tx, sha256hex string) string {
	id := ArticleIDForText(sha256hex)
	if t.b.Bucket(bArticles).Get([]byte(id)) != nil {
		return uuid.NewString()
	}
	return id
}
