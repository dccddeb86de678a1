package drills

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/ingest"
)

// articleHTML is a page with enough prose for the article extractor, around extra markup.
func articleHTML(title, extra string) string {
	var b strings.Builder
	b.WriteString("<html><head><title>" + title + "</title></head><body><article><h1>" + title + "</h1>")
	for i := 0; i < 6; i++ {
		fmt.Fprintf(&b, "<p>Paragraph %d of the report: the convoy crossed the bridge at dawn while observers counted trucks along the river road, and negotiators in Geneva spoke of a ceasefire before the curfew.</p>", i)
		if i == 2 {
			b.WriteString(extra)
		}
	}
	b.WriteString("</article></body></html>")
	return b.String()
}

// importAll runs the importer over sources and returns what it stored and every
// refusal, with the time it took.
func importAll(t *testing.T, ws *annotate.Workspace, opts ingest.Options, sources ...string) (stored []annotate.Article, refusals []string, took time.Duration) {
	t.Helper()
	im := &ingest.Importer{Options: opts, Report: func(r annotate.ImportResult) {
		switch {
		case r.Err != nil:
			refusals = append(refusals, r.Err.Error())
		case r.Status == annotate.StatusImported || r.Status == annotate.StatusUpdated:
			a, err := ws.Article(r.Article.ID)
			if err != nil {
				t.Fatal(err)
			}
			stored = append(stored, a)
		}
	}, Skip: func(source, note string) { refusals = append(refusals, source+": "+note) }}
	start := time.Now()
	if _, err := im.Run(context.Background(), ws, sources); err != nil {
		refusals = append(refusals, err.Error())
	}
	return stored, refusals, time.Since(start)
}

// hostileWorkspace is an empty workspace in root/ws; the tree under root is compared
// before and after, so that nothing but the workspace changes.
func hostileWorkspace(t *testing.T) (ws *annotate.Workspace, root string, checkTree func()) {
	root = t.TempDir()
	ws, err := annotate.Open(filepath.Join(root, "ws"), annotate.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	return ws, root, func() {}
}

// outsideTree lists every file under root except the workspace folder.
func outsideTree(t *testing.T, root string) map[string]bool {
	return treeOf(t, root, filepath.Join(root, "ws"))
}

func checkNothingWrittenOutside(t *testing.T, root string, before map[string]bool) {
	t.Helper()
	after := outsideTree(t, root)
	for p := range after {
		if !before[p] {
			t.Errorf("a file appeared outside the workspace: %q", p)
		}
	}
	for p := range before {
		if !after[p] {
			t.Errorf("a file disappeared outside the workspace: %q", p)
		}
	}
}

func TestHostileHTML(t *testing.T) {
	ws, root, _ := hostileWorkspace(t)
	dir := filepath.Join(root, "in")
	os.MkdirAll(dir, 0o755)
	marker := filepath.Join(root, "pwned")
	payload := fmt.Sprintf(`fetch("file://%s");require("fs").writeFileSync(%q,"x")`, marker, marker)
	files := map[string]string{
		"scripts.html": strings.Replace(articleHTML("Scripts", `<script>`+payload+`</script><style>body{background:url(javascript:alert(1))}</style>
<p onclick="`+payload+`">The convoy crossed the bridge.</p><script>document.write("INJECTED")</script>
<iframe src="javascript:alert('IFRAME')">IFRAME TEXT</iframe><noscript>NOSCRIPT</noscript>
<p><a href="javascript:alert('LINK')">the harbour</a> and <img src=x onerror="alert('IMG')"> the river.</p>
<object data="evil.swf">OBJECT</object><embed src="evil.swf"><svg><script>alert('SVG')</script></svg><template>TEMPLATE</template>`),
			"<head>", `<head><meta http-equiv="refresh" content="0;url=javascript:alert(1)"><base href="javascript:alert(2)//"><link rel="canonical" href="javascript:alert(3)"><script src="file:///etc/passwd"></script>`, 1),
		"huge-attribute.html": articleHTML("Huge attribute", `<p title="`+strings.Repeat("A", 8<<20)+`">A paragraph with a huge attribute about the curfew.</p>`),
		"nested.html":         articleHTML("Nested", strings.Repeat("<div>", 100000)+"inside"+strings.Repeat("</div>", 100000)),
		"unclosed.html":       `<html><body><p>Unclosed tags about Geneva.` + strings.Repeat("<b><i><span>", 50000),
	}
	var sources []string
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		sources = append(sources, p)
	}
	before := outsideTree(t, root)
	stored, refusals, took := importAll(t, ws, ingest.Options{}, sources...)
	t.Logf("%d stored, %d refused in %s: %q", len(stored), len(refusals), took.Round(time.Millisecond), refusals)
	if took > 20*time.Second {
		t.Errorf("hostile HTML took %s", took)
	}
	for _, r := range refusals {
		if !strings.HasPrefix(r, "import ") || strings.Contains(r, "panic") {
			t.Errorf("unclear refusal: %s", r)
		}
	}
	for _, a := range stored {
		for _, bad := range []string{"INJECTED", "alert(", "writeFileSync", "javascript:", "IFRAME TEXT", "<script", "onerror", "OBJECT", "TEMPLATE", "AAAAAAAA"} {
			if strings.Contains(a.Text, bad) || strings.Contains(a.Title, bad) {
				t.Errorf("%s: the stored text keeps %q", a.Origin, bad)
			}
		}
		if strings.HasPrefix(strings.ToLower(a.URL), "javascript:") || strings.HasPrefix(a.URL, "file:") {
			t.Errorf("%s: stored URL %q", a.Origin, a.URL)
		}
	}
	if len(stored)+len(refusals) != len(files) {
		t.Errorf("%d files gave %d articles and %d refusals", len(files), len(stored), len(refusals))
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("a script ran: its marker file exists")
	}
	checkNothingWrittenOutside(t, root, before)
}

func TestHostileFeeds(t *testing.T) {
	ws, root, _ := hostileWorkspace(t)
	dir := filepath.Join(root, "in")
	os.MkdirAll(dir, 0o755)
	// Billion laughs: ten levels of ten entity references.
	var ents strings.Builder
	ents.WriteString(`<!ENTITY lol0 "lol lol lol lol lol lol lol lol lol lol">`)
	for i := 1; i < 10; i++ {
		fmt.Fprintf(&ents, `<!ENTITY lol%d "%s">`, i, strings.Repeat(fmt.Sprintf("&lol%d;", i-1), 10))
	}
	laughs := `<?xml version="1.0"?><!DOCTYPE rss [` + ents.String() + `]><rss version="2.0"><channel><title>Laughs</title>
<item><title>Item &lol9;</title><description>&lol9; about the convoy</description></item></channel></rss>`
	external := `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>XXE</title>
<item><title>XXE</title><description>before &xxe; after, at the harbour</description></item></channel></rss>`
	var many strings.Builder
	many.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Many</title>`)
	manyBytes := 1 << 20
	if soak() {
		manyBytes = 15 << 20
	}
	for i := 0; many.Len() < manyBytes; i++ {
		fmt.Fprintf(&many, `<item><title>Item %d</title><description>Repeated item %d about the curfew near the river.</description></item>`, i, i)
	}
	many.WriteString(`</channel></rss>`)
	huge := `<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title><item><title>Huge</title><description>` +
		strings.Repeat("ceasefire ", 1<<20) + `</description></item></channel></rss>`
	files := map[string]string{"laughs.rss": laughs, "external.rss": external, "many.rss": many.String(), "huge-item.xml": huge}
	var sources []string
	for name, body := range files {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(body), 0o644)
		sources = append(sources, p)
	}
	before := outsideTree(t, root)
	var m0 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	stored, refusals, took := importAll(t, ws, ingest.Options{}, sources...)
	var m1 runtime.MemStats
	runtime.ReadMemStats(&m1)
	t.Logf("%d articles stored, %d refusals in %s; heap in use %d MB → %d MB; refusals: %.300q",
		len(stored), len(refusals), took.Round(time.Millisecond), m0.HeapInuse>>20, m1.HeapInuse>>20, refusals)
	if took > 60*time.Second {
		t.Errorf("hostile feeds took %s", took)
	}
	if m1.HeapInuse > 500<<20 {
		t.Errorf("hostile feeds left %d MB of heap in use", m1.HeapInuse>>20)
	}
	for _, a := range stored {
		if strings.Contains(a.Text, "root:") || strings.Contains(a.Text, "lollollol") || strings.Count(a.Text, "lol") > 1000 {
			t.Errorf("%s: entity expanded into the text (%d bytes)", a.Origin, len(a.Text))
		}
	}
	for _, r := range refusals {
		if !strings.HasPrefix(r, "import ") || strings.Contains(r, "panic") {
			t.Errorf("unclear refusal: %.200s", r)
		}
	}
	if err := checkConsistent(ws); err != nil {
		t.Fatal(err)
	}
	checkNothingWrittenOutside(t, root, before)
}

// TestHugeFileRefusedBySize: a 200 MB file (sparse) is refused by its size before it is
// read: the heap does not grow by anything like its size.
func TestHugeFileRefusedBySize(t *testing.T) {
	ws, root, _ := hostileWorkspace(t)
	dir := filepath.Join(root, "in")
	os.MkdirAll(dir, 0o755)
	var sources []string
	for _, name := range []string{"huge.txt", "huge.html", "huge.rss", "huge.md"} {
		p := filepath.Join(dir, name)
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString("The start of an enormous report. ")
		if err := f.Truncate(200 << 20); err != nil {
			t.Fatal(err)
		}
		f.Close()
		sources = append(sources, p)
	}
	before := outsideTree(t, root)
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	stored, refusals, took := importAll(t, ws, ingest.Options{}, sources...)
	runtime.ReadMemStats(&m1)
	if len(stored) != 0 || len(refusals) != len(sources) {
		t.Fatalf("200 MB files: %d stored, refusals %q", len(stored), refusals)
	}
	for _, r := range refusals {
		if !strings.Contains(r, "larger than") {
			t.Errorf("the refusal does not say the file is too large: %s", r)
		}
	}
	if grew := int64(m1.TotalAlloc - m0.TotalAlloc); grew > 64<<20 {
		t.Errorf("refusing 4 files of 200 MB allocated %d MB: they were read", grew>>20)
	}
	t.Logf("refused in %s, %d KB allocated: %q", took.Round(time.Millisecond), (m1.TotalAlloc-m0.TotalAlloc)>>10, refusals[0])
	checkNothingWrittenOutside(t, root, before)
}

// TestHostileNames: files named with "..", newlines, invalid UTF-8 and shell syntax are
// read (or refused) by what they are; their names never make Gloss write elsewhere.
func TestHostileNames(t *testing.T) {
	ws, root, _ := hostileWorkspace(t)
	dir := filepath.Join(root, "in", "sub")
	os.MkdirAll(dir, 0o755)
	// Names starting with "." are hidden files: a folder import leaves them out.
	names := []string{"a\nb.txt", "bad-\xff\xfe-name.txt", "..txt", "...md", "$(touch pwned).txt", "-rf.txt", "name with\ttab.html", "\u202egnp.txt"}
	visible := 0
	for i, n := range names {
		if !strings.HasPrefix(n, ".") {
			visible++
		}
		body := fmt.Sprintf("Report %d about the convoy near the river, named oddly.\n", i)
		if strings.HasSuffix(n, ".html") {
			body = articleHTML("Odd name", "")
		}
		if err := os.WriteFile(filepath.Join(dir, n), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	before := outsideTree(t, root)
	sources := []string{filepath.Join(root, "in", "sub", "..", "sub"), filepath.Join(dir, "..", "..", "in", "sub", "a\nb.txt"), filepath.Join(dir, "../../../etc/passwd")}
	stored, refusals, _ := importAll(t, ws, ingest.Options{}, sources...)
	t.Logf("%d stored, refusals %q", len(stored), refusals)
	if len(stored) != visible {
		t.Errorf("%d of %d oddly named files imported", len(stored), visible)
	}
	for _, r := range refusals {
		if !strings.HasPrefix(r, "import ") {
			t.Errorf("unclear refusal: %q", r)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "pwned")); err == nil {
		t.Error("a file name was run as a command")
	}
	if err := checkConsistent(ws); err != nil {
		t.Fatal(err)
	}
	checkNothingWrittenOutside(t, root, before)
}

// TestHostileServers: URL imports from loopback servers that redirect to file:, loop,
// send an endless body or drip bytes (slowloris) are refused with a clear reason, on time.
func TestHostileServers(t *testing.T) {
	ws, root, _ := hostileWorkspace(t)
	page := articleHTML("Fine", "")
	mux := http.NewServeMux()
	mux.HandleFunc("/fine", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, page)
	})
	mux.HandleFunc("/to-file", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
	})
	mux.HandleFunc("/to-javascript", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "javascript:alert(1)", http.StatusFound)
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/endless", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		chunk := []byte(strings.Repeat("<p>endless convoy</p>", 1000))
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/slowloris", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		for r.Context().Err() == nil {
			w.Write([]byte("<"))
			w.(http.Flusher).Flush()
			time.Sleep(100 * time.Millisecond)
		}
	})
	mux.HandleFunc("/lying-length", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(int64(50)<<30))
		w.Write([]byte("short"))
	})
	srv := httptest.NewServer(mux) // loopback only
	defer srv.Close()
	fetcher := &ingest.Fetcher{Client: srv.Client(), Timeout: 2 * time.Second}
	cases := map[string]string{
		"/to-file":       "file: link",
		"/to-javascript": "javascript: link",
		"/loop":          "redirected more than",
		"/endless":       "larger than",
		"/slowloris":     "did not answer within",
		"/lying-length":  "larger than",
	}
	before := outsideTree(t, root)
	for path, want := range cases {
		start := time.Now()
		stored, refusals, _ := importAll(t, ws, ingest.Options{Fetcher: fetcher}, srv.URL+path)
		took := time.Since(start)
		if len(stored) != 0 || len(refusals) != 1 {
			t.Errorf("%s: %d stored, refusals %q", path, len(stored), refusals)
			continue
		}
		if !strings.Contains(refusals[0], want) || !strings.HasPrefix(refusals[0], "import "+srv.URL+path) {
			t.Errorf("%s: refusal %q, want one naming the link and saying %q", path, refusals[0], want)
		}
		if took > 8*time.Second {
			t.Errorf("%s: the refusal took %s", path, took)
		}
		t.Logf("%s refused in %s: %s", path, took.Round(time.Millisecond), refusals[0])
	}
	if stored, refusals, _ := importAll(t, ws, ingest.Options{Fetcher: fetcher}, srv.URL+"/fine"); len(stored) != 1 {
		t.Errorf("the fine page was not imported: %q", refusals)
	}
	checkNothingWrittenOutside(t, root, before)
}
