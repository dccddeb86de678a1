package query

import (
	"strings"
	"unicode"
)

type tokKind int

const (
	tEOF tokKind = iota
	tWord
	tPhrase
	tLParen
	tRParen
	tOr
	tAnd
	tNot
)

// token is one lexeme. at is the 1-based column of its first character; for a fielded
// value, field holds the field name and valAt the column of the value.
type token struct {
	kind  tokKind
	text  string
	field string
	at    int
	valAt int
}

// MaxLength bounds a query, in characters.
const MaxLength = 4000

func isQuote(r rune) bool { return r == '"' || r == '“' || r == '”' || r == '„' }
func isClose(r rune) bool { return r == '"' || r == '”' || r == '“' }
func isBreak(r rune) bool { return unicode.IsSpace(r) || r == '(' || r == ')' || isQuote(r) }
func isLetters(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') {
			return false
		}
	}
	return true
}

func knownField(f string) bool {
	for _, list := range [][]string{TextFields, KeywordFields, DateFields} {
		for _, x := range list {
			if x == f {
				return true
			}
		}
	}
	_, ok := FlagFields[f]
	return ok
}

func fieldList() string {
	var all []string
	for _, list := range [][]string{KeywordFields, TextFields, DateFields} {
		for _, x := range list {
			all = append(all, x+":")
		}
	}
	return strings.Join(append(all, "has:", "is:"), " ")
}

// lex splits the query into tokens.
func lex(s string) ([]token, error) {
	rs := []rune(s)
	if len(rs) > MaxLength {
		return nil, errorf(MaxLength+1, "the query is longer than %d characters", MaxLength)
	}
	var toks []token
	i := 0
	// readQuoted reads a quoted string whose opening quote is at rs[i].
	readQuoted := func() (string, error) {
		open := i
		j := i + 1
		for j < len(rs) && !isClose(rs[j]) {
			j++
		}
		if j >= len(rs) {
			return "", errorf(open+1, "unclosed quote")
		}
		i = j + 1
		if i < len(rs) && (rs[i] == '*' || rs[i] == '~') {
			return "", errorf(i+1, "%c works on single words, not on quoted phrases", rs[i])
		}
		return string(rs[open+1 : j]), nil
	}
	for i < len(rs) {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '(':
			toks = append(toks, token{kind: tLParen, text: "(", at: i + 1})
			i++
		case r == ')':
			toks = append(toks, token{kind: tRParen, text: ")", at: i + 1})
			i++
		case isQuote(r):
			at := i + 1
			v, err := readQuoted()
			if err != nil {
				return nil, err
			}
			toks = append(toks, token{kind: tPhrase, text: v, at: at, valAt: at})
		case r == '-' && (i == 0 || isBreak(rs[i-1])):
			if i+1 >= len(rs) || unicode.IsSpace(rs[i+1]) || rs[i+1] == ')' {
				return nil, errorf(i+1, `nothing after "-"`)
			}
			toks = append(toks, token{kind: tNot, text: "-", at: i + 1})
			i++
		default:
			at := i + 1
			j := i
			for j < len(rs) && !isBreak(rs[j]) {
				j++
			}
			word := string(rs[i:j])
			i = j
			switch word {
			case "OR":
				toks = append(toks, token{kind: tOr, text: word, at: at})
				continue
			case "AND":
				toks = append(toks, token{kind: tAnd, text: word, at: at})
				continue
			case "NOT":
				toks = append(toks, token{kind: tNot, text: word, at: at})
				continue
			}
			colon := strings.IndexByte(word, ':')
			if colon <= 0 || !isLetters(word[:colon]) || strings.HasPrefix(word[colon+1:], "//") {
				toks = append(toks, token{kind: tWord, text: word, at: at, valAt: at})
				continue
			}
			field := strings.ToLower(word[:colon])
			if !knownField(field) {
				return nil, errorf(at, "unknown field %q (fields: %s)", word[:colon+1], fieldList())
			}
			value := word[colon+1:]
			valAt := at + colon + 1
			if value != "" {
				toks = append(toks, token{kind: tWord, text: value, field: field, at: at, valAt: valAt})
				continue
			}
			if i < len(rs) && isQuote(rs[i]) {
				v, err := readQuoted()
				if err != nil {
					return nil, err
				}
				toks = append(toks, token{kind: tPhrase, text: v, field: field, at: at, valAt: valAt})
				continue
			}
			if i < len(rs) && rs[i] == '(' {
				return nil, errorf(at, "%s: takes one value, not parentheses (write %s:a OR %s:b)", field, field, field)
			}
			return nil, errorf(at, "%s: needs a value", field)
		}
	}
	return append(toks, token{kind: tEOF, at: len(rs) + 1}), nil
}
