package query

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// maxDepth bounds nesting, so that no query can exhaust the stack.
const maxDepth = 64

// Parse reads a query. An empty (or blank) query gives a nil Node: everything.
// A query it cannot read gives a *ParseError.
func Parse(s string) (Node, error) {
	toks, err := lex(s)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	if p.peek().kind == tEOF {
		return nil, nil
	}
	n, err := p.parseAnd(0)
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind == tRParen {
		return nil, errorf(t.at, `unexpected ")" (no "(" opened it)`)
	}
	return n, nil
}

type parser struct {
	toks []token
	i    int
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

// parseAnd reads items up to ")" or the end; adjacent items are ANDed.
func (p *parser) parseAnd(depth int) (Node, error) {
	var items []Node
	at := p.peek().at
	for {
		t := p.peek()
		switch t.kind {
		case tEOF, tRParen:
			if len(items) == 1 {
				return items[0], nil
			}
			return &And{Items: items, At: at}, nil
		case tAnd:
			p.next()
			if len(items) == 0 {
				return nil, errorf(t.at, "nothing before AND")
			}
			if k := p.peek().kind; k == tEOF || k == tRParen || k == tOr || k == tAnd {
				return nil, errorf(t.at, "nothing after AND")
			}
			continue
		case tOr:
			return nil, errorf(t.at, "nothing before OR")
		}
		n, err := p.parseOr(depth)
		if err != nil {
			return nil, err
		}
		items = append(items, n)
	}
}

func (p *parser) parseOr(depth int) (Node, error) {
	first, err := p.parseUnary(depth)
	if err != nil {
		return nil, err
	}
	items := []Node{first}
	for p.peek().kind == tOr {
		or := p.next()
		if k := p.peek().kind; k == tEOF || k == tRParen || k == tOr || k == tAnd {
			return nil, errorf(or.at, "nothing after OR")
		}
		n, err := p.parseUnary(depth)
		if err != nil {
			return nil, err
		}
		items = append(items, n)
	}
	if len(items) == 1 {
		return first, nil
	}
	return &Or{Items: items, At: first.Col()}, nil
}

func (p *parser) parseUnary(depth int) (Node, error) {
	t := p.peek()
	if t.kind != tNot {
		return p.parsePrimary(depth)
	}
	p.next()
	if k := p.peek().kind; k == tEOF || k == tRParen || k == tOr || k == tAnd {
		return nil, errorf(t.at, "nothing after %s", t.text)
	}
	if depth >= maxDepth {
		return nil, errorf(t.at, "the query is nested too deeply")
	}
	item, err := p.parseUnary(depth + 1)
	if err != nil {
		return nil, err
	}
	return &Not{Item: item, At: t.at}, nil
}

func (p *parser) parsePrimary(depth int) (Node, error) {
	t := p.next()
	switch t.kind {
	case tLParen:
		if depth >= maxDepth {
			return nil, errorf(t.at, "too many nested parentheses")
		}
		if p.peek().kind == tRParen {
			return nil, errorf(t.at, "empty parentheses")
		}
		n, err := p.parseAnd(depth + 1)
		if err != nil {
			return nil, err
		}
		if p.next().kind != tRParen {
			return nil, errorf(t.at, "unclosed parenthesis")
		}
		return n, nil
	case tRParen:
		return nil, errorf(t.at, `unexpected ")" (no "(" opened it)`)
	case tWord, tPhrase:
		return termNode(t)
	}
	return nil, errorf(t.at, "unexpected %q", t.text)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// termNode turns a word or quoted token into a Term, Flag or DateRange.
func termNode(t token) (Node, error) {
	value := strings.Join(strings.Fields(t.text), " ")
	switch {
	case contains(DateFields, t.field):
		return dateNode(t.field, value, t.at, t.valAt)
	case t.field == "has" || t.field == "is":
		v := strings.ToLower(value)
		if !contains(FlagFields[t.field], v) {
			return nil, errorf(t.valAt, "%s: takes %s, not %q", t.field, strings.Join(FlagFields[t.field], ", "), value)
		}
		return &Flag{Field: t.field, Value: v, At: t.at}, nil
	}
	if value == "" {
		return nil, errorf(t.valAt, "empty quotes")
	}
	term := &Term{Field: t.field, Value: value, Kind: Word, At: t.at}
	if t.kind == tPhrase {
		term.Kind = Phrase
		return term, nil
	}
	// A trailing ~ or ~N asks for similar spellings. N is 1 or 2 letters: the distances
	// the index can look up (and more would match most short words). Anything else after
	// a ~ is refused rather than searched as a word that never matches. In url: values
	// a ~ is a character of the address.
	if i := strings.IndexByte(value, '~'); i >= 0 && t.field != "url" {
		tildeAt := t.valAt + utf8.RuneCountInString(value[:i])
		suffix := value[i+1:]
		switch {
		case i == 0:
			return nil, errorf(t.valAt, "~ needs a word before it")
		case strings.ContainsRune(value[:i], '*'):
			return nil, errorf(t.valAt+utf8.RuneCountInString(value[:strings.IndexByte(value, '*')]), "* works only at the end of a word")
		case t.field != "" && !contains(TextFields, t.field):
			return nil, errorf(tildeAt, "~ (similar spelling) works on words of the text, not on %s:", t.field)
		case suffix != "" && suffix != "1" && suffix != "2":
			if d, err := strconv.Atoi(suffix); err == nil {
				return nil, errorf(tildeAt+1, "~ takes 1 or 2 (letters that may differ), not %d", d)
			}
			return nil, errorf(tildeAt, "~ goes at the end of a word, optionally with 1 or 2 (word~, word~1, word~2)")
		}
		term.Kind = Fuzzy
		term.Value = value[:i]
		if suffix != "" {
			term.Fuzziness, _ = strconv.Atoi(suffix)
		}
	}
	if i := strings.IndexByte(term.Value, '*'); i >= 0 {
		if i != len(term.Value)-1 || term.Kind == Fuzzy {
			return nil, errorf(t.valAt+utf8.RuneCountInString(term.Value[:i]), "* works only at the end of a word")
		}
		if i == 0 {
			return nil, errorf(t.valAt, "* needs at least one character before it")
		}
		term.Kind = Prefix
		term.Value = term.Value[:i]
	}
	return term, nil
}

const dateHelp = "a date like 2025, 2025-11 or 2025-11-03, >=2025-11-01 or 2025-11-01..2025-11-30"

// dateNode reads a date value: a day, month or year; a comparison; or a range a..b.
func dateNode(field, value string, at, valAt int) (Node, error) {
	bad := func() error { return errorf(valAt, "%s: expects %s, not %q", field, dateHelp, value) }
	n := &DateRange{Field: field, At: at}
	if from, to, ok := strings.Cut(value, ".."); ok {
		if from == "" && to == "" {
			return nil, bad()
		}
		if from != "" {
			s, _, ok := period(from)
			if !ok {
				return nil, bad()
			}
			n.From = s
		}
		if to != "" {
			_, e, ok := period(to)
			if !ok {
				return nil, bad()
			}
			n.To = e
		}
		if !n.From.IsZero() && !n.To.IsZero() && !n.From.Before(n.To) {
			return nil, errorf(valAt, "%s: the range %s ends before it starts", field, value)
		}
		return n, nil
	}
	op := ""
	for _, o := range []string{">=", "<=", ">", "<", "="} {
		if strings.HasPrefix(value, o) {
			op, value = o, value[len(o):]
			break
		}
	}
	s, e, ok := period(value)
	if !ok {
		return nil, bad()
	}
	switch op {
	case "", "=":
		n.From, n.To = s, e
	case ">=":
		n.From = s
	case ">":
		n.From = e
	case "<":
		n.To = s
	case "<=":
		n.To = e
	}
	return n, nil
}

// period returns the span [start, end) of a year, month or day written YYYY, YYYY-MM or YYYY-MM-DD.
func period(s string) (start, end time.Time, ok bool) {
	var layout string
	switch len(s) {
	case 4:
		layout = "2006"
	case 7:
		layout = "2006-01"
	case 10:
		layout = "2006-01-02"
	default:
		return start, end, false
	}
	t, err := time.Parse(layout, s)
	if err != nil || t.Year() < 1700 || t.Year() > 2200 {
		return start, end, false
	}
	switch len(s) {
	case 4:
		return t, t.AddDate(1, 0, 0), true
	case 7:
		return t, t.AddDate(0, 1, 0), true
	}
	return t, t.AddDate(0, 0, 1), true
}

// Walk calls fn for n and every node below it; descend tells whether it is under a NOT.
func Walk(n Node, fn func(n Node, negated bool)) {
	var walk func(n Node, neg bool)
	walk = func(n Node, neg bool) {
		if n == nil {
			return
		}
		fn(n, neg)
		switch n := n.(type) {
		case *And:
			for _, it := range n.Items {
				walk(it, neg)
			}
		case *Or:
			for _, it := range n.Items {
				walk(it, neg)
			}
		case *Not:
			walk(n.Item, !neg)
		}
	}
	walk(n, false)
}
