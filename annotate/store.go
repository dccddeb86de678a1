package annotate

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gofrs/flock"
	bolt "go.etcd.io/bbolt"
)

// SchemaVersion is the store layout this build reads and writes.
const SchemaVersion = 1

// Files inside a workspace folder.
const (
	StoreFile = "gloss.db"
	LockFile  = "gloss.lock"
	IndexDir  = "index"
)

var (
	bMeta        = []byte("meta")
	bArticles    = []byte("articles")
	bTexts       = []byte("texts")
	bAnnotations = []byte("annotations")
	bTags        = []byte("tags")
	bByArticle   = []byte("annotations_by_article")
	bByHash      = []byte("articles_by_hash")
	bByURL       = []byte("articles_by_url")
	bUndo        = []byte("undo")
	bJournal     = []byte("journal")

	allBuckets = [][]byte{bMeta, bArticles, bTexts, bAnnotations, bTags, bByArticle, bByHash, bByURL, bUndo, bJournal}

	kSchema   = []byte("schema")
	kRevision = []byte("revision")
	kUndoTop  = []byte("undo_top")
	kAuthor   = []byte("author")
	kCreated  = []byte("created")
	kHistory  = []byte("history_limit")
)

// DefaultHistoryLimit is how many undo steps a workspace keeps unless SetHistoryLimit
// says otherwise; older steps are dropped so the store stays small.
const DefaultHistoryLimit = 1000

// JournalKeep is how many revisions the change journal reaches back. An index further
// behind than that is rebuilt instead of caught up (ChangesSince reports ok=false).
const JournalKeep = 10000

// ErrInUse is wrapped by the error of opening a workspace another process holds.
var ErrInUse = errors.New("workspace in use")

// Indexer is kept in step with the store by the command layer: after every committed
// change it receives the ids that changed and the store revision they bring it to.
// The search package implements it; annotate does not know about bleve.
type Indexer interface {
	Apply(changes ChangeSet, revision uint64) error
}

// ChangeSet lists the ids a change touched (created, updated or deleted).
type ChangeSet struct {
	Articles    []string `json:"articles,omitempty"`
	Annotations []string `json:"annotations,omitempty"`
	Tags        []string `json:"tags,omitempty"`
}

// Empty reports whether nothing changed.
func (c ChangeSet) Empty() bool {
	return len(c.Articles) == 0 && len(c.Annotations) == 0 && len(c.Tags) == 0
}

// Merge adds other's ids to c, without duplicates.
func (c *ChangeSet) Merge(other ChangeSet) {
	c.Articles = mergeIDs(c.Articles, other.Articles)
	c.Annotations = mergeIDs(c.Annotations, other.Annotations)
	c.Tags = mergeIDs(c.Tags, other.Tags)
}

func mergeIDs(a, b []string) []string {
	seen := make(map[string]bool, len(a))
	for _, id := range a {
		seen[id] = true
	}
	for _, id := range b {
		if !seen[id] {
			seen[id] = true
			a = append(a, id)
		}
	}
	return a
}

// Options tune Open.
type Options struct {
	// Create makes the folder and a new store when missing. Without it a missing
	// workspace is an error.
	Create bool
	// Now replaces time.Now (tests).
	Now func() time.Time
}

// Workspace is an open workspace folder: its store, its lock and the indexer kept in step.
// Its methods are safe for concurrent use; commands are serialised.
type Workspace struct {
	dir     string
	db      *bolt.DB
	lock    *flock.Flock
	now     func() time.Time
	mu      sync.Mutex // serialises commands so that store and index see them in one order
	indexer Indexer
	// OnIndexError is told when the index could not follow a change; the store has it
	// anyway and the index is rebuilt or caught up on the next open.
	OnIndexError func(error)
	created      bool
}

// DefaultDir is the default workspace: $GLOSS_WORKSPACE, else $XDG_DATA_HOME/gloss,
// else ~/.local/share/gloss.
func DefaultDir() string {
	if d := os.Getenv("GLOSS_WORKSPACE"); d != "" {
		return d
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "gloss")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "gloss-workspace"
	}
	return filepath.Join(home, ".local", "share", "gloss")
}

// Open opens the workspace in dir, taking its lock. A new workspace gets the default codebook.
func Open(dir string, opts Options) (*Workspace, error) {
	dir = filepath.Clean(dir)
	storePath := filepath.Join(dir, StoreFile)
	if _, err := os.Stat(storePath); errors.Is(err, os.ErrNotExist) && !opts.Create {
		return nil, fmt.Errorf("no workspace in %s", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create workspace %s: %w", dir, err)
	}
	lk, err := lockWorkspace(dir)
	if err != nil {
		return nil, err
	}
	_, statErr := os.Stat(storePath)
	isNew := errors.Is(statErr, os.ErrNotExist)
	db, err := bolt.Open(storePath, 0o600, &bolt.Options{Timeout: 2 * time.Second})
	if err != nil {
		lk.Unlock()
		return nil, fmt.Errorf("open workspace store %s: %w", storePath, err)
	}
	ws := &Workspace{dir: dir, db: db, lock: lk, now: opts.Now, created: isNew}
	if ws.now == nil {
		ws.now = time.Now
	}
	if err := ws.initStore(isNew); err != nil {
		db.Close()
		lk.Unlock()
		return nil, err
	}
	if isNew {
		// Make the new file's directory entry durable too, not only its content.
		fsyncPath(dir)
	}
	return ws, nil
}

func lockWorkspace(dir string) (*flock.Flock, error) {
	path := filepath.Join(dir, LockFile)
	lk := flock.New(path)
	ok, err := lk.TryLock()
	if err != nil {
		return nil, fmt.Errorf("lock workspace %s: %w", dir, err)
	}
	if !ok {
		// The holder writes its id just after taking the lock: give it a moment.
		pid := "another process"
		for try := 0; try < 10; try++ {
			if b, err := os.ReadFile(path); err == nil && len(strings.TrimSpace(string(b))) > 0 {
				pid = "process " + strings.TrimSpace(string(b))
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		return nil, &userError{kind: ErrInUse, msg: fmt.Sprintf("workspace %s is in use by %s", dir, pid)}
	}
	// The lock is on the open file description; its content only tells others who holds
	// it. Writing through another descriptor leaves the flock in place.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0o644)
	if err == nil {
		fmt.Fprintf(f, "%d\n", os.Getpid())
		f.Close()
	}
	return lk, nil
}

func (ws *Workspace) initStore(isNew bool) error {
	return ws.db.Update(func(tx *bolt.Tx) error {
		for _, b := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		meta := tx.Bucket(bMeta)
		if v := meta.Get(kSchema); v != nil {
			n, _ := strconv.Atoi(string(v))
			if n > SchemaVersion {
				return &userError{kind: ErrNewerSchema, msg: fmt.Sprintf("workspace %s was written by a newer Gloss (store schema %d; this build knows %d): update Gloss to open it", ws.dir, n, SchemaVersion)}
			}
			if n < 1 {
				return fmt.Errorf("workspace store %s has an unreadable schema version %q", filepath.Join(ws.dir, StoreFile), v)
			}
			return nil
		}
		if err := meta.Put(kSchema, []byte(strconv.Itoa(SchemaVersion))); err != nil {
			return err
		}
		if err := meta.Put(kCreated, []byte(ws.now().UTC().Format(time.RFC3339))); err != nil {
			return err
		}
		if err := meta.Put(kAuthor, []byte(defaultAuthor())); err != nil {
			return err
		}
		if tx.Bucket(bTags).Stats().KeyN == 0 {
			return seedCodebook(tx)
		}
		return nil
	})
}

func defaultAuthor() string {
	if u, err := user.Current(); err == nil {
		if u.Username != "" {
			return u.Username
		}
	}
	if n := os.Getenv("USER"); n != "" {
		return n
	}
	return "analyst"
}

// Dir is the workspace folder.
func (ws *Workspace) Dir() string { return ws.dir }

// IndexDir is the folder of the derived search index.
func (ws *Workspace) IndexDir() string { return filepath.Join(ws.dir, IndexDir) }

// IsNew reports whether Open created the store.
func (ws *Workspace) IsNew() bool { return ws.created }

// SetIndexer attaches the index kept in step with every change.
func (ws *Workspace) SetIndexer(ix Indexer) {
	ws.mu.Lock()
	ws.indexer = ix
	ws.mu.Unlock()
}

// Close closes the store and releases the lock.
// It waits for a running command (and its index update) to finish.
func (ws *Workspace) Close() error {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	err := ws.db.Close()
	if ws.lock != nil {
		ws.lock.Unlock()
	}
	return err
}

// Revision is the store revision: it grows by one with every change, undo and redo.
func (ws *Workspace) Revision() uint64 {
	var rev uint64
	ws.db.View(func(tx *bolt.Tx) error {
		rev = getUint(tx.Bucket(bMeta), kRevision)
		return nil
	})
	return rev
}

// ChangesSince returns the union of the changes after revision rev, for catching an index
// up. ok is false when the journal does not reach back that far.
// An index claiming a revision beyond the store's (a store restored from a backup) is
// not ok either: it must be rebuilt.
func (ws *Workspace) ChangesSince(rev uint64) (ch ChangeSet, ok bool, err error) {
	err = ws.db.View(func(tx *bolt.Tx) error {
		j := tx.Bucket(bJournal)
		cur := getUint(tx.Bucket(bMeta), kRevision)
		if rev > cur {
			return nil
		}
		if rev == cur {
			ok = true
			return nil
		}
		c := j.Cursor()
		k, v := c.Seek(uintKey(rev + 1))
		if k == nil || binary.BigEndian.Uint64(k) != rev+1 {
			return nil
		}
		for ; k != nil; k, v = c.Next() {
			var one ChangeSet
			if err := json.Unmarshal(v, &one); err != nil {
				return err
			}
			ch.Merge(one)
		}
		ok = true
		return nil
	})
	return ch, ok, err
}

// Author is the name written on new annotations (a workspace setting, by default the OS user).
func (ws *Workspace) Author() string {
	var a string
	ws.db.View(func(tx *bolt.Tx) error {
		a = string(tx.Bucket(bMeta).Get(kAuthor))
		return nil
	})
	if a == "" {
		a = defaultAuthor()
	}
	return a
}

// SetAuthor changes the author setting. It is a setting, not an undoable change.
func (ws *Workspace) SetAuthor(name string) error {
	name = strings.TrimSpace(name)
	if name == "" {
		return invalidf("the author name is empty")
	}
	ws.mu.Lock()
	defer ws.mu.Unlock()
	return ws.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bMeta).Put(kAuthor, []byte(name)) })
}

// HistoryLimit is how many undo steps the workspace keeps (a store setting).
func (ws *Workspace) HistoryLimit() int {
	var n uint64
	ws.db.View(func(tx *bolt.Tx) error {
		n = getUint(tx.Bucket(bMeta), kHistory)
		return nil
	})
	if n == 0 {
		return DefaultHistoryLimit
	}
	return int(n)
}

// SetHistoryLimit changes how many undo steps are kept (1 to 1,000,000) and drops older
// ones at once. Like the author, it is a setting, not an undoable change.
func (ws *Workspace) SetHistoryLimit(steps int) error {
	if steps < 1 || steps > 1_000_000 {
		return invalidf("the undo history keeps 1 to 1000000 steps, not %d", steps)
	}
	ws.mu.Lock()
	defer ws.mu.Unlock()
	return ws.db.Update(func(tx *bolt.Tx) error {
		if err := putUint(tx.Bucket(bMeta), kHistory, uint64(steps)); err != nil {
			return err
		}
		return trimHistory(tx)
	})
}

// fsyncPath flushes a file or directory to disk, ignoring errors (best effort).
func fsyncPath(path string) {
	if f, err := os.Open(path); err == nil {
		f.Sync()
		f.Close()
	}
}

func uintKey(n uint64) []byte {
	k := make([]byte, 8)
	binary.BigEndian.PutUint64(k, n)
	return k
}

func getUint(b *bolt.Bucket, key []byte) uint64 {
	v := b.Get(key)
	if len(v) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(v)
}

func putUint(b *bolt.Bucket, key []byte, n uint64) error { return b.Put(key, uintKey(n)) }
