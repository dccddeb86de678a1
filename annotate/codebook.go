package annotate

import (
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

// NewCodebook builds a snapshot from tags in any order.
func NewCodebook(tags []Tag) *Codebook {
	cb := &Codebook{byID: make(map[string]Tag, len(tags)), children: map[string][]string{}}
	for _, t := range tags {
		cb.byID[t.ID] = t
	}
	for _, t := range tags {
		cb.children[t.ParentID] = append(cb.children[t.ParentID], t.ID)
	}
	for _, ids := range cb.children {
		sort.Slice(ids, func(i, j int) bool {
			return strings.ToLower(cb.byID[ids[i]].Name) < strings.ToLower(cb.byID[ids[j]].Name)
		})
	}
	var walk func(parent string)
	walk = func(parent string) {
		for _, id := range cb.children[parent] {
			cb.tags = append(cb.tags, cb.byID[id])
			walk(id)
		}
	}
	walk("")
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
func (cb *Codebook) Path(id string) string {
	var names []string
	for t, ok := cb.byID[id]; ok; t, ok = cb.byID[t.ParentID] {
		names = append([]string{t.Name}, names...)
		if len(names) > len(cb.byID) {
			break
		}
	}
	return strings.Join(names, PathSeparator)
}

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

// Resolve finds a tag by id, by name (case-insensitive) or by path "Parent/Child".
// A name shared by several tags is an error that lists their paths.
func (cb *Codebook) Resolve(ref string) (Tag, error) {
	ref = strings.TrimSpace(ref)
	if t, ok := cb.byID[ref]; ok {
		return t, nil
	}
	if ref == "" {
		return Tag{}, invalidf("empty tag name")
	}
	want := strings.ToLower(ref)
	var byName []Tag
	for _, t := range cb.tags {
		if strings.ToLower(cb.Path(t.ID)) == want {
			return t, nil
		}
		if strings.ToLower(t.Name) == want {
			byName = append(byName, t)
		}
	}
	switch len(byName) {
	case 1:
		return byName[0], nil
	case 0:
		// A path whose last element is unique still resolves ("Energy attacks" inside a path).
		if i := strings.LastIndex(want, PathSeparator); i >= 0 {
			if t, err := cb.Resolve(ref[i+1:]); err == nil && strings.HasSuffix(strings.ToLower(cb.Path(t.ID)), want) {
				return t, nil
			}
		}
		return Tag{}, notFoundf("no tag %q in the codebook", ref)
	default:
		var paths []string
		for _, t := range byName {
			paths = append(paths, cb.Path(t.ID))
		}
		return Tag{}, invalidf("tag name %q is ambiguous: use one of %s", ref, strings.Join(paths, ", "))
	}
}

// siblingNamed returns a sibling under parent with the name (case-insensitive), other than except.
func (cb *Codebook) siblingNamed(parent, name, except string) (Tag, bool) {
	for _, id := range cb.children[parent] {
		t := cb.byID[id]
		if t.ID != except && strings.EqualFold(t.Name, name) {
			return t, true
		}
	}
	return Tag{}, false
}
