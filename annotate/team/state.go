package team

import (
	"encoding/binary"
	"encoding/json"
)

// recState is what a desk knows of one shared record beyond its stored value: the stamp
// of its existence and of each field key, and the raw values that differ from the
// stored (materialised) record — all of them when the record is not in the store
// (deleted, or hidden because what it depends on is gone).
type recState struct {
	X    bool             `json:"x,omitempty"` // exists
	XS   Stamp            `json:"xs"`          // stamp of the existence
	Hint *Hint            `json:"h,omitempty"` // a deleted tag's forwarding
	Def  Stamp            `json:"d"`           // stamp of the field keys not in F
	F    map[string]Stamp `json:"f,omitempty"`
	Raw  object           `json:"r,omitempty"`
	// Gone lists the members of the stored record that the raw record lacks (a hotkey or
	// description a tag shows from a sibling folded into it): without it the stored
	// member would be read back as raw, on desks that saw the fold and not on others.
	Gone []string `json:"g,omitempty"`
	// Seen holds, for a deleted record, the stamps its deleter had seen: an edit newer
	// than those was made without knowing of the delete, and is reported.
	Seen map[string]Stamp `json:"s,omitempty"`
	// Dup is, for a tag that is one with a sibling of the same name (see foldDuplicates),
	// that sibling: its uses go there. Derived by the codebook pass, kept so that an
	// annotation stored later follows it without redoing the pass.
	Dup string `json:"u,omitempty"`
}

// stampIn is the stamp of field key k: its own, else Def when the raw record has k (Def
// is the stamp of the operation that wrote the record's present keys), else zero.
func (s *recState) stampIn(k string, present bool) Stamp {
	if k == existenceKey {
		return s.XS
	}
	if v, ok := s.F[k]; ok {
		return v
	}
	if present {
		return s.Def
	}
	return Stamp{}
}

// setStamp gives field key k its own stamp (folded into Def by compact).
func (s *recState) setStamp(k string, st Stamp) {
	if k == existenceKey {
		s.XS = st
		return
	}
	if s.F == nil {
		s.F = map[string]Stamp{}
	}
	s.F[k] = st
}

// compact folds the stamps of the keys present in the raw record into Def when they are
// all one (a record created by one operation and never edited stores two stamps).
// Absent keys (a cleared note) keep their own stamp.
func (s *recState) compact(present []string) {
	if len(s.F) == 0 {
		return
	}
	if s.Def.IsZero() && len(present) > 0 {
		one, ok := s.F[present[0]]
		for _, k := range present {
			if v, has := s.F[k]; !has || v != one {
				ok = false
				break
			}
		}
		if ok {
			s.Def = one
		}
	}
	for _, k := range present {
		if v, ok := s.F[k]; ok && v == s.Def {
			delete(s.F, k)
		}
	}
	if len(s.F) == 0 {
		s.F = nil
	}
}

// stateKey is the key of a record in the team_state and team_over buckets.
func stateKey(bucket, key string) string { return bucket + "\x00" + key }

func splitStateKey(k string) (bucket, key string) {
	for i := 0; i < len(k); i++ {
		if k[i] == 0 {
			return k[:i], k[i+1:]
		}
	}
	return k, ""
}

// Conflict is a value that lost to another written concurrently, or a record that was
// deleted or hidden while a colleague was changing it. It is kept in the report of the
// sync that found it; the losing operation stays in the server's log.
type Conflict struct {
	Kind   string `json:"kind"` // "edit", "deleted", "hidden" or "duplicate"
	Bucket string `json:"bucket"`
	Key    string `json:"key"`
	Field  string `json:"field,omitempty"` // the field key ("~" for existence)
	Winner Stamp  `json:"winner"`
	Loser  Stamp  `json:"loser"`
	// The values, as raw JSON members (absent for existence and hidden records).
	WinnerValue object `json:"winner_value,omitempty"`
	LoserValue  object `json:"loser_value,omitempty"`
	Why         string `json:"why,omitempty"` // for hidden records: what they depend on is gone; for duplicates: "created" or "met"
	// Other is, for a "duplicate", the tag of the same name that is one with Key now.
	Other string `json:"other,omitempty"`
}

// Replica buckets.
const (
	bucketMeta      = "team_meta"
	bucketState     = "team_state"
	bucketOver      = "team_over" // records whose raw values differ from the store's: key → article id
	bucketOutbox    = "team_outbox"
	bucketConflicts = "team_conflicts"
	bucketCoders    = "team_coders" // coder id → name
)

// Keys of team_meta.
const (
	metaProject    = "project"
	metaProjectID  = "project_id"
	metaServer     = "server" // the DSN without its password
	metaCoder      = "coder"
	metaCoderName  = "coder_name"
	metaLead       = "lead"
	metaBlind      = "blind"
	metaHLC        = "hlc"
	metaPulled     = "pulled"      // server position applied up to
	metaOutboxNext = "outbox_next" // next outbox key
	metaOutboxLen  = "outbox_len"
	metaOpsMade    = "ops_made" // operations this desk has made since it linked
	metaLastSync   = "last_sync"
	metaConflictN  = "conflict_next"
)

func u64(b []byte) uint64 {
	if len(b) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}

func u64b(n uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, n)
	return b
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// overRaw turns a stored record's fields into its raw ones: the raw values that differ
// laid over them, the members the raw record lacks taken out.
func (s *recState) overRaw(stored object) object {
	for _, f := range s.Raw {
		stored.set(f.Name, f.Value)
	}
	for _, name := range s.Gone {
		stored.del(name)
	}
	return stored
}
