package team

import (
	"gloss.app/gloss/annotate"
)

// The conflict rules, applied by every desk to every operation it pulls:
//
//   - A field key (or a record's existence) takes an operation's value only when the
//     operation's stamp is greater than the stamp the desk holds for it: the last writer
//     by hybrid logical clock wins, ties broken by coder id. Equal stamps are the same
//     operation seen again and change nothing. So the order operations arrive in does not
//     matter, and applying one twice does nothing.
//   - A losing value is a conflict when the two writes were concurrent (the winner's
//     author had not seen the loser: its base is not the loser's stamp) and the values
//     differ. The sync report lists it; the losing operation stays in the server's log.
//   - A delete is a write of the existence alone, so it wins over edits of other fields:
//     an edit its author had not seen is reported ("deleted"), and kept with the record's
//     last values, so that an undo of the delete brings the record back with it.

// applyRemote applies one colleague's operation to the state and marks what must be
// materialised.
func (s *session) applyRemote(op *Op) error {
	s.observe(op.HLC)
	e := s.get(op.Bucket, op.Key)
	raw, err := s.rawView(e)
	if err != nil {
		return err
	}
	raw = raw.clone()
	st := op.Stamp()
	if op.Exists != nil {
		cur := e.st.XS
		if cur == st {
			return nil // seen before
		}
		if cur.Less(st) {
			if *op.Exists != e.st.X && e.known && !cur.IsZero() && op.Base[existenceKey] != cur {
				s.conflicts = append(s.conflicts, Conflict{Kind: "edit", Bucket: op.Bucket, Key: op.Key, Field: existenceKey, Winner: st, Loser: cur})
			}
			if !*op.Exists && e.st.X {
				// Edits the deleter had not seen lose to the delete.
				for _, k := range s.fieldKeys(e, raw) {
					sk := s.stamp(e, k)
					if !isQuiet(op.Bucket, k) && !sk.IsZero() && sk != op.Base[k] && op.Base[k].Less(sk) {
						s.conflicts = append(s.conflicts, Conflict{Kind: "deleted", Bucket: op.Bucket, Key: op.Key, Field: k,
							Winner: st, Loser: sk, LoserValue: membersOf(op.Bucket, raw, k)})
					}
				}
			}
			e.st.X, e.st.XS = *op.Exists, st
			if *op.Exists {
				e.st.Seen = nil
				if raw == nil {
					raw = object{}
				}
				e.created = true
			} else {
				e.st.Hint = op.Hint
				e.st.Seen = map[string]Stamp{}
				for k, v := range op.Base {
					if k != existenceKey {
						e.st.Seen[k] = v
					}
				}
			}
			e.known = true
			s.touch(e, true)
		} else if *op.Exists != e.st.X {
			s.conflicts = append(s.conflicts, Conflict{Kind: "edit", Bucket: op.Bucket, Key: op.Key, Field: existenceKey, Winner: cur, Loser: st})
		}
	}
	if raw == nil {
		raw = object{}
	}
	wrote := false
	for _, k := range op.keys() {
		vals := membersOf(op.Bucket, op.Fields, k)
		cur := s.stamp(e, k)
		if cur == st {
			continue
		}
		have := membersOf(op.Bucket, raw, k)
		differ := !sameMembers(have, vals)
		if cur.Less(st) {
			if differ && !isQuiet(op.Bucket, k) && !cur.IsZero() && op.Base[k] != cur {
				s.conflicts = append(s.conflicts, Conflict{Kind: "edit", Bucket: op.Bucket, Key: op.Key, Field: k,
					Winner: st, Loser: cur, WinnerValue: vals, LoserValue: have})
			}
			setKey(op.Bucket, &raw, k, vals)
			e.st.setStamp(k, st)
			wrote = true
		} else if differ && !isQuiet(op.Bucket, k) {
			s.conflicts = append(s.conflicts, Conflict{Kind: "edit", Bucket: op.Bucket, Key: op.Key, Field: k,
				Winner: cur, Loser: st, WinnerValue: have, LoserValue: vals})
		}
		if !e.st.X && e.known && op.Exists == nil && !isQuiet(op.Bucket, k) && e.st.Seen[k].Less(st) {
			// An edit of a record deleted by someone who had not seen it.
			s.conflicts = append(s.conflicts, Conflict{Kind: "deleted", Bucket: op.Bucket, Key: op.Key, Field: k,
				Winner: e.st.XS, Loser: st, LoserValue: vals})
		}
	}
	if !e.known {
		// An edit of a record this desk has not seen created: keep its values, hidden,
		// until its creation arrives (the log's order makes that rare).
		e.known = true
	}
	s.setRaw(e, raw)
	if wrote {
		s.touch(e, false)
	} else {
		e.changed = true
	}
	if op.Bucket == "annotations" {
		s.annDirty[op.Key] = true
	}
	return nil
}

// holdsOwn reports whether the desk holds the effect of one of its own operations, or a
// later write of the same fields: always, unless its store was restored from an older
// backup.
func (s *session) holdsOwn(op *Op) bool {
	e := s.get(op.Bucket, op.Key)
	if !e.known {
		return false
	}
	st := op.Stamp()
	if op.Exists != nil && e.st.XS.Less(st) {
		return false
	}
	for _, k := range op.keys() {
		if s.stamp(e, k).Less(st) {
			return false
		}
	}
	return true
}

// sameMembers compares the members of one field key.
func sameMembers(a, b object) bool {
	if len(a) != len(b) {
		return false
	}
	for _, f := range a {
		v, ok := b.get(f.Name)
		if !ok || !sameJSON(v, f.Value) {
			return false
		}
	}
	return true
}

// applyPulled applies colleagues' operations in one store transaction and moves the
// pulled position to pulledTo in the same transaction; n counts the colleagues' ones.
// This desk's own operations come back in the log too. They were applied when they were
// made and are skipped — unless the store does not hold them (restored from a backup
// taken before them): then they bring back what this analyst had sent since. One's own
// earlier write losing to one's own later one is no conflict, so theirs are not reported.
func applyPulled(rt *annotate.ReplicaTx, ops []Op, pulledTo uint64) ([]Conflict, int, error) {
	s, err := newSession(rt)
	if err != nil {
		return nil, 0, err
	}
	s.remote = true
	n := 0
	for i := range ops {
		if ops[i].Coder != s.me {
			if err := s.applyRemote(&ops[i]); err != nil {
				return nil, 0, err
			}
			n++
			continue
		}
		if s.holdsOwn(&ops[i]) {
			continue // made here: applied when it was made
		}
		reported := len(s.conflicts)
		if err := s.applyRemote(&ops[i]); err != nil {
			return nil, 0, err
		}
		s.conflicts = s.conflicts[:reported]
	}
	if err := s.flush(); err != nil {
		return nil, 0, err
	}
	if pulledTo > u64(s.meta.Get([]byte(metaPulled))) {
		if err := s.meta.Put([]byte(metaPulled), u64b(pulledTo)); err != nil {
			return nil, 0, err
		}
	}
	return s.conflicts, n, nil
}
