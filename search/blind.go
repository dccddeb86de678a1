package search

// Blind coding: while the workspace's team project codes blind (annotate.Visibility),
// the analyst is shown only their own annotations and those made outside the project. The
// index holds everyone's, each annotation document with its coder (fCoder), and the
// tables give every segment a column of coder numbers. The executor drops the
// annotations of other coders as it collects, before anything is counted, so totals,
// pages, sort orders and facets are all of what the analyst is shown, in the window and
// on the command line alike, at the cost of one array read per hit and no store scan.

// blindness is what a search must leave out.
type blindness struct {
	on    bool   // the project codes blind
	coder string // the analyst's coder id
	shown uint32 // its number in the tables of the part searched (set by Index.run)
}

// hides tells whether the document local of a segment is another coder's annotation.
func (b blindness) hides(t *segTable, local uint32) bool {
	if t.coder == nil {
		return false
	}
	c := t.coder[local]
	return c != 0 && c != b.shown
}

// key tells the result caches apart: "" when nothing is hidden.
func (b blindness) key() string {
	if !b.on {
		return ""
	}
	return "\x00blind:" + b.coder
}

// blindness reads the workspace's visibility rule (annotate.Visibility.Shows: an
// annotation without a coder, or the analyst's own, is shown).
func (ix *Index) blindness() blindness {
	v := ix.ws.Visibility()
	return blindness{on: v.Blind, coder: v.Coder}
}
