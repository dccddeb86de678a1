package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// maxFuzzInput keeps each fuzz input small enough that memory stays bounded and a run of
// a few seconds explores many inputs; the readers' own limits guard real files.
const maxFuzzInput = 256 << 10

// addFixtures seeds a fuzz target with fixture files matching the glob patterns.
func addFixtures(f *testing.F, patterns ...string) {
	for _, p := range patterns {
		files, _ := filepath.Glob(filepath.Join("testdata", p))
		for _, file := range files {
			if b, err := os.ReadFile(file); err == nil {
				f.Add(b)
			}
		}
	}
}

func FuzzText(f *testing.F) {
	addFixtures(f, "*.txt", "bad/*.txt")
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzInput {
			return
		}
		s, enc, err := DecodeText(data)
		if err != nil {
			return
		}
		if !utf8.ValidString(s) || enc == "" || strings.TrimSpace(s) == "" {
			t.Fatalf("accepted text %q (%s) is not clean", s, enc)
		}
	})
}

func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{"# T\n\nbody", "- a\n  - b\n    1. c", "> q\\\n> r", "```\ncode\n```", "[x](y) <z> ![i](j)", "&amp; &#1234; \\*"} {
		f.Add([]byte(s))
	}
	addFixtures(f, "*.md")
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzInput || !utf8.Valid(data) {
			return
		}
		title, body, err := MarkdownToText(string(data))
		if err != nil {
			t.Fatalf("MarkdownToText: %v", err)
		}
		if !utf8.ValidString(title) || !utf8.ValidString(body) {
			t.Fatalf("invalid UTF-8 out of valid Markdown")
		}
	})
}

func FuzzHTML(f *testing.F) {
	addFixtures(f, "*.html")
	f.Add([]byte("<html><body><article><p>" + strings.Repeat("Some paragraph text. ", 10) + "</p></article></body></html>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzInput {
			return
		}
		d, err := ReadHTML(data, "", nil)
		if err != nil {
			return
		}
		if !utf8.ValidString(d.Text) || !utf8.ValidString(d.Title) || strings.TrimSpace(d.Text) == "" {
			t.Fatalf("accepted page gives unclean text %q", d.Text)
		}
	})
}

func FuzzFeed(f *testing.F) {
	addFixtures(f, "*.xml", "*.atom")
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzInput {
			return
		}
		items, err := ReadFeed(data, "fuzz.xml")
		if err != nil {
			return
		}
		for _, it := range items {
			if (it.Draft == nil) == (it.Err == nil) {
				t.Fatalf("an item must be a draft or an error: %+v", it)
			}
			if it.Draft != nil && strings.TrimSpace(it.Draft.Text) == "" {
				t.Fatalf("draft without text")
			}
		}
	})
}
