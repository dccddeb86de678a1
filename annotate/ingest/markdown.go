package ingest

import (
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

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
