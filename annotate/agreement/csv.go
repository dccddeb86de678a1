package agreement

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// CSVHeader is the header row of WriteCSV.
var CSVHeader = []string{"tag", "tag_id", "used", "units", "pairable_units", "pairable_values", "complete_units", "coders",
	"observed", "expected", "cohen_kappa", "fleiss_kappa", "alpha", "u_alpha", "u_alpha_articles", "notes"}

// WriteCSV writes a report as CSV: one row per tag, then the overall row (tag "overall").
// Undefined measures are empty cells; the notes say why. Values have full precision.
func WriteCSV(w io.Writer, rep *Report) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	cell := func(v Value) string {
		if v.V == nil {
			return ""
		}
		return strconv.FormatFloat(*v.V, 'f', -1, 64)
	}
	row := func(name string, tr TagReport) error {
		return cw.Write([]string{name, tr.TagID, strconv.FormatBool(tr.Used), strconv.FormatInt(tr.Units, 10),
			strconv.FormatInt(tr.PairableUnits, 10), strconv.FormatInt(tr.Pairable, 10), strconv.FormatInt(tr.CompleteUnits, 10),
			strconv.Itoa(tr.Coding.Coders), cell(tr.Observed), cell(tr.Expected), cell(tr.CohenKappa), cell(tr.FleissKappa),
			cell(tr.Alpha), cell(tr.UAlpha), strconv.Itoa(tr.UAlphaArticles), strings.Join(tr.Notes, "; ")})
	}
	for _, tr := range rep.Tags {
		if err := row(tr.Path, tr); err != nil {
			return err
		}
	}
	if err := row("overall", rep.Overall); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}
