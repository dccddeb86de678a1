package search

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"syscall"
	"testing"
	"time"
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
	path := filepath.Join(filepath.Dir(ix.Dir()), "..", benchCorpusTag+"-fts5.db")
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
				for n := 0; n < b.N; n++ {
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

// BenchmarkLoadVersusFTS5 rebuilds Gloss's index and loads FTS5 from the same store, one
// after the other, and reports wall time, CPU time, size on disk and peak memory of each.
func BenchmarkLoadVersusFTS5(b *testing.B) {
	ws, ix := openBench(b)
	path := filepath.Join(b.TempDir(), "fts5.db")
	for n := 0; n < b.N; n++ {
		runtime.GC()
		glossWall, glossCPU, glossRSS := measure(func() {
			if err := ix.Rebuild(nil); err != nil {
				b.Fatal(err)
			}
		})
		runtime.GC()
		var ref *ftsRef
		ftsWall, ftsCPU, ftsRSS := measure(func() {
			var err error
			if ref, err = loadFTS5(ws, path); err != nil {
				b.Fatal(err)
			}
		})
		ftsSize := ref.size()
		ref.Close()
		os.Remove(path)
		glossSize := dirBytes(ix.Dir())
		b.ReportMetric(glossWall.Seconds(), "gloss-s")
		b.ReportMetric(glossCPU.Seconds(), "gloss-cpu-s")
		b.ReportMetric(ftsWall.Seconds(), "fts5-s")
		b.ReportMetric(ftsCPU.Seconds(), "fts5-cpu-s")
		b.ReportMetric(glossWall.Seconds()/ftsWall.Seconds(), "wall-ratio")
		b.ReportMetric(float64(glossSize)/(1<<20), "gloss-MB")
		b.ReportMetric(float64(ftsSize)/(1<<20), "fts5-MB")
		b.ReportMetric(float64(glossSize)/float64(ftsSize), "size-ratio")
		b.ReportMetric(glossRSS, "gloss-peak-anon-MB")
		b.ReportMetric(ftsRSS, "fts5-peak-anon-MB")
	}
	b.ReportMetric(0, "ns/op")
}

// measure runs fn and returns its wall time, the process's CPU time meanwhile and the
// peak anonymous resident memory sampled every 20 ms.
func measure(fn func()) (wall, cpu time.Duration, peakAnonMB float64) {
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			anon, _ := rssMB()
			peakAnonMB = max(peakAnonMB, anon)
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	var before, after syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &before)
	start := time.Now()
	fn()
	wall = time.Since(start)
	syscall.Getrusage(syscall.RUSAGE_SELF, &after)
	close(stop)
	<-done
	cpu = time.Duration(after.Utime.Nano() + after.Stime.Nano() - before.Utime.Nano() - before.Stime.Nano())
	return wall, cpu, peakAnonMB
}
