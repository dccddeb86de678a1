package team

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"

	"github.com/google/uuid"
	"gloss.app/gloss/annotate"
	bolt "go.etcd.io/bbolt"
)

// session is the replica's work inside one store transaction: the records it touched,
// what must be materialised again, the operations it made and the conflicts it found.
type session struct {
	rt     *annotate.ReplicaTx
	me     string
	hlc    uint64
	remote bool // applying colleagues' operations (conflicts reported) rather than local ones
	// command: a local command's writes, already valid in the store: only the bookkeeping
	// of raw values is needed for them, and the codebook is redone only when a tag came
	// or went.
	command bool

	meta, state, over, outbox *bolt.Bucket

	recs  map[string]*entry
	order []string

	codebookDirty   bool
	tagsTouched     map[string]bool // tags whose existence or forwarding changed
	articlesTouched map[string]bool // articles whose existence or text changed
	annDirty        map[string]bool
	annDeps         map[string]bool // annotations to materialise because what they depend on changed

	tagView   map[string]object // materialised tags, once the codebook pass ran
	textCache map[string][]rune

	ops       []Op
	conflicts []Conflict
	hidden    []Conflict // records hidden by this session (notes for a local undo)
}

// entry is one record as the session sees it.
type entry struct {
	bucket, key string
	st          recState
	known       bool   // a state row or a stored value exists
	stated      bool   // a state row exists
	raw         object // full raw view, when rawSet
	rawSet      bool
	changed     bool
	created     bool // a colleague's operation created it in this session
	local       bool // written by the local command of this session
}

func newSession(rt *annotate.ReplicaTx) (*session, error) {
	s := &session{rt: rt, recs: map[string]*entry{}, tagsTouched: map[string]bool{},
		articlesTouched: map[string]bool{}, annDirty: map[string]bool{}, annDeps: map[string]bool{}, textCache: map[string][]rune{}}
	var err error
	for _, b := range []struct {
		name string
		dst  **bolt.Bucket
	}{{bucketMeta, &s.meta}, {bucketState, &s.state}, {bucketOver, &s.over}, {bucketOutbox, &s.outbox}} {
		if *b.dst, err = rt.Bucket(b.name); err != nil {
			return nil, err
		}
	}
	s.me = string(s.meta.Get([]byte(metaCoder)))
	if s.me == "" {
		return nil, fmt.Errorf("the workspace's team link has no coder id")
	}
	s.hlc = u64(s.meta.Get([]byte(metaHLC)))
	return s, nil
}

// tick is the stamp of a new local step.
func (s *session) tick() Stamp {
	s.hlc = nextHLC(s.hlc, s.rt.Now())
	return Stamp{H: s.hlc, C: s.me}
}

// observe moves the clock past a colleague's operation.
func (s *session) observe(h uint64) {
	if h > s.hlc {
		s.hlc = h
	}
}

// get loads a record's entry.
func (s *session) get(bucket, key string) *entry {
	rk := stateKey(bucket, key)
	if e, ok := s.recs[rk]; ok {
		return e
	}
	e := &entry{bucket: bucket, key: key}
	if raw := s.state.Get([]byte(rk)); raw != nil {
		if err := json.Unmarshal(raw, &e.st); err == nil {
			e.known, e.stated = true, true
		}
	}
	if !e.known && s.rt.Get(bucket, key) != nil {
		// A record from before the link (or whose state was lost): it exists, stamped
		// with nothing, so any operation on it wins.
		e.known, e.st.X = true, true
	}
	s.recs[rk] = e
	s.order = append(s.order, rk)
	return e
}

// rawView is the record's raw value: the stored record with the raw values that differ
// laid over it, or the kept values when it is not stored. nil when nothing is known.
func (s *session) rawView(e *entry) (object, error) {
	if e.rawSet {
		return e.raw, nil
	}
	stored := s.rt.Get(e.bucket, e.key)
	var o object
	if stored != nil {
		var err error
		if o, err = recordFields(e.bucket, stored); err != nil {
			return nil, err
		}
		o = e.st.overRaw(o)
	} else if e.st.Raw != nil {
		o = e.st.Raw.clone()
	}
	e.raw, e.rawSet = o, true
	return o, nil
}

// fieldKeys lists the field keys a record has a value or a stamp for: its members', and
// those written absent (a cleared note keeps the stamp of its clearing).
func (s *session) fieldKeys(e *entry, raw object) []string {
	keys := keysOf(e.bucket, raw)
	seen := map[string]bool{}
	for _, k := range keys {
		seen[k] = true
	}
	var extra []string
	for k := range e.st.F {
		if !seen[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	return append(keys, extra...)
}

// stamp is the stamp of a record's field key (see recState.stampIn).
func (s *session) stamp(e *entry, k string) Stamp {
	if k == existenceKey {
		return e.st.XS
	}
	raw, _ := s.rawView(e)
	return e.st.stampIn(k, len(membersOf(e.bucket, raw, k)) > 0)
}

func (s *session) setRaw(e *entry, o object) {
	e.raw, e.rawSet, e.changed = o, true, true
}

// emit appends a local operation to the outbox.
func (s *session) emit(op Op) error {
	next := u64(s.meta.Get([]byte(metaOutboxNext)))
	if next == 0 {
		next = 1
	}
	if err := s.outbox.Put(u64b(next), mustJSON(op)); err != nil {
		return err
	}
	s.ops = append(s.ops, op)
	for k, d := range map[string]uint64{metaOutboxNext: next + 1, metaOutboxLen: u64(s.meta.Get([]byte(metaOutboxLen))) + 1,
		metaOpsMade: u64(s.meta.Get([]byte(metaOpsMade))) + 1} {
		if err := s.meta.Put([]byte(k), u64b(d)); err != nil {
			return err
		}
	}
	return nil
}

func newOp(st Stamp, step, bucket, key string) Op {
	return Op{ID: uuid.NewString(), Coder: st.C, HLC: st.H, Step: step, Bucket: bucket, Key: key, Body: Body{Base: map[string]Stamp{}}}
}

// touch notes what depends on a change of the record.
func (s *session) touch(e *entry, existence bool) {
	e.changed = true
	switch e.bucket {
	case "tags":
		if existence || !s.command {
			s.codebookDirty = true
		}
		if existence {
			s.tagsTouched[e.key] = true
		}
	case "articles":
		if existence {
			s.articlesTouched[e.key] = true
		}
	case "texts":
		s.articlesTouched[e.key] = true
	case "annotations":
		s.annDirty[e.key] = true
	}
}

// flush materialises what changed and what depends on it, then saves the states, the
// clock and the conflicts.
func (s *session) flush() error {
	// Records other than tags and annotations: they depend on nothing.
	for _, rk := range s.order {
		e := s.recs[rk]
		if e.changed && e.bucket != "tags" && e.bucket != "annotations" {
			if err := s.settle(e); err != nil {
				return err
			}
		}
	}
	if s.codebookDirty {
		if err := s.materializeCodebook(); err != nil {
			return err
		}
	} else {
		for _, rk := range s.order {
			if e := s.recs[rk]; e.changed && e.bucket == "tags" {
				if err := s.settle(e); err != nil {
					return err
				}
			}
		}
	}
	if err := s.collectDependents(); err != nil {
		return err
	}
	ids := make([]string, 0, len(s.annDirty)+len(s.annDeps))
	for id := range s.annDirty {
		ids = append(ids, id)
	}
	for id := range s.annDeps {
		if !s.annDirty[id] {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	for _, id := range ids {
		e := s.get("annotations", id)
		if s.annDeps[id] {
			e.local = false
		}
		if err := s.settle(e); err != nil {
			return err
		}
	}
	for _, rk := range s.order {
		e := s.recs[rk]
		if !e.changed {
			continue
		}
		raw, _ := s.rawView(e)
		e.st.compact(keysOf(e.bucket, raw))
		if err := s.state.Put([]byte(rk), mustJSON(e.st)); err != nil {
			return err
		}
		if (len(e.st.Raw) > 0 || len(e.st.Gone) > 0) && e.st.X {
			// Listed: an existing record whose stored form differs from its raw values
			// (hidden, or forwarded): what it depends on may change that. A deleted one
			// stays deleted whatever happens to its article or tags.
			art := e.key
			if e.bucket == "annotations" {
				art = stringMember(e.raw, "article")
			}
			if err := s.over.Put([]byte(rk), []byte(art)); err != nil {
				return err
			}
		} else if err := s.over.Delete([]byte(rk)); err != nil {
			return err
		}
	}
	if err := s.meta.Put([]byte(metaHLC), u64b(s.hlc)); err != nil {
		return err
	}
	return s.saveConflicts()
}

// collectDependents marks the annotations that may look different because a tag or an
// article appeared, disappeared, moved its uses or changed its text.
func (s *session) collectDependents() error {
	if len(s.tagsTouched) == 0 && len(s.articlesTouched) == 0 {
		return nil
	}
	// Annotations whose raw values differ or which are hidden: few, listed in team_over.
	prefix := []byte("annotations\x00")
	c := s.over.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if len(s.tagsTouched) > 0 || s.articlesTouched[string(v)] {
			s.annDeps[string(k[len(prefix):])] = true
		}
	}
	for tag := range s.tagsTouched {
		for _, art := range s.rt.ArticlesUsingTag(tag) {
			for _, id := range s.rt.AnnotationIDsOf(art) {
				s.annDeps[id] = true
			}
		}
	}
	for art := range s.articlesTouched {
		for _, id := range s.rt.AnnotationIDsOf(art) {
			s.annDeps[id] = true
		}
	}
	return nil
}

// settle materialises a record, or, for one a local command just wrote (the store holds
// what the rules would make of it), only keeps its raw values that differ.
func (s *session) settle(e *entry) error {
	if !e.local {
		return s.materialize(e)
	}
	raw, err := s.rawView(e)
	if err != nil {
		return err
	}
	stored, err := recordFields(e.bucket, s.rt.Get(e.bucket, e.key))
	if err != nil {
		return err
	}
	s.keepRaw(e, raw, stored)
	return nil
}

// keepRaw keeps the raw values that differ from the stored record (all of them when it
// is not stored) and the names of the stored members the raw record lacks.
func (s *session) keepRaw(e *entry, raw, stored object) {
	before, goneBefore := e.st.Raw, e.st.Gone
	e.st.Raw, e.st.Gone = nil, nil
	if stored == nil {
		e.st.Raw = raw
	} else {
		for _, f := range raw {
			if v, ok := stored.get(f.Name); !ok || !bytes.Equal(v, f.Value) {
				e.st.Raw = append(e.st.Raw, f)
			}
		}
		for _, f := range stored {
			if _, ok := raw.get(f.Name); !ok && !slices.Contains(e.st.Gone, f.Name) {
				e.st.Gone = append(e.st.Gone, f.Name)
			}
		}
	}
	if !e.changed && (!sameObject(before, e.st.Raw) || !slices.Equal(goneBefore, e.st.Gone)) {
		e.changed = true
	}
}

// materialize writes the record as the rules make it from its raw value (or removes it
// when it is deleted or hidden), and keeps the raw values that differ.
func (s *session) materialize(e *entry) error {
	raw, err := s.rawView(e)
	if err != nil {
		return err
	}
	if !annotate.IsShared(e.bucket) {
		// A kind of record a newer Gloss shares and this one does not know: keep its
		// values and stamps, so nothing is lost and a newer build can show it.
		s.keepRaw(e, raw, nil)
		return nil
	}
	want, why := s.want(e, raw)
	stored := s.rt.Get(e.bucket, e.key)
	var wantBytes []byte
	if want != nil {
		wantBytes = recordValue(e.bucket, want)
	}
	if e.st.X && want == nil && raw != nil && (stored != nil || e.created) && e.st.Dup == "" {
		h := Conflict{Kind: "hidden", Bucket: e.bucket, Key: e.key, Loser: e.st.XS, Why: why}
		s.hidden = append(s.hidden, h)
		if s.remote {
			s.conflicts = append(s.conflicts, h)
		}
	}
	if !bytes.Equal(stored, wantBytes) || (stored == nil) != (wantBytes == nil) {
		if err := s.rt.Put(e.bucket, e.key, wantBytes); err != nil {
			return fmt.Errorf("write %s %s: %w", e.bucket, e.key, err)
		}
	}
	s.keepRaw(e, raw, want)
	return nil
}

func sameObject(a, b object) bool { return bytes.Equal(a.bytes(), b.bytes()) }

// want is the materialised record ("" reason) or nil with the reason it is not shown.
func (s *session) want(e *entry, raw object) (object, string) {
	if !e.st.X || raw == nil {
		return nil, "deleted"
	}
	for _, m := range requiredMembers[e.bucket] {
		if v, ok := raw.get(m); !ok || string(v) == `""` || string(v) == "null" {
			// Only a creation's operation, not yet here, has it.
			return nil, "its creation has not arrived"
		}
	}
	switch e.bucket {
	case "annotations":
		return s.wantAnnotation(raw)
	case "tags":
		if e.st.Dup != "" {
			return nil, "it is one with its sibling of the same name"
		}
		if s.tagView != nil {
			if v, ok := s.tagView[e.key]; ok {
				return v, ""
			}
		}
		return raw, ""
	}
	return raw, ""
}

func stringMember(o object, name string) string {
	v, ok := o.get(name)
	if !ok {
		return ""
	}
	var s string
	json.Unmarshal(v, &s)
	return s
}

func (s *session) saveConflicts() error {
	if len(s.conflicts) == 0 {
		return nil
	}
	b, err := s.rt.Bucket(bucketConflicts)
	if err != nil {
		return err
	}
	n := u64(s.meta.Get([]byte(metaConflictN)))
	for _, c := range s.conflicts {
		n++
		if err := b.Put(u64b(n), mustJSON(c)); err != nil {
			return err
		}
	}
	// Keep the most recent ones: the server's log has every losing operation anyway.
	for k, _ := b.Cursor().First(); k != nil && u64(k)+maxKeptConflicts <= n; k, _ = b.Cursor().First() {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return s.meta.Put([]byte(metaConflictN), u64b(n))
}

// maxKeptConflicts bounds the conflicts a workspace keeps for `gloss team status` and the
// window (a variable so the drill can keep all).
var maxKeptConflicts uint64 = 10000
