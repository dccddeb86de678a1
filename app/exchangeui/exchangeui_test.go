package exchangeui

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/exchange"
	"gloss.app/gloss/annotate/wstest"
	"gloss.app/gloss/app/async"
)

type recorder struct {
	status  []string
	changed []string
	busy    int
}

func newHost(t *testing.T, withSamples bool) (Host, *recorder) {
	t.Helper()
	test.NewTempApp(t)
	var ws *annotate.Workspace
	if withSamples {
		ws = wstest.WithSamples(t)
	} else {
		ws = wstest.Open(t)
	}
	rec := &recorder{}
	win := test.NewTempWindow(t, nil)
	h := Host{Window: win, WS: ws, Async: async.Inline(),
		Busy:    func(string) func() { rec.busy++; return func() { rec.busy-- } },
		Status:  func(s string) { rec.status = append(rec.status, s) },
		Changed: func(s string) { rec.changed = append(rec.changed, s) },
	}
	return h, rec
}

// writer opens a fyne writer on a new file, as the save dialog hands one over.
func writer(t *testing.T, path string) fyne.URIWriteCloser {
	t.Helper()
	w, err := storage.Writer(storage.NewFileURI(path))
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// saveAndWait runs the form's export and waits for its outcome.
func saveAndWait(t *testing.T, f *ExportForm, path string) (exchange.Stats, error) {
	done := make(chan struct{})
	var st exchange.Stats
	var err error
	f.Save(writer(t, path), func(s exchange.Stats, e error) { st, err = s, e; close(done) })
	<-done
	return st, err
}

func firstArticle(t *testing.T, ws *annotate.Workspace) annotate.ArticleSummary {
	arts, err := ws.Articles()
	if err != nil || len(arts) == 0 {
		t.Fatal("no articles", err)
	}
	return arts[0]
}

func TestExportCurrentArticleAsW3C(t *testing.T) {
	h, rec := newHost(t, true)
	art := firstArticle(t, h.WS)
	scopes := []Scope{
		{Label: "The whole workspace", Name: "workspace", Selection: func() (exchange.Selection, error) { return exchange.Selection{}, nil }},
		{Label: "This article", Name: "article", Selection: func() (exchange.Selection, error) {
			return exchange.Selection{ArticleIDs: []string{art.ID}}, nil
		}},
	}
	f := NewExportForm(h, scopes, 1)
	f.Format.SetSelected(formats[1].label)
	if !f.WithText.Disabled() {
		t.Fatal("article texts offered for W3C")
	}
	if got := f.SuggestedName(mustTime(t)); got != "gloss-article-2025-11-30.jsonld" {
		t.Fatalf("suggested %q", got)
	}
	path := filepath.Join(t.TempDir(), "out.jsonld")
	st, err := saveAndWait(t, f, path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != 1 || st.Annotations != art.Annotations {
		t.Fatalf("stats %+v, want 1 article with %d annotations", st, art.Annotations)
	}
	var doc struct {
		Type  string `json:"type"`
		First struct {
			Items []json.RawMessage `json:"items"`
		} `json:"first"`
	}
	data, _ := os.ReadFile(path)
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if doc.Type != "AnnotationCollection" || len(doc.First.Items) != art.Annotations {
		t.Fatalf("W3C export: type %q with %d items", doc.Type, len(doc.First.Items))
	}
	if rec.busy != 0 || len(rec.status) == 0 || !strings.Contains(rec.status[len(rec.status)-1], "out.jsonld") {
		t.Fatalf("busy %d, status %q", rec.busy, rec.status)
	}
}

func TestFailedExportLeavesNoFile(t *testing.T) {
	h, rec := newHost(t, true)
	scopes := []Scope{{Label: "Search results", Name: "search", Selection: func() (exchange.Selection, error) {
		return exchange.Selection{}, io.ErrUnexpectedEOF
	}}}
	f := NewExportForm(h, scopes, 0)
	path := filepath.Join(t.TempDir(), "out.json")
	if _, err := saveAndWait(t, f, path); err == nil {
		t.Fatal("export succeeded")
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("a file was left behind: %v", err)
	}
	if !strings.Contains(rec.status[len(rec.status)-1], "Export failed") {
		t.Fatalf("status %q", rec.status)
	}
}

func TestExportThenImportIntoEmptyWorkspace(t *testing.T) {
	src, _ := newHost(t, true)
	f := NewExportForm(src, []Scope{{Label: "All", Selection: func() (exchange.Selection, error) { return exchange.Selection{}, nil }}}, 0)
	f.WithText.SetChecked(true)
	path := filepath.Join(t.TempDir(), "all.json")
	st, err := saveAndWait(t, f, path)
	if err != nil {
		t.Fatal(err)
	}
	dst, rec := newHost(t, false)
	r, err := storage.Reader(storage.NewFileURI(path))
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan exchange.Report, 1)
	Import(dst, r, "all.json", func(rep exchange.Report, err error) {
		if err != nil {
			t.Error(err)
		}
		done <- rep
	})
	rep := <-done
	if rep.Imported != st.Annotations || rep.ArticlesCreated != st.Articles || len(rep.Skipped) != 0 {
		t.Fatalf("report %+v for an export of %+v", rep, st)
	}
	if _, anns := dst.WS.Counts(); anns != st.Annotations {
		t.Fatalf("workspace has %d annotations, want %d", anns, st.Annotations)
	}
	if len(rec.changed) != 1 || !strings.HasPrefix(rec.changed[0], "Imported ") {
		t.Fatalf("changed %q", rec.changed)
	}
	text := ReportText(rep)
	for _, want := range []string{"Imported: ", "Orphaned", "Articles created: 3"} {
		if !strings.Contains(text, want) {
			t.Fatalf("report lacks %q:\n%s", want, text)
		}
	}
}

func TestImportRefusesWhatIsNotAnExport(t *testing.T) {
	h, rec := newHost(t, true)
	_, before := h.WS.Counts()
	done := make(chan error, 1)
	Import(h, io.NopCloser(bytes.NewReader([]byte(`{"hello": "world"}`))), "notes.json", func(_ exchange.Report, err error) { done <- err })
	err := <-done
	if err == nil {
		t.Fatal("a file that is not an export was imported")
	}
	if _, after := h.WS.Counts(); after != before {
		t.Fatalf("annotations %d → %d", before, after)
	}
	if msg := ImportError(err); !strings.Contains(msg, "nothing was changed") {
		t.Fatalf("message %q", msg)
	}
	if len(rec.changed) != 0 || !strings.Contains(rec.status[len(rec.status)-1], "nothing was changed") {
		t.Fatalf("changed %q status %q", rec.changed, rec.status)
	}
}

func TestImportSummaryAndReasons(t *testing.T) {
	rep := exchange.Report{File: "x.json", Format: "W3C Web Annotation"}
	rep.Imported, rep.Updated, rep.Orphaned = 2, 1, 1
	for i := 0; i < maxReasons+5; i++ {
		rep.Skip("annotation "+string(rune('a'+i%26)), "its article is not in this workspace")
	}
	s := ImportSummary(rep)
	if s != "Imported 2 annotations, 1 updated, 205 skipped, 1 orphaned. Undo with Ctrl+Z" {
		t.Fatalf("summary %q", s)
	}
	text := ReportText(rep)
	if strings.Count(text, "• ") != maxReasons || !strings.Contains(text, "… and 5 more") {
		t.Fatalf("reasons listed: %d", strings.Count(text, "• "))
	}
}

func mustTime(t *testing.T) (tm time.Time) {
	tm, err := time.Parse("2006-01-02", "2025-11-30")
	if err != nil {
		t.Fatal(err)
	}
	return tm
}
