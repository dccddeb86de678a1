package team

import (
	"encoding/json"
	"fmt"
)

// existenceKey is the field key of a record's existence: a delete is a write of it, so
// it is ordered and resolved like any field, and an undo of a delete writes it again.
const existenceKey = "~"

// wholeBuckets hold values that are not JSON objects (an article's text): one field,
// named "", carries the whole value as a JSON string.
var wholeBuckets = map[string]bool{"texts": true}

// fieldGroups join members that only make sense together into one field key, changed
// and resolved as one: an annotation's span with its quote, an article's text hash with
// its length and version. Other members are field keys of their own.
var fieldGroups = map[string]map[string]string{
	"annotations": {"start": "anchor", "end": "anchor", "exact": "anchor", "prefix": "anchor", "suffix": "anchor", "state": "anchor"},
	"articles":    {"sha256": "content", "length": "content", "version": "content"},
}

// quietKeys are bookkeeping: resolved by the same rule, but a lost value is not worth a
// line in the sync report (every edit moves an annotation's modification time; each desk
// has its own import time and file path).
var quietKeys = map[string]map[string]bool{
	"annotations": {"modified": true},
	"articles":    {"imported_at": true, "origin": true, "format": true},
}

// requiredMembers must be in a record for it to be stored: a record known only from
// edits (its creation not applied yet) waits, hidden.
var requiredMembers = map[string][]string{
	"articles":    {"id", "sha256"},
	"texts":       {""},
	"annotations": {"id", "article", "tags", "start", "end"},
	"tags":        {"id", "name"},
}

// fieldKey is the key a member is stamped and resolved under.
func fieldKey(bucket, member string) string {
	if g, ok := fieldGroups[bucket][member]; ok {
		return g
	}
	return member
}

// isQuiet reports whether a field key is bookkeeping.
func isQuiet(bucket, key string) bool { return quietKeys[bucket][key] }

// recordFields splits a stored value into its fields (nil for an absent record).
func recordFields(bucket string, val []byte) (object, error) {
	if val == nil {
		return nil, nil
	}
	if wholeBuckets[bucket] {
		s, _ := json.Marshal(string(val))
		return object{{Name: "", Value: s}}, nil
	}
	o, err := parseObject(val)
	if err != nil {
		return nil, fmt.Errorf("%s record: %w", bucket, err)
	}
	if o == nil {
		o = object{}
	}
	return o, nil
}

// recordValue is the stored value of a record's fields.
func recordValue(bucket string, o object) []byte {
	if wholeBuckets[bucket] {
		v, _ := o.get("")
		var s string
		json.Unmarshal(v, &s)
		return []byte(s)
	}
	return o.bytes()
}

// changedKeys lists the field keys whose members differ between two versions of a
// record, in the order they appear.
func changedKeys(bucket string, before, after object) []string {
	var keys []string
	seen := map[string]bool{}
	add := func(member string) {
		k := fieldKey(bucket, member)
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	for _, f := range after {
		if v, ok := before.get(f.Name); !ok || !sameJSON(v, f.Value) {
			add(f.Name)
		}
	}
	for _, f := range before {
		if _, ok := after.get(f.Name); !ok {
			add(f.Name)
		}
	}
	return keys
}

// keysOf lists the field keys of a record's members, in order.
func keysOf(bucket string, o object) []string {
	var keys []string
	seen := map[string]bool{}
	for _, f := range o {
		k := fieldKey(bucket, f.Name)
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	return keys
}

// membersOf returns the members of o under field key k (absent members are left out).
func membersOf(bucket string, o object, k string) object {
	var out object
	for _, f := range o {
		if fieldKey(bucket, f.Name) == k {
			out = append(out, f)
		}
	}
	return out
}

// setKey makes the members of field key k in o those of vals: members vals has are set,
// members of k that vals lacks are removed.
func setKey(bucket string, o *object, k string, vals object) {
	for _, f := range o.clone() {
		if fieldKey(bucket, f.Name) == k {
			if _, ok := vals.get(f.Name); !ok {
				o.del(f.Name)
			}
		}
	}
	for _, f := range vals {
		o.set(f.Name, f.Value)
	}
}
