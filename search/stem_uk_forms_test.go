package search

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"gloss.app/gloss/annotate"
)

// ukrainianForms are word forms an analyst reading Ukrainian conflict news types, by
// group (the forms of one word): nouns in their cases and numbers, adjectives, place
// names, and verbs in the past tense. Known hard cases are in on purpose (vowel and
// consonant alternations, nouns that look like verbs), so the rate is an honest one.
var ukrainianForms = [][]string{
	{"енергосистема", "енергосистеми", "енергосистемі", "енергосистему", "енергосистемою"},
	{"підстанція", "підстанції", "підстанцій", "підстанцію", "підстанцією", "підстанціях"},
	{"електростанція", "електростанції", "електростанцій", "електростанціями"},
	{"обстріл", "обстріли", "обстрілу", "обстрілів", "обстрілом", "обстрілах"},
	{"обстріляв", "обстріляла", "обстріляли", "обстріляло"},
	{"атакував", "атакувала", "атакували", "атакувало"},
	{"знищив", "знищила", "знищили", "знищило"},
	{"заявив", "заявила", "заявили"},
	{"повідомив", "повідомила", "повідомили", "повідомило"},
	{"загинув", "загинула", "загинули"},
	{"сказав", "сказала", "сказали"},
	{"пошкодив", "пошкодила", "пошкодили"},
	{"Харків", "Харкова", "Харкову", "Харкові", "Харковом"},
	{"Київ", "Києва", "Києву", "Києві", "Києвом"},
	{"Одеса", "Одеси", "Одесі", "Одесу", "Одесою"},
	{"Запоріжжя", "Запоріжжі", "Запоріжжю", "Запоріжжям"},
	{"Дніпро", "Дніпра", "Дніпрі", "Дніпром"},
	{"удар", "удари", "ударів", "ударом", "ударах", "удару"},
	{"ракета", "ракети", "ракет", "ракетою", "ракетами", "ракетах"},
	{"дрон", "дрони", "дронів", "дронами", "дронах"},
	{"переговори", "переговорів", "переговорах", "переговорами"},
	{"санкції", "санкцій", "санкціями", "санкціях"},
	{"корупція", "корупції", "корупцією", "корупцію"},
	{"міністр", "міністра", "міністрові", "міністром", "міністри", "міністрів"},
	{"відключення", "відключень", "відключенням", "відключеннях"},
	{"знеструмлення", "знеструмлень", "знеструмленням"},
	{"війна", "війни", "війні", "війну", "війною"},
	{"область", "області", "областей", "областю", "областях"},
	{"місто", "міста", "місті", "містом", "містах"},
	{"цивільний", "цивільного", "цивільні", "цивільних", "цивільним"},
	{"енергетичний", "енергетична", "енергетичної", "енергетичних", "енергетичній"},
	{"лінія", "лінії", "ліній", "лінію", "лінією"},
	{"бригада", "бригади", "бригаді", "бригадою", "бригад"},
	{"генератор", "генератора", "генератори", "генераторів", "генераторами"},
	{"постачання", "постачанням", "постачанні"},
	{"мешканець", "мешканця", "мешканці", "мешканців"},
	{"генерал", "генерала", "генерали", "генералів", "генералом"},
	{"держава", "держави", "державі", "державу", "державою", "держав"},
	{"об'єкт", "об'єкти", "об'єктів", "об’єкта", "об'єктом"},
	{"атака", "атаки", "атаці", "атакою", "атак"},
}

// A form finds its group when a search for it returns the passages written in the forms
// of its group that share the group's (most common) stem, and none of another group.
func TestUkrainianFormsFindTheirGroup(t *testing.T) {
	forms := 0
	for _, g := range ukrainianForms {
		forms += len(g)
	}
	if len(ukrainianForms) < 30 || forms < 100 {
		t.Fatalf("%d groups of %d forms: the test needs at least 30 groups and 100 forms", len(ukrainianForms), forms)
	}
	ws := must(annotate.Open(t.TempDir(), annotate.Options{Create: true, NoSync: true}))
	t.Cleanup(func() { ws.Close() })
	tag := must(ws.Codebook()).Tags()[0].ID
	// One passage per form: "Повідомлення: <form>."
	group := map[string]int{} // annotation id → group
	byForm := map[string]string{}
	for gi, g := range ukrainianForms {
		var drafts []annotate.ArticleDraft
		for _, f := range g {
			drafts = append(drafts, annotate.ArticleDraft{Title: "Новини", Text: "Повідомлення: " + f + ".", Format: "text", Language: "uk"})
		}
		for i, r := range ws.NewBatch("forms").Add(drafts) {
			if r.Err != nil {
				t.Fatal(r.Err)
			}
			start := len([]rune("Повідомлення: "))
			a, _, err := ws.Annotate(annotate.AnnotationDraft{ArticleID: r.Article.ID, Start: start, End: start + len([]rune(g[i])), TagIDs: []string{tag}})
			if err != nil {
				t.Fatal(err)
			}
			group[a.ID] = gi
			byForm[g[i]] = a.ID
		}
	}
	ix := must(Open(ws, nil))
	t.Cleanup(func() { ix.Close() })
	stem := func(w string) string {
		toks := sharedAnalysis.Analyze([]byte(w))
		if len(toks) != 1 {
			t.Fatalf("%q analysed to %d words", w, len(toks))
		}
		return string(toks[0].Term)
	}
	found := 0
	var misses []string
	for gi, g := range ukrainianForms {
		// The group's stem: the one most of its forms have.
		n := map[string]int{}
		for _, f := range g {
			n[stem(f)]++
		}
		key := ""
		for s, c := range n {
			if c > n[key] || c == n[key] && s < key {
				key = s
			}
		}
		want := map[string]bool{}
		for _, f := range g {
			if stem(f) == key {
				want[byForm[f]] = true
			}
		}
		for _, f := range g {
			res, err := ix.Search(Request{Query: "quote:" + f, Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]bool{}
			foreign := false
			for _, h := range res.Hits {
				got[h.ID] = true
				foreign = foreign || group[h.ID] != gi
			}
			ok := !foreign
			for id := range want {
				ok = ok && got[id]
			}
			if ok {
				found++
			} else {
				misses = append(misses, fmt.Sprintf("%s (%s; group stem %s)", f, stem(f), key))
			}
		}
	}
	sort.Strings(misses)
	rate := float64(found) / float64(forms)
	t.Logf("%d of %d forms (%.1f%%) in %d groups find their group; missed: %s", found, forms, 100*rate, len(ukrainianForms), strings.Join(misses, ", "))
	if rate < 0.95 {
		t.Errorf("only %.1f%% of the forms find their group, want at least 95%%", 100*rate)
	}
}
