package lastdir

import (
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
)

type fakeDialog struct{ at fyne.ListableURI }

func (f *fakeDialog) SetLocation(l fyne.ListableURI) { f.at = l }

func TestRememberAndStart(t *testing.T) {
	test.NewTempApp(t)
	root := t.TempDir()
	reports := filepath.Join(root, "reports")
	batch := filepath.Join(reports, "batch-1")
	if err := os.MkdirAll(batch, 0o755); err != nil {
		t.Fatal(err)
	}
	d := &fakeDialog{}
	Start(d, Import)
	if d.at != nil {
		t.Fatalf("nothing remembered, dialog moved to %v", d.at)
	}

	RememberFile(Import, storage.NewFileURI(filepath.Join(batch, "статья.txt")))
	Start(d, Import)
	if d.at == nil || d.at.Path() != batch {
		t.Fatalf("after a file: dialog at %v, want %s", d.at, batch)
	}
	if got := Folder(Export); got != "" {
		t.Errorf("export folder %q; imports must not move it", got)
	}

	RememberFolder(Import, storage.NewFileURI(batch+"/"))
	d = &fakeDialog{}
	Start(d, Import)
	if d.at == nil || d.at.Path() != reports {
		t.Fatalf("after a folder: dialog at %v, want its parent %s", d.at, reports)
	}

	// A folder deleted since is forgotten: the dialog starts where Fyne starts it.
	os.RemoveAll(reports)
	d = &fakeDialog{}
	Start(d, Import)
	if d.at != nil {
		t.Fatalf("remembered folder was deleted, dialog moved to %v", d.at)
	}

	RememberFile(Import, storage.NewURI("https://example.org/a.txt")) // not a folder on disk
	if got := Folder(Import); got != "" {
		t.Errorf("a URL was remembered as %q", got)
	}
}
