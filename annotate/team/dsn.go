package team

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"

	"github.com/jackc/pgx/v5"
)

// A DSN names the team's PostgreSQL server: a URL (postgres://user@host:5432/db) or a
// key/value string (host=… dbname=… user=…). The password comes from PGPASSWORD or
// ~/.pgpass (pgx reads both) or from the DSN itself, but the workspace only ever keeps
// the DSN with its password removed.

// ParseDSN checks a DSN and returns the connection settings it gives (with the password
// from the environment or ~/.pgpass when it has none).
func ParseDSN(dsn string) (*pgx.ConnConfig, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("the server address %q is not a PostgreSQL URL or key=value string: %v", StripPassword(dsn), errText(err))
	}
	return cfg, nil
}

// errText is an error's message without a DSN echoed in it (pgx quotes the connection
// string in some parse errors, password included).
func errText(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, "cannot parse `"); i >= 0 {
		if j := strings.Index(msg[i+14:], "`"); j >= 0 {
			msg = msg[:i] + "cannot parse the address" + msg[i+14+j+1:]
		}
	}
	return msg
}

// StripPassword returns the DSN without any password in it, to be stored or shown.
func StripPassword(dsn string) string {
	s := strings.TrimSpace(dsn)
	if strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://") {
		u, err := url.Parse(s)
		if err != nil {
			return "(an unreadable URL)"
		}
		if u.User != nil {
			u.User = url.User(u.User.Username())
		}
		q := u.Query()
		if q.Has("password") {
			q.Del("password")
			u.RawQuery = q.Encode()
		}
		return u.String()
	}
	pairs, ok := splitKeyValues(s)
	if !ok {
		return "(an unreadable address)"
	}
	var out []string
	for _, p := range pairs {
		if p[0] == "password" {
			continue
		}
		out = append(out, p[0]+"="+quoteValue(p[1]))
	}
	return strings.Join(out, " ")
}

// splitKeyValues reads a libpq key/value string: key = value pairs separated by white
// space, values optionally in single quotes with \' and \\ escaped.
func splitKeyValues(s string) ([][2]string, bool) {
	var pairs [][2]string
	i := 0
	skip := func() {
		for i < len(s) && unicode.IsSpace(rune(s[i])) {
			i++
		}
	}
	for {
		skip()
		if i >= len(s) {
			return pairs, true
		}
		start := i
		for i < len(s) && s[i] != '=' && !unicode.IsSpace(rune(s[i])) {
			i++
		}
		key := s[start:i]
		skip()
		if i >= len(s) || s[i] != '=' || key == "" {
			return nil, false
		}
		i++
		skip()
		var val strings.Builder
		if i < len(s) && s[i] == '\'' {
			i++
			closed := false
			for i < len(s) {
				c := s[i]
				if c == '\\' && i+1 < len(s) {
					val.WriteByte(s[i+1])
					i += 2
					continue
				}
				if c == '\'' {
					i++
					closed = true
					break
				}
				val.WriteByte(c)
				i++
			}
			if !closed {
				return nil, false
			}
		} else {
			for i < len(s) && !unicode.IsSpace(rune(s[i])) {
				if s[i] == '\\' && i+1 < len(s) {
					i++
				}
				val.WriteByte(s[i])
				i++
			}
		}
		pairs = append(pairs, [2]string{key, val.String()})
	}
}

func quoteValue(v string) string {
	if v != "" && !strings.ContainsAny(v, " \t\n'\\") {
		return v
	}
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(v) + "'"
}

// describeServer names a server for messages: "db on host:port as user".
func describeServer(cfg *pgx.ConnConfig) string {
	host := cfg.Host
	if strings.HasPrefix(host, "/") {
		host = "socket " + host
	} else {
		host = fmt.Sprintf("%s:%d", host, cfg.Port)
	}
	return fmt.Sprintf("%s on %s as %s", cfg.Database, host, cfg.User)
}
