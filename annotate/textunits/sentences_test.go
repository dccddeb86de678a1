package textunits

import (
	"reflect"
	"strings"
	"testing"
	"unicode"
)

// texts returns the sentences of s as strings.
func texts(s string) []string {
	r := []rune(s)
	var out []string
	for _, sp := range Sentences(s) {
		out = append(out, string(r[sp.Start:sp.End]))
	}
	return out
}

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", nil},
		{"blank", " \n\t\n", nil},
		{"one without stop", "Kyiv under fire", []string{"Kyiv under fire"}},
		{"two", "Drones hit a substation. Power is out.", []string{"Drones hit a substation.", "Power is out."}},
		{"question and exclamation", "Will it hold? Nobody knows! Talks go on.", []string{"Will it hold?", "Nobody knows!", "Talks go on."}},
		{"ellipsis", "They waited… Then the sirens began.", []string{"They waited…", "Then the sirens began."}},
		{"three dots then lower case", "They waited... and waited.", []string{"They waited... and waited."}},
		{"decimal", "Output fell by 3.5 percent. Prices rose.", []string{"Output fell by 3.5 percent.", "Prices rose."}},
		{"title", "Mr. Sybiha met Gen. Syrskyi in Kyiv. They spoke.", []string{"Mr. Sybiha met Gen. Syrskyi in Kyiv.", "They spoke."}},
		{"initials", "J. D. Vance met V. Zelensky. Nothing was agreed.", []string{"J. D. Vance met V. Zelensky.", "Nothing was agreed."}},
		{"acronym before a noun", "The U.S. Senate passed the bill. Kyiv welcomed it.", []string{"The U.S. Senate passed the bill.", "Kyiv welcomed it."}},
		{"number abbreviation", "See resolution No. 2202 of the council. It failed.", []string{"See resolution No. 2202 of the council.", "It failed."}},
		{"closing quote", `He said: "We will rebuild." Crews arrived.`, []string{`He said: "We will rebuild."`, "Crews arrived."}},
		{"e.g.", "Some plants, e.g. Burshtyn, were hit. Others were not.", []string{"Some plants, e.g. Burshtyn, were hit.", "Others were not."}},
		{"year at the end", "The war began in 2014. It widened in 2022.", []string{"The war began in 2014.", "It widened in 2022."}},
		{"ukrainian", "Дрони атакували підстанцію. Світла немає.", []string{"Дрони атакували підстанцію.", "Світла немає."}},
		{"ukrainian city abbreviation", "Удар по м. Харків пошкодив ТЕЦ. Ремонт триває.", []string{"Удар по м. Харків пошкодив ТЕЦ.", "Ремонт триває."}},
		{"ukrainian street and initial", "Вибух на вул. Січових Стрільців чув В. Кличко. Поранених немає.", []string{"Вибух на вул. Січових Стрільців чув В. Кличко.", "Поранених немає."}},
		{"ukrainian quote and dash", "«Ми відновимо енергосистему!» — заявив міністр. Ремонт почався.", []string{"«Ми відновимо енергосистему!» — заявив міністр.", "Ремонт почався."}},
		{"ukrainian etc ends", "Постраждали ТЕЦ, підстанції тощо. Мер попередив.", []string{"Постраждали ТЕЦ, підстанції тощо.", "Мер попередив."}},
		{"ukrainian т.д. then capital", "Школи, лікарні і т.д. Усе знеструмлено.", []string{"Школи, лікарні і т.д.", "Усе знеструмлено."}},
		{"russian", "Ген. Герасимов заявил о наступлении. В г. Курске объявлена тревога.", []string{"Ген. Герасимов заявил о наступлении.", "В г. Курске объявлена тревога."}},
		{"blank line", "Headline without a stop\n\nThe body begins here.", []string{"Headline without a stop", "The body begins here."}},
		{"line break before capital", "Kyiv, 3 March\nRussian drones struck overnight.", []string{"Kyiv, 3 March", "Russian drones struck overnight."}},
		{"hard-wrapped prose", "Russian drones struck a substation in\nthe Kharkiv region overnight.", []string{"Russian drones struck a substation in\nthe Kharkiv region overnight."}},
		{"numbered list", "1. Sanctions on banks.\n2. A price cap on oil.", []string{"1. Sanctions on banks.", "2. A price cap on oil."}},
		{"dotted domain", "Read it on pravda.com.ua today. Done.", []string{"Read it on pravda.com.ua today.", "Done."}},
		{"stop then lower case", "The so-called referendum. was a sham.", []string{"The so-called referendum. was a sham."}},
		{"parenthesis", "The plant was hit (again.) Repairs began.", []string{"The plant was hit (again.)", "Repairs began."}},
		{"spaces kept out", "  First one.   Second one.  ", []string{"First one.", "Second one."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := texts(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Sentences(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// Offsets are code points, and every non-space code point is in exactly one sentence.
func TestSentencesCoverTextInCodePoints(t *testing.T) {
	in := "Енергетики відновили 80% живлення. Дрон «Шахед» влучив у ТЕЦ‑5! Світло є? Так.\n\nНовий абзац… кінець"
	r := []rune(in)
	spans := Sentences(in)
	covered := make([]int, len(r))
	prevEnd := 0
	for _, sp := range spans {
		if sp.Start < prevEnd || sp.End <= sp.Start || sp.End > len(r) {
			t.Fatalf("bad span %+v after %d", sp, prevEnd)
		}
		if unicode.IsSpace(r[sp.Start]) || unicode.IsSpace(r[sp.End-1]) {
			t.Errorf("span %+v %q has white space at an edge", sp, string(r[sp.Start:sp.End]))
		}
		for i := sp.Start; i < sp.End; i++ {
			covered[i]++
		}
		prevEnd = sp.End
	}
	for i, c := range covered {
		if !unicode.IsSpace(r[i]) && c != 1 {
			t.Errorf("code point %d %q is in %d sentences", i, r[i], c)
		}
	}
	if len(spans) != 5 {
		t.Errorf("got %d sentences, want 5: %q", len(spans), texts(in))
	}
}

func TestSpanOverlap(t *testing.T) {
	tests := []struct {
		a, b Span
		want int
	}{
		{Span{0, 10}, Span{5, 20}, 5},
		{Span{0, 10}, Span{10, 20}, 0},
		{Span{3, 4}, Span{0, 100}, 1},
		{Span{5, 9}, Span{0, 3}, 0},
	}
	for _, tt := range tests {
		if got := tt.a.Overlap(tt.b); got != tt.want {
			t.Errorf("%+v.Overlap(%+v) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func BenchmarkSentences(b *testing.B) {
	text := strings.Repeat("Russian drones struck a substation in the Kharkiv region overnight, officials said. Дрони атакували підстанцію на Харківщині, повідомив мер м. Харків. ", 200)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Sentences(text)
	}
}

// FuzzSentences checks the splitter's promises on any text: spans in order, inside the
// text, without white space at their edges, and every other code point in exactly one.
func FuzzSentences(f *testing.F) {
	for _, s := range []string{"Mr. Sybiha met Gen. Syrskyi. They spoke.", "«Ми відновимо!» — заявив він. Так.", "1. A\n2. B", "...", "U.S.A. a. B.\n\n\nx"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := []rune(s)
		prev := 0
		covered := make([]int, len(r))
		for _, sp := range Sentences(s) {
			if sp.Start < prev || sp.End <= sp.Start || sp.End > len(r) {
				t.Fatalf("bad span %+v after %d in %q", sp, prev, s)
			}
			if unicode.IsSpace(r[sp.Start]) || unicode.IsSpace(r[sp.End-1]) {
				t.Fatalf("span %+v of %q has white space at an edge", sp, s)
			}
			for i := sp.Start; i < sp.End; i++ {
				covered[i]++
			}
			prev = sp.End
		}
		for i, c := range covered {
			if !unicode.IsSpace(r[i]) && c != 1 {
				t.Fatalf("code point %d of %q is in %d sentences", i, s, c)
			}
		}
	})
}
