// Package team synchronises a workspace with a team project on a PostgreSQL server,
// offline-first. Every local change becomes field-level operations stamped with a hybrid
// logical clock and the coder's id, kept in an outbox in the same store transaction as
// the change; a sync pushes them to the project's operation log and applies colleagues'
// operations through the command layer. Applying is order-independent and idempotent:
// a field takes an operation's value only when its stamp is greater than the field's.
// See docs/TEAM.md for the rules.
package team

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Stamp orders writes of one field: the hybrid logical clock of the operation, ties
// broken by the coder id. The zero Stamp is older than every write.
type Stamp struct {
	H uint64 // hybrid logical clock: milliseconds since 1970 << 16 | logical counter
	C string // coder id
}

// Less reports whether s is older than o.
func (s Stamp) Less(o Stamp) bool {
	if s.H != o.H {
		return s.H < o.H
	}
	return s.C < o.C
}

// IsZero reports whether s is the stamp of nothing written.
func (s Stamp) IsZero() bool { return s.H == 0 && s.C == "" }

// Time is the wall-clock part of the stamp.
func (s Stamp) Time() time.Time { return hlcTime(s.H) }

// MarshalJSON writes [h, "coder"] (stamps are stored per field: keep them short).
func (s Stamp) MarshalJSON() ([]byte, error) {
	return json.Marshal([2]any{s.H, s.C})
}

// UnmarshalJSON reads [h, "coder"] (by hand: states hold many stamps and are read often).
func (s *Stamp) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) < 2 || b[0] != '[' || b[len(b)-1] != ']' {
		return fmt.Errorf("stamp: %.40s is not [clock, coder]", b)
	}
	inner := b[1 : len(b)-1]
	comma := bytes.IndexByte(inner, ',')
	if comma < 0 {
		return fmt.Errorf("stamp: %.40s is not [clock, coder]", b)
	}
	h, err := strconv.ParseUint(string(bytes.TrimSpace(inner[:comma])), 10, 64)
	if err != nil {
		return fmt.Errorf("stamp clock: %w", err)
	}
	c := bytes.TrimSpace(inner[comma+1:])
	if len(c) >= 2 && c[0] == '"' && c[len(c)-1] == '"' && bytes.IndexByte(c[1:len(c)-1], '\\') < 0 && bytes.IndexByte(c[1:len(c)-1], '"') < 0 {
		s.H, s.C = h, string(c[1:len(c)-1])
		return nil
	}
	s.H = h
	return json.Unmarshal(c, &s.C)
}

const logicalBits = 16

// hlcTime is the wall-clock time of a hybrid logical clock value.
func hlcTime(h uint64) time.Time { return time.UnixMilli(int64(h >> logicalBits)).UTC() }

// nextHLC is the clock value of a new local event: the wall clock when it is ahead of
// everything seen, else one logical tick after the last value (so a desk whose clock is
// behind still orders its edits after those it has seen).
func nextHLC(last uint64, wall time.Time) uint64 {
	pt := uint64(wall.UnixMilli()) << logicalBits
	if pt > last {
		return pt
	}
	return last + 1
}
