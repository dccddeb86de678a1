package agreement

import (
	"reflect"
	"strings"
	"testing"
)

// texts cuts text at the spans (code points).
func texts(text string, spans []Span) []string {
	rs := []rune(text)
	var out []string
	for _, s := range spans {
		out = append(out, string(rs[s.Start:s.End]))
	}
	return out
}

func TestSentences(t *testing.T) {
	cases := []struct {
		name string
		text string
		want []string
	}{
		{"plain", "The grid held. Attacks resumed at night! Will it last?",
			[]string{"The grid held.", "Attacks resumed at night!", "Will it last?"}},
		{"titles and initials", "Mr. Smith met Dr. J. K. Rowling in St. Petersburg. They talked.",
			[]string{"Mr. Smith met Dr. J. K. Rowling in St. Petersburg.", "They talked."}},
		{"U.S. and e.g.", "U.S. President Biden spoke, e.g. on aid. The U.K. agreed.",
			[]string{"U.S. President Biden spoke, e.g. on aid.", "The U.K. agreed."}},
		{"numbers", "Inflation rose to 3.5 per cent in 2022. Prices fell by 1,200.50 hryvnias. 12 people died.",
			[]string{"Inflation rose to 3.5 per cent in 2022.", "Prices fell by 1,200.50 hryvnias.", "12 people died."}},
		{"quotes", `"We will hold," he said. "We must." Then he left. He said: "No!" and walked out.`,
			[]string{`"We will hold," he said.`, `"We must."`, "Then he left.", `He said: "No!" and walked out.`}},
		{"ellipsis", "They waited... and waited. Nothing came… Then the sirens.",
			[]string{"They waited... and waited.", "Nothing came…", "Then the sirens."}},
		{"etc and p.m.", "Drones, missiles etc. Talks start at 5 p.m. on Monday. They end at 7 p.m. Nobody came.",
			[]string{"Drones, missiles etc.", "Talks start at 5 p.m. on Monday.", "They end at 7 p.m.", "Nobody came."}},
		{"Ukrainian initials and places", "В. Зеленський прибув до м. Київ на вул. Хрещатик. Там його чекали.",
			[]string{"В. Зеленський прибув до м. Київ на вул. Хрещатик.", "Там його чекали."}},
		{"Ukrainian year and thousands", "Це сталося у 2022 р. Наступного року збитки сягнули 5 тис. грн. на особу. Так звані т. зв. «гарантії» не діють.",
			[]string{"Це сталося у 2022 р.", "Наступного року збитки сягнули 5 тис. грн. на особу.", "Так звані т. зв. «гарантії» не діють."}},
		{"Ukrainian quote with attribution", "«Ми вистоїмо!» — сказав він. «Це правда?» — Так, правда.",
			[]string{"«Ми вистоїмо!» — сказав він.", "«Це правда?»", "— Так, правда."}},
		{"Ukrainian ст. and ім.", "За ст. 111 ККУ судять зрадників. Університет ім. Т. Шевченка відкритий.",
			[]string{"За ст. 111 ККУ судять зрадників.", "Університет ім. Т. Шевченка відкритий."}},
		{"Russian", "В. В. Путин прибыл в г. Москва на ул. Ленина. Он говорил о войне, санкциях и т. д. Потом уехал.",
			[]string{"В. В. Путин прибыл в г. Москва на ул. Ленина.", "Он говорил о войне, санкциях и т. д.", "Потом уехал."}},
		{"Russian quote and т.е.", "«Мы победим», — сказал он. Т.е. ничего не изменилось, см. выше. В 1990-х гг. всё было иначе.",
			[]string{"«Мы победим», — сказал он.", "Т.е. ничего не изменилось, см. выше.", "В 1990-х гг. всё было иначе."}},
		{"years and centuries", "Это было в 1991 г. Потом в XX ст. Тогда в г. Киев. Наконец в XIX в. Всё.",
			[]string{"Это было в 1991 г.", "Потом в XX ст.", "Тогда в г. Киев.", "Наконец в XIX в.", "Всё."}},
		{"headline and paragraphs", "Strikes on the grid\nKyiv, 3 March — The attack began at dawn. Power is out.\n\nSecond paragraph here",
			[]string{"Strikes on the grid", "Kyiv, 3 March — The attack began at dawn.", "Power is out.", "Second paragraph here"}},
		{"hard-wrapped lines", "The minister said that the\nnegotiations would continue,\nDespite the attacks.",
			[]string{"The minister said that the\nnegotiations would continue,\nDespite the attacks."}},
		{"numbered list", "Demands:\n1. Ceasefire now.\n2. Prisoner exchange.",
			[]string{"Demands:", "1. Ceasefire now.", "2. Prisoner exchange."}},
		{"question and exclamation run", "Really?! Yes. Wow!!! OK",
			[]string{"Really?!", "Yes.", "Wow!!!", "OK"}},
		{"white space around", "  \n\n  One.   Two.  \n\n", []string{"One.", "Two."}},
		{"empty", "", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := texts(tc.text, Sentences(tc.text))
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Sentences(%q)\n got %q\nwant %q", tc.text, got, tc.want)
			}
		})
	}
}

func TestSentenceOffsetsAreCodePoints(t *testing.T) {
	text := "Київ 🇺🇦 тримається. Далі буде."
	spans := Sentences(text)
	if len(spans) != 2 || spans[0].End != 19 || spans[1].Start != 20 || spans[1].End != 30 {
		t.Fatalf("spans %v", spans)
	}
}

func TestParagraphs(t *testing.T) {
	cases := []struct {
		text string
		want []string
	}{
		{"One line\nstill one.\n\nTwo.\n \n\t\nThree", []string{"One line\nstill one.", "Two.", "Three"}},
		{"\n\n  Only  \n\n", []string{"Only"}},
		{"A\n\n\n\nB", []string{"A", "B"}},
		{"", nil},
	}
	for _, tc := range cases {
		if got := texts(tc.text, Paragraphs(tc.text)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Paragraphs(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

// Sentences never overlap, stay inside their paragraph and cover every non-space rune.
func TestSentencesCoverText(t *testing.T) {
	text := strings.Repeat("Dr. Who said: «Так!» — і пішов. The U.S. gov't agreed, etc. Ok?! 3.5 p.m.\n\nNew para. ", 20)
	rs := []rune(text)
	sents := Sentences(text)
	covered := make([]bool, len(rs))
	prev := int64(-1)
	for _, s := range sents {
		if s.Start < prev || s.End <= s.Start {
			t.Fatalf("span %v after %d", s, prev)
		}
		prev = s.End
		for i := s.Start; i < s.End; i++ {
			covered[i] = true
		}
	}
	for i, r := range rs {
		if !covered[i] && !isSpace(r) {
			t.Fatalf("rune %d %q is in no sentence", i, r)
		}
	}
	paras := Paragraphs(text)
	for _, s := range sents {
		inside := false
		for _, p := range paras {
			if s.Start >= p.Start && s.End <= p.End {
				inside = true
			}
		}
		if !inside {
			t.Fatalf("sentence %q crosses a paragraph", string(rs[s.Start:s.End]))
		}
	}
}

func BenchmarkSentences(b *testing.B) {
	text := strings.Repeat("Президент В. Зеленський заявив у 2022 р. про це. Mr. Smith agreed, e.g. on aid! «Так?» — ні. ", 50)
	b.SetBytes(int64(len(text)))
	var s splitter
	var dst []Span
	for i := 0; i < b.N; i++ {
		dst = s.sentences(dst[:0], text)
	}
}

// Whatever the text, sentences and paragraphs are ordered, inside the text, never start or
// end with white space, and sentences cover every non-space code point.
func FuzzSegments(f *testing.F) {
	for _, s := range []string{four, "Mr. J. K. Smith. «Так!» — ні.\n\n1. One", "...", "\n\n", "р. г. т. д. U.S. 3.5. A.", "a\u00a0.\u2028B"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		rs := []rune(text)
		check := func(kind string, spans []Span) {
			prev := int64(0)
			for _, s := range spans {
				if s.Start < prev || s.End <= s.Start || s.End > int64(len(rs)) {
					t.Fatalf("%s span %v after %d in %d code points", kind, s, prev, len(rs))
				}
				if isSpace(rs[s.Start]) || isSpace(rs[s.End-1]) {
					t.Fatalf("%s span %v starts or ends with white space", kind, s)
				}
				prev = s.End
			}
		}
		sents := Sentences(text)
		check("sentence", sents)
		check("paragraph", Paragraphs(text))
		covered := 0
		for _, s := range sents {
			covered += int(s.End - s.Start)
		}
		nonSpace := 0
		for _, r := range rs {
			if !isSpace(r) {
				nonSpace++
			}
		}
		if nonSpace > covered {
			t.Fatalf("%d non-space code points, sentences cover %d", nonSpace, covered)
		}
	})
}
