package annotate

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// SharedBuckets are the buckets a team shares: the records every analyst of a project
// sees, and the coders' done marks that agreement counts. Everything else in the store
// (secondary indexes, tag counters, undo, journal, settings, an analyst's own suggestion
// rejections and self-check sessions) is derived or personal and is never sent. A new kind of shared record is one
// more name here; its writes then sync field by field without further work.
var SharedBuckets = []string{"articles", "texts", "annotations", "tags", "done_marks"}

// IsShared reports whether bucket holds shared records.
func IsShared(bucket string) bool {
	for _, b := range SharedBuckets {
		if b == bucket {
			return true
		}
	}
	return false
}

// ReplicaBucketPrefix starts the names of the buckets a Replica keeps its bookkeeping in.
const ReplicaBucketPrefix = "team_"

// Write is one change of a shared record: its value before and after (nil when absent).
type Write struct {
	Bucket, Key   string
	Before, After []byte
}

// RetiredTag says where the uses of a deleted tag went: the annotations that had it
// took Into ("" when they just lost it) and its sub-tags moved under ChildrenTo. A team
// replica uses it to move a colleague's concurrent uses the same way.
type RetiredTag struct{ ID, Into, ChildrenTo string }

// LocalStep is what a local command changed, as a Replica sees it.
type LocalStep struct {
	Label   string
	Writes  []Write // in the order made; a key may appear more than once
	Retired []RetiredTag
}

// A Replica keeps a team's bookkeeping in step with this workspace (package team
// implements it). Its methods run inside the store transaction of the change, so the
// change and its bookkeeping are committed together or not at all.
type Replica interface {
	// Captured is told the shared writes of every local command after they are made.
	Captured(rt *ReplicaTx, step LocalStep) error
	// Revert undoes (undo true) or redoes the writes of one step of this workspace's own
	// history. It makes the writes itself, leaving what colleagues changed since, and
	// returns notes for the user ("kept Olha's note on …").
	Revert(rt *ReplicaTx, writes []Write, undo bool) (notes []string, err error)
}

var (
	replicaMu      sync.Mutex
	replicaFactory func(ws *Workspace) (Replica, error)
)

// RegisterReplica installs the constructor of the replica attached to every workspace
// that is linked to a team project (package team registers itself). A linked workspace
// refuses to open in a program without one, so no change can escape the team's log.
func RegisterReplica(f func(ws *Workspace) (Replica, error)) {
	replicaMu.Lock()
	replicaFactory = f
	replicaMu.Unlock()
}

var (
	kReplica = []byte("replica") // "team" while the workspace is linked to a project
	kCoder   = []byte("coder")   // this workspace's coder id in its team project
	kBlind   = []byte("blind")   // "1" while the project codes blind
)

// attachReplica runs at Open: a linked workspace gets its replica.
func (ws *Workspace) attachReplica() error {
	var linked string
	ws.db.View(func(b *bolt.Tx) error {
		linked = string(b.Bucket(bMeta).Get(kReplica))
		return nil
	})
	if linked == "" {
		return nil
	}
	replicaMu.Lock()
	f := replicaFactory
	replicaMu.Unlock()
	if f == nil {
		return fmt.Errorf("workspace %s is linked to a team project, and this program cannot record changes for it", ws.dir)
	}
	r, err := f(ws)
	if err != nil {
		return fmt.Errorf("workspace %s: team link: %w", ws.dir, err)
	}
	ws.replica = r
	return nil
}

// Linked reports whether the workspace is linked to a team project.
func (ws *Workspace) Linked() bool {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	return ws.replica != nil
}

// Link attaches r and marks the store as linked; fn runs in the same transaction (to
// record a snapshot, or to clear a new workspace before it pulls a project). What fn
// writes to shared buckets updates the index like a command but is not undoable.
func (ws *Workspace) Link(r Replica, label string, fn func(rt *ReplicaTx) error) (Result, error) {
	return ws.applyReplica(label, func(rt *ReplicaTx) error {
		if err := rt.t.b.Bucket(bMeta).Put(kReplica, []byte("team")); err != nil {
			return err
		}
		return fn(rt)
	}, func() { ws.replica = r })
}

// Unlink detaches the replica; fn runs in the same transaction (to drop its buckets).
// The shared records stay: the workspace remains complete.
func (ws *Workspace) Unlink(fn func(rt *ReplicaTx) error) error {
	_, err := ws.applyReplica("", func(rt *ReplicaTx) error {
		meta := rt.t.b.Bucket(bMeta)
		for _, k := range [][]byte{kReplica, kCoder, kBlind} {
			if err := meta.Delete(k); err != nil {
				return err
			}
		}
		return fn(rt)
	}, func() { ws.replica = nil })
	return err
}

// ApplyRemote applies changes that came from colleagues: fn writes them through rt in
// one store transaction, which also bumps the revision and journals the ids so the index
// (and the observers, such as a window) follow, exactly as after a local command. The
// changes are not put on the local undo history: undo only undoes what this analyst did.
func (ws *Workspace) ApplyRemote(label string, fn func(rt *ReplicaTx) error) (Result, error) {
	return ws.applyReplica(label, fn, nil)
}

func (ws *Workspace) applyReplica(label string, fn func(rt *ReplicaTx) error, after func()) (Result, error) {
	if err := ws.writable(); err != nil {
		return Result{}, err
	}
	ws.mu.Lock()
	var res Result
	err := ws.db.Update(func(b *bolt.Tx) error {
		t := newTx(b, false)
		t.clock = ws.now
		if err := fn(&ReplicaTx{t: t}); err != nil {
			return err
		}
		res.Changes = t.changeSet()
		if res.Changes.Empty() {
			res.Revision = getUint(b.Bucket(bMeta), kRevision)
			return nil
		}
		var err error
		res.Revision, err = bumpRevision(b, res.Changes)
		return err
	})
	if err != nil {
		ws.mu.Unlock()
		return Result{}, err
	}
	if after != nil {
		after()
	}
	res.Label, res.Remote = label, true
	ws.notifyIndex(res.Changes, res.Revision)
	if !res.Changes.Empty() {
		ws.tellObservers(res)
	}
	ws.mu.Unlock()
	return res, nil
}

// ReplicaView runs fn in a read-only transaction (rt's writes fail).
func (ws *Workspace) ReplicaView(fn func(rt *ReplicaTx) error) error {
	return ws.db.View(func(b *bolt.Tx) error { return fn(&ReplicaTx{t: newTx(b, false), readOnly: true}) })
}

// OnRemoteChange registers fn to be told of every change applied by ApplyRemote (after
// its commit and index update), on the same terms as Observe, which also hears them
// (Result.Remote set). It returns a function that unregisters fn.
func (ws *Workspace) OnRemoteChange(fn func(Result)) (cancel func()) {
	return ws.Observe(func(r Result) {
		if r.Remote {
			fn(r)
		}
	})
}

// ReplicaTx is a Replica's access to one store transaction.
type ReplicaTx struct {
	t        *Tx
	readOnly bool
}

var errReadOnly = errors.New("read-only transaction")

// Get returns the value of a shared record (nil when absent). The slice is valid only
// during the transaction.
func (rt *ReplicaTx) Get(bucket, key string) []byte {
	b := rt.t.b.Bucket([]byte(bucket))
	if b == nil {
		return nil
	}
	return b.Get([]byte(key))
}

// Put writes a shared record (nil deletes it) through the command layer's one write
// path, so the secondary indexes, tag counters and the index's change set follow. It is
// never recorded on the undo history.
func (rt *ReplicaTx) Put(bucket, key string, val []byte) error {
	if rt.readOnly {
		return errReadOnly
	}
	if !IsShared(bucket) {
		return fmt.Errorf("bucket %s is not shared", bucket)
	}
	if rt.t.b.Bucket([]byte(bucket)) == nil {
		if _, err := rt.t.b.CreateBucket([]byte(bucket)); err != nil {
			return err
		}
	}
	record := rt.t.record
	rt.t.record = false
	defer func() { rt.t.record = record }()
	if val == nil {
		return rt.t.write([]byte(bucket), key, nil)
	}
	s := string(val)
	return rt.t.write([]byte(bucket), key, &s)
}

// ForEach calls fn for every record of a shared bucket, in key order.
func (rt *ReplicaTx) ForEach(bucket string, fn func(k, v []byte) error) error {
	b := rt.t.b.Bucket([]byte(bucket))
	if b == nil {
		return nil
	}
	return b.ForEach(fn)
}

// AnnotationIDsOf lists the ids of an article's annotations (from the secondary index).
func (rt *ReplicaTx) AnnotationIDsOf(articleID string) []string {
	var ids []string
	prefix := []byte(articleID + "\x00")
	c := rt.t.b.Bucket(bByArticle).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		ids = append(ids, string(k[len(prefix):]))
	}
	return ids
}

// ArticlesUsingTag lists the ids of the articles with an annotation carrying the tag
// (from the tag counters).
func (rt *ReplicaTx) ArticlesUsingTag(tagID string) []string {
	var ids []string
	eachTagUse(rt.t.b, func(tag, article []byte, _ uint64) {
		if string(tag) == tagID {
			ids = append(ids, string(article))
		}
	})
	return ids
}

// Bucket returns one of the replica's own buckets (its name must start with
// ReplicaBucketPrefix), creating it when missing in a writable transaction; nil when it
// does not exist in a read-only one.
func (rt *ReplicaTx) Bucket(name string) (*bolt.Bucket, error) {
	if !strings.HasPrefix(name, ReplicaBucketPrefix) {
		return nil, fmt.Errorf("bucket %s is not a replica bucket", name)
	}
	if b := rt.t.b.Bucket([]byte(name)); b != nil || rt.readOnly {
		return b, nil
	}
	return rt.t.b.CreateBucket([]byte(name))
}

// DropBuckets deletes every replica bucket (leaving a project).
func (rt *ReplicaTx) DropBuckets() error {
	var names [][]byte
	rt.t.b.ForEach(func(name []byte, _ *bolt.Bucket) error {
		if bytes.HasPrefix(name, []byte(ReplicaBucketPrefix)) {
			names = append(names, append([]byte(nil), name...))
		}
		return nil
	})
	for _, n := range names {
		if err := rt.t.b.DeleteBucket(n); err != nil {
			return err
		}
	}
	return nil
}

// Now is the workspace's clock.
func (rt *ReplicaTx) Now() time.Time { return rt.t.clock() }

// Author is the workspace's author setting.
func (rt *ReplicaTx) Author() string { return rt.t.author() }

// SetIdentity records this workspace's coder id and whether the project codes blind,
// which Visibility reads.
func (rt *ReplicaTx) SetIdentity(coder string, blind bool) error {
	meta := rt.t.b.Bucket(bMeta)
	if err := meta.Put(kCoder, []byte(coder)); err != nil {
		return err
	}
	if blind {
		return meta.Put(kBlind, []byte("1"))
	}
	return meta.Delete(kBlind)
}

// ClearHistory forgets the undo history (a workspace that joins a project starts with
// the project's state, which is nobody's step to undo).
func (rt *ReplicaTx) ClearHistory() error {
	if err := rt.t.b.DeleteBucket(bUndo); err != nil {
		return err
	}
	if _, err := rt.t.b.CreateBucket(bUndo); err != nil {
		return err
	}
	return putUint(rt.t.b.Bucket(bMeta), kUndoTop, 0)
}

// Counts returns the number of records of a shared bucket.
func (rt *ReplicaTx) Counts(bucket string) int {
	b := rt.t.b.Bucket([]byte(bucket))
	if b == nil {
		return 0
	}
	return b.Stats().KeyN
}

// Visibility decides which annotations an analyst is shown. In a project that codes
// blind, an analyst sees only their own annotations (and those from before the project)
// until the lead reveals everyone's. The reader, search and exports all ask it.
type Visibility struct {
	Coder string // this workspace's coder id ("" when not in a team project)
	Blind bool
}

// Shows reports whether the annotation is shown.
func (v Visibility) Shows(a Annotation) bool {
	return !v.Blind || a.Coder == "" || a.Coder == v.Coder
}

// Filter keeps the annotations that are shown.
func (v Visibility) Filter(anns []Annotation) []Annotation {
	if !v.Blind {
		return anns
	}
	out := anns[:0:0]
	for _, a := range anns {
		if v.Shows(a) {
			out = append(out, a)
		}
	}
	return out
}

// Visibility returns the workspace's visibility rule.
func (ws *Workspace) Visibility() Visibility {
	var v Visibility
	ws.db.View(func(b *bolt.Tx) error {
		meta := b.Bucket(bMeta)
		v.Coder = string(meta.Get(kCoder))
		v.Blind = string(meta.Get(kBlind)) == "1"
		return nil
	})
	return v
}

// RelocateAnnotation places an annotation on its article's text as a new version of the
// text would (the same search for its quote): moved when found, marked orphaned when not.
// It leaves Modified alone, so every desk computes the same result.
func RelocateAnnotation(text []rune, a Annotation) Annotation {
	m := a.Modified
	out := reanchor(text, a, m)
	out.Modified = m
	return out
}

// writesOf turns recorded ops into Writes for a Replica.
func writesOf(ops []op) []Write {
	out := make([]Write, 0, len(ops))
	for _, o := range ops {
		w := Write{Bucket: o.Bucket, Key: o.Key}
		if o.Before != nil {
			w.Before = []byte(*o.Before)
		}
		if o.After != nil {
			w.After = []byte(*o.After)
		}
		out = append(out, w)
	}
	return out
}

// applyStep undoes or redoes one undo record: through the replica when linked (which
// leaves colleagues' later changes in place), else by writing the record's values back.
func (ws *Workspace) applyStep(t *Tx, rec undoRecord, undo bool, notes *[]string) error {
	if ws.replica == nil {
		return applyRecord(t, rec, undo)
	}
	n, err := ws.replica.Revert(&ReplicaTx{t: t}, writesOf(rec.Ops), undo)
	*notes = append(*notes, n...)
	return err
}

// teamStepLabel says, in a team project, that only the analyst's own step was undone or
// redone, and what of colleagues' later changes was kept.
func teamStepLabel(label string, notes []string) string {
	verb, rest, _ := strings.Cut(label, ": ")
	label = verb + " your own step: " + rest
	if len(notes) > 0 {
		label += "; " + strings.Join(notes, "; ")
	}
	return label
}
