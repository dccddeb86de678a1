package team

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"gloss.app/gloss/annotate"
)

// memServer is a project log in memory with the PostgreSQL server's semantics (positions
// in push order, pushes of an op id stored once), for the conflict-rule tests.
type memServer struct {
	mu      sync.Mutex
	project string
	log     []PulledOp
	ids     map[string]bool
	blind   bool
	lead    string
	coders  map[string]string
	offline bool
}

func newMemServer() *memServer {
	return &memServer{project: uuid.NewString(), ids: map[string]bool{}, coders: map[string]string{}}
}

func (m *memServer) Info(ctx context.Context, withCoders bool) (ProjectInfo, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.offline {
		return ProjectInfo{}, fmt.Errorf("%w: test server offline", ErrOffline)
	}
	p := ProjectInfo{ID: m.project, Name: "test", Head: uint64(len(m.log)), Blind: m.blind, LeadCoder: m.lead, Coders: map[string]string{}}
	for k, v := range m.coders {
		p.Coders[k] = v
	}
	return p, nil
}

func (m *memServer) Push(ctx context.Context, coder string, ops []Op) (PushResult, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.offline {
		return PushResult{}, fmt.Errorf("%w: test server offline", ErrOffline)
	}
	res := PushResult{Before: uint64(len(m.log))}
	for _, op := range ops {
		if m.ids[op.ID] {
			continue
		}
		// Round-trip through the wire encoding, as PostgreSQL would.
		body, err := encodeBody(op.Body)
		if err != nil {
			return res, err
		}
		b, err := decodeBody(body)
		if err != nil {
			return res, err
		}
		op.Body = b
		m.ids[op.ID] = true
		m.log = append(m.log, PulledOp{Seq: uint64(len(m.log) + 1), Op: op})
		res.Inserted++
	}
	res.After = uint64(len(m.log))
	return res, nil
}

func (m *memServer) Pull(ctx context.Context, after uint64, limit int) ([]PulledOp, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.offline {
		return nil, fmt.Errorf("%w: test server offline", ErrOffline)
	}
	if after >= uint64(len(m.log)) {
		return nil, nil
	}
	end := min(int(after)+limit, len(m.log))
	return append([]PulledOp(nil), m.log[after:end]...), nil
}

func (m *memServer) Close() error { return nil }

// sharedClock is one clock for every desk of a test, a millisecond per reading, so the
// order of commands decides which write is the last.
type sharedClock struct {
	mu sync.Mutex
	t  time.Time
}

func newSharedClock() *sharedClock {
	return &sharedClock{t: time.Date(2025, 11, 20, 8, 0, 0, 0, time.UTC)}
}

func (c *sharedClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Millisecond)
	return c.t
}

// desk is one analyst's workspace linked to a memServer.
type desk struct {
	t    testing.TB
	name string
	ws   *annotate.Workspace
	sy   *Syncer
	srv  *memServer
}

func newDesk(t testing.TB, srv *memServer, clock *sharedClock, name string, lead bool) *desk {
	t.Helper()
	ws, err := annotate.Open(t.TempDir(), annotate.Options{Create: true, Now: clock.now, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	if err := ws.SetAuthor(name); err != nil {
		t.Fatal(err)
	}
	d := &desk{t: t, name: name, ws: ws, srv: srv}
	l := Link{Project: "test", ProjectID: srv.project, Coder: uuid.NewString(), CoderName: name, Lead: lead}
	srv.mu.Lock()
	srv.coders[l.Coder] = name
	if lead {
		srv.lead = l.Coder
	}
	srv.mu.Unlock()
	if err := linkLocal(ws, l, "", !lead); err != nil {
		t.Fatal(err)
	}
	d.sy = newSyncer(ws, "")
	d.sy.Dial = func(context.Context) (Server, error) { return srv, nil }
	return d
}

func (d *desk) sync() Report {
	d.t.Helper()
	rep, err := d.sy.Sync(context.Background())
	if err != nil {
		d.t.Fatalf("%s: sync: %v", d.name, err)
	}
	return rep
}

func (d *desk) coder() string {
	l, err := ReadLink(d.ws)
	if err != nil {
		d.t.Fatal(err)
	}
	return l.Coder
}

func (d *desk) tag(path string) string {
	d.t.Helper()
	cb, err := d.ws.Codebook()
	if err != nil {
		d.t.Fatal(err)
	}
	tag, err := cb.Resolve(path)
	if err != nil {
		d.t.Fatalf("%s: tag %q: %v", d.name, path, err)
	}
	return tag.ID
}

func (d *desk) importText(title, text string) annotate.Article {
	d.t.Helper()
	res, err := d.ws.AddArticle(annotate.ArticleDraft{Title: title, Text: text, Format: "txt", Origin: d.name + "/" + title + ".txt"})
	if err != nil {
		d.t.Fatalf("%s: import: %v", d.name, err)
	}
	return res.Article
}

func (d *desk) annotate(article, quote string, tags ...string) annotate.Annotation {
	d.t.Helper()
	start, end, err := d.ws.FindQuote(article, quote, 1)
	if err != nil {
		d.t.Fatalf("%s: %v", d.name, err)
	}
	var ids []string
	for _, t := range tags {
		ids = append(ids, d.tag(t))
	}
	a, _, err := d.ws.Annotate(annotate.AnnotationDraft{ArticleID: article, Start: start, End: end, TagIDs: ids})
	if err != nil {
		d.t.Fatalf("%s: annotate: %v", d.name, err)
	}
	return a
}

func (d *desk) must(res annotate.Result, err error) annotate.Result {
	d.t.Helper()
	if err != nil {
		d.t.Fatalf("%s: %v", d.name, err)
	}
	return res
}

func (d *desk) annotation(id string) (annotate.Annotation, bool) {
	a, err := d.ws.Annotation(id)
	return a, err == nil
}

// dump is the shared content of a workspace in a canonical form: what the exports of two
// desks are made of.
func dump(t testing.TB, ws *annotate.Workspace) string {
	t.Helper()
	var b strings.Builder
	err := ws.ReplicaView(func(rt *annotate.ReplicaTx) error {
		for _, bucket := range annotate.SharedBuckets {
			var keys []string
			vals := map[string]string{}
			rt.ForEach(bucket, func(k, v []byte) error {
				keys = append(keys, string(k))
				if wholeBuckets[bucket] {
					vals[string(k)] = string(v)
					return nil
				}
				var x any
				if err := json.Unmarshal(v, &x); err != nil {
					return err
				}
				c, _ := json.Marshal(x) // map keys sorted
				vals[string(k)] = string(c)
				return nil
			})
			sort.Strings(keys)
			for _, k := range keys {
				fmt.Fprintf(&b, "%s %s %s\n", bucket, k, vals[k])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// sameDumps fails unless every desk holds the same shared content.
func sameDumps(t testing.TB, desks ...*desk) {
	t.Helper()
	first := dump(t, desks[0].ws)
	for _, d := range desks[1:] {
		if got := dump(t, d.ws); got != first {
			t.Fatalf("%s and %s differ:\n%s", desks[0].name, d.name, diffLines(first, got))
		}
	}
}

func diffLines(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	inA := map[string]bool{}
	for _, l := range al {
		inA[l] = true
	}
	inB := map[string]bool{}
	for _, l := range bl {
		inB[l] = true
	}
	var out []string
	for _, l := range al {
		if !inB[l] {
			out = append(out, "- "+l)
		}
	}
	for _, l := range bl {
		if !inA[l] {
			out = append(out, "+ "+l)
		}
	}
	if len(out) > 40 {
		out = append(out[:40], fmt.Sprintf("… %d more", len(out)-40))
	}
	return strings.Join(out, "\n")
}

// syncAll syncs every desk twice round, so everyone has everything.
func syncAll(desks ...*desk) {
	for round := 0; round < 2; round++ {
		for _, d := range desks {
			d.sync()
		}
	}
}
