package search

import (
	"fmt"
	"sort"
	"strings"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/search/query"
)

// checkTags refuses a tag: term that names no tag of the codebook, with the closest
// names as suggestions: without it a typo (`tag:energy`) silently finds nothing.
// Prefixes (`tag:energy*`) are left alone, and so are ids.
func checkTags(node query.Node, cb *annotate.Codebook) error {
	if node == nil || cb == nil {
		return nil
	}
	known := map[string]bool{}
	for _, t := range cb.Tags() {
		parts := strings.Split(fold(cb.Path(t.ID)), annotate.PathSeparator)
		for i := range parts {
			known[strings.Join(parts[i:], annotate.PathSeparator)] = true
		}
	}
	var bad *query.Term
	query.Walk(node, func(n query.Node, _ bool) {
		t, ok := n.(*query.Term)
		if !ok || bad != nil || t.Field != "tag" || t.Kind == query.Prefix {
			return
		}
		if _, isID := cb.Tag(t.Value); isID || known[fold(t.Value)] {
			return
		}
		bad = t
	})
	if bad == nil {
		return nil
	}
	msg := fmt.Sprintf("no tag named %q in the codebook", bad.Value)
	if s := suggestTags(bad.Value, cb); len(s) > 0 {
		msg += fmt.Sprintf(" (did you mean %s?)", strings.Join(s, " or "))
	}
	return &query.ParseError{Pos: bad.At, Msg: msg}
}

// suggestTags lists up to three tag names that contain the typed value as a word start.
func suggestTags(value string, cb *annotate.Codebook) []string {
	v := fold(strings.TrimSpace(value))
	if v == "" {
		return nil
	}
	var out []string
	for _, t := range cb.Tags() {
		name := fold(t.Name)
		for _, w := range strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == '&' || r == '-' || r == '/' }) {
			if strings.HasPrefix(w, v) || strings.HasPrefix(name, v) {
				out = append(out, fmt.Sprintf("tag:%q", t.Name))
				break
			}
		}
	}
	sort.Strings(out)
	if len(out) > 3 {
		out = out[:3]
	}
	return out
}

func (ix *Index) checkTags(node query.Node) error {
	cb, err := ix.ws.Codebook()
	if err != nil {
		return err
	}
	return checkTags(node, cb)
}
