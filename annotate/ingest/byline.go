package ingest

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// bylineBlocks is how many blocks at the top of an article may be a byline.
const bylineBlocks = 4

// dropBylines removes, from the first blocks of an article, a byline that only repeats
// the author and the date already taken as metadata ("By Olena Marchenko | 14 March
// 2025, 08:45", "Олена Марченко, 14 березня 2025"): kept in the text it would be
// searched and annotated as if it were the article.
func dropBylines(blocks []string, author string, published time.Time) []string {
	if author == "" && published.IsZero() {
		return blocks
	}
	out := blocks[:0:0]
	for i, b := range blocks {
		if i < bylineBlocks && isByline(b, author, published) {
			continue
		}
		out = append(out, b)
	}
	return out
}

// bylineWords are the words a byline has besides names and dates.
var bylineWords = wordSet(`by from and with in for the of at on updated update published posted written reporting
	reporter correspondent staff writer editor photo photos min mins minute minutes read reading time am pm utc gmt
	eet eest cet cest bst est edt pst kyiv kiev local від та і й й автор авторка авторки оновлено опубліковано
	редакція кореспондент фото хв хвилин читання год о об в у з на и от автор обновлено опубликовано`)

// monthWords name months and weekdays in English, Ukrainian and Russian, in full and short.
var monthWords = wordSet(`january february march april may june july august september october november december
	jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday
	mon tue tues wed thu thurs fri sat sun січня лютого березня квітня травня червня липня серпня вересня жовтня
	листопада грудня січень лютий березень квітень травень червень липень серпень вересень жовтень листопад
	грудень понеділок вівторок середа четвер пʼятниця п'ятниця субота неділя января февраля марта апреля мая
	июня июля августа сентября октября ноября декабря`)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// isByline reports whether a block is a short line made only of the author's names, the
// publication date and byline words, naming the author or the date.
func isByline(block, author string, published time.Time) bool {
	if strings.Contains(block, "\n") || utf8.RuneCountInString(block) > 160 {
		return false
	}
	words := strings.FieldsFunc(strings.ToLower(block), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != 'ʼ'
	})
	names := wordSet(strings.ToLower(strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || r == '\'' || r == 'ʼ' {
			return r
		}
		return ' '
	}, author)))
	day, year := "", ""
	if !published.IsZero() {
		day, year = strconv.Itoa(published.Day()), strconv.Itoa(published.Year())
	}
	sawName, sawDate, other := false, false, 0
	for _, w := range words {
		switch {
		case names[w]:
			sawName = true
		case w == year || (w == day && day != ""):
			sawDate = true
		case monthWords[w] || bylineWords[w]:
		case isNumber(w):
		default:
			other++
		}
	}
	return (sawName || sawDate) && other == 0
}

func isNumber(w string) bool {
	for _, r := range w {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return w != ""
}
