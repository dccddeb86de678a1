package ingest

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestReadFeedRSS(t *testing.T) {
	items, err := ReadFeed(readFixture(t, "feed-rss.xml"), "feed-rss.xml")
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 3 {
		t.Fatalf("%d items, want 3", len(items))
	}
	a, b := items[0].Draft, items[1].Draft
	if a == nil || b == nil {
		t.Fatalf("items: %+v", items)
	}
	if a.Title != "Ports reopen after drone attack" || a.Author != "Taras Bondar" || a.Format != "rss" ||
		a.URL != "https://ledger.example.org/news/ports-reopen" || a.Source != "Eastern Ledger — Ukraine" || a.Language != "en" {
		t.Errorf("first item: %+v", a)
	}
	if a.Text != "Three ports in the region reopened on Friday after a drone attack damaged cranes and a grain terminal overnight.\n\nPort authorities said shipping would return to normal within days." {
		t.Errorf("full content must win over the summary, without scripts: %q", a.Text)
	}
	if !a.Published.Equal(time.Date(2025, 3, 14, 6, 30, 0, 0, time.UTC)) {
		t.Errorf("date %v", a.Published)
	}
	if b.Text != "The railway company added carriages to evacuation trains leaving frontline towns this week." || b.Author != "Iryna Koval" {
		t.Errorf("summary-only item: %+v", b)
	}
	if items[2].Draft != nil || items[2].Err == nil || !strings.Contains(items[2].Err.Error(), `item 3 ("Item without any text") has no text`) {
		t.Errorf("empty item: %+v", items[2])
	}
}

func TestReadFeedAtom(t *testing.T) {
	items, err := ReadFeed(readFixture(t, "feed-atom.atom"), "x.atom")
	if err != nil || len(items) != 2 {
		t.Fatalf("%v %v", items, err)
	}
	a, b := items[0].Draft, items[1].Draft
	if a.Title != "Енергетики відновили живлення" || a.Author != "Марія Шевчук" || a.Language != "uk" || a.Format != "atom" ||
		a.Text != "Енергетики відновили живлення у більшості районів після нічної атаки.\n\nРемонт триватиме до вечора." ||
		!a.Published.Equal(time.Date(2025, 3, 14, 7, 15, 0, 0, time.UTC)) || a.URL != "https://chronicle.example.net/uk/energy-restored" {
		t.Errorf("first entry: %+v", a)
	}
	if b.Author != "Редакція" || !b.Published.Equal(time.Date(2025, 3, 13, 18, 0, 0, 0, time.UTC)) || !strings.HasPrefix(b.Text, "Через загрозу") {
		t.Errorf("entry with feed author and only <updated>: %+v", b)
	}
}

func TestReadFeedRefuses(t *testing.T) {
	tests := []struct {
		name, in string
		want     error
		msg      string
	}{
		{"empty", "", ErrEmpty, ""},
		{"not a feed", `<?xml version="1.0"?><note><to>x</to></note>`, ErrNotFeed, ""},
		{"no items", `<rss version="2.0"><channel><title>t</title></channel></rss>`, nil, "no items"},
		{"broken XML", `<rss version="2.0"><channel><item><title>x</title><description>yy`, nil, "cannot be read"},
	}
	for _, tt := range tests {
		items, err := ReadFeed([]byte(tt.in), "f.xml")
		if err == nil || (tt.want != nil && !errors.Is(err, tt.want)) || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%s: %v %v", tt.name, items, err)
		}
	}
}

func TestReadFeedCapsItems(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Flood</title>`)
	for i := 0; i < MaxFeedItems+10; i++ {
		fmt.Fprintf(&b, "<item><title>T%d</title><description>Body number %d of the flood.</description></item>", i, i)
	}
	b.WriteString(`</channel></rss>`)
	items, err := ReadFeed([]byte(b.String()), "flood.xml")
	if err != nil {
		t.Fatal(err)
	}
	drafts, notes := 0, 0
	for _, it := range items {
		if it.Draft != nil {
			drafts++
		} else if it.Err != nil && strings.Contains(it.Err.Error(), "only the first") {
			notes++
		}
	}
	if drafts != MaxFeedItems || notes != 1 {
		t.Fatalf("got %d drafts and %d cap notes, want %d and 1", drafts, notes, MaxFeedItems)
	}
}
