package drills

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/stats"
	"gloss.app/gloss/search"
)

func init() { children["scale"] = scaleChild }

// Scale of the soak workspace.
const (
	scaleArticles    = 10_000
	scaleAnnotations = 200_000
)

// Targets of the scale soak.
const (
	targetOpen = 2 * time.Second
	targetRSS  = 500 << 20 // of the process's own (anonymous) memory; mapped file pages are page cache
)

// scaleFigures is what the scale child measures in a fresh process.
type scaleFigures struct {
	StoreOpenMS, IndexOpenMS float64
	IndexRebuilt             bool
	Search                   map[string][2]float64 // query → first (cold) run, p50 of the 6 runs after, ms
	StatsLoadMS, StatsMS     float64
	RSS, PeakRSS             int64 // bytes, VmRSS and VmHWM
	RSSAnon, RSSFile         int64 // bytes: the process's own memory, and pages of the mapped store and index files
}

// TestScaleSoak opens a workspace of 10,000 articles and 200,000 annotations in a fresh
// process and measures the open, searches, statistics and memory. It is generated once
// into $TMPDIR/gloss-scale-soak-* and reused by later runs. Only with GLOSS_SOAK=1.
func TestScaleSoak(t *testing.T) {
	if !soak() {
		t.Skip("the scale soak (10,000 articles, 200,000 annotations) runs with GLOSS_SOAK=1: make soak")
	}
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("gloss-scale-soak-%dx%d-v1", scaleArticles, scaleAnnotations))
	done := filepath.Join(dir, "generated")
	if _, err := os.Stat(done); err != nil {
		os.RemoveAll(dir)
		start := time.Now()
		generateScale(t, filepath.Join(dir, "ws"))
		t.Logf("generated %d articles and %d annotations in %s", scaleArticles, scaleAnnotations, time.Since(start).Round(time.Second))
		os.WriteFile(done, []byte(time.Now().Format(time.RFC3339)), 0o644)
	} else {
		t.Logf("reusing %s", dir)
	}
	// Build the index, or rebuild it after a mapping change, before measuring an open.
	ws, err := annotate.Open(filepath.Join(dir, "ws"), annotate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	rebuilt := false
	ix, err := search.Open(ws, func(int, int) { rebuilt = true })
	if err != nil {
		t.Fatal(err)
	}
	if rebuilt {
		t.Logf("built the index in %s", time.Since(start).Round(time.Second))
	}
	ix.Close()
	ws.Close()
	cmd := child("scale", "GLOSS_DRILL_DIR="+filepath.Join(dir, "ws"))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("the scale child: %v", err)
	}
	var f scaleFigures
	if err := json.Unmarshal(out, &f); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	t.Logf("open: store %.0f ms + index %.0f ms (rebuilt: %v); stats: load %.0f ms, compute %.0f ms; RSS %d MB (own memory %d MB, mapped files %d MB), peak RSS %d MB",
		f.StoreOpenMS, f.IndexOpenMS, f.IndexRebuilt, f.StatsLoadMS, f.StatsMS, f.RSS>>20, f.RSSAnon>>20, f.RSSFile>>20, f.PeakRSS>>20)
	var queries []string
	for q := range f.Search {
		queries = append(queries, q)
	}
	sort.Strings(queries)
	for _, q := range queries {
		t.Logf("search %-28q first %6.1f ms, then p50 %6.1f ms", q, f.Search[q][0], f.Search[q][1])
	}
	if open := time.Duration((f.StoreOpenMS + f.IndexOpenMS) * float64(time.Millisecond)); open > targetOpen || f.IndexRebuilt {
		t.Errorf("opening took %s (target %s; rebuilt: %v)", open, targetOpen, f.IndexRebuilt)
	}
	if f.RSSAnon > targetRSS {
		t.Errorf("the process's own memory is %d MB, target under %d MB", f.RSSAnon>>20, targetRSS>>20)
	}
}

// generateScale builds the soak workspace through the command layer, without fsync.
func generateScale(t *testing.T, dir string) {
	rng := rand.New(rand.NewPCG(2026, 10))
	ws, err := annotate.Open(dir, annotate.Options{Create: true, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	var tags []string
	for i := 0; i < 24; i++ {
		parent := ""
		if i >= 8 {
			parent = tags[i%8]
		}
		tag, _, err := ws.CreateTag(annotate.TagDraft{Name: fmt.Sprintf("Drill%d", i), ParentID: parent})
		if err != nil {
			t.Fatal(err)
		}
		tags = append(tags, tag.ID)
	}
	outlets := []string{"Kyiv Independent", "Meduza", "Reuters", "BBC Monitoring", "Ukrainska Pravda", "Novaya Gazeta", "AP", "Suspilne"}
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	batch := ws.NewBatch("Soak import")
	for n := 0; n < scaleArticles; n += 500 {
		var drafts []annotate.ArticleDraft
		for i := n; i < n+500; i++ {
			var b strings.Builder
			fmt.Fprintf(&b, "Report %d. ", i)
			for b.Len() < 2500+rng.IntN(3000) {
				b.WriteString(vocabulary[rng.IntN(len(vocabulary))])
				b.WriteByte(' ')
				if rng.IntN(12) == 0 {
					b.WriteString(". ")
				}
			}
			drafts = append(drafts, annotate.ArticleDraft{Title: fmt.Sprintf("Soak report %d", i), Source: outlets[rng.IntN(len(outlets))],
				Published: base.Add(time.Duration(rng.IntN(700*24)) * time.Hour), Language: "en", Text: b.String(), Format: "txt", Origin: fmt.Sprintf("soak/%d.txt", i)})
		}
		for _, r := range batch.Add(drafts) {
			if r.Err != nil {
				t.Fatal(r.Err)
			}
		}
	}
	perArticle := scaleAnnotations / scaleArticles
	var set annotate.IncomingSet
	for _, id := range tags {
		set.Tags = append(set.Tags, annotate.IncomingTag{Key: id, ID: id})
	}
	flush := func() {
		set.Label = "Soak annotations"
		rep, err := ws.MergeAnnotations(set)
		if err != nil || len(rep.Skipped) > 0 {
			t.Fatalf("merge: %v %v", err, rep.Skipped)
		}
		set.Articles, set.Annotations = nil, nil
	}
	// Read first, merge after: a command cannot run inside a read transaction.
	var arts []annotate.Article
	if err := ws.EachArticle(true, func(a annotate.Article) error { arts = append(arts, a); return nil }); err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		text := []rune(a.Text)
		set.Articles = append(set.Articles, annotate.IncomingArticle{Key: a.ID, Article: annotate.Article{ID: a.ID}})
		for k := 0; k < perArticle; k++ {
			start := rng.IntN(len(text) - 200)
			end := start + 10 + rng.IntN(150)
			for strings.TrimSpace(string(text[start:end])) == "" {
				end++
			}
			exact, prefix, suffix := annotate.Quote(text, start, end)
			note := ""
			if rng.IntN(4) == 0 {
				note = "soak note " + vocabulary[rng.IntN(len(vocabulary))] + " " + strconv.Itoa(k)
			}
			created := a.Published.Add(time.Duration(rng.IntN(240)) * time.Hour)
			set.Annotations = append(set.Annotations, annotate.IncomingAnnotation{
				ID: uuid.NewString(), ArticleKey: a.ID, Selector: annotate.Selector{Exact: exact, Prefix: prefix, Suffix: suffix, Start: start, End: end},
				TagKeys: []string{tags[rng.IntN(len(tags))], tags[rng.IntN(len(tags))]}[:1+rng.IntN(2)], Note: note, Author: "soak",
				Created: created, Modified: created})
		}
		if len(set.Annotations) >= 5000 {
			flush()
		}
	}
	if len(set.Annotations) > 0 {
		flush()
	}
	if arts, anns := ws.Counts(); arts != scaleArticles || anns != scaleAnnotations {
		t.Fatalf("generated %d articles and %d annotations", arts, anns)
	}
}

// scaleChild measures in a fresh process, printing scaleFigures as JSON.
func scaleChild() int {
	var f scaleFigures
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	start := time.Now()
	ws, err := annotate.Open(os.Getenv("GLOSS_DRILL_DIR"), annotate.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer ws.Close()
	f.StoreOpenMS = ms(time.Since(start))
	start = time.Now()
	ix, err := search.Open(ws, func(int, int) { f.IndexRebuilt = true })
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer ix.Close()
	f.IndexOpenMS = ms(time.Since(start))
	f.Search = map[string][2]float64{}
	for _, r := range []search.Request{
		{Query: ""}, {Query: "convoy"}, {Query: "harbour OR river"}, {Query: `"the bridge"`}, {Query: "tag:Drill3"},
		{Query: "convoy -has:note"}, {Query: "curfew", Articles: true}, {Query: "ceasefire", Facets: true}, {Query: "", Facets: true},
		{Query: "published:2024-06", Sort: search.SortPublished},
	} {
		var times []float64
		for i := 0; i < 7; i++ {
			s := time.Now()
			if _, err := ix.Search(r); err != nil {
				fmt.Fprintln(os.Stderr, r.Query, err)
				return 1
			}
			times = append(times, ms(time.Since(s)))
		}
		first := times[0]
		times = times[1:]
		sort.Float64s(times)
		key := r.Query
		if r.Facets {
			key += " (facets)"
		}
		if r.Articles {
			key += " (articles)"
		}
		f.Search[key] = [2]float64{first, times[len(times)/2]}
	}
	start = time.Now()
	data, err := stats.Load(ws)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	f.StatsLoadMS = ms(time.Since(start))
	start = time.Now()
	data.Compute(stats.Options{})
	f.StatsMS = ms(time.Since(start))
	f.RSS, f.PeakRSS = procStatus("VmRSS:"), procStatus("VmHWM:")
	f.RSSAnon, f.RSSFile = procStatus("RssAnon:"), procStatus("RssFile:")
	json.NewEncoder(os.Stdout).Encode(f)
	return 0
}

// procStatus reads a kB figure of /proc/self/status, in bytes.
func procStatus(field string) int64 {
	b, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, field); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return n << 10
		}
	}
	return 0
}
