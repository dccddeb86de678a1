// Package exchange writes annotated sets of a Gloss workspace in open formats — Gloss
// JSON (the lossless default), W3C Web Annotation JSON-LD and CSV — and reads Gloss JSON
// and W3C Web Annotation back. Writers stream article by article and annotation by
// annotation, so memory does not grow with the set. Readers turn a file into an
// annotate.IncomingSet, which the command layer merges as one undoable step
// (Workspace.MergeAnnotations). docs/EXPORT.md describes the formats.
package exchange

import (
	"fmt"
	"runtime/debug"
	"strings"
	"time"
)

// Format is an export format.
type Format string

const (
	GlossJSON Format = "json" // Gloss JSON, defined by assets/gloss-export.schema.json
	W3C       Format = "w3c"  // W3C Web Annotation: an AnnotationCollection with one page
	CSV       Format = "csv"  // one row per annotation and tag, UTF-8 with BOM
)

// ParseFormat reads a format name as given on the command line.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "json", "gloss", "gloss-json":
		return GlossJSON, nil
	case "w3c", "jsonld", "json-ld", "wa", "webannotation":
		return W3C, nil
	case "csv":
		return CSV, nil
	}
	return "", fmt.Errorf("unknown export format %q: use json, w3c or csv", s)
}

// Extension is the usual file extension of the format.
func (f Format) Extension() string {
	switch f {
	case W3C:
		return ".jsonld"
	case CSV:
		return ".csv"
	}
	return ".json"
}

// The Gloss JSON format.
const (
	FormatName    = "gloss-export"
	FormatVersion = 1
)

// AppVersion is written into exports; the build's module version unless set.
var AppVersion = func() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}()

// The Gloss JSON document, field by field (see docs/EXPORT.md). Times are RFC 3339 UTC.

type docHeader struct {
	Format        string `json:"format"`
	FormatVersion int    `json:"format_version"`
	AppVersion    string `json:"app_version"`
	Created       string `json:"created"`
	Query         string `json:"query"`
	WithText      bool   `json:"with_text"`
}

type docArticle struct {
	ID         string  `json:"id"`
	Title      string  `json:"title"`
	Source     string  `json:"source"`
	URL        string  `json:"url"`
	Author     string  `json:"author"`
	Published  *string `json:"published"`
	Language   string  `json:"language"`
	ImportedAt string  `json:"imported_at"`
	Origin     string  `json:"origin"`
	Format     string  `json:"format"`
	Version    int     `json:"version"`
	Length     int     `json:"length"`
	SHA256     string  `json:"sha256"`
	Text       *string `json:"text,omitempty"`
}

type docAnnotation struct {
	ID       string   `json:"id"`
	Article  string   `json:"article"`
	Start    int      `json:"start"`
	End      int      `json:"end"`
	Exact    string   `json:"exact"`
	Prefix   string   `json:"prefix"`
	Suffix   string   `json:"suffix"`
	Tags     []string `json:"tags"`
	Note     string   `json:"note"`
	Author   string   `json:"author"`
	Created  string   `json:"created"`
	Modified string   `json:"modified"`
	State    string   `json:"state"`
	Origin   string   `json:"origin,omitempty"` // "manual" or "suggested"; absent in older files (manual)
}

type docTag struct {
	ID          string  `json:"id"`
	Name        string  `json:"name"`
	Parent      *string `json:"parent"`
	Path        string  `json:"path"`
	Color       string  `json:"color"`
	Description string  `json:"description"`
}

type docCounts struct {
	Articles    int `json:"articles"`
	Annotations int `json:"annotations"`
	Tags        int `json:"tags"`
}

// document is the whole Gloss JSON file as the reader sees it.
type document struct {
	docHeader
	Articles    []docArticle    `json:"articles"`
	Annotations []docAnnotation `json:"annotations"`
	Codebook    []docTag        `json:"codebook"`
	Counts      docCounts       `json:"counts"`
}

func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func optionalTime(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := formatTime(t)
	return &s
}
