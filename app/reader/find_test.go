package reader

import (
	"reflect"
	"testing"
)

func TestFind(t *testing.T) {
	tests := []struct {
		text, query string
		want        [][2]int
	}{
		{"Kyiv and kyiv and KYIV", "kyiv", [][2]int{{0, 4}, {9, 13}, {18, 22}}},
		{"Київ і КИЇВ", "київ", [][2]int{{0, 4}, {7, 11}}},
		{"aaaa", "aa", [][2]int{{0, 2}, {2, 4}}},       // not overlapping
		{"cafe\u0301 cafe", "cafe", [][2]int{{6, 10}}}, // never half a cluster
		{"👍🏽 👍", "👍", [][2]int{{3, 4}}},
		{"nothing", "", nil},
		{"short", "longer than the text", nil},
	}
	for _, tt := range tests {
		if got := Find([]rune(tt.text), tt.query); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Find(%q, %q) = %v, want %v", tt.text, tt.query, got, tt.want)
		}
	}
}
