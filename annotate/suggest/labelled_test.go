package suggest

import (
	"reflect"
	"strings"
	"testing"

	"gloss.app/gloss/annotate/textunits"
)

func TestParseLabelled(t *testing.T) {
	in := "# comment\n=== Title one\n@source: Desk\n@lang: uk\n@date: 2025-01-02\n" +
		"Перше речення. [Удар по підстанції]{energy|нотатка} знеструмив місто.\n[Друге]{energy,civilians} речення.\n\nНовий абзац.\n\n" +
		"=== Title two\nOnly one.\n"
	arts, err := ParseLabelled(strings.NewReader(in), "x.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != 2 {
		t.Fatalf("%d articles", len(arts))
	}
	a := arts[0]
	wantText := "Перше речення. Удар по підстанції знеструмив місто. Друге речення.\n\nНовий абзац."
	if a.Text != wantText || a.Source != "Desk" || a.Language != "uk" || a.Published.Format("2006-01-02") != "2025-01-02" {
		t.Errorf("article %+v", a)
	}
	r := []rune(a.Text)
	got := []string{}
	for _, sp := range a.Spans {
		got = append(got, string(r[sp.Start:sp.End])+"="+strings.Join(sp.Tags, "+")+"|"+sp.Note)
	}
	want := []string{"Удар по підстанції=energy|нотатка", "Друге=energy+civilians|"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("spans %q, want %q", got, want)
	}
	if arts[1].Text != "Only one." {
		t.Errorf("second text %q", arts[1].Text)
	}
	for _, bad := range []string{
		"text first\n",
		"=== T\n[open{energy}\n",
		"=== T\n[a]{nosuchtag}\n",
		"=== T\n[a [b]{energy}]{energy}\n",
		"=== T\n@colour: red\n",
		"=== T\nstray } here\n",
	} {
		if _, err := ParseLabelled(strings.NewReader(bad), "bad.txt"); err == nil {
			t.Errorf("%q parsed without error", bad)
		}
	}
}

// The labelled sets are what the figures rest on: check their shape. Each line is one
// sentence for the splitter (so the gold sentence units are the lines the author
// checked), every tag has enough examples, and each set has negatives.
func TestLabelledSetsShape(t *testing.T) {
	for _, tt := range []struct {
		dir       string
		minTag    int
		minTotal  int
		languages []string
	}{
		{"testdata/dev", 9, 200, []string{"en", "uk"}},
		{"testdata/eval", 15, 400, []string{"en", "uk"}},
	} {
		arts, err := ReadLabelledDir(tt.dir)
		if err != nil {
			t.Fatal(err)
		}
		perTag := map[string]int{}
		langs := map[string]int{}
		total, negatives := 0, 0
		seen := map[string]bool{}
		for _, a := range arts {
			if seen[a.Text] {
				t.Errorf("%s: %q duplicates another article's text", a.File, a.Title)
			}
			seen[a.Text] = true
			r := []rune(a.Text)
			var got []string
			spans := textunits.SentencesOf(r)
			for _, sp := range spans {
				got = append(got, string(r[sp.Start:sp.End]))
			}
			if !reflect.DeepEqual(got, a.Sentences) {
				t.Errorf("%s: %q: the splitter's sentences differ from the lines:\n got %q\nwant %q", a.File, a.Title, got, a.Sentences)
			}
			for _, sp := range spans {
				total++
				langs[a.Language]++
				tags := map[string]bool{}
				for _, p := range a.Spans {
					if covers(sp, textunits.Span{Start: p.Start, End: p.End}) {
						for _, k := range p.Tags {
							tags[k] = true
						}
					}
				}
				if len(tags) == 0 {
					negatives++
				}
				for k := range tags {
					perTag[k]++
				}
			}
		}
		if total < tt.minTotal || negatives < total/4 {
			t.Errorf("%s: %d sentences (%d without a tag)", tt.dir, total, negatives)
		}
		for key := range LabelledTags {
			if perTag[key] < tt.minTag {
				t.Errorf("%s: tag %s has %d sentences, want at least %d", tt.dir, key, perTag[key], tt.minTag)
			}
		}
		for _, l := range tt.languages {
			if langs[l] < total/3 {
				t.Errorf("%s: %d of %d sentences in %s", tt.dir, langs[l], total, l)
			}
		}
		t.Logf("%s: %d articles, %d sentences, %d without a tag, per tag %v", tt.dir, len(arts), total, negatives, perTag)
	}
}
