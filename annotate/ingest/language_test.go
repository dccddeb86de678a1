package ingest

import "testing"

func TestGuessLanguage(t *testing.T) {
	tests := map[string]string{
		ukText:     "uk",
		ruText:     "ru",
		enText:     "en",
		"Короткий": "",
		"Die Regierung hat am Dienstag neue Maßnahmen angekündigt und die Lage beraten.": "",
		"Київ Kyiv": "",
		"Влада Србије је у уторак донела нове мере и разговарала о стању у земљи": "", // Serbian
	}
	for in, want := range tests {
		if got := GuessLanguage(in); got != want {
			t.Errorf("GuessLanguage(%.30q) = %q, want %q", in, got, want)
		}
	}
}

func TestTextFilesGetAGuessedLanguage(t *testing.T) {
	for file, want := range map[string]string{"uk-koi8u.txt": "uk", "ru-cp866.txt": "ru", "en-cp1252.txt": "en"} {
		items := ReadBytes(file, readFixture(t, file), "")
		if len(items) != 1 || items[0].Draft == nil || items[0].Draft.Language != want {
			t.Errorf("%s: %+v", file, items)
		}
	}
}
