package annotate

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"syscall"

	bolt "go.etcd.io/bbolt"
)

// ErrReadOnly is wrapped by the error of every change to a workspace that this user may
// not write (its folder or store file lacks write permission, or it lies on a read-only
// disk). Such a workspace opens read-only: everything can be read, searched and
// exported; changes are refused and say why.
var ErrReadOnly = errors.New("read-only workspace")

// ReadOnly says why this process may not change the workspace, "" when it may.
func (ws *Workspace) ReadOnly() string { return ws.readOnly }

// writable refuses a change to a read-only workspace, in words.
func (ws *Workspace) writable() error {
	if ws.readOnly == "" {
		return nil
	}
	return &userError{kind: ErrReadOnly, msg: fmt.Sprintf("workspace %s is read-only: %s; nothing was changed", ws.dir, ws.readOnly)}
}

// writeBlocked says why this process cannot write the workspace in dir whose store file
// exists ("" when it can).
func writeBlocked(dir, storePath string) string {
	who := "you"
	if name := defaultAuthor(); name != "analyst" {
		who = "user " + name
	}
	f, err := os.OpenFile(storePath, os.O_RDWR, 0)
	switch {
	case err == nil:
		f.Close()
	case errors.Is(err, syscall.EROFS):
		return fmt.Sprintf("it lies on a read-only disk (%s)", storePath)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Sprintf("%s may not write its store file %s", who, storePath)
	}
	if err := dirWritable(dir); errors.Is(err, syscall.EROFS) {
		return fmt.Sprintf("it lies on a read-only disk (%s)", dir)
	} else if err != nil {
		return fmt.Sprintf("%s may not write in its folder %s", who, dir)
	}
	return ""
}

// readOnlyIndexDir is where the search index of a workspace this user may not write
// lives: in the user's cache folder, one folder per workspace path.
func readOnlyIndexDir(dir string) string {
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(base, "gloss", "read-only-index", hex.EncodeToString(sum[:8]))
}

// checkReadOnlyStore checks, without writing, that a store opened read-only can be read
// by this build: all its buckets there and a schema it knows.
func (ws *Workspace) checkReadOnlyStore() error {
	return ws.db.View(func(tx *bolt.Tx) error {
		for _, b := range allBuckets {
			if tx.Bucket(b) == nil {
				return &userError{kind: ErrReadOnly, msg: fmt.Sprintf("workspace %s was written by an older Gloss and must be opened once by a user who may write to it (%s)", ws.dir, ws.readOnly)}
			}
		}
		v := tx.Bucket(bMeta).Get(kSchema)
		if err := checkSchema(ws.dir, v); err != nil {
			return err
		}
		if n, _ := strconv.Atoi(string(v)); n < SchemaVersion {
			// Its layout is upgraded on the first open that may write (tag counters).
			return &userError{kind: ErrReadOnly, msg: fmt.Sprintf("workspace %s was written by an older Gloss and must be opened once by a user who may write to it (%s)", ws.dir, ws.readOnly)}
		}
		return nil
	})
}
