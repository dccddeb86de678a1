package search

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"sort"
	"strconv"
	"testing"
	"time"

	"gloss.app/gloss/annotate"
)

// Whole processes, as the CLI runs them: each command opens the workspace and its index,
// does one thing and closes them. The helper below is this test binary started again in
// one of these roles; BenchmarkSearchAfterManyCommands times `search` processes right
// after a rebuild and after a thousand `annotate` processes on a 2,000-article workspace.
//
//	GLOSS_BENCH_DIR=/tmp/glossbench go test -tags ci,migrated_fynedo -run '^$' -bench SearchAfterManyCommands -benchtime 1x ./search/

const processCorpusArticles = 2000

// TestProcessHelper is a command in a process of its own (it does nothing in a normal run).
func TestProcessHelper(t *testing.T) {
	role, dir := os.Getenv("GLOSS_SEARCH_PROCESS"), os.Getenv("GLOSS_SEARCH_PROCESS_DIR")
	if role == "" {
		return
	}
	code := 0
	if path := os.Getenv("GLOSS_SEARCH_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			pprof.StartCPUProfile(f)
			defer pprof.StopCPUProfile() // before os.Exit below: see the end
		}
	}
	if err := processRole(role, dir, os.Getenv("GLOSS_SEARCH_PROCESS_ARG")); err != nil {
		fmt.Fprintln(os.Stderr, err)
		code = 1
	}
	pprof.StopCPUProfile()
	os.Exit(code)
}

func processRole(role, dir, arg string) error {
	if os.Getenv("GLOSS_SEARCH_TRACE") != "" {
		start := time.Now()
		buildTrace = func(phase string, d time.Duration) {
			fmt.Fprintf(os.Stderr, "%6.1fs %s took %s\n", time.Since(start).Seconds(), phase, d.Round(time.Millisecond))
		}
	}
	ws, err := annotate.Open(dir, annotate.Options{})
	if role == "fts5load" { // arg: the database file
		if err != nil {
			return err
		}
		defer ws.Close()
		ref, err := loadFTS5(ws, arg)
		if err != nil {
			return err
		}
		return ref.Close()
	}
	if err != nil {
		return err
	}
	defer ws.Close()
	ix, err := OpenWith(ws, Options{ForceRebuild: role == "reindex"})
	if err != nil {
		return err
	}
	defer ix.Close()
	switch role {
	case "search":
		res, err := ix.Search(Request{Query: arg, Facets: true})
		if err != nil {
			return err
		}
		if res.Total == 0 {
			return fmt.Errorf("no hit for %q", arg)
		}
	case "annotate":
		n, _ := strconv.Atoi(arg)
		arts, err := ws.Articles()
		if err != nil {
			return err
		}
		cb, err := ws.Codebook()
		if err != nil {
			return err
		}
		a := arts[n%len(arts)]
		_, _, err = ws.Annotate(annotate.AnnotationDraft{ArticleID: a.ID, Start: n % 50, End: n%50 + 20, TagIDs: []string{cb.Tags()[n%5].ID}})
		return err
	}
	return nil
}

// runProcess runs the helper in a role and returns how long the whole process took.
func runProcess(b *testing.B, role, dir, arg string) time.Duration {
	cmd := exec.Command(os.Args[0], "-test.run=^TestProcessHelper$")
	cmd.Env = append(os.Environ(), "GLOSS_SEARCH_PROCESS="+role, "GLOSS_SEARCH_PROCESS_DIR="+dir, "GLOSS_SEARCH_PROCESS_ARG="+arg)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	d := time.Since(start)
	if err != nil {
		b.Fatalf("%s process: %v\n%s", role, err, out)
	}
	return d
}

// segmentCount counts the segments of both parts (the zap files in use).
func segmentCount(dir string) int {
	files, _ := filepath.Glob(filepath.Join(dir, annotate.IndexDir, "*", "store", "*.zap"))
	return len(files)
}

func BenchmarkSearchAfterManyCommands(b *testing.B) {
	base := os.Getenv("GLOSS_BENCH_DIR")
	if base == "" {
		base = os.TempDir()
	}
	cached := filepath.Join(base, fmt.Sprintf("gloss-search-bench-%d-v1", processCorpusArticles))
	if _, err := os.Stat(filepath.Join(cached, "complete")); err != nil {
		os.RemoveAll(cached)
		if err := generateCorpusOf(cached, processCorpusArticles, false); err != nil {
			b.Fatal(err)
		}
		os.WriteFile(filepath.Join(cached, "complete"), nil, 0o644)
	}
	word := benchVocabulary[300]
	median := func(role string, n int, dir string) time.Duration {
		var ds []time.Duration
		for i := 0; i < n; i++ {
			ds = append(ds, runProcess(b, role, dir, word))
		}
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		return ds[len(ds)/2]
	}
	for n := 0; n < 1; n++ { // once, whatever -benchtime: 1,000 processes take a while
		dir := filepath.Join(b.TempDir(), "ws")
		if err := exec.Command("cp", "-r", cached, dir).Run(); err != nil {
			b.Fatal(err)
		}
		runProcess(b, "reindex", dir, "")
		afterReindex := median("search", 15, dir)
		segsBefore := segmentCount(dir)
		start := time.Now()
		const commands = 1000
		for i := 0; i < commands; i++ {
			runProcess(b, "annotate", dir, strconv.Itoa(i))
		}
		perCommand := time.Since(start) / commands
		afterCommands := median("search", 15, dir)
		b.ReportMetric(float64(afterReindex)/float64(time.Millisecond), "search-after-reindex-ms")
		b.ReportMetric(float64(afterCommands)/float64(time.Millisecond), "search-after-1000-annotate-ms")
		b.ReportMetric(float64(afterCommands)/float64(afterReindex), "ratio")
		b.ReportMetric(float64(perCommand)/float64(time.Millisecond), "annotate-process-ms")
		b.ReportMetric(float64(segsBefore), "segments-after-reindex")
		b.ReportMetric(float64(segmentCount(dir)), "segments-after-1000-annotate")
	}
	b.ReportMetric(0, "ns/op")
}
