package team

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gloss.app/gloss/annotate"
)

// Link is a workspace's link to its team project, as stored in the workspace.
type Link struct {
	Project   string    `json:"project"`
	ProjectID string    `json:"project_id"`
	Server    string    `json:"server"` // the DSN, without a password
	Coder     string    `json:"coder"`
	CoderName string    `json:"coder_name"`
	Lead      bool      `json:"lead"`
	Blind     bool      `json:"blind"`
	Position  uint64    `json:"position"` // server position applied up to
	Pending   int       `json:"pending"`  // local operations not sent yet
	OpsMade   uint64    `json:"ops_made"` // operations this desk made since it linked
	LastSync  time.Time `json:"last_sync,omitzero"`
	Snapshot  bool      `json:"-"` // records from before the link still to be sent
}

// ErrNotLinked is returned for a workspace that is not in a team project.
var ErrNotLinked = errors.New("this workspace is not linked to a team project (gloss team create or gloss team join)")

// ReadLink returns the workspace's link.
func ReadLink(ws *annotate.Workspace) (Link, error) {
	var l Link
	linked := false
	err := ws.ReplicaView(func(rt *annotate.ReplicaTx) error {
		m, err := rt.Bucket(bucketMeta)
		if err != nil || m == nil {
			return err
		}
		get := func(k string) string { return string(m.Get([]byte(k))) }
		if get(metaProjectID) == "" {
			return nil
		}
		linked = true
		l = Link{Project: get(metaProject), ProjectID: get(metaProjectID), Server: get(metaServer), Coder: get(metaCoder),
			CoderName: get(metaCoderName), Lead: get(metaLead) == "1", Blind: get(metaBlind) == "1",
			Position: u64(m.Get([]byte(metaPulled))), Pending: int(u64(m.Get([]byte(metaOutboxLen)))),
			OpsMade: u64(m.Get([]byte(metaOpsMade))), Snapshot: m.Get([]byte(metaSnapshot)) != nil}
		if t, err := time.Parse(time.RFC3339Nano, get(metaLastSync)); err == nil {
			l.LastSync = t
		}
		return nil
	})
	if err == nil && !linked {
		err = ErrNotLinked
	}
	return l, err
}

// metaSnapshot holds the next record (bucket NUL key) of the workspace's contents from
// before it created its project that is still to be put in the outbox.
const metaSnapshot = "snapshot"

func writeLinkMeta(rt *annotate.ReplicaTx, l Link, dsn string) error {
	m, err := rt.Bucket(bucketMeta)
	if err != nil {
		return err
	}
	lead, blind := "", ""
	if l.Lead {
		lead = "1"
	}
	if l.Blind {
		blind = "1"
	}
	for k, v := range map[string]string{metaProject: l.Project, metaProjectID: l.ProjectID, metaServer: StripPassword(dsn),
		metaCoder: l.Coder, metaCoderName: l.CoderName, metaLead: lead, metaBlind: blind} {
		if err := m.Put([]byte(k), []byte(v)); err != nil {
			return err
		}
	}
	c, err := rt.Bucket(bucketCoders)
	if err != nil {
		return err
	}
	if err := c.Put([]byte(l.Coder), []byte(l.CoderName)); err != nil {
		return err
	}
	return rt.SetIdentity(l.Coder, l.Blind)
}

// Create makes a new project on the server from this workspace: the workspace's coder
// is its lead, everything in the workspace becomes the project's first operations, and
// they are sent at once (a later sync finishes if this one is cut short).
func Create(ctx context.Context, ws *annotate.Workspace, dsn, project string, blind bool) (Report, error) {
	if l, err := ReadLink(ws); err == nil {
		return Report{}, fmt.Errorf("this workspace is already in the team project %q (gloss team leave unlinks it)", l.Project)
	}
	if project == "" {
		return Report{}, fmt.Errorf("the project needs a name (--project NAME)")
	}
	conn, desc, err := connect(ctx, dsn)
	if err != nil {
		return Report{}, err
	}
	l := Link{Project: project, Coder: uuid.NewString(), CoderName: ws.Author(), Lead: true, Blind: blind}
	info, err := createProject(ctx, conn, desc, project, blind, l.Coder, l.CoderName)
	if err != nil {
		conn.Close(ctx)
		return Report{}, err
	}
	l.ProjectID = info.ID
	if err := linkLocal(ws, l, dsn, false); err != nil {
		// Nothing local changed: take the empty project off the server again.
		conn.Exec(ctx, `DELETE FROM gloss.projects WHERE id = $1`, info.ID)
		conn.Close(ctx)
		return Report{}, err
	}
	return syncOn(ctx, ws, dsn, &pgServer{conn: conn, project: info.ID, desc: desc})
}

// syncOn runs one sync of ws on a connection already open (and closes it).
func syncOn(ctx context.Context, ws *annotate.Workspace, dsn string, srv *pgServer) (Report, error) {
	s := newSyncer(ws, dsn)
	s.server = srv
	defer s.Close()
	return s.Sync(ctx)
}

// Join links a new, empty workspace to an existing project and pulls all of it.
func Join(ctx context.Context, ws *annotate.Workspace, dsn, project string) (Report, error) {
	if l, err := ReadLink(ws); err == nil {
		return Report{}, fmt.Errorf("this workspace is already in the team project %q (gloss team leave unlinks it)", l.Project)
	}
	if arts, anns := ws.Counts(); arts > 0 || anns > 0 {
		return Report{}, fmt.Errorf("joining needs a new, empty workspace: %s has %d articles and %d annotations (use --workspace NEWDIR)", ws.Dir(), arts, anns)
	}
	conn, desc, err := connect(ctx, dsn)
	if err != nil {
		return Report{}, err
	}
	l := Link{Project: project, Coder: uuid.NewString(), CoderName: ws.Author()}
	info, err := joinProject(ctx, conn, desc, project, l.Coder, l.CoderName)
	if err != nil {
		conn.Close(ctx)
		return Report{}, err
	}
	l.ProjectID, l.Blind, l.Lead = info.ID, info.Blind, info.LeadCoder == l.Coder
	if err := linkLocal(ws, l, dsn, true); err != nil {
		conn.Close(ctx)
		return Report{}, err
	}
	return syncOn(ctx, ws, dsn, &pgServer{conn: conn, project: info.ID, desc: desc})
}

// linkLocal links the workspace to a project in one store transaction. A creator's
// records are then sent as the project's first operations; a joiner's workspace (new:
// only the default codebook) gives way to the project's contents, pulled next.
func linkLocal(ws *annotate.Workspace, l Link, dsn string, join bool) error {
	label := "Created team project " + l.Project
	if join {
		label = "Joined team project " + l.Project
	}
	_, err := ws.Link(replica{}, label, func(rt *annotate.ReplicaTx) error {
		if err := writeLinkMeta(rt, l, dsn); err != nil {
			return err
		}
		if !join {
			m, _ := rt.Bucket(bucketMeta)
			return m.Put([]byte(metaSnapshot), []byte(annotate.SharedBuckets[0]+"\x00"))
		}
		var tags []string
		rt.ForEach("tags", func(k, _ []byte) error {
			tags = append(tags, string(k))
			return nil
		})
		for _, id := range tags {
			if err := rt.Put("tags", id, nil); err != nil {
				return err
			}
		}
		return rt.ClearHistory()
	})
	return err
}

// Leave unlinks the workspace from its project. Its articles, annotations and codebook
// stay; it returns how many local changes had not been sent.
func Leave(ws *annotate.Workspace) (pending int, err error) {
	l, err := ReadLink(ws)
	if err != nil {
		return 0, err
	}
	return l.Pending, ws.Unlink(func(rt *annotate.ReplicaTx) error { return rt.DropBuckets() })
}

// SetBlind turns the project's blind coding on or off. Only the lead may: the server
// refuses anyone else. The workspace learns the new setting at once (others at their
// next sync).
func SetBlind(ctx context.Context, ws *annotate.Workspace, dsn string, on bool) (Report, error) {
	l, err := ReadLink(ws)
	if err != nil {
		return Report{}, err
	}
	if dsn == "" {
		dsn = l.Server
	}
	conn, desc, err := connect(ctx, dsn)
	if err != nil {
		return Report{}, err
	}
	if err := setBlind(ctx, conn, desc, l.ProjectID, l.Coder, on); err != nil {
		conn.Close(ctx)
		return Report{}, err
	}
	return syncOn(ctx, ws, dsn, &pgServer{conn: conn, project: l.ProjectID, desc: desc})
}

// snapshotChunk puts up to limit records from before the link into the outbox as
// creations, resuming where the last chunk stopped. It returns true when all are in.
func snapshotChunk(rt *annotate.ReplicaTx, limit int) (bool, error) {
	m, err := rt.Bucket(bucketMeta)
	if err != nil {
		return false, err
	}
	cursor := m.Get([]byte(metaSnapshot))
	if cursor == nil {
		return true, nil
	}
	bucket, from := splitStateKey(string(cursor))
	s, err := newSession(rt)
	if err != nil {
		return false, err
	}
	st, _ := rt.Bucket(bucketState)
	stamp := s.tick()
	step := uuid.NewString()
	n := 0
	next := ""
	start := indexOf(annotate.SharedBuckets, bucket)
	if start < 0 {
		start, from = 0, ""
	}
	for bi := start; bi < len(annotate.SharedBuckets) && next == ""; bi++ {
		b := annotate.SharedBuckets[bi]
		lo := ""
		if bi == start {
			lo = from
		}
		type kv struct{ k, v []byte }
		var batch []kv
		rt.ForEach(b, func(k, v []byte) error {
			if next != "" || bytes.Compare(k, []byte(lo)) < 0 {
				return nil
			}
			if n+len(batch) >= limit {
				next = stateKey(b, string(k))
				return nil
			}
			if st.Get([]byte(stateKey(b, string(k)))) == nil { // made after the link: already sent
				batch = append(batch, kv{append([]byte(nil), k...), append([]byte(nil), v...)})
			}
			return nil
		})
		for _, r := range batch {
			op, err := s.localWrite(annotate.Write{Bucket: b, Key: string(r.k), After: r.v}, stamp, step, nil)
			if err != nil {
				return false, err
			}
			if op != nil {
				if err := s.emit(*op); err != nil {
					return false, err
				}
			}
		}
		n += len(batch)
	}
	done := next == ""
	if err := s.flush(); err != nil {
		return false, err
	}
	if done {
		return true, m.Delete([]byte(metaSnapshot))
	}
	return false, m.Put([]byte(metaSnapshot), []byte(next))
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

// ProbeResult says whether the server answers.
type ProbeResult struct {
	Online  bool
	Head    uint64 // the log's last position
	Problem string // why it is not online
}

// Probe asks the linked project's server for its log's position (for a status line).
func Probe(ctx context.Context, ws *annotate.Workspace) ProbeResult {
	l, err := ReadLink(ws)
	if err != nil {
		return ProbeResult{Problem: err.Error()}
	}
	conn, desc, err := connect(ctx, l.Server)
	if err != nil {
		return ProbeResult{Problem: strings.Replace(err.Error(), ErrOffline.Error()+": ", "", 1)}
	}
	defer conn.Close(context.Background())
	srv := &pgServer{conn: conn, project: l.ProjectID, desc: desc}
	info, err := srv.Info(ctx, false)
	if err != nil {
		return ProbeResult{Problem: strings.Replace(err.Error(), ErrOffline.Error()+": ", "", 1)}
	}
	return ProbeResult{Online: true, Head: info.Head}
}

// RecentConflicts returns up to limit of the conflicts this workspace's syncs reported,
// newest first, described (for the window's team dialog and gloss team status).
func RecentConflicts(ws *annotate.Workspace, limit int) ([]ConflictReport, error) {
	var out []ConflictReport
	names := coderNames{}
	err := ws.ReplicaView(func(rt *annotate.ReplicaTx) error {
		if c, err := rt.Bucket(bucketCoders); err == nil && c != nil {
			c.ForEach(func(k, v []byte) error {
				names[string(k)] = string(v)
				return nil
			})
		}
		b, err := rt.Bucket(bucketConflicts)
		if err != nil || b == nil {
			return err
		}
		c := b.Cursor()
		for k, v := c.Last(); k != nil && len(out) < limit; k, v = c.Prev() {
			var cf Conflict
			if err := json.Unmarshal(v, &cf); err != nil {
				return fmt.Errorf("read a recorded conflict: %w", err)
			}
			out = append(out, ConflictReport{Conflict: cf})
		}
		return nil
	})
	namer := newRecordNamer(ws)
	for i := range out {
		out[i].describe(names, namer.name(out[i].Bucket, out[i].Key))
	}
	return out, err
}
