package search

import (
	"fmt"
	"testing"
	"time"

	"gloss.app/gloss/annotate"
)

// An index kept open with a PersistDelay (the window serving a script) shows each change
// to searches at once, writes the segments of a burst to disk together, and has every
// change on disk once closed.
func TestPersistDelayWritesBurstsTogether(t *testing.T) {
	for _, tc := range []struct {
		name      string
		delay     time.Duration
		maxWrites int // segments written for the burst (0: not checked)
	}{
		{"one by one", 0, 0},
		{"delayed", time.Second, burst / 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.ix.Close()
			ix := must(OpenWith(f.ws, Options{PersistDelay: tc.delay}))
			defer ix.Close()
			energy := f.tag["Military developments/Energy attacks"]
			before := persistedSegments(ix)
			for i := 0; i < burst; i++ {
				note := fmt.Sprintf("burstnote%d", i)
				if _, _, err := f.ws.Annotate(annotate.AnnotationDraft{ArticleID: f.art["A1"], Start: i, End: i + 5,
					TagIDs: []string{energy}, Note: note}); err != nil {
					t.Fatal(err)
				}
				if res, err := ix.Search(Request{Query: note}); err != nil || res.Total != 1 {
					t.Fatalf("%s right after the change: %v hits, %v", note, total(res), err)
				}
			}
			written := persistedSegments(ix) - before
			t.Logf("%d segments written for %d changes", written, burst)
			if tc.maxWrites > 0 && written > tc.maxWrites {
				t.Errorf("%d segments written for a burst of %d changes, want at most %d", written, burst, tc.maxWrites)
			}
			ix.Close()
			parts, err := openParts(f.ws.IndexDir(), 0)
			if err != nil {
				t.Fatal(err)
			}
			defer closeParts(parts)
			if rev, ok := partsState(parts); !ok || rev != f.ws.Revision() {
				t.Fatalf("on disk after Close: revision %d (ok %v), the store is at %d", rev, ok, f.ws.Revision())
			}
		})
	}
}

const burst = 12

// persistedSegments is how many segments bleve has written to disk for the index's parts.
func persistedSegments(ix *Index) int {
	n := 0
	for _, p := range ix.parts {
		stats, _ := p.idx.StatsMap()["index"].(map[string]interface{})
		v, _ := stats["TotPersistedSegments"].(uint64)
		n += int(v)
	}
	return n
}

func total(res *Results) int {
	if res == nil {
		return -1
	}
	return int(res.Total)
}
