package ingest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/wstest"
)

func openWorkspace(t testing.TB) *annotate.Workspace { return wstest.Open(t) }

func TestWalkFolder(t *testing.T) {
	var got []string
	var progress [][2]int
	err := Walk(context.Background(), []string{"testdata/folder", "testdata/missing.txt"}, Options{},
		func(done, total int) { progress = append(progress, [2]int{done, total}) },
		func(it Item) error {
			switch {
			case it.Draft != nil:
				got = append(got, "draft "+filepath.ToSlash(it.Source)+" "+it.Draft.Format)
			case it.Err != nil:
				got = append(got, "error "+it.Err.Error())
			default:
				got = append(got, "skip "+it.Skipped)
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"draft testdata/folder/a.txt txt",
		"skip skipped testdata/folder/photo.png: not a file type Gloss imports",
		"draft testdata/folder/sub/b.md md",
		"draft testdata/folder/sub/c.html html",
		"error import testdata/folder/sub/empty.txt: the file is empty",
		"error import testdata/missing.txt: no such file or folder",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("walk:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if fmt.Sprint(progress) != "[[0 5] [1 5] [2 5] [3 5] [4 5] [5 5]]" {
		t.Errorf("progress %v", progress)
	}
}

func TestReadExplicitFiles(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.txt")
	if err := os.WriteFile(big, []byte(strings.Repeat("word ", 300)), 0o644); err != nil {
		t.Fatal(err)
	}
	noExt := filepath.Join(dir, "README")
	os.WriteFile(noExt, []byte("<!DOCTYPE html><html><body><article><p>"+strings.Repeat("An extension-less saved page. ", 6)+"</p></article></body></html>"), 0o644)
	tests := []struct {
		path, want string
		opts       Options
	}{
		{big, "the file is larger than 1 KB", Options{MaxFileBytes: 1 << 10}},
		{"testdata/folder", "it is a folder", Options{}},
		{"testdata/folder/photo.png", `unsupported file type ".png"`, Options{}},
		{"testdata/bad/fake-pdf.txt", "the file is not text (it is a PDF document)", Options{}},
		{"testdata/no-article.html", "no article text was found in the page", Options{}},
	}
	for _, tt := range tests {
		drafts, err := Read(context.Background(), tt.path, tt.opts)
		if len(drafts) != 0 || err == nil || !strings.HasPrefix(err.Error(), "import "+tt.path+": "+tt.want) {
			t.Errorf("%s: %v", tt.path, err)
		}
	}
	drafts, err := Read(context.Background(), noExt, Options{})
	if err != nil || len(drafts) != 1 || drafts[0].Format != "html" {
		t.Errorf("a file without extension is sniffed: %v %v", drafts, err)
	}
	if os.Geteuid() != 0 { // root reads anything
		locked := filepath.Join(dir, "locked.txt")
		os.WriteFile(locked, []byte("secret"), 0o000)
		if _, err := Read(context.Background(), locked, Options{}); err == nil || !strings.Contains(err.Error(), "permission denied") {
			t.Errorf("unreadable file: %v", err)
		}
	}
}

func TestReadBytesForDrops(t *testing.T) {
	items := ReadBytes("dropped", readFixture(t, "feed-atom.atom"), "")
	if len(items) != 2 || items[0].Draft == nil || items[0].Draft.Format != "atom" {
		t.Errorf("dropped feed: %+v", items)
	}
	items = ReadBytes("clip.md", []byte("# Heading\n\nBody"), "")
	if len(items) != 1 || items[0].Draft.Title != "Heading" || items[0].Draft.Text != "Body" {
		t.Errorf("dropped markdown: %+v", items[0].Draft)
	}
}

func TestImporterStoresDuplicatesAndVersions(t *testing.T) {
	ws := openWorkspace(t)
	var lines []string
	var skipped []string
	im := &Importer{
		ChunkSize: 2,
		Report:    func(r annotate.ImportResult) { lines = append(lines, string(r.Status)+" "+r.Article.Title) },
		Skip:      func(src, note string) { skipped = append(skipped, src) },
	}
	sum, err := im.Run(context.Background(), ws, []string{"testdata/folder", "testdata/uk-cp1251.txt", "testdata/uk-koi8u.txt", "testdata/feed-rss.xml"})
	if err != nil {
		t.Fatal(err)
	}
	// a.txt and uk-cp1251.txt/uk-koi8u.txt hold the same text: one article, two duplicates.
	if sum.Imported != 5 || sum.Duplicates != 2 || sum.Failed != 2 || sum.Skipped != 1 || len(skipped) != 1 {
		t.Errorf("summary %+v\n%s", sum, strings.Join(lines, "\n"))
	}
	arts, err := ws.Articles()
	if err != nil || len(arts) != 5 {
		t.Fatalf("%d articles, %v", len(arts), err)
	}
	// The whole import is one undo step, whatever the number of chunks.
	if _, err := ws.Undo(); err != nil {
		t.Fatal(err)
	}
	if arts, _ := ws.Articles(); len(arts) != 0 {
		t.Errorf("undo left %d articles", len(arts))
	}
	if _, err := ws.Redo(); err != nil {
		t.Fatal(err)
	}

	// The same URL with a new text is a new version; re-importing the feed changes nothing.
	dir := t.TempDir()
	feed := strings.Replace(string(readFixture(t, "feed-rss.xml")), "within days.", "within a week.", 1)
	path := filepath.Join(dir, "feed.xml")
	os.WriteFile(path, []byte(feed), 0o644)
	lines = nil
	sum, _ = (&Importer{Report: im.Report}).Run(context.Background(), ws, []string{path})
	if sum.Updated != 1 || sum.Duplicates != 1 || sum.Failed != 1 {
		t.Errorf("second feed import: %+v %v", sum, lines)
	}
	a, ok := ws.ArticleByURL("https://ledger.example.org/news/ports-reopen")
	if !ok || a.Version != 2 {
		t.Errorf("new version: %+v", a)
	}
}

func TestImporterProgressAndCancel(t *testing.T) {
	ws := openWorkspace(t)
	dir := t.TempDir()
	for i := 0; i < 30; i++ {
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("%02d.txt", i)), []byte(fmt.Sprintf("Dispatch %d\n\nText of dispatch number %d.", i, i)), 0o644)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var last [2]int
	im := &Importer{Progress: func(done, total int) {
		last = [2]int{done, total}
		if done == 10 {
			cancel()
		}
	}}
	sum, err := im.Run(ctx, ws, []string{dir})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
	if last[1] != 30 || last[0] != 10 || sum.Imported != 10 {
		t.Errorf("progress %v, imported %d", last, sum.Imported)
	}
	// Whatever was read before the cancel is stored, as one undoable step.
	if arts, _ := ws.Articles(); len(arts) != sum.Imported {
		t.Errorf("%d stored, %d reported", len(arts), sum.Imported)
	}
}
