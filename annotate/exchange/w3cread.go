package exchange

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"

	"gloss.app/gloss/annotate"
)

// w3cNamespace derives stable annotation ids from the ids (or content) of annotations
// made by other tools, so that importing the same file twice never duplicates them.
var w3cNamespace = uuid.MustParse("6f1c54a2-8d0e-4c53-9a55-5b0f3ad1c2e7")

// fallbackTag tags W3C annotations that carry no tagging body (a Gloss annotation needs one).
const fallbackTag = "Imported"

// readW3C reads a single annotation, an array of them, an AnnotationPage or an
// AnnotationCollection with embedded pages.
func readW3C(doc any) (annotate.IncomingSet, []annotate.Skip, error) {
	items, err := w3cItems(doc)
	if err != nil {
		return annotate.IncomingSet{}, nil, err
	}
	if len(items) == 0 {
		return annotate.IncomingSet{}, nil, fmt.Errorf("it holds no annotations")
	}
	r := w3cReader{articles: map[string]bool{}, tags: map[string]annotate.IncomingTag{}}
	for i, it := range items {
		r.annotation(i+1, it)
	}
	keys := make([]string, 0, len(r.tags))
	for k := range r.tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		r.set.Tags = append(r.set.Tags, r.tags[k])
	}
	return r.set, r.skips, nil
}

// w3cItems flattens the document into its annotations.
func w3cItems(doc any) ([]any, error) {
	switch v := doc.(type) {
	case []any:
		var out []any
		for _, x := range v {
			sub, err := w3cItems(x)
			if err != nil {
				return nil, err
			}
			out = append(out, sub...)
		}
		return out, nil
	case map[string]any:
		switch {
		case hasType(v, "AnnotationCollection"):
			var out []any
			page := v["first"]
			for n := 0; page != nil && n < 100_000; n++ {
				p, ok := page.(map[string]any)
				if !ok {
					return nil, fmt.Errorf("its collection's pages are not embedded in the file (first is %v)", page)
				}
				items, _ := p["items"].([]any)
				out = append(out, items...)
				page = p["next"]
				if _, isRef := page.(string); isRef {
					return nil, fmt.Errorf("its collection's later pages are not embedded in the file")
				}
			}
			return out, nil
		case hasType(v, "AnnotationPage"):
			items, _ := v["items"].([]any)
			return items, nil
		case hasType(v, "Annotation"):
			return []any{v}, nil
		}
	}
	return nil, fmt.Errorf("it is not an Annotation, an array of them, an AnnotationPage or an AnnotationCollection")
}

func hasType(v map[string]any, want string) bool {
	for _, t := range strings1(v["type"]) {
		if t == want || t == "oa:"+want {
			return true
		}
	}
	return false
}

// strings1 reads a JSON-LD value that may be one string or an array of strings.
func strings1(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// objects1 reads a JSON-LD value that may be one object or an array of them; bare strings
// (IRIs) become {"id": s}.
func objects1(v any) []map[string]any {
	switch x := v.(type) {
	case map[string]any:
		return []map[string]any{x}
	case string:
		return []map[string]any{{"id": x}}
	case []any:
		var out []map[string]any
		for _, e := range x {
			out = append(out, objects1(e)...)
		}
		return out
	}
	return nil
}

type w3cReader struct {
	set      annotate.IncomingSet
	skips    []annotate.Skip
	articles map[string]bool
	tags     map[string]annotate.IncomingTag
}

func (r *w3cReader) skip(item, format string, args ...any) {
	r.skips = append(r.skips, annotate.Skip{Item: item, Reason: fmt.Sprintf(format, args...)})
}

func (r *w3cReader) annotation(n int, raw any) {
	item := fmt.Sprintf("annotation %d", n)
	v, ok := raw.(map[string]any)
	if !ok {
		r.skip(item, "it is not a JSON object")
		return
	}
	rawID, _ := v["id"].(string)
	if rawID != "" {
		item += " (" + rawID + ")"
	}
	if !hasType(v, "Annotation") {
		r.skip(item, "its type is not Annotation")
		return
	}
	source, sel, why := readTarget(v["target"])
	if why != "" {
		r.skip(item, "%s", why)
		return
	}
	in := annotate.IncomingAnnotation{Item: item, ArticleKey: source, Selector: sel}
	in.ID = w3cAnnotationID(rawID, v)
	in.Author = w3cCreator(v["creator"])
	in.Origin = w3cOrigin(v["generator"])
	in.Created = w3cTime(v["created"])
	in.Modified = w3cTime(v["modified"])
	if in.Modified.IsZero() {
		in.Modified = in.Created
	}
	motivations := strings1(v["motivation"])
	var notes []string
	addTag := func(id, value string) {
		key, tag := "", annotate.IncomingTag{}
		if id != "" {
			key = "id:" + id
			tag = annotate.IncomingTag{Key: key, ID: id, Path: splitPath(value)}
		} else {
			key = "path:" + strings.ToLower(strings.Join(splitPath(value), annotate.PathSeparator))
			tag = annotate.IncomingTag{Key: key, Path: splitPath(value)}
		}
		if _, seen := r.tags[key]; !seen {
			r.tags[key] = tag
		}
		in.TagKeys = append(in.TagKeys, key)
	}
	for _, b := range objects1(v["body"]) {
		value, ok := b["value"].(string)
		if !ok || strings.TrimSpace(value) == "" {
			continue // an external body (an IRI) or an empty one: nothing Gloss can keep
		}
		purposes := strings1(b["purpose"])
		if len(purposes) == 0 {
			purposes = motivations
		}
		switch {
		case contains(purposes, purposeTagging):
			addTag(urnUUID(stringOf(b["id"])), value)
		default: // commenting, describing, replying, … : the note
			notes = append(notes, strings.TrimSpace(value))
		}
	}
	if bv, ok := v["bodyValue"].(string); ok && strings.TrimSpace(bv) != "" {
		if contains(motivations, purposeTagging) && !contains(motivations, purposeComment) {
			addTag("", bv)
		} else {
			notes = append(notes, strings.TrimSpace(bv))
		}
	}
	in.Note = strings.Join(notes, "\n\n")
	if len(in.TagKeys) == 0 {
		addTag("", fallbackTag)
	}
	if !r.articles[source] {
		r.articles[source] = true
		r.set.Articles = append(r.set.Articles, sourceArticle(source))
	}
	r.set.Annotations = append(r.set.Annotations, in)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s || x == "oa:"+s {
			return true
		}
	}
	return false
}

func stringOf(v any) string { s, _ := v.(string); return s }

func splitPath(value string) []string {
	var out []string
	for _, p := range strings.Split(value, annotate.PathSeparator) {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// sourceArticle is the article a target's source names: urn:sha256:<hex> by the SHA-256
// of its text (how Gloss names articles without a URL), urn:uuid:<id> by its id (older
// Gloss exports), anything else by its URL (normalised by the merge as article import
// normalises URLs) or the address it was imported from.
func sourceArticle(source string) annotate.IncomingArticle {
	art := annotate.IncomingArticle{Key: source}
	if h := urnSHA256(source); h != "" {
		art.Article.SHA256 = h
	} else if id := urnUUID(source); id != "" {
		art.Article.ID = id
	} else {
		art.Article.URL, art.Origin = source, source
	}
	return art
}

// urnSHA256 returns the hex digest of "urn:sha256:<hex>", else "".
func urnSHA256(s string) string {
	rest, ok := strings.CutPrefix(strings.ToLower(strings.TrimSpace(s)), textURNPrefix)
	if !ok || len(rest) != 64 {
		return ""
	}
	for _, c := range rest {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return ""
		}
	}
	return rest
}

// urnUUID returns X of "urn:uuid:X" when X is a UUID, else "".
func urnUUID(s string) string {
	rest, ok := strings.CutPrefix(strings.ToLower(strings.TrimSpace(s)), "urn:uuid:")
	if !ok {
		return ""
	}
	if u, err := uuid.Parse(rest); err == nil && len(rest) == 36 {
		return u.String()
	}
	return ""
}

// w3cAnnotationID keeps a Gloss id (urn:uuid:…) and derives a stable UUID from any other
// id, or from the annotation's content when it has none.
func w3cAnnotationID(rawID string, v map[string]any) string {
	if id := urnUUID(rawID); id != "" {
		return id
	}
	if rawID != "" {
		return uuid.NewSHA1(w3cNamespace, []byte("id:"+rawID)).String()
	}
	content, _ := json.Marshal([]any{v["target"], v["body"], v["bodyValue"], v["created"], v["creator"]})
	return uuid.NewSHA1(w3cNamespace, content).String()
}

// readTarget finds the first target with a source and a usable text selector; why says
// what is wrong when there is none.
func readTarget(t any) (source string, sel annotate.Selector, why string) {
	why = "its target has no source with a TextQuoteSelector or TextPositionSelector"
	for _, target := range objects1(t) {
		source := ""
		switch s := target["source"].(type) {
		case string:
			source = s
		case map[string]any:
			source = stringOf(s["id"])
		}
		if source == "" {
			continue
		}
		sel := annotate.Selector{Start: -1, End: -1}
		found := false
		for _, s := range objects1(target["selector"]) {
			switch {
			case hasType(s, "TextQuoteSelector"):
				exact := stringOf(s["exact"])
				if exact == "" {
					why = "its TextQuoteSelector has no exact text"
					continue
				}
				sel.Exact, sel.Prefix, sel.Suffix = exact, stringOf(s["prefix"]), stringOf(s["suffix"])
				found = true
			case hasType(s, "TextPositionSelector"):
				start, end, bad := readPosition(s)
				if bad != "" {
					why = "its TextPositionSelector " + bad
					continue
				}
				sel.Start, sel.End = start, end
				found = true
			}
		}
		if found {
			return source, sel, ""
		}
	}
	return "", annotate.Selector{}, why
}

// readPosition reads a TextPositionSelector; bad says in words what is wrong with it.
func readPosition(s map[string]any) (start, end int, bad string) {
	start, why := offsetOf(s, "start")
	if why != "" {
		return 0, 0, why
	}
	end, why = offsetOf(s, "end")
	if why != "" {
		return 0, 0, why
	}
	if end <= start {
		return 0, 0, fmt.Sprintf("end must be greater than start, got start %d and end %d", start, end)
	}
	return start, end, ""
}

// offsetOf reads a code-point offset member.
func offsetOf(s map[string]any, name string) (int, string) {
	v, ok := s[name]
	if !ok {
		return 0, "lacks " + name
	}
	var f float64
	switch n := v.(type) {
	case json.Number:
		var err error
		if f, err = n.Float64(); err != nil {
			return 0, fmt.Sprintf("%s must be a whole number, got %s", name, n)
		}
	case float64:
		f = n
	default:
		return 0, fmt.Sprintf("%s must be a whole number, got %s", name, valueString(v))
	}
	switch {
	case f != float64(int64(f)):
		return 0, fmt.Sprintf("%s must be a whole number, got %v", name, f)
	case f < 0:
		return 0, fmt.Sprintf("%s must be ≥ 0, got %v", name, f)
	case f >= 1<<31:
		return 0, fmt.Sprintf("%s is beyond any text, got %v", name, f)
	}
	return int(f), ""
}

// w3cCreator reads a creator given as a name object, a string or an array (first wins).
func w3cCreator(v any) string {
	for _, c := range objects1(v) {
		for _, k := range []string{"name", "nickname", "id"} {
			if s := strings.TrimSpace(stringOf(c[k])); s != "" {
				return s
			}
		}
	}
	return ""
}

// w3cOrigin reads how an annotation came to be from its generator: Gloss's suggestions
// agent makes it an accepted suggestion; any other generator (another tool's client) says
// nothing about that, so the annotation is manual.
func w3cOrigin(v any) string {
	for _, g := range objects1(v) {
		if stringOf(g["id"]) == suggestionsAgentID {
			return annotate.OriginSuggested
		}
	}
	return ""
}

func w3cTime(v any) time.Time {
	s := strings.TrimSpace(stringOf(v))
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}
