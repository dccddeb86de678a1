package ingest

import (
	"strings"
	"testing"

	"gloss.app/gloss/annotate"
)

func TestMarkdownFixture(t *testing.T) {
	s, _, err := DecodeText(readFixture(t, "notes.md"))
	if err != nil {
		t.Fatal(err)
	}
	title, body, err := MarkdownToText(s)
	if err != nil {
		t.Fatal(err)
	}
	if title != "Звіт про обстріли 🇺🇦 за березень" {
		t.Errorf("title %q", title)
	}
	want := `Це зведення з відкритих джерел — див. карту ушкоджень та https://example.org/raw.

Наголоси: моло́ко, за́мок — комбіновані знаки 🙂 мають лишитися.

Основні події

• Харків: ушкоджено дві підстанції
• Одеса: пошкоджено порт
  1. причал № 3
  2. склад зерна
• Дніпро — без жертв

Цитата з офіційної заяви
з переносом рядка.

raw code line 1
  indented line 2

Сирий HTML усередині абзацу & сутності © та екрановані *зірочки*.`
	if body != want {
		t.Errorf("body:\n%s\n\nwant:\n%s", body, want)
	}
	// The combining accents survive canonicalisation (NFC has no precomposed о́).
	canon, err := annotate.Canonicalize(body)
	if err != nil || !strings.Contains(canon, "моло\u0301ко") || !strings.Contains(canon, "🙂") {
		t.Errorf("canonical text lost accents or emoji: %v", err)
	}
}

func TestMarkdownCases(t *testing.T) {
	tests := []struct{ name, in, title, body string }{
		{"no heading", "Just a paragraph\nwrapped.", "", "Just a paragraph wrapped."},
		{"h2 first is not a title", "## Section\n\ntext", "", "Section\n\ntext"},
		{"title only once", "# One\n\n# Two\n\nbody", "One", "Two\n\nbody"},
		{"setext title", "Title here\n==========\n\nBody.", "Title here", "Body."},
		{"link reference first", "[a]: https://x.org\n# T\n\nb", "T", "b"},
		{"emphasis in title", "# *Big* `news`\n\nx", "Big news", "x"},
		{"hard break", "line one  \nline two", "", "line one\nline two"},
		{"html block", "<div>\n<p>In a <b>div</b></p>\n</div>", "", "In a div"},
		{"empty", "", "", ""},
	}
	for _, tt := range tests {
		title, body, err := MarkdownToText(tt.in)
		if err != nil || title != tt.title || body != tt.body {
			t.Errorf("%s: title %q body %q err %v; want %q %q", tt.name, title, body, err, tt.title, tt.body)
		}
	}
}
