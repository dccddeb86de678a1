package ingest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// newsServer serves the fixtures and the awkward cases a URL import must survive.
func newsServer(t *testing.T) *httptest.Server {
	t.Helper()
	page := readFixture(t, "news-page.html")
	cp1251 := readFixture(t, "uk-news-cp1251.html")
	rss := readFixture(t, "feed-rss.xml")
	mux := http.NewServeMux()
	mux.HandleFunc("/news/page", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("User-Agent") != UserAgent {
			http.Error(w, "bad agent", http.StatusForbidden)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})
	mux.HandleFunc("/uk/page", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=windows-1251")
		w.Write(cp1251)
	})
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(rss)
	})
	mux.HandleFunc("/plain", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("Plain report\n\nA plain text dispatch served over HTTP."))
	})
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/news/page", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("/to-file", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "file:///etc/passwd")
		w.WriteHeader(http.StatusFound)
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/huge", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		chunk := []byte(strings.Repeat("<p>padding paragraph text</p>\n", 100))
		for i := 0; i < 100; i++ { // ~300 KB, no Content-Length (chunked)
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func testFetcher(srv *httptest.Server) *Fetcher {
	return &Fetcher{Client: srv.Client(), Timeout: 300 * time.Millisecond, MaxBytes: 100 << 10}
}

func TestReadURL(t *testing.T) {
	srv := newsServer(t)
	opts := Options{Fetcher: testFetcher(srv)}
	ctx := context.Background()

	drafts, err := Read(ctx, srv.URL+"/moved", opts)
	if err != nil || len(drafts) != 1 {
		t.Fatalf("redirected page: %v %v", drafts, err)
	}
	d := drafts[0] // the relative canonical link resolves against the fetched address
	if d.Title != "Grid repairs continue after overnight strikes" || d.Origin != srv.URL+"/moved" ||
		d.URL != srv.URL+"/news/grid-repairs-continue" || strings.Contains(d.Text, "COOKIE") {
		t.Errorf("page draft: %+v", d)
	}

	drafts, err = Read(ctx, srv.URL+"/uk/page", opts)
	if err != nil || len(drafts) != 1 || !strings.HasPrefix(drafts[0].Text, "Енергетики відновили") {
		t.Fatalf("windows-1251 page: %v %v", drafts, err)
	}
	if drafts[0].URL != srv.URL+"/uk/page" {
		t.Errorf("a page without a canonical link keeps its address: %q", drafts[0].URL)
	}

	drafts, err = Read(ctx, srv.URL+"/feed", opts)
	if len(drafts) != 2 || err == nil || !strings.Contains(err.Error(), "has no text") {
		t.Fatalf("feed over HTTP: %d drafts, %v", len(drafts), err)
	}

	drafts, err = Read(ctx, srv.URL+"/plain", opts)
	if err != nil || len(drafts) != 1 || drafts[0].Format != "txt" || drafts[0].URL != srv.URL+"/plain" {
		t.Fatalf("plain text over HTTP: %+v %v", drafts, err)
	}
}

func TestReadURLFailures(t *testing.T) {
	srv := newsServer(t)
	opts := Options{Fetcher: testFetcher(srv)}
	tests := []struct{ url, want string }{
		{srv.URL + "/missing", "the server answered 404 Not Found"},
		{srv.URL + "/slow", "did not answer within 300ms"},
		{srv.URL + "/huge", "larger than 100 KB"},
		{srv.URL + "/loop", "redirected more than 5 times"},
		{srv.URL + "/to-file", "redirected to a file: link"},
		{"ftp://example.org/file.txt", "only http and https links"},
		{"file:///etc/passwd", "only http and https links"},
		{"http://", "not a valid link"},
	}
	for _, tt := range tests {
		start := time.Now()
		drafts, err := Read(context.Background(), tt.url, opts)
		if len(drafts) != 0 || err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.url) {
			t.Errorf("%s: %v, want %q", tt.url, err, tt.want)
		}
		if time.Since(start) > 3*time.Second {
			t.Errorf("%s took %v", tt.url, time.Since(start))
		}
	}
}

func TestFetcherLimitsAndDefaults(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Length", "999999999")
		w.WriteHeader(200)
	}))
	defer srv.Close()
	f := &Fetcher{Client: srv.Client()}
	if _, err := f.Fetch(context.Background(), srv.URL); err == nil || !strings.Contains(err.Error(), "larger than 10 MB") {
		t.Errorf("declared length over the default limit: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := f.Fetch(ctx, srv.URL); err == nil || !strings.Contains(err.Error(), "cancelled") {
		t.Errorf("cancelled context: %v", err)
	}
	if f.client().CheckRedirect == nil || srv.Client().CheckRedirect != nil {
		t.Error("the caller's client must not be modified")
	}
}

func TestIsURL(t *testing.T) {
	for s, want := range map[string]bool{
		"https://x.org/a": true, "HTTP://x": true, "ftp://x": true, "notes.txt": false, "/tmp/a://b": false,
		"C:\\news\\a.html": false, "://x": false,
	} {
		if IsURL(s) != want {
			t.Errorf("IsURL(%q) != %v", s, want)
		}
	}
}
