package codebookio

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/wstest"
)

func openWorkspace(t *testing.T) *annotate.Workspace { return wstest.Open(t) }

// emptyWorkspace is a workspace whose default codebook has been deleted.
func emptyWorkspace(t *testing.T) *annotate.Workspace {
	t.Helper()
	ws := wstest.Open(t)
	wstest.ClearCodebook(t, ws)
	return ws
}

func readFixture(t *testing.T, name string) []annotate.CodeDraft {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	codes, err := Read(name, f)
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	return codes
}

func codebook(t *testing.T, ws *annotate.Workspace) *annotate.Codebook {
	t.Helper()
	cb, err := ws.Codebook()
	if err != nil {
		t.Fatal(err)
	}
	return cb
}

func mustResolve(t *testing.T, cb *annotate.Codebook, ref string) annotate.Tag {
	t.Helper()
	tag, err := cb.Resolve(ref)
	if err != nil {
		t.Fatalf("resolve %q: %v", ref, err)
	}
	return tag
}

func TestReadQDCNested(t *testing.T) {
	codes := readFixture(t, "nested.qdc")
	if len(codes) != 2 {
		t.Fatalf("got %d top-level codes, want 2", len(codes))
	}
	infra := codes[0]
	want := annotate.CodeDraft{
		GUID: "{6F9619FF-8B86-D011-B42D-00C04FC964FF}", Name: "Infrastructure", Color: "#00AA77",
		Description: `Damage to "critical" infrastructure & repairs <any scale> — grid, water`,
	}
	got := infra
	got.Children = nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Infrastructure:\n got %+v\nwant %+v", got, want)
	}
	if len(infra.Children) != 2 || infra.Children[0].Name != "Energy attacks" || infra.Children[1].Name != "Водопостачання" {
		t.Fatalf("children of Infrastructure: %+v", infra.Children)
	}
	energy := infra.Children[0]
	if energy.Color != "#FF6600" || energy.Description != "Strikes on power plants & substations" {
		t.Errorf("Energy attacks: colour %q description %q", energy.Color, energy.Description)
	}
	if len(energy.Children) != 1 || energy.Children[0].Name != "Substations" || energy.Children[0].Color != "" {
		t.Errorf("Substations (no colour): %+v", energy.Children)
	}
	if codes[1].Color != "#7E57C2" {
		t.Errorf("Diplomacy colour %q, want #7E57C2", codes[1].Color)
	}
}

func TestImportQDC(t *testing.T) {
	ws := emptyWorkspace(t)
	before := codebook(t, ws).Len()
	rep, res, err := ws.ImportCodebook("nested.qdc", readFixture(t, "nested.qdc"))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created != 5 || rep.Updated != 0 || rep.Unchanged != 0 || len(rep.Warnings) != 0 {
		t.Fatalf("report %+v, want 5 created", rep)
	}
	if len(res.Changes.Tags) != 5 {
		t.Errorf("the index was told about %d tags, want 5", len(res.Changes.Tags))
	}
	cb := codebook(t, ws)
	if cb.Len() != before+5 {
		t.Fatalf("codebook has %d tags, want %d", cb.Len(), before+5)
	}
	infra := mustResolve(t, cb, "Infrastructure")
	if infra.ID != "6f9619ff-8b86-d011-b42d-00c04fc964ff" {
		t.Errorf("braced GUID became id %q", infra.ID)
	}
	energy := mustResolve(t, cb, "Infrastructure/Energy attacks")
	if energy.ParentID != infra.ID || energy.Color != "#FF6600" || energy.ID != "1b4e28ba-2fa1-11d2-883f-0016d3cca427" {
		t.Errorf("Energy attacks: %+v", energy)
	}
	sub := mustResolve(t, cb, "Infrastructure/Energy attacks/Substations")
	if sub.ParentID != energy.ID || !slices.Contains(annotate.Palette, sub.Color) {
		t.Errorf("Substations: %+v (colour should come from the palette)", sub)
	}
	if infra.Description != `Damage to "critical" infrastructure & repairs <any scale> — grid, water` {
		t.Errorf("description %q", infra.Description)
	}
	mustResolve(t, cb, "Водопостачання")

	// One undoable step.
	if _, err := ws.Undo(); err != nil {
		t.Fatal(err)
	}
	if n := codebook(t, ws).Len(); n != before {
		t.Fatalf("after undo %d tags, want %d", n, before)
	}
	if _, err := ws.Redo(); err != nil {
		t.Fatal(err)
	}
	if _, err := codebook(t, ws).Resolve("Substations"); err != nil {
		t.Fatalf("after redo: %v", err)
	}

	// The same file again changes nothing.
	rep, res, err = ws.ImportCodebook("nested.qdc", readFixture(t, "nested.qdc"))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created != 0 || rep.Updated != 0 || rep.Unchanged != 5 || !res.Changes.Empty() {
		t.Errorf("re-import: %+v changes %+v", rep, res.Changes)
	}
}

func TestImportMergesByGUIDThenByName(t *testing.T) {
	ws := emptyWorkspace(t)
	// A tag made here by hand, with another id, has the name of a code in the file.
	diplomacy, _, err := ws.CreateTag(annotate.TagDraft{Name: "diplomacy", Color: "#000000"})
	if err != nil {
		t.Fatal(err)
	}
	rep, _, err := ws.ImportCodebook("nested.qdc", readFixture(t, "nested.qdc"))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created != 4 || rep.Updated != 1 || rep.Unchanged != 0 {
		t.Fatalf("first import: %+v", rep)
	}
	cb := codebook(t, ws)
	got, _ := cb.Tag(diplomacy.ID)
	if got.Color != "#7E57C2" || got.Description != "Talks, visits, sanctions" || got.Name != "Diplomacy" {
		t.Errorf("merged by name: %+v", got)
	}
	if _, dup := cb.Tag("e0c5bc1f-4f37-4e0a-9d85-3b6e0c0f4b3d"); dup {
		t.Errorf("the name match must not make a second Diplomacy tag")
	}

	// The analyst renames and moves a tag here; the codebook from elsewhere still has the
	// old name and place: the GUID finds it and restores both.
	energy := mustResolve(t, cb, "Energy attacks")
	if _, err := ws.RenameTag(energy.ID, "Strikes on energy"); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.MoveTag(energy.ID, ""); err != nil {
		t.Fatal(err)
	}
	rep, _, err = ws.ImportCodebook("nested.qdc", readFixture(t, "nested.qdc"))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created != 0 || rep.Updated != 1 || rep.Unchanged != 4 {
		t.Fatalf("second import: %+v", rep)
	}
	cb = codebook(t, ws)
	got, _ = cb.Tag(energy.ID)
	if got.Name != "Energy attacks" || cb.Path(got.ID) != "Infrastructure/Energy attacks" {
		t.Errorf("merged by GUID: %+v path %q", got, cb.Path(got.ID))
	}
	if sub := mustResolve(t, cb, "Substations"); sub.ParentID != energy.ID {
		t.Errorf("Substations moved away from its parent: %+v", sub)
	}
}

func TestImportHostileCodes(t *testing.T) {
	ws := openWorkspace(t)
	long := strings.Repeat("ж", 150)
	codes := []annotate.CodeDraft{
		{Name: "Before/after", Color: "#12345"},
		{Name: "   ", Children: []annotate.CodeDraft{{Name: "Orphan child"}}},
		{Name: long},
		{GUID: "{not-a-guid}", Name: "Twin"},
		{Name: "twin"},
	}
	rep, _, err := ws.ImportCodebook("hostile", codes)
	if err != nil {
		t.Fatal(err)
	}
	cb := codebook(t, ws)
	mustResolve(t, cb, "Before∕after")
	mustResolve(t, cb, "Orphan child")
	mustResolve(t, cb, strings.Repeat("ж", 100))
	if rep.Created != 4 || len(rep.Warnings) != 5 {
		t.Errorf("report %+v, want 4 created and 5 warnings", rep)
	}
	for _, tag := range cb.Tags() {
		if !annotate.ValidColor(tag.Color) {
			t.Errorf("tag %q has colour %q", tag.Name, tag.Color)
		}
	}
}

var hexColor = regexp.MustCompile(`^#[0-9A-F]{6}$`)

func TestExportQDCWellFormedAndRoundTrips(t *testing.T) {
	ws := openWorkspace(t)
	if _, _, err := ws.ImportCodebook("nested.qdc", readFixture(t, "nested.qdc")); err != nil {
		t.Fatal(err)
	}
	cb := codebook(t, ws)
	var buf bytes.Buffer
	if err := WriteQDC(&buf, cb); err != nil {
		t.Fatal(err)
	}
	out := buf.Bytes()
	if bytes.HasPrefix(out, []byte("\xef\xbb\xbf")) {
		t.Fatal("the export starts with a byte-order mark")
	}
	if !bytes.HasPrefix(out, []byte(`<?xml version="1.0" encoding="utf-8"?>`)) {
		t.Errorf("no XML declaration: %.60q", out)
	}
	dec := xml.NewDecoder(bytes.NewReader(out))
	dec.Strict = true
	codes, depth, maxDepth := 0, 0, 0
	var root xml.StartElement
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("export is not well-formed XML: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			depth++
			maxDepth = max(maxDepth, depth)
			if root.Name.Local == "" {
				root = el
			}
			if el.Name.Space != QDCNamespace {
				t.Errorf("<%s> in namespace %q", el.Name.Local, el.Name.Space)
			}
			if el.Name.Local == "Code" {
				codes++
				attrs := map[string]string{}
				for _, a := range el.Attr {
					attrs[a.Name.Local] = a.Value
				}
				if attrs["isCodable"] != "true" || !hexColor.MatchString(attrs["color"]) || attrs["name"] == "" {
					t.Errorf("Code attributes %v", attrs)
				}
				if _, ok := cb.Tag(attrs["guid"]); !ok {
					t.Errorf("Code guid %q is not a tag id", attrs["guid"])
				}
			}
		case xml.EndElement:
			depth--
		}
	}
	if root.Name.Local != "CodeBook" || codes != cb.Len() {
		t.Errorf("root <%s>, %d codes for %d tags", root.Name.Local, codes, cb.Len())
	}
	if maxDepth != 5 { // CodeBook, Codes, Infrastructure, Energy attacks, Substations
		t.Errorf("nesting depth %d, want 5", maxDepth)
	}

	// Round trip: read the export back, import it into a fresh workspace whose codebook
	// is emptied first, and get the same tags.
	read, err := ReadQDC(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	ws2 := emptyWorkspace(t)
	if _, _, err := ws2.ImportCodebook("export.qdc", read); err != nil {
		t.Fatal(err)
	}
	if a, b := tagsOf(cb), tagsOf(codebook(t, ws2)); !reflect.DeepEqual(a, b) {
		t.Errorf("round trip differs:\n got %v\nwant %v", b, a)
	}
}

// tagsOf lists the tags without hotkeys (which .qdc does not carry), by id.
func tagsOf(cb *annotate.Codebook) []annotate.Tag {
	tags := cb.Tags()
	for i := range tags {
		tags[i].Hotkey = 0
	}
	sort.Slice(tags, func(i, j int) bool { return tags[i].ID < tags[j].ID })
	return tags
}

func TestReadQDCFromProject(t *testing.T) {
	codes := readFixture(t, "project.qde.xml")
	if len(codes) != 1 || codes[0].Name != "Displacement" || codes[0].Color != "#336699" {
		t.Fatalf("codes %+v", codes)
	}
}

func TestReadQDCErrors(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"empty", "", "holds no XML element"},
		{"not xml", "path,description,color\n", "holds no XML element"},
		{"wrong root", `<html><body/></html>`, "root element is <html>"},
		{"no codes", `<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>`, "no <Codes>"},
		{"truncated", `<CodeBook><Codes><Code name="a">`, "not a readable"},
		{"bad charset", `<?xml version="1.0" encoding="EBCDIC"?><CodeBook/>`, "EBCDIC"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadQDC(strings.NewReader(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestReadQDCLatin1(t *testing.T) {
	in := "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><CodeBook><Codes><Code name=\"R\xe9fugi\xe9s\" guid=\"x\" isCodable=\"true\"/></Codes></CodeBook>"
	codes, err := ReadQDC(strings.NewReader(in))
	if err != nil || len(codes) != 1 || codes[0].Name != "Réfugiés" {
		t.Fatalf("codes %+v err %v", codes, err)
	}
}

func TestNormalizeColor(t *testing.T) {
	for in, want := range map[string]string{
		"#abc": "#AABBCC", "#AABBCC": "#AABBCC", "aabbcc": "#AABBCC", " #0a7 ": "#00AA77",
		"#AABBCCDD": "#AABBCC", "": "", "#ab": "", "red": "", "#ggg": "", "#ABCDE": "",
	} {
		if got := NormalizeColor(in); got != want {
			t.Errorf("NormalizeColor(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCSVRoundTrip(t *testing.T) {
	ws := openWorkspace(t)
	if _, _, err := ws.ImportCodebook("nested.qdc", readFixture(t, "nested.qdc")); err != nil {
		t.Fatal(err)
	}
	cb := codebook(t, ws)
	var buf bytes.Buffer
	if err := WriteCSV(&buf, cb); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if lines[0] != "path,description,color" || len(lines) != cb.Len()+1 {
		t.Fatalf("CSV starts %q, %d lines for %d tags", lines[0], len(lines), cb.Len())
	}
	if !slices.Contains(lines, `Infrastructure/Energy attacks,Strikes on power plants & substations,#FF6600`) {
		t.Errorf("no Energy attacks row in\n%s", buf.String())
	}
	codes, err := ReadCSV(&buf)
	if err != nil {
		t.Fatal(err)
	}
	ws2 := emptyWorkspace(t)
	if _, _, err := ws2.ImportCodebook("export.csv", codes); err != nil {
		t.Fatal(err)
	}
	cb2 := codebook(t, ws2)
	if cb2.Len() != cb.Len() {
		t.Fatalf("%d tags after the round trip, want %d", cb2.Len(), cb.Len())
	}
	for _, tag := range cb.Tags() {
		got, err := cb2.Resolve(cb.Path(tag.ID))
		if err != nil {
			t.Errorf("%s lost: %v", cb.Path(tag.ID), err)
			continue
		}
		if got.Color != tag.Color || got.Description != tag.Description || cb2.Path(got.ID) != cb.Path(tag.ID) {
			t.Errorf("%s: got %+v want %+v", cb.Path(tag.ID), got, tag)
		}
	}
}

func TestReadCSVSemicolonsAndImplicitParents(t *testing.T) {
	codes := readFixture(t, "codebook.csv")
	if len(codes) != 1 || codes[0].Name != "Humanitarian" || codes[0].Color != "#2E7D32" || codes[0].Description != "Aid, evacuations" {
		t.Fatalf("codes %+v", codes)
	}
	kids := codes[0].Children
	if len(kids) != 2 || kids[0].Name != "Evacuations" || kids[0].Color != "#AABBCC" || kids[0].Description != "Buses; trains" || kids[1].Color != "" {
		t.Fatalf("children %+v", kids)
	}
	// Parents a row does not list are made; without a header the columns are path, description, color.
	codes, err := ReadCSV(strings.NewReader("A/B/C,deep,#112233\n\nA,top\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(codes) != 1 || codes[0].Description != "top" || codes[0].Children[0].Children[0].Color != "#112233" {
		t.Errorf("codes %+v", codes)
	}
}

func TestReadCSVErrors(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"bad colour", "path,description,color\nA,,blue\n", `row 1: "blue" is not a colour`},
		{"empty segment", "path,description,color\nA//B,,\n", "empty name"},
		{"no path column", "description,color\nx,#fff\n", "no path column"},
		{"empty path", "path,description\n,orphan text\n", "row 1: the path is empty"},
		{"bad quotes", "path\n\"A,\n", "line"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadCSV(strings.NewReader(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestFormatOfAndRead(t *testing.T) {
	if FormatOf("x.QDC") != FormatQDC || FormatOf("x.csv") != FormatCSV || FormatOf("x.json") != "" {
		t.Error("FormatOf")
	}
	if _, err := Read("book.docx", strings.NewReader("")); err == nil || !strings.Contains(err.Error(), ".qdc (REFI-QDA) or .csv") {
		t.Errorf("Read of a .docx: %v", err)
	}
}
