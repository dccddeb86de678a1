package annotate

import (
	"encoding/json"
	"fmt"
	"path"
	"time"

	"gloss.app/gloss/assets"
)

type sampleArticle struct {
	File        string    `json:"file"`
	Title       string    `json:"title"`
	Source      string    `json:"source"`
	Author      string    `json:"author"`
	Published   time.Time `json:"published"`
	Language    string    `json:"language"`
	Annotations []struct {
		Quote string   `json:"quote"`
		Tags  []string `json:"tags"`
		Note  string   `json:"note"`
	} `json:"annotations"`
}

// AddSamples imports the sample articles shipped in assets/samples with their
// annotations, through the ordinary commands. The GUI calls it for a new workspace.
func (ws *Workspace) AddSamples() error {
	raw, err := assets.Samples.ReadFile("samples/samples.json")
	if err != nil {
		return err
	}
	var samples []sampleArticle
	if err := json.Unmarshal(raw, &samples); err != nil {
		return fmt.Errorf("sample list: %w", err)
	}
	cb, err := ws.Codebook()
	if err != nil {
		return err
	}
	for _, s := range samples {
		text, err := assets.Samples.ReadFile(path.Join("samples", s.File))
		if err != nil {
			return err
		}
		res, err := ws.AddArticle(ArticleDraft{
			Title: s.Title, Source: s.Source, Author: s.Author, Published: s.Published,
			Language: s.Language, Origin: "sample:" + s.File, Format: "txt", Text: string(text),
		})
		if err != nil {
			return err
		}
		if res.Status != StatusImported {
			continue
		}
		for _, a := range s.Annotations {
			start, end, err := ws.FindQuote(res.Article.ID, a.Quote, 1)
			if err != nil {
				return fmt.Errorf("sample %s: %w", s.File, err)
			}
			var ids []string
			for _, name := range a.Tags {
				tag, err := cb.Resolve(name)
				if err != nil {
					return fmt.Errorf("sample %s: %w", s.File, err)
				}
				ids = append(ids, tag.ID)
			}
			if _, _, err := ws.Annotate(AnnotationDraft{ArticleID: res.Article.ID, Start: start, End: end, TagIDs: ids, Note: a.Note}); err != nil {
				return fmt.Errorf("sample %s: %w", s.File, err)
			}
		}
	}
	return nil
}
