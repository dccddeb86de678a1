package annotate

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// undoRecord is one entry of the persistent undo log: a command's label and its writes.
// Records sharing a Group (the chunks of one batch import) are undone and redone together.
type undoRecord struct {
	Label string    `json:"label"`
	Group string    `json:"group,omitempty"`
	Time  time.Time `json:"time"`
	Ops   []op      `json:"ops"`
}

// Result tells what a command did, in words for the status bar and CLI.
type Result struct {
	Label    string    // "Tagged 'Energy attacks'"
	Revision uint64    // the store revision after the command
	Changes  ChangeSet // what the index was told
	Remote   bool      // applied from colleagues' changes (ApplyRemote), not a command of this desk
}

// run executes fn as one command: one bbolt transaction (fsync'd on commit), one undo
// record, one journal entry, then the index update. fn returning an error changes nothing.
func (ws *Workspace) run(label, group string, fn func(t *Tx) error) (Result, error) {
	if err := ws.writable(); err != nil {
		return Result{}, err
	}
	ws.mu.Lock()
	defer ws.mu.Unlock()
	var res Result
	var fnErr error // the command's own (validation) error, already in words for the user
	err := ws.db.Update(func(b *bolt.Tx) error {
		t := newTx(b, true)
		t.clock = ws.now
		if fnErr = fn(t); fnErr != nil {
			return fnErr
		}
		if len(t.ops) == 0 {
			return errNoChange
		}
		if t.label != "" {
			label = t.label
		}
		meta := b.Bucket(bMeta)
		undo := b.Bucket(bUndo)
		top := getUint(meta, kUndoTop)
		// A new command forgets what could have been redone.
		c := undo.Cursor()
		for k, _ := c.Seek(uintKey(top + 1)); k != nil; k, _ = c.Seek(uintKey(top + 1)) {
			if err := deleteUndo(b, binary.BigEndian.Uint64(k), c); err != nil {
				return err
			}
		}
		if err := putUndo(b, top+1, undoRecord{Label: label, Group: group, Time: ws.now().UTC(), Ops: t.ops}); err != nil {
			return err
		}
		if err := putUint(meta, kUndoTop, top+1); err != nil {
			return err
		}
		if err := trimHistory(b); err != nil {
			return err
		}
		if ws.replica != nil {
			// The team's log and field stamps commit with the change itself.
			if err := ws.replica.Captured(&ReplicaTx{t: t}, LocalStep{Label: label, Writes: writesOf(t.ops), Retired: t.retired}); err != nil {
				return err
			}
		}
		res.Changes = t.changeSet()
		var err error
		res.Revision, err = bumpRevision(b, res.Changes)
		return err
	})
	if errors.Is(err, errNoChange) {
		return Result{Label: "Nothing changed", Revision: ws.Revision()}, nil
	}
	if err != nil && err != fnErr {
		// The store refused the write (full disk, I/O error): nothing of it was kept.
		err = fmt.Errorf("the change was not saved: %w", err)
	}
	if err != nil {
		return Result{}, err
	}
	ws.syncFreelistWhenSmall()
	res.Label = label
	ws.notifyIndex(res.Changes, res.Revision)
	ws.tellObservers(res)
	return res, nil
}

func bumpRevision(b *bolt.Tx, ch ChangeSet) (uint64, error) {
	meta := b.Bucket(bMeta)
	rev := getUint(meta, kRevision) + 1
	if err := putUint(meta, kRevision, rev); err != nil {
		return 0, err
	}
	j, err := json.Marshal(ch)
	if err != nil {
		return 0, err
	}
	if err := trimJournal(b, rev); err != nil {
		return 0, err
	}
	return rev, putJournal(b, rev, j)
}

// trimHistory drops the oldest undo steps beyond the workspace's history limit. A batch
// (records sharing a group) goes as a whole, never half; the step at the top of the
// history and everything that could still be redone are always kept.
func trimHistory(b *bolt.Tx) error {
	meta, log := b.Bucket(bMeta), b.Bucket(bUndo)
	limit := getUint(meta, kHistory)
	if limit == 0 {
		limit = DefaultHistoryLimit
	}
	top := getUint(meta, kUndoTop)
	c := log.Cursor()
	firstK, _ := c.First()
	lastK, _ := c.Last()
	if firstK == nil {
		return nil
	}
	first, last := binary.BigEndian.Uint64(firstK), binary.BigEndian.Uint64(lastK)
	groupOf := func(seq uint64) (string, bool) {
		_, group, ok := undoHeader(b, seq)
		return group, ok
	}
	for last-first+1 > limit {
		g, ok := groupOf(first)
		if !ok {
			return nil
		}
		end := first // the last record of the oldest step
		for g != "" {
			next, ok := groupOf(end + 1)
			if !ok || next != g {
				break
			}
			end++
		}
		if end >= top {
			return nil
		}
		for seq := first; seq <= end; seq++ {
			if err := deleteUndo(b, seq, nil); err != nil {
				return err
			}
		}
		first = end + 1
	}
	return nil
}

// notifyIndex runs with ws.mu held, so the index sees changes in store order.
func (ws *Workspace) notifyIndex(ch ChangeSet, rev uint64) {
	if ws.indexer == nil || ch.Empty() {
		return
	}
	if err := ws.indexer.Apply(ch, rev); err != nil && ws.OnIndexError != nil {
		ws.OnIndexError(fmt.Errorf("update search index: %w", err))
	}
}

// Undo reverts the most recent change (or batch) still applied, even across restarts.
func (ws *Workspace) Undo() (Result, error) { return ws.step(true) }

// Redo re-applies the most recently undone change.
func (ws *Workspace) Redo() (Result, error) { return ws.step(false) }

func (ws *Workspace) step(undo bool) (Result, error) {
	if err := ws.writable(); err != nil {
		return Result{}, err
	}
	ws.mu.Lock()
	defer ws.mu.Unlock()
	var res Result
	var notes []string // what a team replica kept of colleagues' later changes
	err := ws.db.Update(func(b *bolt.Tx) error {
		meta := b.Bucket(bMeta)
		top := getUint(meta, kUndoTop)
		t := newTx(b, false)
		t.clock = ws.now
		group := ""
		for n := 0; ; n++ {
			seq := top + 1
			if undo {
				seq = top
			}
			var rec undoRecord
			ok := false
			if seq > 0 {
				var err error
				if rec, ok, err = getUndo(b, seq); err != nil {
					return err
				}
			}
			if !ok {
				if n == 0 {
					if undo {
						return ErrNothingToUndo
					}
					return ErrNothingToRedo
				}
				break
			}
			if n > 0 && (rec.Group == "" || rec.Group != group) {
				break
			}
			group = rec.Group
			if err := ws.applyStep(t, rec, undo, &notes); err != nil {
				return err
			}
			if n == 0 {
				res.Label = rec.Label
			}
			if undo {
				top--
			} else {
				top++
			}
			if group == "" {
				break
			}
		}
		if err := putUint(meta, kUndoTop, top); err != nil {
			return err
		}
		res.Changes = t.changeSet()
		var err error
		res.Revision, err = bumpRevision(b, res.Changes)
		return err
	})
	if err != nil {
		return Result{}, err
	}
	ws.syncFreelistWhenSmall()
	if undo {
		res.Label = "Undid: " + res.Label
	} else {
		res.Label = "Redid: " + res.Label
	}
	if ws.replica != nil {
		res.Label = teamStepLabel(res.Label, notes)
	}
	ws.notifyIndex(res.Changes, res.Revision)
	ws.tellObservers(res)
	return res, nil
}

func applyRecord(t *Tx, rec undoRecord, undo bool) error {
	if undo {
		for i := len(rec.Ops) - 1; i >= 0; i-- {
			o := rec.Ops[i]
			if err := t.write([]byte(o.Bucket), o.Key, o.Before); err != nil {
				return err
			}
		}
		return nil
	}
	for _, o := range rec.Ops {
		if err := t.write([]byte(o.Bucket), o.Key, o.After); err != nil {
			return err
		}
	}
	return nil
}

// UndoLabel and RedoLabel name what Undo and Redo would do ("" when nothing), for menus.
func (ws *Workspace) UndoLabel() string { return ws.peek(true) }

// RedoLabel names what Redo would do.
func (ws *Workspace) RedoLabel() string { return ws.peek(false) }

func (ws *Workspace) peek(undo bool) string {
	var label string
	ws.db.View(func(b *bolt.Tx) error {
		top := getUint(b.Bucket(bMeta), kUndoTop)
		seq := top + 1
		if undo {
			seq = top
		}
		if seq == 0 {
			return nil
		}
		label, _, _ = undoHeader(b, seq)
		return nil
	})
	return label
}
