package cli

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gloss.app/gloss/annotate/ingest"
)

const fixtures = "../../annotate/ingest/testdata/"

// importedIDs parses the ID<TAB>title lines of gloss import.
func importedIDs(t *testing.T, out string) map[string]string {
	t.Helper()
	ids := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		id, title, ok := strings.Cut(line, "\t")
		if !ok || len(id) != 36 {
			t.Fatalf("stdout line %q is not ID<TAB>title", line)
		}
		ids[title] = id
	}
	return ids
}

func showText(t *testing.T, dir, id string) string {
	t.Helper()
	code, out, stderr := run(t, dir, "show", id, "--json")
	if code != ExitOK {
		t.Fatalf("show %s: %d %s", id, code, stderr)
	}
	return decode[map[string]any](t, out)["text"].(string)
}

func TestImportEveryFormat(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	files := []string{"uk-utf8-bom-crlf.txt", "ru-koi8r.txt", "en-cp1252.txt", "notes.md", "news-page.html", "uk-news-cp1251.html", "feed-atom.atom"}
	args := []string{"import"}
	for _, f := range files {
		args = append(args, fixtures+f)
	}
	code, out, stderr := run(t, dir, args...)
	if code != ExitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	ids := importedIDs(t, out)
	want := map[string]string{ // title → start of the clean text gloss show prints
		"Уночі в Харкові пролунали вибухи":              "Уночі в Харкові пролунали вибухи\n\nМіська влада",
		"Ночью в Харькове прозвучали взрывы":            "Ночью в Харькове прозвучали взрывы\n\nГородские",
		"Ministry statement on the night strikes":       "Ministry statement on the night strikes\n\nThe ministry’s statement",
		"Звіт про обстріли 🇺🇦 за березень":              "Це зведення з відкритих джерел",
		"Grid repairs continue after overnight strikes": "Repair crews worked through the night",
		"Відновлення енергопостачання триває":           "Енергетики відновили живлення у більшості районів міста",
		"Енергетики відновили живлення":                 "Енергетики відновили живлення у більшості районів після",
		"Школи переходять на дистанційне навчання":      "Через загрозу обстрілів",
	}
	if len(ids) != len(want) {
		t.Fatalf("imported %v", ids)
	}
	for title, start := range want {
		id, ok := ids[title]
		if !ok {
			t.Errorf("no article %q in %v", title, ids)
			continue
		}
		text := showText(t, dir, id)
		if !strings.HasPrefix(text, start) || strings.ContainsAny(text, "\r\uFEFF<>") {
			t.Errorf("%s: text %q", title, text)
		}
	}
	// gloss show (plain) prints the clean body of the web page, not the page furniture.
	_, out, _ = run(t, dir, "show", ids["Grid repairs continue after overnight strikes"])
	if !strings.Contains(out, "Repair crews") || strings.Contains(out, "COOKIE") || strings.Contains(out, "ADVERT") {
		t.Errorf("show:\n%s", out)
	}

	// Importing again reports duplicates, stores nothing, and succeeds.
	code, out, stderr = run(t, dir, "import", fixtures+"news-page.html", fixtures+"uk-cp1251.txt", fixtures+"uk-koi8u.txt")
	if code != ExitOK || stderr != "" {
		t.Fatalf("re-import: %d %q", code, stderr)
	}
	wantOut := "already in workspace: " + ids["Grid repairs continue after overnight strikes"] + " Grid repairs continue after overnight strikes\n" +
		"already in workspace: " + ids["Уночі в Харкові пролунали вибухи"] + " Уночі в Харкові пролунали вибухи\n" +
		"already in workspace: " + ids["Уночі в Харкові пролунали вибухи"] + " Уночі в Харкові пролунали вибухи\n"
	if out != wantOut {
		t.Errorf("re-import stdout:\n%s\nwant:\n%s", out, wantOut)
	}
}

func TestImportBadInputsOneLineEach(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	src := t.TempDir()
	huge := filepath.Join(src, "huge.txt")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	f.Truncate(21 << 20) // sparse: no 21 MB written
	f.Close()
	bad := []struct{ path, reason string }{
		{fixtures + "bad/empty.txt", "the file is empty"},
		{fixtures + "bad/whitespace.txt", "the file contains only white space"},
		{fixtures + "bad/fake-pdf.txt", "the file is not text (it is a PDF document)"},
		{fixtures + "bad/png-image.txt", "the file is not text (it is a PNG image)"},
		{fixtures + "bad/random.txt", "the file is not text"},
		{fixtures + "bad/mojibake.txt", "the text is garbled (mojibake)"},
		{fixtures + "bad/nonsense-highbytes.txt", "the text is not in a supported encoding"},
		{fixtures + "no-article.html", "no article text was found in the page"},
		{huge, "the file is larger than 20 MB"},
		{filepath.Join(src, "missing.md"), "no such file or folder"},
	}
	args := []string{"import"}
	for i, b := range bad {
		args = append(args, b.path)
		if i == 4 {
			args = append(args, fixtures+"uk-utf16le-bom.txt") // the rest of the batch goes on
		}
	}
	code, out, stderr := run(t, dir, args...)
	if code != ExitFailed {
		t.Fatalf("exit %d, want 1", code)
	}
	if ids := importedIDs(t, out); len(ids) != 1 || ids["Уночі в Харкові пролунали вибухи"] == "" {
		t.Errorf("good file in the middle: %v", ids)
	}
	lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
	if len(lines) != len(bad) {
		t.Fatalf("%d stderr lines for %d bad files:\n%s", len(lines), len(bad), stderr)
	}
	for i, b := range bad {
		if want := "gloss: import " + b.path + ": " + b.reason; !strings.HasPrefix(lines[i], want) {
			t.Errorf("line %d = %q, want %q", i, lines[i], want)
		}
	}
	if _, out, _ := run(t, dir, "articles"); strings.Count(out, "\n") != 1 {
		t.Errorf("only the good file is stored:\n%s", out)
	}
}

func TestImportFolderAndFeed(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	code, out, stderr := run(t, dir, "import", fixtures+"folder", fixtures+"feed-rss.xml")
	if code != ExitFailed {
		t.Fatalf("exit %d (an empty file and an empty feed item must fail)", code)
	}
	if n := len(importedIDs(t, out)); n != 5 { // a.txt, b.md, c.html, two feed items
		t.Errorf("%d imported:\n%s", n, out)
	}
	wantErr := "gloss: skipped " + fixtures + "folder/photo.png: not a file type Gloss imports\n" +
		"gloss: import " + fixtures + "folder/sub/empty.txt: the file is empty\n" +
		"gloss: import " + fixtures + "feed-rss.xml: item 3 (\"Item without any text\") has no text\n"
	if stderr != wantErr {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr, wantErr)
	}
	// The whole import is one undo step.
	if code, _, _ := run(t, dir, "undo"); code != ExitOK {
		t.Fatalf("undo: %d", code)
	}
	if _, out, _ := run(t, dir, "articles"); out != "" {
		t.Errorf("after undo:\n%s", out)
	}
}

func TestImportURLs(t *testing.T) {
	page, _ := os.ReadFile(fixtures + "news-page.html")
	mux := http.NewServeMux()
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		if r.UserAgent() != "Gloss/0.1 (+article import)" {
			http.Error(w, "no agent", http.StatusForbidden)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/page", http.StatusFound) })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) { w.Write(bytes.Repeat([]byte("<p>x</p>"), 20000)) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	env := Env{Import: ingest.Options{Fetcher: &ingest.Fetcher{Client: srv.Client(), Timeout: 300 * time.Millisecond, MaxBytes: 64 << 10}}}

	dir := filepath.Join(t.TempDir(), "ws")
	code, out, stderr := runIn(t, env, dir, "import", srv.URL+"/old", srv.URL+"/missing", srv.URL+"/slow", srv.URL+"/big", "ftp://example.org/a.txt")
	if code != ExitFailed {
		t.Fatalf("exit %d", code)
	}
	ids := importedIDs(t, out)
	if ids["Grid repairs continue after overnight strikes"] == "" {
		t.Errorf("redirected page not imported: %s", out)
	}
	wantErr := "gloss: import " + srv.URL + "/missing: the server answered 404 Not Found\n" +
		"gloss: import " + srv.URL + "/slow: the server did not answer within 300ms\n" +
		"gloss: import " + srv.URL + "/big: the page is larger than 64 KB\n" +
		"gloss: import ftp://example.org/a.txt: only http and https links can be imported, not ftp:\n"
	if stderr != wantErr {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr, wantErr)
	}
	// The same page again, from its other address, is recognised by its text.
	_, out, _ = run(t, dir, "import", srv.URL+"/page")
	if !strings.HasPrefix(out, "already in workspace: ") {
		t.Errorf("second fetch: %q", out)
	}
}

func TestImportStdinAndJSON(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	var stdout, stderr bytes.Buffer
	code := Main([]string{"--workspace", dir, "import", "-", "--title", "Pasted note", "--source", "Telegram", fixtures + "bad/empty.txt", "--json"},
		strings.NewReader("Text pasted from a channel.\n"), &stdout, &stderr)
	if code != ExitFailed {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
	rows := decode[[]map[string]any](t, stdout.String())
	if len(rows) != 2 || rows[0]["status"] != "imported" || rows[0]["title"] != "Pasted note" ||
		rows[1]["status"] != "failed" || !strings.Contains(rows[1]["error"].(string), "the file is empty") {
		t.Errorf("JSON rows: %v", rows)
	}
}

// A page saved again after the outlet edited it has the same canonical URL and a new
// text: it becomes a new version, and a highlight on an unchanged sentence survives.
func TestImportNewVersionKeepsAnnotations(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	src := t.TempDir()
	page, _ := os.ReadFile(fixtures + "news-page.html")
	first := filepath.Join(src, "page-v1.html")
	os.WriteFile(first, page, 0o644)
	code, out, _ := run(t, dir, "import", first)
	ids := importedIDs(t, out)
	id := ids["Grid repairs continue after overnight strikes"]
	if code != ExitOK || id == "" {
		t.Fatalf("first import: %d %q", code, out)
	}
	quote := "the third such attack on the city's energy infrastructure"
	if code, _, stderr := run(t, dir, "annotate", id, "--quote", quote, "--tag", "energy attacks"); code != ExitOK {
		t.Fatalf("annotate: %s", stderr)
	}
	edited := strings.Replace(string(page), "about 40,000 households", "about 45,000 households", 1)
	second := filepath.Join(src, "page-v2.html")
	os.WriteFile(second, []byte(edited), 0o644)
	code, out, stderr := run(t, dir, "import", second)
	if code != ExitOK || out != "new version of "+id+" Grid repairs continue after overnight strikes\n" {
		t.Fatalf("second import: %d %q %q", code, out, stderr)
	}
	_, out, _ = run(t, dir, "show", id, "--json")
	show := decode[map[string]any](t, out)
	anns := show["annotations"].([]any)
	if !strings.Contains(show["text"].(string), "45,000") || len(anns) != 1 || anns[0].(map[string]any)["exact"] != quote {
		t.Errorf("after the new version: %v", show)
	}
}
