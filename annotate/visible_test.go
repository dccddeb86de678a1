package annotate

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/google/uuid"
)

// putColleagues stores copies of a as annotations made by coders, as pulled changes
// would, and returns their ids.
func putColleagues(t *testing.T, ws *Workspace, a Annotation, coders ...string) []string {
	t.Helper()
	var ids []string
	_, err := ws.ApplyRemote("test", func(rt *ReplicaTx) error {
		for _, c := range coders {
			b := a
			b.ID = uuid.NewString()
			b.Coder = c
			raw, _ := json.Marshal(b)
			if err := rt.Put("annotations", b.ID, raw); err != nil {
				return err
			}
			ids = append(ids, b.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func setBlind(t *testing.T, ws *Workspace, coder string, blind bool) {
	t.Helper()
	if _, err := ws.ApplyRemote("", func(rt *ReplicaTx) error { return rt.SetIdentity(coder, blind) }); err != nil {
		t.Fatal(err)
	}
}

func TestVisibleQueriesFollowBlindCoding(t *testing.T) {
	ws := openTemp(t)
	one := addText(t, ws, "One", "Strikes on two substations left the city dark overnight.")
	two := addText(t, ws, "Two", "The ceasefire held in the south, officials said.")
	old := annotateQuote(t, ws, one.ID, "substations", "Energy attacks") // from before the project: no coder
	ids := putColleagues(t, ws, old, "me", "olha", "olha")
	mine, theirs := ids[0], ids[1:]
	other := annotateQuote(t, ws, two.ID, "ceasefire", "Diplomacy")
	theirs = append(theirs, putColleagues(t, ws, other, "marko")...)
	energy, diplomacy := tagID(t, ws, "Energy attacks"), tagID(t, ws, "Diplomacy")

	for _, tc := range []struct {
		name        string
		blind       bool
		annotations int
		perArticle  map[string]int
		usage       map[string]TagUsage
		hidden      []string
	}{
		{"open project", false, 6, map[string]int{one.ID: 4, two.ID: 2},
			map[string]TagUsage{energy: {4, 1}, diplomacy: {2, 1}}, nil},
		{"blind project", true, 3, map[string]int{one.ID: 2, two.ID: 1},
			map[string]TagUsage{energy: {2, 1}, diplomacy: {1, 1}}, theirs},
	} {
		t.Run(tc.name, func(t *testing.T) {
			setBlind(t, ws, "me", tc.blind)
			if arts, anns := ws.VisibleCounts(); arts != 2 || anns != tc.annotations {
				t.Errorf("counts %d articles, %d annotations; want 2, %d", arts, anns, tc.annotations)
			}
			list, err := ws.VisibleArticles()
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range list {
				if s.Annotations != tc.perArticle[s.ID] {
					t.Errorf("article %q counts %d, want %d", s.Title, s.Annotations, tc.perArticle[s.ID])
				}
			}
			usage, err := ws.VisibleTagUsage()
			if err != nil {
				t.Fatal(err)
			}
			for tag, want := range tc.usage {
				if usage[tag] != want {
					t.Errorf("tag %s used %+v, want %+v", tag, usage[tag], want)
				}
			}
			all, err := ws.VisibleAnnotationIDs(nil)
			if err != nil {
				t.Fatal(err)
			}
			if tc.blind && len(all) != tc.annotations {
				t.Errorf("visible ids %v, want %d", all, tc.annotations)
			}
			if !tc.blind && all != nil {
				t.Errorf("without blind coding nil stays nil (every annotation), got %v", all)
			}
			for _, id := range tc.hidden {
				if slices.Contains(all, id) {
					t.Errorf("a colleague's annotation %s is listed", id)
				}
			}
			some, err := ws.VisibleAnnotationIDs([]string{mine, theirs[0]})
			if err != nil {
				t.Fatal(err)
			}
			want := []string{mine, theirs[0]}
			if tc.blind {
				want = []string{mine}
			}
			if !slices.Equal(some, want) {
				t.Errorf("narrowed ids %v, want %v", some, want)
			}
			none, _ := ws.VisibleAnnotationIDs(theirs[:1])
			if tc.blind && (none == nil || len(none) != 0) {
				t.Errorf("a selection of hidden ones must stay an empty selection, got %#v", none)
			}
		})
	}
}
