// Package pgtest starts throw-away PostgreSQL servers for tests: initdb in a temporary
// folder, pg_ctl start listening on a Unix socket in that folder and on 127.0.0.1 at a
// free port, stopped and removed when the test ends. As root it runs them as the
// postgres user (PostgreSQL refuses to run as root).
package pgtest

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Superuser and Password are the throw-away cluster's administrator.
const (
	Superuser = "glossadmin"
	Password  = "gloss-test-password"
)

// Cluster is a running throw-away server.
type Cluster struct {
	Dir    string // data directory
	Socket string // directory of the Unix socket
	Port   int
	bin    string
	cred   *syscall.Credential
	log    string
}

// BinDir finds PostgreSQL's server programs ("" when PostgreSQL is not installed).
func BinDir() string {
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		dir := strings.TrimSpace(string(out))
		if _, err := os.Stat(filepath.Join(dir, "initdb")); err == nil {
			return dir
		}
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(matches) == 0 {
		return ""
	}
	return filepath.Dir(matches[len(matches)-1])
}

// Start starts a cluster for the test. Without PostgreSQL the test is skipped with the
// reason (make test installs it); under CI it fails instead.
func Start(t testing.TB) *Cluster {
	t.Helper()
	c, err := StartCluster()
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("PostgreSQL: %v", err)
		}
		t.Skipf("skipped: %v (make test installs Debian's postgresql)", err)
	}
	t.Cleanup(c.Remove)
	return c
}

// StartCluster starts a cluster (callers remove it with Remove).
func StartCluster() (*Cluster, error) {
	bin := BinDir()
	if bin == "" {
		return nil, fmt.Errorf("PostgreSQL's initdb is not installed")
	}
	base := ""
	if os.Geteuid() == 0 {
		// The postgres user must reach the folder: $TMPDIR may be under /root.
		base = "/tmp"
	}
	dir, err := os.MkdirTemp(base, "gloss-pg-")
	if err != nil {
		return nil, err
	}
	c := &Cluster{Dir: filepath.Join(dir, "data"), Socket: dir, bin: bin, log: filepath.Join(dir, "server.log")}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("running as root needs the postgres user: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		c.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		os.Chown(dir, uid, gid)
	}
	os.Chmod(dir, 0o755)
	pwfile := filepath.Join(dir, "pwfile")
	if err := os.WriteFile(pwfile, []byte(Password+"\n"), 0o644); err != nil {
		return nil, err
	}
	if c.cred != nil {
		os.Chown(pwfile, int(c.cred.Uid), int(c.cred.Gid))
	}
	if out, err := c.run("initdb", "-D", c.Dir, "-U", Superuser, "--pwfile", pwfile, "--auth-local=trust",
		"--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"); err != nil {
		c.Remove()
		return nil, fmt.Errorf("initdb: %v: %s", err, out)
	}
	os.Remove(pwfile)
	if err := c.StartServer(); err != nil {
		c.Remove()
		return nil, err
	}
	return c, nil
}

func (c *Cluster) run(prog string, args ...string) ([]byte, error) {
	cmd := exec.Command(filepath.Join(c.bin, prog), args...)
	cmd.Dir = c.Socket
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8")
	if c.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred}
	}
	return cmd.CombinedOutput()
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// StartServer starts (or starts again) the server, on a new free port the first time.
func (c *Cluster) StartServer() error {
	if c.Port == 0 {
		p, err := freePort()
		if err != nil {
			return err
		}
		c.Port = p
	}
	// fsync off: a test cluster need not survive a power cut, only the process crashes
	// the tests make, which lose nothing the kernel has. synchronous_commit stays on: with
	// it off a crash loses commits the server already acknowledged (the team drill
	// catches exactly that), and Gloss's sync relies on an acknowledged push being kept.
	opts := fmt.Sprintf("-k %s -c listen_addresses=127.0.0.1 -p %d -c fsync=off -c full_page_writes=off -c max_connections=60", c.Socket, c.Port)
	out, err := c.run("pg_ctl", "-D", c.Dir, "-l", c.log, "-o", opts, "-w", "-t", "60", "start")
	if err != nil {
		logText, _ := os.ReadFile(c.log)
		return fmt.Errorf("pg_ctl start: %v: %s %s", err, out, tail(string(logText), 800))
	}
	return nil
}

// StopServer stops the server; immediate is a crash (no checkpoint, recovery at the
// next start), otherwise a fast shutdown.
func (c *Cluster) StopServer(immediate bool) error {
	mode := "fast"
	if immediate {
		mode = "immediate"
	}
	out, err := c.run("pg_ctl", "-D", c.Dir, "-m", mode, "-w", "-t", "60", "stop")
	if err != nil {
		return fmt.Errorf("pg_ctl stop: %v: %s", err, out)
	}
	return nil
}

// Restart crashes the server and starts it again.
func (c *Cluster) Restart() error {
	if err := c.StopServer(true); err != nil {
		return err
	}
	return c.StartServer()
}

// Remove stops the server and deletes its folder.
func (c *Cluster) Remove() {
	c.StopServer(true)
	os.RemoveAll(c.Socket)
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// AdminDSN is a key/value DSN for the superuser over the Unix socket (no password).
func (c *Cluster) AdminDSN(db string) string {
	return fmt.Sprintf("host=%s port=%d user=%s dbname=%s", c.Socket, c.Port, Superuser, db)
}

// URL is a postgres:// URL over 127.0.0.1 for user (without password: PGPASSWORD or
// ~/.pgpass give it).
func (c *Cluster) URL(user, db string) string {
	return fmt.Sprintf("postgres://%s@127.0.0.1:%d/%s?sslmode=disable", user, c.Port, db)
}

// Exec runs SQL as the superuser.
func (c *Cluster) Exec(db, sql string, args ...any) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, c.AdminDSN(db))
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql, args...)
	return err
}

// CreateDesk makes the database a desk uses and a role that owns it (the set-up
// docs/TEAM.md describes), with the given password.
func (c *Cluster) CreateDesk(db, role, password string) error {
	if err := c.Exec("postgres", fmt.Sprintf("CREATE ROLE %s LOGIN PASSWORD '%s'", role, password)); err != nil {
		return err
	}
	return c.Exec("postgres", fmt.Sprintf("CREATE DATABASE %s OWNER %s", db, role))
}

// AddAnalyst makes a login role that may use the project's tables in db (after the
// schema exists).
func (c *Cluster) AddAnalyst(db, role, password string) error {
	if err := c.Exec("postgres", fmt.Sprintf("CREATE ROLE %s LOGIN PASSWORD '%s'", role, password)); err != nil {
		return err
	}
	return c.Exec(db, fmt.Sprintf(`GRANT USAGE ON SCHEMA gloss TO %[1]s;
		GRANT SELECT ON ALL TABLES IN SCHEMA gloss TO %[1]s;
		GRANT INSERT ON gloss.ops, gloss.coders TO %[1]s;
		GRANT UPDATE (head) ON gloss.projects TO %[1]s;
		GRANT UPDATE (last_push) ON gloss.coders TO %[1]s;`, role))
}
