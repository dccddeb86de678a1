package annotate

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
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

// Restored says what a restore did.
type Restored struct {
	Backup string // the file restored
	Dir    string // the workspace restored into
	// Kept is where the replaced store was kept (gloss.db.before-restore-TIME in the
	// workspace folder); "" when the workspace had none.
	Kept string
}

// CheckBackup refuses, with the error Restore gives, a file Restore would not take: one
// that is missing, is not a Gloss store (truncated, damaged, something else) or was
// written by a newer Gloss. It reads the file only, so it is checked before anything is
// closed or locked.
func CheckBackup(backup string) error {
	if err := checkStoreFile(backup); err != nil {
		return fmt.Errorf("restore %s: %w", backup, err)
	}
	return nil
}

// Restore replaces the store of the workspace in dir by a backup, taking the workspace's
// lock for opts.Holder (an error wrapping ErrInUse while another process holds it; the
// caller may wait and try again). The current store is kept beside it as
// gloss.db.before-restore-TIME, and the search index is removed so that it is rebuilt
// from the restored store. A bad backup is refused before anything is touched.
func Restore(dir, backup string, opts Options) (Restored, error) {
	if err := CheckBackup(backup); err != nil {
		return Restored{}, err
	}
	dir = filepath.Clean(dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Restored{}, fmt.Errorf("restore into %s: %w", dir, err)
	}
	lk, err := lockWorkspaceFor(dir, opts.Holder)
	if err != nil {
		return Restored{}, err
	}
	defer lk.Unlock()
	return restoreFiles(dir, backup, opts)
}

// Restore replaces this open workspace's store by a backup without letting go of the
// workspace: it waits for a running command, closes the store (keeping the lock, so no
// other process can take the workspace in between), restores the backup as Restore does
// and opens the restored store with opts. It returns the workspace now open, nil only
// when none could be opened. A bad backup is refused before anything is closed, with
// CheckBackup's error: ws itself is returned, open as it was. Otherwise ws is spent
// (closed, holding nothing); if the restored store cannot be opened, the replaced one
// is put back and opened again, and returned with the error. The caller closes whatever
// search index it had attached before calling.
func (ws *Workspace) Restore(backup string, opts Options) (*Workspace, Restored, error) {
	if err := ws.writable(); err != nil {
		return ws, Restored{}, err
	}
	if err := CheckBackup(backup); err != nil {
		return ws, Restored{}, err
	}
	ws.mu.Lock()
	lk := ws.lock
	ws.lock = nil // handed to the restored workspace; closing ws again releases nothing
	ws.indexer = nil
	closeErr := ws.db.Close()
	ws.mu.Unlock()
	if closeErr != nil {
		lk.Unlock()
		return nil, Restored{}, fmt.Errorf("restore: close the workspace store: %w", closeErr)
	}
	fail := func(err error) (*Workspace, Restored, error) {
		lk.Unlock()
		return nil, Restored{}, err
	}
	restored, err := restoreFiles(ws.dir, backup, opts)
	if err != nil {
		if _, statErr := os.Stat(filepath.Join(ws.dir, StoreFile)); statErr != nil {
			return fail(err) // nothing left to open (it was kept aside and could not come back)
		}
		again, openErr := open(ws.dir, opts, lk)
		if openErr != nil {
			return fail(fmt.Errorf("%w; reopening the workspace failed too: %v", err, openErr))
		}
		return again, Restored{}, err
	}
	restoredWS, err := open(ws.dir, opts, lk)
	if err == nil {
		return restoredWS, restored, nil
	}
	// The restored store does not open (the check reads less than Open does): put the
	// replaced one back so the window keeps the workspace it had.
	err = fmt.Errorf("restore %s: the restored store does not open: %w", backup, err)
	if restored.Kept == "" {
		return fail(err)
	}
	store := filepath.Join(ws.dir, StoreFile)
	if mvErr := os.Rename(store, store+".restore-failed"); mvErr != nil {
		return fail(fmt.Errorf("%w; the replaced store is kept as %s", err, restored.Kept))
	}
	if mvErr := os.Rename(restored.Kept, store); mvErr != nil {
		return fail(fmt.Errorf("%w; the replaced store is kept as %s", err, restored.Kept))
	}
	syncDir(ws.dir)
	again, openErr := open(ws.dir, opts, lk)
	if openErr != nil {
		return fail(fmt.Errorf("%w; reopening the workspace failed too: %v", err, openErr))
	}
	return again, Restored{}, fmt.Errorf("%w; the workspace is back as it was", err)
}

// restoreFiles puts a copy of backup in place of the store of the workspace in dir,
// whose lock the caller holds, keeping the current store beside it and removing the
// derived search index.
func restoreFiles(dir, backup string, opts Options) (Restored, error) {
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	done := Restored{Backup: backup, Dir: dir}
	store := filepath.Join(dir, StoreFile)
	tmp := store + ".restoring"
	if err := copyFile(backup, tmp); err != nil {
		os.Remove(tmp)
		return Restored{}, fmt.Errorf("restore %s: %w", backup, err)
	}
	if _, err := os.Stat(store); err == nil {
		done.Kept = store + ".before-restore-" + now().UTC().Format("20060102T150405")
		if err := os.Rename(store, done.Kept); err != nil {
			os.Remove(tmp)
			return Restored{}, fmt.Errorf("restore: keep the current store: %w", err)
		}
	}
	if err := os.Rename(tmp, store); err != nil {
		if done.Kept != "" {
			os.Rename(done.Kept, store)
		}
		os.Remove(tmp)
		return Restored{}, fmt.Errorf("restore %s: %w", backup, err)
	}
	syncDir(dir)
	if err := os.RemoveAll(filepath.Join(dir, IndexDir)); err != nil {
		return done, fmt.Errorf("restore: remove the old search index: %w", err)
	}
	return done, nil
}

// checkStoreFile opens a store file read-only and checks it is a Gloss store this build reads.
func checkStoreFile(path string) error {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return errors.New("no such file (gloss backups lists the automatic ones)")
	} else if err != nil {
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
		switch n, _ := strconv.Atoi(string(meta.Get(kSchema))); {
		case n > SchemaVersion:
			return &userError{kind: ErrNewerSchema, msg: fmt.Sprintf("it was written by a newer Gloss (store schema %d; this build knows %d): update Gloss to restore it", n, SchemaVersion)}
		case n < 1:
			return fmt.Errorf("not a readable Gloss store (schema version %q)", meta.Get(kSchema))
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
