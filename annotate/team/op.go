package team

import "encoding/json"

// Op is one operation of the project's log: one command's write of one record (some of
// its fields, its existence, or both), stamped with the command's clock and coder.
type Op struct {
	ID     string `json:"id"`     // a UUID: pushing it twice stores it once
	Coder  string `json:"coder"`  // who made it
	HLC    uint64 `json:"hlc"`    // when, on the hybrid logical clock
	Step   string `json:"step"`   // the command it belongs to (ops of one command share it)
	Bucket string `json:"bucket"` // the kind of record: articles, texts, annotations, tags…
	Key    string `json:"key"`    // the record's id
	Body
}

// Body is what an operation writes.
type Body struct {
	// Exists is set when the operation creates (true) or deletes (false) the record.
	Exists *bool `json:"x,omitempty"`
	// Hint says, for a tag being deleted, where its uses went.
	Hint *Hint `json:"h,omitempty"`
	// Fields are the members written; a field key written with no member left (a note
	// cleared) is listed in Cleared.
	Fields  object   `json:"f,omitempty"`
	Cleared []string `json:"c,omitempty"`
	// Base holds, per field key written (and "~" for existence), the stamp of the value
	// the author overwrote: an operation whose base is not the stamp a desk holds was made
	// without seeing that value, and one of the two is reported when they differ.
	Base map[string]Stamp `json:"b,omitempty"`
	// Label is the command's label, on its first operation.
	Label string `json:"l,omitempty"`
}

// Hint records, with the delete of a tag, where annotations that carried it go (Into, ""
// for nowhere) and where its sub-tags go (Children, "" for the top level).
type Hint struct {
	Into     string `json:"into,omitempty"`
	Children string `json:"children,omitempty"`
}

// Stamp is the operation's stamp.
func (o *Op) Stamp() Stamp { return Stamp{H: o.HLC, C: o.Coder} }

// keys lists the field keys the operation writes (not existence).
func (o *Op) keys() []string {
	keys := keysOf(o.Bucket, o.Fields)
	return append(keys, o.Cleared...)
}

// encodeBody is the JSON stored in the server's log.
func encodeBody(b Body) ([]byte, error) { return json.Marshal(b) }

func decodeBody(raw []byte) (Body, error) {
	var b Body
	err := json.Unmarshal(raw, &b)
	return b, err
}
