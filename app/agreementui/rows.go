package agreementui

import (
	"fmt"
	"image/color"
	"strconv"
	"strings"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/agreement"
	"gloss.app/gloss/app/tagcolor"
)

// The table's content, worked out without a window: which rows, what each cell says,
// what pointing at it explains and which reliability band paints it.

// column is one of the table's columns.
type column struct {
	title string
	tip   string
}

// Column indexes.
const (
	colTag = iota
	colObserved
	colCohen
	colFleiss
	colAlpha
	colUAlpha
	colUnits
	colCoders
	colPairable
	numColumns
)

var columns = [numColumns]column{
	colTag:      {"Tag", "Click a tag to list the units where the coders differ on it"},
	colObserved: {"Observed", "Observed agreement: the share of agreeing pairs of values, not corrected for chance (not coloured)"},
	colCohen:    {"Cohen's κ", "Cohen's kappa: exactly two coders, on the units both coded, each coder's own marginals"},
	colFleiss:   {"Fleiss' κ", "Fleiss' kappa: the units every coder coded, pooled marginals (Scott's pi for two coders)"},
	colAlpha:    {"α", "Krippendorff's alpha (nominal): every unit with two values or more; missing values allowed"},
	colUAlpha:   {"uα", "Krippendorff's unitized alpha: the highlighted spans themselves, on the articles every coder coded"},
	colUnits:    {"Units", "Units with at least one coder's value"},
	colCoders:   {"Coders", "Coders with a value for this tag"},
	colPairable: {"Pairable", "Pairable values: the values in units that two coders or more coded, what alpha is computed on"},
}

// cell is one cell of the table.
type cell struct {
	text string
	tip  string
	band band // the reliability band of a chance-corrected measure; bandNone otherwise
}

// tableRow is a tag (or the overall row) and its cells.
type tableRow struct {
	tagID   string // "" for the overall row
	name    string
	depth   int
	colour  color.NRGBA
	overall bool
	used    bool
	cells   [numColumns]cell
}

// unitWords names a report's unit in the plural ("sentences").
func unitWords(u agreement.Unit) string {
	if u == "" {
		u = agreement.Sentence
	}
	return string(u) + "s"
}

// buildRows lays a report out as rows: its tags in codebook order (without the tags
// nobody used unless showUnused), then the overall row. hidden counts the unused tags
// left out.
func buildRows(rep *agreement.Report, cb *annotate.Codebook, showUnused bool) (rows []tableRow, hidden int) {
	if rep == nil {
		return nil, 0
	}
	units := unitWords(rep.Unit)
	keep := shownTags(rep, cb, showUnused)
	for _, tr := range rep.Tags {
		if !keep[tr.TagID] {
			hidden++
			continue
		}
		name, depth, col := tr.Path, 0, tagcolor.Fallback
		if cb != nil {
			if tag, ok := cb.Tag(tr.TagID); ok {
				name, col = tag.Name, tagcolor.Parse(tag.Color)
				// Indented under the rows of its ancestors; named by its path when its
				// parent has no row (a self-check's result lists only the tags used).
				for a, ok := cb.Tag(tag.ParentID); ok; a, ok = cb.Tag(a.ParentID) {
					if keep[a.ID] {
						depth++
					}
				}
				if _, hasParent := cb.Tag(tag.ParentID); hasParent && !keep[tag.ParentID] {
					name = strings.ReplaceAll(tr.Path, "/", " / ")
				}
			}
		}
		row := tableRow{tagID: tr.TagID, name: name, depth: depth, colour: col, used: tr.Used}
		row.cells = measureCells(tr, units, len(rep.Coders))
		row.cells[colTag] = cell{text: name, tip: tagTip(tr, units)}
		rows = append(rows, row)
	}
	overall := tableRow{name: "All tags (pooled)", overall: true, used: rep.Overall.Used}
	overall.cells = measureCells(rep.Overall, units, len(rep.Coders))
	overall.cells[colTag] = cell{text: overall.name, tip: "Every used tag pooled: each (unit, tag) pair is one decision, so tags weigh by the units they cover"}
	return append(rows, overall), hidden
}

// shownTags are the used tags (every tag with showUnused) and the tags above them, so
// that a sub-tag is never shown indented under a tag that is not its parent.
func shownTags(rep *agreement.Report, cb *annotate.Codebook, showUnused bool) map[string]bool {
	keep := map[string]bool{}
	inReport := map[string]bool{}
	for _, tr := range rep.Tags {
		inReport[tr.TagID] = true
	}
	for _, tr := range rep.Tags {
		if !tr.Used && !showUnused {
			continue
		}
		keep[tr.TagID] = true
		if cb == nil {
			continue
		}
		for tag, ok := cb.Tag(tr.TagID); ok && tag.ParentID != ""; tag, ok = cb.Tag(tag.ParentID) {
			keep[tag.ParentID] = inReport[tag.ParentID]
		}
	}
	return keep
}

func tagTip(tr agreement.TagReport, units string) string {
	if !tr.Used {
		return tr.Path + ": nobody gave this tag to a unit in the selection"
	}
	return fmt.Sprintf("%s: click to list the %s where the coders differ", tr.Path, units)
}

// measureCells are a row's value cells.
func measureCells(tr agreement.TagReport, units string, coders int) [numColumns]cell {
	var cells [numColumns]cell
	basis := fmt.Sprintf("%s pairable values in %s %s", thousands(tr.Pairable), thousands(tr.PairableUnits), units)
	cells[colObserved] = valueCell(tr.Observed, "Observed agreement", basis+"; not corrected for chance", false)
	cells[colCohen] = valueCell(tr.CohenKappa, "Cohen's κ", fmt.Sprintf("%s units both coders coded", thousands(tr.CompleteUnits)), true)
	cells[colFleiss] = valueCell(tr.FleissKappa, "Fleiss' κ", fmt.Sprintf("%s units every coder coded", thousands(tr.CompleteUnits)), true)
	cells[colAlpha] = valueCell(tr.Alpha, "α", basis, true)
	cells[colUAlpha] = valueCell(tr.UAlpha, "uα", fmt.Sprintf("the spans of %s articles every coder coded", thousands(int64(tr.UAlphaArticles))), true)
	cells[colUnits] = cell{text: thousands(tr.Units), tip: fmt.Sprintf("%s %s with at least one coder's value", thousands(tr.Units), units)}
	cells[colCoders] = cell{text: strconv.Itoa(tr.Coders), tip: fmt.Sprintf("%d of the %d coders have a value for this tag", tr.Coders, coders)}
	cells[colPairable] = cell{text: thousands(tr.Pairable), tip: basis}
	return cells
}

// valueCell writes a measure: three decimals, or "–" with the reason it is undefined.
// judged measures carry the band of Krippendorff's thresholds.
func valueCell(v agreement.Value, name, basis string, judged bool) cell {
	if v.V == nil {
		why := v.Note
		if why == "" {
			why = "undefined for these data"
		}
		return cell{text: "–", tip: name + " is undefined: " + why}
	}
	c := cell{text: formatValue(*v.V), tip: fmt.Sprintf("%s = %s on %s", name, formatValue(*v.V), basis)}
	if judged {
		c.band = bandOf(v)
		c.tip += ": " + c.band.words()
	}
	return c
}

// formatValue writes a measure with three decimals and a true minus sign.
func formatValue(v float64) string {
	s := strconv.FormatFloat(v, 'f', 3, 64)
	if s == "-0.000" {
		s = "0.000"
	}
	return strings.Replace(s, "-", "−", 1)
}

// thousands writes n with thousands separators.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "−" + b.String()
	}
	return b.String()
}
