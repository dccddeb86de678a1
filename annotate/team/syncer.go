package team

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"gloss.app/gloss/annotate"
)

// Report says what one sync moved.
type Report struct {
	Pushed    int              `json:"pushed"`    // this desk's operations sent
	Pulled    int              `json:"pulled"`    // colleagues' operations applied
	Conflicts []ConflictReport `json:"conflicts"` // values that lost, records deleted or hidden under a colleague
	Position  uint64           `json:"position"`  // server position applied up to
	Head      uint64           `json:"head"`      // the server log's last position
	Changes   annotate.ChangeSet
}

// ConflictReport is a Conflict with the coders' names and a sentence.
type ConflictReport struct {
	Conflict
	WinnerName string `json:"winner_name"`
	LoserName  string `json:"loser_name"`
	Text       string `json:"text"`
}

// Status is a snapshot of the sync engine, for `gloss team status` and the window's
// sync indicator.
type Status struct {
	Link
	Online     bool      `json:"online"`     // the last contact with the server succeeded
	Syncing    bool      `json:"syncing"`    // a sync is running
	Listening  bool      `json:"listening"`  // the server's change announcements are being received
	Head       uint64    `json:"head"`       // the server log's last position, as last seen
	LastError  string    `json:"last_error"` // why the last sync failed ("" when it did not)
	LastReport *Report   `json:"last_report,omitempty"`
	CheckedAt  time.Time `json:"checked_at,omitzero"`
}

// ErrBehind wraps the error of a sync against a server whose log is shorter than what
// the workspace has applied.
var ErrBehind = errors.New("team server behind this workspace")

// Syncer synchronises one workspace with its project. Sync may be called at any time;
// Start adds the window's behaviour: a sync every few seconds and one as soon as the
// server announces a colleague's change (LISTEN/NOTIFY).
type Syncer struct {
	ws  *annotate.Workspace
	dsn string

	mu     sync.Mutex // one sync at a time
	server Server

	// Dial opens the server connection (tests replace it).
	Dial func(ctx context.Context) (Server, error)
	// PageSize bounds the operations sent or applied in one transaction.
	PageSize int
	// crashHook, when set, is called at named points of a sync (the crash drills).
	crashHook func(point string)

	pwMu     sync.Mutex
	password string // given for this session only, never stored

	stMu      sync.Mutex
	status    Status
	observers []func(Status)

	runMu   sync.Mutex
	cancel  context.CancelFunc
	done    chan struct{}
	kick    chan struct{}
	started bool
}

// New returns the sync engine of a linked workspace. The DSN is the stored one (without
// password: PGPASSWORD or ~/.pgpass give it).
func New(ws *annotate.Workspace) (*Syncer, error) {
	l, err := ReadLink(ws)
	if err != nil {
		return nil, err
	}
	s := newSyncer(ws, l.Server)
	s.status.Link = l
	return s, nil
}

func newSyncer(ws *annotate.Workspace, dsn string) *Syncer {
	s := &Syncer{ws: ws, dsn: dsn, PageSize: 2000, kick: make(chan struct{}, 1)}
	s.Dial = s.dialPG
	return s
}

func (s *Syncer) dialPG(ctx context.Context) (Server, error) {
	l, err := ReadLink(s.ws)
	if err != nil {
		return nil, err
	}
	conn, desc, err := connectWith(ctx, s.dsn, s.sessionPassword())
	if err != nil {
		return nil, err
	}
	if err := checkSchema(ctx, conn, desc); err != nil {
		conn.Close(ctx)
		return nil, err
	}
	return &pgServer{conn: conn, project: l.ProjectID, desc: desc}, nil
}

// SetPassword gives the password for this engine's connections, for this session only
// (a window asks for it when PGPASSWORD and ~/.pgpass have none). It is never stored.
func (s *Syncer) SetPassword(pw string) {
	s.pwMu.Lock()
	s.password = pw
	s.pwMu.Unlock()
}

func (s *Syncer) sessionPassword() string {
	s.pwMu.Lock()
	defer s.pwMu.Unlock()
	return s.password
}

// Close drops the server connection (a Syncer may still Sync afterwards: it reconnects).
func (s *Syncer) Close() error {
	s.Stop()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.server == nil {
		return nil
	}
	err := s.server.Close()
	s.server = nil
	return err
}

// Sync pushes this desk's pending operations and applies colleagues' new ones. On a
// failure nothing is lost: what was not acknowledged by the server stays in the outbox,
// what was not applied is pulled again next time.
func (s *Syncer) Sync(ctx context.Context) (Report, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.setStatus(func(st *Status) { st.Syncing = true })
	reused := s.server != nil
	rep, err := s.syncLocked(ctx)
	if err != nil && errors.Is(err, ErrOffline) && reused && ctx.Err() == nil {
		// A connection kept from an earlier sync may have died with a server restart:
		// try once more on a new one (what was done is not done twice).
		s.server.Close()
		s.server = nil
		first := rep
		rep, err = s.syncLocked(ctx)
		rep.Pushed += first.Pushed
		rep.Pulled += first.Pulled
		rep.Conflicts = append(first.Conflicts, rep.Conflicts...)
		rep.Changes.Merge(first.Changes)
	}
	l, lerr := ReadLink(s.ws)
	s.setStatus(func(st *Status) {
		st.Syncing = false
		st.CheckedAt = time.Now()
		if lerr == nil {
			st.Link = l
		}
		if err != nil {
			st.Online = !errors.Is(err, ErrOffline)
			st.LastError = err.Error()
			return
		}
		st.Online, st.LastError, st.Head = true, "", rep.Head
		r := rep
		st.LastReport = &r
	})
	if err != nil && errors.Is(err, ErrOffline) && s.server != nil {
		s.server.Close()
		s.server = nil
	}
	return rep, err
}

func (s *Syncer) syncLocked(ctx context.Context) (Report, error) {
	rep := Report{Conflicts: []ConflictReport{}}
	if s.server == nil {
		srv, err := s.Dial(ctx)
		if err != nil {
			return rep, err
		}
		s.server = srv
	}
	l, err := ReadLink(s.ws)
	if err != nil {
		return rep, err
	}
	// Records from before the project was created go out first (resumable).
	for snap := l.Snapshot; snap; {
		_, err := s.ws.ApplyRemote("", func(rt *annotate.ReplicaTx) error {
			done, err := snapshotChunk(rt, s.PageSize)
			snap = !done
			return err
		})
		if err != nil {
			return rep, fmt.Errorf("prepare the workspace's records for the project: %w", err)
		}
	}
	info, err := s.server.Info(ctx, true)
	if err != nil {
		return rep, err
	}
	if info.Head < l.Position {
		// Positions this desk has applied do not exist any more: the server's database
		// was restored from an older backup. Pushing now would give new operations
		// positions this desk believes it has seen.
		return rep, fmt.Errorf("%w: the team server's log ends at position %d, but this workspace has applied it up to %d: the server was restored from an older backup (see docs/TEAM.md, Backups)", ErrBehind, info.Head, l.Position)
	}
	if err := s.push(ctx, l.Coder, &rep); err != nil {
		return rep, err
	}
	if err := s.pull(ctx, &rep); err != nil {
		return rep, err
	}
	// Settings and names, with the time of this sync.
	_, err = s.ws.ApplyRemote("", func(rt *annotate.ReplicaTx) error {
		m, err := rt.Bucket(bucketMeta)
		if err != nil {
			return err
		}
		blind := ""
		if info.Blind {
			blind = "1"
		}
		if err := m.Put([]byte(metaBlind), []byte(blind)); err != nil {
			return err
		}
		if err := m.Put([]byte(metaLastSync), []byte(time.Now().UTC().Format(time.RFC3339Nano))); err != nil {
			return err
		}
		c, err := rt.Bucket(bucketCoders)
		if err != nil {
			return err
		}
		for id, name := range info.Coders {
			if err := c.Put([]byte(id), []byte(name)); err != nil {
				return err
			}
		}
		rep.Position = u64(m.Get([]byte(metaPulled)))
		return rt.SetIdentity(l.Coder, info.Blind)
	})
	if err != nil {
		return rep, err
	}
	if rep.Head < info.Head {
		rep.Head = info.Head
	}
	if rep.Head < rep.Position {
		rep.Head = rep.Position
	}
	names := coderNames(info.Coders)
	namer := newRecordNamer(s.ws)
	for i := range rep.Conflicts {
		rep.Conflicts[i].describe(names, namer.name(rep.Conflicts[i].Bucket, rep.Conflicts[i].Key))
	}
	return rep, nil
}

// push sends the outbox in pages; each page acknowledged by the server is removed from
// the outbox in one store transaction.
func (s *Syncer) push(ctx context.Context, coder string, rep *Report) error {
	for {
		var ops []Op
		var keys [][]byte
		var pulled uint64
		err := s.ws.ReplicaView(func(rt *annotate.ReplicaTx) error {
			out, err := rt.Bucket(bucketOutbox)
			if err != nil || out == nil {
				return err
			}
			m, _ := rt.Bucket(bucketMeta)
			pulled = u64(m.Get([]byte(metaPulled)))
			size := 0
			c := out.Cursor()
			for k, v := c.First(); k != nil; k, v = c.Next() {
				var op Op
				if err := json.Unmarshal(v, &op); err != nil {
					return fmt.Errorf("read the outbox: %w", err)
				}
				// Pages end between commands when they can, so a colleague never
				// applies half of one.
				if (len(ops) >= s.PageSize || size > 16<<20) && op.Step != ops[len(ops)-1].Step {
					break
				}
				if len(ops) >= 4*s.PageSize || size > 64<<20 {
					break
				}
				ops = append(ops, op)
				keys = append(keys, append([]byte(nil), k...))
				size += len(v)
			}
			return nil
		})
		if err != nil || len(ops) == 0 {
			return err
		}
		res, err := s.server.Push(ctx, coder, ops)
		if err != nil {
			return err
		}
		s.crash("after-push")
		_, err = s.ws.ApplyRemote("", func(rt *annotate.ReplicaTx) error {
			out, err := rt.Bucket(bucketOutbox)
			if err != nil {
				return err
			}
			for _, k := range keys {
				if err := out.Delete(k); err != nil {
					return err
				}
			}
			m, _ := rt.Bucket(bucketMeta)
			left := u64(m.Get([]byte(metaOutboxLen)))
			if left >= uint64(len(keys)) {
				left -= uint64(len(keys))
			} else {
				left = 0
			}
			if err := m.Put([]byte(metaOutboxLen), u64b(left)); err != nil {
				return err
			}
			// Nobody pushed between what this desk had applied and its own operations:
			// no need to pull them back.
			if res.Inserted > 0 && res.Before == pulled && u64(m.Get([]byte(metaPulled))) == pulled {
				return m.Put([]byte(metaPulled), u64b(res.After))
			}
			return nil
		})
		if err != nil {
			return err
		}
		rep.Pushed += len(ops)
		if res.After > rep.Head {
			rep.Head = res.After
		}
	}
}

// pull applies colleagues' operations page by page, each page with its new position in
// one store transaction.
func (s *Syncer) pull(ctx context.Context, rep *Report) error {
	for {
		l, err := ReadLink(s.ws)
		if err != nil {
			return err
		}
		page, err := s.server.Pull(ctx, l.Position, s.PageSize)
		if err != nil {
			return err
		}
		if len(page) == 0 {
			return nil
		}
		full := len(page) == s.PageSize
		if full {
			// Leave a command cut by the page's end for the next page.
			last := page[len(page)-1]
			cut := len(page)
			for cut > 0 && page[cut-1].Step == last.Step && page[cut-1].Coder == last.Coder {
				cut--
			}
			if cut > 0 {
				page = page[:cut]
			}
		}
		ops := make([]Op, len(page))
		for i := range page {
			ops[i] = page[i].Op
		}
		to := page[len(page)-1].Seq
		var conflicts []Conflict
		var n int
		s.crash("before-apply")
		res, err := s.ws.ApplyRemote("Changes from the team", func(rt *annotate.ReplicaTx) error {
			var err error
			conflicts, n, err = applyPulled(rt, ops, to)
			return err
		})
		if err != nil {
			return fmt.Errorf("apply the team's changes: %w", err)
		}
		s.crash("after-apply")
		rep.Pulled += n
		rep.Changes.Merge(res.Changes)
		for _, c := range conflicts {
			rep.Conflicts = append(rep.Conflicts, ConflictReport{Conflict: c})
		}
		if to > rep.Head {
			rep.Head = to
		}
		if !full {
			return nil
		}
	}
}

func (s *Syncer) crash(point string) {
	if s.crashHook != nil {
		s.crashHook(point)
	}
}

// describe fills the names and the sentence of a conflict.
func (c *ConflictReport) describe(names coderNames, thing string) {
	c.WinnerName, c.LoserName = names.name(c.Winner.C), names.name(c.Loser.C)
	switch c.Kind {
	case "hidden":
		c.Text = fmt.Sprintf("%s by %s is hidden: %s", thing, c.LoserName, c.Why)
	case "deleted":
		c.Text = fmt.Sprintf("%s: %s's change of %s was lost because %s deleted it", thing, c.LoserName, fieldName(c.Field), c.WinnerName)
	case "duplicate":
		switch {
		case c.Why == "created" && c.WinnerName == c.LoserName:
			c.Text = fmt.Sprintf("%s: created twice by %s at the same time; they are one tag now", thing, c.WinnerName)
		case c.Why == "created":
			c.Text = fmt.Sprintf("%s: created by %s and by %s at the same time; they are one tag now", thing, c.WinnerName, c.LoserName)
		case c.WinnerName == c.LoserName:
			c.Text = fmt.Sprintf("%s: two of %s's tags of this name met here at the same time (one renamed or moved); they are one tag now", thing, c.WinnerName)
		default:
			c.Text = fmt.Sprintf("%s: %s's and %s's tags of this name met here at the same time (one renamed or moved); they are one tag now", thing, c.WinnerName, c.LoserName)
		}
	default:
		if c.Field == existenceKey {
			c.Text = fmt.Sprintf("%s: %s's delete or restore lost to %s's, made at the same time", thing, c.LoserName, c.WinnerName)
		} else {
			c.Text = fmt.Sprintf("%s: %s's %s (%s) was kept; %s's (%s), made at the same time, was not", thing, c.WinnerName,
				fieldName(c.Field), shortValue(c.WinnerValue), c.LoserName, shortValue(c.LoserValue))
		}
	}
}

// recordNamer names records for sentences: "tag 'Energy attacks'", "annotation
// 'quote…'", or their kind and short id when they are not stored.
type recordNamer struct {
	ws *annotate.Workspace
	cb *annotate.Codebook // read once, when a tag is named
}

func newRecordNamer(ws *annotate.Workspace) *recordNamer { return &recordNamer{ws: ws} }

func (n *recordNamer) name(bucket, key string) string {
	switch bucket {
	case "tags":
		if n.cb == nil {
			n.cb, _ = n.ws.Codebook()
		}
		if n.cb != nil {
			if _, ok := n.cb.Tag(key); ok {
				return "tag '" + n.cb.Path(key) + "'"
			}
		}
		return "tag " + shortID(key)
	case "annotations":
		if a, err := n.ws.Annotation(key); err == nil {
			return fmt.Sprintf("annotation '%s'", shorten(a.Exact, 30))
		}
		return "annotation " + shortID(key)
	case "articles", "texts":
		if a, err := n.ws.Article(key); err == nil {
			if bucket == "texts" {
				return fmt.Sprintf("the text of '%s'", shorten(a.Title, 40))
			}
			return fmt.Sprintf("article '%s'", shorten(a.Title, 40))
		}
		return "article " + shortID(key)
	}
	return bucket + " " + shortID(key)
}

func fieldName(k string) string {
	switch k {
	case "":
		return "text"
	case "anchor":
		return "span"
	}
	return k
}

func shortID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}

func shortValue(o object) string {
	if len(o) == 0 {
		return "none"
	}
	if len(o) == 1 {
		var s string
		if json.Unmarshal(o[0].Value, &s) == nil {
			return fmt.Sprintf("%q", shorten(s, 40))
		}
		return shorten(string(o[0].Value), 60)
	}
	return shorten(string(o.bytes()), 60)
}

// Refresh re-reads the workspace's link (pending changes, position) into the status and
// tells the observers: the window calls it after a local command.
func (s *Syncer) Refresh() {
	l, err := ReadLink(s.ws)
	if err != nil {
		return
	}
	s.setStatus(func(st *Status) { st.Link = l })
}

// Status returns a snapshot of the engine's state.
func (s *Syncer) Status() Status {
	s.stMu.Lock()
	defer s.stMu.Unlock()
	return s.status
}

// OnStatus registers fn to be told every change of the status (from the goroutine that
// changed it: a window must hand it to its UI thread). fn may call Status, Refresh and
// SyncSoon, not Sync (it can run inside one).
func (s *Syncer) OnStatus(fn func(Status)) {
	s.stMu.Lock()
	s.observers = append(s.observers, fn)
	s.stMu.Unlock()
}

func (s *Syncer) setStatus(change func(*Status)) {
	s.stMu.Lock()
	change(&s.status)
	st := s.status
	obs := append([]func(Status){}, s.observers...)
	s.stMu.Unlock()
	for _, fn := range obs {
		fn(st)
	}
}
