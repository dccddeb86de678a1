package annotate

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// PathSeparator joins tag names into a path such as "Military developments/Energy attacks".
const PathSeparator = "/"

var colorPattern = regexp.MustCompile(`^#[0-9A-Fa-f]{6}$`)

// ValidColor reports whether c is a #RRGGBB colour.
func ValidColor(c string) bool { return colorPattern.MatchString(c) }

// Codebook is a read-only snapshot of the tag tree.
type Codebook struct {
	tags     []Tag // sorted by path
	byID     map[string]Tag
	children map[string][]string // parent id ("" for roots) → child ids in name order
}

// NewCodebook builds a snapshot from tags in any order. A tag whose parent is missing
// (or that sits in a parent cycle, which the commands never make) is shown as a root so
// that it can never vanish from the tree.
func NewCodebook(tags []Tag) *Codebook {
	cb := &Codebook{byID: make(map[string]Tag, len(tags)), children: map[string][]string{}}
	for _, t := range tags {
		cb.byID[t.ID] = t
	}
	for id, t := range cb.byID {
		if _, ok := cb.byID[t.ParentID]; !ok || t.ParentID == id {
			t.ParentID = ""
			cb.byID[id] = t
		}
		cb.children[t.ParentID] = append(cb.children[t.ParentID], id)
	}
	for _, ids := range cb.children {
		sort.Slice(ids, func(i, j int) bool {
			a, b := cb.byID[ids[i]], cb.byID[ids[j]]
			if la, lb := strings.ToLower(a.Name), strings.ToLower(b.Name); la != lb {
				return la < lb
			}
			return a.ID < b.ID
		})
	}
	seen := make(map[string]bool, len(cb.byID))
	var walk func(parent string)
	walk = func(parent string) {
		for _, id := range cb.children[parent] {
			if seen[id] {
				continue
			}
			seen[id] = true
			cb.tags = append(cb.tags, cb.byID[id])
			walk(id)
		}
	}
	walk("")
	if len(cb.tags) < len(cb.byID) { // a cycle: break it at its smallest id
		var rest []string
		for id := range cb.byID {
			if !seen[id] {
				rest = append(rest, id)
			}
		}
		sort.Strings(rest)
		for _, id := range rest {
			if !seen[id] {
				t := cb.byID[id]
				t.ParentID = ""
				cb.byID[id] = t
				cb.children[""] = append(cb.children[""], id)
				seen[id] = true
				cb.tags = append(cb.tags, t)
				walk(id)
			}
		}
	}
	return cb
}

// Tags returns every tag, depth-first in name order (parents before children).
func (cb *Codebook) Tags() []Tag { return append([]Tag(nil), cb.tags...) }

// Len is the number of tags.
func (cb *Codebook) Len() int { return len(cb.tags) }

// Tag returns the tag with the id.
func (cb *Codebook) Tag(id string) (Tag, bool) {
	t, ok := cb.byID[id]
	return t, ok
}

// known returns the tag with id, or an error that says the codebook has none (commands
// name their tags by id).
func (cb *Codebook) known(id string) (Tag, error) {
	t, ok := cb.byID[id]
	if !ok {
		return Tag{}, notFoundf("no tag %s in the codebook", id)
	}
	return t, nil
}

// Children returns the direct children of a tag ("" for the roots).
func (cb *Codebook) Children(id string) []Tag {
	var out []Tag
	for _, c := range cb.children[id] {
		out = append(out, cb.byID[c])
	}
	return out
}

// Depth is 0 for a root tag, 1 for its children and so on.
func (cb *Codebook) Depth(id string) int {
	d := 0
	for t, ok := cb.byID[id]; ok && t.ParentID != ""; t, ok = cb.byID[t.ParentID] {
		d++
		if d > len(cb.byID) {
			break
		}
	}
	return d
}

// Path returns the tag's full path, names joined by PathSeparator.
func (cb *Codebook) Path(id string) string { return strings.Join(cb.pathNames(id), PathSeparator) }

// Descendants returns the ids of the tag and every tag below it.
func (cb *Codebook) Descendants(id string) []string {
	out := []string{id}
	for i := 0; i < len(out); i++ {
		out = append(out, cb.children[out[i]]...)
	}
	return out
}

// IsDescendant reports whether id is ancestor or lies below it.
func (cb *Codebook) IsDescendant(id, ancestor string) bool {
	for t, ok := cb.byID[id]; ok; t, ok = cb.byID[t.ParentID] {
		if t.ID == ancestor {
			return true
		}
		if t.ParentID == "" {
			break
		}
	}
	return false
}

// ByHotkey returns the tag bound to digit 1–9.
func (cb *Codebook) ByHotkey(digit int) (Tag, bool) {
	for _, t := range cb.tags {
		if t.Hotkey == digit && digit != 0 {
			return t, true
		}
	}
	return Tag{}, false
}

// Resolve finds a tag by id, by name (case-insensitive) or by path "Parent/Child". A
// path may also be the tail of the full path ("Energy attacks", "Military
// developments/Energy attacks"); a leading "/" anchors it at the top level ("/Energy
// attacks" is the root tag of that name, "/Military developments/Energy attacks" the full
// path from the top). Spaces around "/" do not matter. A reference matching several tags
// is an *AmbiguousTagError that lists, for each, its full path in a form that names it
// alone (see UniqueRef).
func (cb *Codebook) Resolve(ref string) (Tag, error) {
	t, matches, err := cb.resolve(ref)
	if err != nil || len(matches) == 0 {
		return t, err
	}
	e := &AmbiguousTagError{Ref: strings.TrimSpace(ref)}
	for _, m := range matches {
		e.Paths = append(e.Paths, cb.Path(m.ID))
		e.Refs = append(e.Refs, cb.UniqueRef(m.ID))
	}
	return Tag{}, e
}

// AmbiguousTagError is a tag reference that matches several tags.
type AmbiguousTagError struct {
	Ref   string
	Paths []string // the full path of each tag it matches
	Refs  []string // for each, a reference that names that tag alone (never Ref): see UniqueRef
}

func (e *AmbiguousTagError) Error() string {
	return fmt.Sprintf("tag name %q is ambiguous (%d tags have it): write %s", e.Ref, len(e.Refs), quoteList(e.Refs))
}

func (e *AmbiguousTagError) Unwrap() error { return ErrInvalid }

func quoteList(refs []string) string {
	q := make([]string, len(refs))
	for i, r := range refs {
		q[i] = "\"" + r + "\""
	}
	if len(q) <= 2 {
		return strings.Join(q, " or ")
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// UniqueRef is the reference Resolve always takes for the tag alone: its full path,
// with a leading "/" for a top-level tag ("/Energy attacks"), whose bare name may be
// shared with tags further down. A full path of two names or more names one tag only, as
// names are unique among siblings.
func (cb *Codebook) UniqueRef(id string) string {
	path := cb.Path(id)
	if cb.Depth(id) == 0 {
		return PathSeparator + path
	}
	return path
}

// resolve is Resolve; when ref matches several tags it returns them (and no error).
func (cb *Codebook) resolve(ref string) (Tag, []Tag, error) {
	ref = strings.TrimSpace(ref)
	if t, ok := cb.byID[ref]; ok {
		return t, nil, nil
	}
	rel := strings.TrimPrefix(ref, PathSeparator)
	absolute := rel != ref
	parts := strings.Split(rel, PathSeparator)
	for i, p := range parts {
		parts[i] = strings.Join(strings.Fields(p), " ")
		if parts[i] == "" {
			if ref == "" {
				return Tag{}, nil, invalidf("empty tag name")
			}
			return Tag{}, nil, invalidf("tag path %q has an empty name in it", ref)
		}
	}
	var full, tail []Tag
	for _, t := range cb.tags {
		names := cb.pathNames(t.ID)
		if len(names) < len(parts) {
			continue
		}
		names = names[len(names)-len(parts):]
		match := true
		for i := range parts {
			if !strings.EqualFold(names[i], parts[i]) {
				match = false
				break
			}
		}
		if !match {
			continue
		}
		if cb.Depth(t.ID)+1 == len(parts) {
			full = append(full, t)
		}
		tail = append(tail, t)
	}
	if absolute {
		tail = full
	}
	switch {
	case len(full) == 1 && (absolute || len(parts) > 1):
		return full[0], nil, nil
	case len(tail) == 1:
		return tail[0], nil, nil
	case len(tail) == 0:
		return Tag{}, nil, notFoundf("no tag %q in the codebook", ref)
	}
	return Tag{}, tail, nil
}

// pathNames returns the names from the root down to the tag.
func (cb *Codebook) pathNames(id string) []string {
	var names []string
	for t, ok := cb.byID[id]; ok; t, ok = cb.byID[t.ParentID] {
		names = append(names, t.Name)
		if len(names) > len(cb.byID) || t.ParentID == "" {
			break
		}
	}
	for i, j := 0, len(names)-1; i < j; i, j = i+1, j-1 {
		names[i], names[j] = names[j], names[i]
	}
	return names
}

// siblingNamed returns a sibling under parent with the name (case-insensitive), other than except.
func (cb *Codebook) siblingNamed(parent, name, except string) (Tag, bool) {
	for _, id := range cb.children[parent] {
		t := cb.byID[id]
		if t.ID != except && SameTagName(t.Name, name) {
			return t, true
		}
	}
	return Tag{}, false
}
