package team

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/team/pgtest"
)

const childEnv = "GLOSS_TEAM_CHILD"

func TestMain(m *testing.M) {
	switch os.Getenv(childEnv) {
	case "":
		os.Exit(m.Run())
	case "crash-sync":
		os.Exit(childCrashSync(os.Getenv("GLOSS_TEAM_DIR"), os.Getenv("GLOSS_TEAM_POINT")))
	case "drill-sync":
		os.Exit(childDrillSync(os.Getenv("GLOSS_TEAM_DIR")))
	default:
		fmt.Fprintln(os.Stderr, "unknown child mode")
		os.Exit(3)
	}
}

// deskDB makes a cluster with one desk database owned by the role "lead" (password in
// PGPASSWORD for the test) and returns the cluster and the DSN.
func deskDB(t testing.TB) (*pgtest.Cluster, string) {
	c := pgtest.Start(t)
	if err := c.CreateDesk("desk", "lead", "lead-pw"); err != nil {
		t.Fatal(err)
	}
	setenv(t, "PGPASSWORD", "lead-pw")
	return c, c.URL("lead", "desk")
}

func setenv(t testing.TB, k, v string) {
	old, had := os.LookupEnv(k)
	os.Setenv(k, v)
	t.Cleanup(func() {
		if had {
			os.Setenv(k, old)
		} else {
			os.Unsetenv(k)
		}
	})
}

func openWS(t testing.TB, name string) *annotate.Workspace {
	t.Helper()
	ws, err := annotate.Open(filepath.Join(t.TempDir(), name), annotate.Options{Create: true, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	if err := ws.SetAuthor(name); err != nil {
		t.Fatal(err)
	}
	return ws
}

func syncOf(t testing.TB, ws *annotate.Workspace) *Syncer {
	t.Helper()
	s, err := New(ws)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func mustSync(t testing.TB, s *Syncer) Report {
	t.Helper()
	rep, err := s.Sync(context.Background())
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	return rep
}

func TestCreateJoinSyncThroughPostgres(t *testing.T) {
	c, dsn := deskDB(t)
	ctx := context.Background()
	olha := openWS(t, "olha")
	res, err := olha.AddArticle(annotate.ArticleDraft{Title: "Grid strikes", Text: warText})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Create(ctx, olha, dsn, "kharkiv-desk", false)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Pushed == 0 || rep.Position != rep.Head {
		t.Fatalf("create sent %d operations, position %d of %d", rep.Pushed, rep.Position, rep.Head)
	}
	if _, err := Create(ctx, openWS(t, "again"), dsn, "kharkiv-desk", false); err == nil || !strings.Contains(err.Error(), "already has a project") {
		t.Fatalf("a second project of the same name: %v", err)
	}
	marko := openWS(t, "marko")
	if _, err := Join(ctx, marko, dsn, "no-such-project"); err == nil || !strings.Contains(err.Error(), "no project named") {
		t.Fatalf("join of a missing project: %v", err)
	}
	// The key/value form works as well as the URL.
	kv := fmt.Sprintf("host=127.0.0.1 port=%d dbname=desk user=lead sslmode=disable", c.Port)
	if _, err := Join(ctx, marko, kv, "kharkiv-desk"); err != nil {
		t.Fatal(err)
	}
	if l, _ := ReadLink(marko); l.Server != kv {
		t.Fatalf("stored server %q, want %q", l.Server, kv)
	}
	if got, want := dump(t, marko), dump(t, olha); got != want {
		t.Fatalf("the joiner differs:\n%s", diffLines(want, got))
	}
	if _, err := Join(ctx, olha, dsn, "kharkiv-desk"); err == nil || !strings.Contains(err.Error(), "already in the team project") {
		t.Fatalf("joining twice: %v", err)
	}
	// Work on both sides, then sync.
	so, sm := syncOf(t, olha), syncOf(t, marko)
	start, end, _ := marko.FindQuote(res.Article.ID, "air defence", 1)
	cb, _ := marko.Codebook()
	tag, _ := cb.Resolve("Energy attacks")
	if _, _, err := marko.Annotate(annotate.AnnotationDraft{ArticleID: res.Article.ID, Start: start, End: end, TagIDs: []string{tag.ID}}); err != nil {
		t.Fatal(err)
	}
	if rep := mustSync(t, sm); rep.Pushed != 1 {
		t.Fatalf("Marko pushed %d operations, want 1", rep.Pushed)
	}
	if rep := mustSync(t, so); rep.Pulled != 1 {
		t.Fatalf("Olha pulled %d operations, want 1", rep.Pulled)
	}
	if got, want := dump(t, marko), dump(t, olha); got != want {
		t.Fatalf("desks differ after sync:\n%s", diffLines(want, got))
	}
	// An idle sync moves nothing.
	if rep := mustSync(t, so); rep.Pushed != 0 || rep.Pulled != 0 {
		t.Fatalf("idle sync: %+v", rep)
	}
}

func TestPasswordIsNeverStored(t *testing.T) {
	c := pgtest.Start(t)
	if err := c.CreateDesk("desk", "lead", "s3cret-Pw"); err != nil {
		t.Fatal(err)
	}
	os.Unsetenv("PGPASSWORD")
	dsn := fmt.Sprintf("postgres://lead:s3cret-Pw@127.0.0.1:%d/desk?sslmode=disable", c.Port)
	ws := openWS(t, "olha")
	if _, err := Create(context.Background(), ws, dsn, "p", false); err != nil {
		t.Fatal(err)
	}
	l, _ := ReadLink(ws)
	if strings.Contains(l.Server, "s3cret") || !strings.Contains(l.Server, "lead@127.0.0.1") {
		t.Fatalf("stored server %q", l.Server)
	}
	dir := ws.Dir()
	ws.Close()
	raw, err := os.ReadFile(filepath.Join(dir, annotate.StoreFile))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte("s3cret")) {
		t.Fatal("the password is in the workspace store")
	}
	// With the password from ~/.pgpass, the stored DSN works.
	home := t.TempDir()
	pgpass := filepath.Join(home, ".pgpass")
	os.WriteFile(pgpass, []byte(fmt.Sprintf("127.0.0.1:%d:desk:lead:s3cret-Pw\n", c.Port)), 0o600)
	setenv(t, "PGPASSFILE", pgpass)
	ws2, err := annotate.Open(dir, annotate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ws2.Close()
	mustSync(t, syncOf(t, ws2))
}

func TestNewerServerSchemaIsRefused(t *testing.T) {
	c, dsn := deskDB(t)
	ws := openWS(t, "olha")
	if _, err := Create(context.Background(), ws, dsn, "p", false); err != nil {
		t.Fatal(err)
	}
	if err := c.Exec("desk", `UPDATE gloss.meta SET value = '2' WHERE key = 'schema_version'`); err != nil {
		t.Fatal(err)
	}
	s := syncOf(t, ws)
	if _, err := s.Sync(context.Background()); err == nil || !strings.Contains(err.Error(), "newer Gloss") {
		t.Fatalf("sync with a newer server schema: %v", err)
	}
	if _, err := Join(context.Background(), openWS(t, "marko"), dsn, "p"); err == nil || !strings.Contains(err.Error(), "newer Gloss") {
		t.Fatalf("join with a newer server schema: %v", err)
	}
}

func TestServerRestoredFromAnOlderBackupIsRefused(t *testing.T) {
	c, dsn := deskDB(t)
	ws := openWS(t, "olha")
	if _, err := Create(context.Background(), ws, dsn, "p", false); err != nil {
		t.Fatal(err)
	}
	// The database goes back in time: the log loses its last operations.
	if err := c.Exec("desk", `DELETE FROM gloss.ops WHERE seq > 3; UPDATE gloss.projects SET head = 3`); err != nil {
		t.Fatal(err)
	}
	ws.AddArticle(annotate.ArticleDraft{Title: "after", Text: warText})
	_, err := syncOf(t, ws).Sync(context.Background())
	if !errors.Is(err, ErrBehind) {
		t.Fatalf("sync against a server behind the workspace: %v", err)
	}
	if l, _ := ReadLink(ws); l.Pending != 2 {
		t.Fatalf("pending %d: the refused sync must keep the outbox", l.Pending)
	}
}

func TestStripPassword(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"postgres://lead:pw@db.example:5432/desk?sslmode=require", "postgres://lead@db.example:5432/desk?sslmode=require"},
		{"postgresql://lead@db/desk?password=pw&sslmode=verify-full", "postgresql://lead@db/desk?sslmode=verify-full"},
		{"host=db dbname=desk user=lead password=pw sslmode=require", "host=db dbname=desk user=lead sslmode=require"},
		{"host=db password='a b\\'c' user=lead", "host=db user=lead"},
		{"host = db  user=lead", "host=db user=lead"},
	} {
		if got := StripPassword(tc.in); got != tc.want {
			t.Errorf("StripPassword(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestOfflineAndWrongPasswordLoseNothing(t *testing.T) {
	c, dsn := deskDB(t)
	ctx := context.Background()
	olha := openWS(t, "olha")
	if _, err := Create(ctx, olha, dsn, "p", false); err != nil {
		t.Fatal(err)
	}
	res, _ := olha.AddArticle(annotate.ArticleDraft{Title: "Offline work", Text: warText})
	s := syncOf(t, olha)

	setenv(t, "PGPASSWORD", "wrong")
	s.Close()
	_, err := s.Sync(ctx)
	if !errors.Is(err, ErrOffline) || !errors.Is(err, ErrLogin) || !strings.Contains(err.Error(), "team server unreachable: the team server (desk on 127.0.0.1:") ||
		!strings.Contains(err.Error(), "refused the login of lead") {
		t.Fatalf("wrong password: %v", err)
	}
	if st := s.Status(); st.Online || st.Pending != 2 {
		t.Fatalf("status after a refused login: online %v pending %d", st.Online, st.Pending)
	}
	// The server goes down: the error says so, and the changes wait.
	os.Setenv("PGPASSWORD", "lead-pw")
	if err := c.StopServer(false); err != nil {
		t.Fatal(err)
	}
	_, err = s.Sync(ctx)
	if !errors.Is(err, ErrOffline) || errors.Is(err, ErrLogin) || !strings.Contains(err.Error(), "cannot be reached") {
		t.Fatalf("server down: %v", err)
	}
	if err := c.StartServer(); err != nil {
		t.Fatal(err)
	}
	// A password given for the session (a window's prompt) is used, and not stored.
	os.Setenv("PGPASSWORD", "wrong")
	s.SetPassword("lead-pw")
	if rep := mustSync(t, s); rep.Pushed != 2 {
		t.Fatalf("the next sync sent %d operations, want the 2 kept", rep.Pushed)
	}
	os.Setenv("PGPASSWORD", "lead-pw")
	marko := openWS(t, "marko")
	if _, err := Join(ctx, marko, dsn, "p"); err != nil {
		t.Fatal(err)
	}
	if _, err := marko.Article(res.Article.ID); err != nil {
		t.Fatal("the article made offline did not arrive")
	}
}

// TestPositionsHaveNoGaps pushes from several connections at once while a reader
// follows "everything after the last position I saw": it must see every operation.
func TestPositionsHaveNoGaps(t *testing.T) {
	_, dsn := deskDB(t)
	ctx := context.Background()
	ws := openWS(t, "lead")
	if _, err := Create(ctx, ws, dsn, "p", false); err != nil {
		t.Fatal(err)
	}
	l, _ := ReadLink(ws)
	open := func() *pgServer {
		conn, desc, err := connect(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		return &pgServer{conn: conn, project: l.ProjectID, desc: desc}
	}
	reader := open()
	defer reader.Close()
	base, _ := reader.Info(ctx, false)
	const pushers, pushes, per = 4, 40, 3
	var wg sync.WaitGroup
	for p := 0; p < pushers; p++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			srv := open()
			defer srv.Close()
			for i := 0; i < pushes; i++ {
				var ops []Op
				for j := 0; j < per; j++ {
					op := newOp(Stamp{H: uint64(i*per + j + 1), C: "c"}, fmt.Sprint(p, i), "tags", "x")
					op.Step = "00000000-0000-0000-0000-00000000000" + fmt.Sprint(p)
					op.Coder = "00000000-0000-0000-0000-000000000001"
					ops = append(ops, op)
				}
				if _, err := srv.Push(ctx, "00000000-0000-0000-0000-000000000001", ops); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	seen, last := 0, base.Head
	for finished := false; ; {
		select {
		case <-done:
			finished = true
		default:
		}
		page, err := reader.Pull(ctx, last, 50)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range page {
			if p.Seq != last+1 {
				t.Fatalf("position %d follows %d: a gap", p.Seq, last)
			}
			last = p.Seq
			seen++
		}
		if finished && len(page) == 0 {
			break
		}
	}
	if seen != pushers*pushes*per {
		t.Fatalf("the reader saw %d operations, %d were pushed", seen, pushers*pushes*per)
	}
}

func TestOnlyTheLeadSetsBlind(t *testing.T) {
	c, dsn := deskDB(t)
	ctx := context.Background()
	lead := openWS(t, "lead")
	if _, err := Create(ctx, lead, dsn, "p", false); err != nil {
		t.Fatal(err)
	}
	if err := c.AddAnalyst("desk", "marko", "marko-pw"); err != nil {
		t.Fatal(err)
	}
	marko := openWS(t, "marko")
	setenv(t, "PGPASSWORD", "marko-pw")
	mdsn := c.URL("marko", "desk")
	if _, err := Join(ctx, marko, mdsn, "p"); err != nil {
		t.Fatal(err)
	}
	if _, err := SetBlind(ctx, marko, "", true); err == nil {
		t.Fatal("an analyst who is not the lead set blind coding")
	}
	// Even a hand-made statement from the analyst's role is refused by the server.
	conn, err := pgx.Connect(ctx, mdsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `UPDATE gloss.projects SET blind = true`); err == nil {
		t.Fatal("the server let an analyst's role change the project")
	}
	os.Setenv("PGPASSWORD", "lead-pw")
	if _, err := SetBlind(ctx, lead, "", true); err != nil {
		t.Fatal(err)
	}
	if !lead.Visibility().Blind {
		t.Fatal("the lead's workspace does not know the project codes blind")
	}
	os.Setenv("PGPASSWORD", "marko-pw")
	mustSync(t, syncOf(t, marko))
	if !marko.Visibility().Blind {
		t.Fatal("the analyst's workspace did not learn the blind setting")
	}
}

// TestNotifyPullsAtOnce: with only the server's announcement to go on (the periodic
// sync an hour away), a colleague's change arrives.
func TestNotifyPullsAtOnce(t *testing.T) {
	_, dsn := deskDB(t)
	ctx := context.Background()
	olha, marko := openWS(t, "olha"), openWS(t, "marko")
	if _, err := Create(ctx, olha, dsn, "p", false); err != nil {
		t.Fatal(err)
	}
	if _, err := Join(ctx, marko, dsn, "p"); err != nil {
		t.Fatal(err)
	}
	sm := syncOf(t, marko)
	arrived := make(chan annotate.Result, 10)
	marko.OnRemoteChange(func(r annotate.Result) { arrived <- r })
	waitListening(t, sm)
	res, err := olha.AddArticle(annotate.ArticleDraft{Title: "Breaking", Text: warText})
	if err != nil {
		t.Fatal(err)
	}
	mustSync(t, syncOf(t, olha))
	select {
	case r := <-arrived:
		if len(r.Changes.Articles) == 0 {
			t.Fatalf("the pulled change names no article: %+v", r.Changes)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the announced change was not pulled")
	}
	if _, err := marko.Article(res.Article.ID); err != nil {
		t.Fatal(err)
	}
}

// childSyncer opens the workspace in dir and its sync engine, in a child process.
func childSyncer(dir string, pageSize int) *Syncer {
	ws, err := annotate.Open(dir, annotate.Options{NoSync: true})
	if err == nil {
		var s *Syncer
		if s, err = New(ws); err == nil {
			s.PageSize = pageSize
			return s
		}
	}
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
	return nil
}

// childCrashSync syncs the workspace in dir and kills itself (SIGKILL) at the named
// point of the sync.
func childCrashSync(dir, point string) int {
	s := childSyncer(dir, 10)
	s.crashHook = func(p string) {
		if p == point {
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
		}
	}
	if _, err := s.Sync(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// killedBySIGKILL fails the test unless the child process ended by SIGKILL.
func killedBySIGKILL(t testing.TB, err error, output string) {
	t.Helper()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("the child was not killed: %v %s", err, output)
	}
}

// waitListening starts the engine as the window would (LISTEN, the periodic sync an hour
// away) and returns once it listens.
func waitListening(t testing.TB, s *Syncer) {
	t.Helper()
	listening := make(chan struct{}, 1)
	s.OnStatus(func(st Status) {
		if st.Listening {
			select {
			case listening <- struct{}{}:
			default:
			}
		}
	})
	s.Start(StartOptions{Interval: time.Hour, Listen: true})
	t.Cleanup(s.Stop)
	select {
	case <-listening:
	case <-time.After(20 * time.Second):
		t.Fatal("the engine never started listening")
	}
	time.Sleep(100 * time.Millisecond) // let its first sync settle
}

// TestSyncKilledAtEachPoint: a sync SIGKILLed after the server took a push (before the
// outbox knew), before and after applying a pulled page, leaves both sides consistent;
// the next sync completes with nothing twice and nothing lost.
func TestSyncKilledAtEachPoint(t *testing.T) {
	_, dsn := deskDB(t)
	ctx := context.Background()
	for _, point := range []string{"after-push", "before-apply", "after-apply"} {
		t.Run(point, func(t *testing.T) {
			olha, marko := openWS(t, "olha"), openWS(t, "marko")
			project := "p-" + point
			if _, err := Create(ctx, olha, dsn, project, false); err != nil {
				t.Fatal(err)
			}
			if _, err := Join(ctx, marko, dsn, project); err != nil {
				t.Fatal(err)
			}
			// Both make changes: Marko's sync pushes, then pulls Olha's.
			for i := 0; i < 3; i++ {
				olha.AddArticle(annotate.ArticleDraft{Title: fmt.Sprint("O", i), Text: drillText(i)})
				marko.AddArticle(annotate.ArticleDraft{Title: fmt.Sprint("M", i), Text: drillText(10 + i)})
			}
			mustSync(t, syncOf(t, olha))
			dir := marko.Dir()
			marko.Close()
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), childEnv+"=crash-sync", "GLOSS_TEAM_DIR="+dir, "GLOSS_TEAM_POINT="+point)
			out, err := cmd.CombinedOutput()
			killedBySIGKILL(t, err, string(out))
			marko, err = annotate.Open(dir, annotate.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer marko.Close()
			mustSync(t, syncOf(t, marko))
			mustSync(t, syncOf(t, olha))
			if got, want := dump(t, marko), dump(t, olha); got != want {
				t.Fatalf("desks differ after the killed sync:\n%s", diffLines(want, got))
			}
			assertLogOnce(t, dsn, project)
		})
	}
}

// assertLogOnce checks that the server's log holds every operation once, at
// consecutive positions.
func assertLogOnce(t testing.TB, dsn, project string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n, distinct, maxSeq, head int64
	err = conn.QueryRow(ctx, `SELECT count(*), count(DISTINCT o.op_id), coalesce(max(o.seq), 0), p.head
		FROM gloss.projects p LEFT JOIN gloss.ops o ON o.project = p.id WHERE p.name = $1 GROUP BY p.head`, project).Scan(&n, &distinct, &maxSeq, &head)
	if err != nil {
		t.Fatal(err)
	}
	if n != distinct || n != maxSeq || head != maxSeq {
		t.Fatalf("log of %s: %d rows, %d distinct operations, last position %d, head %d", project, n, distinct, maxSeq, head)
	}
}
