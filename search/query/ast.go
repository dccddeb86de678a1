// Package query is Gloss's search language: a lexer and parser that turn what the analyst
// types into a small syntax tree of Gloss's own. The search package compiles that tree to
// bleve queries, so another engine could be added without changing what users type.
//
// Words are ANDed, OR binds tighter than the implicit AND (as in web search engines):
// `kharkiv strike OR attack` means kharkiv AND (strike OR attack).
package query

import (
	"fmt"
	"time"
)

// Node is a node of the syntax tree. Col is the 1-based column (in code points) where the
// node starts in the query text.
type Node interface{ Col() int }

// And matches what all its items match.
type And struct {
	Items []Node
	At    int
}

// Or matches what any of its items matches.
type Or struct {
	Items []Node
	At    int
}

// Not matches what its item does not match.
type Not struct {
	Item Node
	At   int
}

// TermKind says how a term's value is matched.
type TermKind int

const (
	Word   TermKind = iota // analysed (stemmed for text fields)
	Phrase                 // "quoted": the words in this order
	Prefix                 // wor*
	Fuzzy                  // word~ or word~1
)

func (k TermKind) String() string {
	return [...]string{"word", "phrase", "prefix", "fuzzy"}[k]
}

// Term is a value searched in a field. Field is "" for the default text fields (quote,
// note, article title and body); otherwise one of TextFields or KeywordFields.
type Term struct {
	Field     string
	Value     string
	Kind      TermKind
	Fuzziness int // for Fuzzy: 1 or 2 (0 = chosen from the word's length)
	At        int
}

// Flag is has:VALUE or is:VALUE.
type Flag struct {
	Field string // "has" or "is"
	Value string // lower case
	At    int
}

// DateRange is a date field restricted to [From, To). A zero From or To is open.
type DateRange struct {
	Field    string
	From, To time.Time // UTC; To is exclusive
	At       int
}

func (n *And) Col() int       { return n.At }
func (n *Or) Col() int        { return n.At }
func (n *Not) Col() int       { return n.At }
func (n *Term) Col() int      { return n.At }
func (n *Flag) Col() int      { return n.At }
func (n *DateRange) Col() int { return n.At }

// Field names, by how their values are read.
var (
	// TextFields are analysed like the text (stemmed); they take words, phrases, prefixes and fuzzy words.
	TextFields = []string{"quote", "note", "title", "body"}
	// KeywordFields name things: a tag, an outlet, a person, a language, an article id, a URL.
	KeywordFields = []string{"tag", "source", "author", "lang", "article", "url"}
	// DateFields take a day, month or year, a comparison or a range.
	DateFields = []string{"published", "created", "modified"}
	// FlagFields take one of a few fixed values.
	FlagFields = map[string][]string{
		"has": {"note"},
		"is":  {"orphaned", "anchored", "annotation", "article"},
	}
)

// ParseError is a query the parser cannot read: Msg says why, Pos is the 1-based column
// (in characters) of the problem.
type ParseError struct {
	Pos int
	Msg string
}

func (e *ParseError) Error() string { return fmt.Sprintf("%s at column %d", e.Msg, e.Pos) }

func errorf(pos int, format string, args ...any) *ParseError {
	return &ParseError{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

// String prints the tree in a compact, unambiguous form (tests and debugging).
func String(n Node) string {
	switch n := n.(type) {
	case nil:
		return "ALL"
	case *And:
		return "AND(" + join(n.Items) + ")"
	case *Or:
		return "OR(" + join(n.Items) + ")"
	case *Not:
		return "NOT(" + String(n.Item) + ")"
	case *Term:
		f := n.Field
		if f == "" {
			f = "*"
		}
		s := fmt.Sprintf("%s:%s(%q)", f, n.Kind, n.Value)
		if n.Kind == Fuzzy && n.Fuzziness > 0 {
			s += fmt.Sprintf("~%d", n.Fuzziness)
		}
		return s
	case *Flag:
		return n.Field + ":" + n.Value
	case *DateRange:
		d := func(t time.Time) string {
			if t.IsZero() {
				return "*"
			}
			return t.Format("2006-01-02")
		}
		return fmt.Sprintf("%s:[%s,%s)", n.Field, d(n.From), d(n.To))
	}
	return "?"
}

func join(items []Node) string {
	s := ""
	for i, it := range items {
		if i > 0 {
			s += " "
		}
		s += String(it)
	}
	return s
}
