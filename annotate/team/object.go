package team

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
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

// parseObject splits a JSON object into its members. It scans the bytes itself (every
// record the replica touches goes through here; the standard decoder is several times
// slower) and falls back to the standard decoder for anything unusual.
func parseObject(b []byte) (object, error) {
	if o, ok := scanObject(b); ok {
		return o, nil
	}
	return decodeObject(b)
}

// decodeObject is parseObject with encoding/json's tokenizer.
func decodeObject(b []byte) (object, error) {
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
	if _, err := dec.Token(); err != io.EOF {
		return nil, errNotObject // something after the object
	}
	return o, nil
}

// scanObject splits a compact or spaced JSON object whose member names have no escapes;
// ok is false for anything else (the caller then uses the decoder, which reports errors).
func scanObject(b []byte) (object, bool) {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return nil, false
	}
	i = skipSpace(b, i+1)
	o := object{}
	if i < len(b) && b[i] == '}' {
		return o, skipSpace(b, i+1) == len(b)
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return nil, false
		}
		end := i + 1
		for end < len(b) && b[end] != '"' {
			if b[end] == '\\' || b[end] < 0x20 { // escapes and control characters: the decoder judges
				return nil, false
			}
			end++
		}
		if end >= len(b) {
			return nil, false
		}
		if !utf8.Valid(b[i+1 : end]) {
			return nil, false
		}
		name := string(b[i+1 : end])
		i = skipSpace(b, end+1)
		if i >= len(b) || b[i] != ':' {
			return nil, false
		}
		i = skipSpace(b, i+1)
		vend, ok := scanValue(b, i)
		if !ok {
			return nil, false
		}
		o = append(o, field{Name: name, Value: json.RawMessage(append([]byte(nil), b[i:vend]...))})
		i = skipSpace(b, vend)
		if i >= len(b) {
			return nil, false
		}
		if b[i] == '}' {
			return o, skipSpace(b, i+1) == len(b)
		}
		if b[i] != ',' {
			return nil, false
		}
		i = skipSpace(b, i+1)
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\t' || b[i] == '\r') {
		i++
	}
	return i
}

// scanValue returns the end of the JSON value starting at i.
func scanValue(b []byte, i int) (int, bool) {
	if i >= len(b) {
		return 0, false
	}
	switch b[i] {
	case '"':
		end, ok := scanString(b, i)
		return end, ok && json.Valid(b[i:end]) // control characters, bad escapes or UTF-8
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				end, ok := scanString(b, j)
				if !ok {
					return 0, false
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1, json.Valid(b[i : j+1])
				}
			}
		}
		return 0, false
	default:
		j := i
		for j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ']' && b[j] != ' ' && b[j] != '\n' && b[j] != '\t' && b[j] != '\r' {
			j++
		}
		return j, j > i && json.Valid(b[i:j])
	}
}

// scanString returns the end (after the closing quote) of the JSON string at i.
func scanString(b []byte, i int) (int, bool) {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1, true
		}
	}
	return 0, false
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
