package ingest

import (
	"net/url"
	"strings"
	"time"
)

// Meta is what DetectMeta found at the top of a plain text: the outlet and the date
// published (zero when not found).
type Meta struct {
	Source    string
	Published time.Time
}

// detectLines is how far into a text DetectMeta looks: datelines, bylines and "Source:"
// lines sit at the top of pasted articles.
const detectLines = 15

var (
	labelled = lazyRegexp(`(?i)^\s*(source|outlet|publisher|джерело|источник|published|date|dated|дата|опубліковано|опубликовано)\s*[:：]\s*(.+)$`)
	// "KYIV, Nov 24 (Reuters) -", "(AP) —": a wire service in a dateline.
	wire     = lazyRegexp(`\((Reuters|AP|AFP|Bloomberg|dpa|DPA|Ukrinform|Interfax-Ukraine|Interfax|TASS|RIA Novosti|UNIAN)\)`)
	isoDate  = lazyRegexp(`\b(\d{4})-(\d{2})-(\d{2})\b`)
	dotDate  = lazyRegexp(`\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b`)
	wordDate = lazyRegexp(`(?i)\b(\d{1,2})\.?\s+([\p{L}]+)\.?,?\s+(\d{4})\b|\b([\p{L}]+)\.?\s+(\d{1,2}),?\s+(\d{4})\b`)
	webLink  = lazyRegexp(`https?://[^\s<>"]+`)
)

// months names the months in English, Ukrainian and Russian (nominative and genitive)
// and their common abbreviations.
var months = func() map[string]time.Month {
	m := map[string]time.Month{}
	add := func(month time.Month, names ...string) {
		for _, n := range names {
			m[n] = month
		}
	}
	add(time.January, "january", "jan", "січня", "січень", "января", "январь", "янв")
	add(time.February, "february", "feb", "лютого", "лютий", "февраля", "февраль", "фев")
	add(time.March, "march", "mar", "березня", "березень", "марта", "март")
	add(time.April, "april", "apr", "квітня", "квітень", "апреля", "апрель", "апр")
	add(time.May, "may", "травня", "травень", "мая", "май")
	add(time.June, "june", "jun", "червня", "червень", "июня", "июнь")
	add(time.July, "july", "jul", "липня", "липень", "июля", "июль")
	add(time.August, "august", "aug", "серпня", "серпень", "августа", "август", "авг")
	add(time.September, "september", "sep", "sept", "вересня", "вересень", "сентября", "сентябрь", "сен")
	add(time.October, "october", "oct", "жовтня", "жовтень", "октября", "октябрь", "окт")
	add(time.November, "november", "nov", "листопада", "листопад", "ноября", "ноябрь", "ноя")
	add(time.December, "december", "dec", "грудня", "грудень", "декабря", "декабрь", "дек")
	return m
}()

// DetectMeta looks for the source and the date at the top of a text: labelled lines
// ("Source: Reuters", "Published: 24 November 2025"), a wire service in a dateline
// ("KYIV, Nov 24 (Reuters) -"), a link to the article (its site becomes the source) and
// the first full date (2025-11-24, 24.11.2025, 24 November 2025, November 24, 2025,
// 24 листопада 2025). A date needs its year; what is not found stays empty.
func DetectMeta(text string) Meta {
	var m Meta
	lines := strings.SplitN(text, "\n", detectLines+1)
	if len(lines) > detectLines {
		lines = lines[:detectLines]
	}
	for _, ln := range lines {
		if g := labelled().FindStringSubmatch(ln); g != nil {
			value := strings.TrimSpace(g[2])
			switch strings.ToLower(g[1]) {
			case "source", "outlet", "publisher", "джерело", "источник":
				if m.Source == "" {
					m.Source = value
				}
			default:
				if m.Published.IsZero() {
					m.Published = findDate(value)
				}
			}
		}
	}
	for _, ln := range lines {
		if m.Source == "" {
			if g := wire().FindStringSubmatch(ln); g != nil {
				m.Source = g[1]
			} else if u := webLink().FindString(ln); u != "" {
				m.Source = siteName(u)
			}
		}
		if m.Published.IsZero() {
			m.Published = findDate(ln)
		}
	}
	return m
}

// findDate returns the first full date in s (zero when none).
func findDate(s string) time.Time {
	type hit struct {
		at int
		t  time.Time
	}
	var best *hit
	consider := func(at int, y, mo, d int) {
		if y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31 {
			return
		}
		t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
		if t.Day() != d { // 31 April
			return
		}
		if best == nil || at < best.at {
			best = &hit{at, t}
		}
	}
	if g := isoDate().FindStringSubmatchIndex(s); g != nil {
		consider(g[0], atoi(s[g[2]:g[3]]), atoi(s[g[4]:g[5]]), atoi(s[g[6]:g[7]]))
	}
	if g := dotDate().FindStringSubmatchIndex(s); g != nil {
		consider(g[0], atoi(s[g[6]:g[7]]), atoi(s[g[4]:g[5]]), atoi(s[g[2]:g[3]])) // day.month.year
	}
	for _, g := range wordDate().FindAllStringSubmatchIndex(s, -1) {
		if g[2] >= 0 { // 24 November 2025
			if mo, ok := months[strings.ToLower(s[g[4]:g[5]])]; ok {
				consider(g[0], atoi(s[g[6]:g[7]]), int(mo), atoi(s[g[2]:g[3]]))
			}
		} else if mo, ok := months[strings.ToLower(s[g[8]:g[9]])]; ok { // November 24, 2025
			consider(g[0], atoi(s[g[12]:g[13]]), int(mo), atoi(s[g[10]:g[11]]))
		}
	}
	if best == nil {
		return time.Time{}
	}
	return best.t
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}

// siteName is a link's site as an outlet name: "kyivindependent.com" for
// https://www.kyivindependent.com/...
func siteName(link string) string {
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}
