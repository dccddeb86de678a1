package ingest

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"go.yaml.in/yaml/v3"

	"gloss.app/gloss/annotate"
)

// ReadMarkdown reads a Markdown article. YAML front matter (title, author, date, source,
// url) and "Published:", "Source:", "Author:" or "URL:" lines at the top (before or
// after the title heading) fill the metadata and are left out of the text; the rest is
// read by MarkdownToText, whose leading heading is the title unless the front matter
// gives one.
func ReadMarkdown(src string) (d annotate.ArticleDraft, err error) {
	src = strings.ReplaceAll(strings.TrimPrefix(src, "\uFEFF"), "\r\n", "\n")
	src = readFrontMatter(src, &d)
	src = readMetaLines(src, &d)
	title, body, err := MarkdownToText(src)
	if err != nil {
		return d, err
	}
	switch {
	case d.Title == "":
		d.Title = title
	case title != "" && !strings.EqualFold(title, d.Title):
		body = title + "\n\n" + body // a heading other than the front matter's title is text
	}
	d.Text, d.Format = body, "md"
	return d, nil
}

// readFrontMatter takes a YAML front matter block (between "---" lines at the very top)
// off src and fills d from it. A block that is not a YAML mapping is left in the text.
func readFrontMatter(src string, d *annotate.ArticleDraft) string {
	if !strings.HasPrefix(src, "---\n") {
		return src
	}
	rest := src[4:]
	end, after := -1, 0
	for i, off := 0, 0; off <= len(rest) && i < 200; i++ {
		line, _, _ := strings.Cut(rest[off:], "\n")
		if t := strings.TrimRight(line, " \t"); t == "---" || t == "..." {
			end, after = off, off+len(line)+1
			break
		}
		off += len(line) + 1
	}
	if end < 0 {
		return src
	}
	var meta map[string]any
	if err := yaml.Unmarshal([]byte(rest[:end]), &meta); err != nil || meta == nil {
		return src
	}
	fields := map[string]any{}
	for k, v := range meta {
		fields[strings.ToLower(strings.TrimSpace(k))] = v
	}
	pick := func(keys ...string) any {
		for _, k := range keys {
			if v, ok := fields[k]; ok && v != nil {
				return v
			}
		}
		return nil
	}
	d.Title = oneLine(yamlText(pick("title", "headline")))
	d.Author = oneLine(yamlText(pick("author", "authors", "byline")))
	switch v := pick("date", "published", "pubdate", "published_at", "created").(type) {
	case time.Time:
		d.Published = v
	case nil:
	default:
		d.Published = parseDate(yamlText(v))
	}
	setSource(d, yamlText(pick("source", "publisher", "site", "site_name")))
	if u := yamlText(pick("url", "link", "canonical_url", "canonical", "source_url")); u != "" {
		setURL(d, u)
	}
	if d.Language == "" {
		d.Language = baseLanguage(yamlText(pick("lang", "language")))
	}
	if after > len(rest) {
		return ""
	}
	return rest[after:]
}

// yamlText flattens a front matter value to text: lists joined by ", ".
func yamlText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return strings.TrimSpace(v)
	case []any:
		var parts []string
		for _, e := range v {
			if s := yamlText(e); s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, ", ")
	case map[string]any:
		return yamlText(v["name"])
	case time.Time:
		return v.Format(time.RFC3339)
	}
	return strings.TrimSpace(fmt.Sprint(v))
}

// metaLine matches a metadata line at the top of a Markdown article, bold or not:
// "Published: 14 March 2025", "**Source:** [Kyiv Independent](https://…)".
var metaLine = lazyRegexp(`(?i)^\s*(?:[*_]{1,2})?(published|date|updated|source|author|by|url|link|опубліковано|дата|джерело|автор|авторка)(?:[*_]{1,2})?\s*:\s*(?:[*_]{1,2}\s*)?(.+?)\s*$`)

// readMetaLines takes "Published:", "Source:", "Author:" and "URL:" lines at the top of
// the article (before or after a title heading) off src and fills d from them.
func readMetaLines(src string, d *annotate.ArticleDraft) string {
	lines := strings.Split(src, "\n")
	var kept []string
	i := 0
	heading := false
	for ; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		switch {
		case line == "":
			kept = append(kept, lines[i])
			continue
		case !heading && strings.HasPrefix(line, "# "):
			heading = true
			kept = append(kept, lines[i])
			continue
		case !heading && i+1 < len(lines) && isSetextRule(lines[i+1]):
			heading = true
			kept = append(kept, lines[i], lines[i+1])
			i++
			continue
		}
		m := metaLine().FindStringSubmatch(line)
		if m == nil {
			break
		}
		applyMetaLine(d, strings.ToLower(m[1]), strings.Trim(m[2], "*_ "))
	}
	if i == len(kept) {
		return src // nothing taken
	}
	return strings.Join(append(kept, lines[i:]...), "\n")
}

func isSetextRule(line string) bool {
	t := strings.TrimSpace(line)
	return len(t) >= 2 && strings.Trim(t, "=") == ""
}

func applyMetaLine(d *annotate.ArticleDraft, key, value string) {
	switch key {
	case "published", "date", "опубліковано", "дата":
		if t := parseDate(value); !t.IsZero() {
			d.Published = t
		}
	case "updated":
		if t := parseDate(value); !t.IsZero() && d.Published.IsZero() {
			d.Published = t
		}
	case "source", "джерело":
		setSource(d, value)
	case "author", "by", "автор", "авторка":
		d.Author = cleanByline(value)
	case "url", "link":
		setURL(d, value)
	}
}

var (
	markdownLink = lazyRegexp(`^\[([^\]]+)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)$`)
	bareURL      = lazyRegexp(`<?(https?://[^\s<>()]+)>?`)
)

// setSource reads a source: an outlet's name, a URL, "[Name](URL)" or "Name (URL)".
func setSource(d *annotate.ArticleDraft, value string) {
	value = strings.TrimSpace(value)
	if value == "" {
		return
	}
	if m := markdownLink().FindStringSubmatch(value); m != nil {
		d.Source = oneLine(m[1])
		setURL(d, m[2])
		return
	}
	if loc := bareURL().FindStringSubmatchIndex(value); loc != nil {
		setURL(d, value[loc[2]:loc[3]])
		value = strings.Trim(value[:loc[0]]+value[loc[1]:], " ,;:–—-()[]")
	}
	if value != "" {
		d.Source = oneLine(value)
	} else if d.Source == "" && d.URL != "" {
		if u, err := url.Parse(d.URL); err == nil {
			d.Source = strings.TrimPrefix(u.Hostname(), "www.")
		}
	}
}

// setURL takes an http(s) URL (normalised as every article URL); anything else is ignored.
func setURL(d *annotate.ArticleDraft, value string) {
	value = strings.Trim(strings.TrimSpace(value), "<>")
	if m := markdownLink().FindStringSubmatch(value); m != nil {
		value = m[2]
	}
	if u, err := url.Parse(value); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		d.URL = NormalizeURL(value)
	}
}

// moreDateLayouts are the written-out dates of articles, besides parseTime's.
var moreDateLayouts = []string{
	"2 January 2006", "2 January 2006 15:04", "2 January 2006, 15:04", "January 2, 2006", "January 2, 2006 15:04",
	"2 Jan 2006", "Jan 2, 2006", "Monday, 2 January 2006", "Monday, January 2, 2006", "2006/01/02", "02/01/2006",
}

// parseDate reads the date of a metadata line or front matter; the zero time when none fits.
func parseDate(s string) time.Time {
	s = strings.TrimSpace(s)
	if t := parseTime(s); !t.IsZero() {
		return t
	}
	for _, l := range moreDateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

// MarkdownToText reduces Markdown to readable text: headings, paragraphs, quotes and
// code blocks become blocks separated by blank lines, list items become one line each
// ("• item" or "1. item"), link text is kept and URLs, images, raw HTML and markup are
// dropped. A leading level-1 heading is returned as the title and left out of the text.
func MarkdownToText(src string) (title, body string, err error) {
	defer recoverParser("Markdown", &err)
	source := []byte(src)
	doc := goldmark.New().Parser().Parse(text.NewReader(source))
	w := &mdWriter{source: source}
	first := true
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && first && h.Level == 1 {
			title = oneLine(w.inline(h))
			first = false
			if title != "" {
				continue
			}
		}
		if _, ok := n.(*ast.LinkReferenceDefinition); !ok {
			first = false
		}
		w.block(n, "")
	}
	return title, strings.Join(w.blocks, "\n\n"), nil
}

type mdWriter struct {
	source []byte
	blocks []string
}

func (w *mdWriter) add(s string) {
	if s = strings.TrimSpace(s); s != "" {
		w.blocks = append(w.blocks, s)
	}
}

// block writes a block node; indent prefixes nested list lines.
func (w *mdWriter) block(n ast.Node, indent string) {
	switch n := n.(type) {
	case *ast.Heading, *ast.Paragraph, *ast.TextBlock:
		w.add(w.inline(n))
	case *ast.Blockquote:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			w.block(c, indent)
		}
	case *ast.List:
		w.add(w.list(n, indent))
	case *ast.CodeBlock, *ast.FencedCodeBlock:
		w.add(w.lines(n))
	case *ast.HTMLBlock:
		w.add(htmlFragmentText(w.lines(n)))
	case *ast.ThematicBreak, *ast.LinkReferenceDefinition:
	default:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			w.block(c, indent)
		}
	}
}

func (w *mdWriter) list(l *ast.List, indent string) string {
	var out []string
	num := l.Start
	for item := l.FirstChild(); item != nil; item = item.NextSibling() {
		marker := "• "
		if l.IsOrdered() {
			marker = strconv.Itoa(num) + ". "
			num++
		}
		var parts []string
		var nested []string
		for c := item.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.List:
				nested = append(nested, w.list(c, indent+"  "))
			case *ast.CodeBlock, *ast.FencedCodeBlock:
				parts = append(parts, w.lines(c))
			default:
				sub := &mdWriter{source: w.source}
				sub.block(c, indent+"  ")
				parts = append(parts, sub.blocks...)
			}
		}
		line := indent + marker + oneLine(strings.Join(parts, " "))
		out = append(out, strings.TrimRight(line, " "))
		out = append(out, nested...)
	}
	return strings.Join(out, "\n")
}

// lines returns the raw lines of a code or HTML block.
func (w *mdWriter) lines(n ast.Node) string {
	var b strings.Builder
	segs := n.Lines()
	for i := 0; i < segs.Len(); i++ {
		seg := segs.At(i)
		b.Write(seg.Value(w.source))
	}
	return strings.TrimRight(b.String(), "\n")
}

// inline flattens a node's inline children to text.
func (w *mdWriter) inline(n ast.Node) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			v := c.Value(w.source)
			if !c.IsRaw() {
				v = util.UnescapePunctuations(util.ResolveEntityNames(util.ResolveNumericReferences(v)))
			}
			b.Write(v)
			switch {
			case c.HardLineBreak():
				b.WriteByte('\n')
			case c.SoftLineBreak():
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.AutoLink:
			b.Write(c.Label(w.source))
			return ast.WalkSkipChildren, nil
		case *ast.Image, *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	lines := strings.Split(b.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.Join(strings.Fields(l), " ")
	}
	return strings.Join(lines, "\n")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
