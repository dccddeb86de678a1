package codebookio

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"gloss.app/gloss/annotate"
)

// Formats are the codebook file formats, by the name the CLI and dialogs use.
const (
	FormatQDC = "qdc"
	FormatCSV = "csv"
)

// FormatOf tells the format of a file name by its extension ("" when unknown).
func FormatOf(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".qdc", ".xml":
		return FormatQDC
	case ".csv", ".txt":
		return FormatCSV
	}
	return ""
}

// Read reads a codebook in the format its file name tells.
func Read(name string, r io.Reader) ([]annotate.CodeDraft, error) {
	switch FormatOf(name) {
	case FormatQDC:
		return ReadQDC(r)
	case FormatCSV:
		return ReadCSV(r)
	}
	return nil, fmt.Errorf("%s: a codebook is a .qdc (REFI-QDA) or .csv file", filepath.Base(name))
}

// Write writes the codebook in format (FormatQDC or FormatCSV).
func Write(w io.Writer, cb *annotate.Codebook, format string) error {
	switch format {
	case FormatQDC:
		return WriteQDC(w, cb)
	case FormatCSV:
		return WriteCSV(w, cb)
	}
	return fmt.Errorf("unknown codebook format %q: use qdc or csv", format)
}
