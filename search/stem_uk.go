package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/russian"
)

// Cyrillic words are stemmed by one filter that decides per word:
//   - a word with a letter only Ukrainian has (і ї є ґ) gets the light Ukrainian stemmer
//     below (bleve has none);
//   - any other Cyrillic word gets the Russian Snowball stemmer. Ukrainian forms without
//     those letters (Харкова, переговори, енергетичну) end in what Russian endings also
//     are, so Snowball stems them to what the Ukrainian stemmer gives their other forms.
//
// Then both share one last step: a stem ending in -ов/-ев/-єв loses it. Ukrainian
// nominatives like Харків, Львів, Київ (о/е turned і/ї in the closed syllable) lose -ів/-їв
// as an ending, so Харкова (Snowball: харков) must become харк as well; and Russian
// Харьков/Харькове (Snowball: харьк / харьков) now meet too.
// See docs/SEARCH.md for the endings, why the stemmer is light, and its limits.

// ukEndings are stripped, longest first, once per word, when at least two letters stay.
// Noun and adjective case endings; verbs only lose the reflexive -ся/-сь (stripped first).
var ukEndings = func() []string {
	e := []string{
		// adjectives
		"ього", "ьому", "ого", "ому", "ими", "іми", "ьої", "ьою", "ій", "ий", "ої", "ою", "ім", "им", "их", "іх",
		// nouns; those in -ія (підстанція, лінія, санкції) lose the і in every case, so
		// that the genitive plural -ій (підстанцій) meets them
		"іями", "ією", "ями", "ами", "ові", "еві", "єві", "ія", "ії", "ію", "іям", "іях",
		"ам", "ям", "ах", "ях", "ів", "їв", "ей", "ом", "ем", "єм", "ею", "єю",
		"а", "я", "у", "ю", "о", "е", "є", "и", "і", "ї", "ь", "й",
	}
	// Longest first (by letters), so that -ами wins over -и.
	for i := 1; i < len(e); i++ {
		for j := i; j > 0 && utf8.RuneCountInString(e[j]) > utf8.RuneCountInString(e[j-1]); j-- {
			e[j], e[j-1] = e[j-1], e[j]
		}
	}
	return e
}()

// minStem is the fewest letters a stem keeps.
const minStem = 2

// stripEnding removes the first of endings that s ends with, leaving at least minStem letters.
func stripEnding(s string, endings []string) (string, bool) {
	n := utf8.RuneCountInString(s)
	for _, e := range endings {
		if strings.HasSuffix(s, e) && n-utf8.RuneCountInString(e) >= minStem {
			return s[:len(s)-len(e)], true
		}
	}
	return s, false
}

// pastTense are the endings of the past tense (-в masculine, -ла -ло -ли) after the
// verb's theme vowel. After а and я the vowel stays, as the Russian stemmer leaves it
// (сказав, сказала → сказа); after и, і and у it goes (знищив, знищила → знищ), so that
// the forms meet the Russian stemmer's and the nouns' (летів is also a noun ending).
var pastTense = []struct {
	ending string
	keep   int // letters of the ending kept
}{
	{"ала", 1}, {"ало", 1}, {"али", 1}, {"яла", 1}, {"яло", 1}, {"яли", 1}, {"ав", 1}, {"яв", 1},
	{"ила", 0}, {"ило", 0}, {"или", 0}, {"ив", 0},
	{"іла", 0}, {"іло", 0}, // not -іли: обстріли is the plural of обстріл
	{"ула", 0}, {"уло", 0}, {"ули", 0}, {"ув", 0},
}

// minVerbStem is the fewest letters a past-tense stem keeps (сила, шкала stay nouns).
const minVerbStem = 3

// stripPastTense removes a past-tense ending; ok is false when there is none.
func stripPastTense(w string) (string, bool) {
	n := utf8.RuneCountInString(w)
	for _, e := range pastTense {
		if !strings.HasSuffix(w, e.ending) {
			continue
		}
		stem := strings.TrimSuffix(w, e.ending)
		if n-utf8.RuneCountInString(e.ending) < minVerbStem {
			return w, false
		}
		kept := string([]rune(e.ending)[:e.keep])
		return stem + kept, true
	}
	return w, false
}

// stemUkrainian is the light Ukrainian stemmer: reflexive -ся/-сь, then a past-tense
// ending or one case ending.
func stemUkrainian(w string) string {
	w, _ = stripEnding(w, []string{"ся", "сь"})
	if v, ok := stripPastTense(w); ok {
		return v
	}
	w, _ = stripEnding(w, ukEndings)
	return w
}

// stemRussian is bleve's Russian Snowball stemmer.
func stemRussian(w string) string {
	env := snowballstem.NewEnv(w)
	russian.Stem(env)
	return env.Current()
}

// ovSuffix is removed from every Cyrillic stem (see above).
var ovSuffix = []string{"ов", "ев", "єв"}

// isUkrainian tells a Cyrillic word with a letter Russian does not have.
func isUkrainian(w string) bool { return strings.ContainsAny(w, "іїєґ") }

// isCyrillicWord tells a word whose letters are all Cyrillic (apostrophes and hyphens
// may sit between them: сім'я).
func isCyrillicWord(w string) bool {
	letters := 0
	for _, r := range w {
		switch {
		case unicode.Is(unicode.Cyrillic, r):
			letters++
		case r == '\'' || r == '-':
		default:
			return false
		}
	}
	return letters > 0
}

// ukrainianPast tells a past-tense form in -ув/-ула/-уло/-ули without a Ukrainian
// letter (загинув, загинула): Russian has no such forms.
func ukrainianPast(w string) bool {
	for _, e := range []string{"ув", "ула", "уло", "ули"} {
		if strings.HasSuffix(w, e) {
			return true
		}
	}
	return false
}

// nounInEmu tells a noun in the accusative -у whose stem ends in -ем (систему,
// енергосистему, проблему): the Russian stemmer takes -ему for an adjective's ending,
// which after a consonant other than н it is not (синему, последнему are adjectives).
func nounInEmu(w string) bool {
	if !strings.HasSuffix(w, "ему") || utf8.RuneCountInString(w) < 5 {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(strings.TrimSuffix(w, "ему"))
	return !strings.ContainsRune("аеєиіїоуюяьйн'", r)
}

// stemCyrillic stems one lower-case, folded word (others are returned unchanged).
func stemCyrillic(w string) string {
	if !isCyrillicWord(w) {
		return w
	}
	switch {
	case isUkrainian(w) || ukrainianPast(w):
		w = stemUkrainian(w)
	case nounInEmu(w):
		w = stemRussian(strings.TrimSuffix(w, "у") + "а")
	default:
		w = stemRussian(w)
	}
	w, _ = stripEnding(w, ovSuffix)
	// -нн- of nouns in -ння loses an н where the genitive plural has one (відключення,
	// відключень), as the Russian stemmer does.
	if strings.HasSuffix(w, "нн") && utf8.RuneCountInString(w) > minStem+1 {
		w = strings.TrimSuffix(w, "н")
	}
	return w
}

// cyrillicStemmer is the token filter of stemCyrillic.
type cyrillicStemmer struct{}

func (cyrillicStemmer) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		if t.Type != analysis.AlphaNumeric || t.KeyWord {
			continue
		}
		s := string(t.Term)
		if st := stemCyrillic(s); st != s {
			t.Term = []byte(st)
		}
	}
	return in
}
