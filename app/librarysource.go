package app

import "gloss.app/gloss/app/library"

// The library's source choice is remembered per workspace (a habit of this desk with
// this corpus, not data: kept in the app's preferences).

func (wb *Workbench) sourcePrefKey() string { return "library-source:" + wb.ws.Dir() }

func (wb *Workbench) rememberSource(s library.Source) {
	wb.app.Preferences().SetString(wb.sourcePrefKey(), s.String())
}

func (wb *Workbench) rememberedSource() library.Source {
	return library.ParseSource(wb.app.Preferences().String(wb.sourcePrefKey()))
}
