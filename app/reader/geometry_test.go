package reader

import (
	"reflect"
	"testing"
)

func TestGeometry(t *testing.T) {
	tests := []struct {
		name   string
		line   string
		glyphs []Glyph
		want   []Cluster
	}{
		{"left to right", "ab", []Glyph{{0, 10, 0, false}, {10, 12, 1, false}},
			[]Cluster{{0, 1, 0, 10, false}, {1, 2, 10, 22, false}}},
		{"a ligature shares its width", "fi", []Glyph{{0, 20, 0, false}},
			[]Cluster{{0, 1, 0, 10, false}, {1, 2, 10, 20, false}}},
		{"right to left: the first letter is drawn rightmost", "אב", []Glyph{{0, 8, 1, true}, {8, 10, 0, true}},
			[]Cluster{{0, 1, 8, 18, true}, {1, 2, 0, 8, true}}},
		{"a right-to-left ligature shares from the right", "לא", []Glyph{{0, 20, 0, true}},
			[]Cluster{{0, 1, 10, 20, true}, {1, 2, 0, 10, true}}},
		{"an emoji with a skin tone is one cluster even when shaped as two", "👍🏽", []Glyph{{0, 18, 0, false}, {18, 18, 1, false}},
			[]Cluster{{0, 2, 0, 36, false}}},
		{"a ZWJ sequence shaped as one glyph", "👨\u200d👧", []Glyph{{0, 20, 0, false}},
			[]Cluster{{0, 3, 0, 20, false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Geometry([]rune(tt.line), tt.glyphs)
			if !reflect.DeepEqual(got.Clusters, tt.want) {
				t.Fatalf("clusters %+v, want %+v", got.Clusters, tt.want)
			}
		})
	}
}

func TestGeometryCaretsSegmentsAndHits(t *testing.T) {
	// "ab אב cd": a left-to-right line with a right-to-left word in the middle.
	line := []rune("ab אב cd")
	glyphs := []Glyph{{0, 10, 0, false}, {10, 10, 1, false}, {20, 10, 2, false},
		{30, 10, 4, true}, {40, 10, 3, true}, // אב drawn right to left
		{50, 10, 5, false}, {60, 10, 6, false}, {70, 10, 7, false}}
	g := Geometry(line, glyphs)
	carets := map[int]float32{0: 0, 3: 50, 4: 40, 5: 50, 8: 80}
	for i, want := range carets {
		if got := g.caretX(i); got != want {
			t.Errorf("caret before %d at %v, want %v", i, got, want)
		}
	}
	// In a right-to-left cluster the left half is the trailing one.
	// "b א" is drawn in two pieces: b, the space, then א on the right of the word.
	if got, want := g.segments(1, 4), [][2]float32{{10, 30}, {40, 50}}; !reflect.DeepEqual(got, want) {
		t.Errorf("segments(1, 4) = %v, want %v", got, want)
	}
	hits := []struct {
		x        float32
		start    int
		trailing bool
	}{{12, 1, false}, {18, 1, true}, {42, 3, true}, {48, 3, false}, {31, 4, true}, {38, 4, false}}
	for _, h := range hits {
		c, tr := g.at(h.x)
		if c.Start != h.start || tr != h.trailing {
			t.Errorf("at(%v) = cluster %d trailing %v, want %d %v", h.x, c.Start, tr, h.start, h.trailing)
		}
	}
}
