package agreementui

import (
	"encoding/json"
	"hash/fnv"
	"image/color"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/agreement"
	"gloss.app/gloss/app/tagcolor"
)

// coderPalette are the colours coders are shown in: hues far apart from each other
// (Okabe–Ito's colour-blind-safe set without its yellow, black and dark blue, and three
// more), chosen so that text on each as a translucent band reads at WCAG AA in both
// theme variants and any two bands differ by ΔE ≥ 10 there (colors_test.go).
var coderPalette = []color.NRGBA{
	{0xE6, 0x9F, 0x00, 0xFF}, // orange
	{0x56, 0xB4, 0xE9, 0xFF}, // sky blue
	{0x00, 0x9E, 0x73, 0xFF}, // bluish green
	{0xCC, 0x79, 0xA7, 0xFF}, // reddish purple
	{0x8B, 0xC3, 0x4A, 0xFF}, // light green
	{0xD5, 0x5E, 0x00, 0xFF}, // vermillion
	{0x8E, 0x6C, 0xC8, 0xFF}, // violet
	{0x9C, 0x8A, 0x3C, 0xFF}, // olive
}

// ConsensusColor is the consensus's colour: a neutral grey, apart from every coder's.
var ConsensusColor = color.NRGBA{0x9E, 0x9E, 0x9E, 0xFF}

// CoderColours gives every coder of a workspace a colour of their own that stays the same
// in every view, run and session: a coder first seen takes their preferred colour (a
// hash of the name) unless a coder seen before holds it, then the next free one, and the
// choice is remembered in the app's preferences for the workspace. Up to
// len(coderPalette) coders get distinct colours; more share them. The consensus is
// always ConsensusColor. Use it on the UI goroutine.
type CoderColours struct {
	prefs fyne.Preferences // nil: remembered for this process only
	key   string
	slots map[string]int
}

// NewCoderColours remembers the colours of a workspace's coders in prefs (nil: only as
// long as the value lives).
func NewCoderColours(prefs fyne.Preferences, workspace string) *CoderColours {
	return &CoderColours{prefs: prefs, key: "coder-colours:" + workspace}
}

// Of gives each of names its colour, assigning colours to names seen for the first time.
func (c *CoderColours) Of(names []string) map[string]color.NRGBA {
	if c.slots == nil {
		c.slots = parseSlots(c.load())
	}
	taken := make([]bool, len(coderPalette))
	for _, s := range c.slots {
		taken[s] = true
	}
	sorted := slices.Clone(names)
	slices.Sort(sorted)
	changed := false
	out := make(map[string]color.NRGBA, len(sorted))
	for _, name := range slices.Compact(sorted) {
		if name == annotate.ConsensusAuthor {
			out[name] = ConsensusColor
			continue
		}
		slot, ok := c.slots[name]
		if !ok {
			slot = preferredSlot(name)
			for i := 0; i < len(coderPalette) && taken[slot]; i++ {
				slot = (slot + 1) % len(coderPalette)
			}
			if taken[slot] { // every colour is taken: share the preferred one
				slot = preferredSlot(name)
			}
			taken[slot] = true
			c.slots[name] = slot
			changed = true
		}
		out[name] = coderPalette[slot]
	}
	if changed {
		c.save(formatSlots(c.slots))
	}
	return out
}

// CoderColors is the colours of names as a new workspace would give them (tests, and a
// view without a CoderColours).
func CoderColors(names []string) map[string]color.NRGBA {
	return colourBook(nil).Of(names)
}

// colourBook is c, or a fresh book when there is none.
func colourBook(c *CoderColours) *CoderColours {
	if c == nil {
		return &CoderColours{}
	}
	return c
}

// coderNames lists the coders' names.
func coderNames(coders []agreement.CoderSummary) []string {
	names := make([]string, len(coders))
	for i, c := range coders {
		names[i] = c.Name
	}
	return names
}

func preferredSlot(name string) int {
	h := fnv.New32a()
	h.Write([]byte(name))
	return int(h.Sum32() % uint32(len(coderPalette)))
}

func (c *CoderColours) load() string {
	if c.prefs == nil {
		return ""
	}
	return c.prefs.String(c.key)
}

func (c *CoderColours) save(s string) {
	if c.prefs != nil {
		c.prefs.SetString(c.key, s)
	}
}

// The preference holds the slots as JSON: {"alice": 0, "bob": 4}.
func parseSlots(s string) map[string]int {
	var in map[string]int
	_ = json.Unmarshal([]byte(s), &in) // a damaged preference starts afresh
	out := map[string]int{}
	for name, n := range in {
		if n >= 0 && n < len(coderPalette) {
			out[name] = n
		}
	}
	return out
}

func formatSlots(slots map[string]int) string {
	b, _ := json.Marshal(slots)
	return string(b)
}

// coderColor is a coder's colour, or the neutral grey for one missing from colours.
func coderColor(colours map[string]color.NRGBA, name string) color.NRGBA {
	if c, ok := colours[name]; ok {
		return c
	}
	return tagcolor.Fallback
}

// Reliability bands by Krippendorff's thresholds (2004: 241): α ≥ .800 reliable,
// ≥ .667 for tentative conclusions only, below that not reliable.
type band int

const (
	bandNone       band = iota // undefined, or a measure not judged by the thresholds
	bandUnreliable             // < 0.667
	bandTentative              // 0.667 ≤ v < 0.8
	bandReliable               // ≥ 0.8
)

const (
	tentativeFrom = 0.667
	reliableFrom  = 0.8
)

// bandOf places a chance-corrected measure's value among the thresholds.
func bandOf(v agreement.Value) band {
	switch {
	case v.V == nil:
		return bandNone
	case *v.V >= reliableFrom:
		return bandReliable
	case *v.V >= tentativeFrom:
		return bandTentative
	default:
		return bandUnreliable
	}
}

// bandWords says what a band means, for tips and the legend.
func (b band) words() string {
	switch b {
	case bandReliable:
		return "reliable (at least 0.800)"
	case bandTentative:
		return "tentative conclusions only (0.667 to 0.800)"
	case bandUnreliable:
		return "not reliable (below 0.667)"
	}
	return ""
}

// colour is the band's base colour: red, amber, green.
func (b band) colour() color.NRGBA {
	switch b {
	case bandReliable:
		return color.NRGBA{0x2E, 0x9D, 0x4F, 0xFF}
	case bandTentative:
		return color.NRGBA{0xF2, 0xA9, 0x00, 0xFF}
	case bandUnreliable:
		return color.NRGBA{0xE0, 0x3E, 0x3E, 0xFF}
	}
	return color.NRGBA{}
}

// fill is what a cell of the band is painted in on the current theme's background
// (opaque, so the text colour can be chosen to read on it), and the text colour.
func (b band) fill() (bg, text color.Color) {
	if b == bandNone {
		return color.Transparent, theme.Color(theme.ColorNameForeground)
	}
	f := tagcolor.Tint(b.colour(), theme.Color(theme.ColorNameBackground))
	return f, tagcolor.ReadableOn(f)
}
