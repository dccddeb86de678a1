package annotate

import (
	"math/rand"
	"slices"
	"strings"
	"testing"
)

// naiveErrors is the textbook dynamic programme: for every end position of text, the edit
// distance of the best alignment of pattern ending there (free start unless anchored).
func naiveErrors(text, pattern []rune, anchored bool) []int {
	m := len(pattern)
	col := make([]int, m+1)
	for i := range col {
		col[i] = i
	}
	out := make([]int, len(text))
	for j, r := range text {
		next := make([]int, m+1)
		if anchored {
			next[0] = j + 1
		}
		for i := 1; i <= m; i++ {
			cost := 1
			if pattern[i-1] == r {
				cost = 0
			}
			next[i] = min(col[i-1]+cost, col[i]+1, next[i-1]+1)
		}
		col = next
		out[j] = col[m]
	}
	return out
}

func TestMyersAgreesWithDynamicProgramming(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	alphabets := [][]rune{
		[]rune("ab"),
		[]rune("abc "),
		[]rune("абвгґ "),
		[]rune("a😀👍🏽é"),
	}
	for iter := 0; iter < 300; iter++ {
		alpha := alphabets[iter%len(alphabets)]
		gen := func(n int) []rune {
			r := make([]rune, n)
			for i := range r {
				r[i] = alpha[rng.Intn(len(alpha))]
			}
			return r
		}
		// Pattern lengths cross the 64-bit block boundaries.
		pattern := gen(1 + rng.Intn(150))
		text := gen(rng.Intn(300))
		for _, anchored := range []bool{false, true} {
			want := naiveErrors(text, pattern, anchored)
			var got []int
			newMyers(pattern).scan(text, anchored, func(end, errs int) { got = append(got, errs) })
			if len(got) != len(want) {
				t.Fatalf("iteration %d: %d columns, want %d", iter, len(got), len(want))
			}
			for j := range want {
				if got[j] != want[j] {
					t.Fatalf("iteration %d (anchored %v, pattern %d runes): column %d has %d errors, want %d",
						iter, anchored, len(pattern), j+1, got[j], want[j])
				}
			}
		}
	}
}

func TestApproxSearch(t *testing.T) {
	tests := []struct {
		name, text, pattern string
		k                   int
		want                []string // the matched substrings
	}{
		{"exact", "the quick brown fox", "quick", 1, []string{"quick"}},
		{"substitution", "the quack brown fox", "quick", 1, []string{"quack"}},
		{"deletion", "the quck brown fox", "quick", 1, []string{"quck"}},
		{"insertion", "the quiick brown fox", "quick", 1, []string{"quiick"}},
		{"two places", "quick and quack", "quick", 1, []string{"quick", "quack"}},
		{"too many errors", "the qxxck brown fox", "quick", 1, nil},
		{"cyrillic", "Сили оборони відбили атаку", "оборони", 1, []string{"оборони"}},
		{"cyrillic edited", "Сили обороны відбили атаку", "оборони", 1, []string{"обороны"}},
		{"emoji", "we 👍🏽 this 🚀 launch", "this 🚀 launch", 2, []string{"this 🚀 launch"}},
		{"emoji changed", "we 👍🏽 this 🛸 launch", "this 🚀 launch", 2, []string{"this 🛸 launch"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := []rune(tt.text)
			matches := approxSearch(text, []rune(tt.pattern), tt.k)
			var got []string
			for _, m := range matches {
				got = append(got, string(text[m.start:m.end]))
			}
			// Every expected span is a candidate, and every candidate lies on an expected span.
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("approxSearch(%q, %q, %d) = %q: %q missing", tt.text, tt.pattern, tt.k, got, w)
				}
			}
			for _, m := range matches {
				if m.errors > tt.k || !overlapsAny(tt.text, tt.want, m) {
					t.Errorf("approxSearch(%q, %q, %d): stray candidate %q (%d errors)", tt.text, tt.pattern, tt.k, string(text[m.start:m.end]), m.errors)
				}
			}
		})
	}
}

func overlapsAny(text string, want []string, m approxMatch) bool {
	for _, w := range want {
		i := strings.Index(text, w)
		start := CodePointOffset(text, i)
		if i >= 0 && m.start < start+CodePoints(w) && start < m.end {
			return true
		}
	}
	return false
}

func TestMaxFuzzyErrorsIsAQuarter(t *testing.T) {
	for _, tt := range []struct{ n, want int }{{0, 0}, {3, 0}, {4, 1}, {40, 10}, {41, 10}, {400, 100}} {
		if got := maxFuzzyErrors(tt.n); got != tt.want {
			t.Errorf("maxFuzzyErrors(%d) = %d, want %d", tt.n, got, tt.want)
		}
	}
}

func TestContextScore(t *testing.T) {
	if got := contextScore([]rune("abcdef"), []rune("abcdef")); got != 1 {
		t.Errorf("identical context scores %v, want 1", got)
	}
	if got := contextScore(nil, []rune("abc")); got != 0 {
		t.Errorf("missing context scores %v, want 0", got)
	}
	if got := contextScore([]rune("abXdef"), []rune("abcdef")); got <= 0.8 || got >= 1 {
		t.Errorf("one edit in six scores %v, want between 0.8 and 1", got)
	}
}

func BenchmarkMatchFuzzyLongText(b *testing.B) {
	para := "Forces repelled an attack near the river crossing overnight, officials said, as shelling continued. "
	text := []rune(strings.Repeat(para, 2000)) // ~200,000 code points
	quote := "Drones struck an energy facility in the north of the region, leaving thousands without power."
	mid := len(text) / 2
	edited := append(append(append([]rune{}, text[:mid]...), []rune(strings.Replace(quote, "energy", "enrgy", 1))...), text[mid:]...)
	sel := Selector{Exact: quote, Prefix: string(text[mid-32 : mid]), Suffix: string(text[mid : mid+32]), Start: mid, End: mid + len([]rune(quote))}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, _, ok := matchFuzzy(edited, sel); !ok {
			b.Fatal("not found")
		}
	}
}
