package team

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// The project's log lives in an ordinary PostgreSQL database, in the schema "gloss":
//
//	projects(id, name, blind, lead_coder, lead_role, head, created)
//	coders(project, id, name, role, joined, last_push)
//	ops(project, seq, op_id, coder, hlc, step, bucket, key, body, pushed)
//
// seq is the operation's position in its project's log. Pushes of one project are
// serialised by a lock on the project row and take positions head+1… in commit order,
// so positions have no gaps and a reader that remembers "applied up to N" never skips
// a row committed later with a smaller number (the classic sequence gap of identity
// columns under concurrent commits).

const schemaSQL = `
CREATE SCHEMA IF NOT EXISTS gloss;
CREATE TABLE IF NOT EXISTS gloss.meta (key text PRIMARY KEY, value text NOT NULL);
INSERT INTO gloss.meta VALUES ('schema_version', '1') ON CONFLICT (key) DO NOTHING;
CREATE TABLE IF NOT EXISTS gloss.projects (
	id         uuid PRIMARY KEY,
	name       text NOT NULL UNIQUE,
	blind      boolean NOT NULL DEFAULT false,
	lead_coder uuid NOT NULL,
	lead_role  name NOT NULL DEFAULT current_user,
	head       bigint NOT NULL DEFAULT 0,
	created    timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS gloss.coders (
	project   uuid NOT NULL REFERENCES gloss.projects (id) ON DELETE CASCADE,
	id        uuid NOT NULL,
	name      text NOT NULL,
	role      name NOT NULL DEFAULT current_user,
	joined    timestamptz NOT NULL DEFAULT now(),
	last_push timestamptz,
	PRIMARY KEY (project, id)
);
CREATE TABLE IF NOT EXISTS gloss.ops (
	project uuid NOT NULL REFERENCES gloss.projects (id) ON DELETE CASCADE,
	seq     bigint NOT NULL,
	op_id   uuid NOT NULL UNIQUE,
	coder   uuid NOT NULL,
	hlc     bigint NOT NULL,
	step    uuid NOT NULL,
	bucket  text NOT NULL,
	key     text NOT NULL,
	body    jsonb NOT NULL,
	pushed  timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (project, seq)
);
CREATE INDEX IF NOT EXISTS ops_record ON gloss.ops (project, bucket, key, hlc);
CREATE INDEX IF NOT EXISTS ops_coder ON gloss.ops (project, coder, seq);
CREATE OR REPLACE FUNCTION gloss.guard_project() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF (NEW.blind, NEW.name, NEW.lead_coder, NEW.lead_role) IS DISTINCT FROM (OLD.blind, OLD.name, OLD.lead_coder, OLD.lead_role)
	   AND current_user <> OLD.lead_role THEN
		RAISE EXCEPTION 'only the project lead (role %) can change the project''s settings', OLD.lead_role
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	RETURN NEW;
END $$;
CREATE OR REPLACE TRIGGER project_guard BEFORE UPDATE ON gloss.projects
	FOR EACH ROW EXECUTE FUNCTION gloss.guard_project();
`

// ProjectInfo is what a sync learns of the project besides operations.
type ProjectInfo struct {
	ID        string
	Name      string
	Head      uint64 // the log's last position
	Blind     bool
	LeadCoder string
	Coders    map[string]string // id → name
}

// PulledOp is an operation with its position in the log.
type PulledOp struct {
	Seq uint64
	Op
}

// PushResult says where a push put its operations: the log went from Before to After;
// Inserted of them were new (a retried push finds the others already there).
type PushResult struct {
	Before, After uint64
	Inserted      int
}

// Server is the project's log as the sync engine uses it (PostgreSQL; tests also use an
// in-memory one).
type Server interface {
	Info(ctx context.Context, withCoders bool) (ProjectInfo, error)
	Push(ctx context.Context, coder string, ops []Op) (PushResult, error)
	Pull(ctx context.Context, after uint64, limit int) ([]PulledOp, error)
	Close() error
}

// pgServer is one connection to the project's database.
type pgServer struct {
	conn    *pgx.Conn
	project string // id
	desc    string // for messages
}

// ErrOffline wraps the error of a sync that could not reach the server (or was refused).
var ErrOffline = errors.New("team server unreachable")

// connect opens a connection, turning the usual failures into one clear sentence.
func connect(ctx context.Context, dsn string) (*pgx.Conn, string, error) {
	return connectWith(ctx, dsn, "")
}

// connectWith is connect with a password given by the user for this session (a
// window's password prompt); "" leaves the DSN, PGPASSWORD and ~/.pgpass to give it.
func connectWith(ctx context.Context, dsn, password string) (*pgx.Conn, string, error) {
	cfg, err := ParseDSN(dsn)
	if err != nil {
		return nil, "", err
	}
	if password != "" {
		cfg.Password = password
	}
	desc := describeServer(cfg)
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, desc, connectError(desc, cfg.User, err)
	}
	return conn, desc, nil
}

// connectError explains a failed connection.
func connectError(desc, user string, err error) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "28P01", "28000":
			return fmt.Errorf("%w: %w", ErrOffline, loginError(fmt.Sprintf("the team server (%s) refused the login of %s (%s): check the password in PGPASSWORD or ~/.pgpass", desc, user, pgErr.Message)))
		case "3D000":
			return fmt.Errorf("%w: the team server (%s) has no such database (%s)", ErrOffline, desc, pgErr.Message)
		}
		return fmt.Errorf("%w: the team server (%s) refused the connection: %s", ErrOffline, desc, pgErr.Message)
	}
	var netErr net.Error
	if errors.As(err, &netErr) || errors.Is(err, context.DeadlineExceeded) || strings.Contains(err.Error(), "dial") {
		return fmt.Errorf("%w: the team server (%s) cannot be reached: %s", ErrOffline, desc, shortNetErr(err))
	}
	return fmt.Errorf("%w: cannot connect to the team server (%s): %s", ErrOffline, desc, shortNetErr(err))
}

func shortNetErr(err error) string {
	msg := err.Error()
	for _, s := range []string{"connection refused", "no such host", "i/o timeout", "no such file or directory", "network is unreachable", "context deadline exceeded", "connection reset"} {
		if strings.Contains(msg, s) {
			return s
		}
	}
	return errText(err)
}

// serverError explains a failure after the connection was made (the server went away
// mid-sync, or refused a statement).
func serverError(desc string, err error) error {
	if errors.Is(err, ErrOffline) {
		return err
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch {
		case pgErr.Code == "42501":
			return fmt.Errorf("the team server (%s) refused: %s", desc, pgErr.Message)
		case strings.HasPrefix(pgErr.Code, "57P"), strings.HasPrefix(pgErr.Code, "08"):
			return fmt.Errorf("%w: the team server (%s) went away: %s", ErrOffline, desc, pgErr.Message)
		}
		return fmt.Errorf("the team server (%s): %s", desc, pgErr.Message)
	}
	if pgconn.Timeout(err) || errors.Is(err, context.DeadlineExceeded) || isConnGone(err) {
		return fmt.Errorf("%w: the team server (%s) went away: %s", ErrOffline, desc, shortNetErr(err))
	}
	return fmt.Errorf("the team server (%s): %w", desc, err)
}

func isConnGone(err error) bool {
	var netErr net.Error
	msg := err.Error()
	return errors.As(err, &netErr) || strings.Contains(msg, "conn closed") || strings.Contains(msg, "unexpected EOF") ||
		strings.Contains(msg, "broken pipe") || strings.Contains(msg, "connection reset") || strings.Contains(msg, "failed to receive")
}

// serverSchema is the layout of the gloss schema this build reads and writes.
const serverSchema = 1

// checkSchema refuses a server whose gloss schema a newer Gloss made.
func checkSchema(ctx context.Context, conn *pgx.Conn, desc string) error {
	var v string
	err := conn.QueryRow(ctx, `SELECT value FROM gloss.meta WHERE key = 'schema_version'`).Scan(&v)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "42P01" {
		return fmt.Errorf("the team server (%s) has no Gloss projects (gloss team create makes one)", desc)
	}
	if err != nil {
		return serverError(desc, err)
	}
	if n, _ := strconv.Atoi(v); n > serverSchema {
		return fmt.Errorf("the team server (%s) holds projects of a newer Gloss (server schema %s; this build knows %d): update Gloss", desc, v, serverSchema)
	}
	return nil
}

// createProject creates the schema when missing, the project and its lead.
func createProject(ctx context.Context, conn *pgx.Conn, desc, name string, blind bool, coder, coderName string) (ProjectInfo, error) {
	id := uuid.NewString()
	tx, err := conn.Begin(ctx)
	if err != nil {
		return ProjectInfo{}, serverError(desc, err)
	}
	defer tx.Rollback(ctx)
	// Two desks creating projects at once must not both create the schema.
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(7450001)`); err != nil {
		return ProjectInfo{}, serverError(desc, err)
	}
	if _, err := tx.Exec(ctx, schemaSQL); err != nil {
		return ProjectInfo{}, serverError(desc, err)
	}
	var v string
	if err := tx.QueryRow(ctx, `SELECT value FROM gloss.meta WHERE key = 'schema_version'`).Scan(&v); err != nil {
		return ProjectInfo{}, serverError(desc, err)
	}
	if n, _ := strconv.Atoi(v); n > serverSchema {
		return ProjectInfo{}, fmt.Errorf("the team server (%s) holds projects of a newer Gloss (server schema %s; this build knows %d): update Gloss", desc, v, serverSchema)
	}
	_, err = tx.Exec(ctx, `INSERT INTO gloss.projects (id, name, blind, lead_coder) VALUES ($1, $2, $3, $4)`, id, name, blind, coder)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		return ProjectInfo{}, fmt.Errorf("the team server (%s) already has a project named %q: join it with gloss team join", desc, name)
	}
	if err != nil {
		return ProjectInfo{}, serverError(desc, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO gloss.coders (project, id, name) VALUES ($1, $2, $3)`, id, coder, coderName); err != nil {
		return ProjectInfo{}, serverError(desc, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return ProjectInfo{}, serverError(desc, err)
	}
	return ProjectInfo{ID: id, Name: name, Blind: blind, LeadCoder: coder}, nil
}

// joinProject finds a project by name and adds the coder to it.
func joinProject(ctx context.Context, conn *pgx.Conn, desc, name, coder, coderName string) (ProjectInfo, error) {
	var p ProjectInfo
	if err := checkSchema(ctx, conn, desc); err != nil {
		return p, err
	}
	err := conn.QueryRow(ctx, `SELECT id::text, blind, lead_coder::text, head FROM gloss.projects WHERE name = $1`, name).Scan(&p.ID, &p.Blind, &p.LeadCoder, &p.Head)
	var pgErr *pgconn.PgError
	if errors.Is(err, pgx.ErrNoRows) || (errors.As(err, &pgErr) && pgErr.Code == "42P01") {
		return p, fmt.Errorf("the team server (%s) has no project named %q (gloss team create makes one)", desc, name)
	}
	if err != nil {
		return p, serverError(desc, err)
	}
	p.Name = name
	if _, err := conn.Exec(ctx, `INSERT INTO gloss.coders (project, id, name) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, p.ID, coder, coderName); err != nil {
		return p, serverError(desc, err)
	}
	return p, nil
}

// setBlind changes the project's blind option: only its lead may (the trigger checks the
// database role, the statement the lead's coder id).
func setBlind(ctx context.Context, conn *pgx.Conn, desc, project, coder string, blind bool) error {
	tag, err := conn.Exec(ctx, `UPDATE gloss.projects SET blind = $3 WHERE id = $1 AND lead_coder = $2`, project, coder, blind)
	if err != nil {
		return serverError(desc, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("only the project's lead (the analyst who created it) can change whether it codes blind")
	}
	return nil
}

func (s *pgServer) Close() error {
	if s.conn == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return s.conn.Close(ctx)
}

func (s *pgServer) Info(ctx context.Context, withCoders bool) (ProjectInfo, error) {
	p := ProjectInfo{ID: s.project}
	err := s.conn.QueryRow(ctx, `SELECT name, head, blind, lead_coder::text FROM gloss.projects WHERE id = $1`, s.project).Scan(&p.Name, &p.Head, &p.Blind, &p.LeadCoder)
	if errors.Is(err, pgx.ErrNoRows) {
		return p, fmt.Errorf("the team server (%s) no longer has this workspace's project", s.desc)
	}
	if err != nil {
		return p, serverError(s.desc, err)
	}
	if withCoders {
		rows, err := s.conn.Query(ctx, `SELECT id::text, name FROM gloss.coders WHERE project = $1`, s.project)
		if err != nil {
			return p, serverError(s.desc, err)
		}
		p.Coders = map[string]string{}
		for rows.Next() {
			var id, name string
			if err := rows.Scan(&id, &name); err != nil {
				return p, serverError(s.desc, err)
			}
			p.Coders[id] = name
		}
		if err := rows.Err(); err != nil {
			return p, serverError(s.desc, err)
		}
	}
	return p, nil
}

const pushSQL = `
INSERT INTO gloss.ops (project, seq, op_id, coder, hlc, step, bucket, key, body)
SELECT $1, $2 + row_number() OVER (ORDER BY o.ord), o.op_id::uuid, $3::uuid, o.hlc, o.step::uuid, o.bucket, o.key, o.body::jsonb
FROM unnest($4::text[], $5::bigint[], $6::text[], $7::text[], $8::text[], $9::text[])
	WITH ORDINALITY AS o (op_id, hlc, step, bucket, key, body, ord)
WHERE NOT EXISTS (SELECT 1 FROM gloss.ops x WHERE x.op_id = o.op_id::uuid)
ON CONFLICT (op_id) DO NOTHING`

// Push appends ops in one transaction. The project row's lock orders pushes, so the
// positions they take are consecutive and committed in order.
func (s *pgServer) Push(ctx context.Context, coder string, ops []Op) (PushResult, error) {
	var res PushResult
	n := len(ops)
	ids, hlcs, steps, buckets, keys, bodies := make([]string, n), make([]int64, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	for i, op := range ops {
		body, err := encodeBody(op.Body)
		if err != nil {
			return res, err
		}
		ids[i], hlcs[i], steps[i], buckets[i], keys[i], bodies[i] = op.ID, int64(op.HLC), op.Step, op.Bucket, op.Key, string(body)
	}
	tx, err := s.conn.Begin(ctx)
	if err != nil {
		return res, serverError(s.desc, err)
	}
	defer tx.Rollback(ctx)
	if err := tx.QueryRow(ctx, `SELECT head FROM gloss.projects WHERE id = $1 FOR UPDATE`, s.project).Scan(&res.Before); err != nil {
		return res, serverError(s.desc, err)
	}
	tag, err := tx.Exec(ctx, pushSQL, s.project, int64(res.Before), coder, ids, hlcs, steps, buckets, keys, bodies)
	if err != nil {
		return res, serverError(s.desc, err)
	}
	res.Inserted = int(tag.RowsAffected())
	res.After = res.Before + uint64(res.Inserted)
	if res.Inserted > 0 {
		if _, err := tx.Exec(ctx, `UPDATE gloss.projects SET head = $2 WHERE id = $1`, s.project, int64(res.After)); err != nil {
			return res, serverError(s.desc, err)
		}
		if _, err := tx.Exec(ctx, `SELECT pg_notify($1, $2)`, channelName(s.project), fmt.Sprint(res.After)); err != nil {
			return res, serverError(s.desc, err)
		}
	}
	if _, err := tx.Exec(ctx, `UPDATE gloss.coders SET last_push = now() WHERE project = $1 AND id = $2`, s.project, coder); err != nil {
		return res, serverError(s.desc, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return res, serverError(s.desc, err)
	}
	return res, nil
}

// Pull reads up to limit operations after position `after`, in order.
func (s *pgServer) Pull(ctx context.Context, after uint64, limit int) ([]PulledOp, error) {
	rows, err := s.conn.Query(ctx, `SELECT seq, op_id::text, coder::text, hlc, step::text, bucket, key, body::text
		FROM gloss.ops WHERE project = $1 AND seq > $2 ORDER BY seq LIMIT $3`, s.project, int64(after), limit)
	if err != nil {
		return nil, serverError(s.desc, err)
	}
	defer rows.Close()
	var out []PulledOp
	for rows.Next() {
		var p PulledOp
		var seq, hlc int64
		var body string
		if err := rows.Scan(&seq, &p.ID, &p.Coder, &hlc, &p.Step, &p.Bucket, &p.Key, &body); err != nil {
			return nil, serverError(s.desc, err)
		}
		p.Seq, p.HLC = uint64(seq), uint64(hlc)
		if p.Body, err = decodeBody([]byte(body)); err != nil {
			return nil, fmt.Errorf("the team server's log has an unreadable operation at position %d: %v", seq, err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, serverError(s.desc, err)
	}
	return out, nil
}

// channelName is the LISTEN/NOTIFY channel of a project.
func channelName(project string) string {
	return "gloss_" + strings.ReplaceAll(project, "-", "")
}
