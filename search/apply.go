package search

import (
	"errors"
	"fmt"
	"os"

	"github.com/blevesearch/bleve/v2"
	"gloss.app/gloss/annotate"
)

// Apply brings the index in step with a committed change (annotate.Indexer). Documents
// are derived again from the store: the changed annotations and articles, the annotations
// the store lists for changed articles (they carry copies of article fields) and the
// annotations carrying a moved or deleted tag or one of its children (their documents
// list their tags' ancestors). A rename changes no document: tag names are resolved when a query is read.
// A failed or panicking write breaks the index (see health.go): the store keeps the
// change, and the index is rebuilt from it.
//
// Apply returns once the change is searchable; it does not wait for the disk. The
// revision it brings the index to is written in the same batches, so an index that lost
// its last batches in a crash knows it and catches up from the store's journal.
func (ix *Index) Apply(ch annotate.ChangeSet, rev uint64) error {
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	return ix.apply(ch, rev, true)
}

func (ix *Index) apply(ch annotate.ChangeSet, rev uint64, live bool) error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if err := ix.usable(); err != nil {
		return err
	}
	parts := ix.parts
	if parts == nil {
		return errClosed
	}
	defer ix.facets.clear()
	return ix.guard("update search index", func() error { return ix.applyTo(parts, ch, rev, live) })
}

// applyTo is apply inside the guard. Errors of bleve break the index; errors of the store
// (read in its own transaction) are returned as they are.
func (ix *Index) applyTo(parts []*part, ch annotate.ChangeSet, rev uint64, live bool) error {
	if len(ch.Tags) == 0 {
		ix.codebookUnchangedUntil(rev)
	}
	cb, err := ix.codebook()
	if err != nil {
		return err
	}
	anns := parts[annotationsPart]
	annIDs := map[string]bool{}
	for _, id := range ch.Annotations {
		annIDs[id] = true
	}
	more := func(field, term string) error {
		ids, err := anns.idsWithTerm(field, term)
		if err != nil {
			return ix.fail(fmt.Errorf("saving a change: %w", err))
		}
		for _, a := range ids {
			annIDs[a] = true
		}
		return nil
	}
	for _, id := range ix.tagsThatMatter(ch.Tags, cb, live) {
		if err := more(fFacet, tagFacet(id)); err != nil {
			return err
		}
	}
	if ix.docAn == nil {
		ix.docAn = newTextAnalysis(false) // textFields' scratch is for one goroutine: writeMu is held
	}
	an := ix.docAn
	annBatch, artBatch := anns.idx.NewBatch(), parts[articlesPart].idx.NewBatch()
	err = ix.ws.View(func(t *annotate.Tx) error {
		arts := map[string]annotate.Article{}
		// A changed article's annotations carry copies of its fields: the store lists
		// them (a new article has none, and costs no lookup in the index); those it no
		// longer lists were deleted or moved by the same change, which names them.
		read := map[string]annotate.Annotation{}
		for _, id := range ch.Articles {
			anns, err := t.AnnotationsOf(id)
			if err != nil {
				return err
			}
			for _, a := range anns {
				read[a.ID] = a
				annIDs[a.ID] = true
			}
			a, err := t.Article(id, true)
			if errors.Is(err, annotate.ErrNotFound) {
				artBatch.Delete(id)
				continue
			}
			if err != nil {
				return err
			}
			if err := artBatch.IndexAdvanced(articleDoc(an, a)); err != nil {
				return err
			}
			a.Text = ""
			arts[id] = a
		}
		for id := range annIDs {
			a, ok := read[id]
			var err error
			if !ok {
				a, err = t.Annotation(id)
			}
			if errors.Is(err, annotate.ErrNotFound) {
				annBatch.Delete(id)
				continue
			}
			if err != nil {
				return err
			}
			art, ok := arts[a.ArticleID]
			if !ok {
				art, err = t.Article(a.ArticleID, false)
				if err != nil && !errors.Is(err, annotate.ErrNotFound) {
					return err
				}
				arts[a.ArticleID] = art
			}
			if err := annBatch.IndexAdvanced(annotationDoc(an, a, art, cb)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	// A part this change did not touch reflects its revision too, but writing that down
	// would cost it a snapshot on disk for every command: Close does it (see part.close).
	for i, b := range []*bleve.Batch{annBatch, artBatch} {
		p := parts[i]
		rev := max(rev, p.revision())
		if b.Size() == 0 {
			p.setRevision(rev, false)
			continue
		}
		b.SetInternal(keyRevision, revBytes(rev))
		// The batch returns before it is on disk: a part whose folder is gone would take
		// it in memory and fail only in the background (see asyncErrorCallback).
		if _, err := os.Stat(partDir(ix.dir, p.kind)); err != nil {
			return ix.fail(fmt.Errorf("saving a change: %w", err))
		}
		if err := p.write(b); err != nil {
			return ix.fail(fmt.Errorf("saving a change: %w", err))
		}
		p.setRevision(rev, true)
	}
	ix.setTags(cb)
	return nil
}

// idsWithTerm returns the ids of the part's documents that have a term.
func (p *part) idsWithTerm(field, term string) ([]string, error) {
	is, release, err := p.snapshot()
	if err != nil {
		return nil, err
	}
	defer release()
	return termDocIDs(is, field, term)
}

// tagsThatMatter keeps the changed tags whose parent or existence differ from what the
// index saw (a rename or a recolouring changes no document). After a restart the old
// state is unknown, so every changed tag matters.
func (ix *Index) tagsThatMatter(changed []string, cb *annotate.Codebook, live bool) []string {
	ix.tagsMu.Lock()
	defer ix.tagsMu.Unlock()
	var out []string
	for _, id := range changed {
		t, exists := cb.Tag(id)
		parent, known := ix.tags[id]
		if live && known == exists && (!exists || parent == t.ParentID) {
			continue
		}
		out = append(out, id)
	}
	return out
}

func (ix *Index) rememberTags() {
	if cb, err := ix.codebook(); err == nil {
		ix.setTags(cb)
	}
}

func (ix *Index) setTags(cb *annotate.Codebook) {
	m := make(map[string]string, cb.Len())
	for _, t := range cb.Tags() {
		m[t.ID] = t.ParentID
	}
	ix.tagsMu.Lock()
	ix.tags = m
	ix.tagsMu.Unlock()
}

// codebookUnchangedUntil notes that the cached codebook is still the store's at rev: a
// change the index follows without tags cannot have changed it (every change goes through
// Apply, in order), so commands do not read and analyse the codebook again.
func (ix *Index) codebookUnchangedUntil(rev uint64) {
	ix.cbMu.Lock()
	if ix.cb != nil && rev > ix.cbRev && ix.cbRev+1 == rev {
		ix.cbRev = rev
	}
	ix.cbMu.Unlock()
}

// codebook is the workspace's codebook, read again only when the store changed.
func (ix *Index) codebook() (*annotate.Codebook, error) {
	cb, _, err := ix.codebookAndTags()
	return cb, err
}

// codebookAndTags is the codebook with the word forms of its tag paths (tags.go).
func (ix *Index) codebookAndTags() (*annotate.Codebook, *tagResolver, error) {
	rev := ix.ws.Revision()
	ix.cbMu.Lock()
	defer ix.cbMu.Unlock()
	if ix.cb != nil && ix.cbRev == rev {
		return ix.cb, ix.cbRes, nil
	}
	cb, err := ix.ws.Codebook()
	if err != nil {
		return nil, nil, err
	}
	ix.cb, ix.cbRev, ix.cbRes = cb, rev, newTagResolver(cb)
	return cb, ix.cbRes, nil
}
