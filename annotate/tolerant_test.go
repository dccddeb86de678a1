package annotate

import (
	"errors"
	"fmt"
	"testing"
)

func TestOccurrencesTolerant(t *testing.T) {
	text := "Ukraine’s grid — hit again.\n\nOfficials said:  «Repairs   will take\u00a0days» … The “grid” holds.\nUKRAINE’S allies met."
	tests := []struct {
		name, quote string
		wantHow     string
		wantFound   []string // the text of each occurrence
	}{
		{"exact", "grid", MatchExact, []string{"grid", "grid"}},
		{"straight apostrophe finds the curly one", "Ukraine's grid", MatchTolerant, []string{"Ukraine’s grid"}},
		{"hyphen finds the em dash", "grid - hit", MatchTolerant, []string{"grid — hit"}},
		{"white space runs, line breaks and no-break spaces", "again. Officials said: \"Repairs will take days\"", MatchTolerant,
			[]string{"again.\n\nOfficials said:  «Repairs   will take\u00a0days»"}},
		{"three dots find the ellipsis", "days\" ... The", MatchTolerant, []string{"days» … The"}},
		{"straight quotes find curly ones", `The "grid" holds`, MatchTolerant, []string{"The “grid” holds"}},
		{"case is the last resort", "ukraine's", MatchCase, []string{"Ukraine’s", "UKRAINE’S"}},
		{"an exact match wins over a case-insensitive one", "UKRAINE’S", MatchExact, []string{"UKRAINE’S"}},
		{"not there", "armistice", "", nil},
	}
	runes := []rune(text)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			found, how := occurrences(runes, tt.quote)
			if how != tt.wantHow || len(found) != len(tt.wantFound) {
				t.Fatalf("found %v by %q, want %d by %q", found, how, len(tt.wantFound), tt.wantHow)
			}
			for i, s := range found {
				if got := string(runes[s.start:s.end]); got != tt.wantFound[i] {
					t.Errorf("occurrence %d covers %q, want %q", i+1, got, tt.wantFound[i])
				}
			}
		})
	}
}

func TestLocateTolerant(t *testing.T) {
	text := []rune("Speaking on Friday, he said Ukraine’s grid — already damaged — would hold.")
	// A quote from another tool with plain typography and a stale position: found, and
	// the span covers the article's own characters.
	at := Locate(text, Selector{Exact: "Ukraine's grid - already damaged -", Start: 3, End: 40})
	if at.How != MatchTolerant || string(text[at.Start:at.End]) != "Ukraine’s grid — already damaged —" {
		t.Fatalf("anchor %+v covers %q", at, string(text[at.Start:at.End]))
	}
	at = Locate(text, Selector{Exact: "UKRAINE'S GRID", Start: -1, End: -1})
	if at.How != MatchCase || string(text[at.Start:at.End]) != "Ukraine’s grid" {
		t.Fatalf("anchor %+v", at)
	}
}

func TestFindQuoteMatch(t *testing.T) {
	ws := openTemp(t)
	art := addText(t, ws, "Talks", "The ceasefire proposal was discussed; the ceasefire would cover Ukraine’s grid. Officials said the ceasefire holds.")
	m, err := ws.FindQuoteMatch(art.ID, "Ukraine's grid", 0)
	if err != nil || m.How != MatchTolerant || m.Found != "Ukraine’s grid" || m.Occurrences != 1 {
		t.Fatalf("tolerant: %+v %v", m, err)
	}
	_, err = ws.FindQuoteMatch(art.ID, "ceasefire", 0)
	var amb *AmbiguousQuoteError
	if !errors.As(err, &amb) || amb.Occurrences != 3 || !errors.Is(err, ErrInvalid) {
		t.Fatalf("ambiguous quote: %v", err)
	}
	m, err = ws.FindQuoteMatch(art.ID, "ceasefire", 2)
	if err != nil || m.How != MatchExact || m.Start != 42 || m.Occurrences != 3 {
		t.Fatalf("second occurrence: %+v %v", m, err)
	}
	if _, err := ws.FindQuoteMatch(art.ID, "ceasefire", 4); err == nil || err.Error() != fmt.Sprintf("quote \"ceasefire\" occurs 3 times in article %s, not 4", art.ID) {
		t.Fatalf("occurrence 4: %v", err)
	}
}
