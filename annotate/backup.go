package annotate

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// BackupDir is the folder of automatic store backups inside a workspace.
const BackupDir = "backups"

// KeepBackups is how many daily backups are kept.
const KeepBackups = 7

const backupPrefix, backupSuffix = "gloss-", ".db"

// BackupIfDue takes today's backup of the store when there is none yet and drops the
// oldest beyond KeepBackups. It reads a consistent snapshot in a read transaction, so
// it is safe while commands run. It returns the path written, or "" when none was due.
func (ws *Workspace) BackupIfDue() (string, error) {
	if ws.readOnly != "" {
		return "", nil // nowhere to write it; whoever may write the workspace takes it
	}
	dir := filepath.Join(ws.dir, BackupDir)
	name := backupPrefix + ws.now().UTC().Format("2006-01-02") + backupSuffix
	path := filepath.Join(dir, name)
	if _, err := os.Stat(path); err == nil {
		return "", nil
	}
	if err := ws.BackupTo(path); err != nil {
		return "", err
	}
	return path, pruneBackups(dir)
}

// BackupTo writes a consistent copy of the store to path (through a temporary file, so
// a crash never leaves a half-written backup under the final name).
func (ws *Workspace) BackupTo(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("back up workspace: %w", err)
	}
	tmp := path + ".partial"
	err := ws.db.View(func(tx *bolt.Tx) error { return tx.CopyFile(tmp, 0o600) })
	if err == nil {
		err = syncFile(tmp)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("back up workspace to %s: %w", path, err)
	}
	syncDir(filepath.Dir(path))
	return nil
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// Backups lists the workspace's automatic backups, newest first.
func Backups(workspaceDir string) []string {
	entries, _ := os.ReadDir(filepath.Join(workspaceDir, BackupDir))
	var out []string
	for _, e := range entries {
		n := e.Name()
		if strings.HasPrefix(n, backupPrefix) && strings.HasSuffix(n, backupSuffix) {
			out = append(out, filepath.Join(workspaceDir, BackupDir, n))
		}
	}
	sort.Sort(sort.Reverse(sort.StringSlice(out)))
	return out
}

func pruneBackups(dir string) error {
	list := Backups(filepath.Dir(dir))
	for _, old := range list[min(len(list), KeepBackups):] {
		if err := os.Remove(old); err != nil {
			return err
		}
	}
	return nil
}

// Restore replaces the store of the workspace in dir by a backup. The workspace must not
// be open anywhere (its lock is taken). The current store is kept beside it as
// gloss.db.before-restore-TIME, and the search index is removed so that it is rebuilt
// from the restored store.
func Restore(dir, backup string) error {
	if err := checkStoreFile(backup); err != nil {
		return fmt.Errorf("restore %s: %w", backup, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("restore into %s: %w", dir, err)
	}
	lk, err := lockWorkspace(dir)
	if err != nil {
		return err
	}
	defer lk.Unlock()
	store := filepath.Join(dir, StoreFile)
	tmp := store + ".restoring"
	if err := copyFile(backup, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("restore %s: %w", backup, err)
	}
	if _, err := os.Stat(store); err == nil {
		keep := store + ".before-restore-" + time.Now().UTC().Format("20060102T150405")
		if err := os.Rename(store, keep); err != nil {
			os.Remove(tmp)
			return fmt.Errorf("restore: keep the current store: %w", err)
		}
	}
	if err := os.Rename(tmp, store); err != nil {
		return fmt.Errorf("restore %s: %w", backup, err)
	}
	syncDir(dir)
	if err := os.RemoveAll(filepath.Join(dir, IndexDir)); err != nil {
		return fmt.Errorf("restore: remove the old search index: %w", err)
	}
	return nil
}

// checkStoreFile opens a store file read-only and checks it is a Gloss store this build reads.
func checkStoreFile(path string) error {
	if _, err := os.Stat(path); err != nil {
		return err
	}
	// A truncated file would make bbolt fault on its memory map: look at it first.
	if why := checkStoreBytes(path); why != "" {
		return fmt.Errorf("not a readable Gloss store: %s", why)
	}
	db, err := bolt.Open(path, 0o400, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return fmt.Errorf("not a readable Gloss store: %w", err)
	}
	defer db.Close()
	return db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		if meta == nil || meta.Get(kSchema) == nil {
			return errors.New("not a Gloss store (no schema version)")
		}
		return nil
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
