package reader

import "unicode"

// Find returns the spans of text (code points) that match query ignoring case, in
// order, not overlapping, never starting or ending inside a cluster. Case folding is
// per code point (unicode.ToLower), so offsets stay those of the text.
func Find(text []rune, query string) [][2]int {
	q := []rune(query)
	if len(q) == 0 {
		return nil
	}
	for i, r := range q {
		q[i] = unicode.ToLower(r)
	}
	var out [][2]int
	for i := 0; i+len(q) <= len(text); i++ {
		j := 0
		for j < len(q) && unicode.ToLower(text[i+j]) == q[j] {
			j++
		}
		if j < len(q) || !IsBoundary(text, i) || !IsBoundary(text, i+len(q)) {
			continue
		}
		out = append(out, [2]int{i, i + len(q)})
		i += len(q) - 1
	}
	return out
}
