package annotate

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gofrs/flock"
	bolt "go.etcd.io/bbolt"

	"gloss.app/gloss/annotate/wsdir"
)

// SchemaVersion is the store layout this build reads and writes. Version 2 keeps big undo
// records apart (undolog.go); version 3 keeps big journal entries apart too, and the tag
// counters in annotations_by_article (countTagUse). Older stores are upgraded on open.
const SchemaVersion = 3

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
	// annotations_by_article: "articleID\x00annotationID" → nothing, and the tag counters
	// "articleID\x01tagID" → uint64, the article's annotations carrying the tag (countTagUse).
	bByArticle = []byte("annotations_by_article")
	bByHash    = []byte("articles_by_hash")
	bByURL     = []byte("articles_by_url")
	bUndo      = []byte("undo")
	bJournal   = []byte("journal")
	// tag_usage held the tag counters as "tagID\x00articleID" → uint64 before schema 3.
	bTagUsage = []byte("tag_usage")
	// suggestion_rejections holds the suggestions the analyst rejected (commands_suggest.go):
	// "articleID\x00tagID\x00hash of the text" → Rejection JSON.
	bRejections = []byte("suggestion_rejections")
	// articles_by_message: Article.MessageID → article id (Telegram posts, e-mails).
	bByMessage = []byte("articles_by_message")

	allBuckets = [][]byte{bMeta, bArticles, bTexts, bAnnotations, bTags, bByArticle, bByHash, bByURL, bUndo, bJournal, bRejections, bByMessage, bUndoBig, bJournalBig}

	kSchema   = []byte("schema")
	kRevision = []byte("revision")
	kUndoTop  = []byte("undo_top")
	kAuthor   = []byte("author")
	kCreated  = []byte("created")
	kHistory  = []byte("history_limit")
	kURLIndex = []byte("url_index") // which normalisation keys articles_by_url (urlIndexForm)
)

// DefaultHistoryLimit is how many undo steps a workspace keeps unless SetHistoryLimit
// says otherwise; older steps are dropped so the store stays small.
const DefaultHistoryLimit = 1000

// JournalKeep is how many revisions the change journal reaches back. An index further
// behind than that is rebuilt instead of caught up (ChangesSince reports ok=false).
const JournalKeep = 10000

// ErrInUse is wrapped by the error of opening a workspace another process holds.
var ErrInUse = errors.New("workspace in use")

// ErrDamaged is wrapped by the error of opening a store file that is truncated, empty or
// not a store at all. Its message names the file and the latest automatic backup.
var ErrDamaged = errors.New("workspace store damaged")

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
	// NoSync skips the fsync of each commit: for fuzzing and generating test workspaces
	// only, since a crash can then lose recent changes. Never for an analyst's workspace.
	NoSync bool
	// Holder says what holds the workspace ("gloss import", "the Gloss window"); it is
	// written to the lock file beside the process id, for the messages of others.
	Holder string
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
	readOnly     string // why this process may not change the workspace ("" when it may)
	// observers are told of every committed change (Observe); obsMu guards the list.
	obsMu     sync.Mutex
	observers []observer
	nextObs   int

	// replica keeps a team project's bookkeeping in step (nil when not linked).
	replica Replica
}

// DefaultDir is the default workspace: $GLOSS_WORKSPACE, else $XDG_DATA_HOME/gloss,
// else ~/.local/share/gloss (wsdir.Default).
func DefaultDir() string { return wsdir.Default() }

// Open opens the workspace in dir, taking its lock. A new workspace gets the default codebook.
func Open(dir string, opts Options) (*Workspace, error) { return open(dir, opts, nil) }

// open is Open; held, when not nil, is the workspace's lock, taken already (a restore
// in place keeps it from the old store to the new one), and stays held on failure.
func open(dir string, opts Options, held *flock.Flock) (*Workspace, error) {
	dir = filepath.Clean(dir)
	storePath := filepath.Join(dir, StoreFile)
	if _, err := os.Stat(storePath); errors.Is(err, os.ErrNotExist) && !opts.Create {
		return nil, fmt.Errorf("no workspace in %s", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create workspace %s: %w", dir, err)
	}
	_, statErr := os.Stat(storePath)
	isNew := errors.Is(statErr, os.ErrNotExist)
	readOnly := ""
	if !isNew {
		readOnly = writeBlocked(dir, storePath)
	}
	lk, err := held, error(nil)
	if held == nil {
		lk, err = lockWorkspaceFor(dir, opts.Holder)
	}
	if err != nil && !(readOnly != "" && errors.Is(err, fs.ErrPermission)) {
		return nil, err
	}
	// A reader who may not write cannot always open the lock file; the store's own
	// shared lock still keeps it from reading under a writer.
	unlock := func() {
		if err == nil && held == nil {
			lk.Unlock()
		}
	}
	if !isNew {
		// A damaged file must be refused before bbolt maps it: reading past the end of
		// a truncated file faults, and garbage pages make it panic.
		if why := checkStoreBytes(storePath); why != "" {
			unlock()
			return nil, damagedError(dir, storePath, why)
		}
	}
	db, openErr := openBolt(storePath, readOnly != "")
	if openErr != nil {
		unlock()
		var d *storeDamage
		switch {
		case errors.As(openErr, &d):
			return nil, damagedError(dir, storePath, d.why)
		case readOnly != "" && errors.Is(openErr, bolt.ErrTimeout):
			return nil, &userError{kind: ErrInUse, msg: fmt.Sprintf("workspace %s is in use by another process (it is read-only for you, and readers wait for writers): close that process and try again", dir)}
		}
		return nil, fmt.Errorf("open workspace store %s: %w", storePath, openErr)
	}
	db.NoSync = opts.NoSync
	ws := &Workspace{dir: dir, db: db, now: opts.Now, created: isNew, readOnly: readOnly}
	if err == nil {
		ws.lock = lk
	}
	ws.syncFreelistWhenSmall()
	if ws.now == nil {
		ws.now = time.Now
	}
	if readOnly != "" {
		os.MkdirAll(filepath.Dir(ws.IndexDir()), 0o700)
	}
	if err := ws.initStoreSafely(isNew); err != nil {
		db.Close()
		unlock()
		var d *storeDamage
		if errors.As(err, &d) {
			return nil, damagedError(dir, storePath, d.why)
		}
		return nil, err
	}
	if isNew {
		// Make the new file's directory entry durable too, not only its content.
		fsyncPath(dir)
	}
	if err := ws.attachReplica(); err != nil {
		db.Close()
		unlock()
		return nil, err
	}
	// Opening a store whose free list is not recorded read every page (see undolog.go).
	ws.DropMappedPages()
	return ws, nil
}

// storeDamage is why a store file cannot be read (before the advice is added).
type storeDamage struct{ why string }

func (d *storeDamage) Error() string { return d.why }

// damagedError tells the user which file is damaged and how to get the latest automatic
// backup back, with the exact command.
func damagedError(dir, storePath, why string) error {
	msg := fmt.Sprintf("the workspace store %s is damaged: %s.", storePath, why)
	if list := Backups(dir); len(list) > 0 {
		msg += fmt.Sprintf(" The most recent automatic backup is %s; restore it with: %s", list[0], RestoreCommand(dir, list[0]))
	} else {
		msg += fmt.Sprintf(" There is no automatic backup in %s; move the damaged file away to start an empty workspace.", filepath.Join(dir, BackupDir))
	}
	return &userError{kind: ErrDamaged, msg: msg}
}

// RestoreCommand is the command line that restores backup into the workspace dir.
func RestoreCommand(dir, backup string) string {
	if filepath.Clean(dir) == filepath.Clean(DefaultDir()) {
		return "gloss restore " + shellQuote(backup)
	}
	return "gloss --workspace " + shellQuote(dir) + " restore " + shellQuote(backup)
}

func shellQuote(s string) string {
	safe := s != ""
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-+:,@%=", r)) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// bbolt's file layout: two meta pages at the start, each a page header then the meta.
const (
	boltMagic      = 0xED0CDAED
	boltVersion    = 2
	boltPageHeader = 16
	boltMetaFlag   = 0x04
	boltMetaSize   = 64 // magic … txid (56 bytes) and the checksum of them
)

type boltMeta struct{ pageSize, highWater, txid uint64 }

// readBoltMeta decodes and checks one meta page; ok is false when it is not a valid one.
func readBoltMeta(page []byte) (m boltMeta, ok bool) {
	if len(page) < boltPageHeader+boltMetaSize || binary.NativeEndian.Uint16(page[8:10])&boltMetaFlag == 0 {
		return m, false
	}
	b := page[boltPageHeader : boltPageHeader+boltMetaSize]
	if binary.NativeEndian.Uint32(b[0:4]) != boltMagic || binary.NativeEndian.Uint32(b[4:8]) != boltVersion {
		return m, false
	}
	h := fnv.New64a()
	h.Write(b[:56])
	if h.Sum64() != binary.NativeEndian.Uint64(b[56:64]) {
		return m, false
	}
	m = boltMeta{pageSize: uint64(binary.NativeEndian.Uint32(b[8:12])), highWater: binary.NativeEndian.Uint64(b[40:48]), txid: binary.NativeEndian.Uint64(b[48:56])}
	return m, m.pageSize >= 512 && m.pageSize <= 1<<20
}

// CheckBoltFile reads the header of a bbolt file (a store, or the root.bolt of a bleve
// index) without mapping it, and says whether it is empty, truncated or not bbolt at all.
// bbolt faults (SIGBUS, not a recoverable panic) when it maps a file shorter than its
// header says, so a file must pass this before bbolt opens it.
func CheckBoltFile(path string) error {
	if why := checkStoreBytes(path); why != "" {
		return &storeDamage{why}
	}
	return nil
}

// checkStoreBytes looks at a store file without mapping it and says what is wrong with
// it ("" when its header is sound and the file is as long as the header says).
func checkStoreBytes(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return "" // bbolt reports it
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return ""
	}
	size := st.Size()
	if size == 0 {
		return "the file is empty (0 bytes)"
	}
	readPage := func(off int64) []byte {
		b := make([]byte, boltPageHeader+boltMetaSize)
		if n, err := f.ReadAt(b, off); n < len(b) && err != nil && err != io.EOF {
			return nil
		}
		return b
	}
	var best boltMeta
	found := false
	m0, ok0 := readBoltMeta(readPage(0))
	sizes := []int64{4096, int64(os.Getpagesize()), 16384, 65536}
	if ok0 {
		best, found = m0, true
		sizes = []int64{int64(m0.pageSize)}
	}
	for _, ps := range sizes {
		if m1, ok := readBoltMeta(readPage(ps)); ok && (!found || m1.txid > best.txid) {
			best, found = m1, true
			break
		}
	}
	if !found {
		return fmt.Sprintf("it has no valid store header (%d bytes of something else, or overwritten)", size)
	}
	if need := best.highWater * best.pageSize; uint64(size) < need {
		return fmt.Sprintf("the file is truncated (%d bytes, the store needs %d)", size, need)
	}
	return ""
}

// openBolt opens the store, turning bbolt's panics and memory faults over a damaged file
// into an error.
func openBolt(path string, readOnly bool) (db *bolt.DB, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			db, err = nil, &storeDamage{fmt.Sprintf("it cannot be read (%v)", r)}
		}
	}()
	// The free list is written by commits only while it is short (syncFreelistWhenSmall).
	db, err = bolt.Open(path, 0o600, &bolt.Options{Timeout: 2 * time.Second, ReadOnly: readOnly, NoFreelistSync: true})
	if errors.Is(err, bolt.ErrInvalid) || errors.Is(err, bolt.ErrChecksum) || errors.Is(err, bolt.ErrVersionMismatch) {
		return nil, &storeDamage{fmt.Sprintf("it cannot be read (%v)", err)}
	}
	return db, err
}

// initStoreSafely is initStore with the faults of a damaged file turned into an error.
func (ws *Workspace) initStoreSafely(isNew bool) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = &storeDamage{fmt.Sprintf("its pages cannot be read (%v)", r)}
		}
	}()
	return ws.initStore(isNew)
}

func lockWorkspace(dir string) (*flock.Flock, error) { return lockWorkspaceFor(dir, "") }

// lockWorkspaceFor takes the workspace's lock for this process; holder says what holds
// it (see Options.Holder). The kernel drops a flock with its process, so a crashed holder
// never blocks the next one.
func lockWorkspaceFor(dir, holder string) (*flock.Flock, error) {
	path := filepath.Join(dir, LockFile)
	lk := flock.New(path)
	ok, err := lk.TryLock()
	if err != nil {
		return nil, fmt.Errorf("lock workspace %s: %w", dir, err)
	}
	if !ok {
		// The holder writes its id just after taking the lock: give it a moment.
		who := "another process"
		for try := 0; try < 10; try++ {
			if h, ok := LockHolder(dir); ok {
				who = h.String()
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		return nil, &userError{kind: ErrInUse, msg: fmt.Sprintf("workspace %s is in use by %s", dir, who)}
	}
	// The lock is on the open file description; its content only tells others who holds
	// it. Writing through another descriptor leaves the flock in place.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0o644)
	if err == nil {
		fmt.Fprintf(f, "%d\n", os.Getpid())
		if holder != "" {
			fmt.Fprintf(f, "%s\n", oneLine(holder))
		}
		f.Close()
	}
	return lk, nil
}

// Holder is what the lock file of a workspace says about the process holding it.
type Holder struct {
	PID  int
	What string // "gloss import", "the Gloss window"; "" when it did not say
}

// String is "process 4121 (gloss import)", or "process 4121".
func (h Holder) String() string {
	if h.What == "" {
		return fmt.Sprintf("process %d", h.PID)
	}
	return fmt.Sprintf("process %d (%s)", h.PID, h.What)
}

// LockHolder reads who holds (or last held) the workspace in dir; false when the lock
// file names nobody. It does not tell whether the lock is still held.
func LockHolder(dir string) (Holder, bool) {
	b, err := os.ReadFile(filepath.Join(dir, LockFile))
	if err != nil {
		return Holder{}, false
	}
	first, rest, _ := strings.Cut(string(b), "\n")
	pid, err := strconv.Atoi(strings.TrimSpace(first))
	if err != nil || pid <= 0 {
		return Holder{}, false
	}
	return Holder{PID: pid, What: strings.TrimSpace(rest)}, true
}

// oneLine folds white space so that a holder's description stays one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func (ws *Workspace) initStore(isNew bool) error {
	if ws.readOnly != "" {
		return ws.checkReadOnlyStore()
	}
	if !isNew && ws.storeReady() {
		return nil // nothing to write: a command that only reads writes nothing
	}
	return ws.db.Update(func(tx *bolt.Tx) error {
		oldSchema := 0
		if meta := tx.Bucket(bMeta); meta != nil {
			if v := meta.Get(kSchema); v != nil {
				// A store of a newer Gloss is refused before anything is changed in it.
				if err := checkSchema(ws.dir, v); err != nil {
					return err
				}
				oldSchema, _ = strconv.Atoi(string(v))
			}
		}
		for _, b := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		if !isNew && oldSchema < 3 {
			if err := moveTagUsage(tx); err != nil {
				return err
			}
		}
		meta := tx.Bucket(bMeta)
		if string(meta.Get(kURLIndex)) != urlIndexForm {
			// A store whose URL index was keyed by an older normalisation: re-key it once,
			// so a page imported before still becomes a new version, not a second article.
			if err := rebuildURLIndex(tx); err != nil {
				return err
			}
		}
		if oldSchema > 0 {
			if oldSchema < SchemaVersion {
				return meta.Put(kSchema, []byte(strconv.Itoa(SchemaVersion)))
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

// checkSchema refuses a store whose schema version this build cannot read.
func checkSchema(dir string, v []byte) error {
	n, _ := strconv.Atoi(string(v))
	if n > SchemaVersion {
		return &userError{kind: ErrNewerSchema, msg: fmt.Sprintf("workspace %s was written by a newer Gloss (store schema %d; this build knows %d): update Gloss to open it", dir, n, SchemaVersion)}
	}
	if n < 1 {
		return fmt.Errorf("workspace store %s has an unreadable schema version %q", filepath.Join(dir, StoreFile), v)
	}
	return nil
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

// IndexDir is the folder of the derived search index: in the workspace, or, for a
// workspace this user may not change, in the user's cache folder (see ReadOnly).
func (ws *Workspace) IndexDir() string {
	if ws.readOnly != "" {
		return readOnlyIndexDir(ws.dir)
	}
	return filepath.Join(ws.dir, IndexDir)
}

// IsNew reports whether Open created the store.
func (ws *Workspace) IsNew() bool { return ws.created }

// SetIndexer attaches the index kept in step with every change.
func (ws *Workspace) SetIndexer(ix Indexer) {
	ws.mu.Lock()
	ws.indexer = ix
	ws.mu.Unlock()
}

// storeReady tells whether the store has every bucket, the current schema and URL index form.
func (ws *Workspace) storeReady() bool {
	ready := false
	ws.db.View(func(tx *bolt.Tx) error {
		for _, b := range allBuckets {
			if tx.Bucket(b) == nil {
				return nil
			}
		}
		meta := tx.Bucket(bMeta)
		ready = string(meta.Get(kSchema)) == strconv.Itoa(SchemaVersion) && string(meta.Get(kURLIndex)) == urlIndexForm
		return nil
	})
	return ready
}

// Close closes the store and releases the lock.
// It waits for a running command (and its index update) to finish.
func (ws *Workspace) Close() error {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	if ws.db.NoFreelistSync && !ws.db.IsReadOnly() {
		// Commands did not write the free list (undolog.go): record it once, so that the
		// next open reads it instead of every page of the store.
		ws.db.NoFreelistSync = false
		ws.db.Update(func(*bolt.Tx) error { return nil })
	}
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
			raw, err := journalEntry(tx, k, v)
			if err != nil {
				return err
			}
			var one ChangeSet
			if err := json.Unmarshal(raw, &one); err != nil {
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
	if err := ws.writable(); err != nil {
		return err
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
	if err := ws.writable(); err != nil {
		return err
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
