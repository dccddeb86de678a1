package agreement

import (
	"reflect"
	"testing"

	"gloss.app/gloss/annotate/textunits"
)

// The units are textunits' sentences and paragraphs, in the same code points, also when
// one splitter serves many articles in a row (the splitter's own tests are in textunits).
func TestSplitterUnitsAreTextunits(t *testing.T) {
	var sp splitter
	var buf []Span
	for _, text := range []string{
		"Mr. Smith met Dr. J. K. Rowling. They talked.\n\nКиїв 🇺🇦 тримається. Далі буде.",
		"",
		"«Ми вистоїмо!» — сказав він. «Це правда?» — Так, правда.",
		"One line\nstill one.\n\nTwo.\n \n\t\nThree",
	} {
		var want []Span
		for _, s := range textunits.Sentences(text) {
			want = append(want, Span{int64(s.Start), int64(s.End)})
		}
		buf = sp.sentences(buf[:0], text)
		if len(buf) != len(want) || len(want) > 0 && !reflect.DeepEqual(buf, want) {
			t.Errorf("sentences of %q: %v, want %v", text, buf, want)
		}
		want = want[:0]
		for _, s := range textunits.Paragraphs(text) {
			want = append(want, Span{int64(s.Start), int64(s.End)})
		}
		buf = sp.paragraphs(buf[:0], text)
		if len(buf) != len(want) || len(want) > 0 && !reflect.DeepEqual(buf, want) {
			t.Errorf("paragraphs of %q: %v, want %v", text, buf, want)
		}
	}
	if got := sp.sentences(nil, "Київ 🇺🇦 тримається. Далі буде."); !reflect.DeepEqual(got, []Span{{0, 19}, {20, 30}}) {
		t.Errorf("code points: %v", got)
	}
}
