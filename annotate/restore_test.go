package annotate

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// badBackups makes, in a folder of their own, files that are no backup Restore may take,
// each with words its refusal must contain.
func badBackups(t *testing.T) []struct{ name, path, says string } {
	t.Helper()
	src := t.TempDir()
	ws, err := Open(src, Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(t.TempDir(), "good.db")
	if err := ws.BackupTo(good); err != nil {
		t.Fatal(err)
	}
	ws.Close()
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	goodBytes, _ := os.ReadFile(good)
	withSchema := func(name, schema string) string {
		p := write(name, goodBytes)
		db, err := bolt.Open(p, 0o600, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bMeta).Put(kSchema, []byte(schema)) }); err != nil {
			t.Fatal(err)
		}
		return p
	}
	otherBolt := filepath.Join(dir, "other-bolt.db")
	db, err := bolt.Open(otherBolt, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("stuff")); return err })
	db.Close()
	return []struct{ name, path, says string }{
		{"text", write("notes.txt", []byte("this is not a bbolt file at all, just text")), "not a readable Gloss store"},
		{"empty", write("empty.db", nil), "not a readable Gloss store"},
		{"truncated", write("truncated.db", goodBytes[:len(goodBytes)/2]), "not a readable Gloss store"},
		{"first page only", write("page.db", goodBytes[:4096]), "not a readable Gloss store"},
		{"another bbolt file", otherBolt, "not a Gloss store"},
		{"newer Gloss", withSchema("newer.db", "999"), "written by a newer Gloss"},
		{"bad schema", withSchema("schema.db", "x"), "not a readable Gloss store"},
		{"missing", filepath.Join(dir, "no-such.db"), "no such file (gloss backups lists"},
	}
}

// A bad backup is refused with one sentence naming it, before anything is touched: the
// workspace, open or not, keeps its store and its index, and an open one keeps working.
func TestRestoreRefusesBadBackups(t *testing.T) {
	for _, bad := range badBackups(t) {
		t.Run(bad.name, func(t *testing.T) {
			dir := t.TempDir()
			ws, err := Open(dir, Options{Create: true})
			if err != nil {
				t.Fatal(err)
			}
			defer ws.Close()
			os.MkdirAll(filepath.Join(dir, IndexDir), 0o755)
			check := func(how string, err error) {
				t.Helper()
				if err == nil || !strings.Contains(err.Error(), bad.path) || !strings.Contains(err.Error(), bad.says) || strings.Contains(err.Error(), "\n") {
					t.Fatalf("%s: want one line naming %s and saying %q, got %v", how, bad.path, bad.says, err)
				}
				if err2 := CheckBackup(bad.path); err2 == nil || err2.Error() != err.Error() {
					t.Fatalf("%s: CheckBackup says %v, Restore %v", how, err2, err)
				}
			}
			next, _, err := ws.Restore(bad.path, Options{})
			check("in place", err)
			if next != ws {
				t.Fatal("a refused restore must return the workspace it was given, open")
			}
			if _, err := ws.AddArticle(ArticleDraft{Title: "Still here", Text: "The workspace goes on."}); err != nil {
				t.Fatalf("the workspace stopped working after a refused restore: %v", err)
			}
			ws.Close()
			_, err = Restore(dir, bad.path, Options{})
			check("closed", err)
			if kept, _ := filepath.Glob(filepath.Join(dir, StoreFile+".*")); len(kept) != 0 {
				t.Fatalf("a refused restore left %v", kept)
			}
			if _, err := os.Stat(filepath.Join(dir, IndexDir)); err != nil {
				t.Fatalf("a refused restore removed the index: %v", err)
			}
			ws, err = Open(dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if arts, _ := ws.Articles(); len(arts) != 1 {
				t.Fatalf("%d articles after the refused restores", len(arts))
			}
		})
	}
}

// An open workspace restores a backup in place: it never lets go of the workspace, the
// replaced store is kept, the index is gone, the returned workspace holds the backup's
// content and the lock, and the old one is spent.
func TestWorkspaceRestoreInPlace(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	opts := Options{Create: true, Holder: "the Gloss window", Now: func() time.Time { return at }}
	ws, err := Open(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	first, _ := ws.AddArticle(ArticleDraft{Title: "First", Text: "Before the backup."})
	backup := filepath.Join(t.TempDir(), "before.db")
	if err := ws.BackupTo(backup); err != nil {
		t.Fatal(err)
	}
	ws.AddArticle(ArticleDraft{Title: "Second", Text: "After the backup."})
	os.MkdirAll(filepath.Join(dir, IndexDir), 0o755)

	// Another process waiting for the workspace never gets it in between: the lock
	// stays held. (Open from this process stands for it: flock is per open file.)
	restoredWS, restored, err := ws.Restore(backup, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer restoredWS.Close()
	want := Restored{Backup: backup, Dir: dir, Kept: filepath.Join(dir, StoreFile+".before-restore-20260304T050607")}
	if restored != want {
		t.Fatalf("restored %+v, want %+v", restored, want)
	}
	if arts, _ := restoredWS.Articles(); len(arts) != 1 || arts[0].ID != first.Article.ID {
		t.Fatalf("the restored workspace holds %+v", arts)
	}
	if _, err := os.Stat(filepath.Join(dir, IndexDir)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the index was not removed: %v", err)
	}
	ws.Close() // spent: releases nothing
	if _, err := Open(dir, Options{}); !errors.Is(err, ErrInUse) {
		t.Fatalf("the restored workspace must still hold the lock, open says %v", err)
	}
	if h, ok := LockHolder(dir); !ok || h.What != "the Gloss window" {
		t.Fatalf("lock holder %+v", h)
	}
	// The replaced store is whole: it opens with both articles.
	kept, err := bolt.Open(restored.Kept, 0o400, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	kept.View(func(tx *bolt.Tx) error { n = tx.Bucket(bArticles).Stats().KeyN; return nil })
	kept.Close()
	if n != 2 {
		t.Fatalf("the kept store has %d articles, want 2", n)
	}
	// The restored workspace works and is the one a later process opens.
	if _, err := restoredWS.AddArticle(ArticleDraft{Title: "Third", Text: "After the restore."}); err != nil {
		t.Fatal(err)
	}
	restoredWS.Close()
	again, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if arts, _ := again.Articles(); len(arts) != 2 {
		t.Fatalf("after reopening: %d articles, want 2", len(arts))
	}
}
