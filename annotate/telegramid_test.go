package annotate

import "testing"

func TestParseTelegramMessageID(t *testing.T) {
	for _, tc := range []struct {
		id   string
		chat string
		n    int64
		ok   bool
	}{
		{TelegramMessageID("1234567890", 42), "1234567890", 42, true},
		{"telegram:-100123/7", "-100123", 7, true},
		{"telegram:/7", "", 0, false},
		{"telegram:123/x", "", 0, false},
		{"telegram:123", "", 0, false},
		{"email:<a@b>", "", 0, false},
		{"", "", 0, false},
	} {
		chat, n, ok := ParseTelegramMessageID(tc.id)
		if chat != tc.chat || n != tc.n || ok != tc.ok {
			t.Errorf("%q: %q %d %v, want %q %d %v", tc.id, chat, n, ok, tc.chat, tc.n, tc.ok)
		}
	}
}
