//go:build tools

package main

// Pins the modules that packages still being written will import, so that parallel
// work does not have to edit go.mod. Remove a line once real code imports the module.
import (
	_ "codeberg.org/readeck/go-readability/v2"
	_ "fyne.io/fyne/v2/test"
	_ "github.com/blevesearch/bleve/v2"
	_ "github.com/mmcdole/gofeed"
	_ "github.com/saintfish/chardet"
	_ "github.com/santhosh-tekuri/jsonschema/v6"
	_ "github.com/yuin/goldmark"
	_ "golang.org/x/net/html/charset"
	_ "gonum.org/v1/plot"
)
