package apptheme

import (
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

func TestChoiceIsAppliedAndRemembered(t *testing.T) {
	a := test.NewTempApp(t)
	if Current(a) != System {
		t.Fatalf("a new app's choice is %q, want system", Current(a))
	}
	for _, tt := range []struct {
		c    Choice
		dark bool
	}{{Dark, true}, {Light, false}, {Dark, true}} {
		Apply(a, tt.c)
		if Current(a) != tt.c {
			t.Fatalf("remembered %q, want %q", Current(a), tt.c)
		}
		if IsDark() != tt.dark {
			t.Fatalf("%q: background dark = %v", tt.c, IsDark())
		}
	}
	a.Preferences().SetString(prefKey, "purple")
	if Current(a) != System {
		t.Fatal("an unknown stored choice is not read as system")
	}
	if For(System) != theme.DefaultTheme() {
		t.Fatal("system is not Fyne's default theme")
	}
}
