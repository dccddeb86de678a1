package drills

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/ingest"
	"gloss.app/gloss/search"
)

// benchWords are mixed Ukrainian, Russian and English words for the generated corpus.
var benchWords = strings.Fields(`обстріл енергетика підстанція Харків Одеса Дніпро укриття відновлення громада
	евакуація мешканці повідомила адміністрація пошкоджено ніхто постраждав електропостачання ремонт бригада
	обстрел подстанция жители сообщили восстановление ночью ceasefire negotiations drone strike grid repair
	officials confirmed casualties humanitarian corridor frontline shelling infrastructure the of and in to`)

// writeCorpus writes n deterministic ~5 KB text files into dir (100 per sub-folder).
func writeCorpus(tb testing.TB, dir string, n int) int64 {
	rng := rand.New(rand.NewPCG(1, 2))
	var total int64
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.Reset()
		fmt.Fprintf(&b, "Зведення %d: %s %s\n\n", i, benchWords[rng.IntN(len(benchWords))], benchWords[rng.IntN(len(benchWords))])
		for b.Len() < 5000 {
			for w := 0; w < 12+rng.IntN(10); w++ {
				if w > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(benchWords[rng.IntN(len(benchWords))])
			}
			b.WriteString(".\n\n")
		}
		sub := filepath.Join(dir, fmt.Sprintf("%03d", i/100))
		if i%100 == 0 {
			if err := os.MkdirAll(sub, 0o755); err != nil {
				tb.Fatal(err)
			}
		}
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("%05d.txt", i)), []byte(b.String()), 0o644); err != nil {
			tb.Fatal(err)
		}
		total += int64(b.Len())
	}
	return total
}

// BenchmarkImportFolder10k imports 10,000 generated ~5 KB text files from a folder into a
// fresh workspace through ingest.Importer (the path of gloss import and the GUI): reading,
// decoding, canonicalising and storing in fsync'd chunks of 200, with the search index
// attached (as the GUI and CLI have it), so every chunk is also indexed before the
// import returns.
func BenchmarkImportFolder10k(b *testing.B) {
	const n = 10_000
	corpus := b.TempDir()
	bytes := writeCorpus(b, corpus, n)
	b.SetBytes(bytes)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		ws, err := annotate.Open(filepath.Join(b.TempDir(), fmt.Sprintf("ws%d", i)), annotate.Options{Create: true})
		if err != nil {
			b.Fatal(err)
		}
		ix, err := search.Open(ws, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		sum, err := (&ingest.Importer{}).Run(context.Background(), ws, []string{corpus})
		b.ReportMetric(time.Since(start).Seconds(), "s/import")
		b.StopTimer()
		if err != nil || sum.Imported != n {
			b.Fatalf("imported %d of %d: %v", sum.Imported, n, err)
		}
		// Everything imported is searchable when Run returns.
		res, err := ix.Search(search.Request{Query: "is:article", Articles: true, Limit: 1})
		if err != nil || res.Total != n {
			b.Fatalf("index holds %d articles of %d: %v", res.Total, n, err)
		}
		ix.Close()
		ws.Close()
		b.StartTimer()
	}
}
