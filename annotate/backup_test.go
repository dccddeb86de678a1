package annotate

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestBackupRotationAndRestore(t *testing.T) {
	dir := t.TempDir()
	day := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return day }
	ws, err := Open(dir, Options{Create: true, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	first, err := ws.AddArticle(ArticleDraft{Title: "First", Text: "The first article."})
	if err != nil {
		t.Fatal(err)
	}
	path, err := ws.BackupIfDue()
	if err != nil || path == "" {
		t.Fatalf("first backup: %q, %v", path, err)
	}
	if again, err := ws.BackupIfDue(); err != nil || again != "" {
		t.Fatalf("second backup on the same day should be skipped, got %q, %v", again, err)
	}
	// Ten more days: only KeepBackups remain, the newest first.
	for i := 1; i <= 10; i++ {
		day = day.AddDate(0, 0, 1)
		if _, err := ws.BackupIfDue(); err != nil {
			t.Fatal(err)
		}
	}
	list := Backups(dir)
	if len(list) != KeepBackups {
		t.Fatalf("kept %d backups, want %d: %v", len(list), KeepBackups, list)
	}
	if !strings.HasSuffix(list[0], "gloss-2026-01-11.db") {
		t.Fatalf("newest backup first, got %s", list[0])
	}
	// A change after the newest backup is gone after restoring it.
	if _, err := ws.AddArticle(ArticleDraft{Title: "Second", Text: "A later article."}); err != nil {
		t.Fatal(err)
	}
	if _, err := Restore(dir, list[0], Options{}); !errors.Is(err, ErrInUse) {
		t.Fatalf("restore while the workspace is open must fail with ErrInUse (the caller waits), got %v", err)
	}
	ws.Close()
	if err := os.MkdirAll(filepath.Join(dir, IndexDir), 0o755); err != nil {
		t.Fatal(err)
	}
	restored, err := Restore(dir, list[0], Options{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, StoreFile+".before-restore-20260111T120000"); restored.Kept != want || restored.Backup != list[0] {
		t.Fatalf("restore says %+v, want the store kept as %s", restored, want)
	}
	if _, err := os.Stat(filepath.Join(dir, IndexDir)); !os.IsNotExist(err) {
		t.Fatalf("restore must remove the derived index, stat: %v", err)
	}
	kept, _ := filepath.Glob(filepath.Join(dir, StoreFile+".before-restore-*"))
	if len(kept) != 1 {
		t.Fatalf("the replaced store must be kept, found %v", kept)
	}
	ws, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	arts, _ := ws.Articles()
	if len(arts) != 1 || arts[0].ID != first.Article.ID {
		t.Fatalf("after restore want only the first article, got %+v", arts)
	}
}

func TestRestoreRefusesGarbage(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(t.TempDir(), "garbage.db")
	os.WriteFile(bad, []byte("this is not a bbolt file at all, just text"), 0o600)
	if _, err := Restore(dir, bad, Options{}); err == nil || !strings.Contains(err.Error(), "garbage.db") {
		t.Fatalf("want an error naming the file, got %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, StoreFile)); !os.IsNotExist(err) {
		t.Fatal("a refused restore must not create a store")
	}
}

func TestRestoreRefusesTruncatedBackup(t *testing.T) {
	src := t.TempDir()
	ws, err := Open(src, Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "gloss-2026-01-01.db")
	if err := ws.BackupTo(backup); err != nil {
		t.Fatal(err)
	}
	ws.Close()
	st, _ := os.Stat(backup)
	if err := os.Truncate(backup, st.Size()/2); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	_, err = Restore(dir, backup, Options{})
	if err == nil || !strings.Contains(err.Error(), "not a readable Gloss store") {
		t.Fatalf("want a clear refusal of the truncated backup, got %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, StoreFile)); !os.IsNotExist(err) {
		t.Fatal("a refused restore must not create a store")
	}
}
