package team

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/team/pgtest"
)

// Benchmarks of the sync engine against a throw-away PostgreSQL server on this machine
// (Unix socket; docs/BENCHMARKS.md has figures). Targets (issue 15): a sync of 10,000
// pending changes ≤ 5 s, an idle sync ≤ 50 ms; the announcement-driven pull is what
// makes "a change shows in another window within 2 s" easy.

// pendingFixture makes a project whose creator then made 10,000 annotations offline, and
// keeps copies of the creator's workspace (10,000 changes pending) and of a colleague's
// (joined before them).
type pendingFixture struct {
	cluster          *pgtest.Cluster
	dsn              string
	sender, receiver string // template workspace folders
	pending          int
	baseHead         uint64 // the log's position before the pending changes
}

func newPendingFixture(b *testing.B, changes int) *pendingFixture {
	b.Helper()
	c := pgtest.Start(b)
	if err := c.CreateDesk("desk", "lead", "lead-pw"); err != nil {
		b.Fatal(err)
	}
	setenv(b, "PGPASSWORD", "lead-pw")
	f := &pendingFixture{cluster: c, dsn: c.URL("lead", "desk")}
	ctx := context.Background()
	root := b.TempDir()
	f.sender, f.receiver = filepath.Join(root, "sender"), filepath.Join(root, "receiver")
	open := func(dir string) *annotate.Workspace {
		ws, err := annotate.Open(dir, annotate.Options{Create: true, NoSync: true})
		if err != nil {
			b.Fatal(err)
		}
		return ws
	}
	sender := open(f.sender)
	var arts []annotate.Article
	for i := 0; i < 20; i++ {
		res, err := sender.AddArticle(annotate.ArticleDraft{Title: fmt.Sprint("Dispatch ", i), Text: drillText(i)})
		if err != nil {
			b.Fatal(err)
		}
		a, _ := sender.Article(res.Article.ID)
		arts = append(arts, a)
	}
	if _, err := Create(ctx, sender, f.dsn, "bench", false); err != nil {
		b.Fatal(err)
	}
	receiver := open(f.receiver)
	if _, err := Join(ctx, receiver, f.dsn, "bench"); err != nil {
		b.Fatal(err)
	}
	receiver.Close()
	l0, _ := ReadLink(sender)
	f.baseHead = l0.Position
	cb, _ := sender.Codebook()
	tags := cb.Tags()
	r := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < changes; {
		a := arts[r.IntN(len(arts))]
		text := []rune(a.Text)
		start := r.IntN(len(text) - 40)
		_, _, err := sender.Annotate(annotate.AnnotationDraft{ArticleID: a.ID, Start: start, End: start + 5 + r.IntN(30),
			TagIDs: []string{tags[r.IntN(len(tags))].ID}})
		if err == nil {
			n++
		}
	}
	l, _ := ReadLink(sender)
	f.pending = l.Pending
	sender.Close()
	return f
}

// copyWorkspace copies a closed workspace's store into a new folder.
func copyWorkspace(b *testing.B, from string) string {
	b.Helper()
	to := filepath.Join(b.TempDir(), "copy")
	os.MkdirAll(to, 0o755)
	src, err := os.Open(filepath.Join(from, annotate.StoreFile))
	if err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	dst, err := os.Create(filepath.Join(to, annotate.StoreFile))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		b.Fatal(err)
	}
	dst.Close()
	return to
}

// BenchmarkSyncPush10k: one sync that sends 10,000 pending changes (each iteration on a
// fresh copy of the workspace, the server's log emptied of them first).
func BenchmarkSyncPush10k(b *testing.B) {
	f := newPendingFixture(b, 10000)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		if err := f.cluster.Exec("desk", `DELETE FROM gloss.ops WHERE seq > $1`, int64(f.baseHead)); err != nil {
			b.Fatal(err)
		}
		if err := f.cluster.Exec("desk", `UPDATE gloss.projects SET head = $1`, int64(f.baseHead)); err != nil {
			b.Fatal(err)
		}
		ws, err := annotate.Open(copyWorkspace(b, f.sender), annotate.Options{})
		if err != nil {
			b.Fatal(err)
		}
		s, err := New(ws)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		rep, err := s.Sync(ctx)
		b.StopTimer()
		if err != nil || rep.Pushed != f.pending {
			b.Fatalf("pushed %d of %d: %v", rep.Pushed, f.pending, err)
		}
		s.Close()
		ws.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(f.pending), "changes/sync")
}

// BenchmarkSyncPull10k: one sync that receives and applies 10,000 colleagues' changes.
func BenchmarkSyncPull10k(b *testing.B) {
	f := newPendingFixture(b, 10000)
	ctx := context.Background()
	ws, err := annotate.Open(copyWorkspace(b, f.sender), annotate.Options{})
	if err != nil {
		b.Fatal(err)
	}
	s, _ := New(ws)
	if _, err := s.Sync(ctx); err != nil {
		b.Fatal(err)
	}
	s.Close()
	ws.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		ws, err := annotate.Open(copyWorkspace(b, f.receiver), annotate.Options{})
		if err != nil {
			b.Fatal(err)
		}
		s, _ := New(ws)
		b.StartTimer()
		rep, err := s.Sync(ctx)
		b.StopTimer()
		if err != nil || rep.Pulled != f.pending {
			b.Fatalf("pulled %d of %d: %v", rep.Pulled, f.pending, err)
		}
		s.Close()
		ws.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(f.pending), "changes/sync")
}

func idleDesk(b *testing.B) (*annotate.Workspace, string) {
	_, dsn := deskDB(b)
	ws := openWS(b, "idle")
	for i := 0; i < 5; i++ {
		ws.AddArticle(annotate.ArticleDraft{Title: fmt.Sprint(i), Text: drillText(i)})
	}
	if _, err := Create(context.Background(), ws, dsn, "idle", false); err != nil {
		b.Fatal(err)
	}
	return ws, dsn
}

// BenchmarkIdleSync: a sync with nothing to send or receive, on the engine's open
// connection (the window's periodic sync).
func BenchmarkIdleSync(b *testing.B) {
	ws, _ := idleDesk(b)
	s := syncOf(b, ws)
	mustSync(b, s)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if rep := mustSync(b, s); rep.Pushed+rep.Pulled != 0 {
			b.Fatalf("idle sync moved %+v", rep)
		}
	}
}

// BenchmarkIdleSyncNewConnection: the same with a new connection each time (what
// `gloss sync` does: connect, authenticate with SCRAM over TCP, sync).
func BenchmarkIdleSyncNewConnection(b *testing.B) {
	ws, _ := idleDesk(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s, err := New(ws)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Sync(context.Background()); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}

// BenchmarkChangeReachesColleague: from a command on one desk and its sync to the
// change applied on a colleague's desk whose engine runs as the window's would (LISTEN,
// periodic sync an hour away).
func BenchmarkChangeReachesColleague(b *testing.B) {
	_, dsn := deskDB(b)
	ctx := context.Background()
	olha, marko := openWS(b, "olha"), openWS(b, "marko")
	art, _ := olha.AddArticle(annotate.ArticleDraft{Title: "Wire", Text: drillText(1)})
	if _, err := Create(ctx, olha, dsn, "p", false); err != nil {
		b.Fatal(err)
	}
	if _, err := Join(ctx, marko, dsn, "p"); err != nil {
		b.Fatal(err)
	}
	so, sm := syncOf(b, olha), syncOf(b, marko)
	arrived := make(chan struct{}, 16)
	marko.OnRemoteChange(func(annotate.Result) { arrived <- struct{}{} })
	waitListening(b, sm)
	for len(arrived) > 0 {
		<-arrived
	}
	cb, _ := olha.Codebook()
	tag := cb.Tags()[0].ID
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, _, err := olha.Annotate(annotate.AnnotationDraft{ArticleID: art.Article.ID, Start: i % 100, End: i%100 + 10, TagIDs: []string{tag}}); err != nil {
			b.Fatal(err)
		}
		mustSync(b, so)
		select {
		case <-arrived:
		case <-time.After(30 * time.Second):
			b.Fatal("the change did not arrive")
		}
	}
}
