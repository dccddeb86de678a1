package search

import (
	"errors"
	"strings"
	"testing"

	"gloss.app/gloss/search/query"
)

func TestUnknownTagIsAnErrorWithSuggestions(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		q       string
		col     int
		suggest string // "" when the query is fine
	}{
		{`kharkiv tag:energy`, 9, `tag:"Energy attacks"`},
		{`tag:corrupt`, 1, `tag:"Corruption"`},
		{`tag:zzz`, 1, "no tag named \"zzz\" in the codebook at column 1"},
		{`tag:energy*`, 0, ""},                                // a prefix is a pattern, not a name
		{`tag:"Energy attacks"`, 0, ""},                       // a name
		{`tag:"energy attacks/grid"`, 0, ""},                  // a path tail
		{`tag:"Military developments/Energy attacks"`, 0, ""}, // a full path
	} {
		_, err := f.ix.Search(Request{Query: tc.q, Limit: 10})
		if tc.suggest == "" {
			if err != nil {
				t.Errorf("%q: unexpected error %v", tc.q, err)
			}
			continue
		}
		var pe *query.ParseError
		if !errors.As(err, &pe) || pe.Pos != tc.col || !strings.Contains(err.Error(), tc.suggest) {
			t.Errorf("%q: got %v, want an error at column %d mentioning %s", tc.q, err, tc.col, tc.suggest)
		}
		if _, err := f.ix.AnnotationIDs(tc.q); err == nil {
			t.Errorf("%q: AnnotationIDs must refuse the unknown tag too", tc.q)
		}
	}
}
