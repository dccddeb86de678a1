package annotate

import (
	"encoding/binary"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Write amplification. bbolt rewrites a whole leaf node when any key in it changes, and
// a value is stored inside its leaf (its overflow pages included). An import's undo record
// holds every text it added (megabytes); a small command appended after it landed in the
// same leaf until that leaf had four keys, so each of those commands rewrote the import
// too (~2.7 MB each), and the pages it freed made bbolt's free list, written whole by every
// commit, tens of kilobytes long for good.
//
// So an undo record longer than bigUndoRecord is kept apart: the undo bucket holds a small
// stub (label, group, time) and the record itself sits alone in a nested bucket of
// bUndoBig named by its sequence number, whose pages no later command touches. And when
// the free list grows long anyway (history trimmed, articles deleted), commits stop
// writing it (see syncFreelistWhenSmall): a small command then writes only the pages it
// changes.

// bUndoBig holds one nested bucket per big undo record: seq → {kUndoRecord: record}.
var bUndoBig = []byte("undo_big")

var kUndoRecord = []byte("record")

// bigUndoRecord is the size from which an undo record is kept in its own bucket: a leaf
// splits only once it holds four keys, so a record of a few pages beside small ones was
// rewritten by the next three commands.
const bigUndoRecord = 2 << 10

// undoStub is what the undo bucket holds for a big record.
type undoStub struct {
	Label string `json:"label"`
	Group string `json:"group,omitempty"`
	Time  string `json:"time"`
	Big   bool   `json:"big"`
}

// putUndo stores the undo record of step seq.
func putUndo(b *bolt.Tx, seq uint64, rec undoRecord) error {
	raw, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	undo := b.Bucket(bUndo)
	if len(raw) < bigUndoRecord {
		return undo.Put(uintKey(seq), raw)
	}
	big, err := b.Bucket(bUndoBig).CreateBucket(uintKey(seq))
	if err != nil {
		return fmt.Errorf("undo log entry %d: %w", seq, err)
	}
	if err := big.Put(kUndoRecord, raw); err != nil {
		return err
	}
	stub, err := json.Marshal(undoStub{Label: rec.Label, Group: rec.Group, Time: rec.Time.Format("2006-01-02T15:04:05.999999999Z07:00"), Big: true})
	if err != nil {
		return err
	}
	return undo.Put(uintKey(seq), stub)
}

// getUndo reads the undo record of step seq; ok is false when there is none.
func getUndo(b *bolt.Tx, seq uint64) (rec undoRecord, ok bool, err error) {
	raw := b.Bucket(bUndo).Get(uintKey(seq))
	if raw == nil {
		return rec, false, nil
	}
	var stub undoStub
	if err := json.Unmarshal(raw, &stub); err != nil {
		return rec, false, fmt.Errorf("read undo log entry %d: %w", seq, err)
	}
	if stub.Big {
		big := b.Bucket(bUndoBig).Bucket(uintKey(seq))
		if big == nil {
			return rec, false, fmt.Errorf("read undo log entry %d: its record is missing", seq)
		}
		raw = big.Get(kUndoRecord)
	}
	if err := json.Unmarshal(raw, &rec); err != nil {
		return rec, false, fmt.Errorf("read undo log entry %d: %w", seq, err)
	}
	return rec, true, nil
}

// undoHeader reads the label and group of step seq without its writes; ok is false when
// there is no such step.
func undoHeader(b *bolt.Tx, seq uint64) (label, group string, ok bool) {
	raw := b.Bucket(bUndo).Get(uintKey(seq))
	if raw == nil {
		return "", "", false
	}
	var h struct {
		Label string `json:"label"`
		Group string `json:"group"`
	}
	json.Unmarshal(raw, &h)
	return h.Label, h.Group, true
}

// deleteUndo removes the undo record of step seq (the cursor c of the undo bucket, when
// given, is positioned on it and deletes it).
func deleteUndo(b *bolt.Tx, seq uint64, c *bolt.Cursor) error {
	var err error
	if c != nil {
		err = c.Delete()
	} else {
		err = b.Bucket(bUndo).Delete(uintKey(seq))
	}
	if err != nil {
		return err
	}
	big := b.Bucket(bUndoBig)
	if big.Bucket(uintKey(seq)) != nil {
		return big.DeleteBucket(uintKey(seq))
	}
	return nil
}

// freelistSyncLimit is the free-list length (pages) up to which commits write it: what
// fits in one page (a longer list would add pages to every small command).
const freelistSyncLimit = 500

// syncFreelistWhenSmall decides, after opening and after each command, whether commits
// write bbolt's free list. A commit writes the whole list (8 bytes a free page), which
// after big imports or deletions is longer than everything else a small command writes.
// Close writes it once (so the next open reads it, instead of reading the page headers of
// the whole store, ~0.3 ms a MB); a process that dies before rebuilds it that way.
func (ws *Workspace) syncFreelistWhenSmall() {
	st := ws.db.Stats()
	ws.db.NoFreelistSync = st.FreePageN+st.PendingPageN > freelistSyncLimit
}

// The change journal has the same trap: an import's change set lists every article it
// added (tens of kilobytes), and the small entries after it shared its leaf. A big entry
// sits alone in a nested bucket of bJournalBig named by its revision; the journal holds an
// empty value for it (a change set is never empty JSON).

// bJournalBig holds one nested bucket per big journal entry: rev → {kUndoRecord: entry}.
var bJournalBig = []byte("journal_big")

// bigJournalEntry is the size from which a journal entry is kept in its own bucket.
const bigJournalEntry = 1 << 10

// putJournal stores the change set of revision rev.
func putJournal(b *bolt.Tx, rev uint64, raw []byte) error {
	journal := b.Bucket(bJournal)
	if len(raw) < bigJournalEntry {
		return journal.Put(uintKey(rev), raw)
	}
	big, err := b.Bucket(bJournalBig).CreateBucket(uintKey(rev))
	if err != nil {
		return fmt.Errorf("journal entry %d: %w", rev, err)
	}
	if err := big.Put(kUndoRecord, raw); err != nil {
		return err
	}
	return journal.Put(uintKey(rev), []byte{})
}

// journalEntry is the change set JSON of the journal's key k with value v.
func journalEntry(b *bolt.Tx, k, v []byte) ([]byte, error) {
	if len(v) > 0 {
		return v, nil
	}
	big := b.Bucket(bJournalBig).Bucket(k)
	if big == nil {
		return nil, fmt.Errorf("journal entry %d: its change set is missing", binary.BigEndian.Uint64(k))
	}
	return big.Get(kUndoRecord), nil
}

// journalTrimEvery is how many revisions pass between two trims of the journal: deleting
// the oldest entry at every commit would rewrite the journal's first leaf every time.
const journalTrimEvery = 256

// trimJournal drops, every journalTrimEvery revisions, the entries older than JournalKeep
// revisions before rev.
func trimJournal(b *bolt.Tx, rev uint64) error {
	if rev <= JournalKeep || rev%journalTrimEvery != 0 {
		return nil
	}
	journal, big := b.Bucket(bJournal), b.Bucket(bJournalBig)
	c := journal.Cursor()
	for k, v := c.First(); k != nil && binary.BigEndian.Uint64(k) <= rev-JournalKeep; k, v = c.First() {
		if len(v) == 0 && big.Bucket(k) != nil {
			if err := big.DeleteBucket(k); err != nil {
				return err
			}
		}
		if err := c.Delete(); err != nil {
			return err
		}
	}
	return nil
}
