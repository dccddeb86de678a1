package exchange

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/assets"
)

// MaxImportBytes bounds the size of a file to import.
const MaxImportBytes = 1 << 30

// ErrNotAnExport wraps every reason a file is refused as a whole (nothing is changed).
var ErrNotAnExport = errors.New("not a valid annotation export")

// Report says what an import did: the merge's counts and every skipped item with its reason.
type Report struct {
	File   string `json:"file"`
	Format string `json:"format"` // "Gloss JSON" or "W3C Web Annotation"
	annotate.MergeReport
}

// Import reads a Gloss JSON or W3C Web Annotation file and merges it into ws as one
// undoable command. A file that is not a valid export is refused with an error wrapping
// ErrNotAnExport and changes nothing; items that cannot be merged are skipped and
// reported while the rest goes in.
func Import(ws *annotate.Workspace, r io.Reader, name string) (Report, error) {
	set, format, skips, err := Read(r, name)
	if err != nil {
		return Report{File: name, Format: format}, err
	}
	rep, err := ws.MergeAnnotations(set)
	if err != nil {
		return Report{File: name, Format: format}, fmt.Errorf("import %s: %w", name, err)
	}
	rep.Skipped = append(skips, rep.Skipped...)
	sort.SliceStable(rep.Skipped, func(i, j int) bool { return itemOrder(rep.Skipped[i].Item) < itemOrder(rep.Skipped[j].Item) })
	return Report{File: name, Format: format, MergeReport: rep}, nil
}

// itemOrder sorts skipped items as they come in the file: articles, then annotations,
// each by number.
func itemOrder(item string) int {
	var n int
	if _, err := fmt.Sscanf(item, "article %d", &n); err == nil {
		return n
	}
	if _, err := fmt.Sscanf(item, "annotation %d", &n); err == nil {
		return 1<<31 + n
	}
	return 1 << 62
}

// Read parses a file into the set to merge, without touching a workspace. skips lists
// the items of the file that are unusable on their own (the rest is still usable).
func Read(r io.Reader, name string) (set annotate.IncomingSet, format string, skips []annotate.Skip, err error) {
	refuse := func(format string, why string, args ...any) (annotate.IncomingSet, string, []annotate.Skip, error) {
		return annotate.IncomingSet{}, format, nil, fmt.Errorf("import %s: %w: %s", name, ErrNotAnExport, fmt.Sprintf(why, args...))
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if err != nil {
		return annotate.IncomingSet{}, "", nil, fmt.Errorf("import %s: %w", name, err)
	}
	if len(data) > MaxImportBytes {
		return refuse("", "the file is larger than %d MB", MaxImportBytes>>20)
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return refuse("", "it is not valid JSON (%v)", err)
	}
	label := "Import of annotations from " + baseName(name)
	switch v := doc.(type) {
	case map[string]any:
		if f, _ := v["format"].(string); f == FormatName {
			set, skips, err := readGloss(v, data)
			if err != nil {
				return refuse("Gloss JSON", "%v", err)
			}
			set.Label = label
			return set, "Gloss JSON", skips, nil
		}
		if _, ok := v["type"]; ok || v["@context"] != nil {
			set, skips, err := readW3C(v)
			if err != nil {
				return refuse("W3C Web Annotation", "%v", err)
			}
			set.Label = label
			return set, "W3C Web Annotation", skips, nil
		}
	case []any:
		set, skips, err := readW3C(v)
		if err != nil {
			return refuse("W3C Web Annotation", "%v", err)
		}
		set.Label = label
		return set, "W3C Web Annotation", skips, nil
	}
	return refuse("", "it is neither a Gloss JSON export (\"format\": %q) nor W3C Web Annotation JSON-LD", FormatName)
}

func baseName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		return name[i+1:]
	}
	return name
}

var glossSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(assets.GlossExportSchema))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const url = "https://gloss.app/schemas/gloss-export-1.schema.json"
	if err := c.AddResource(url, doc); err != nil {
		return nil, err
	}
	return c.Compile(url)
})

// ValidateGloss checks a parsed Gloss JSON document against the format's JSON Schema.
func ValidateGloss(doc any) error {
	sch, err := glossSchema()
	if err != nil {
		return fmt.Errorf("the Gloss export schema does not compile: %w", err)
	}
	return sch.Validate(doc)
}

func readGloss(v map[string]any, data []byte) (annotate.IncomingSet, []annotate.Skip, error) {
	if n, ok := v["format_version"].(json.Number); ok {
		if ver, err := n.Int64(); err == nil && ver > FormatVersion {
			return annotate.IncomingSet{}, nil, fmt.Errorf("it was written in Gloss JSON format version %d by a newer Gloss; this one reads version %d", ver, FormatVersion)
		}
	}
	// An annotation that breaks the schema is skipped on its own; anything else that
	// breaks it refuses the file.
	bad := map[int]string{}
	if err := ValidateGloss(v); err != nil {
		for _, p := range schemaProblems(err) {
			if p.annotation < 0 {
				return annotate.IncomingSet{}, nil, fmt.Errorf("it does not follow the Gloss JSON schema: %s", p)
			}
			if _, seen := bad[p.annotation]; !seen {
				bad[p.annotation] = p.inAnnotation()
			}
		}
	}
	var doc struct {
		document
		Annotations []json.RawMessage `json:"annotations"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return annotate.IncomingSet{}, nil, err
	}
	if doc.Counts.Articles != len(doc.Articles) || doc.Counts.Annotations != len(doc.Annotations) || doc.Counts.Tags != len(doc.Codebook) {
		return annotate.IncomingSet{}, nil, fmt.Errorf("it is incomplete: it announces %d articles, %d annotations and %d tags but holds %d, %d and %d",
			doc.Counts.Articles, doc.Counts.Annotations, doc.Counts.Tags, len(doc.Articles), len(doc.Annotations), len(doc.Codebook))
	}
	var set annotate.IncomingSet
	var skips []annotate.Skip
	for _, t := range doc.Codebook {
		set.Tags = append(set.Tags, annotate.IncomingTag{
			Key: t.ID, ID: t.ID, Path: strings.Split(t.Path, annotate.PathSeparator), Color: t.Color, Description: t.Description,
		})
	}
	for i, a := range doc.Articles {
		art := annotate.Article{
			ID: a.ID, Title: a.Title, Source: a.Source, URL: a.URL, Author: a.Author, Language: a.Language,
			Origin: a.Origin, Format: a.Format, SHA256: a.SHA256, Version: a.Version,
		}
		art.ImportedAt, _ = time.Parse(time.RFC3339Nano, a.ImportedAt)
		if a.Published != nil {
			art.Published, _ = time.Parse(time.RFC3339Nano, *a.Published)
		}
		in := annotate.IncomingArticle{Key: a.ID, Article: art}
		if a.Text != nil {
			in.Text = *a.Text
			if annotate.TextHash(in.Text) != a.SHA256 {
				skips = append(skips, annotate.Skip{Item: fmt.Sprintf("article %d (%s)", i+1, a.Title), Reason: "its text does not match its SHA-256: the text is not used"})
				in.Text = ""
			}
		}
		set.Articles = append(set.Articles, in)
	}
	for i, raw := range doc.Annotations {
		var a docAnnotation
		err := json.Unmarshal(raw, &a)
		item := fmt.Sprintf("annotation %d", i+1)
		if a.ID != "" {
			item += " (" + a.ID + ")"
		}
		if why, ok := bad[i]; ok || err != nil {
			if !ok {
				why = "it cannot be read: " + err.Error()
			}
			skips = append(skips, annotate.Skip{Item: item, Reason: why})
			continue
		}
		created, _ := time.Parse(time.RFC3339Nano, a.Created)
		modified, _ := time.Parse(time.RFC3339Nano, a.Modified)
		set.Annotations = append(set.Annotations, annotate.IncomingAnnotation{
			Item: item, ID: a.ID, ArticleKey: a.Article,
			Selector: annotate.Selector{Exact: a.Exact, Prefix: a.Prefix, Suffix: a.Suffix, Start: a.Start, End: a.End},
			TagKeys:  a.Tags, Note: a.Note, Author: a.Author, Created: created, Modified: modified, KeepOrphan: true,
			Origin: a.Origin, // the schema allows only "manual" and "suggested"; absent is manual
		})
	}
	return set, skips, nil
}
