package team

import (
	"bytes"
	"sort"

	"gloss.app/gloss/annotate"
)

// Sibling tags of the same name (two analysts created "Drone strikes" under "Military
// developments" offline, or one renamed or moved a tag to where a colleague had just
// made one of that name) are one tag on every desk, as the local codebook wants:
//
//   - Among live siblings whose names are the same for the codebook (annotate.SameTagName),
//     the one created first (existence stamp, ties by id) is stored; each other one is
//     folded into it: not stored, its uses and sub-tags go to it as to a merge target
//     (and sub-tags of the same name meet and fold in turn, as a merge would make them).
//   - The stored tag's name, colour, description and hotkey are, field by field, the
//     last one written among them — except that what a folded tag got at its creation
//     gives way to the stored tag's own value, so that at first the earliest tag looks
//     as it did and, like a merge, takes a folded tag's hotkey (or description) when it
//     has none. An edit made later, on either, wins as rule 2 would make it.
//   - It is a function of the tags' raw values: should the tags come apart (a colleague
//     who had not seen them together renames one), both are shown again, each with its
//     own uses. A local command that renames, moves or deletes the stored tag merges
//     the folded ones into it for good first (mergeFolded), so that they follow it; an
//     undo of the creation of a folded tag forwards its uses the same way (revertOne).

// foldKeys are the members of the stored tag chosen among the folded tags.
var foldKeys = []string{"name", "color", "description", "hotkey"}

// foldDuplicates decides which live tags are folded into a sibling: it sets into on
// them, replaces every tag's parent by the tag its parent is stored as, and gives each
// stored tag with folded siblings the members chosen among them (view, hotkeyFrom).
// Parents must already be forwarded and free of cycles.
func (s *session) foldDuplicates(live map[string]*liveTag, ids []string) {
	depth := map[string]int{}
	var depthOf func(id string) int
	depthOf = func(id string) int {
		if d, ok := depth[id]; ok {
			return d
		}
		depth[id] = 0 // a guard; the parents have no cycle
		d := 0
		if p := live[id].parent; p != "" {
			d = depthOf(p) + 1
		}
		depth[id] = d
		return d
	}
	levels := map[int][]string{}
	maxDepth := 0
	for _, id := range ids { // ids are sorted: so is each level
		d := depthOf(id)
		levels[d] = append(levels[d], id)
		maxDepth = max(maxDepth, d)
	}
	stored := func(id string) string {
		if t, ok := live[id]; ok && t.into != "" {
			return t.into
		}
		return id
	}
	type siblingName struct{ parent, key string }
	for d := 0; d <= maxDepth; d++ {
		groups := map[siblingName][]string{}
		var keys []siblingName
		for _, id := range levels[d] {
			t := live[id]
			t.parent = stored(t.parent) // a level up is decided: a folded parent's sub-tags go to the stored one
			name := stringMember(t.raw, "name")
			if name == "" {
				continue // its creation has not arrived: not stored anyway
			}
			k := siblingName{t.parent, annotate.TagNameKey(name)}
			if groups[k] == nil {
				keys = append(keys, k)
			}
			groups[k] = append(groups[k], id)
		}
		for _, k := range keys {
			g := groups[k]
			if len(g) < 2 {
				continue
			}
			byCreation(live, g)
			for _, id := range g[1:] {
				live[id].into = g[0]
			}
			s.foldFields(live, g)
		}
	}
}

// byCreation orders tags of one name first created first (existence stamp, ties by id):
// the first of a group is the one stored.
func byCreation(live map[string]*liveTag, ids []string) {
	sort.Slice(ids, func(i, j int) bool {
		a, b := live[ids[i]].e.st.XS, live[ids[j]].e.st.XS
		if a != b {
			return a.Less(b)
		}
		return ids[i] < ids[j]
	})
}

// foldFields gives the stored tag of a group (g[0]) its members chosen among the group.
func (s *session) foldFields(live map[string]*liveTag, g []string) {
	w := live[g[0]]
	w.view = w.raw.clone()
	for _, k := range foldKeys {
		best, bestRank, bestStamp := w, 0, Stamp{}
		for i, id := range g {
			t := live[id]
			st := s.stamp(t.e, k)
			rank := 2
			switch {
			case st.IsZero():
				rank = 0 // never written
			case i > 0 && st == t.e.st.XS:
				rank = 1 // a folded tag's value from its creation
			}
			if i == 0 || rank > bestRank || (rank == bestRank && bestStamp.Less(st)) {
				best, bestRank, bestStamp = t, rank, st
			}
		}
		if best != w {
			setKey("tags", &w.view, k, membersOf("tags", best.raw, k))
		}
		if k == "hotkey" {
			w.hotkeyFrom = best.e
		}
	}
}

// recordFolds keeps each tag's fold in its state, marks the annotations of the tags
// whose fold changed for materialising again, and reports the new ones.
func (s *session) recordFolds(live map[string]*liveTag) {
	for _, rk := range append([]string(nil), s.order...) {
		e := s.recs[rk]
		if e.bucket != "tags" {
			continue
		}
		into := ""
		if t, ok := live[e.key]; ok {
			into = t.into
		}
		if e.st.Dup == into {
			continue
		}
		e.st.Dup = into
		e.changed = true
		s.tagsTouched[e.key] = true
		if into != "" && s.remote {
			w, l := live[into], live[e.key]
			why := "met"
			if s.createdHere(w) && s.createdHere(l) {
				why = "created"
			}
			s.conflicts = append(s.conflicts, Conflict{Kind: "duplicate", Bucket: "tags", Key: into, Field: "name",
				Winner: s.placed(w), Loser: s.placed(l), WinnerValue: membersOf("tags", w.raw, "name"),
				LoserValue: membersOf("tags", l.raw, "name"), Why: why, Other: e.key})
		}
	}
}

// placed is the stamp of the last write that gave a tag its name or its parent: its
// creation, or the rename or move that brought it where it met a sibling of its name.
func (s *session) placed(t *liveTag) Stamp {
	n, p := s.stamp(t.e, "name"), s.stamp(t.e, "parent")
	if n.Less(p) {
		return p
	}
	return n
}

// createdHere reports whether a tag has the name and parent its creation gave it.
func (s *session) createdHere(t *liveTag) bool {
	x := t.e.st.XS
	return s.stamp(t.e, "name") == x && (s.stamp(t.e, "parent") == x || s.stamp(t.e, "parent").IsZero())
}

// foldedInto lists the live tags folded into a stored tag.
func (s *session) foldedInto(id string) []*entry {
	var out []*entry
	prefix := []byte("tags\x00")
	c := s.state.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if !bytes.Contains(v, []byte(`"u":`)) {
			continue
		}
		if e := s.get("tags", string(k[len(prefix):])); e.st.X && e.st.Dup == id {
			out = append(out, e)
		}
	}
	return out
}

// mergeFolded merges the tags folded into a stored tag into it for good (deletes them,
// their uses and sub-tags forwarded to it), as operations of the local step that renames,
// moves or deletes it: they then follow it wherever it goes, on every desk. The stored
// tag keeps what it showed of them (keepFoldedMembers).
func (s *session) mergeFolded(into string, stamp Stamp, stepID string) ([]Op, error) {
	var ops []Op
	folded := s.foldedInto(into)
	if w := s.get("tags", into); w.st.X && len(folded) > 0 {
		op, err := s.keepFoldedMembers(w, folded, stamp, stepID)
		if err != nil {
			return nil, err
		}
		if op != nil {
			ops = append(ops, *op)
		}
	}
	for _, e := range folded {
		raw, err := s.rawView(e)
		if err != nil {
			return nil, err
		}
		op := newOp(stamp, stepID, "tags", e.key)
		s.deleteLocally(&op, e, raw.clone(), &Hint{Into: into, Children: into}, stamp)
		ops = append(ops, op)
	}
	return ops, nil
}

// keepFoldedMembers writes into a stored tag, as an operation of the local step that
// merges its folded tags for good, the members it shows from them and does not hold
// itself (a hotkey or description it had none of, a colour or spelling written later on
// a folded one), except those the step wrote: they then stay once the folded tags are
// gone, on every desk and on one that joins later and never saw the tags together.
func (s *session) keepFoldedMembers(w *entry, folded []*entry, stamp Stamp, stepID string) (*Op, error) {
	raw, err := s.rawView(w)
	if err != nil || raw == nil {
		return nil, err
	}
	live := map[string]*liveTag{w.key: {e: w, raw: raw}}
	var rest []string
	for _, e := range folded {
		r, err := s.rawView(e)
		if err != nil {
			return nil, err
		}
		live[e.key] = &liveTag{e: e, raw: r}
		rest = append(rest, e.key)
	}
	byCreation(live, rest)
	s.foldFields(live, append([]string{w.key}, rest...))
	view := live[w.key].view
	op := newOp(stamp, stepID, "tags", w.key)
	next := raw.clone()
	for _, k := range foldKeys {
		want := membersOf("tags", view, k)
		if s.stamp(w, k) == stamp || sameObject(membersOf("tags", raw, k), want) {
			continue
		}
		s.writeField(&op, w, &next, k, want, stamp)
	}
	if len(op.Fields) == 0 && len(op.Cleared) == 0 {
		return nil, nil
	}
	s.setRaw(w, next)
	s.touch(w, false)
	return &op, nil
}

// mergeFoldedTags applies mergeFolded to every stored tag a local command renamed, moved
// or deleted. It runs after the command's tags are recorded and before its annotations,
// so that a retag by the command is seen to follow the folded tags' forwarding.
func (s *session) mergeFoldedTags(recs []annotate.Write, stamp Stamp, stepID string) ([]Op, error) {
	var out []Op
	for _, w := range recs {
		if w.Bucket != "tags" || w.Before == nil {
			continue
		}
		if w.After != nil {
			before, after, err := writeFields(w)
			if err != nil {
				return nil, err
			}
			moved := false
			for _, k := range changedKeys(w.Bucket, before, after) {
				moved = moved || k == "name" || k == "parent"
			}
			if !moved {
				continue
			}
			s.codebookDirty = true // the pass keeps the folds of every desk's codebook alike
		}
		ops, err := s.mergeFolded(w.Key, stamp, stepID)
		if err != nil {
			return nil, err
		}
		out = append(out, ops...)
	}
	return out, nil
}
