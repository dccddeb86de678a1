package assets

import _ "embed"

// GlossExportSchema is the JSON Schema (draft 2020-12) of the Gloss JSON export format.
//
//go:embed gloss-export.schema.json
var GlossExportSchema []byte
