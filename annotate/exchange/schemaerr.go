package exchange

import (
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// A schemaProblem is one thing the Gloss JSON schema found wrong, in words: where it is
// ("annotation 3: start") and what is wrong there ("must be ≥ 0, got -5").
type schemaProblem struct {
	loc        []string // the instance location, e.g. ["annotations", "2", "start"]
	annotation int      // the 0-based annotation it lies in, -1 when outside the annotations
	what       string
}

// String is the whole sentence: "annotation 3: start must be ≥ 0, got -5".
func (p schemaProblem) String() string {
	if where := placeName(p.loc); where != "" {
		return where + " " + p.what
	}
	return "the file " + p.what
}

// inAnnotation is the sentence without the annotation's own name, for a skip reason:
// "start must be ≥ 0, got -5".
func (p schemaProblem) inAnnotation() string {
	if len(p.loc) <= 2 {
		return "it " + p.what
	}
	return memberName(p.loc[2:]) + " " + p.what
}

// schemaProblems turns a validation error into its most specific causes, in document
// order, one per place.
func schemaProblems(err error) []schemaProblem {
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return []schemaProblem{{annotation: -1, what: "does not follow the schema: " + err.Error()}}
	}
	var out []schemaProblem
	seen := map[string]bool{}
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				walk(c)
			}
			return
		}
		key := strings.Join(e.InstanceLocation, "/")
		if seen[key] {
			return // a oneOf reports each branch: the first says enough
		}
		seen[key] = true
		p := schemaProblem{loc: e.InstanceLocation, annotation: -1, what: kindSentence(e.ErrorKind)}
		if len(p.loc) >= 2 && p.loc[0] == "annotations" {
			if n, err := strconv.Atoi(p.loc[1]); err == nil {
				p.annotation = n
			}
		}
		out = append(out, p)
	}
	walk(ve)
	return out
}

// placeName names an instance location for a user: "annotation 3: start", "article 1:
// sha256", "tag 2 of the codebook: color", "counts: articles".
func placeName(loc []string) string {
	if len(loc) == 0 {
		return ""
	}
	items := map[string]string{"annotations": "annotation %d", "articles": "article %d", "codebook": "tag %d of the codebook"}
	if f, ok := items[loc[0]]; ok && len(loc) >= 2 {
		if n, err := strconv.Atoi(loc[1]); err == nil {
			name := fmt.Sprintf(f, n+1)
			if len(loc) == 2 {
				return name
			}
			return name + ": " + memberName(loc[2:])
		}
	}
	if len(loc) > 1 {
		return loc[0] + ": " + memberName(loc[1:])
	}
	return memberName(loc)
}

// memberName names a path inside an object: "start", "tags item 2".
func memberName(loc []string) string {
	var parts []string
	for _, s := range loc {
		if n, err := strconv.Atoi(s); err == nil {
			parts = append(parts, fmt.Sprintf("item %d", n+1))
			continue
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

// Patterns of the schema, named for users.
var patternNames = map[string]string{
	"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$": "a UUID",
	"^[0-9a-f]{64}$":    "a SHA-256 in 64 lower-case hexadecimal digits",
	"^#[0-9A-Fa-f]{6}$": "a colour of the form #RRGGBB",
	"^[^/]+$":           "a name without /",
}

// kindSentence says what a schema error kind means, as the end of a sentence whose
// subject is the place: "must be ≥ 0, got -5".
func kindSentence(k jsonschema.ErrorKind) string {
	switch k := k.(type) {
	case *kind.Minimum:
		return fmt.Sprintf("must be ≥ %s, got %s", ratString(k.Want), ratString(k.Got))
	case *kind.Maximum:
		return fmt.Sprintf("must be ≤ %s, got %s", ratString(k.Want), ratString(k.Got))
	case *kind.ExclusiveMinimum:
		return fmt.Sprintf("must be > %s, got %s", ratString(k.Want), ratString(k.Got))
	case *kind.ExclusiveMaximum:
		return fmt.Sprintf("must be < %s, got %s", ratString(k.Want), ratString(k.Got))
	case *kind.Type:
		var want []string
		for _, w := range k.Want {
			want = append(want, typeName(w))
		}
		return fmt.Sprintf("must be %s, got %s", strings.Join(want, " or "), typeName(k.Got))
	case *kind.Required:
		if len(k.Missing) == 1 {
			return fmt.Sprintf("lacks the member %q", k.Missing[0])
		}
		return fmt.Sprintf("lacks the members %s", quoteAll(k.Missing))
	case *kind.AdditionalProperties:
		return fmt.Sprintf("has members the format does not know: %s", quoteAll(k.Properties))
	case *kind.Enum:
		var want []string
		for _, w := range k.Want {
			want = append(want, valueString(w))
		}
		return fmt.Sprintf("must be one of %s, got %s", strings.Join(want, ", "), valueString(k.Got))
	case *kind.Const:
		return fmt.Sprintf("must be %s, got %s", valueString(k.Want), valueString(k.Got))
	case *kind.Format:
		if k.Want == "date-time" {
			return fmt.Sprintf("must be a date and time in RFC 3339 form (2025-12-03T10:00:00Z), got %s", valueString(k.Got))
		}
		return fmt.Sprintf("must be a valid %s, got %s", k.Want, valueString(k.Got))
	case *kind.Pattern:
		if name, ok := patternNames[k.Want]; ok {
			return fmt.Sprintf("must be %s, got %q", name, k.Got)
		}
		return fmt.Sprintf("must match %s, got %q", k.Want, k.Got)
	case *kind.MinLength:
		if k.Want == 1 {
			return "must not be empty"
		}
		return fmt.Sprintf("must have at least %d characters, got %d", k.Want, k.Got)
	case *kind.MaxLength:
		return fmt.Sprintf("must have at most %d characters, got %d", k.Want, k.Got)
	case *kind.MinItems:
		return fmt.Sprintf("must hold at least %d item%s, got %d", k.Want, plural(k.Want), k.Got)
	case *kind.MaxItems:
		return fmt.Sprintf("must hold at most %d items, got %d", k.Want, k.Got)
	case *kind.UniqueItems:
		return fmt.Sprintf("holds the same value twice (items %d and %d)", k.Duplicates[0]+1, k.Duplicates[1]+1)
	case *kind.FalseSchema:
		return "is not allowed"
	}
	return "is wrong: " + k.LocalizedString(message.NewPrinter(language.English))
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func ratString(r *big.Rat) string {
	if r == nil {
		return "?"
	}
	if r.IsInt() {
		return r.Num().String()
	}
	f, _ := r.Float64()
	return strconv.FormatFloat(f, 'g', -1, 64)
}

func typeName(t string) string {
	switch t {
	case "integer", "object", "array":
		return "an " + t
	case "null":
		return "null"
	case "string", "number", "boolean":
		return "a " + t
	}
	return t
}

func valueString(v any) string {
	switch v := v.(type) {
	case string:
		return strconv.Quote(v)
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	}
	return fmt.Sprint(v)
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}
