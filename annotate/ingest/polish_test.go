package ingest

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// storyPage is a saved page whose byline paragraph sits in the story body, where the
// extractor keeps it, after metadata that already names the author and the date.
func storyPage(byline, author string) string {
	return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Grid repairs</title>
<meta name="author" content="` + author + `"><meta property="article:published_time" content="2025-03-14T06:45:00+02:00"></head>
<body><article><h1>Grid repairs</h1><div class="story-body">
<p>` + byline + `</p>
<p>Repair crews worked through the night to restore electricity to districts of the city after a series of strikes damaged two substations.</p>
<p>` + author + ` said the company expected to finish the remaining work before evening, according to the regional administration.</p>
<p>About 40,000 households were without power at the peak of the outage, and most had it back by the morning.</p>
</div></article></body></html>`
}

func TestReadHTMLDropsBylineParagraph(t *testing.T) {
	for _, tt := range []struct {
		byline, author string
		dropped        bool
	}{
		{"By Olena Marchenko | 14 March 2025, 08:45", "Olena Marchenko", true},
		{"Olena Marchenko, 14 March 2025", "Olena Marchenko", true},
		{"Published 14 March 2025 · Updated 15 March 2025 · 4 min read", "Olena Marchenko", true},
		{"Олена Марченко, 14 березня 2025, 08:45", "Олена Марченко", true},
		{"Автор: Олена Марченко", "Олена Марченко", true},
		{"By Olena Marchenko and Taras Bondar in Kharkiv", "Olena Marchenko", false}, // another name: not only the metadata
		{"Strikes hit the grid again on 14 March 2025.", "Olena Marchenko", false},
	} {
		d, err := ReadHTML([]byte(storyPage(tt.byline, tt.author)), "", nil)
		if err != nil {
			t.Fatal(err)
		}
		paras := strings.Split(d.Text, "\n\n")
		if got := paras[0] != tt.byline; got != tt.dropped {
			t.Errorf("%q: dropped %v, want %v; text:\n%s", tt.byline, got, tt.dropped, d.Text)
		}
		if !strings.Contains(d.Text, tt.author+" said the company") {
			t.Errorf("%q: the paragraph quoting the author was dropped:\n%s", tt.byline, d.Text)
		}
		if d.Author != tt.author {
			t.Errorf("author %q", d.Author)
		}
	}
}

func TestTextTitle(t *testing.T) {
	long := "Repair crews worked through the night to restore electricity to districts of the city after a series of strikes damaged two substations, the company said. More work is due."
	for _, tt := range []struct{ text, want string }{
		{"Talks resume\nDelegations met again.", "Talks resume"},
		{"\uFEFFTalks resume\r\n\r\nDelegations met again.", "Talks resume"},
		{"Delegations met again in Geneva. The talks go on.", "Delegations met again in Geneva. The talks go on."},
		{"Short first sentence here. " + long, "Short first sentence here."},
		{long, "Repair crews worked through the night to restore electricity to districts of the city…"},
		// Wrapped at a fixed width: the first line is not a headline.
		{"Officials in Kyiv said on Tuesday that the talks would resume\nnext week in Geneva. Delegations are expected on Monday.",
			"Officials in Kyiv said on Tuesday that the talks would resume next week in Geneva."},
		// An abbreviation does not end the sentence.
		{"Mr. Smith met the delegation from the regional administration in Kharkiv on Tuesday morning at length. Talks went on.",
			"Mr. Smith met the delegation from the regional administration in Kharkiv on Tuesday…"},
		{"Уночі російські дрони атакували енергетичну інфраструктуру Харківщини, повідомили в обласній військовій адміністрації. Без світла — 40 тисяч.",
			"Уночі російські дрони атакували енергетичну інфраструктуру Харківщини, повідомили в…"},
	} {
		got := TextTitle(tt.text)
		if got != tt.want {
			t.Errorf("TextTitle(%.40q…) = %q, want %q", tt.text, got, tt.want)
		}
		if n := utf8.RuneCountInString(got); n > MaxTitleRunes {
			t.Errorf("title of %d code points", n)
		}
	}
	// Through the importer: a .txt file without a headline.
	items := ReadBytes("report.txt", []byte(long+"\n\nSecond paragraph."), "")
	if len(items) != 1 || items[0].Draft == nil || items[0].Draft.Title != "Repair crews worked through the night to restore electricity to districts of the city…" {
		t.Fatalf("imported .txt: %+v", items)
	}
}

func TestReadMarkdownMetadata(t *testing.T) {
	for _, tt := range []struct {
		name, src                        string
		title, author, source, url, text string
		published                        time.Time
	}{
		{"front matter", "---\ntitle: \"Grid repairs: day two\"\nauthor: [Olena Marchenko, Taras Bondar]\ndate: 2025-03-14\nsource: Eastern Ledger\nurl: https://Ledger.example.org/news/grid?utm_source=tg\n---\n# Ignored heading\n\nCrews worked overnight.",
			"Grid repairs: day two", "Olena Marchenko, Taras Bondar", "Eastern Ledger", "https://ledger.example.org/news/grid", "Ignored heading\n\nCrews worked overnight.",
			time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC)},
		{"front matter with a time", "---\ntitle: Shelling in Kherson\ndate: 2025-03-14T06:45:00+02:00\n---\nText.",
			"Shelling in Kherson", "", "", "", "Text.", time.Date(2025, 3, 14, 4, 45, 0, 0, time.UTC)},
		{"leading lines after the title", "# Grid repairs\n\nPublished: 14 March 2025\nSource: [Eastern Ledger](https://ledger.example.org/news/grid#top)\nAuthor: By Olena Marchenko\n\nCrews worked overnight.",
			"Grid repairs", "Olena Marchenko", "Eastern Ledger", "https://ledger.example.org/news/grid", "Crews worked overnight.",
			time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC)},
		{"leading lines before the title, bold, a bare URL", "**Published:** 2025-03-14\n**Source:** https://www.ledger.example.org/news/grid\n\n# Grid repairs\n\nCrews worked overnight.",
			"Grid repairs", "", "ledger.example.org", "https://www.ledger.example.org/news/grid", "Crews worked overnight.",
			time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC)},
		{"Ukrainian lines", "# Ремонт мереж\n\nОпубліковано: 14.03.2025\nДжерело: Суспільне\n\nБригади працювали всю ніч.",
			"Ремонт мереж", "", "Суспільне", "", "Бригади працювали всю ніч.", time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC)},
		{"a thematic break is not front matter", "---\n\nJust text after a rule.\n\n---\n\nMore.",
			"", "", "", "", "Just text after a rule.\n\nMore.", time.Time{}},
		{"Source: in the middle stays text", "# T\n\nFirst paragraph.\n\nSource: the ministry said so.",
			"T", "", "", "", "First paragraph.\n\nSource: the ministry said so.", time.Time{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ReadMarkdown(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			if d.Title != tt.title || d.Author != tt.author || d.Source != tt.source || d.URL != tt.url || d.Text != tt.text ||
				!d.Published.Equal(tt.published) || d.Format != "md" {
				t.Errorf("got title %q author %q source %q url %q published %v text %q", d.Title, d.Author, d.Source, d.URL, d.Published, d.Text)
			}
		})
	}
	// Through the importer.
	items := ReadBytes("notes.md", []byte("---\ntitle: From the front matter\nsource: Desk\n---\nBody text."), "")
	if len(items) != 1 || items[0].Draft == nil || items[0].Draft.Title != "From the front matter" || items[0].Draft.Source != "Desk" {
		t.Fatalf("imported .md: %+v", items)
	}
}
