package sysenv

import "testing"

func TestIsPlainLocale(t *testing.T) {
	for v, want := range map[string]bool{
		"C": true, "POSIX": true, "C.UTF-8": true, "C.utf8": true, "C@euro": true,
		"en_US.UTF-8": false, "uk_UA.UTF-8": false, "ru_RU": false, "Cy": false,
	} {
		if got := isPlainLocale(v); got != want {
			t.Errorf("isPlainLocale(%q) = %v, want %v", v, got, want)
		}
	}
}
