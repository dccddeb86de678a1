package team

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
)

func TestParseObjectMatchesTheDecoder(t *testing.T) {
	for _, in := range []string{
		`{}`, ` { } `, `{"a":1}`, `{"a": "x,}\"y", "b" : [1, {"c": "]"}], "d":null,"e":true}`,
		`{"note":"line\nbreak \u00e9 \\"}`, `{"tags":["a","b"],"start":12,"end":-3.5e2}`,
		`{"a":{"b":{"c":[[],{}]}}}`,
	} {
		got, err := parseObject([]byte(in))
		want, werr := decodeObject([]byte(in))
		if err != nil || werr != nil {
			t.Fatalf("%s: %v / %v", in, err, werr)
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %d members, the decoder %d", in, len(got), len(want))
		}
		for i := range got {
			if got[i].Name != want[i].Name || !sameJSON(got[i].Value, want[i].Value) {
				t.Fatalf("%s: member %d %s=%s, the decoder %s=%s", in, i, got[i].Name, got[i].Value, want[i].Name, want[i].Value)
			}
		}
	}
	for _, bad := range []string{``, `[]`, `{"a"}`, `{"a":}`, `{"a":1,}`, `{"a":1} x`, `{"a":tru}`, `{"a":"x}`, `{"a":[1,2}`, "{\"a\":\"\x0e\"}", "{\"\x01\":1}", `{"a":"\q"}`} {
		if o, err := parseObject([]byte(bad)); err == nil {
			t.Errorf("%q parsed as %v", bad, o)
		}
	}
}

func FuzzParseObject(f *testing.F) {
	f.Add([]byte(`{"a":1,"b":"x"}`))
	f.Add([]byte(`{"n":{"m":[1,"]",{}]}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := parseObject(b)
		want, werr := decodeObject(b)
		if (err == nil) != (werr == nil) {
			t.Fatalf("%q: scanner %v, decoder %v", b, err, werr)
		}
		if err != nil {
			return
		}
		if len(got) != len(want) {
			t.Fatalf("%q: %d members, the decoder %d", b, len(got), len(want))
		}
		for i := range got {
			if got[i].Name != want[i].Name || !sameJSON(got[i].Value, want[i].Value) {
				t.Fatalf("%q: member %d differs", b, i)
			}
		}
	})
}

func BenchmarkParseObject(b *testing.B) {
	b.Run("scanner", func(b *testing.B) { benchParse(b, parseObject) })
	b.Run("decoder", func(b *testing.B) { benchParse(b, decodeObject) })
}

func benchParse(b *testing.B, parse func([]byte) (object, error)) {
	rec, _ := json.Marshal(map[string]any{"id": "8bc1c9c9-2cfc-496f-b67d-8d30d4ba8c23", "article": "282713e4-e163-5d0c-8445-0232b4c7dfe1",
		"start": 922, "end": 955, "exact": "esa corruption.\nassets ministry s", "prefix": " humanitarian energy aid line Od",
		"suffix": "ubstation package oblast ceasefi", "tags": []string{"9969fe94-f648-4d07-86f9-a234d97da41d"}, "note": "n",
		"author": "Iryna", "created": "2026-12-06T10:52:55.278723954Z", "state": "anchored", "x": rand.IntN(9)})
	for i := 0; i < b.N; i++ {
		parse(rec)
	}
}
