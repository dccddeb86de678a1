package annotate

import (
	"encoding/json"
	"net/url"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// trackingParams are query parameters (or prefixes of them) that identify a click, not a page.
var trackingParams = []string{"utm_", "fbclid", "gclid", "yclid", "dclid", "msclkid", "mc_cid", "mc_eid", "ocid", "cmpid", "igshid"}

// urlIndexForm names the normalisation that keys the articles_by_url index; a store
// recorded with another form has its index re-keyed on open (rebuildURLIndex).
const urlIndexForm = "normalized-2"

// urlKey is the articles_by_url key of an article URL: its normalised form, so that a
// lookup finds the article whatever form of the address it was stored or asked with.
func urlKey(u string) []byte { return []byte(NormalizeURL(u)) }

// rebuildURLIndex re-keys articles_by_url from the articles' URLs.
func rebuildURLIndex(b *bolt.Tx) error {
	urls := b.Bucket(bByURL)
	c := urls.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.First() {
		if err := c.Delete(); err != nil {
			return err
		}
	}
	err := b.Bucket(bArticles).ForEach(func(k, v []byte) error {
		var a Article
		if json.Unmarshal(v, &a) != nil || a.URL == "" {
			return nil
		}
		return urls.Put(urlKey(a.URL), k)
	})
	if err != nil {
		return err
	}
	return b.Bucket(bMeta).Put(kURLIndex, []byte(urlIndexForm))
}

// NormalizeURL gives the form of a URL Gloss uses to recognise the same article, wherever
// the URL comes from (an imported page, a feed item, the target of a W3C annotation):
// lower-case scheme and host, no default port (:80 for http, :443 for https), no
// fragment, no tracking parameters (utm_*, fbclid, gclid …), no trailing slash after the
// path. Anything that is not an absolute URL with a host comes back trimmed.
func NormalizeURL(s string) string {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return s
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	if port := u.Port(); (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		u.Host = strings.TrimSuffix(u.Host, ":"+port)
	}
	u.Fragment, u.RawFragment = "", ""
	if u.RawQuery != "" {
		q := u.Query()
		removed := false
		for k := range q {
			for _, p := range trackingParams {
				if strings.HasPrefix(strings.ToLower(k), p) {
					q.Del(k)
					removed = true
				}
			}
		}
		if removed {
			u.RawQuery = q.Encode()
		}
	}
	u.ForceQuery = false
	if trimmed := strings.TrimRight(u.Path, "/"); trimmed != u.Path {
		u.Path = trimmed
		if u.RawPath != "" {
			u.RawPath = strings.TrimRight(u.RawPath, "/")
		}
	}
	return u.String()
}
