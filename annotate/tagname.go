package annotate

import (
	"strings"
	"unicode"
)

// SameTagName reports whether two tag names are the same for the codebook's rule that
// siblings have different names (the comparison CreateTag, RenameTag and MoveTag make).
func SameTagName(a, b string) bool { return strings.EqualFold(a, b) }

// TagNameKey is a key that two names share exactly when SameTagName holds for them (each
// code point replaced by the smallest of its simple case folding orbit, the equivalence
// strings.EqualFold tests), for grouping tags by name.
func TagNameKey(name string) string {
	var b strings.Builder
	b.Grow(len(name))
	for _, r := range name {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			if f < least {
				least = f
			}
		}
		b.WriteRune(least)
	}
	return b.String()
}
