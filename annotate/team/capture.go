package team

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"gloss.app/gloss/annotate"
)

// replica implements annotate.Replica for a workspace linked to a team project.
type replica struct{}

func init() {
	annotate.RegisterReplica(func(ws *annotate.Workspace) (annotate.Replica, error) { return replica{}, nil })
}

// coalesce joins the writes of one record: its first before and its last after, in the
// order the records were first written.
func coalesce(writes []annotate.Write) []annotate.Write {
	var out []annotate.Write
	at := map[string]int{}
	for _, w := range writes {
		if !annotate.IsShared(w.Bucket) {
			continue
		}
		rk := stateKey(w.Bucket, w.Key)
		if i, ok := at[rk]; ok {
			out[i].After = w.After
			continue
		}
		at[rk] = len(out)
		out = append(out, w)
	}
	return out
}

// Captured turns a local command's writes into operations in the outbox and stamps the
// fields it wrote, in the command's own transaction.
func (replica) Captured(rt *annotate.ReplicaTx, step annotate.LocalStep) error {
	s, err := newSession(rt)
	if err != nil {
		return err
	}
	s.command = true
	stamp := s.tick()
	stepID := uuid.NewString()
	recs := coalesce(step.Writes)
	retired := map[string]annotate.RetiredTag{}
	for _, r := range step.Retired {
		retired[r.ID] = r
	}
	ops := make([]*Op, len(recs))
	// Tags first, so that the annotations' changes are compared with the codebook as the
	// command left it (a retag by merge is then seen as following the merge).
	var folded []Op
	for pass := 0; pass < 2; pass++ {
		if pass == 1 {
			if folded, err = s.mergeFoldedTags(recs, stamp, stepID); err != nil {
				return err
			}
		}
		for i, w := range recs {
			if (w.Bucket == "tags") != (pass == 0) {
				continue
			}
			if ops[i], err = s.localWrite(w, stamp, stepID, retired); err != nil {
				return err
			}
		}
	}
	for i := range folded {
		ops = append(ops, &folded[i])
	}
	first := true
	for _, op := range ops {
		if op == nil {
			continue
		}
		if first {
			op.Label, first = step.Label, false
		}
		if err := s.emit(*op); err != nil {
			return err
		}
	}
	return s.flush()
}

// writeFields splits a write's values into their fields.
func writeFields(w annotate.Write) (before, after object, err error) {
	if before, err = recordFields(w.Bucket, w.Before); err != nil {
		return nil, nil, err
	}
	after, err = recordFields(w.Bucket, w.After)
	return before, after, err
}

// localWrite records one record's change by a local command and returns its operation
// (nil when nothing of it is to be sent).
func (s *session) localWrite(w annotate.Write, stamp Stamp, stepID string, retired map[string]annotate.RetiredTag) (*Op, error) {
	e := s.get(w.Bucket, w.Key)
	e.local = s.command
	before, after, err := writeFields(w)
	if err != nil {
		return nil, err
	}
	op := newOp(stamp, stepID, w.Bucket, w.Key)
	if before != nil {
		// The store already holds the command's result: the stamps are read against the
		// record as it was.
		raw, err := s.rawBefore(e, before)
		if err != nil {
			return nil, err
		}
		e.raw, e.rawSet = raw, true
	}
	switch {
	case before == nil && after == nil:
		return nil, nil
	case before == nil: // created (or created again over a deleted one)
		if w.Bucket == "annotations" && stringMember(after, "coder") == "" {
			// Each annotation keeps its coder: blind coding and agreement need it.
			after.set("coder", mustJSON(s.me))
			if err := s.rt.Put(w.Bucket, w.Key, recordValue(w.Bucket, after)); err != nil {
				return nil, err
			}
		}
		t := true
		op.Exists, op.Fields = &t, after
		s.setBase(&op, e, existenceKey)
		for _, k := range keysOf(w.Bucket, after) {
			s.setBase(&op, e, k)
		}
		revived := e.stated
		e.st = recState{X: true, XS: stamp, Def: stamp}
		e.known = true
		s.setRaw(e, after.clone())
		// A record never seen before has nothing depending on it; one created again (an
		// article imported again after a delete) may bring hidden ones back.
		s.touch(e, revived)
	case after == nil: // deleted
		raw, err := s.rawBefore(e, before)
		if err != nil {
			return nil, err
		}
		var hint *Hint
		if r, ok := retired[w.Key]; ok && w.Bucket == "tags" {
			hint = &Hint{Into: r.Into, Children: r.ChildrenTo}
		}
		s.deleteLocally(&op, e, raw, hint, stamp)
	default:
		raw, err := s.rawBefore(e, before)
		if err != nil {
			return nil, err
		}
		next := raw.clone()
		for _, k := range changedKeys(w.Bucket, before, after) {
			vals := membersOf(w.Bucket, after, k)
			if len(retired) > 0 && s.followsRetirement(e, raw, after, k) {
				continue // the rules make this change on every desk: keep the raw value
			}
			s.writeField(&op, e, &next, k, vals, stamp)
		}
		s.setRaw(e, next)
		if len(op.Fields) == 0 && len(op.Cleared) == 0 {
			return nil, nil
		}
		s.touch(e, false)
	}
	return &op, nil
}

// deleteLocally makes a local operation delete a record whose raw value is raw, with
// the bases and seen stamps of every field, and hint for a tag.
func (s *session) deleteLocally(op *Op, e *entry, raw object, hint *Hint, stamp Stamp) {
	f := false
	op.Exists = &f
	s.setBase(op, e, existenceKey)
	seen := map[string]Stamp{}
	for _, k := range s.fieldKeys(e, raw) {
		s.setBase(op, e, k)
		seen[k] = s.stamp(e, k)
	}
	op.Hint = hint
	e.st.X, e.st.XS, e.st.Hint, e.st.Seen = false, stamp, hint, seen
	s.setRaw(e, raw)
	s.touch(e, true)
}

// writeField makes a local operation write field key k: its members in the record's raw
// value next, in the operation (or its Cleared list), with the base it overwrites, and
// the record's stamp for k.
func (s *session) writeField(op *Op, e *entry, next *object, k string, vals object, stamp Stamp) {
	setKey(e.bucket, next, k, vals)
	if len(vals) == 0 {
		op.Cleared = append(op.Cleared, k)
	}
	op.Fields = append(op.Fields, vals...)
	s.setBase(op, e, k)
	e.st.setStamp(k, stamp)
}

func (s *session) setBase(op *Op, e *entry, k string) {
	if st := s.stamp(e, k); !st.IsZero() {
		op.Base[k] = st
	}
}

// rawBefore is the record's raw value before a local write: its stored value then, with
// the raw values that differ laid over it and the members it lacks taken out.
func (s *session) rawBefore(e *entry, before object) (object, error) {
	return e.st.overRaw(before.clone()), nil
}

// followsRetirement reports whether a field change is what the materialisation rules
// make of the raw value now that the command deleted tags (a retag by merge, sub-tags
// moved under the merge target): such a change is not sent, so that it does not
// overwrite a colleague's concurrent edit of the field.
func (s *session) followsRetirement(e *entry, raw, after object, k string) bool {
	switch {
	case e.bucket == "annotations" && k == "tags":
		var tags, now []string
		if v, ok := raw.get("tags"); ok {
			json.Unmarshal(v, &tags)
		}
		if v, ok := after.get("tags"); ok {
			json.Unmarshal(v, &now)
		}
		return len(now) > 0 && equalStrings(s.remapTags(tags), now)
	case e.bucket == "tags" && k == "parent":
		p := stringMember(raw, "parent")
		for depth := 0; p != "" && depth < 64; depth++ {
			pe := s.get("tags", p)
			if pe.st.X || !pe.known || pe.st.Hint == nil {
				break
			}
			p = pe.st.Hint.Children
		}
		return p != stringMember(raw, "parent") && p == stringMember(after, "parent")
	}
	return false
}

// Revert undoes or redoes one of this desk's own steps, field by field: a field (or the
// record's existence) goes back only while the value there is this desk's; what a
// colleague wrote since stays, and a note says so.
func (replica) Revert(rt *annotate.ReplicaTx, writes []annotate.Write, undo bool) ([]string, error) {
	s, err := newSession(rt)
	if err != nil {
		return nil, err
	}
	stamp := s.tick()
	stepID := uuid.NewString()
	names := s.coderNames()
	var notes []string
	for _, w := range coalesce(writes) {
		from, target := w.After, w.Before
		if !undo {
			from, target = w.Before, w.After
		}
		op, kept, err := s.revertOne(w.Bucket, w.Key, from, target, stamp, stepID)
		if err != nil {
			return nil, err
		}
		for _, k := range kept {
			notes = append(notes, fmt.Sprintf("kept %s's %s", names.name(k.coder), k.what))
		}
		if op != nil {
			if err := s.emit(*op); err != nil {
				return nil, err
			}
		}
	}
	if err := s.flush(); err != nil {
		return nil, err
	}
	hidden := 0
	for _, h := range s.hidden {
		if h.Bucket == "annotations" {
			hidden++
		}
	}
	if hidden > 0 {
		notes = append(notes, fmt.Sprintf("%d of your colleagues' annotations are hidden until what they depend on comes back", hidden))
	}
	return notes, nil
}

type keptField struct{ coder, what string }

// revertOne moves one record from its value `from` back to `target`, field by field.
func (s *session) revertOne(bucket, key string, fromV, targetV []byte, stamp Stamp, stepID string) (*Op, []keptField, error) {
	e := s.get(bucket, key)
	from, err := recordFields(bucket, fromV)
	if err != nil {
		return nil, nil, err
	}
	target, err := recordFields(bucket, targetV)
	if err != nil {
		return nil, nil, err
	}
	raw, err := s.rawView(e)
	if err != nil {
		return nil, nil, err
	}
	mine := func(k string) bool {
		st := s.stamp(e, k)
		return st.IsZero() || st.C == s.me
	}
	what := func(k string) string {
		if k == existenceKey {
			if e.st.X {
				return "restoration of " + describeRecord(bucket, raw, target)
			}
			return "deletion of " + describeRecord(bucket, raw, target)
		}
		return describeField(bucket, k, raw, target)
	}
	op := newOp(stamp, stepID, bucket, key)
	var kept []keptField
	switch {
	case from == nil && target == nil:
		return nil, nil, nil
	case target == nil: // the step created the record: remove it
		if !e.st.X {
			return nil, nil, nil
		}
		if !mine(existenceKey) {
			return nil, []keptField{{e.st.XS.C, what(existenceKey)}}, nil
		}
		f := false
		op.Exists = &f
		s.setBase(&op, e, existenceKey)
		seen := map[string]Stamp{}
		for _, k := range s.fieldKeys(e, raw) {
			s.setBase(&op, e, k)
			seen[k] = s.stamp(e, k)
		}
		if bucket == "tags" && e.st.Hint != nil {
			op.Hint = e.st.Hint
		}
		if bucket == "tags" && e.st.Dup != "" {
			// Undoing the creation of a tag folded into a colleague's of the same name:
			// what was made with it stays on theirs (duplicates.go).
			op.Hint = &Hint{Into: e.st.Dup, Children: e.st.Dup}
			e.st.Hint = op.Hint
		}
		e.st.X, e.st.XS, e.st.Seen = false, stamp, seen
		if raw == nil {
			raw = from.clone()
		}
		s.setRaw(e, raw)
		s.touch(e, true)
	case from == nil: // the step deleted the record: bring it back
		if e.st.X {
			return nil, nil, nil
		}
		if !mine(existenceKey) {
			return nil, []keptField{{e.st.XS.C, what(existenceKey)}}, nil
		}
		t := true
		op.Exists = &t
		s.setBase(&op, e, existenceKey)
		next := raw.clone()
		if next == nil {
			next = object{}
		}
		// The values kept since the delete hold colleagues' concurrent edits: keep them,
		// and fill what is missing from the step's record.
		for _, k := range keysOf(bucket, target) {
			if len(membersOf(bucket, next, k)) == 0 {
				s.writeField(&op, e, &next, k, membersOf(bucket, target, k), stamp)
			}
		}
		if bucket == "annotations" && stringMember(next, "coder") == "" {
			next.set("coder", mustJSON(s.me))
		}
		e.st.X, e.st.XS, e.st.Seen = true, stamp, nil
		s.setRaw(e, next)
		s.touch(e, true)
	default:
		next := raw.clone()
		if next == nil {
			next = from.clone()
		}
		if !e.st.X && !mine(existenceKey) {
			kept = append(kept, keptField{e.st.XS.C, what(existenceKey)})
		}
		for _, k := range changedKeys(bucket, from, target) {
			if !mine(k) {
				if !isQuiet(bucket, k) { // bookkeeping (a modification time) is not worth a note
					kept = append(kept, keptField{s.stamp(e, k).C, what(k)})
				}
				continue
			}
			vals := membersOf(bucket, target, k)
			if sameObject(membersOf(bucket, next, k), vals) {
				continue
			}
			s.writeField(&op, e, &next, k, vals, stamp)
		}
		s.setRaw(e, next)
		if len(op.Fields) == 0 && len(op.Cleared) == 0 {
			return nil, kept, nil
		}
		s.touch(e, false)
	}
	return &op, kept, nil
}

// describeRecord names a record for a note: "annotation 'quote…'".
func describeRecord(bucket string, raw, alt object) string {
	if raw == nil {
		raw = alt
	}
	switch bucket {
	case "annotations":
		return fmt.Sprintf("annotation '%s'", shorten(stringMember(raw, "exact"), 30))
	case "tags":
		return fmt.Sprintf("tag '%s'", stringMember(raw, "name"))
	case "articles":
		return fmt.Sprintf("article '%s'", shorten(stringMember(raw, "title"), 40))
	case "texts":
		return "an article's text"
	}
	return strings.TrimSuffix(bucket, "s")
}

// describeField names a field of a record for a note: "note on annotation 'quote…'".
func describeField(bucket, k string, raw, alt object) string {
	thing := describeRecord(bucket, raw, alt)
	switch k {
	case "anchor":
		return "span of " + thing
	case "tags":
		return "tags on " + thing
	case "note":
		return "note on " + thing
	case "":
		return thing
	}
	return k + " of " + thing
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// coderNames maps coder ids to names (from the project's coder list as last pulled).
type coderNames map[string]string

func (n coderNames) name(id string) string {
	if v, ok := n[id]; ok && v != "" {
		return v
	}
	if len(id) > 8 {
		return "coder " + id[:8]
	}
	return "coder " + id
}

func (s *session) coderNames() coderNames {
	out := coderNames{}
	b, err := s.rt.Bucket(bucketCoders)
	if err != nil || b == nil {
		return out
	}
	b.ForEach(func(k, v []byte) error {
		out[string(k)] = string(v)
		return nil
	})
	return out
}
