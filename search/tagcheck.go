package search

import (
	"fmt"
	"strings"

	"gloss.app/gloss/search/query"
)

// checkTags refuses a tag: term that names no tag of the codebook, with the closest
// names as suggestions: without it a typo (`tag:energy`) silently finds nothing.
// Prefixes (`tag:energ*`) are left alone, and so are ids.
func checkTags(node query.Node, r *tagResolver) error {
	if node == nil || r == nil {
		return nil
	}
	var bad *query.Term
	query.Walk(node, func(n query.Node, _ bool) {
		t, ok := n.(*query.Term)
		if !ok || bad != nil || t.Field != "tag" || t.Kind == query.Prefix {
			return
		}
		if len(r.named(t.Value, false)) > 0 {
			return
		}
		bad = t
	})
	if bad == nil {
		return nil
	}
	msg := fmt.Sprintf("no tag named %q in the codebook", bad.Value)
	if s := r.suggest(bad.Value); len(s) > 0 {
		msg += fmt.Sprintf(" (did you mean %s?)", strings.Join(s, " or "))
	}
	return &query.ParseError{Pos: bad.At, Msg: msg}
}
