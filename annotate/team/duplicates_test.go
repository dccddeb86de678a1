package team

import (
	"strings"
	"testing"

	"gloss.app/gloss/annotate"
)

const military = "Military developments"

// createTag makes a tag on a desk; parent is a path ("" for the top level).
func (d *desk) createTag(parent, name string, with ...func(*annotate.TagDraft)) string {
	d.t.Helper()
	td := annotate.TagDraft{Name: name}
	if parent != "" {
		td.ParentID = d.tag(parent)
	}
	for _, f := range with {
		f(&td)
	}
	tag, _, err := d.ws.CreateTag(td)
	if err != nil {
		d.t.Fatalf("%s: create tag %q: %v", d.name, name, err)
	}
	return tag.ID
}

// tagsNamed lists the tags of a desk's codebook whose path is the same as path for the
// codebook (each name compared as it compares siblings).
func tagsNamed(d *desk, path string) []annotate.Tag {
	cb, err := d.ws.Codebook()
	if err != nil {
		d.t.Fatal(err)
	}
	var out []annotate.Tag
	for _, tag := range cb.Tags() {
		if annotate.TagNameKey(cb.Path(tag.ID)) == annotate.TagNameKey(path) {
			out = append(out, tag)
		}
	}
	return out
}

// noSiblingsOfOneName fails when a desk's codebook has two siblings of the same name.
func noSiblingsOfOneName(t *testing.T, d *desk) {
	t.Helper()
	cb, _ := d.ws.Codebook()
	seen := map[string]string{}
	for _, tag := range cb.Tags() {
		k := tag.ParentID + "/" + annotate.TagNameKey(tag.Name)
		if other, ok := seen[k]; ok {
			t.Fatalf("%s: siblings %s and %s are both named %q", d.name, other, tag.ID, tag.Name)
		}
		seen[k] = tag.ID
	}
}

func duplicateReports(rep Report) []ConflictReport { return conflictsOf(rep, "duplicate", "") }

func TestSiblingTagsOfOneNameAreOneTag(t *testing.T) {
	type made struct{ olha, marko string } // the tags each desk's step made or changed
	cases := []struct {
		name string
		// step runs on both desks, offline from each other; Olha's first on the clock.
		step func(o, m *desk) made
		path string // where the tags meet
		want int    // tags of that path afterwards
		// kept picks the tag that must be stored (the first created) from the made ones.
		kept func(made) string
		text string // the report's sentence, on both desks ("" for none)
	}{
		{
			name: "created under one parent",
			step: func(o, m *desk) made {
				return made{o.createTag(military, "Drone strikes"), m.createTag(military, "Drone strikes")}
			},
			path: military + "/Drone strikes", want: 1,
			kept: func(x made) string { return x.olha },
			text: "tag '" + military + "/Drone strikes': created by Olha and by Marko at the same time; they are one tag now",
		},
		{
			name: "names that differ only in case",
			step: func(o, m *desk) made {
				return made{o.createTag(military, "Drone strikes"), m.createTag(military, "drone STRIKES")}
			},
			path: military + "/Drone strikes", want: 1,
			kept: func(x made) string { return x.olha },
			text: "created by Olha and by Marko at the same time",
		},
		{
			name: "created at the top level",
			step: func(o, m *desk) made {
				return made{o.createTag("", "Drone strikes"), m.createTag("", "Drone strikes")}
			},
			path: "Drone strikes", want: 1,
			kept: func(x made) string { return x.olha },
			text: "created by Olha and by Marko",
		},
		{
			name: "under different parents stay two",
			step: func(o, m *desk) made {
				return made{o.createTag(military, "Drone strikes"), m.createTag("Diplomacy", "Drone strikes")}
			},
			path: military + "/Drone strikes", want: 1,
			kept: func(x made) string { return x.olha },
		},
		{
			name: "a rename meets a creation: the older tag is kept",
			step: func(o, m *desk) made {
				id := o.createTag(military, "Drone strikes")
				old := m.tag(military + "/Battlefield developments")
				m.must(m.ws.RenameTag(old, "drone strikes"))
				return made{id, old}
			},
			path: military + "/Drone strikes", want: 1,
			kept: func(x made) string { return x.marko }, // from the default codebook: created long before
			text: "Marko's and Olha's tags of this name met here at the same time (one renamed or moved); they are one tag now",
		},
		{
			name: "a move meets a creation",
			step: func(o, m *desk) made {
				id := o.createTag(military, "Drone strikes")
				other := m.createTag("Diplomacy", "Drone strikes")
				m.must(m.ws.MoveTag(other, m.tag(military)))
				return made{id, other}
			},
			path: military + "/Drone strikes", want: 1,
			kept: func(x made) string { return x.olha },
			text: "met here at the same time",
		},
		{
			name: "renamed apart before the two met stay two",
			step: func(o, m *desk) made {
				id := o.createTag(military, "Drone strikes")
				other := m.createTag(military, "Drone strikes")
				m.must(m.ws.RenameTag(other, "Drone strikes (Kharkiv)"))
				return made{id, other}
			},
			path: military + "/Drone strikes", want: 1,
			kept: func(x made) string { return x.olha },
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, olha, marko, art := twoDesks(t)
			x := c.step(olha, marko)
			// Each annotates with the tag it made (or changed).
			a := olha.annotateIDs(art.ID, "substations", x.olha)
			b := marko.annotateIDs(art.ID, "air defence", x.marko)
			repO := olha.sync()
			repM := marko.sync()
			repO2 := olha.sync()
			sameDumps(t, olha, marko)
			for _, d := range []*desk{olha, marko} {
				noSiblingsOfOneName(t, d)
				got := tagsNamed(d, c.path)
				if len(got) != c.want {
					t.Fatalf("%s has %d tags %q, want %d", d.name, len(got), c.path, c.want)
				}
				if got[0].ID != c.kept(x) {
					t.Errorf("%s keeps %s, want %s", d.name, got[0].ID, c.kept(x))
				}
			}
			one := c.kept(x) == x.olha && c.kept(x) == x.marko || c.text != ""
			for _, id := range []string{a.ID, b.ID} {
				ann, ok := marko.annotation(id)
				if !ok {
					t.Fatalf("annotation %s is gone", id)
				}
				if one && (len(ann.TagIDs) != 1 || ann.TagIDs[0] != c.kept(x)) {
					t.Errorf("annotation %s has %v, want the one tag %s", id, ann.TagIDs, c.kept(x))
				}
			}
			reports := append(append(duplicateReports(repO), duplicateReports(repM)...), duplicateReports(repO2)...)
			if c.text == "" {
				if len(reports) != 0 {
					t.Fatalf("tags that did not meet were reported: %+v", reports)
				}
				return
			}
			if len(duplicateReports(repM)) != 1 || len(duplicateReports(repO2)) != 1 || len(duplicateReports(repO)) != 0 {
				t.Fatalf("each desk must report the meeting once, on the sync that brings it: %+v / %+v / %+v", repO.Conflicts, repM.Conflicts, repO2.Conflicts)
			}
			for _, r := range reports {
				if !strings.Contains(r.Text, c.text) || r.Key != c.kept(x) || r.Other == c.kept(x) || r.Other == "" {
					t.Errorf("report %+v: want %q about %s", r, c.text, c.kept(x))
				}
			}
			recent, err := RecentConflicts(marko.ws, 10)
			if err != nil || len(recent) == 0 || !strings.Contains(recent[0].Text, c.text) {
				t.Fatalf("the window's conflict list: %+v %v", recent, err)
			}
		})
	}
}

// annotateIDs annotates a quote with tags given by id.
func (d *desk) annotateIDs(article, quote string, tags ...string) annotate.Annotation {
	d.t.Helper()
	start, end, err := d.ws.FindQuote(article, quote, 1)
	if err != nil {
		d.t.Fatalf("%s: %v", d.name, err)
	}
	a, _, err := d.ws.Annotate(annotate.AnnotationDraft{ArticleID: article, Start: start, End: end, TagIDs: tags})
	if err != nil {
		d.t.Fatalf("%s: annotate: %v", d.name, err)
	}
	return a
}

func TestOneTagOfTwoTakesTheirSubTagsHotkeyAndDescription(t *testing.T) {
	cases := []struct {
		name             string
		olha, marko      func(*annotate.TagDraft)
		after            func(o, m *desk, oid, mid string) // more steps, still offline
		color, desc      string
		hotkey           int
		hotkeyMovedFrom  string // the tag that had the hotkey before
		olhaColorCreated string
	}{
		{
			name: "the first tag's colour, the other's hotkey and description when it has none",
			olha: func(d *annotate.TagDraft) { d.Color = "#112233" },
			marko: func(d *annotate.TagDraft) {
				d.Color = "#445566"
				d.Hotkey = 7
				d.Description = "UAV and missile strikes"
			},
			color: "#112233", desc: "UAV and missile strikes", hotkey: 7, hotkeyMovedFrom: military + "/Energy attacks",
		},
		{
			name:  "the first tag's own description and hotkey stay",
			olha:  func(d *annotate.TagDraft) { d.Color = "#112233"; d.Description = "Olha's"; d.Hotkey = 3 },
			marko: func(d *annotate.TagDraft) { d.Color = "#445566"; d.Description = "Marko's"; d.Hotkey = 7 },
			color: "#112233", desc: "Olha's", hotkey: 3, hotkeyMovedFrom: "Diplomacy/NATO & alliances",
		},
		{
			name:  "a later edit of the other tag wins, as a later edit of one tag would",
			olha:  func(d *annotate.TagDraft) { d.Color = "#112233"; d.Description = "Olha's" },
			marko: func(d *annotate.TagDraft) { d.Color = "#445566" },
			after: func(o, m *desk, oid, mid string) {
				m.must(m.ws.SetTagColor(mid, "#778899"))
				m.must(m.ws.SetTagDescription(mid, "Marko's, later"))
			},
			color: "#778899", desc: "Marko's, later",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, olha, marko, art := twoDesks(t)
			oid := olha.createTag(military, "Drone strikes", c.olha)
			mid := marko.createTag(military, "Drone strikes", c.marko)
			// Both give it a sub-tag of one name; Marko one more.
			oShahed := olha.createTag(military+"/Drone strikes", "Shahed")
			mShahed := marko.createTag(military+"/Drone strikes", "shahed")
			mCruise := marko.createTag(military+"/Drone strikes", "Cruise missiles")
			if c.after != nil {
				c.after(olha, marko, oid, mid)
			}
			a := marko.annotateIDs(art.ID, "air defence", mShahed, mCruise)
			syncAll(olha, marko)
			sameDumps(t, olha, marko)
			for _, d := range []*desk{olha, marko} {
				noSiblingsOfOneName(t, d)
				cb, _ := d.ws.Codebook()
				tag, ok := cb.Tag(oid)
				if !ok || len(tagsNamed(d, military+"/Drone strikes")) != 1 {
					t.Fatalf("%s: Olha's tag is not the one shown", d.name)
				}
				if tag.Color != c.color || tag.Description != c.desc || tag.Hotkey != c.hotkey {
					t.Errorf("%s: colour %s description %q hotkey %d, want %s %q %d", d.name, tag.Color, tag.Description, tag.Hotkey, c.color, c.desc, c.hotkey)
				}
				if c.hotkeyMovedFrom != "" {
					if from, _ := cb.Resolve(c.hotkeyMovedFrom); from.Hotkey == c.hotkey {
						t.Errorf("%s: %s keeps hotkey %d too", d.name, c.hotkeyMovedFrom, c.hotkey)
					}
				}
				kids := cb.Children(oid)
				if len(kids) != 2 || kids[0].Name != "Cruise missiles" || kids[1].ID != oShahed {
					t.Errorf("%s: sub-tags %+v, want Marko's 'Cruise missiles' and Olha's 'Shahed'", d.name, kids)
				}
				if _, ok := cb.Tag(mid); ok {
					t.Errorf("%s: Marko's tag is shown too", d.name)
				}
			}
			got, _ := olha.annotation(a.ID)
			if strings.Join(got.TagIDs, ",") != mCruise+","+oShahed {
				t.Errorf("Marko's annotation has %v, want the one 'Shahed' and 'Cruise missiles'", got.TagIDs)
			}
		})
	}
}

func TestOneTagOfTwoFollowsWhatIsDoneToIt(t *testing.T) {
	type check func(t *testing.T, d *desk, oid, mid string, a, b annotate.Annotation)
	hasOnly := func(t *testing.T, d *desk, ann annotate.Annotation, want string) {
		t.Helper()
		got, ok := d.annotation(ann.ID)
		if want == "" {
			if ok {
				t.Errorf("%s: annotation %s is still there with %v", d.name, ann.ID, got.TagIDs)
			}
			return
		}
		if !ok || len(got.TagIDs) != 1 || got.TagIDs[0] != want {
			t.Errorf("%s: annotation %s has %v (%v), want only %s", d.name, ann.ID, got.TagIDs, ok, want)
		}
	}
	cases := []struct {
		name string
		// act runs on a desk that sees the two as one (after both synced).
		act   func(o, m *desk, oid string)
		check check
	}{
		{
			name: "renamed: both go along",
			act:  func(o, m *desk, oid string) { m.must(m.ws.RenameTag(oid, "UAV strikes")) },
			check: func(t *testing.T, d *desk, oid, mid string, a, b annotate.Annotation) {
				if n := len(tagsNamed(d, military+"/UAV strikes")); n != 1 || len(tagsNamed(d, military+"/Drone strikes")) != 0 {
					t.Errorf("%s: %d 'UAV strikes', want one and no 'Drone strikes' left", d.name, n)
				}
				hasOnly(t, d, a, oid)
				hasOnly(t, d, b, oid)
			},
		},
		{
			name: "renamed, then the rename undone: still one",
			act: func(o, m *desk, oid string) {
				o.must(o.ws.RenameTag(oid, "UAV strikes"))
				o.must(o.ws.Undo())
			},
			check: func(t *testing.T, d *desk, oid, mid string, a, b annotate.Annotation) {
				if n := len(tagsNamed(d, military+"/Drone strikes")); n != 1 || len(tagsNamed(d, military+"/UAV strikes")) != 0 {
					t.Errorf("%s: %d 'Drone strikes', want one", d.name, n)
				}
				hasOnly(t, d, b, oid)
			},
		},
		{
			name: "moved: both go along",
			act:  func(o, m *desk, oid string) { o.must(o.ws.MoveTag(oid, o.tag("Diplomacy"))) },
			check: func(t *testing.T, d *desk, oid, mid string, a, b annotate.Annotation) {
				if len(tagsNamed(d, "Diplomacy/Drone strikes")) != 1 || len(tagsNamed(d, military+"/Drone strikes")) != 0 {
					t.Errorf("%s: the tag did not move as one", d.name)
				}
				hasOnly(t, d, b, oid)
			},
		},
		{
			name: "merged into another tag: no 'Drone strikes' comes back",
			act: func(o, m *desk, oid string) {
				m.must(m.ws.MergeTag(oid, m.tag(military+"/Energy attacks")))
			},
			check: func(t *testing.T, d *desk, oid, mid string, a, b annotate.Annotation) {
				if n := len(tagsNamed(d, military+"/Drone strikes")); n != 0 {
					t.Errorf("%s: %d 'Drone strikes' after the merge", d.name, n)
				}
				energy := d.tag(military + "/Energy attacks")
				hasOnly(t, d, a, energy)
				hasOnly(t, d, b, energy)
			},
		},
		{
			name: "deleted: gone with its annotations",
			act:  func(o, m *desk, oid string) { o.must(o.ws.DeleteTag(oid, "")) },
			check: func(t *testing.T, d *desk, oid, mid string, a, b annotate.Annotation) {
				if n := len(tagsNamed(d, military+"/Drone strikes")); n != 0 {
					t.Errorf("%s: %d 'Drone strikes' after the delete", d.name, n)
				}
				hasOnly(t, d, a, "")
				hasOnly(t, d, b, "")
			},
		},
		{
			name: "deleted, then the delete undone: one tag with both annotations",
			act: func(o, m *desk, oid string) {
				o.must(o.ws.DeleteTag(oid, ""))
				o.must(o.ws.Undo())
			},
			check: func(t *testing.T, d *desk, oid, mid string, a, b annotate.Annotation) {
				if n := len(tagsNamed(d, military+"/Drone strikes")); n != 1 {
					t.Errorf("%s: %d 'Drone strikes' after the undo", d.name, n)
				}
				hasOnly(t, d, a, oid)
			},
		},
		{
			name: "recoloured: the change shows, nothing comes apart",
			act:  func(o, m *desk, oid string) { m.must(m.ws.SetTagColor(oid, "#ABCDEF")) },
			check: func(t *testing.T, d *desk, oid, mid string, a, b annotate.Annotation) {
				cb, _ := d.ws.Codebook()
				if tag, _ := cb.Tag(oid); tag.Color != "#ABCDEF" || len(tagsNamed(d, military+"/Drone strikes")) != 1 {
					t.Errorf("%s: colour %s", d.name, tag.Color)
				}
				hasOnly(t, d, b, oid)
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, olha, marko, art := twoDesks(t)
			oid := olha.createTag(military, "Drone strikes")
			mid := marko.createTag(military, "Drone strikes")
			a := olha.annotateIDs(art.ID, "substations", oid)
			b := marko.annotateIDs(art.ID, "air defence", mid)
			syncAll(olha, marko)
			c.act(olha, marko, oid)
			syncAll(olha, marko)
			sameDumps(t, olha, marko)
			for _, d := range []*desk{olha, marko} {
				noSiblingsOfOneName(t, d)
				c.check(t, d, oid, mid, a, b)
			}
			// A desk that joins now, and one applying the log in reverse, agree.
			late := newDesk(t, olha.srv, newSharedClock(), "Late", false)
			late.sync()
			sameDumps(t, olha, late)
		})
	}
}

// A colleague who had seen only one of the two renames it: the two come apart on every
// desk, each with its own annotations again (what is stored is a function of the tags'
// values; the meeting is not remembered).
func TestRenamedApartByAColleagueWhoSawOnlyOne(t *testing.T) {
	srv, olha, marko, art := twoDesks(t)
	iryna := newDesk(t, srv, newSharedClock(), "Iryna", false)
	iryna.sync()
	mid := marko.createTag(military, "Drone strikes")
	b := marko.annotateIDs(art.ID, "air defence", mid)
	marko.sync()
	iryna.sync() // sees Marko's tag only
	oid := olha.createTag(military, "Drone strikes")
	a := olha.annotateIDs(art.ID, "substations", oid)
	iryna.must(iryna.ws.RenameTag(mid, "Drone strikes near Kharkiv"))
	olha.sync()
	marko.sync()
	if got, _ := marko.annotation(b.ID); len(tagsNamed(marko, military+"/Drone strikes")) != 1 || got.TagIDs[0] != mid {
		t.Fatalf("before Iryna's rename arrives, the two must be one (Marko's, the first): %v", got.TagIDs)
	}
	syncAll(olha, marko, iryna)
	sameDumps(t, olha, marko, iryna)
	for _, d := range []*desk{olha, marko, iryna} {
		noSiblingsOfOneName(t, d)
		if len(tagsNamed(d, military+"/Drone strikes")) != 1 || len(tagsNamed(d, military+"/Drone strikes near Kharkiv")) != 1 {
			t.Fatalf("%s: the renamed tag and Olha's must be two", d.name)
		}
		if got, _ := d.annotation(a.ID); len(got.TagIDs) != 1 || got.TagIDs[0] != oid {
			t.Errorf("%s: Olha's annotation has %v, want her tag back", d.name, got.TagIDs)
		}
		if got, _ := d.annotation(b.ID); len(got.TagIDs) != 1 || got.TagIDs[0] != mid {
			t.Errorf("%s: Marko's annotation has %v, want his renamed tag", d.name, got.TagIDs)
		}
	}
}

// Undoing the creation of a tag that is one with a colleague's leaves what colleagues
// made with it on theirs.
func TestUndoingTheCreationOfAFoldedTagKeepsItsUses(t *testing.T) {
	srv, olha, marko, art := twoDesks(t)
	iryna := newDesk(t, srv, newSharedClock(), "Iryna", false)
	iryna.sync()
	oid := olha.createTag(military, "Drone strikes") // first, offline
	mid := marko.createTag(military, "Drone strikes")
	marko.sync()
	iryna.sync()
	a := iryna.annotateIDs(art.ID, "air defence", mid)
	iryna.sync()
	olha.sync()
	marko.sync()
	if res := marko.must(marko.ws.Undo()); !strings.Contains(res.Label, "Created tag 'Drone strikes'") {
		t.Fatalf("Marko undid %q", res.Label)
	}
	syncAll(olha, marko, iryna)
	sameDumps(t, olha, marko, iryna)
	for _, d := range []*desk{olha, marko, iryna} {
		got, ok := d.annotation(a.ID)
		if !ok || len(got.TagIDs) != 1 || got.TagIDs[0] != oid {
			t.Errorf("%s: Iryna's annotation %v %v, want it on Olha's tag", d.name, ok, got.TagIDs)
		}
		if n := len(tagsNamed(d, military+"/Drone strikes")); n != 1 {
			t.Errorf("%s: %d 'Drone strikes'", d.name, n)
		}
	}
}

// The stored tag shows the hotkey and description of the tag folded into it (it had
// none). Renamed or moved, it merges the folded one for good and keeps showing them, on
// every desk and on one that joins later and never saw the two apart.
func TestOneTagOfTwoKeepsWhatItTookWhenMergedForGood(t *testing.T) {
	for _, c := range []struct {
		name string
		act  func(d *desk, oid string) error
		path string
	}{
		{"renamed", func(d *desk, oid string) error { _, err := d.ws.RenameTag(oid, "UAV strikes"); return err }, military + "/UAV strikes"},
		{"moved", func(d *desk, oid string) error { _, err := d.ws.MoveTag(oid, d.tag("Diplomacy")); return err }, "Diplomacy/Drone strikes"},
	} {
		for _, who := range []string{"Olha", "Marko"} {
			t.Run(c.name+" by "+who, func(t *testing.T) {
				_, olha, marko, _ := twoDesks(t)
				oid := olha.createTag(military, "Drone strikes")
				marko.createTag(military, "Drone strikes", func(d *annotate.TagDraft) {
					d.Hotkey = 7
					d.Description = "UAV and missile strikes"
				})
				syncAll(olha, marko)
				actor := olha
				if who == "Marko" {
					actor = marko
				}
				if err := c.act(actor, oid); err != nil {
					t.Fatal(err)
				}
				syncAll(olha, marko)
				late := newDesk(t, olha.srv, newSharedClock(), "Late", false)
				late.sync()
				for _, d := range []*desk{olha, marko, late} {
					tags := tagsNamed(d, c.path)
					if len(tags) != 1 || tags[0].ID != oid || tags[0].Hotkey != 7 || tags[0].Description != "UAV and missile strikes" {
						t.Errorf("%s: %+v, want Olha's tag with hotkey 7 and Marko's description", d.name, tags)
					}
				}
				sameDumps(t, olha, marko, late)
			})
		}
	}
}
