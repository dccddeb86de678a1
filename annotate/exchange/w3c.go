package exchange

import (
	"bufio"
	"bytes"
	"encoding/json"

	"github.com/google/uuid"

	"gloss.app/gloss/annotate"
)

// W3C Web Annotation vocabulary used by the writer and the reader.
const (
	annoContext    = "http://www.w3.org/ns/anno.jsonld" // exactly this: the MUST tests expect http
	purposeTagging = "tagging"
	purposeComment = "commenting"
)

type w3cAnnotation struct {
	Context    string    `json:"@context"`
	ID         string    `json:"id"`
	Type       string    `json:"type"`
	Motivation any       `json:"motivation"`
	Creator    *w3cAgent `json:"creator,omitempty"`
	Generator  *w3cAgent `json:"generator,omitempty"` // suggestionsAgent for an accepted suggestion
	Created    string    `json:"created"`
	Modified   string    `json:"modified"`
	Body       []w3cBody `json:"body"`
	Target     w3cTarget `json:"target"`
}

type w3cAgent struct {
	ID   string `json:"id,omitempty"`
	Type string `json:"type"`
	Name string `json:"name"`
}

// suggestionsAgentID names Gloss's suggestions as a W3C Agent. An annotation the analyst
// accepted from a suggestion keeps the analyst as its creator (the Person responsible for
// it) and names this Software as its generator (what proposed it); the reader maps it
// back to annotate.OriginSuggested. Manual annotations have no annotation-level
// generator (the collection's names the Gloss that wrote the file).
const suggestionsAgentID = "https://gloss.app/ns/suggestions"

var suggestionsAgent = w3cAgent{ID: suggestionsAgentID, Type: "Software", Name: "Gloss suggestions (accepted by the analyst)"}

type w3cBody struct {
	ID       string `json:"id,omitempty"`
	Type     string `json:"type"`
	Purpose  string `json:"purpose"`
	Value    string `json:"value"`
	Format   string `json:"format,omitempty"`
	Language string `json:"language,omitempty"`
}

type w3cTarget struct {
	Source   string        `json:"source"`
	Selector []w3cSelector `json:"selector"`
}

type w3cSelector struct {
	Type   string `json:"type"`
	Exact  string `json:"exact,omitempty"`
	Prefix string `json:"prefix,omitempty"`
	Suffix string `json:"suffix,omitempty"`
	Start  *int   `json:"start,omitempty"`
	End    *int   `json:"end,omitempty"`
}

// w3cEncoder streams an AnnotationCollection whose first (and only) page embeds every
// annotation. total comes after the page, when it is known.
type w3cEncoder struct {
	w      *bufio.Writer
	buf    bytes.Buffer
	enc    *json.Encoder
	cb     *annotate.Codebook
	header docHeader
	st     Stats
}

func newW3CEncoder(w *bufio.Writer) *w3cEncoder {
	e := &w3cEncoder{w: w}
	e.enc = json.NewEncoder(&e.buf)
	e.enc.SetEscapeHTML(false)
	return e
}

func (e *w3cEncoder) begin(h docHeader, cb *annotate.Codebook) error {
	e.header, e.cb = h, cb
	label := "Gloss export"
	if h.Query != "" {
		label += ": " + h.Query
	}
	head, err := json.Marshal(map[string]any{"label": label})
	if err != nil {
		return err
	}
	// head is {"label":"..."}: keep its member, add ours around it.
	e.w.WriteString("{\n  \"@context\": \"" + annoContext + "\",\n")
	e.w.WriteString("  \"id\": \"urn:uuid:" + uuid.NewString() + "\",\n")
	e.w.WriteString("  \"type\": \"AnnotationCollection\",\n  ")
	e.w.Write(head[1 : len(head)-1])
	e.w.WriteString(",\n  \"created\": \"" + h.Created + "\",\n")
	e.w.WriteString("  \"generator\": {\"type\": \"Software\", \"name\": \"Gloss " + jsonSafe(h.AppVersion) + "\"},\n")
	e.w.WriteString("  \"first\": {\n    \"id\": \"urn:uuid:" + uuid.NewString() + "\",\n")
	_, err = e.w.WriteString("    \"type\": \"AnnotationPage\",\n    \"startIndex\": 0,\n    \"items\": [\n")
	return err
}

// jsonSafe drops what would need escaping inside a hand-written JSON string.
func jsonSafe(s string) string {
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}

func (e *w3cEncoder) article(annotate.Article) error { e.st.Articles++; return nil }

func (e *w3cEncoder) annotation(art annotate.Article, a annotate.Annotation) error {
	if e.st.Annotations > 0 {
		e.w.WriteString(",\n")
	}
	e.st.Annotations++
	e.buf.Reset()
	if err := e.enc.Encode(toW3C(e.cb, art, a)); err != nil {
		return err
	}
	e.w.WriteString("      ")
	_, err := e.w.Write(bytes.TrimRight(e.buf.Bytes(), "\n"))
	return err
}

func (e *w3cEncoder) end(_ *annotate.Codebook, used []string) error {
	e.st.Tags = len(used)
	e.w.WriteString("\n    ]\n  },\n")
	b, _ := json.Marshal(e.st.Annotations)
	e.w.WriteString("  \"total\": " + string(b) + "\n}\n")
	return nil
}

func (e *w3cEncoder) stats() Stats { return e.st }

// toW3C maps an annotation to a W3C Web Annotation: one tagging body per tag (its full
// path; a TextualBody with an id would count as an external resource, which may not
// have a purpose), the note as a commenting body, the target's
// source the article's URL (or its urn:sha256), quote and position selectors in code points.
func toW3C(cb *annotate.Codebook, art annotate.Article, a annotate.Annotation) w3cAnnotation {
	out := w3cAnnotation{
		Context: annoContext, ID: "urn:uuid:" + a.ID, Type: "Annotation",
		Created: formatTime(a.Created), Modified: formatTime(a.Modified),
		Body: []w3cBody{},
	}
	if a.Author != "" {
		out.Creator = &w3cAgent{Type: "Person", Name: a.Author}
	}
	if a.FromSuggestion() {
		gen := suggestionsAgent
		out.Generator = &gen
	}
	for _, id := range a.TagIDs {
		path := id
		if _, ok := cb.Tag(id); ok {
			path = cb.Path(id)
		}
		out.Body = append(out.Body, w3cBody{Type: "TextualBody", Purpose: purposeTagging, Value: path})
	}
	if a.Note != "" {
		out.Body = append(out.Body, w3cBody{Type: "TextualBody", Purpose: purposeComment, Value: a.Note, Format: "text/plain", Language: art.Language})
		out.Motivation = []string{purposeTagging, purposeComment}
	} else {
		out.Motivation = purposeTagging
	}
	start, end := a.Start, a.End
	out.Target = w3cTarget{
		Source: articleSource(art),
		Selector: []w3cSelector{
			{Type: "TextQuoteSelector", Exact: a.Exact, Prefix: a.Prefix, Suffix: a.Suffix},
			{Type: "TextPositionSelector", Start: &start, End: &end},
		},
	}
	return out
}

// articleSource is how W3C exports name an article: its URL, else a URN of its text's
// SHA-256 (urn:sha256:<hex>), which any workspace holding the same text can match.
func articleSource(a annotate.Article) string {
	if a.URL != "" {
		return a.URL
	}
	return textURNPrefix + a.SHA256
}

// textURNPrefix starts the URN that names an article by the SHA-256 of its canonical text.
const textURNPrefix = "urn:sha256:"
