package search

import (
	"path/filepath"
	"testing"

	"gloss.app/gloss/annotate"
)

// Gloss and the FTS5 reference agree on a small corpus shaped like the benchmark's: the
// same totals, facets and page sizes for every query case of the side-by-side benchmark,
// with and without articles. (The benchmark asserts the same on the full corpus.)
func TestFTS5AgreesOnTotals(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a corpus")
	}
	dir := filepath.Join(t.TempDir(), "ws")
	if err := generateCorpusOf(dir, 60, true); err != nil {
		t.Fatal(err)
	}
	ws := must(annotate.Open(dir, annotate.Options{NoSync: true}))
	t.Cleanup(func() { ws.Close() })
	ix := must(Open(ws, nil))
	t.Cleanup(func() { ix.Close() })
	ref, err := loadFTS5(ws, filepath.Join(t.TempDir(), "fts5.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ref.Close() })
	matched := 0
	for _, articles := range []bool{false, true} {
		for _, tc := range benchCases() {
			for i := 0; i < 8; i++ {
				q := tc.query(i)
				res, err := ix.Search(Request{Query: q, Facets: tc.facets, Limit: 20, Offset: tc.offset, Articles: articles})
				if err != nil {
					t.Fatalf("%s %q: %v", tc.name, q, err)
				}
				fr, err := ref.search(q, articles, tc.facets, tc.offset, 20)
				if err != nil {
					t.Fatalf("fts5 %s %q: %v", tc.name, q, err)
				}
				if res.Total != fr.total {
					t.Errorf("%s %q (articles %t): Gloss %d, FTS5 %d", tc.name, q, articles, res.Total, fr.total)
				}
				if tc.facets {
					if d := facetDiff(glossFacets(res.Facets), fr.facets); d != "" {
						t.Errorf("%s %q (articles %t): facets differ: %s", tc.name, q, articles, d)
					}
				}
				if len(res.Hits) != len(fr.hits) {
					t.Errorf("%s %q (articles %t): %d hits on the page, FTS5 %d", tc.name, q, articles, len(res.Hits), len(fr.hits))
				}
				if res.Total > 0 {
					matched++
				}
			}
		}
	}
	if matched < 100 {
		t.Errorf("only %d of the queries found something: the comparison proves little", matched)
	}
}
