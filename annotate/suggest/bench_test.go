package suggest

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/textunits"
)

// The benchmark workspace: 20,000 annotations over generated articles of 30 sentences
// drawn from the labelled sets (development and evaluation, English and Ukrainian),
// each sentence with its own codings, one word in four replaced by a generated name so
// that the vocabulary grows as in a real corpus. Built once per run (or kept in
// $GLOSS_BENCH_DIR/suggest20k).

const benchAnnotations = 20000

type benchSentence struct {
	text  string
	spans []LabelledSpan // offsets within text
}

func benchPool(tb testing.TB) []benchSentence {
	var pool []benchSentence
	for _, dir := range []string{"testdata/dev", "testdata/eval"} {
		arts, err := ReadLabelledDir(dir)
		if err != nil {
			tb.Fatal(err)
		}
		for _, a := range arts {
			r := []rune(a.Text)
			for _, sp := range textunits.SentencesOf(r) {
				bs := benchSentence{text: string(r[sp.Start:sp.End])}
				for _, s := range a.Spans {
					if s.Start >= sp.Start && s.End <= sp.End {
						s.Start -= sp.Start
						s.End -= sp.Start
						bs.spans = append(bs.spans, s)
					}
				}
				pool = append(pool, bs)
			}
		}
	}
	return pool
}

var (
	benchOnce sync.Once
	benchWS   string
	benchErr  error
	benchTemp string // removed when the benchmarks end (no $GLOSS_BENCH_DIR given)
)

func TestMain(m *testing.M) {
	code := m.Run()
	if benchTemp != "" {
		os.RemoveAll(benchTemp)
	}
	os.Exit(code)
}

func benchWorkspace(b *testing.B) *annotate.Workspace {
	benchOnce.Do(func() {
		dir := os.Getenv("GLOSS_BENCH_DIR")
		if dir == "" {
			dir, benchErr = os.MkdirTemp("", "gloss-suggest-bench")
			if benchErr != nil {
				return
			}
			benchTemp = dir
		}
		benchWS = filepath.Join(dir, "suggest20k")
		if _, err := os.Stat(filepath.Join(benchWS, annotate.StoreFile)); err == nil {
			return
		}
		benchErr = buildBenchWorkspace(b, benchWS)
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	ws, err := annotate.Open(benchWS, annotate.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ws.Close() })
	return ws
}

func buildBenchWorkspace(tb testing.TB, dir string) error {
	pool := benchPool(tb)
	ws, err := annotate.Open(dir, annotate.Options{Create: true, NoSync: true})
	if err != nil {
		return err
	}
	defer ws.Close()
	cb, _ := ws.Codebook()
	ids := map[string]string{}
	for k, path := range LabelledTags {
		t, err := cb.Resolve(path)
		if err != nil {
			return err
		}
		ids[k] = t.ID
	}
	rng := rand.New(rand.NewPCG(18, 2025))
	name := func() string {
		const letters = "abcdefghijklmnoprstuvyzабвгдеєжзиіїклмнопрстуфхцчшщюя"
		lr := []rune(letters)
		n := 4 + rng.IntN(6)
		out := make([]rune, n)
		for i := range out {
			out[i] = lr[rng.IntN(len(lr))]
		}
		out[0] = []rune(strings.ToUpper(string(out[0])))[0]
		return string(out)
	}
	total := 0
	for a := 0; total < benchAnnotations; a++ {
		var text strings.Builder
		type ann struct {
			start, end int
			tags       []string
		}
		var anns []ann
		offset := 0
		for s := 0; s < 30; s++ {
			bs := pool[rng.IntN(len(pool))]
			// Replace one uncoded word in four with a generated name.
			words := strings.Fields(bs.text)
			sentence := bs.text
			if len(bs.spans) == 0 && len(words) > 4 {
				for i := range words {
					if rng.IntN(4) == 0 {
						words[i] = name()
					}
				}
				sentence = strings.Join(words, " ")
			}
			if s > 0 {
				text.WriteString(" ")
				offset++
			}
			text.WriteString(sentence)
			if sentence == bs.text {
				for _, sp := range bs.spans {
					var tags []string
					for _, k := range sp.Tags {
						tags = append(tags, ids[k])
					}
					anns = append(anns, ann{offset + sp.Start, offset + sp.End, tags})
				}
			}
			offset += len([]rune(sentence))
		}
		res, err := ws.AddArticle(annotate.ArticleDraft{Title: fmt.Sprintf("Bench article %d", a), Text: text.String()})
		if err != nil {
			return err
		}
		if res.Status != annotate.StatusImported {
			continue
		}
		for _, x := range anns {
			if total >= benchAnnotations {
				break
			}
			if _, _, err := ws.Annotate(annotate.AnnotationDraft{ArticleID: res.Article.ID, Start: x.start, End: x.end, TagIDs: x.tags}); err != nil {
				return err
			}
			total++
		}
	}
	return nil
}

// cpuClock reports the process's CPU time (user and system): on a machine shared with
// other work the wall time of a benchmark says little, its CPU time much more.
func cpuClock() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds the CPU seconds per operation since start to the benchmark's output.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric((cpuClock()-start).Seconds()/float64(b.N), "cpu-s/op")
}

// BenchmarkTrain20k reads the corpus from the store and trains every tag: the work the
// background trainer does after a change (target ≤ 5 s).
func BenchmarkTrain20k(b *testing.B) {
	ws := benchWorkspace(b)
	_, n := ws.Counts()
	b.ReportMetric(float64(n), "annotations")
	b.ResetTimer()
	start := cpuClock()
	defer func() { reportCPU(b, start) }()
	for b.Loop() {
		c, err := LoadCorpus(ws)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Train(c, DefaultParams()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTrain20kOneWorker is the same with the trainer's default of one worker (the
// window keeps the other core).
func BenchmarkTrain20kOneWorker(b *testing.B) {
	ws := benchWorkspace(b)
	p := DefaultParams()
	p.Workers = 1
	b.ResetTimer()
	start := cpuClock()
	defer func() { reportCPU(b, start) }()
	for b.Loop() {
		c, err := LoadCorpus(ws)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Train(c, p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkModelMemory20k reports the heap a trained model keeps (target ≤ 100 MB).
func BenchmarkModelMemory20k(b *testing.B) {
	ws := benchWorkspace(b)
	for b.Loop() {
		c, err := LoadCorpus(ws)
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		m, err := Train(c, DefaultParams())
		if err != nil {
			b.Fatal(err)
		}
		c = nil
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "model-MB")
		runtime.KeepAlive(m)
	}
}

// BenchmarkSuggestArticle proposes passages for one new 40-sentence article with the
// 20k-annotation model, reading the article and its annotations from the store, as the
// window does when an article opens (target ≤ 50 ms).
func BenchmarkSuggestArticle(b *testing.B) { benchSuggestArticle(b, false) }

// BenchmarkSuggestArticleAgain asks again about the same article, as the window does
// after every change: the model's scored sentences are reused, only filtered again.
func BenchmarkSuggestArticleAgain(b *testing.B) { benchSuggestArticle(b, true) }

func benchSuggestArticle(b *testing.B, again bool) {
	ws := benchWorkspace(b)
	c, err := LoadCorpus(ws)
	if err != nil {
		b.Fatal(err)
	}
	m, err := Train(c, DefaultParams())
	if err != nil {
		b.Fatal(err)
	}
	pool := benchPool(b)
	rng := rand.New(rand.NewPCG(7, 7))
	var sentences []string
	for i := 0; i < 40; i++ {
		sentences = append(sentences, pool[rng.IntN(len(pool))].text)
	}
	res, err := ws.AddArticle(annotate.ArticleDraft{Title: fmt.Sprintf("New %d", time.Now().UnixNano()), Text: strings.Join(sentences, " ")})
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	b.ResetTimer()
	start := cpuClock()
	defer func() { reportCPU(b, start) }()
	for b.Loop() {
		if !again {
			m.cache = &candidateCache{} // every sentence scored, as for an article opened first
		}
		got, err := m.SuggestArticle(ws, res.Article.ID, nil, 0)
		if err != nil {
			b.Fatal(err)
		}
		n = len(got)
	}
	b.ReportMetric(float64(n), "suggestions")
}
