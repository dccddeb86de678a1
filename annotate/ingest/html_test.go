package ingest

import (
	"errors"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"
)

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestReadHTMLNewsPage(t *testing.T) {
	d, err := ReadHTML(readFixture(t, "news-page.html"), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "Grid repairs continue after overnight strikes" {
		t.Errorf("title %q", d.Title)
	}
	if d.Author != "Olena Marchenko" {
		t.Errorf("author %q", d.Author)
	}
	if want := time.Date(2025, 3, 14, 4, 45, 0, 0, time.UTC); !d.Published.Equal(want) {
		t.Errorf("published %v, want %v", d.Published, want)
	}
	if d.URL != "https://ledger.example.org/news/grid-repairs-continue" {
		t.Errorf("canonical URL %q", d.URL)
	}
	if d.Source != "Eastern Ledger" || d.Language != "en" || d.Format != "html" {
		t.Errorf("source %q language %q format %q", d.Source, d.Language, d.Format)
	}
	paras := strings.Split(d.Text, "\n\n")
	if len(paras) != 5 {
		t.Fatalf("%d paragraphs, want 5:\n%s", len(paras), d.Text)
	}
	if !strings.HasPrefix(paras[0], "Repair crews worked through the night") ||
		!strings.HasPrefix(paras[3], `"We have crews at every damaged site`) ||
		!strings.HasSuffix(paras[4], "published by the regional administration.") {
		t.Errorf("paragraphs out of place:\n%s", d.Text)
	}
	for _, junk := range []string{"COOKIE", "NAV-LINK", "ADVERT", "MOST-READ", "SHARE-TEXT", "FOOTER", "TRACKING", "dataLayer", "Accept all", "font-family", "By Olena"} {
		if strings.Contains(d.Text, junk) {
			t.Errorf("body contains %q:\n%s", junk, d.Text)
		}
	}
}

func TestReadHTMLDeclaredCharset(t *testing.T) {
	d, err := ReadHTML(readFixture(t, "uk-news-cp1251.html"), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "Відновлення енергопостачання триває" || d.Author != "Ірина Ткаченко" || d.Language != "uk" {
		t.Errorf("title %q author %q language %q", d.Title, d.Author, d.Language)
	}
	if !strings.HasPrefix(d.Text, "Енергетики відновили живлення") || !strings.Contains(d.Text, "Ґрунтовні ремонти") {
		t.Errorf("text:\n%s", d.Text)
	}
	if strings.Contains(d.Text, "МЕНЮ") {
		t.Errorf("menu reached the body:\n%s", d.Text)
	}
	if want := time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC); !d.Published.Equal(want) {
		t.Errorf("published from <time>: %v", d.Published)
	}
}

// The HTTP Content-Type charset wins over a guess; a BOM wins over everything.
func TestDecodeHTMLCharsetSources(t *testing.T) {
	cp1251 := []byte("<p>\xcf\xf0\xe8\xe2\xb3\xf2</p>") // "Привіт" in windows-1251
	tests := []struct {
		name, ct string
		data     []byte
		want     string
	}{
		{"content type", "text/html; charset=windows-1251", cp1251, "<p>Привіт</p>"},
		{"meta", "", append([]byte(`<meta charset="windows-1251">`), cp1251...), `<meta charset="windows-1251"><p>Привіт</p>`},
		{"undeclared legacy", "", cp1251, "<p>Привіт</p>"},
		{"undeclared UTF-8", "", []byte("<p>Привіт</p>"), "<p>Привіт</p>"},
		{"BOM", "text/html; charset=windows-1251", []byte("\xef\xbb\xbf<p>Привіт</p>"), "<p>Привіт</p>"},
	}
	for _, tt := range tests {
		got, err := DecodeHTML(tt.data, tt.ct)
		if err != nil || got != tt.want {
			t.Errorf("%s: %q, %v", tt.name, got, err)
		}
	}
}

func TestReadHTMLRefuses(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"no article", readFixture(t, "no-article.html"), ErrNoArticle},
		{"empty", []byte(""), ErrEmpty},
		{"white space", []byte("  \n "), ErrEmpty},
		{"only scripts", []byte("<html><script>var a = 'lots of text that is not an article at all, no, not at all, really not at all';</script></html>"), ErrNoArticle},
		{"binary", []byte("<html>\x00\x01\x02\x03\x04\x05\x06\x07\x00\x00\x00\x00"), ErrBinary},
	}
	for _, tt := range tests {
		if _, err := ReadHTML(tt.data, "", nil); !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
}

func TestReadHTMLFetchedPageURL(t *testing.T) {
	page := `<html><head><title>Short note</title></head><body><article><p>` + strings.Repeat("Officials confirmed the figures on Monday. ", 5) + `</p></article></body></html>`
	u, _ := url.Parse("HTTPS://News.Example.com/a/b?utm_source=x&id=7#top")
	d, err := ReadHTML([]byte(page), "text/html", u)
	if err != nil {
		t.Fatal(err)
	}
	if d.URL != "https://news.example.com/a/b?id=7" || d.Source != "news.example.com" {
		t.Errorf("url %q source %q", d.URL, d.Source)
	}
}

func TestClutterName(t *testing.T) {
	for s, want := range map[string]bool{
		"cookie-banner": true, "ad ad-leaderboard": true, "most-read": true, "mostRead": true, "mostread": true,
		"story-body": false, "header": false, "load-more": false, "social-share": true, "gdpr_notice": true,
		"article-content": false, "headline": false, "shadow": false, "related-stories": true,
	} {
		if got := clutterName(s); got != want {
			t.Errorf("clutterName(%q) = %v", s, got)
		}
	}
}

func TestBaseLanguageAndTime(t *testing.T) {
	for in, want := range map[string]string{"en-GB": "en", "uk_UA": "uk", "RU": "ru", "": "", "zz-invalid-!!": "", "uk, en": "uk"} {
		if got := baseLanguage(in); got != want {
			t.Errorf("baseLanguage(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"2025-03-14T06:45:00+02:00":       "2025-03-14T04:45:00Z",
		"2025-03-14":                      "2025-03-14T00:00:00Z",
		"Fri, 14 Mar 2025 08:30:00 +0200": "2025-03-14T06:30:00Z",
		"14.03.2025":                      "2025-03-14T00:00:00Z",
		"yesterday":                       "0001-01-01T00:00:00Z",
	} {
		if got := parseTime(in).UTC().Format(time.RFC3339); got != want {
			t.Errorf("parseTime(%q) = %s, want %s", in, got, want)
		}
	}
}

// An article wrapped in elements with clutter-like names is kept; their siblings go.
func TestClutterNeverTakesTheArticle(t *testing.T) {
	body := strings.Repeat("Residents queued for water at the distribution point on Sunday. ", 4)
	page := strings.Repeat(`<div class="ad-wrapper">`, 300) + `<div class="promo">PROMO-TEXT buy now</div><article><p>` + body +
		`</p></article>` + strings.Repeat(`</div>`, 300)
	d, err := ReadHTML([]byte(page), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if d.Text != strings.TrimSpace(body) {
		t.Errorf("text %q", d.Text)
	}
}
