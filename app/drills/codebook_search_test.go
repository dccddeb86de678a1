package drills

import (
	"strings"
	"testing"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/codebookio"
	"gloss.app/gloss/annotate/wstest"
	"gloss.app/gloss/search"
)

// nestedQDC is a REFI-QDA codebook three levels deep, as another QDA tool writes it.
const nestedQDC = `<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Elsewhere QDA 3.1">
  <Codes>
    <Code guid="{6F9619FF-8B86-D011-B42D-00C04FC964FF}" name="Infrastructure" isCodable="false" color="#0a7">
      <Code guid="{1B4E28BA-2FA1-11D2-883F-0016D3CCA427}" name="Energy attacks" isCodable="true" color="#F60">
        <Code guid="a8098c1a-f86e-11da-bd1a-00112444be1e" name="Substations" isCodable="true"/>
      </Code>
    </Code>
  </Codes>
</CodeBook>`

func readQDC(t *testing.T) []annotate.CodeDraft {
	t.Helper()
	codes, err := codebookio.ReadQDC(strings.NewReader(nestedQDC))
	if err != nil {
		t.Fatal(err)
	}
	return codes
}

func mustResolve(t *testing.T, ws *annotate.Workspace, ref string) annotate.Tag {
	t.Helper()
	cb, err := ws.Codebook()
	if err != nil {
		t.Fatal(err)
	}
	tag, err := cb.Resolve(ref)
	if err != nil {
		t.Fatal(err)
	}
	return tag
}

// TestImportFollowedBySearch: an import is one command the search index follows; a
// search for an imported parent finds annotations of its imported children.
func TestImportFollowedBySearch(t *testing.T) {
	ws := wstest.Open(t)
	ix, err := search.Open(ws, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	res, err := ws.AddArticle(annotate.ArticleDraft{Title: "Grid", Text: "A substation near the city was hit overnight."})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := ws.ImportCodebook("nested.qdc", readQDC(t)); err != nil {
		t.Fatal(err)
	}
	sub := mustResolve(t, ws, "Substations")
	if _, _, err := ws.Annotate(annotate.AnnotationDraft{ArticleID: res.Article.ID, Start: 2, End: 12, TagIDs: []string{sub.ID}}); err != nil {
		t.Fatal(err)
	}
	count := func(q string) int {
		t.Helper()
		ids, err := ix.AnnotationIDs(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return len(ids)
	}
	if n := count(`tag:"Infrastructure"`); n != 1 {
		t.Errorf(`tag:"Infrastructure" finds %d, want 1`, n)
	}
	// Re-importing a codebook that renames the parent: found by its new name only.
	codes := readQDC(t)
	codes[0].Name = "Critical infrastructure"
	if _, _, err := ws.ImportCodebook("renamed.qdc", codes); err != nil {
		t.Fatal(err)
	}
	if n := count(`tag:"Critical infrastructure"`); n != 1 {
		t.Errorf("after the rename: new name finds %d, want 1", n)
	}
	// The old name is no tag any more: the query says so instead of finding nothing.
	if _, err := ix.AnnotationIDs(`tag:"Infrastructure"`); err == nil || !strings.Contains(err.Error(), `no tag named "Infrastructure"`) {
		t.Errorf("after the rename the old name must be refused as unknown, got %v", err)
	}
	if _, err := ws.Undo(); err != nil {
		t.Fatal(err)
	}
	if n := count(`tag:"Infrastructure"`); n != 1 {
		t.Errorf("after undo the old name finds %d, want 1", n)
	}
}
