package search

import (
	"encoding/json"
	"strings"
	"testing"

	"gloss.app/gloss/annotate"
)

// codeAsTeam gives the fixture's annotations their coders (Olha's and Marko's, as a
// team project's capture would) and makes the workspace Olha's, coding blind or not.
func (f *fixture) codeAsTeam(t *testing.T, blind bool) {
	t.Helper()
	_, err := f.ws.ApplyRemote("coders", func(rt *annotate.ReplicaTx) error {
		for _, a := range fixtureAnnotations {
			ann, err := f.ws.Annotation(f.ann[a.name])
			if err != nil {
				return err
			}
			ann.Coder = "coder-" + a.author
			raw, _ := json.Marshal(ann)
			if err := rt.Put("annotations", ann.ID, raw); err != nil {
				return err
			}
		}
		return rt.SetIdentity("coder-Olha", blind)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func facetCount(l []FacetCount, label string) int {
	for _, c := range l {
		if c.Label == label {
			return c.Count
		}
	}
	return 0
}

func TestBlindCodingLeavesColleaguesOutOfEverySearch(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		name       string
		blind      bool
		all        string // every annotation, any order
		kharkiv    string // annotations matching "Харків" stems and "Kharkiv"
		corruption int    // the Corruption facet
		kyiv       int    // the Kyiv Independent facet
	}{
		{"open", false, "N1 N2 N3 N4 N5 N6 N7 N8", "N1 N3 N5", 1, 4},
		{"blind", true, "N1 N2 N3 N4", "N1 N3", 0, 2},
		{"revealed again", false, "N1 N2 N3 N4 N5 N6 N7 N8", "N1 N3 N5", 1, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f.codeAsTeam(t, tc.blind)
			// The empty query (the newest-first path) and a sorted one.
			for _, sort := range []string{"", SortPublished} {
				if got := sorted(f.names(t, Request{Sort: sort})); got != tc.all {
					t.Errorf("sort %q lists %s, want %s", sort, got, tc.all)
				}
			}
			if got := sorted(f.names(t, Request{Query: "Kharkiv OR Харків OR Харькове"})); got != tc.kharkiv {
				t.Errorf("Kharkiv finds %s, want %s", got, tc.kharkiv)
			}
			res, err := f.ix.Search(Request{Limit: 2, Facets: true})
			if err != nil {
				t.Fatal(err)
			}
			want := len(strings.Fields(tc.all))
			if res.Total != want || len(res.Hits) != 2 {
				t.Errorf("a page of 2: total %d, %d hits; want total %d", res.Total, len(res.Hits), want)
			}
			if n := facetCount(res.Facets.Tags, "Corruption"); n != tc.corruption {
				t.Errorf("the Corruption facet counts %d, want %d", n, tc.corruption)
			}
			if n := facetCount(res.Facets.Sources, "Kyiv Independent"); n != tc.kyiv {
				t.Errorf("the Kyiv Independent facet counts %d, want %d", n, tc.kyiv)
			}
			ids, err := f.ix.AnnotationIDs("")
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, id := range ids {
				names = append(names, f.name[id])
			}
			if got := sorted(names); got != tc.all {
				t.Errorf("AnnotationIDs lists %s, want %s", got, tc.all)
			}
			// Articles are never hidden.
			if got := f.names(t, Request{Query: "audit", Articles: true}); len(got) == 0 {
				t.Errorf("the audit article is not found")
			}
		})
	}
}

// The coders are part of the documents: a rebuilt index, and a colleague's annotation
// arriving while the project codes blind, are left out as well.
func TestBlindCodingAfterRebuildAndNewAnnotations(t *testing.T) {
	f := newFixture(t)
	f.codeAsTeam(t, true)
	if err := f.ix.Rebuild(nil); err != nil {
		t.Fatal(err)
	}
	if got := sorted(f.names(t, Request{})); got != "N1 N2 N3 N4" {
		t.Errorf("after a rebuild the blind analyst sees %s, want N1 N2 N3 N4", got)
	}
	// A colleague's new annotation arrives (as a pull would bring it).
	src, err := f.ws.Annotation(f.ann["N1"])
	if err != nil {
		t.Fatal(err)
	}
	theirs := src
	theirs.ID, theirs.Coder, theirs.Note = "0000aaaa-0000-4000-8000-000000000001", "coder-Marko", "pulled"
	_, err = f.ws.ApplyRemote("pull", func(rt *annotate.ReplicaTx) error {
		raw, _ := json.Marshal(theirs)
		return rt.Put("annotations", theirs.ID, raw)
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err := f.ix.Search(Request{Query: "note:pulled", Facets: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 0 || len(res.Facets.Tags) != 0 {
		t.Errorf("a colleague's pulled annotation is found while blind: total %d, tag facets %v", res.Total, res.Facets.Tags)
	}
	if ids := must(f.ix.AnnotationIDs("note:pulled")); len(ids) != 0 {
		t.Errorf("AnnotationIDs lists a colleague's pulled annotation while blind: %v", ids)
	}
	f.codeAsTeam(t, false)
	if res := must(f.ix.Search(Request{Query: "note:pulled"})); res.Total != 1 {
		t.Errorf("revealed, the pulled annotation is found %d times, want 1", res.Total)
	}
}
