package textunits

import (
	"reflect"
	"testing"
)

func TestParagraphs(t *testing.T) {
	cases := []struct {
		text string
		want []string
	}{
		{"One line\nstill one.\n\nTwo.\n \n\t\nThree", []string{"One line\nstill one.", "Two.", "Three"}},
		{"\n\n  Only  \n\n", []string{"Only"}},
		{"A\n\n\n\nB", []string{"A", "B"}},
		{"Київ 🇺🇦\n\nДалі", []string{"Київ 🇺🇦", "Далі"}},
		{"", nil},
	}
	for _, tc := range cases {
		if got := cut(tc.text, Paragraphs(tc.text)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Paragraphs(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
	if got := Paragraphs("Київ 🇺🇦\n\nДалі"); !reflect.DeepEqual(got, []Span{{0, 7}, {9, 13}}) {
		t.Errorf("code-point offsets: %v", got)
	}
}
