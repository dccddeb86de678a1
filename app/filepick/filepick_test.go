package filepick

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func tree(t *testing.T) string {
	dir := t.TempDir()
	for _, f := range []string{"b.txt", "A.md", "photo.png", ".hidden.txt", "sub/c.html", "sub/d.txt"} {
		p := filepath.Join(dir, f)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestList(t *testing.T) {
	dir := tree(t)
	got, err := List(dir, []string{".txt", ".md", ".html"})
	if err != nil {
		t.Fatal(err)
	}
	want := []Entry{{"sub", true}, {"A.md", false}, {"b.txt", false}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("List = %v, want %v", got, want)
	}
	if _, err := List(filepath.Join(dir, "nope"), nil); err == nil {
		t.Fatal("a missing folder listed")
	}
}

// Files are ticked in several folders; the Import button counts them; Select all ticks a
// whole folder; Confirm hands every ticked file on.
func TestPickSeveralFiles(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel("window"))
	dir := tree(t)
	var got []string
	p := Show(w, "Open files", dir, []string{".txt", ".md", ".html"}, func(paths []string) { got = paths })
	if p.confirm.Disabled() == false {
		t.Fatal("Import is enabled with nothing ticked")
	}
	p.Toggle("b.txt")
	p.Toggle("A.md")
	if p.confirm.Text != "Import 2 files" || !p.all.Checked {
		t.Fatalf("button %q, select-all %v", p.confirm.Text, p.all.Checked)
	}
	p.Toggle("A.md") // untick
	p.Toggle("sub")  // a folder opens
	if p.Dir() != filepath.Join(dir, "sub") {
		t.Fatalf("in %s", p.Dir())
	}
	p.all.SetChecked(true)
	if p.confirm.Text != "Import 3 files" {
		t.Fatalf("button %q after select all in sub", p.confirm.Text)
	}
	p.Open(filepath.Dir(p.Dir()))
	if p.all.Checked {
		t.Fatal("select-all ticked in a folder with one of two files ticked")
	}
	p.Confirm()
	want := []string{filepath.Join(dir, "b.txt"), filepath.Join(dir, "sub", "c.html"), filepath.Join(dir, "sub", "d.txt")}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("chosen %v, want %v", got, want)
	}
}
