package agreementui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"gloss.app/gloss/annotate"
	"gloss.app/gloss/annotate/agreement"
)

func TestStartDialog(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(900, 700))
	for _, tc := range []struct {
		sample    string
		unit      int
		codedOnly bool
		want      *agreement.SampleOptions
	}{
		{"10%", 0, false, &agreement.SampleOptions{Size: agreement.SampleSize{Fraction: 0.1}, Unit: agreement.Sentence}},
		{"25", 1, true, &agreement.SampleOptions{Size: agreement.SampleSize{Count: 25}, Unit: agreement.Paragraph, CodedOnly: true}},
		{"2.5 %", 2, false, &agreement.SampleOptions{Size: agreement.SampleSize{Fraction: 0.025}, Unit: agreement.Article}},
		{"ten", 0, false, nil}, // refused: the dialog stays
		{"150%", 0, false, nil},
	} {
		var got []agreement.SampleOptions
		f := ShowStartDialog(w, "olena", func(o agreement.SampleOptions) { got = append(got, o) })
		f.Sample.SetText(tc.sample)
		f.Unit.SetSelectedIndex(tc.unit)
		f.CodedOnly.SetChecked(tc.codedOnly)
		f.Dialog.Submit()
		switch {
		case tc.want == nil && len(got) != 0:
			t.Errorf("%q started %+v", tc.sample, got)
		case tc.want != nil && (len(got) != 1 || got[0] != *tc.want):
			t.Errorf("%q started %+v, want %+v", tc.sample, got, *tc.want)
		}
		f.Dialog.Hide()
	}
}

func TestBannerAndResult(t *testing.T) {
	test.NewTempApp(t)
	f := newFixture(t)
	a := f.article("Grid", energyText)
	f.code("olena", a, "Drones struck the grid", "Energy attacks")
	f.code("olena", a, "Officials blamed", "Claims & disinformation")
	plan, err := agreement.DrawSample(f.ws, agreement.SampleOptions{Coder: "olena", Size: agreement.SampleSize{Fraction: 1}, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	s, _, err := f.ws.StartRecode(plan)
	if err != nil {
		t.Fatal(err)
	}
	var next, result int
	b := NewBanner(BannerActions{Next: func() { next++ }, Result: func() { result++ }})
	w := test.NewTempWindow(t, b.Object())
	w.Resize(fyne.NewSize(900, 700))
	if b.Text() != "" {
		t.Errorf("banner before a session: %q", b.Text())
	}
	b.Show(s, nil)
	if txt := b.Text(); !strings.Contains(txt, "Self-check of olena: … of 4 sampled sentences coded again. 2 highlights are hidden") {
		t.Errorf("banner while reading progress: %q", txt)
	}
	f.code("olena", a, "Power was cut", "Energy attacks")
	p, err := agreement.RecodeProgressOf(f.ws, s)
	if err != nil {
		t.Fatal(err)
	}
	b.Show(s, p)
	if txt := b.Text(); !strings.Contains(txt, "1 of 4 sampled sentences coded again") || b.next.Disabled() {
		t.Errorf("banner %q, next disabled %v", txt, b.next.Disabled())
	}
	test.Tap(b.next)
	if next != 1 {
		t.Errorf("next pressed %d", next)
	}
	for i := range p.Units {
		p.Units[i].Recoded = true
	}
	p.Recoded = len(p.Units)
	b.Show(s, p)
	if !b.next.Disabled() {
		t.Error("next unit offered with every unit coded again")
	}
	b.Show(nil, nil)
	if b.Text() != "" || b.Object().Visible() {
		t.Error("banner stays after the session")
	}
	// The result of the running session, and the ways to end it.
	res, err := agreement.RecodeResultOf(f.ws, s, false)
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	cancelled := 0
	cb, _ := f.ws.Codebook()
	d := ShowResult(w, res, cb, &ResultActions{Stop: func(k string) { kept = append(kept, k) }, Cancel: func() { cancelled++ }})
	content := labels(w.Canvas().Overlays().Top())
	for _, want := range []string{"Military developments / Energy attacks", "Claims & disinformation", "All tags (pooled)", "End, keep my first coding", "Cancel the self-check…"} {
		if !contains(content, want) {
			t.Errorf("result lacks %q: %q", want, content)
		}
	}
	for _, btn := range buttons(w.Canvas().Overlays().Top()) {
		if btn.Text == "End, keep the new coding" {
			btn.OnTapped()
		}
	}
	if len(kept) != 1 || kept[0] != annotate.KeepSecond {
		t.Errorf("kept %v", kept)
	}
	d.Hide()
	// An ended session's result offers no way to end it.
	stopped, _, err := f.ws.StopRecode(annotate.KeepFirst)
	if err != nil {
		t.Fatal(err)
	}
	res, _ = agreement.RecodeResultOf(f.ws, stopped, false)
	ShowResult(w, res, cb, nil)
	content = labels(w.Canvas().Overlays().Top())
	if contains(content, "End, keep my first coding") || !strings.Contains(strings.Join(content, " "), "Kept in the workspace: the first coding") {
		t.Errorf("ended session result %q", content)
	}
}
