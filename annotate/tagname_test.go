package annotate

import "testing"

func TestTagNameKeyGroupsAsTheCodebookCompares(t *testing.T) {
	names := []string{"Drone strikes", "drone STRIKES", "Drone strike", "Drone  strikes", "Kelvin", "\u212Aelvin", "kelvin",
		"Straße", "STRASSE", "strasse", "Σεισμός", "σεισμόσ", "ΣΕΙΣΜΟΣ", "Україна", "УКРАЇНА", "Ukraine", ""}
	for _, a := range names {
		for _, b := range names {
			if same, keys := SameTagName(a, b), TagNameKey(a) == TagNameKey(b); same != keys {
				t.Errorf("%q and %q: SameTagName %v, equal keys %v", a, b, same, keys)
			}
		}
	}
	if TagNameKey("Drone strikes") != TagNameKey("DRONE STRIKES") {
		t.Error("names that differ only in case must share a key")
	}
}

func TestSiblingNamedUsesSameTagName(t *testing.T) {
	cb := NewCodebook([]Tag{{ID: "a", Name: "Drone strikes"}, {ID: "b", Name: "\u212Aharkiv"}})
	for _, c := range []struct {
		name string
		want string
	}{{"drone STRIKES", "a"}, {"kharkiv", "b"}, {"Drone strike", ""}} {
		got, ok := cb.siblingNamed("", c.name, "")
		if (c.want == "") == ok || (ok && got.ID != c.want) {
			t.Errorf("siblingNamed(%q) = %v %v, want %q", c.name, got.ID, ok, c.want)
		}
	}
}
