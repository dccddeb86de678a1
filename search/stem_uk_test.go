package search

import (
	"strings"
	"testing"

	"gloss.app/gloss/annotate"
)

func TestStemCyrillic(t *testing.T) {
	tests := []struct{ word, want string }{
		// Ukrainian (has і ї є ґ): the light stemmer
		{"харків", "харк"},  // -ів
		{"харкові", "харк"}, // -ові
		{"переговорів", "переговор"},
		{"київ", "ки"},  // -їв
		{"києві", "ки"}, // -єві
		{"львів", "льв"},
		{"країною", "країн"},
		{"країнами", "країн"},
		{"енергетичної", "енергетичн"},
		{"українського", "українськ"},
		{"повідомила", "повідом"}, // past tense: -ила
		{"повідомив", "повідом"},
		{"відбулися", "відб"}, // reflexive, then the past tense -ули
		{"відбувся", "відб"},
		{"обстріляв", "обстріля"}, // after а/я the vowel stays, as in Russian
		{"обстріли", "обстріл"},   // a noun's plural, not a verb in -іли
		{"підстанцій", "підстанц"},
		{"підстанція", "підстанц"},
		{"відключень", "відключен"}, // -нн- loses an н
		{"відключення", "відключен"},
		{"сім'ї", "сім'"},  // apostrophe inside
		{"ці", "ці"},       // a stem keeps two letters
		{"нові", "нов"},    // -ов is not removed from a two-letter stem
		{"гнів", "гн"},     // known limit: -ів taken for an ending (гніву: гнів)
		{"рік", "рік"},     // known limit: рік/року are not joined
		{"ґанок", "ґанок"}, // nothing to strip
		{"інфраструктурі", "інфраструктур"},
		// Russian (and Ukrainian forms without those letters): Snowball, then -ов/-ев
		{"харкова", "харк"},   // Snowball харков, then -ов
		{"харькове", "харьк"}, // Snowball харьков, then -ов
		{"харьков", "харьк"},  // Snowball removes -ов itself
		{"переговори", "переговор"},
		{"переговоров", "переговор"},
		{"киева", "ки"},
		{"енергетичну", "енергетичн"},
		{"слово", "сл"},  // Snowball слов, then -ов
		{"слів", "сл"},   // its genitive plural (о→і): -ів
		{"новий", "нов"}, // -ов stays when one letter would be left
		// not Cyrillic: unchanged
		{"kharkiv", "kharkiv"},
		{"🔥", "🔥"},
		{"covid19", "covid19"},
		{"харківkharkiv", "харківkharkiv"}, // mixed scripts are left alone
	}
	for _, tc := range tests {
		if got := stemCyrillic(tc.word); got != tc.want {
			t.Errorf("stemCyrillic(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
}

// Forms of one word share a stem; different words do not.
func TestStemCyrillicGroups(t *testing.T) {
	same := [][]string{
		{"Харків", "Харкова", "Харкову", "Харкові", "Харковом"},
		{"переговори", "переговорів", "переговорам", "переговорами", "переговорах", "переговоры", "переговоров"},
		{"Київ", "Києва", "Києву", "Києві", "Києвом", "Киев", "Киева", "Киеве"},
		{"Львів", "Львова", "Львові", "Львов", "Львове"},
		{"Харьков", "Харькова", "Харькове", "Харьковом"},
		{"країна", "країни", "країні", "країну", "країною", "країн", "країнами", "країнах"},
		{"енергетична", "енергетичної", "енергетичній", "енергетичну", "енергетичною", "енергетичних"},
		{"дрон", "дрони", "дронів", "дронами", "дронах", "дронам"},
		{"сім'я", "сім’ї", "сім'ю", "сім'єю"},
		// Snowball would cut -й/-ю off these (енергетичні, війно): they need the Ukrainian rules
		{"українська", "української", "українській", "українську", "українською", "українські", "українських", "українського"},
		{"війна", "війни", "війні", "війною", "війну"},
		{"обстріл", "обстріли", "обстрілів", "обстрілу", "обстрілом", "обстрілах"},
	}
	an := sharedAnalysis
	stem := func(w string) string {
		toks := an.Analyze([]byte(w))
		if len(toks) != 1 {
			t.Fatalf("%q analysed to %d tokens", w, len(toks))
		}
		return string(toks[0].Term)
	}
	for _, g := range same {
		want := stem(g[0])
		for _, w := range g[1:] {
			if got := stem(w); got != want {
				t.Errorf("%q → %q, but %q → %q", w, got, g[0], want)
			}
		}
	}
	different := [][2]string{
		{"Харків", "Харьков"}, // Ukrainian and Russian spellings stay apart (харк/харьк)
		{"Харків", "Харківщина"},
		{"Харків", "харчі"},
		{"Київ", "кит"},
		{"переговори", "говори"},
		{"країна", "край"},
	}
	for _, d := range different {
		if a, b := stem(d[0]), stem(d[1]); a == b {
			t.Errorf("%q and %q both → %q", d[0], d[1], a)
		}
	}
	// English and Russian stemming still work in the same chain.
	for _, p := range [][2]string{{"stations", "station"}, {"restoring", "restored"}, {"гарантиях", "гарантии"}, {"переговорах", "переговоры"}} {
		if a, b := stem(p[0]), stem(p[1]); a != b {
			t.Errorf("%q → %q, %q → %q", p[0], a, p[1], b)
		}
	}
}

func TestUkrainianSearch(t *testing.T) {
	ws := must(annotate.Open(t.TempDir(), annotate.Options{Create: true}))
	t.Cleanup(func() { ws.Close() })
	texts := map[string]string{
		"U1": "Обстріл Харкова тривав усю ніч.",
		"U2": "У Харкові відновили електропостачання.",
		"U3": "Раунд переговорів завершився без заяви.",
		"U4": "Переговори продовжаться в Женеві.",
		"U5": "Харківщина готується до зими.",
		"U6": "В Харькове снова звучали сирены.",
		"U7": "Харчі привезли волонтери.",
		"U8": "Київ і Києва, у Києві.",
	}
	cb := must(ws.Codebook())
	tag := cb.Tags()[0].ID
	name := map[string]string{}
	for _, key := range []string{"U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8"} {
		r := must(ws.AddArticle(annotate.ArticleDraft{Title: key, Text: texts[key], Format: "text", Language: "uk"}))
		a, _, err := ws.Annotate(annotate.AnnotationDraft{ArticleID: r.Article.ID, Start: 0, End: len([]rune(texts[key])), TagIDs: []string{tag}})
		if err != nil {
			t.Fatal(err)
		}
		name[a.ID] = key
	}
	ix := must(Open(ws, nil))
	t.Cleanup(func() { ix.Close() })
	tests := []struct{ query, want string }{
		{"Харків", "U1 U2"},
		{"харкова", "U1 U2"},
		{"Харкові", "U1 U2"},
		{"переговори", "U3 U4"},
		{"переговорів", "U3 U4"},
		{"переговоров", "U3 U4"}, // the Russian form finds the Ukrainian ones
		{"Харьков", "U6"},        // the Russian name, not the Ukrainian one
		{"Харківщина", "U5"},
		{"Київ", "U8"},
		{`"обстріл харків"`, "U1"}, // phrases are stemmed the same way
		{"харк*", "U1 U2 U5"},      // a prefix is not stemmed
	}
	for _, tc := range tests {
		res, err := ix.Search(Request{Query: tc.query, Limit: 100})
		if err != nil {
			t.Fatalf("%q: %v", tc.query, err)
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, name[h.ID])
		}
		if g := sorted(got); g != tc.want {
			t.Errorf("%q = [%s], want [%s]", tc.query, g, tc.want)
		}
	}
	// The matched forms are what the fragments mark.
	res := must(ix.Search(Request{Query: "Харків"}))
	var marks []string
	for _, h := range res.Hits {
		marks = append(marks, marked(h.Fragments[0]))
	}
	if got := strings.Join(marks, " | "); !strings.Contains(got, "[Харкова]") || !strings.Contains(got, "[Харкові]") {
		t.Errorf("fragments: %s", got)
	}
}
