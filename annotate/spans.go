package annotate

import (
	"encoding/json"
	"fmt"

	"github.com/valyala/fastjson"
)

// AnnotationSpan is what measures over many annotations need of each: where it is, what
// it says and who made it, without its quote and note.
type AnnotationSpan struct {
	ID        string
	ArticleID string
	Start     int
	End       int
	TagIDs    []string
	Author    string
	State     AnnotationState
}

// EachAnnotationSpan calls fn for every annotation the transaction shows, reading only
// the fields of an AnnotationSpan: several times faster than EachAnnotation over a large
// workspace (the quote, its context and the note are skipped, not decoded).
func (t *Tx) EachAnnotationSpan(fn func(AnnotationSpan) error) error {
	var p fastjson.Parser
	in := interner{}
	return t.b.Bucket(bAnnotations).ForEach(func(k, raw []byte) error {
		if t.hidden[string(k)] {
			return nil
		}
		s, err := decodeSpan(&p, in, raw)
		if err != nil {
			return fmt.Errorf("read annotation %s: %w", k, err)
		}
		return fn(s)
	})
}

// interner shares one string among the many annotations of an article, author or tag.
type interner map[string]string

func (in interner) get(b []byte) string {
	if s, ok := in[string(b)]; ok {
		return s
	}
	s := string(b)
	in[s] = s
	return s
}

func decodeSpan(p *fastjson.Parser, in interner, raw []byte) (AnnotationSpan, error) {
	v, err := p.ParseBytes(raw)
	if err != nil || v.Type() != fastjson.TypeObject {
		// Let the standard decoder word what is wrong.
		var a Annotation
		if err := json.Unmarshal(raw, &a); err != nil {
			return AnnotationSpan{}, err
		}
		return AnnotationSpan{ID: a.ID, ArticleID: a.ArticleID, Start: a.Start, End: a.End, TagIDs: a.TagIDs, Author: a.Author, State: a.State}, nil
	}
	s := AnnotationSpan{
		ID:        string(v.GetStringBytes("id")),
		ArticleID: in.get(v.GetStringBytes("article")),
		Start:     v.GetInt("start"),
		End:       v.GetInt("end"),
		Author:    in.get(v.GetStringBytes("author")),
		State:     AnnotationState(in.get(v.GetStringBytes("state"))),
	}
	tags := v.GetArray("tags")
	if len(tags) > 0 {
		s.TagIDs = make([]string, 0, len(tags))
		for _, tag := range tags {
			s.TagIDs = append(s.TagIDs, in.get(tag.GetStringBytes()))
		}
	}
	return s, nil
}
