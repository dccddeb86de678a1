package app

import (
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/team/pgtest"
	"gloss.app/gloss/annotate/wstest"
)

// teamWindows runs two real windows under Xvfb on two workspaces of one project on a
// throw-away PostgreSQL server: Olha's (the lead, with one article) and Marko's (joined).
// Both windows sync by themselves (every 5 s, and at once on the server's announcement).
type teamWindows struct {
	bin, olha, marko, article string
	env                       []string
	starts                    []int
}

func startTeamWindows(tb testing.TB) *teamWindows {
	tb.Helper()
	_, env := startXvfb(tb)
	bin := glossBinary(tb)
	c := pgtest.Start(tb)
	if err := c.CreateDesk("desk", "lead", "lead-pw"); err != nil {
		tb.Fatal(err)
	}
	env = append(env, "PGPASSWORD=lead-pw")
	dsn := c.URL("lead", "desk")
	text, starts := sentences(400)
	tw := &teamWindows{bin: bin, env: env, starts: starts, marko: filepath.Join(tb.TempDir(), "marko")}
	tw.olha = wstest.Closed(tb, func(ws *annotate.Workspace) {
		res, err := ws.AddArticle(annotate.ArticleDraft{Title: "Shelling reports", Source: "Desk", Text: text})
		if err != nil {
			tb.Fatal(err)
		}
		tw.article = res.Article.ID
	})
	for _, step := range [][]string{
		{"--workspace", tw.olha, "author", "Olha"},
		{"--workspace", tw.olha, "team", "create", dsn, "--project", "latency"},
		{"--workspace", tw.marko, "author", "Marko"},
		{"--workspace", tw.marko, "team", "join", dsn, "--project", "latency"},
	} {
		if code, out, errs := glossCmd(bin, env, step...); code != 0 {
			tb.Fatalf("gloss %s: %d %s %s", strings.Join(step[2:], " "), code, out, errs)
		}
	}
	startWindow(tb, bin, env, tw.olha)
	startWindow(tb, bin, env, tw.marko)
	for _, dir := range []string{tw.olha, tw.marko} {
		waitFor(tb, 60*time.Second, "the window to listen to the team server", func() bool {
			st, err := windowState(dir)
			return err == nil && st.Team == "latency: Up to date · live"
		})
	}
	return tw
}

// change annotates sentence i in from's window and returns how long it took until the
// other window's annotation list showed it, counted from the command's start and from
// its acknowledgement (the command's exit).
func (tw *teamWindows) change(tb testing.TB, from, to string, i int) (total, afterAck time.Duration) {
	tb.Helper()
	s := tw.starts[i]
	start := time.Now()
	code, out, errs := glossCmd(tw.bin, tw.env, "--workspace", from, "annotate", tw.article, "--start", fmt.Sprint(s),
		"--end", fmt.Sprint(s+10), "--tag", "Energy attacks")
	if code != 0 {
		tb.Fatalf("annotate: %d %s", code, errs)
	}
	acked := time.Now()
	id, _, _ := strings.Cut(strings.TrimSpace(out), "\t")
	for {
		st, err := windowState(to)
		if err == nil && slices.Contains(st.Annotations, id) {
			return time.Since(start), time.Since(acked)
		}
		if time.Since(start) > 30*time.Second {
			tb.Fatalf("the change %s did not show in the other window within 30 s (%+v, %v)", id, st, err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// A change made in one analyst's window shows in a colleague's window, through the
// team server's announcement, without waiting for the periodic sync. The figure (the
// issue's target is 2 s) is measured by BenchmarkTeamChangeReachesOtherWindow.
func TestTeamChangeReachesOtherWindow(t *testing.T) {
	tw := startTeamWindows(t)
	var took, acked []time.Duration
	for i := 0; i < 6; i++ {
		from, to := tw.olha, tw.marko
		if i%2 == 1 {
			from, to = to, from
		}
		total, after := tw.change(t, from, to, i)
		took, acked = append(took, total), append(acked, after)
	}
	t.Logf("a change in one window shown in the other: median %v, slowest %v from the command's start; median %v after it was acknowledged",
		median(took), slowest(took), median(acked))
	// Both windows end with the same annotations and counts (a window follows a burst of
	// changes at most every followEvery, so the last may take that long to show).
	var a, b WindowState
	waitFor(t, 10*time.Second, "both windows to show the six annotations", func() bool {
		a, _ = windowState(tw.olha)
		b, _ = windowState(tw.marko)
		return strings.Contains(a.Counts, "6 annotations") && a.Counts == b.Counts && len(a.Annotations) == 6
	})
}

// BenchmarkTeamChangeReachesOtherWindow measures how long a change made in one window
// takes to show in a colleague's window (target: within 2 s), from the start of the
// command that makes it until the other window's annotation list shows it.
func BenchmarkTeamChangeReachesOtherWindow(b *testing.B) {
	tw := startTeamWindows(b)
	var took, acked []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		from, to := tw.olha, tw.marko
		if i%2 == 1 {
			from, to = to, from
		}
		total, after := tw.change(b, from, to, i%len(tw.starts))
		took, acked = append(took, total), append(acked, after)
	}
	b.StopTimer()
	b.ReportMetric(ms(median(took)), "ms-median")
	b.ReportMetric(ms(slowest(took)), "ms-slowest")
	b.ReportMetric(ms(median(acked)), "ms-after-ack")
}

func median(d []time.Duration) time.Duration {
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func slowest(d []time.Duration) time.Duration { return slices.Max(d) }

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
