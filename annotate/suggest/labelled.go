package suggest

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"gloss.app/gloss/annotate"
)

// The labelled-text format of the evaluation and development sets (testdata/suggest):
//
//	# a comment
//	=== Title of the article
//	@source: Outlet
//	@lang: en
//	@date: 2025-01-14
//	One sentence per line. [A coded passage]{energy} stays in its sentence.
//	[Another passage]{energy,civilians|a note} has two tags and a note.
//
//	A blank line starts a new paragraph.
//
// Sentences of a paragraph are joined by a space, paragraphs by a blank line. Tag keys
// name tags of the default codebook (LabelledTags).

// LabelledTags maps the tag keys of the labelled files to default-codebook paths.
var LabelledTags = map[string]string{
	"battle":     "Military developments/Battlefield developments",
	"front":      "Military developments/Territory & front line",
	"energy":     "Military developments/Energy attacks",
	"ceasefire":  "Diplomacy/Ceasefire & negotiations",
	"guarantees": "Diplomacy/Security guarantees",
	"nato":       "Diplomacy/NATO & alliances",
	"aid":        "Military aid & limits on forces",
	"sanctions":  "Sanctions & frozen assets",
	"corruption": "Corruption",
	"civilians":  "Civilians & humanitarian",
	"claims":     "Claims & disinformation",
}

// LabelledArticle is one article of a labelled file.
type LabelledArticle struct {
	File      string
	Title     string
	Source    string
	Language  string
	Published time.Time
	Text      string   // as it will be stored: sentences joined, paragraphs apart
	Sentences []string // the lines, markup removed, in order
	Spans     []LabelledSpan
}

// LabelledSpan is a coded passage: code points of Text, tag keys and a note.
type LabelledSpan struct {
	Start, End int
	Tags       []string
	Note       string
}

// ParseLabelled reads a labelled file.
func ParseLabelled(r io.Reader, name string) ([]LabelledArticle, error) {
	var out []LabelledArticle
	var cur *LabelledArticle
	var text []rune
	para := false // the current paragraph has a sentence
	finish := func() {
		if cur != nil {
			cur.Text = strings.TrimRight(string(text), "\n")
			out = append(out, *cur)
		}
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), " \t")
		where := fmt.Sprintf("%s:%d", name, n)
		switch {
		case strings.HasPrefix(line, "#"):
			continue
		case strings.HasPrefix(line, "==="):
			finish()
			cur = &LabelledArticle{File: name, Title: strings.TrimSpace(strings.TrimPrefix(line, "==="))}
			text, para = nil, false
			continue
		case cur == nil && strings.TrimSpace(line) != "":
			return nil, fmt.Errorf("%s: text before the first '=== Title' line", where)
		case cur == nil:
			continue
		case strings.HasPrefix(line, "@"):
			key, val, ok := strings.Cut(line[1:], ":")
			val = strings.TrimSpace(val)
			switch strings.TrimSpace(key) {
			case "source":
				cur.Source = val
			case "lang":
				cur.Language = val
			case "date":
				t, err := time.Parse("2006-01-02", val)
				if err != nil {
					return nil, fmt.Errorf("%s: bad date %q", where, val)
				}
				cur.Published = t
			default:
				ok = false
			}
			if !ok {
				return nil, fmt.Errorf("%s: unknown header %q", where, line)
			}
			continue
		case strings.TrimSpace(line) == "":
			if para {
				text = append(text, '\n', '\n')
				para = false
			}
			continue
		}
		if para {
			text = append(text, ' ')
		} else if len(text) > 0 && text[len(text)-1] != '\n' {
			text = append(text, '\n', '\n')
		}
		plain, spans, err := parseMarkup(line, len(text))
		if err != nil {
			return nil, fmt.Errorf("%s: %v", where, err)
		}
		text = append(text, []rune(plain)...)
		cur.Sentences = append(cur.Sentences, plain)
		cur.Spans = append(cur.Spans, spans...)
		para = true
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	finish()
	return out, nil
}

// parseMarkup removes "[passage]{tags|note}" markup from a line, returning the plain text
// and the passages as code points offset by base.
func parseMarkup(line string, base int) (string, []LabelledSpan, error) {
	var plain []rune
	var spans []LabelledSpan
	rs := []rune(line)
	for i := 0; i < len(rs); i++ {
		switch rs[i] {
		case '[':
			close := indexRune(rs, i+1, ']')
			if close < 0 || close+1 >= len(rs) || rs[close+1] != '{' {
				return "", nil, fmt.Errorf("'[' at column %d has no ']{tags}'", i+1)
			}
			end := indexRune(rs, close+2, '}')
			if end < 0 {
				return "", nil, fmt.Errorf("'{' at column %d is not closed", close+2)
			}
			inner := rs[i+1 : close]
			if indexRune(inner, 0, '[') >= 0 {
				return "", nil, fmt.Errorf("nested '[' at column %d", i+1)
			}
			spec := string(rs[close+2 : end])
			keys, note, _ := strings.Cut(spec, "|")
			sp := LabelledSpan{Start: base + len(plain), End: base + len(plain) + len(inner), Note: strings.TrimSpace(note)}
			for _, k := range strings.Split(keys, ",") {
				k = strings.TrimSpace(k)
				if _, ok := LabelledTags[k]; !ok {
					return "", nil, fmt.Errorf("unknown tag key %q", k)
				}
				sp.Tags = append(sp.Tags, k)
			}
			if strings.TrimSpace(string(inner)) == "" {
				return "", nil, fmt.Errorf("empty passage at column %d", i+1)
			}
			plain = append(plain, inner...)
			spans = append(spans, sp)
			i = end
		case ']', '{', '}':
			return "", nil, fmt.Errorf("stray %q at column %d", rs[i], i+1)
		default:
			plain = append(plain, rs[i])
		}
	}
	return string(plain), spans, nil
}

func indexRune(rs []rune, from int, r rune) int {
	for i := from; i < len(rs); i++ {
		if rs[i] == r {
			return i
		}
	}
	return -1
}

// ReadLabelledDir parses every *.txt file of a folder, in name order.
func ReadLabelledDir(dir string) ([]LabelledArticle, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var out []LabelledArticle
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			return nil, err
		}
		arts, err := ParseLabelled(fh, filepath.Base(f))
		fh.Close()
		if err != nil {
			return nil, err
		}
		out = append(out, arts...)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no labelled articles in %s", dir)
	}
	return out, nil
}

// ImportLabelled adds labelled articles to a workspace with the default codebook and
// codes their passages through the ordinary commands (as the analyst would).
func ImportLabelled(ws *annotate.Workspace, arts []LabelledArticle) (annotations int, err error) {
	cb, err := ws.Codebook()
	if err != nil {
		return 0, err
	}
	ids := map[string]string{}
	for key, path := range LabelledTags {
		t, err := cb.Resolve(path)
		if err != nil {
			return 0, fmt.Errorf("the labelled sets need the default codebook: %w", err)
		}
		ids[key] = t.ID
	}
	for _, a := range arts {
		res, err := ws.AddArticle(annotate.ArticleDraft{Title: a.Title, Source: a.Source, Language: a.Language,
			Published: a.Published, Format: "txt", Origin: a.File, Text: a.Text})
		if err != nil {
			return annotations, fmt.Errorf("%s: %q: %w", a.File, a.Title, err)
		}
		for _, sp := range a.Spans {
			var tags []string
			for _, k := range sp.Tags {
				tags = append(tags, ids[k])
			}
			if _, _, err := ws.Annotate(annotate.AnnotationDraft{ArticleID: res.Article.ID, Start: sp.Start, End: sp.End, TagIDs: tags, Note: sp.Note}); err != nil {
				return annotations, fmt.Errorf("%s: %q: %w", a.File, a.Title, err)
			}
			annotations++
		}
	}
	return annotations, nil
}
