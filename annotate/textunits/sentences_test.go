package textunits

import (
	"reflect"
	"strings"
	"testing"
	"unicode"
)

// texts returns the sentences of s as strings.
func texts(s string) []string {
	return cut(s, Sentences(s))
}

// cut cuts text at the spans (code points).
func cut(text string, spans []Span) []string {
	r := []rune(text)
	var out []string
	for _, sp := range spans {
		out = append(out, string(r[sp.Start:sp.End]))
	}
	return out
}

// The table is the union of the splitter written for suggestions (issue 18, the first
// block) and the one written for agreement (issue 16, the second block); the third block
// holds cases neither had. Where the two splitters disagreed, the comment says what an
// analyst expects and why.
var sentenceCases = []struct {
	name string
	in   string
	want []string
}{
	// From suggestions (annotate/textunits).
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

	// From agreement (annotate/agreement/segment.go).
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
	{"ellipsis of full stops and of one rune", "They waited... and waited. Nothing came… Then the sirens.",
		[]string{"They waited... and waited.", "Nothing came…", "Then the sirens."}},
	{"etc and p.m.", "Drones, missiles etc. Talks start at 5 p.m. on Monday. They end at 7 p.m. Nobody came.",
		[]string{"Drones, missiles etc.", "Talks start at 5 p.m. on Monday.", "They end at 7 p.m.", "Nobody came."}},
	{"Ukrainian initials and places", "В. Зеленський прибув до м. Київ на вул. Хрещатик. Там його чекали.",
		[]string{"В. Зеленський прибув до м. Київ на вул. Хрещатик.", "Там його чекали."}},
	// The suggestions splitter cut after "т. зв.": "т. зв." (так званий, "so-called")
	// always stands before the noun it qualifies, so it never ends a sentence.
	{"Ukrainian year and thousands", "Це сталося у 2022 р. Наступного року збитки сягнули 5 тис. грн. на особу. Так звані т. зв. «гарантії» не діють.",
		[]string{"Це сталося у 2022 р.", "Наступного року збитки сягнули 5 тис. грн. на особу.", "Так звані т. зв. «гарантії» не діють."}},
	// The suggestions splitter let any dash after a stop go on with the sentence. Ukrainian
	// and Russian write the author's words after a quote in lower case ("— сказав він"),
	// and that is one sentence; a dash before an upper-case word is the next speaker's
	// line in a dialogue, which an analyst reads (and codes) as a sentence of its own.
	{"Ukrainian quote with attribution", "«Ми вистоїмо!» — сказав він. «Це правда?» — Так, правда.",
		[]string{"«Ми вистоїмо!» — сказав він.", "«Це правда?»", "— Так, правда."}},
	{"Ukrainian ст. and ім.", "За ст. 111 ККУ судять зрадників. Університет ім. Т. Шевченка відкритий.",
		[]string{"За ст. 111 ККУ судять зрадників.", "Університет ім. Т. Шевченка відкритий."}},
	{"Russian", "В. В. Путин прибыл в г. Москва на ул. Ленина. Он говорил о войне, санкциях и т. д. Потом уехал.",
		[]string{"В. В. Путин прибыл в г. Москва на ул. Ленина.", "Он говорил о войне, санкциях и т. д.", "Потом уехал."}},
	{"Russian quote and т.е.", "«Мы победим», — сказал он. Т.е. ничего не изменилось, см. выше. В 1990-х гг. всё было иначе.",
		[]string{"«Мы победим», — сказал он.", "Т.е. ничего не изменилось, см. выше.", "В 1990-х гг. всё было иначе."}},
	// The suggestions splitter treated "г." always as "город" (before a name) and joined
	// "в 1991 г." with the next sentence. After a year it is "год": the date closes the
	// sentence, as any Russian reader takes it; before a name it is still the city.
	{"years and centuries", "Это было в 1991 г. Потом в XX ст. Тогда в г. Киев. Наконец в XIX в. Всё.",
		[]string{"Это было в 1991 г.", "Потом в XX ст.", "Тогда в г. Киев.", "Наконец в XIX в.", "Всё."}},
	{"headline and paragraphs", "Strikes on the grid\nKyiv, 3 March — The attack began at dawn. Power is out.\n\nSecond paragraph here",
		[]string{"Strikes on the grid", "Kyiv, 3 March — The attack began at dawn.", "Power is out.", "Second paragraph here"}},
	// The suggestions splitter ended a line before an upper-case line whatever the line
	// ended with. A line that ends with a comma stops mid-sentence (hard-wrapped text, or a
	// sentence broken by a careless copy); the capital on the next line is a name or a typo,
	// not a new sentence.
	{"hard-wrapped lines", "The minister said that the\nnegotiations would continue,\nDespite the attacks.",
		[]string{"The minister said that the\nnegotiations would continue,\nDespite the attacks."}},
	{"numbered list after a colon", "Demands:\n1. Ceasefire now.\n2. Prisoner exchange.",
		[]string{"Demands:", "1. Ceasefire now.", "2. Prisoner exchange."}},
	{"question and exclamation run", "Really?! Yes. Wow!!! OK",
		[]string{"Really?!", "Yes.", "Wow!!!", "OK"}},
	{"white space around", "  \n\n  One.   Two.  \n\n", []string{"One.", "Two."}},

	// Neither splitter had these.
	// "No." stood before a number in both lists, but agreement's never ended on it: the
	// answer "no" at the end of a sentence is common in reported speech.
	{"no before a number and as an answer", "Kyiv said no. Resolution No. 2202 failed. See p. 12 and pp. 3–4.",
		[]string{"Kyiv said no.", "Resolution No. 2202 failed.", "See p. 12 and pp. 3–4."}},
	{"Ukrainian point and part", "Згідно з ч. 2 ст. 111 і п. 3 вироку. Суд погодився.",
		[]string{"Згідно з ч. 2 ст. 111 і п. 3 вироку.", "Суд погодився."}},
	// "пр." is an avenue before a name ("пр. Перемоги") and "and so on" after "и"/"і".
	{"avenue and and so on", "Удар по пр. Перемоги зруйнував школи, лікарні и пр. Ремонт почався.",
		[]string{"Удар по пр. Перемоги зруйнував школи, лікарні и пр.", "Ремонт почався."}},
	// Hard-wrapped text (e-mails, plain-text files) breaks lines anywhere, also right after
	// a title, an initial or a street abbreviation: the name on the next line goes on.
	{"wrapped after a title or initial", "The envoy met Mr.\nSmith and V.\nZelensky on вул.\nБанкова today. Talks went on.",
		[]string{"The envoy met Mr.\nSmith and V.\nZelensky on вул.\nБанкова today.", "Talks went on."}},
	{"wrapped after an abbreviation that may end", "Drones, missiles etc.\n5 people died at 7 p.m.\non Monday.",
		[]string{"Drones, missiles etc.", "5 people died at 7 p.m.\non Monday."}},
	{"dialogue lines", "— Ми вистоїмо, — сказав він. — Але нам потрібна допомога.\n— Яка саме?",
		[]string{"— Ми вистоїмо, — сказав він.", "— Але нам потрібна допомога.", "— Яка саме?"}},
	{"bullets", "Overnight:\n- 40 drones shot down;\n- two substations hit.\n\nMore later",
		[]string{"Overnight:", "- 40 drones shot down;", "- two substations hit.", "More later"}},
	{"other terminators", "Peace now‼ Really⁈ Yes.", []string{"Peace now‼", "Really⁈", "Yes."}},
}

func TestSentences(t *testing.T) {
	seen := map[string]bool{}
	for _, tt := range sentenceCases {
		if seen[tt.name] {
			t.Fatalf("two cases named %q", tt.name)
		}
		seen[tt.name] = true
		t.Run(tt.name, func(t *testing.T) {
			if got := texts(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Sentences(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// One Splitter over many texts gives what Sentences gives for each, in code points.
func TestSplitterReusesItsBuffer(t *testing.T) {
	var s Splitter
	var dst []Span
	for _, tt := range sentenceCases {
		dst = s.AppendSentences(dst[:0], tt.in)
		want := SentencesOf([]rune(tt.in))
		if len(dst) != len(want) || (len(want) > 0 && !reflect.DeepEqual(dst, want)) {
			t.Errorf("%s: Splitter gave %v, Sentences %v", tt.name, dst, want)
		}
	}
}

// Offsets are code points, and every non-space code point is in exactly one sentence.
func TestSentencesCoverTextInCodePoints(t *testing.T) {
	in := "Енергетики відновили 80% живлення. Дрон «Шахед» влучив у ТЕЦ‑5! Світло є? Так.\n\nНовий абзац… кінець"
	checkCover(t, in, Sentences(in))
	if n := len(Sentences(in)); n != 5 {
		t.Errorf("got %d sentences, want 5: %q", n, texts(in))
	}
}

func TestSentenceOffsetsAreCodePoints(t *testing.T) {
	text := "Київ 🇺🇦 тримається. Далі буде."
	spans := Sentences(text)
	if !reflect.DeepEqual(spans, []Span{{0, 19}, {20, 30}}) {
		t.Fatalf("spans %v", spans)
	}
}

// Sentences never overlap, stay inside their paragraph and cover every non-space rune.
func TestSentencesStayInParagraphs(t *testing.T) {
	text := strings.Repeat("Dr. Who said: «Так!» — і пішов. The U.S. gov't agreed, etc. Ok?! 3.5 p.m.\n\nNew para. ", 20)
	rs := []rune(text)
	sents := Sentences(text)
	checkCover(t, text, sents)
	paras := Paragraphs(text)
	if len(paras) != 21 {
		t.Errorf("%d paragraphs, want 21", len(paras))
	}
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

// checkCover fails unless spans are ordered, inside text, without white space at their
// edges, and every non-space code point of text is in exactly one of them.
func checkCover(t testing.TB, text string, spans []Span) {
	t.Helper()
	r := []rune(text)
	covered := make([]int, len(r))
	prevEnd := 0
	for _, sp := range spans {
		if sp.Start < prevEnd || sp.End <= sp.Start || sp.End > len(r) {
			t.Fatalf("bad span %+v after %d in %q", sp, prevEnd, text)
		}
		if unicode.IsSpace(r[sp.Start]) || unicode.IsSpace(r[sp.End-1]) {
			t.Fatalf("span %+v %q has white space at an edge", sp, string(r[sp.Start:sp.End]))
		}
		for i := sp.Start; i < sp.End; i++ {
			covered[i]++
		}
		prevEnd = sp.End
	}
	for i, c := range covered {
		if !unicode.IsSpace(r[i]) && c != 1 {
			t.Fatalf("code point %d %q of %q is in %d sentences", i, r[i], text, c)
		}
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
	for _, bc := range []struct{ name, text string }{
		// The suggestions benchmark: long plain sentences.
		{"news", strings.Repeat("Russian drones struck a substation in the Kharkiv region overnight, officials said. Дрони атакували підстанцію на Харківщині, повідомив мер м. Харків. ", 200)},
		// The agreement benchmark: short sentences dense with abbreviations and quotes.
		{"abbreviations", strings.Repeat("Президент В. Зеленський заявив у 2022 р. про це. Mr. Smith agreed, e.g. on aid! «Так?» — ні. ", 50)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.text)))
			var s Splitter
			var dst []Span
			for b.Loop() {
				dst = s.AppendSentences(dst[:0], bc.text)
			}
		})
	}
}

// FuzzSentences checks the splitter's promises on any text: spans in order, inside the
// text, without white space at their edges, and every other code point in exactly one.
func FuzzSentences(f *testing.F) {
	for _, s := range []string{"Mr. Sybiha met Gen. Syrskyi. They spoke.", "«Ми відновимо!» — заявив він. Так.", "1. A\n2. B", "...", "U.S.A. a. B.\n\n\nx"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkCover(t, s, Sentences(s))
	})
}

// FuzzSegments: whatever the text, sentences and paragraphs are ordered, inside the text,
// never start or end with white space; sentences stay inside paragraphs; a Splitter
// reused across texts agrees with Sentences.
func FuzzSegments(f *testing.F) {
	for _, s := range []string{"The grid held. Attacks resumed. Talks stalled. Aid arrived.", "Mr. J. K. Smith. «Так!» — ні.\n\n1. One", "...", "\n\n", "р. г. т. д. U.S. 3.5. A.", "a\u00a0.\u2028B", "и пр.\nMr.\nX"} {
		f.Add(s)
	}
	var sp Splitter
	f.Fuzz(func(t *testing.T, text string) {
		sents := sp.AppendSentences(nil, text)
		checkCover(t, text, sents)
		if want := Sentences(text); !reflect.DeepEqual(sents, want) {
			t.Fatalf("Splitter %v, Sentences %v", sents, want)
		}
		paras := Paragraphs(text)
		rs := []rune(text)
		prev := 0
		for _, p := range paras {
			if p.Start < prev || p.End <= p.Start || p.End > len(rs) || isSpace(rs[p.Start]) || isSpace(rs[p.End-1]) {
				t.Fatalf("paragraph %v after %d in %q", p, prev, text)
			}
			prev = p.End
		}
		pi := 0
		for _, s := range sents {
			for pi < len(paras) && paras[pi].End <= s.Start {
				pi++
			}
			if pi == len(paras) || s.Start < paras[pi].Start || s.End > paras[pi].End {
				t.Fatalf("sentence %v crosses a paragraph of %q (%v)", s, text, paras)
			}
		}
	})
}
