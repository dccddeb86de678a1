package cli

import (
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"gloss.app/gloss/annotate"
)

// tagWorkspace is a workspace with the default codebook, one article and two annotations:
// one tagged only "Energy attacks", one tagged "Energy attacks" and "Diplomacy".
func tagWorkspace(t *testing.T) (dir string, only, both string) {
	t.Helper()
	dir, art := workspaceWith(t)
	ws := openWS(t, dir)
	defer ws.Close()
	cb, _ := ws.Codebook()
	energy, diplomacy := mustTag(t, cb, "Energy attacks"), mustTag(t, cb, "Diplomacy")
	a1, _, err := ws.Annotate(annotate.AnnotationDraft{ArticleID: art, Start: 38, End: 46, TagIDs: []string{energy.ID}})
	if err != nil {
		t.Fatal(err)
	}
	a2, _, err := ws.Annotate(annotate.AnnotationDraft{ArticleID: art, Start: 60, End: 80, TagIDs: []string{energy.ID, diplomacy.ID}})
	if err != nil {
		t.Fatal(err)
	}
	return dir, a1.ID, a2.ID
}

func openWS(t *testing.T, dir string) *annotate.Workspace {
	t.Helper()
	ws, err := annotate.Open(dir, annotate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return ws
}

func mustTag(t *testing.T, cb *annotate.Codebook, ref string) annotate.Tag {
	t.Helper()
	tag, err := cb.Resolve(ref)
	if err != nil {
		t.Fatalf("resolve %q: %v", ref, err)
	}
	return tag
}

// state is what a codebook command may change: the tags and every annotation's tags.
type state struct {
	Tags        []annotate.Tag
	Annotations map[string][]string
}

func snapshot(t *testing.T, ws *annotate.Workspace) state {
	t.Helper()
	cb, err := ws.Codebook()
	if err != nil {
		t.Fatal(err)
	}
	s := state{Tags: cb.Tags(), Annotations: map[string][]string{}}
	sort.Slice(s.Tags, func(i, j int) bool { return s.Tags[i].ID < s.Tags[j].ID })
	ws.EachAnnotation(func(a annotate.Annotation) error {
		ids := append([]string(nil), a.TagIDs...)
		sort.Strings(ids)
		s.Annotations[a.ID] = ids
		return nil
	})
	return s
}

func TestTagCommandsPersistAndUndo(t *testing.T) {
	type view struct {
		cb   *annotate.Codebook
		anns map[string][]string
		only string // annotation ids of tagWorkspace
		both string
	}
	for _, tc := range []struct {
		name  string
		args  []string
		check func(t *testing.T, v view)
	}{
		{"add", []string{"tag", "add", "Drone strikes", "--parent", "Military developments", "--color", "#abc", "--description", "UAV attacks", "--hotkey", "7"},
			func(t *testing.T, v view) {
				d := mustTag(t, v.cb, "Military developments/Drone strikes")
				if d.Color != "#AABBCC" || d.Description != "UAV attacks" || d.Hotkey != 7 {
					t.Errorf("added %+v", d)
				}
			}},
		{"add by path", []string{"tag", "add", "Diplomacy/Back channels"},
			func(t *testing.T, v view) {
				d := mustTag(t, v.cb, "Back channels")
				if v.cb.Path(d.ID) != "Diplomacy/Back channels" || !annotate.ValidColor(d.Color) {
					t.Errorf("added %+v at %s", d, v.cb.Path(d.ID))
				}
			}},
		{"rename", []string{"tag", "rename", "Energy attacks", "Strikes on energy"},
			func(t *testing.T, v view) {
				if _, err := v.cb.Resolve("Energy attacks"); err == nil {
					t.Error("old name still resolves")
				}
				mustTag(t, v.cb, "Military developments/Strikes on energy")
			}},
		{"move to top", []string{"tag", "move", "Energy attacks", "--parent", ""},
			func(t *testing.T, v view) {
				if e := mustTag(t, v.cb, "Energy attacks"); e.ParentID != "" {
					t.Errorf("still under %s", e.ParentID)
				}
			}},
		{"move under", []string{"tag", "move", "Corruption", "--parent", "Diplomacy"},
			func(t *testing.T, v view) { mustTag(t, v.cb, "Diplomacy/Corruption") }},
		{"merge", []string{"tag", "merge", "Energy attacks", "Battlefield developments"},
			func(t *testing.T, v view) {
				if _, err := v.cb.Resolve("Energy attacks"); err == nil {
					t.Error("merged tag still there")
				}
				bf := mustTag(t, v.cb, "Battlefield developments")
				dip := mustTag(t, v.cb, "Diplomacy")
				if !reflect.DeepEqual(v.anns[v.only], []string{bf.ID}) || len(v.anns[v.both]) != 2 || !contains(v.anns[v.both], dip.ID) || !contains(v.anns[v.both], bf.ID) {
					t.Errorf("annotations after merge: %v", v.anns)
				}
			}},
		{"delete into", []string{"tag", "delete", "Energy attacks", "--into", "Diplomacy"},
			func(t *testing.T, v view) {
				dip := mustTag(t, v.cb, "Diplomacy")
				if !reflect.DeepEqual(v.anns[v.only], []string{dip.ID}) || !reflect.DeepEqual(v.anns[v.both], []string{dip.ID}) {
					t.Errorf("annotations after delete --into: %v", v.anns)
				}
			}},
		{"delete", []string{"tag", "delete", "Energy attacks", "--delete-annotations"},
			func(t *testing.T, v view) {
				dip := mustTag(t, v.cb, "Diplomacy")
				if _, ok := v.anns[v.only]; ok {
					t.Error("an annotation left without tags was kept")
				}
				if !reflect.DeepEqual(v.anns[v.both], []string{dip.ID}) {
					t.Errorf("annotations after delete: %v", v.anns)
				}
			}},
		{"color", []string{"tag", "color", "Diplomacy", "#0a7"},
			func(t *testing.T, v view) {
				if c := mustTag(t, v.cb, "Diplomacy").Color; c != "#00AA77" {
					t.Errorf("colour %s", c)
				}
			}},
		{"describe", []string{"tag", "describe", "Diplomacy", "Talks", "&", "visits"},
			func(t *testing.T, v view) {
				if d := mustTag(t, v.cb, "Diplomacy").Description; d != "Talks & visits" {
					t.Errorf("description %q", d)
				}
			}},
		{"hotkey", []string{"tag", "hotkey", "Diplomacy", "1"},
			func(t *testing.T, v view) {
				if k := mustTag(t, v.cb, "Diplomacy").Hotkey; k != 1 {
					t.Errorf("hotkey %d", k)
				}
				if k := mustTag(t, v.cb, "Corruption").Hotkey; k != 0 {
					t.Errorf("Corruption kept key 1 (%d)", k)
				}
			}},
		{"import", []string{"tag", "import", "../../annotate/codebookio/testdata/nested.qdc"},
			func(t *testing.T, v view) {
				mustTag(t, v.cb, "Infrastructure/Energy attacks/Substations")
				if e := mustTag(t, v.cb, "Military developments/Energy attacks"); e.ID == "1b4e28ba-2fa1-11d2-883f-0016d3cca427" {
					t.Error("the imported code took over the default tag of the same name elsewhere")
				}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, only, both := tagWorkspace(t)
			ws := openWS(t, dir)
			before := snapshot(t, ws)
			ws.Close()

			code, out, errs := run(t, dir, tc.args...)
			if code != ExitOK {
				t.Fatalf("exit %d: %s%s", code, out, errs)
			}
			if strings.TrimSpace(out) == "" {
				t.Error("nothing printed")
			}
			// A new process sees the change.
			ws = openWS(t, dir)
			defer ws.Close()
			after := snapshot(t, ws)
			cb, _ := ws.Codebook()
			tc.check(t, view{cb: cb, anns: after.Annotations, only: only, both: both})
			// One undo brings back exactly what was before; redo the change.
			if _, err := ws.Undo(); err != nil {
				t.Fatal(err)
			}
			if got := snapshot(t, ws); !reflect.DeepEqual(got, before) {
				t.Errorf("undo did not restore the state:\n got %+v\nwant %+v", got, before)
			}
			if _, err := ws.Redo(); err != nil {
				t.Fatal(err)
			}
			if got := snapshot(t, ws); !reflect.DeepEqual(got, after) {
				t.Errorf("redo did not bring the change back")
			}
		})
	}
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func TestTagCommandErrors(t *testing.T) {
	dir, _, _ := tagWorkspace(t)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"tag"}, ExitUsage, "needs a subcommand"},
		{[]string{"tag", "paint", "X"}, ExitUsage, `unknown tag subcommand "paint"`},
		{[]string{"tag", "rename", "Diplomacy"}, ExitUsage, "takes 2 arguments, not 1"},
		{[]string{"tag", "rename", "Diplomacy", "Talks", "--color", "#000000"}, ExitUsage, "does not take --color"},
		{[]string{"tag", "move", "Diplomacy"}, ExitUsage, "needs --parent"},
		{[]string{"tag", "hotkey", "Diplomacy", "x"}, ExitUsage, "a hotkey is a digit"},
		{[]string{"tag", "rename", "No such tag", "X"}, ExitFailed, `no tag "No such tag"`},
		{[]string{"tag", "color", "Diplomacy", "blue"}, ExitFailed, "#RRGGBB"},
		{[]string{"tag", "add", "Diplomacy"}, ExitFailed, "already exists"},
		{[]string{"tag", "move", "Military developments", "--parent", "Energy attacks"}, ExitFailed, "under itself"},
		{[]string{"tag", "merge", "Diplomacy", "Diplomacy"}, ExitFailed, "into itself"},
		{[]string{"tag", "export", "--format", "xlsx"}, ExitUsage, "unknown codebook format"},
		{[]string{"tag", "import", "codebook.docx"}, ExitFailed, "codebook.docx"},
	} {
		code, _, errs := run(t, dir, tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d %q, want %d with %q", tc.args, code, errs, tc.code, tc.want)
		}
	}
}

func TestTagExportImport(t *testing.T) {
	dir, _, _ := tagWorkspace(t)
	code, out, errs := run(t, dir, "tag", "export")
	if code != ExitOK || !strings.HasPrefix(out, `<?xml version="1.0" encoding="utf-8"?>`) || !strings.Contains(out, `xmlns="urn:QDA-XML:codebook:1.0"`) {
		t.Fatalf("export to stdout: %d %s %.200s", code, errs, out)
	}
	code, out, _ = run(t, dir, "tag", "export", "--format", "csv")
	if code != ExitOK || !strings.HasPrefix(out, "path,description,color\n") || !strings.Contains(out, "\nMilitary developments/Energy attacks,") {
		t.Fatalf("csv export: %d %.200s", code, out)
	}
	files := t.TempDir()
	qdc, csvFile := filepath.Join(files, "book.qdc"), filepath.Join(files, "book.csv")
	if code, out, errs := run(t, dir, "tag", "export", "-o", qdc); code != ExitOK || !strings.Contains(out, "Exported 13 tags") {
		t.Fatalf("export -o: %d %s %s", code, out, errs)
	}
	if code, _, errs := run(t, dir, "tag", "export", "-o", csvFile); code != ExitOK {
		t.Fatalf("export -o csv: %s", errs)
	}
	if b, _ := os.ReadFile(csvFile); !strings.HasPrefix(string(b), "path,description,color\n") {
		t.Errorf("-o book.csv did not write CSV: %.60q", b)
	}

	// Into a workspace that renamed a tag and recoloured another: the GUIDs bring both back.
	other, _, _ := tagWorkspace(t)
	run(t, other, "tag", "rename", "Energy attacks", "Power strikes")
	run(t, other, "tag", "color", "Diplomacy", "#000000")
	code, out, errs = run(t, other, "tag", "import", qdc, "--json")
	if code != ExitOK {
		t.Fatalf("import: %d %s", code, errs)
	}
	rep := decode[map[string]any](t, out)
	if rep["created"] != 0.0 || rep["updated"] != 2.0 || rep["unchanged"] != 11.0 {
		t.Errorf("import report %v", rep)
	}
	ws := openWS(t, other)
	cb, _ := ws.Codebook()
	mustTag(t, cb, "Energy attacks")
	if c := mustTag(t, cb, "Diplomacy").Color; c == "#000000" {
		t.Error("colour not taken from the codebook")
	}
	ws.Close()
	// The same file again: nothing to do, said in words.
	if code, out, _ := run(t, other, "tag", "import", csvFile); code != ExitOK || !strings.Contains(out, "already had everything") {
		t.Errorf("second import: %d %q", code, out)
	}
}

// Deleting a tag that is the only tag of some annotations needs --into or
// --delete-annotations, and says how many annotations it would delete.
func TestTagDeleteAsksWhatToDoWithAnnotations(t *testing.T) {
	dir, only, both := tagWorkspace(t)
	ws := openWS(t, dir)
	before := snapshot(t, ws)
	ws.Close()
	code, out, stderr := run(t, dir, "tag", "delete", "Energy attacks")
	want := "gloss: 'Military developments/Energy attacks' is the only tag of 1 annotation: deleting the tag would delete it; " +
		"add --into TAG to give it another tag, or --delete-annotations to delete it with the tag\n"
	if code != ExitFailed || stderr != want || out != "" {
		t.Fatalf("exit %d, stderr %q, want %q", code, stderr, want)
	}
	ws = openWS(t, dir)
	if got := snapshot(t, ws); !reflect.DeepEqual(got, before) {
		t.Error("a refused delete changed the codebook")
	}
	ws.Close()
	if code, _, stderr := run(t, dir, "tag", "delete", "Energy attacks", "--into", "Diplomacy", "--delete-annotations"); code != ExitUsage || !strings.Contains(stderr, "either --into or --delete-annotations") {
		t.Errorf("both flags: exit %d %q", code, stderr)
	}
	code, out, _ = run(t, dir, "tag", "delete", "Energy attacks", "--delete-annotations")
	if code != ExitOK || strings.TrimSpace(out) != "Deleted tag 'Energy attacks' and 1 annotation that had only this tag" {
		t.Fatalf("--delete-annotations: exit %d %q", code, out)
	}
	ws = openWS(t, dir)
	defer ws.Close()
	if _, err := ws.Annotation(only); err == nil {
		t.Error("the annotation with only that tag is still there")
	}
	if _, err := ws.Annotation(both); err != nil {
		t.Error("the annotation with another tag was deleted")
	}
	// A tag no annotation depends on is deleted without a flag.
	ws.Close()
	if code, _, stderr := run(t, dir, "tag", "delete", "Corruption"); code != ExitOK {
		t.Errorf("delete of a tag no annotation depends on: exit %d %s", code, stderr)
	}
}

// A hotkey taken from another tag is said so.
func TestTagHotkeySaysWhereItWasTaken(t *testing.T) {
	dir, _ := workspaceWith(t)
	code, out, _ := run(t, dir, "tag", "hotkey", "Diplomacy", "1")
	if code != ExitOK || strings.TrimSpace(out) != "Bound key 1 to 'Diplomacy'; key 1 was the key of 'Corruption', which now has none" {
		t.Errorf("tag hotkey: exit %d %q", code, out)
	}
	code, out, _ = run(t, dir, "tag", "add", "Mediators", "--parent", "Diplomacy", "--hotkey", "4")
	if code != ExitOK || strings.TrimSpace(out) != "Created tag 'Mediators'; key 4 was the key of 'Diplomacy/Security guarantees', which now has none" {
		t.Errorf("tag add --hotkey: exit %d %q", code, out)
	}
	code, out, _ = run(t, dir, "tag", "hotkey", "Corruption", "none")
	if code != ExitOK || strings.Contains(out, "was the key") {
		t.Errorf("removing a key: %q", out)
	}
	code, out, _ = run(t, dir, "tag", "hotkey", "Diplomacy", "1")
	if code != ExitOK || strings.Contains(out, "was the key") {
		t.Errorf("binding the key a tag already has: %q", out)
	}
}

// Two tags may share a name under different parents; an ambiguous reference is refused
// with references that work, and the /Top form names the top-level one.
func TestTagSameNameUnderDifferentParents(t *testing.T) {
	dir, id := workspaceWith(t)
	if code, _, stderr := run(t, dir, "tag", "add", "Energy attacks"); code != ExitOK {
		t.Fatalf("a top-level tag with the name of another tag's child: %s", stderr)
	}
	code, _, stderr := run(t, dir, "annotate", id, "--start", "0", "--end", "5", "--tag", "Energy attacks")
	want := `gloss: tag name "Energy attacks" is ambiguous (2 tags have it): write "/Energy attacks" or "Military developments/Energy attacks"` + "\n"
	if code != ExitFailed || stderr != want {
		t.Fatalf("exit %d %q, want %q", code, stderr, want)
	}
	code, out, _ := run(t, dir, "annotate", id, "--start", "0", "--end", "5", "--tag", "/Energy attacks", "--json")
	if a := decode[map[string]any](t, out); code != ExitOK || strings.Join(toStrings(a["tag_paths"]), "") != "Energy attacks" {
		t.Fatalf("/Energy attacks: exit %d %v", code, a)
	}
	if code, _, stderr := run(t, dir, "tag", "rename", "energy attacks", "Strikes"); code != ExitFailed || !strings.Contains(stderr, `"/Energy attacks"`) {
		t.Errorf("rename by an ambiguous name: exit %d %q", code, stderr)
	}
}

// Importing a .qdc that changes tags of the workspace lists each of them.
func TestTagImportReportsChangedTags(t *testing.T) {
	dir, _ := workspaceWith(t)
	qdc := filepath.Join(t.TempDir(), "changes.qdc")
	os.WriteFile(qdc, []byte(`<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0">
  <Codes>
    <Code guid="{25DBE066-A766-5C96-8D9C-3D5015E6F8E3}" name="Diplomacy &amp; talks" isCodable="true" color="#123456">
      <Code guid="3b55e4d4-f0ed-5a83-83b7-cecc989828d1" name="Ceasefire &amp; negotiations" isCodable="true" color="#00DD98"/>
    </Code>
    <Code guid="43ba863a-516b-5b96-9813-2dce98f98869" name="Corruption" isCodable="true" color="#D978A8">
      <Description>Graft in procurement</Description>
    </Code>
    <Code guid="fca61323-edc9-50dd-b375-5f4eb9ec5872" name="Energy attacks" isCodable="true" color="#FF9F01"/>
    <Code guid="9f1c1111-0000-4000-8000-000000000001" name="Brand new" isCodable="true"/>
  </Codes>
</CodeBook>`), 0o644)
	code, out, stderr := run(t, dir, "tag", "import", qdc)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"changed 'Diplomacy': renamed to 'Diplomacy & talks', colour #037D42 → #123456\n",
		"changed 'Corruption': new description\n",
		"changed 'Military developments/Energy attacks': moved to the top level\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "changed ") != 3 || strings.Contains(out, "changed 'Diplomacy/Ceasefire") {
		t.Errorf("unchanged tags reported as changed:\n%s", out)
	}
}
