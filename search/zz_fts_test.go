package search

import (
	"path/filepath"
	"testing"
	"time"
)

func BenchmarkZZFTSLoad(b *testing.B) {
	ws, _ := openBench(b)
	wall, cpu, rss := measure(func() {
		ref, err := loadFTS5(ws, filepath.Join(b.TempDir(), "x.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("size %.1f MB", float64(ref.size())/(1<<20))
		ref.Close()
	})
	b.Logf("fts5 load wall %s cpu %s rss %.0f", wall, cpu, rss)
	_ = time.Now
}
