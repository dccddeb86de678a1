package codebookio

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/wstest"
)

// FuzzImportQDC feeds arbitrary bytes to the .qdc reader and whatever it accepts to the
// import command: no panic, no hang, and the codebook it leaves is always valid (names
// without "/", unique among siblings, #RRGGBB colours, parents that exist), exports as
// .qdc that reads back to the same tree, and one undo restores the codebook before.
func FuzzImportQDC(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.qdc")
	more, _ := filepath.Glob("testdata/*.xml")
	for _, name := range append(files, more...) {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	ws := wstest.Open(f)
	before, err := ws.Codebook()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		codes, err := ReadQDC(bytes.NewReader(data))
		if err != nil {
			return
		}
		_, res, err := ws.ImportCodebook("fuzz.qdc", codes)
		if err != nil {
			t.Fatalf("import of a readable codebook failed: %v", err)
		}
		cb, err := ws.Codebook()
		if err != nil {
			t.Fatal(err)
		}
		checkCodebook(t, cb)
		var buf bytes.Buffer
		if err := WriteQDC(&buf, cb); err != nil {
			t.Fatal(err)
		}
		back, err := ReadQDC(&buf)
		if err != nil {
			t.Fatalf("the export does not read back: %v", err)
		}
		if n := countCodes(back); n != cb.Len() {
			t.Fatalf("export has %d codes for %d tags", n, cb.Len())
		}
		if res.Changes.Empty() {
			return
		}
		if _, err := ws.Undo(); err != nil {
			t.Fatal(err)
		}
		after, _ := ws.Codebook()
		if a, b := tagsOf(before), tagsOf(after); len(a) != len(b) {
			t.Fatalf("undo left %d tags, want %d", len(b), len(a))
		}
	})
}

func countCodes(codes []annotate.CodeDraft) int {
	n := len(codes)
	for _, c := range codes {
		n += countCodes(c.Children)
	}
	return n
}

func checkCodebook(t *testing.T, cb *annotate.Codebook) {
	t.Helper()
	names := map[string]bool{}
	for _, tag := range cb.Tags() {
		if tag.Name == "" || strings.Contains(tag.Name, annotate.PathSeparator) || annotate.CodePoints(tag.Name) > 100 {
			t.Errorf("bad tag name %q", tag.Name)
		}
		if !annotate.ValidColor(tag.Color) {
			t.Errorf("tag %q has colour %q", tag.Name, tag.Color)
		}
		if tag.ParentID != "" {
			if _, ok := cb.Tag(tag.ParentID); !ok {
				t.Errorf("tag %q has a missing parent %s", tag.Name, tag.ParentID)
			}
		}
		key := tag.ParentID + "\x00" + strings.ToLower(tag.Name)
		if names[key] {
			t.Errorf("two tags named %q under one parent", tag.Name)
		}
		names[key] = true
	}
	if _, err := cb.Resolve(""); !errors.Is(err, annotate.ErrInvalid) {
		t.Errorf("Resolve(\"\") = %v", err)
	}
}
