package search

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"syscall"
	"testing"
	"time"

	"gloss.app/gloss/annotate"
)

// Gloss against SQLite FTS5 on the benchmark corpus, side by side in one process: the same
// queries, each run by both engines in turn (which one goes first alternates), the same
// totals and facets asserted. See fts5ref_test.go for how FTS5 is set up, and
// docs/BENCHMARKS.md for the figures.
//
//	GLOSS_BENCH_DIR=/tmp/glossbench go test -tags ci,migrated_fynedo -run '^$' -bench VersusFTS5 -benchtime 1x ./search/

// openFTS5Bench loads (or reuses) the FTS5 database of the bench corpus.
func openFTS5Bench(b *testing.B, ix *Index) *ftsRef {
	b.Helper()
	path := filepath.Join(filepath.Dir(ix.Dir()), "..", benchCorpusTag+"-fts5-"+ftsSchemaVersion+".db")
	start := time.Now()
	ref, err := openFTS5(ix.ws, path, true)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("loaded FTS5 in %s (%.1f MB)", time.Since(start).Round(time.Millisecond), float64(ref.size())/(1<<20))
	b.Cleanup(func() { ref.Close() })
	return ref
}

// benchCases are the query cases of the comparison: query text by iteration.
func benchCases() []struct {
	name   string
	query  func(i int) string
	offset int
	facets bool
} {
	var words []string
	for i := 0; i < 16; i++ {
		words = append(words, benchVocabulary[300+i*45])
	}
	common := benchVocabulary[10:18]
	type bc = struct {
		name   string
		query  func(i int) string
		offset int
		facets bool
	}
	return []bc{
		{"OneWord", func(i int) string { return words[i%len(words)] }, 0, true},
		{"OneWordNoFacets", func(i int) string { return words[i%len(words)] }, 0, false},
		{"OneCommonWord", func(i int) string { return common[i%len(common)] }, 0, true},
		{"TwoWords", func(i int) string { return words[i%len(words)] + " " + words[(i+3)%len(words)] }, 0, true},
		{"Phrase", func(i int) string { return `"` + words[i%len(words)] + " " + common[i%len(common)] + `"` }, 0, true},
		{"PhraseOfCommonWords", func(i int) string { return `"` + benchVocabulary[20+i%40] + " " + common[i%len(common)] + `"` }, 0, true},
		{"WordTag", func(i int) string { return words[i%len(words)] + ` tag:"energy attacks"` }, 0, true},
		{"WordTagDate", func(i int) string {
			return fmt.Sprintf(`%s tag:diplomacy published:2024-%02d-01..2024-%02d-28`, words[i%len(words)], 1+i%6, 7+i%6)
		}, 0, true},
		{"Empty", func(int) string { return "" }, 0, true},
		{"WordPage51", func(i int) string { return words[i%len(words)] }, 1000, true},
	}
}

func BenchmarkVersusFTS5(b *testing.B) {
	_, ix := openBench(b)
	ref := openFTS5Bench(b, ix)
	ix.facets.mu.Lock()
	ix.facets.disabled = true // both engines uncached
	ix.facets.mu.Unlock()
	defer func() { ix.facets.disabled = false }()
	const perRun = 200
	for _, articles := range []bool{false, true} {
		for _, tc := range benchCases() {
			name := tc.name
			if articles {
				name += "+Articles"
			}
			b.Run(name, func(b *testing.B) {
				var gl, ft []time.Duration
				hits := 0
				for n := 0; n < 1; n++ { // 200 queries a case are the sample, whatever -benchtime
					for i := 0; i < perRun; i++ {
						q := tc.query(i)
						req := Request{Query: q, Facets: tc.facets, Limit: 20, Offset: tc.offset, Articles: articles}
						var res *Results
						var fr *ftsResult
						runGloss := func() {
							start := time.Now()
							var err error
							res, err = ix.Search(req)
							gl = append(gl, time.Since(start))
							if err != nil {
								b.Fatal(err)
							}
						}
						runFTS := func() {
							start := time.Now()
							var err error
							fr, err = ref.search(q, articles, tc.facets, tc.offset, 20)
							ft = append(ft, time.Since(start))
							if err != nil {
								b.Fatal(err)
							}
						}
						if i%2 == 0 {
							runGloss()
							runFTS()
						} else {
							runFTS()
							runGloss()
						}
						if res.Total != fr.total {
							b.Fatalf("%q (articles %t): Gloss total %d, FTS5 total %d", q, articles, res.Total, fr.total)
						}
						if tc.facets {
							if d := facetDiff(glossFacets(res.Facets), fr.facets); d != "" {
								b.Fatalf("%q (articles %t): facets differ: %s", q, articles, d)
							}
						}
						if len(res.Hits) != len(fr.hits) {
							b.Fatalf("%q (articles %t): Gloss %d hits on the page, FTS5 %d", q, articles, len(res.Hits), len(fr.hits))
						}
						hits += res.Total
					}
				}
				g50, g99 := pct(gl, 0.5), pct(gl, 0.99)
				f50, f99 := pct(ft, 0.5), pct(ft, 0.99)
				b.ReportMetric(float64(hits)/float64(len(gl)), "hits")
				b.ReportMetric(g50, "gloss-p50-ms")
				b.ReportMetric(g99, "gloss-p99-ms")
				b.ReportMetric(f50, "fts5-p50-ms")
				b.ReportMetric(f99, "fts5-p99-ms")
				b.ReportMetric(g50/f50, "p50-ratio")
				b.ReportMetric(g99/f99, "p99-ratio")
				b.ReportMetric(0, "ns/op")
			})
		}
	}
}

// pct is the q-quantile of the samples in milliseconds.
func pct(samples []time.Duration, q float64) float64 {
	s := append([]time.Duration(nil), samples...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return float64(s[int(q*float64(len(s)-1))]) / float64(time.Millisecond)
}

// BenchmarkLoadVersusFTS5 rebuilds Gloss's index (as gloss reindex does) and loads FTS5
// from the same store, each in a process of its own (the helper of process_bench_test.go),
// one after the other, and reports each one's wall time, CPU time, peak resident memory
// (the kernel's own accounting of the finished process: its heap, and the store and
// index pages it mapped) and size on disk.
func BenchmarkLoadVersusFTS5(b *testing.B) {
	ws, ix := openBench(b)
	dir := ws.Dir()
	// The helpers open the workspace themselves.
	ix.Close()
	ws.Close()
	path := filepath.Join(b.TempDir(), "fts5.db")
	child := func(role, arg string) (wall, cpu time.Duration, peakMB float64) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestProcessHelper$")
		cmd.Env = append(os.Environ(), "GLOSS_SEARCH_PROCESS="+role, "GLOSS_SEARCH_PROCESS_DIR="+dir, "GLOSS_SEARCH_PROCESS_ARG="+arg)
		start := time.Now()
		out, err := cmd.CombinedOutput()
		wall = time.Since(start)
		if err != nil {
			b.Fatalf("%s: %v\n%s", role, err, out)
		}
		ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		return wall, cpu, float64(ru.Maxrss) / 1024
	}
	for n := 0; n < 1; n++ { // once, whatever -benchtime: a rebuild takes a while
		glossWall, glossCPU, glossRSS := child("reindex", "")
		ftsWall, ftsCPU, ftsRSS := child("fts5load", path)
		st, err := os.Stat(path)
		if err != nil {
			b.Fatal(err)
		}
		ftsSize := st.Size()
		os.Remove(path)
		os.Remove(path + ".complete")
		glossSize := dirBytes(filepath.Join(dir, annotate.IndexDir))
		b.ReportMetric(glossWall.Seconds(), "gloss-s")
		b.ReportMetric(glossCPU.Seconds(), "gloss-cpu-s")
		b.ReportMetric(ftsWall.Seconds(), "fts5-s")
		b.ReportMetric(ftsCPU.Seconds(), "fts5-cpu-s")
		b.ReportMetric(glossWall.Seconds()/ftsWall.Seconds(), "wall-ratio")
		b.ReportMetric(float64(glossSize)/(1<<20), "gloss-MB")
		b.ReportMetric(float64(ftsSize)/(1<<20), "fts5-MB")
		b.ReportMetric(float64(glossSize)/float64(ftsSize), "size-ratio")
		b.ReportMetric(glossRSS, "gloss-peak-RSS-MB")
		b.ReportMetric(ftsRSS, "fts5-peak-RSS-MB")
	}
	b.ReportMetric(0, "ns/op")
}
