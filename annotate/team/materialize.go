package team

import (
	"bytes"
	"encoding/json"
	"sort"

	"gloss.app/gloss/annotate"
)

// The materialisation rules: what a desk stores is a function of the raw values every
// desk converges to, so the stores converge too, whatever order operations arrive in.
//
//   - A deleted record is not stored (its last values are kept for an undo).
//   - An annotation is stored when its article is; its tags are its raw tags with each
//     deleted tag replaced by the tag its uses went to (a merge target), or dropped; with
//     no tag left it is not stored. Its span is re-found (like a new version of the text
//     would) when its quote is not at its offsets in the article's current text.
//   - A tag whose parent was deleted sits where the parent's sub-tags went; a cycle made
//     by two concurrent moves is broken by putting the tag moved last at the top level; a
//     hotkey claimed by two tags stays with the one that took it last.
//   - Sibling tags of the same name are one tag: the first created is stored, the others
//     are forwarded to it (see duplicates.go).

// tagTarget is where the uses of a tag go: itself when it exists (or is unknown here),
// the sibling of the same name it is one with (duplicates.go), the tag it was merged
// into when deleted with a forwarding, "" when its uses were dropped.
func (s *session) tagTarget(id string) string {
	for depth := 0; depth < 64; depth++ {
		e := s.get("tags", id)
		if e.st.X && e.st.Dup != "" && e.st.Dup != id {
			id = e.st.Dup // one with a sibling of the same name
			continue
		}
		if e.st.X || !e.known {
			return id
		}
		if e.st.Hint == nil || e.st.Hint.Into == "" {
			return ""
		}
		id = e.st.Hint.Into
	}
	return ""
}

// remapTags applies tagTarget as a retag by merge does: the tags that exist keep their
// order, the targets of deleted ones follow, without repeats.
func (s *session) remapTags(tags []string) []string {
	out := make([]string, 0, len(tags))
	has := map[string]bool{}
	for _, t := range tags {
		if s.tagTarget(t) == t && !has[t] {
			has[t] = true
			out = append(out, t)
		}
	}
	for _, t := range tags {
		if to := s.tagTarget(t); to != t && to != "" && !has[to] {
			has[to] = true
			out = append(out, to)
		}
	}
	return out
}

func (s *session) articleText(id string) []rune {
	if r, ok := s.textCache[id]; ok {
		return r
	}
	r := []rune(string(s.rt.Get("texts", id)))
	s.textCache[id] = r
	return r
}

// wantAnnotation materialises an annotation (see the rules above).
func (s *session) wantAnnotation(raw object) (object, string) {
	art := stringMember(raw, "article")
	if s.rt.Get("articles", art) == nil {
		return nil, "its article was deleted"
	}
	var tags []string
	if v, ok := raw.get("tags"); ok {
		json.Unmarshal(v, &tags)
	}
	mapped := s.remapTags(tags)
	if len(mapped) == 0 {
		return nil, "its tags were deleted"
	}
	out := raw.clone()
	if !equalStrings(tags, mapped) {
		out.set("tags", mustJSON(mapped))
	}
	var span struct {
		Start int    `json:"start"`
		End   int    `json:"end"`
		Exact string `json:"exact"`
	}
	json.Unmarshal(out.bytes(), &span)
	text := s.articleText(art)
	if span.Start >= 0 && span.Start < span.End && span.End <= len(text) && string(text[span.Start:span.End]) == span.Exact {
		return out, ""
	}
	var a annotate.Annotation
	if err := json.Unmarshal(out.bytes(), &a); err != nil {
		return out, ""
	}
	moved := annotate.RelocateAnnotation(text, a)
	b, _ := json.Marshal(moved)
	mo, err := parseObject(b)
	if err != nil {
		return out, ""
	}
	for _, name := range []string{"start", "end", "exact", "prefix", "suffix", "state"} {
		if v, ok := mo.get(name); ok {
			if cur, ok := out.get(name); !ok || !bytes.Equal(cur, v) {
				out.set(name, v)
			}
		}
	}
	return out, ""
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// liveTag is a tag of the codebook pass.
type liveTag struct {
	e      *entry
	raw    object
	parent string
	into   string // the sibling of the same name it is one with ("" when stored)
	// view is raw with the members chosen among the tags folded into this one, and
	// hotkeyFrom the tag whose hotkey it shows (nil: its own).
	view       object
	hotkeyFrom *entry
}

// materializeCodebook materialises every tag: parents of deleted tags forwarded, cycles
// broken, hotkeys made unique. The codebook is small (hundreds of tags): it is cheaper
// and safer to redo it whole than to follow what one change moves.
func (s *session) materializeCodebook() error {
	// Every tag the desk knows: from the state rows and from the store.
	prefix := []byte("tags\x00")
	c := s.state.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		s.get("tags", string(k[len(prefix):]))
	}
	s.rt.ForEach("tags", func(k, _ []byte) error {
		s.get("tags", string(k))
		return nil
	})
	live := map[string]*liveTag{}
	var ids []string
	for _, e := range s.recs {
		if e.bucket != "tags" {
			continue
		}
		raw, err := s.rawView(e)
		if err != nil {
			return err
		}
		if e.st.X && raw != nil {
			live[e.key] = &liveTag{e: e, raw: raw, parent: stringMember(raw, "parent")}
			ids = append(ids, e.key)
		}
	}
	sort.Strings(ids)
	// Forward parents that were deleted.
	for _, id := range ids {
		p := live[id].parent
		for depth := 0; p != "" && depth < 64; depth++ {
			if _, ok := live[p]; ok {
				break
			}
			e := s.get("tags", p)
			switch {
			case !e.known:
				p = "" // a parent never seen here: keep the tag visible at the top level
			case e.st.Hint != nil:
				p = e.st.Hint.Children
			default:
				raw, _ := s.rawView(e)
				p = stringMember(raw, "parent")
			}
		}
		if _, ok := live[p]; !ok {
			p = ""
		}
		live[id].parent = p
	}
	// Break cycles (two concurrent moves): the tag of the cycle whose parent was set last
	// goes to the top level.
	for _, id := range ids {
		for broken := true; broken; {
			broken = false
			pos := map[string]int{}
			var path []string
			for p := id; p != ""; p = live[p].parent {
				if i, ok := pos[p]; ok {
					cycle := path[i:]
					last := cycle[0]
					for _, t := range cycle[1:] {
						if s.stamp(live[last].e, "parent").Less(s.stamp(live[t].e, "parent")) {
							last = t
						}
					}
					live[last].parent = ""
					broken = true
					break
				}
				pos[p] = len(path)
				path = append(path, p)
			}
		}
	}
	// Sibling tags of the same name: one is stored, the others folded into it.
	s.foldDuplicates(live, ids)
	var shown []string
	for _, id := range ids {
		t := live[id]
		if t.view == nil {
			t.view = t.raw
		}
		if t.hotkeyFrom == nil {
			t.hotkeyFrom = t.e
		}
		if t.into == "" {
			shown = append(shown, id)
		}
	}
	// One tag per hotkey: the one that took it last.
	byKey := map[int]string{}
	hotkey := map[string]int{}
	for _, id := range shown {
		var k int
		if v, ok := live[id].view.get("hotkey"); ok {
			json.Unmarshal(v, &k)
		}
		hotkey[id] = k
		if k == 0 {
			continue
		}
		if other, ok := byKey[k]; !ok || s.stamp(live[other].hotkeyFrom, "hotkey").Less(s.stamp(live[id].hotkeyFrom, "hotkey")) {
			byKey[k] = id
		}
	}
	s.recordFolds(live)
	s.tagView = map[string]object{}
	for _, id := range shown {
		t := live[id]
		out := t.view.clone()
		if t.parent != stringMember(t.raw, "parent") {
			if t.parent == "" {
				out.del("parent")
			} else {
				out.set("parent", mustJSON(t.parent))
			}
		}
		if k := hotkey[id]; k != 0 && byKey[k] != id {
			out.del("hotkey")
		}
		s.tagView[id] = out
	}
	for _, rk := range append([]string(nil), s.order...) {
		if e := s.recs[rk]; e.bucket == "tags" {
			e.local = false
			if err := s.materialize(e); err != nil {
				return err
			}
		}
	}
	return nil
}
