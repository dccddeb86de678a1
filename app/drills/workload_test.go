package drills

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/search"
)

// vocabulary of the generated articles. The stemmer leaves the probe words as they are,
// so no piece of one cut at a quote's edge stems to the word, and a whole-word scan of the
// store is the exact answer the index must give ("bridge" → "bridg" would not do: a quote
// ending in "…the bridg" finds it).
var vocabulary = strings.Fields(`the council said that a convoy crossed the bridge at dawn while
drone strikes hit the harbour and the grid; negotiators in Geneva spoke of a ceasefire, refugees
waited near the border, Київ and Харків reported shelling, officials denied any casualties and
observers counted trucks along the river road before the curfew`)

var probeWords = []string{"convoy", "harbour", "river", "Geneva", "curfew"}

// writeSources generates n article files (.txt, .md, .html in turn) into dir.
func writeSources(t testing.TB, dir string, n int, rng *rand.Rand) []string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var paths []string
	for i := 0; i < n; i++ {
		var words []string
		for w := 0; w < 150+rng.IntN(300); w++ {
			words = append(words, vocabulary[rng.IntN(len(vocabulary))])
		}
		body := fmt.Sprintf("Report %d. %s.", i, strings.Join(words, " "))
		title := fmt.Sprintf("Drill report %d", i)
		var name, data string
		switch i % 3 {
		case 0:
			name, data = fmt.Sprintf("report-%03d.txt", i), title+"\n\n"+body+"\n"
		case 1:
			name, data = fmt.Sprintf("report-%03d.md", i), "# "+title+"\n\n"+body+"\n\n*Filed by the drill.*\n"
		default:
			name = fmt.Sprintf("report-%03d.html", i)
			data = "<!doctype html><html><head><title>" + title + "</title></head><body><article><h1>" + title +
				"</h1><p>" + body + "</p><p>" + body + "</p></article></body></html>"
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

// stateHash fingerprints everything a user sees of a workspace in one snapshot: the
// codebook, the articles and every annotation with its span, quote, tags and note.
func stateHash(ws *annotate.Workspace) (string, error) {
	var lines []string
	err := ws.View(func(t *annotate.Tx) error {
		cb, err := t.Codebook()
		if err != nil {
			return err
		}
		for _, tag := range cb.Tags() {
			lines = append(lines, fmt.Sprintf("T %s %q %s %s %d", tag.ID, tag.Name, tag.ParentID, tag.Color, tag.Hotkey))
		}
		if err := t.EachArticle(func(a annotate.Article) error {
			lines = append(lines, fmt.Sprintf("A %s %s %d %q", a.ID, a.SHA256, a.Version, a.Title))
			return nil
		}); err != nil {
			return err
		}
		return t.EachAnnotation(func(a annotate.Annotation) error {
			tags := slices.Clone(a.TagIDs)
			sort.Strings(tags)
			lines = append(lines, fmt.Sprintf("N %s %s %d %d %q %v %q %s", a.ID, a.ArticleID, a.Start, a.End, a.Exact, tags, a.Note, a.State))
			return nil
		})
	})
	sort.Strings(lines)
	h := sha256.New()
	for _, l := range lines {
		fmt.Fprintln(h, l)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], err
}

// probe is a search query and the brute-force filter of the store that must agree with it.
type probe struct {
	query string
	match func(a annotate.Annotation, cb *annotate.Codebook) bool
}

// probes builds the queries to compare for the workspace as it is now: everything, notes,
// words of quotes and notes, and each drill tag (a tag finds its children's annotations).
func probes(ws *annotate.Workspace) []probe {
	ps := []probe{
		{"", func(annotate.Annotation, *annotate.Codebook) bool { return true }},
		{"has:note", func(a annotate.Annotation, _ *annotate.Codebook) bool { return a.Note != "" }},
	}
	for _, w := range probeWords {
		w := w
		ps = append(ps, probe{w, func(a annotate.Annotation, _ *annotate.Codebook) bool {
			return hasWord(a.Exact, w) || hasWord(a.Note, w)
		}})
	}
	cb, err := ws.Codebook()
	if err != nil {
		return ps
	}
	for _, tag := range cb.Tags() {
		if !strings.HasPrefix(strings.ToLower(tag.Name), "drill") {
			continue
		}
		id := tag.ID
		ps = append(ps, probe{"tag:" + tag.Name, func(a annotate.Annotation, cb *annotate.Codebook) bool {
			for _, t := range a.TagIDs {
				if t == id || cb.IsDescendant(t, id) {
					return true
				}
			}
			return false
		}})
	}
	return ps
}

// hasWord reports whether text holds word as a whole word, case-insensitively.
func hasWord(text, word string) bool {
	for _, f := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if strings.EqualFold(f, word) {
			return true
		}
	}
	return false
}

// checkSearchAgrees compares the index with a scan of the store for every probe.
func checkSearchAgrees(ws *annotate.Workspace, ix *search.Index) error {
	cb, err := ws.Codebook()
	if err != nil {
		return err
	}
	var all []annotate.Annotation
	if err := ws.EachAnnotation(func(a annotate.Annotation) error { all = append(all, a); return nil }); err != nil {
		return err
	}
	for _, p := range probes(ws) {
		got, err := ix.AnnotationIDs(p.query)
		if err != nil {
			return fmt.Errorf("search %q: %w", p.query, err)
		}
		var want []string
		for _, a := range all {
			if p.match(a, cb) {
				want = append(want, a.ID)
			}
		}
		sort.Strings(got)
		sort.Strings(want)
		if !slices.Equal(got, want) {
			var detail []string
			for _, id := range append(minus(got, want), minus(want, got)...) {
				if a, err := ws.Annotation(id); err == nil {
					detail = append(detail, fmt.Sprintf("%s: quote %q note %q tags %v", id, a.Exact, a.Note, a.TagIDs))
				} else {
					detail = append(detail, fmt.Sprintf("%s: %v", id, err))
				}
			}
			return fmt.Errorf("search %q: the index finds %d annotations, the store has %d (index only: %v; store only: %v)\n%s",
				p.query, len(got), len(want), minus(got, want), minus(want, got), strings.Join(detail, "\n"))
		}
	}
	return nil
}

func minus(a, b []string) []string {
	var out []string
	for _, x := range a {
		if _, found := slices.BinarySearch(b, x); !found {
			out = append(out, x)
		}
	}
	if len(out) > 5 {
		out = append(out[:5], "…")
	}
	return out
}

// checkConsistent checks the invariants no half-applied command may break: every
// annotation is in an existing article, carries existing tags, and (when anchored) its
// quote is the text at its span.
func checkConsistent(ws *annotate.Workspace) error {
	return ws.View(func(t *annotate.Tx) error {
		cb, err := t.Codebook()
		if err != nil {
			return err
		}
		texts := map[string]string{}
		if err := t.EachArticle(func(a annotate.Article) error {
			texts[a.ID] = t.Text(a.ID)
			if annotate.CodePoints(texts[a.ID]) != a.Length {
				return fmt.Errorf("article %s: length %d, text has %d code points", a.ID, a.Length, annotate.CodePoints(texts[a.ID]))
			}
			return nil
		}); err != nil {
			return err
		}
		return t.EachAnnotation(func(a annotate.Annotation) error {
			text, ok := texts[a.ArticleID]
			if !ok {
				return fmt.Errorf("annotation %s: its article %s is missing", a.ID, a.ArticleID)
			}
			for _, id := range a.TagIDs {
				if _, ok := cb.Tag(id); !ok {
					return fmt.Errorf("annotation %s: its tag %s is missing", a.ID, id)
				}
			}
			if a.State == annotate.Anchored && annotate.Slice(text, a.Start, a.End) != a.Exact {
				return fmt.Errorf("annotation %s: quote %q is not the text at %d–%d", a.ID, a.Exact, a.Start, a.End)
			}
			return nil
		})
	})
}
