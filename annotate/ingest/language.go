package ingest

import (
	"strings"
	"unicode"
)

// GuessLanguage names the language of a text when it is clearly Ukrainian, Russian or
// English ("uk", "ru", "en"), else "". Texts without declared language (plain text,
// Markdown, pages and feeds that say nothing) get it so search can pick the right
// analyser. Letters unique to one language decide between Ukrainian and Russian
// (і ї є ґ against ы э ъ ё); English needs its most common words.
func GuessLanguage(text string) string {
	var latin, cyr, uk, ru int
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Cyrillic, r):
			cyr++
			switch unicode.ToLower(r) {
			case 'і', 'ї', 'є', 'ґ':
				uk++
			case 'ы', 'э', 'ъ', 'ё':
				ru++
			}
		case unicode.Is(unicode.Latin, r):
			latin++
		}
	}
	switch {
	case cyr >= 20 && cyr > 2*latin:
		if uk > 2*ru && uk > 0 {
			return "uk"
		}
		if ru > 2*uk && ru > 0 {
			return "ru"
		}
	case latin >= 20 && latin > 2*cyr:
		common := 0
		words := 0
		for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' }) {
			words++
			switch w {
			case "the", "and", "of", "to", "in", "is", "was", "that", "for", "on", "with", "said":
				common++
			}
		}
		if words > 0 && common*10 >= words {
			return "en"
		}
	}
	return ""
}
