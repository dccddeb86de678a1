package annotate_test

import (
	"testing"

	"gloss.app/gloss/annotate/wstest"
)

func TestSwapTagHotkey(t *testing.T) {
	ws := wstest.Open(t)
	cb, _ := ws.Codebook()
	a, _ := cb.ByHotkey(1)
	b, _ := cb.ByHotkey(4)
	res, err := ws.SwapTagHotkey(a.ID, 4)
	if err != nil {
		t.Fatal(err)
	}
	cb, _ = ws.Codebook()
	if x, _ := cb.ByHotkey(4); x.ID != a.ID {
		t.Fatalf("key 4 is %s, want %s", x.Name, a.Name)
	}
	if x, _ := cb.ByHotkey(1); x.ID != b.ID {
		t.Fatalf("key 1 is %s, want %s (the swap)", x.Name, b.Name)
	}
	if res.Label == "" {
		t.Fatal("no label")
	}
	// One undo step restores both.
	if _, err := ws.Undo(); err != nil {
		t.Fatal(err)
	}
	cb, _ = ws.Codebook()
	if x, _ := cb.ByHotkey(1); x.ID != a.ID {
		t.Fatalf("after undo key 1 is %s", x.Name)
	}
	if x, _ := cb.ByHotkey(4); x.ID != b.ID {
		t.Fatalf("after undo key 4 is %s", x.Name)
	}
	if _, err := ws.SwapTagHotkey(a.ID, 0); err == nil {
		t.Fatal("a swap to no key was accepted")
	}
}
