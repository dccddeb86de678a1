package team

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// field is one member of a JSON object, its value kept as raw JSON.
type field struct {
	Name  string
	Value json.RawMessage
}

// object is a JSON object's members in their order, so that a record rebuilt from its
// fields has the bytes its author's program wrote.
type object []field

var errNotObject = errors.New("not a JSON object")

// parseObject splits a JSON object into its members.
func parseObject(b []byte) (object, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, errNotObject
	}
	var o object
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		name, ok := tok.(string)
		if !ok {
			return nil, errNotObject
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("member %s: %w", name, err)
		}
		o = append(o, field{Name: name, Value: v})
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	return o, nil
}

func (o object) index(name string) int {
	for i, f := range o {
		if f.Name == name {
			return i
		}
	}
	return -1
}

// get returns a member's value (nil, false when absent).
func (o object) get(name string) (json.RawMessage, bool) {
	if i := o.index(name); i >= 0 {
		return o[i].Value, true
	}
	return nil, false
}

// set replaces a member's value, or appends the member.
func (o *object) set(name string, v json.RawMessage) {
	if i := o.index(name); i >= 0 {
		(*o)[i].Value = v
		return
	}
	*o = append(*o, field{Name: name, Value: v})
}

// del removes a member.
func (o *object) del(name string) {
	if i := o.index(name); i >= 0 {
		*o = append((*o)[:i:i], (*o)[i+1:]...)
	}
}

func (o object) clone() object { return append(object(nil), o...) }

// bytes writes the object back as compact JSON in member order.
func (o object) bytes() []byte {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			buf.WriteByte(',')
		}
		name, _ := json.Marshal(f.Name)
		buf.Write(name)
		buf.WriteByte(':')
		buf.Write(f.Value)
	}
	buf.WriteByte('}')
	return buf.Bytes()
}

// MarshalJSON keeps the member order.
func (o object) MarshalJSON() ([]byte, error) {
	if o == nil {
		return []byte("null"), nil
	}
	return o.bytes(), nil
}

// UnmarshalJSON reads an object, keeping the member order.
func (o *object) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*o = nil
		return nil
	}
	p, err := parseObject(b)
	if err != nil {
		return err
	}
	*o = p
	return nil
}

// sameJSON reports whether two JSON values are equal (numbers and member order aside
// from the byte form).
func sameJSON(a, b json.RawMessage) bool {
	if bytes.Equal(a, b) {
		return true
	}
	if a == nil || b == nil {
		return false
	}
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	xb, _ := json.Marshal(x)
	yb, _ := json.Marshal(y)
	return bytes.Equal(xb, yb)
}
