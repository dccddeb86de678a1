package suggest

import (
	"gloss.app/gloss/annotate/textunits"
	"testing"
)

func TestCountSets(t *testing.T) {
	for _, dir := range []string{"testdata/dev", "testdata/eval"} {
		arts, err := ReadLabelledDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		counts := map[string]int{}
		sent, neg := 0, 0
		for _, a := range arts {
			rs := []rune(a.Text)
			for _, sp := range textunits.SentencesOf(rs) {
				sent++
				tags := map[string]bool{}
				for _, s := range a.Spans {
					if covers(sp, textunits.Span{Start: s.Start, End: s.End}) {
						for _, k := range s.Tags {
							tags[k] = true
						}
					}
				}
				if len(tags) == 0 {
					neg++
				}
				for k := range tags {
					counts[k]++
				}
			}
		}
		t.Logf("%s: %d articles, %d sentences, %d without tag, %v", dir, len(arts), sent, neg, counts)
	}
}
