package exchange

import (
	"bufio"
	"bytes"
	"encoding/json"

	"gloss.app/gloss/annotate"
)

// glossEncoder streams a Gloss JSON document: the header, the articles, the annotations,
// then the part of the codebook they use and the counts (known only at the end, which
// is why they come last).
type glossEncoder struct {
	w        *bufio.Writer
	buf      bytes.Buffer
	enc      *json.Encoder
	withText bool
	n        int // items written in the current array
	st       Stats
}

func newGlossEncoder(w *bufio.Writer, withText bool) *glossEncoder {
	g := &glossEncoder{w: w, withText: withText}
	g.enc = json.NewEncoder(&g.buf)
	g.enc.SetEscapeHTML(false)
	return g
}

// value writes v compactly (json.Encoder adds the newline that separates items).
func (g *glossEncoder) value(v any) error {
	g.buf.Reset()
	if err := g.enc.Encode(v); err != nil {
		return err
	}
	_, err := g.w.Write(bytes.TrimRight(g.buf.Bytes(), "\n"))
	return err
}

func (g *glossEncoder) field(name string, v any, last bool) error {
	g.w.WriteString("  \"" + name + "\": ")
	if err := g.value(v); err != nil {
		return err
	}
	if !last {
		g.w.WriteString(",")
	}
	_, err := g.w.WriteString("\n")
	return err
}

func (g *glossEncoder) item(v any) error {
	if g.n > 0 {
		g.w.WriteString(",\n")
	}
	g.n++
	g.w.WriteString("    ")
	return g.value(v)
}

func (g *glossEncoder) begin(h docHeader, _ *annotate.Codebook) error {
	g.w.WriteString("{\n")
	for _, f := range []struct {
		name string
		v    any
	}{{"format", h.Format}, {"format_version", h.FormatVersion}, {"app_version", h.AppVersion},
		{"created", h.Created}, {"query", h.Query}, {"with_text", h.WithText}} {
		if err := g.field(f.name, f.v, false); err != nil {
			return err
		}
	}
	_, err := g.w.WriteString("  \"articles\": [\n")
	return err
}

func (g *glossEncoder) article(a annotate.Article) error {
	g.st.Articles++
	return g.item(toDocArticle(a, g.withText))
}

func (g *glossEncoder) startAnnotations() {
	g.w.WriteString("\n  ],\n  \"annotations\": [\n")
	g.n = 0
}

func (g *glossEncoder) annotation(_ annotate.Article, a annotate.Annotation) error {
	g.st.Annotations++
	return g.item(toDocAnnotation(a))
}

func (g *glossEncoder) end(cb *annotate.Codebook, used []string) error {
	g.w.WriteString("\n  ],\n  \"codebook\": [\n")
	g.n = 0
	for _, id := range used {
		tag, _ := cb.Tag(id)
		if err := g.item(toDocTag(cb, tag)); err != nil {
			return err
		}
		g.st.Tags++
	}
	g.w.WriteString("\n  ],\n")
	if err := g.field("counts", docCounts{Articles: g.st.Articles, Annotations: g.st.Annotations, Tags: g.st.Tags}, true); err != nil {
		return err
	}
	_, err := g.w.WriteString("}\n")
	return err
}

func (g *glossEncoder) stats() Stats { return g.st }

func toDocArticle(a annotate.Article, withText bool) docArticle {
	d := docArticle{
		ID: a.ID, Title: a.Title, Source: a.Source, URL: a.URL, Author: a.Author, Published: optionalTime(a.Published),
		Language: a.Language, ImportedAt: formatTime(a.ImportedAt), Origin: a.Origin, Format: a.Format,
		Version: a.Version, Length: a.Length, SHA256: a.SHA256,
	}
	if withText {
		text := a.Text
		d.Text = &text
	}
	return d
}

func toDocAnnotation(a annotate.Annotation) docAnnotation {
	tags := a.TagIDs
	if tags == nil {
		tags = []string{}
	}
	return docAnnotation{
		ID: a.ID, Article: a.ArticleID, Start: a.Start, End: a.End, Exact: a.Exact, Prefix: a.Prefix, Suffix: a.Suffix,
		Tags: tags, Note: a.Note, Author: a.Author, Created: formatTime(a.Created), Modified: formatTime(a.Modified),
		State: string(a.State), Origin: exportOrigin(a),
	}
}

// exportOrigin names how an annotation came to be: "suggested" when the analyst accepted
// it from Gloss's suggestions. A manual annotation (the usual case) is written without an
// origin, which readers take as manual: a Gloss built before origins existed then still
// imports every manual annotation of a newer file.
func exportOrigin(a annotate.Annotation) string {
	if a.FromSuggestion() {
		return annotate.OriginSuggested
	}
	return ""
}

// csvOrigin is the CSV's origin column, written out for every row ("manual" too): a
// spreadsheet reader should not have to know what an empty cell means.
func csvOrigin(a annotate.Annotation) string {
	if a.FromSuggestion() {
		return annotate.OriginSuggested
	}
	return annotate.OriginManual
}

func toDocTag(cb *annotate.Codebook, t annotate.Tag) docTag {
	d := docTag{ID: t.ID, Name: t.Name, Path: cb.Path(t.ID), Color: t.Color, Description: t.Description}
	if t.ParentID != "" {
		p := t.ParentID
		d.Parent = &p
	}
	return d
}
