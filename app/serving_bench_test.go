package app

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/wstest"
)

// BenchmarkCommandThroughWindow times whole `gloss` commands (process start included)
// that the real window under Xvfb carries out, and the same commands without a window
// for comparison; p50-ms and p95-ms are per command. Target: p50 ≤ 30 ms through the
// window.
func BenchmarkCommandThroughWindow(b *testing.B) {
	_, env := startXvfb(b)
	bin := glossBinary(b)
	text, starts := sentences(2000)
	var articleID string
	dir := wstest.Closed(b, func(ws *annotate.Workspace) {
		if err := ws.AddSamples(); err != nil {
			b.Fatal(err)
		}
		res, err := ws.AddArticle(annotate.ArticleDraft{Title: "Shelling reports", Source: "Desk", Text: text})
		if err != nil {
			b.Fatal(err)
		}
		articleID = res.Article.ID
	})
	next := 0
	commands := []struct {
		name string
		args func() []string
	}{
		{"annotate", func() []string {
			s := starts[next%len(starts)]
			next++
			return []string{"annotate", articleID, "--start", fmt.Sprint(s), "--end", fmt.Sprint(s + 10), "--tag", "Energy attacks"}
		}},
		{"search", func() []string { return []string{"search", "substation"} }},
		{"articles", func() []string { return []string{"articles", "--json"} }},
	}
	run := func(b *testing.B, args func() []string) {
		times := make([]time.Duration, 0, b.N)
		for i := 0; i < b.N; i++ {
			a := append([]string{"--workspace", dir}, args()...)
			start := time.Now()
			if code, _, errs := glossCmd(bin, env, a...); code != 0 {
				b.Fatalf("gloss %v: %d %s", a, code, errs)
			}
			times = append(times, time.Since(start))
		}
		slices.Sort(times)
		b.ReportMetric(float64(times[len(times)/2])/1e6, "p50-ms")
		b.ReportMetric(float64(times[len(times)*95/100])/1e6, "p95-ms")
	}
	for _, c := range commands {
		b.Run(c.name+"-alone", func(b *testing.B) { run(b, c.args) })
	}
	startWindow(b, bin, env, dir)
	for _, c := range commands {
		b.Run(c.name+"-through-window", func(b *testing.B) { run(b, c.args) })
	}
}
