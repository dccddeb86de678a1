package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/language"

	"gloss.app/gloss/annotate"
)

// ErrNoArticle is returned for a page in which no article text can be found.
var ErrNoArticle = errors.New("no article text was found in the page")

// minArticleRunes is the least body text a page must yield to count as an article.
const minArticleRunes = 80

// maxHTMLElements keeps pathological pages from taking minutes in the extractor.
const maxHTMLElements = 200_000

// DecodeHTML converts a page to UTF-8, honouring a BOM, the HTTP Content-Type
// (contentType, may be "") and a <meta charset>; pages that declare nothing are read as
// UTF-8 when valid, else detected like plain text.
func DecodeHTML(b []byte, contentType string) (string, error) {
	if len(bytes.TrimSpace(b)) == 0 {
		return "", ErrEmpty
	}
	enc, name, certain := charset.DetermineEncoding(b, contentType)
	if !certain && utf8.Valid(b) {
		return string(b), nil
	}
	if !certain {
		s, _, err := DecodeText(b)
		return s, err
	}
	s, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return "", fmt.Errorf("the page declares the encoding %s but is not valid in it", name)
	}
	return strings.TrimPrefix(string(s), "\uFEFF"), nil
}

// ReadHTML extracts the article of a saved or fetched page. pageURL (may be nil) resolves
// relative links and is the fallback canonical URL.
func ReadHTML(b []byte, contentType string, pageURL *url.URL) (annotate.ArticleDraft, error) {
	src, err := DecodeHTML(b, contentType)
	if err != nil {
		return annotate.ArticleDraft{}, err
	}
	if looksBinary([]byte(src)) {
		return annotate.ArticleDraft{}, ErrBinary
	}
	return extractArticle(src, pageURL)
}

func extractArticle(src string, pageURL *url.URL) (d annotate.ArticleDraft, err error) {
	defer recoverParser("HTML", &err)
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil {
		return d, fmt.Errorf("the page cannot be parsed: %w", err)
	}
	meta := readMeta(doc, pageURL)
	removeClutter(doc)
	p := readability.NewParser()
	p.MaxElemsToParse = maxHTMLElements
	art, err := p.ParseAndMutate(doc, pageURL)
	if err != nil {
		if strings.Contains(err.Error(), "too large") {
			return d, errors.New("the page is too complex to extract an article from")
		}
		return d, ErrNoArticle
	}
	d.Title = firstNonEmpty(oneLine(art.Title()), meta.title)
	var blocks []string
	if art.Node != nil {
		blocks = nodeBlocks(art.Node)
	}
	if len(blocks) > 0 && d.Title != "" && strings.EqualFold(oneLine(blocks[0]), d.Title) {
		blocks = blocks[1:]
	}
	body := strings.Join(blocks, "\n\n")
	if utf8.RuneCountInString(strings.Join(strings.Fields(body), "")) < minArticleRunes {
		return d, ErrNoArticle
	}
	d.Author = cleanByline(firstNonEmpty(meta.author, art.Byline()))
	d.Published = meta.published
	if d.Published.IsZero() {
		if t, err := art.PublishedTime(); err == nil {
			d.Published = t
		}
	}
	if d.Published.IsZero() {
		d.Published = meta.timeElement
	}
	d.Text = strings.Join(dropBylines(blocks, d.Author, d.Published), "\n\n")
	d.Source = firstNonEmpty(oneLine(art.SiteName()), meta.siteName)
	d.URL = meta.canonical
	if d.URL == "" && pageURL != nil && (pageURL.Scheme == "http" || pageURL.Scheme == "https") {
		d.URL = NormalizeURL(pageURL.String())
	}
	if d.Source == "" && d.URL != "" {
		if u, err := url.Parse(d.URL); err == nil {
			d.Source = strings.TrimPrefix(u.Hostname(), "www.")
		}
	}
	d.Language = firstNonEmpty(meta.language, baseLanguage(art.Language()))
	d.Format = "html"
	return d, nil
}

// pageMeta is what the page says about itself, read before the extractor mutates it.
type pageMeta struct {
	title, author, siteName, canonical, language string
	published, timeElement                       time.Time
}

func readMeta(doc *html.Node, pageURL *url.URL) pageMeta {
	var m pageMeta
	var ogURL, canonicalRef, htmlLang, metaLang, ogLocale string
	var h1 string
	walk(doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		switch n.DataAtom {
		case atom.Html:
			htmlLang = attr(n, "lang")
			if htmlLang == "" {
				htmlLang = attr(n, "xml:lang")
			}
		case atom.Meta:
			key := strings.ToLower(firstNonEmpty(attr(n, "property"), attr(n, "name"), attr(n, "itemprop"), attr(n, "http-equiv")))
			val := strings.TrimSpace(attr(n, "content"))
			switch key {
			case "article:published_time", "datepublished", "date", "pubdate", "publishdate", "dc.date", "dc.date.issued", "dcterms.date", "dcterms.created", "sailthru.date", "parsely-pub-date", "og:published_time":
				if m.published.IsZero() {
					m.published = parseTime(val)
				}
			case "author", "article:author", "dc.creator", "parsely-author", "sailthru.author":
				if m.author == "" && !strings.Contains(val, "://") {
					m.author = val
				}
			case "og:site_name", "application-name":
				if m.siteName == "" {
					m.siteName = val
				}
			case "og:url":
				ogURL = val
			case "og:title", "twitter:title":
				if m.title == "" {
					m.title = oneLine(val)
				}
			case "content-language", "language", "dc.language":
				metaLang = val
			case "og:locale":
				ogLocale = val
			}
		case atom.Link:
			if hasToken(attr(n, "rel"), "canonical") && canonicalRef == "" {
				canonicalRef = attr(n, "href")
			}
		case atom.Script:
			if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") && n.FirstChild != nil {
				jsonLD(n.FirstChild.Data, &m)
			}
			return false
		case atom.Time:
			if m.timeElement.IsZero() || hasToken(attr(n, "itemprop"), "datePublished") || attr(n, "pubdate") != "" {
				if t := parseTime(firstNonEmpty(attr(n, "datetime"), textOf(n))); !t.IsZero() {
					if hasToken(attr(n, "itemprop"), "datePublished") && m.published.IsZero() {
						m.published = t
					}
					if m.timeElement.IsZero() {
						m.timeElement = t
					}
				}
			}
		case atom.H1:
			if h1 == "" {
				h1 = oneLine(textOf(n))
			}
		case atom.Title:
			if m.title == "" {
				m.title = oneLine(textOf(n))
			}
		}
		return true
	})
	if m.title == "" {
		m.title = h1
	}
	// A saved page's relative canonical link is resolved against its og:url.
	base := pageURL
	if base == nil || (base.Scheme != "http" && base.Scheme != "https") {
		base, _ = url.Parse(resolveURL(nil, ogURL))
	}
	m.canonical = firstNonEmpty(resolveURL(base, canonicalRef), resolveURL(base, ogURL))
	m.language = baseLanguage(firstNonEmpty(htmlLang, metaLang, ogLocale))
	return m
}

// jsonLD reads datePublished, author and publisher from a JSON-LD block (an object, an
// array of objects or an @graph).
func jsonLD(raw string, m *pageMeta) {
	var v any
	if json.Unmarshal([]byte(raw), &v) != nil {
		return
	}
	var visit func(v any, depth int)
	visit = func(v any, depth int) {
		if depth > 8 {
			return
		}
		switch v := v.(type) {
		case []any:
			for _, e := range v {
				visit(e, depth+1)
			}
		case map[string]any:
			if g, ok := v["@graph"]; ok {
				visit(g, depth+1)
			}
			if s, ok := v["datePublished"].(string); ok && m.published.IsZero() {
				m.published = parseTime(s)
			}
			if m.author == "" {
				m.author = ldName(v["author"])
			}
			if m.siteName == "" {
				m.siteName = ldName(v["publisher"])
			}
			if s, ok := v["headline"].(string); ok && m.title == "" {
				m.title = oneLine(s)
			}
		}
	}
	visit(v, 0)
}

// ldName returns the name(s) of a JSON-LD person or organisation value.
func ldName(v any) string {
	switch v := v.(type) {
	case string:
		if !strings.Contains(v, "://") {
			return oneLine(v)
		}
	case map[string]any:
		if s, ok := v["name"].(string); ok {
			return oneLine(s)
		}
	case []any:
		var names []string
		for _, e := range v {
			if s := ldName(e); s != "" {
				names = append(names, s)
			}
		}
		return strings.Join(names, ", ")
	}
	return ""
}

var timeLayouts = []string{
	time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05", "2006-01-02T15:04Z07:00",
	"2006-01-02T15:04", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02",
	time.RFC1123Z, time.RFC1123, "02.01.2006 15:04", "02.01.2006",
}

// parseTime reads the date formats pages use; the zero time when none fits.
func parseTime(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

// baseLanguage reduces a language tag ("en-GB", "uk_UA") to its base ("en", "uk").
func baseLanguage(s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(strings.SplitN(s, ",", 2)[0], "_", "-"))
	if s == "" {
		return ""
	}
	tag, err := language.Parse(s)
	if err != nil {
		return ""
	}
	base, conf := tag.Base()
	if conf == language.No || base.String() == "und" {
		return ""
	}
	return base.String()
}

// cleanByline drops "By" and similar words before the names.
func cleanByline(s string) string {
	s = oneLine(s)
	lower := strings.ToLower(s)
	for _, p := range []string{"by ", "автор: ", "автор ", "від ", "авторка: "} {
		if strings.HasPrefix(lower, p) {
			return strings.TrimSpace(s[len(p):])
		}
	}
	return s
}

// clutterParts are class/id words of page furniture that must never reach an article.
var clutterParts = map[string]bool{
	"cookie": true, "cookies": true, "consent": true, "gdpr": true, "ad": true, "ads": true, "advert": true,
	"adverts": true, "advertisement": true, "advertising": true, "sponsor": true, "sponsored": true,
	"promo": true, "newsletter": true, "subscribe": true, "paywall": true, "popular": true, "trending": true,
	"mostread": true, "share": true, "sharing": true, "social": true, "related": true, "recommended": true,
	"outbrain": true, "taboola": true, "breadcrumb": true, "breadcrumbs": true, "sidebar": true, "banner": true,
	"comments": true, "navbar": true, "menu": true, "popup": true, "modal": true,
}

var clutterRoles = map[string]bool{
	"navigation": true, "banner": true, "complementary": true, "dialog": true, "alertdialog": true,
	"search": true, "contentinfo": true, "menu": true, "menubar": true,
}

// removeClutter deletes navigation, scripts, styles, forms' controls, cookie banners,
// adverts and "most read" boxes, but never the element holding the article.
func removeClutter(doc *html.Node) {
	keep := articleAncestors(doc)
	var doomed []*html.Node
	walk(doc, func(n *html.Node) bool {
		if n.Type == html.CommentNode {
			doomed = append(doomed, n)
			return false
		}
		if n.Type != html.ElementNode {
			return true
		}
		if isClutter(n) && !keep[n] {
			doomed = append(doomed, n)
			return false
		}
		return true
	})
	for _, n := range doomed {
		if n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
	}
}

func isClutter(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script:
		return !strings.Contains(strings.ToLower(attr(n, "type")), "ld+json")
	case atom.Style, atom.Noscript, atom.Template, atom.Iframe, atom.Svg, atom.Button, atom.Select,
		atom.Input, atom.Textarea, atom.Nav, atom.Aside, atom.Dialog, atom.Object, atom.Embed, atom.Canvas:
		return true
	case atom.Html, atom.Body, atom.Head, atom.Article, atom.Main:
		return false
	}
	if clutterRoles[strings.ToLower(attr(n, "role"))] {
		return true
	}
	if _, ok := attrOK(n, "hidden"); ok || attr(n, "aria-hidden") == "true" {
		return true
	}
	style := strings.ReplaceAll(strings.ToLower(attr(n, "style")), " ", "")
	if strings.Contains(style, "display:none") || strings.Contains(style, "visibility:hidden") {
		return true
	}
	return clutterName(attr(n, "class") + " " + attr(n, "id"))
}

func clutterName(s string) bool {
	for _, tok := range strings.Fields(strings.ToLower(s)) {
		parts := strings.FieldsFunc(tok, func(r rune) bool { return r == '-' || r == '_' || r == '.' || r == ':' })
		for i, p := range parts {
			if clutterParts[p] {
				return true
			}
			if p == "most" && i+1 < len(parts) {
				switch parts[i+1] {
				case "read", "popular", "viewed", "commented", "shared":
					return true
				}
			}
		}
	}
	return false
}

// articleAncestors marks the elements that are or contain the article body (<article>,
// <main>, role=main, itemprop=articleBody): they are never clutter. One pass, so a page
// of nested "ad" wrappers cannot make it quadratic.
func articleAncestors(doc *html.Node) map[*html.Node]bool {
	keep := map[*html.Node]bool{}
	walk(doc, func(c *html.Node) bool {
		if c.Type == html.ElementNode && (c.DataAtom == atom.Article || c.DataAtom == atom.Main ||
			hasToken(attr(c, "itemprop"), "articleBody") || strings.EqualFold(attr(c, "role"), "main")) {
			for p := c; p != nil && !keep[p]; p = p.Parent {
				keep[p] = true
			}
		}
		return true
	})
	return keep
}

// nodeBlocks turns an element tree into text blocks: one per paragraph, heading, list
// item, quote or preformatted block, inline markup flattened, white space collapsed.
func nodeBlocks(root *html.Node) []string {
	w := &blockWriter{}
	w.node(root)
	w.flush()
	return w.blocks
}

// htmlFragmentText renders an HTML fragment (feed content, raw HTML in Markdown) as text.
func htmlFragmentText(s string) string {
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		return ""
	}
	root := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	for _, n := range nodes {
		root.AppendChild(n)
	}
	removeClutter(root)
	return strings.Join(nodeBlocks(root), "\n\n")
}

type blockWriter struct {
	blocks []string
	cur    strings.Builder
	prefix string
}

func (w *blockWriter) flush() {
	lines := strings.Split(w.cur.String(), "\n")
	var kept []string
	for _, l := range lines {
		if l = oneLine(l); l != "" {
			kept = append(kept, l)
		}
	}
	if len(kept) > 0 {
		w.blocks = append(w.blocks, w.prefix+strings.Join(kept, "\n"))
	}
	w.cur.Reset()
	w.prefix = ""
}

func (w *blockWriter) node(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.cur.WriteString(n.Data)
		return
	case html.ElementNode, html.DocumentNode:
	default:
		return
	}
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Head, atom.Img, atom.Picture, atom.Video, atom.Audio, atom.Source:
		return
	case atom.Br:
		w.cur.WriteByte('\n')
		return
	case atom.Pre:
		w.flush()
		if t := strings.Trim(textOf(n), "\n"); strings.TrimSpace(t) != "" {
			w.blocks = append(w.blocks, strings.TrimRight(t, " \t\n"))
		}
		return
	case atom.Td, atom.Th:
		w.cur.WriteString(" ")
		defer w.cur.WriteString(" ")
	}
	block := isBlock(n.DataAtom)
	if block {
		w.flush()
		if n.DataAtom == atom.Li {
			w.prefix = "• "
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.node(c)
	}
	if block {
		w.flush()
	}
}

func isBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Li, atom.Blockquote,
		atom.Section, atom.Article, atom.Header, atom.Footer, atom.Figure, atom.Figcaption, atom.Dt, atom.Dd,
		atom.Tr, atom.Table, atom.Ul, atom.Ol, atom.Dl, atom.Hr, atom.Address, atom.Main, atom.Details, atom.Summary:
		return true
	}
	return false
}

// walk visits n and its descendants depth-first; fn returning false skips the children.
func walk(n *html.Node, fn func(*html.Node) bool) {
	if !fn(n) {
		return
	}
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		walk(c, fn)
		c = next
	}
}

func textOf(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) bool {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
		return true
	})
	return b.String()
}

func attr(n *html.Node, key string) string {
	v, _ := attrOK(n, key)
	return v
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val, true
		}
	}
	return "", false
}

func hasToken(list, tok string) bool {
	for _, t := range strings.Fields(list) {
		if strings.EqualFold(t, tok) {
			return true
		}
	}
	return false
}

func resolveURL(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return ""
	}
	return NormalizeURL(u.String())
}

// NormalizeURL gives the form of a URL Gloss uses to recognise the same article. It is
// annotate.NormalizeURL: article import and annotation import share one normalisation.
func NormalizeURL(s string) string { return annotate.NormalizeURL(s) }

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

// recoverParser turns a panic inside a third-party parser into an error, so one odd file
// cannot end an import of thousands.
func recoverParser(what string, err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("the %s parser failed on this file (%v)", what, r)
	}
}
