package annotate

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

func TestOpenCreatesWorkspaceWithDefaultCodebook(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nested", "ws")
	if _, err := Open(dir, Options{}); err == nil || !strings.Contains(err.Error(), "no workspace in") {
		t.Fatalf("opening a missing workspace without Create: %v", err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("a failed open must not create the folder")
	}
	ws := openAt(t, dir, true)
	if !ws.IsNew() {
		t.Fatal("IsNew is false for a new workspace")
	}
	for _, f := range []string{StoreFile, LockFile} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Fatal(err)
		}
	}
	if ws.IndexDir() != filepath.Join(dir, IndexDir) {
		t.Fatalf("index dir %s", ws.IndexDir())
	}
	if n, m := ws.Counts(); n != 0 || m != 0 {
		t.Fatalf("a new workspace holds %d articles and %d annotations: no samples unless asked", n, m)
	}
	cb, err := ws.Codebook()
	if err != nil {
		t.Fatal(err)
	}
	required := []string{"Security guarantees", "Energy attacks", "Corruption", "Territory & front line",
		"Ceasefire & negotiations", "Sanctions & frozen assets", "NATO & alliances", "Military aid & limits on forces",
		"Civilians & humanitarian", "Battlefield developments", "Claims & disinformation"}
	for _, name := range required {
		tag, err := cb.Resolve(name)
		if err != nil {
			t.Errorf("default codebook: %v", err)
			continue
		}
		if tag.Description == "" || !ValidColor(tag.Color) {
			t.Errorf("%s: description %q colour %q", name, tag.Description, tag.Color)
		}
	}
	colours := map[string]string{}
	for _, tag := range cb.Tags() {
		if prev, ok := colours[tag.Color]; ok && cb.Depth(tag.ID) > 0 {
			t.Errorf("%s and %s share the colour %s", prev, tag.Name, tag.Color)
		}
		colours[tag.Color] = tag.Name
	}
	ws = reopen(t, ws)
	if ws.IsNew() {
		t.Fatal("IsNew after reopening")
	}
	if cb2, _ := ws.Codebook(); cb2.Len() != cb.Len() {
		t.Fatal("the codebook was seeded twice")
	}
}

func TestAuthorSetting(t *testing.T) {
	ws := openTemp(t)
	if ws.Author() == "" || ws.Author() != defaultAuthor() {
		t.Fatalf("default author %q, want the OS user %q", ws.Author(), defaultAuthor())
	}
	if err := ws.SetAuthor("  Olena K.  "); err != nil {
		t.Fatal(err)
	}
	ws = reopen(t, ws)
	if ws.Author() != "Olena K." {
		t.Fatalf("author %q", ws.Author())
	}
	art := addText(t, ws, "a", sampleText)
	if a := annotateQuote(t, ws, art.ID, "Geneva", "Corruption"); a.Author != "Olena K." {
		t.Fatalf("annotation author %q", a.Author)
	}
	if ws.UndoLabel() != "Tagged 'Corruption' on “Geneva” in 'a'" {
		t.Fatalf("setting the author must not be an undo step; undo label %q", ws.UndoLabel())
	}
}

func TestNewerSchemaIsRefused(t *testing.T) {
	ws := openTemp(t)
	dir := ws.Dir()
	err := ws.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bMeta).Put(kSchema, []byte(fmt.Sprint(SchemaVersion+1)))
	})
	if err != nil {
		t.Fatal(err)
	}
	ws.Close()
	before, _ := os.ReadFile(filepath.Join(dir, StoreFile))
	_, err = Open(dir, Options{})
	if !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("error %v, want ErrNewerSchema", err)
	}
	want := fmt.Sprintf("workspace %s was written by a newer Gloss (store schema %d; this build knows %d): update Gloss to open it", dir, SchemaVersion+1, SchemaVersion)
	if err.Error() != want {
		t.Fatalf("message %q", err)
	}
	after, _ := os.ReadFile(filepath.Join(dir, StoreFile))
	if string(before) != string(after) {
		t.Fatal("the refused store was rewritten")
	}
	// And the lock was released: a newer build (simulated) can open it.
	db, err := bolt.Open(filepath.Join(dir, StoreFile), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := lockWorkspace(dir); err != nil {
		t.Fatalf("lock kept after a refused open: %v", err)
	}
}

func TestSecondOpenInProcessIsRefused(t *testing.T) {
	ws := openTemp(t)
	_, err := Open(ws.Dir(), Options{Create: true})
	want := fmt.Sprintf("workspace %s is in use by process %d", ws.Dir(), os.Getpid())
	if !errors.Is(err, ErrInUse) || err == nil || err.Error() != want {
		t.Fatalf("second open: %v, want %q", err, want)
	}
	ws.Close()
	again := openAt(t, ws.Dir(), false)
	if again.Author() == "" {
		t.Fatal("reopen after close failed")
	}
}

func TestSecondProcessIsRefused(t *testing.T) {
	dir := t.TempDir()
	cmd := childCommand(t, "holder", "GLOSS_TEST_DIR="+dir)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	defer stdin.Close()
	sc := bufio.NewScanner(stdout)
	if !sc.Scan() || sc.Text() != "open" {
		t.Fatalf("holder said %q", sc.Text())
	}
	_, err = Open(dir, Options{Create: true})
	want := fmt.Sprintf("workspace %s is in use by process %d", dir, cmd.Process.Pid)
	if !errors.Is(err, ErrInUse) || err.Error() != want {
		t.Fatalf("open while another process holds it: %v, want %q", err, want)
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("holder: %v", err)
	}
	ws := openAt(t, dir, false)
	if ws.IsNew() {
		t.Fatal("the holder's workspace should exist")
	}
	// And the other way round: our process holds it, a child is refused.
	child := childCommand(t, "holder", "GLOSS_TEST_DIR="+dir)
	out, _ := child.Output()
	want = fmt.Sprintf("error workspace %s is in use by process %d", dir, os.Getpid())
	if strings.TrimSpace(string(out)) != want {
		t.Fatalf("child said %q, want %q", out, want)
	}
}

func TestCodebookResolve(t *testing.T) {
	mk := func(id, name, parent string) Tag { return Tag{ID: id, Name: name, ParentID: parent, Color: "#000000"} }
	cb := NewCodebook([]Tag{
		mk("mil", "Military developments", ""),
		mk("en1", "Energy attacks", "mil"),
		mk("dip", "Diplomacy", ""),
		mk("talks", "Talks", "dip"),
		mk("oil1", "Oil", "talks"),
		mk("san", "Sanctions", ""),
		mk("oil2", "oil", "san"),
		mk("root-en", "Energy attacks", "san"),
		mk("kyiv", "Київ", ""),
	})
	tests := []struct {
		ref, want, err string
	}{
		{"en1", "en1", ""},
		{"Military developments/Energy attacks", "en1", ""},
		{"military DEVELOPMENTS / energy attacks", "en1", ""},
		{"Sanctions/Energy attacks", "root-en", ""},
		{"Energy attacks", "", `tag name "Energy attacks" is ambiguous (2 tags have it): write "Military developments/Energy attacks" or "Sanctions/Energy attacks"`},
		{"OIL", "", "ambiguous"},
		{"Talks/Oil", "oil1", ""},
		{"Diplomacy/Talks/Oil", "oil1", ""},
		{"Sanctions/oil", "oil2", ""},
		{"/Talks", "", "no tag"},
		{"/Diplomacy", "dip", ""},
		{"talks", "talks", ""},
		{"КИЇВ", "kyiv", ""},
		{"Diplomacy/Oil", "", "no tag"},
		{"lomacy/Talks", "", "no tag"},
		{"Nothing", "", "no tag"},
		{"", "", "empty tag name"},
		{"Diplomacy//Talks", "", "empty name"},
	}
	for _, tt := range tests {
		got, err := cb.Resolve(tt.ref)
		switch {
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("Resolve(%q) = %s, %v; want error %q", tt.ref, got.ID, err, tt.err)
		case tt.err == "" && (err != nil || got.ID != tt.want):
			t.Errorf("Resolve(%q) = %s, %v; want %s", tt.ref, got.ID, err, tt.want)
		}
	}
	if cb.Path("oil1") != "Diplomacy/Talks/Oil" || cb.Depth("oil1") != 2 {
		t.Errorf("path %q depth %d", cb.Path("oil1"), cb.Depth("oil1"))
	}
	order := []string{}
	for _, tag := range cb.Tags() {
		order = append(order, tag.ID)
	}
	if strings.Join(order, " ") != "dip talks oil1 mil en1 san root-en oil2 kyiv" {
		t.Errorf("tree order %v", order)
	}
}

func TestCodebookSurvivesBrokenParents(t *testing.T) {
	cb := NewCodebook([]Tag{
		{ID: "a", Name: "A", ParentID: "gone"},
		{ID: "b", Name: "B", ParentID: "c"},
		{ID: "c", Name: "C", ParentID: "b"},
		{ID: "d", Name: "D", ParentID: "d"},
	})
	if cb.Len() != 4 || len(cb.Tags()) != 4 {
		t.Fatalf("%d tags shown", len(cb.Tags()))
	}
	for _, id := range []string{"a", "b", "c", "d"} {
		if _, err := cb.Resolve(cb.Path(id)); err != nil {
			t.Errorf("%s: %v", id, err)
		}
	}
}

// An ambiguous reference is refused with, for each tag it matches, a reference that
// works — never the string it just refused.
func TestAmbiguousTagSuggestsReferencesThatWork(t *testing.T) {
	mk := func(id, name, parent string) Tag { return Tag{ID: id, Name: name, ParentID: parent, Color: "#000000"} }
	cb := NewCodebook([]Tag{
		mk("root-en", "Energy attacks", ""),
		mk("mil", "Military developments", ""),
		mk("mil-en", "Energy attacks", "mil"),
		mk("x", "X", ""),
		mk("x-y", "Y", "x"),
		mk("a", "A", ""),
		mk("a-x", "X", "a"),
		mk("a-x-y", "Y", "a-x"),
	})
	for ref, want := range map[string][]string{
		"Energy attacks": {"/Energy attacks", "Military developments/Energy attacks"},
		"energy ATTACKS": {"/Energy attacks", "Military developments/Energy attacks"},
		"Y":              {"A/X/Y", "X/Y"},
		"X":              {"A/X", "/X"},
	} {
		_, err := cb.Resolve(ref)
		var amb *AmbiguousTagError
		if !errors.As(err, &amb) {
			t.Fatalf("Resolve(%q): %v, want an ambiguity", ref, err)
		}
		if strings.Join(amb.Refs, "|") != strings.Join(want, "|") {
			t.Errorf("Resolve(%q) suggests %q, want %q", ref, amb.Refs, want)
		}
		for i, s := range amb.Refs {
			if strings.EqualFold(s, ref) || strings.Contains(err.Error(), fmt.Sprintf("%q or %q", ref, ref)) {
				t.Errorf("Resolve(%q) suggests the refused reference: %v", ref, err)
			}
			got, err := cb.Resolve(s)
			if err != nil || cb.Path(got.ID) != amb.Paths[i] {
				t.Errorf("suggestion %q resolves to %q (%v), want %q", s, cb.Path(got.ID), err, amb.Paths[i])
			}
		}
	}
}
