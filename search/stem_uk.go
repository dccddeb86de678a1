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
		// nouns
		"ями", "ами", "ові", "еві", "єві", "ам", "ям", "ах", "ях", "ів", "їв", "ей", "ом", "ем", "єм", "ею", "єю",
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

// stemUkrainian is the light Ukrainian stemmer: reflexive -ся/-сь, then one case ending.
func stemUkrainian(w string) string {
	w, _ = stripEnding(w, []string{"ся", "сь"})
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

// stemCyrillic stems one lower-case, folded word (others are returned unchanged).
func stemCyrillic(w string) string {
	if !isCyrillicWord(w) {
		return w
	}
	if isUkrainian(w) {
		w = stemUkrainian(w)
	} else {
		w = stemRussian(w)
	}
	w, _ = stripEnding(w, ovSuffix)
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
