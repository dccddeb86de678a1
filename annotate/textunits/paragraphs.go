package textunits

// Paragraphs splits a text at its blank lines (lines of nothing but white space); each
// paragraph's span leaves out the white space around it. A sentence never crosses a
// paragraph's end.
func Paragraphs(text string) []Span {
	return AppendParagraphs(nil, text)
}

// AppendParagraphs appends the paragraphs of text to dst (see Paragraphs).
func AppendParagraphs(dst []Span, text string) []Span {
	cp := 0
	start, last := -1, -1 // first and last non-space code point of the paragraph
	lineBlank := true
	for _, r := range text {
		switch {
		case r == '\n':
			if lineBlank && start >= 0 {
				dst = append(dst, Span{start, last + 1})
				start = -1
			}
			lineBlank = true
		case isSpace(r):
		default:
			if start < 0 {
				start = cp
			}
			last = cp
			lineBlank = false
		}
		cp++
	}
	if start >= 0 {
		dst = append(dst, Span{start, last + 1})
	}
	return dst
}
