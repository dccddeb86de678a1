package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The status line after an import says what was skipped, in correct English.
func TestImportReportString(t *testing.T) {
	for _, tc := range []struct {
		rep  importReport
		want string
	}{
		{importReport{Imported: 3, Skipped: 1, SkippedNames: []string{"photo.png"}},
			"Imported 3 articles, 1 file skipped (not a type Gloss imports: photo.png). Undo with Ctrl+Z"},
		{importReport{Imported: 1, Skipped: 5, SkippedNames: []string{"a.png", "b.pdf", "c.docx", "d.odt", "e.jpg"}},
			"Imported 1 article, 5 files skipped (not a type Gloss imports: a.png, b.pdf, c.docx and 2 more). Undo with Ctrl+Z"},
		{importReport{Imported: 0, Duplicates: 2},
			"Imported 0 articles, 2 already there"},
		{importReport{Imported: 2, Updated: 1, Failed: 1},
			"Imported 2 articles, 1 updated, 1 failed. Undo with Ctrl+Z"},
	} {
		if got := tc.rep.String(); got != tc.want {
			t.Errorf("got  %q\nwant %q", got, tc.want)
		}
	}
}

// A folder import names the file it skipped.
func TestImportFolderNamesSkippedFiles(t *testing.T) {
	wb := newTestWorkbench(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "talks.txt"), []byte("Talks resume\n\nNegotiators met again on Tuesday."), 0o644)
	os.WriteFile(filepath.Join(dir, "map.png"), []byte("\x89PNG\r\n"), 0o644)
	rep := importSources(context.Background(), wb.ws, []string{dir}, nil)
	if rep.Imported != 1 || rep.Skipped != 1 || len(rep.SkippedNames) != 1 || rep.SkippedNames[0] != "map.png" {
		t.Fatalf("report %+v", rep)
	}
	if s := rep.String(); !strings.Contains(s, "1 file skipped") || !strings.Contains(s, "map.png") {
		t.Errorf("status %q", s)
	}
}
