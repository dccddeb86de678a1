package exchange

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/google/uuid"

	"gloss.app/gloss/annotate"
)

// benchWorkspace holds 1,000 articles with 100 annotations each, merged in one command.
func benchWorkspace(b *testing.B, articles, perArticle int) *annotate.Workspace {
	ws := openWorkspace(b)
	cb, _ := ws.Codebook()
	tags := cb.Tags()
	para := "Сили оборони відбили атаку біля річки 🌊, повідомили в штабі. Shelling continued near the crossing overnight. "
	set := annotate.IncomingSet{}
	for i := range articles {
		id := uuid.NewString()
		text := fmt.Sprintf("Report %d. ", i) + strings.Repeat(para, perArticle)
		set.Articles = append(set.Articles, annotate.IncomingArticle{Key: id, Article: annotate.Article{ID: id, Title: fmt.Sprintf("Report %d", i)}, Text: text})
		runes := []rune(text)
		offset := len([]rune(fmt.Sprintf("Report %d. ", i)))
		step := len([]rune(para))
		for j := range perArticle {
			start := offset + j*step
			exact, prefix, suffix := annotate.Quote(runes, start, start+60)
			set.Annotations = append(set.Annotations, annotate.IncomingAnnotation{
				ID: uuid.NewString(), ArticleKey: id, TagKeys: []string{tags[j%len(tags)].ID},
				Selector: annotate.Selector{Exact: exact, Prefix: prefix, Suffix: suffix, Start: start, End: start + 60},
				Note:     "a note with \"quotes\", commas, and\nnew lines", Author: "bench",
			})
		}
	}
	for _, t := range tags {
		set.Tags = append(set.Tags, annotate.IncomingTag{Key: t.ID, ID: t.ID, Path: strings.Split(cb.Path(t.ID), "/")})
	}
	rep, err := ws.MergeAnnotations(set)
	if err != nil || rep.Imported != articles*perArticle {
		b.Fatalf("setup: %v %+v", err, rep.Skipped)
	}
	return ws
}

// BenchmarkExport100k exports 100,000 annotations in each format (target: ≤ 3 s each).
// peak-heap-MB is the largest heap seen while exporting: it must not grow with the set.
func BenchmarkExport100k(b *testing.B) {
	ws := benchWorkspace(b, 1000, 100)
	for _, f := range []Format{GlossJSON, W3C, CSV} {
		b.Run(string(f), func(b *testing.B) {
			var peak uint64
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				runtime.GC() // the setup's garbage must not count as the export's
				b.StartTimer()
				w := &heapWatcher{peak: &peak}
				st, err := Export(ws, Selection{}, f, w, Options{})
				if err != nil || st.Annotations != 100_000 {
					b.Fatalf("%v, %d annotations", err, st.Annotations)
				}
				b.SetBytes(w.n)
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		})
	}
}

// heapWatcher discards what it is given and samples the heap every few megabytes.
type heapWatcher struct {
	n, next int64
	peak    *uint64
}

func (h *heapWatcher) Write(p []byte) (int, error) {
	h.n += int64(len(p))
	if h.n >= h.next {
		h.next = h.n + 4<<20
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		if ms.HeapAlloc > *h.peak {
			*h.peak = ms.HeapAlloc
		}
	}
	return len(p), nil
}

var _ io.Writer = (*heapWatcher)(nil)
