package search

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"
	"gloss.app/gloss/annotate"
	"gloss.app/gloss/search/query"
)

// The benchmarks run over a deterministic generated corpus: 10,000 articles of ~700
// words and 100,000 annotations with 1–3 tags, built once into a cached folder
// ($GLOSS_BENCH_DIR, else the temp dir) and reused by later runs.
// Run: go test -tags ci,migrated_fynedo -run '^$' -bench . -benchtime 1x ./search/

const (
	benchArticles     = 10_000
	benchWordsPerText = 700
	benchPerArticle   = 10 // annotations per article
	benchCorpusTag    = "gloss-search-bench-v2"
)

var benchVocabulary = func() []string {
	r := rand.New(rand.NewSource(7))
	syll := []string{"ka", "ri", "to", "ne", "sa", "mo", "li", "ve", "du", "po", "ra", "te", "ni", "go", "ba", "ze", "ko", "mi", "tu", "le"}
	topical := []string{"kharkiv", "power", "station", "grid", "ceasefire", "drone", "missile", "energy", "minister",
		"negotiations", "guarantees", "sanctions", "corruption", "procurement", "frontline", "shelling", "brigade",
		"харків", "енергетика", "переговори", "удар", "москва", "санкции", "перемирие"}
	words := append([]string{"the", "of", "and", "to", "in", "a", "said", "on", "for", "was"}, topical...)
	seen := map[string]bool{}
	for _, w := range words {
		seen[w] = true
	}
	for len(words) < 20_000 {
		n := 2 + r.Intn(3)
		var sb strings.Builder
		for i := 0; i < n; i++ {
			sb.WriteString(syll[r.Intn(len(syll))])
		}
		if w := sb.String(); !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	}
	return words
}()

var benchSources = func() []string {
	var s []string
	for i := 0; i < 40; i++ {
		s = append(s, fmt.Sprintf("Outlet %02d", i))
	}
	return s
}()

// benchCorpus returns the cached workspace folder, generating it on first use.
func benchCorpus(b *testing.B) string {
	b.Helper()
	base := os.Getenv("GLOSS_BENCH_DIR")
	if base == "" {
		base = os.TempDir()
	}
	dir := filepath.Join(base, benchCorpusTag)
	if _, err := os.Stat(filepath.Join(dir, "complete")); err == nil {
		return dir
	}
	os.RemoveAll(dir)
	start := time.Now()
	if err := generateCorpus(dir); err != nil {
		b.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "complete"), nil, 0o644)
	b.Logf("generated the corpus in %s", time.Since(start).Round(time.Second))
	return dir
}

func generateCorpus(dir string) error { return generateCorpusOf(dir, benchArticles, false) }

// generateCorpusOf generates a corpus of n articles (10 annotations each); noSync skips
// the store's fsyncs (tests).
func generateCorpusOf(dir string, articles int, noSync bool) error {
	r := rand.New(rand.NewSource(42))
	zipf := rand.NewZipf(r, 1.1, 2, uint64(len(benchVocabulary)-1))
	ws, err := annotate.Open(dir, annotate.Options{Create: true, NoSync: noSync})
	if err != nil {
		return err
	}
	defer ws.Close()
	cb, err := ws.Codebook()
	if err != nil {
		return err
	}
	tags := cb.Tags()
	var inTags []annotate.IncomingTag
	for _, t := range tags {
		inTags = append(inTags, annotate.IncomingTag{Key: t.ID, ID: t.ID, Path: strings.Split(cb.Path(t.ID), annotate.PathSeparator)})
	}
	base := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	batch := ws.NewBatch("Benchmark corpus")
	var set annotate.IncomingSet
	flushAnnotations := func() error {
		if len(set.Annotations) == 0 {
			return nil
		}
		set.Tags = inTags
		rep, err := ws.MergeAnnotations(set)
		if err != nil {
			return err
		}
		if len(rep.Skipped) > 0 {
			return fmt.Errorf("corpus: %d annotations skipped: %v", len(rep.Skipped), rep.Skipped[0])
		}
		set = annotate.IncomingSet{}
		return nil
	}
	var drafts []annotate.ArticleDraft
	var words [][]string
	for i := 0; i < articles; i++ {
		w := make([]string, benchWordsPerText)
		for j := range w {
			w[j] = benchVocabulary[zipf.Uint64()]
		}
		title := strings.Join(w[:8], " ")
		text := strings.Join(w, " ")
		drafts = append(drafts, annotate.ArticleDraft{
			Title: title, Source: benchSources[r.Intn(len(benchSources))], Author: fmt.Sprintf("Reporter %03d", r.Intn(200)),
			Published: base.Add(time.Duration(r.Intn(3*365*24)) * time.Hour), Language: []string{"en", "uk", "ru"}[r.Intn(3)],
			URL: fmt.Sprintf("https://example.org/bench/%05d", i), Format: "text", Text: text,
		})
		words = append(words, w)
		if len(drafts) < 500 && i < articles-1 {
			continue
		}
		for k, res := range batch.Add(drafts) {
			if res.Err != nil {
				return res.Err
			}
			art := res.Article
			set.Articles = append(set.Articles, annotate.IncomingArticle{Key: art.ID, Article: annotate.Article{ID: art.ID}})
			for n := 0; n < benchPerArticle; n++ {
				aw := words[k]
				from := r.Intn(len(aw) - 60)
				to := from + 10 + r.Intn(41)
				start := 0
				for _, x := range aw[:from] {
					start += len([]rune(x)) + 1
				}
				exact := strings.Join(aw[from:to], " ")
				var keys []string
				for _, p := range r.Perm(len(tags))[:1+r.Intn(3)] {
					keys = append(keys, tags[p].ID)
				}
				note := ""
				if r.Intn(10) < 3 {
					note = strings.Join(aw[to:to+5], " ")
				}
				created := art.Published.Add(time.Duration(r.Intn(30*24)) * time.Hour)
				set.Annotations = append(set.Annotations, annotate.IncomingAnnotation{
					ID: uuid.NewString(), ArticleKey: art.ID, TagKeys: keys, Note: note,
					Author:  fmt.Sprintf("Analyst %d", r.Intn(8)),
					Created: created, Modified: created,
					Selector: annotate.Selector{Exact: exact, Start: start, End: start + len([]rune(exact))},
				})
			}
		}
		if err := flushAnnotations(); err != nil {
			return err
		}
		drafts, words = drafts[:0], words[:0]
	}
	return nil
}

// openBench opens the cached corpus and its index (built on first use).
func openBench(b *testing.B) (*annotate.Workspace, *Index) {
	b.Helper()
	dir := benchCorpus(b)
	ws, err := annotate.Open(dir, annotate.Options{})
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	ix, err := Open(ws, nil)
	if err != nil {
		ws.Close()
		b.Fatal(err)
	}
	if d := time.Since(start); d > time.Second {
		b.Logf("opened the index in %s (built it)", d.Round(time.Millisecond))
	}
	b.Cleanup(func() { ix.Close(); ws.Close() })
	return ws, ix
}

// percentiles reports p50 and p99 of the samples in milliseconds.
func percentiles(b *testing.B, samples []time.Duration) {
	sort.Slice(samples, func(i, j int) bool { return samples[i] < samples[j] })
	p := func(q float64) float64 {
		return float64(samples[int(q*float64(len(samples)-1))]) / float64(time.Millisecond)
	}
	b.ReportMetric(p(0.50), "p50-ms")
	b.ReportMetric(p(0.99), "p99-ms")
	b.ReportMetric(0, "ns/op")
}

func BenchmarkQuery(b *testing.B) {
	_, ix := openBench(b)
	// Query words of a realistic frequency (Zipf ranks 300–1000: each in roughly 3–10% of
	// the articles and 0.1–0.4% of the quotes), and very common ones (ranks 10–17: in
	// every article and a fifth of the quotes) as a stress case.
	var words []string
	for i := 0; i < 16; i++ {
		words = append(words, benchVocabulary[300+i*45])
	}
	common := benchVocabulary[10:18]
	cases := []struct {
		name   string
		query  func(i int) string
		cached bool
	}{
		{"OneWord", func(i int) string { return words[i%len(words)] }, false},
		{"OneWordNoFacets", func(i int) string { return words[i%len(words)] }, false},
		{"OneCommonWord", func(i int) string { return common[i%len(common)] }, false},
		{"TwoWords", func(i int) string { return words[i%len(words)] + " " + words[(i+3)%len(words)] }, false},
		{"Phrase", func(i int) string { return `"` + words[i%len(words)] + " " + common[i%len(common)] + `"` }, false},
		{"PhraseOfCommonWords", func(i int) string { return `"` + benchVocabulary[20+i%40] + " " + common[i%len(common)] + `"` }, false},
		{"WordTag", func(i int) string { return words[i%len(words)] + ` tag:"energy attacks"` }, false},
		{"WordTagDate", func(i int) string {
			return fmt.Sprintf(`%s tag:diplomacy published:2024-%02d-01..2024-%02d-28`, words[i%len(words)], 1+i%6, 7+i%6)
		}, false},
		{"EmptyAllFacets", func(int) string { return "" }, false},
		{"EmptyAllFacetsCached", func(int) string { return "" }, true},
		{"WordPage50", func(i int) string { return words[i%len(words)] }, false},
		{"TwoWordsArticles", func(i int) string { return words[i%len(words)] + " " + words[(i+3)%len(words)] }, false},
		{"PhraseArticles", func(i int) string { return `"` + words[i%len(words)] + " " + common[i%len(common)] + `"` }, false},
	}
	const perRun = 200
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			ix.facets.mu.Lock()
			ix.facets.disabled = !tc.cached
			ix.facets.mu.Unlock()
			offset := 0
			if tc.name == "WordPage50" {
				offset = 1000
			}
			var samples []time.Duration
			total := 0
			for n := 0; n < b.N; n++ {
				for i := 0; i < perRun; i++ {
					start := time.Now()
					res, err := ix.Search(Request{Query: tc.query(i), Facets: tc.name != "OneWordNoFacets", Limit: 20, Offset: offset,
						Articles: strings.HasSuffix(tc.name, "Articles")})
					samples = append(samples, time.Since(start))
					if err != nil {
						b.Fatal(err)
					}
					total += res.Total
				}
			}
			b.ReportMetric(float64(total)/float64(len(samples)), "hits")
			percentiles(b, samples)
		})
	}
	ix.facets.disabled = false
}

// BenchmarkAnnotateSearchable measures a new annotation until the command returns, at
// which point it is in the index (store commit, journal, index batch).
func BenchmarkAnnotateSearchable(b *testing.B) {
	ws, ix := openBench(b)
	arts, err := ws.Articles()
	if err != nil {
		b.Fatal(err)
	}
	cb, _ := ws.Codebook()
	tag := cb.Tags()[0].ID
	var samples, storeOnly []time.Duration
	for n := 0; n < b.N; n++ {
		for i := 0; i < 50; i++ {
			a := arts[(n*50+i)%len(arts)]
			start := time.Now()
			ann, _, err := ws.Annotate(annotate.AnnotationDraft{ArticleID: a.ID, Start: 0, End: 30, TagIDs: []string{tag}, Note: "benchmark " + strconv.Itoa(i)})
			samples = append(samples, time.Since(start))
			if err != nil {
				b.Fatal(err)
			}
			ids, err := ix.AnnotationIDs("article:" + a.ID + " note:benchmark")
			if err != nil || !contains(ids, ann.ID) {
				b.Fatalf("new annotation not searchable: %v", err)
			}
			if _, err := ws.Undo(); err != nil {
				b.Fatal(err)
			}
			// The same command without the index: the store's share (its commit, fsync'd).
			ws.SetIndexer(nil)
			start = time.Now()
			if _, _, err := ws.Annotate(annotate.AnnotationDraft{ArticleID: a.ID, Start: 0, End: 30, TagIDs: []string{tag}, Note: "benchmark"}); err != nil {
				b.Fatal(err)
			}
			storeOnly = append(storeOnly, time.Since(start))
			if _, err := ws.Undo(); err != nil {
				b.Fatal(err)
			}
			ws.SetIndexer(ix)
			if err := ix.catchUp(ix.revision(), nil); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(pct(storeOnly, 0.5), "store-only-p50-ms")
	percentiles(b, samples)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func BenchmarkRebuild(b *testing.B) {
	_, ix := openBench(b)
	runtime.GC()
	// Sample the resident memory while rebuilding: anonymous (heap) and file-backed
	// (index segments mapped by bleve, reclaimable page cache) apart.
	var maxAnon, maxFile float64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for {
			anon, file := rssMB()
			maxAnon, maxFile = max(maxAnon, anon), max(maxFile, file)
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	}()
	var merge time.Duration
	buildTrace = func(phase string, d time.Duration) { merge += d }
	defer func() { buildTrace = func(string, time.Duration) {} }()
	var before, after syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &before)
	for n := 0; n < b.N; n++ {
		start := time.Now()
		if err := ix.Rebuild(nil); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(time.Since(start).Seconds(), "s/rebuild")
	}
	syscall.Getrusage(syscall.RUSAGE_SELF, &after)
	cpu := time.Duration(after.Utime.Nano() + after.Stime.Nano() - before.Utime.Nano() - before.Stime.Nano())
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/rebuild")
	b.ReportMetric(merge.Seconds()/float64(b.N), "merge-s/rebuild")
	close(stop)
	<-sampled
	b.ReportMetric(float64(dirBytes(ix.Dir()))/(1<<20), "index-MB")
	b.ReportMetric(maxAnon, "peak-anon-RSS-MB")
	b.ReportMetric(maxFile, "peak-file-RSS-MB")
	b.ReportMetric(peakRSSMB(), "peak-RSS-MB")
	b.ReportMetric(0, "ns/op")
}

// rssMB reads the current anonymous and file-backed resident memory, in MB.
func rssMB() (anon, file float64) {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		kb, _ := strconv.ParseFloat(f[1], 64)
		switch f[0] {
		case "RssAnon:":
			anon = kb / 1024
		case "RssFile:":
			file = kb / 1024
		}
	}
	return anon, file
}

func dirBytes(dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n += info.Size()
		}
		return nil
	})
	return n
}

// peakRSSMB is the process's peak resident memory (VmHWM), in MB.
func peakRSSMB() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			f := strings.Fields(line)
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

// BenchmarkOpen measures opening the index of the corpus: the first open after a segment
// was written reads it whole to check its checksum; later opens skip verified segments.
func BenchmarkOpen(b *testing.B) {
	ws, ix := openBench(b)
	ix.Close()
	ws.SetIndexer(nil)
	open := func() time.Duration {
		start := time.Now()
		ix, err := Open(ws, func(int, int) { b.Fatal("the bench index was rebuilt") })
		if err != nil {
			b.Fatal(err)
		}
		d := time.Since(start)
		ws.SetIndexer(nil)
		ix.Close()
		return d
	}
	var verify, reopen []time.Duration
	for n := 0; n < b.N; n++ {
		os.Remove(filepath.Join(ws.IndexDir(), verifiedFile))
		verify = append(verify, open())
		reopen = append(reopen, open())
	}
	ms := func(ds []time.Duration) float64 {
		var sum time.Duration
		for _, d := range ds {
			sum += d
		}
		return float64(sum) / float64(len(ds)) / float64(time.Millisecond)
	}
	b.ReportMetric(ms(verify), "open-verifying-ms")
	b.ReportMetric(ms(reopen), "open-verified-ms")
	b.ReportMetric(0, "ns/op")
}

// ioCounters reads this process's written bytes: wchar (passed to write calls) and
// write_bytes (sent to the storage layer).
func ioCounters() (wchar, writeBytes int64) {
	data, err := os.ReadFile("/proc/self/io")
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		name, v, ok := strings.Cut(line, ": ")
		if !ok {
			continue
		}
		n, _ := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		switch name {
		case "wchar":
			wchar = n
		case "write_bytes":
			writeBytes = n
		}
	}
	return wchar, writeBytes
}

// BenchmarkSmallCommandWrites measures the bytes one small command (a new annotation)
// writes on the benchmark workspace, whose undo history holds its big imports: the store's
// commit alone, then with the index (its batch persisted too).
func BenchmarkSmallCommandWrites(b *testing.B) {
	ws, ix := openBench(b)
	arts, err := ws.Articles()
	if err != nil {
		b.Fatal(err)
	}
	cb, _ := ws.Codebook()
	tag := cb.Tags()[0].ID
	annotateOnce := func(i int) {
		a := arts[i%len(arts)]
		if _, _, err := ws.Annotate(annotate.AnnotationDraft{ArticleID: a.ID, Start: 0, End: 20 + i%10, TagIDs: []string{tag}}); err != nil {
			b.Fatal(err)
		}
	}
	const commands = 50
	var storeW, storeB, allW, allB []float64
	ws.SetIndexer(nil)
	for i := 0; i < commands; i++ {
		w0, b0 := ioCounters()
		annotateOnce(i)
		w1, b1 := ioCounters()
		storeW, storeB = append(storeW, float64(w1-w0)), append(storeB, float64(b1-b0))
	}
	ws.SetIndexer(ix)
	for i := 0; i < commands; i++ {
		w0, b0 := ioCounters()
		annotateOnce(commands + i)
		for _, p := range ix.parts {
			p.awaitPersisted()
		}
		w1, b1 := ioCounters()
		allW, allB = append(allW, float64(w1-w0)), append(allB, float64(b1-b0))
	}
	// Leave the cached workspace as it was.
	for i := 0; i < 2*commands; i++ {
		if _, err := ws.Undo(); err != nil {
			b.Fatal(err)
		}
	}
	med := func(xs []float64) float64 {
		sort.Float64s(xs)
		return xs[len(xs)/2] / 1024
	}
	b.ReportMetric(med(storeW), "store-wchar-KB")
	b.ReportMetric(storeW[len(storeW)-1]/1024, "store-wchar-max-KB") // sorted by med
	b.ReportMetric(med(storeB), "store-write_bytes-KB")
	b.ReportMetric(med(allW), "with-index-wchar-KB")
	b.ReportMetric(med(allB), "with-index-write_bytes-KB")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkBodyFragments measures the fragment of one article body (700 words) for a
// query of two words, as an article hit on a page needs.
func BenchmarkBodyFragments(b *testing.B) {
	r := rand.New(rand.NewSource(3))
	zipf := rand.NewZipf(r, 1.1, 2, uint64(len(benchVocabulary)-1))
	var bodies []string
	for i := 0; i < 64; i++ {
		w := make([]string, benchWordsPerText)
		for j := range w {
			w[j] = benchVocabulary[zipf.Uint64()]
		}
		bodies = append(bodies, strings.Join(w, " "))
	}
	node, err := query.Parse(benchVocabulary[300] + " " + benchVocabulary[345])
	if err != nil {
		b.Fatal(err)
	}
	hl := newHighlighter(node)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		hl.fragments([]fieldText{{"title", "a title"}, {"body", bodies[i%len(bodies)]}})
	}
}
