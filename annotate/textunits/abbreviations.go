package textunits

import "unicode"

// abbrevKind is what a word closed by a full stop does to the sentence.
type abbrevKind int

const (
	notAbbreviation abbrevKind = iota
	neverEnds                  // stands before a name, place or title: "Mr.", "вул.", "ім.", "U.S."
	beforeNumber               // stands before a number, else may end: "No. 5", "p. 12", "п. 3"
	mayEnd                     // may close a sentence, then an upper-case letter follows: "etc.", "2022 р.", "т. д."
	dotted                     // an unknown abbreviation with inner full stops: "a.s.a.p."
)

// abbreviations are lower case without their final full stop.
var abbreviations = func() map[string]abbrevKind {
	m := map[string]abbrevKind{}
	for kind, words := range map[abbrevKind][]string{
		neverEnds: {
			// English titles, ranks, places, months, Latin.
			"mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "maj", "adm", "cmdr", "cpl", "pvt",
			"rep", "sen", "gov", "amb", "pres", "rev", "hon", "sec", "st", "mt", "ft", "messrs", "mme", "mlle", "dept",
			"gov't", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "vs", "v",
			"e.g", "i.e", "eg", "ie", "cf", "approx", "ca", "u.s", "u.k", "u.n", "e.u", "u.s.a",
			// Ukrainian: місто, село, селище, вулиця, проспект, провулок, площа, бульвар; імені,
			// святого; дивись, наприклад; ranks and offices; так званий; languages.
			"м", "с", "смт", "вул", "просп", "пров", "пл", "бульв", "б-р", "ім", "св", "о", "див", "напр", "проф", "акад",
			"доц", "д-р", "ген", "полк", "підп", "гол", "ред", "заст", "зам", "мін", "т", "зв", "т.зв", "укр", "англ",
			"рос", "нім", "франц", "пор", "вл", "кн",
			// Russian: улица, переулок, проспект, посёлок, деревня; имени; смотри; около; то есть,
			// так называемый, так как; гражданин, товарищ, господин, госпожа.
			"ул", "пер", "пр-т", "пос", "дер", "им", "см", "ок", "т.н", "т.е", "т.к", "гр", "тов", "г-н", "г-жа",
		},
		beforeNumber: {
			"no", "nos", "vol", "vols", "p", "pp", "art", "ch", "fig", "figs",
			"п", "пп", "ч", "стор", "рис", "табл", "тел", "стр", "гл",
		},
		mayEnd: {
			"etc", "a.m", "p.m", "inc", "ltd", "co", "corp", "jr", "sr", "bros", "ave", "blvd", "rd", "al",
			"р", "рр", "ст", "ст.ст", "тис", "млн", "млрд", "трлн", "грн", "коп", "обл", "р-н", "д", "н.е", "ін",
			"г", "гг", "в", "вв", "тыс", "руб", "др", "пр", "кв", "т.д", "т.п",
		},
	} {
		for _, w := range words {
			m[w] = kind
		}
	}
	return m
}()

// yearLike abbreviations close a sentence after a year or century only: "у 2022 р.",
// "в XX в." against "г. Москва", "ст. 111".
var yearLike = map[string]bool{"р": true, "рр": true, "г": true, "гг": true, "в": true, "вв": true, "ст": true}

// afterAnd abbreviations close a sentence after "and" only: "и пр." (and so on) against
// "пр. Перемоги" (avenue).
var afterAnd = map[string]bool{"пр": true}

var andWords = map[string]bool{"и": true, "і": true, "й": true, "та": true, "and": true}

func abbreviationKind(word []rune) abbrevKind {
	lower := make([]rune, len(word))
	hasDot := false
	for i, r := range word {
		lower[i] = unicode.ToLower(r)
		if r == '.' {
			hasDot = true
		}
	}
	if k, ok := abbreviations[string(lower)]; ok {
		return k
	}
	if hasDot {
		return dotted
	}
	return notAbbreviation
}
