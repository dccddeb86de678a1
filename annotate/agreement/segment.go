package agreement

import "gloss.app/gloss/annotate/textunits"

// splitter cuts articles into sentence and paragraph units with package textunits, the
// splitter suggestions use too, so a sentence unit here is the sentence a suggestion
// proposes. It keeps its buffers between articles; one per goroutine.
type splitter struct {
	tu  textunits.Splitter
	buf []textunits.Span
}

func (s *splitter) sentences(dst []Span, text string) []Span {
	s.buf = s.tu.AppendSentences(s.buf[:0], text)
	return appendSpans(dst, s.buf)
}

func (s *splitter) paragraphs(dst []Span, text string) []Span {
	s.buf = textunits.AppendParagraphs(s.buf[:0], text)
	return appendSpans(dst, s.buf)
}

func appendSpans(dst []Span, units []textunits.Span) []Span {
	for _, u := range units {
		dst = append(dst, Span{int64(u.Start), int64(u.End)})
	}
	return dst
}
