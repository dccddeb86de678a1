package app

// Exchange of annotations: File → Export…, the search panel's Export button and File →
// Import annotations…, run by package exchangeui for the window.

import (
	"fmt"

	"gloss.app/gloss/annotate/exchange"
	"gloss.app/gloss/app/exchangeui"
	"gloss.app/gloss/app/textfit"
)

func (wb *Workbench) exchangeHost() exchangeui.Host {
	h := exchangeui.Host{Window: wb.win, WS: wb.ws, Async: wb.run, Busy: wb.busy, Status: wb.setStatus,
		Changed: func(label string) { wb.refreshAfterChange(label) }}
	if wb.ws.Visibility().Blind {
		h.ExportNote = "The project codes blind: the export holds only your own annotations (and those from before the project)."
	}
	return h
}

// visibleOnly makes a scope export only the annotations the analyst is shown (blind coding).
func (wb *Workbench) visibleOnly(scopes []exchangeui.Scope) []exchangeui.Scope {
	for i := range scopes {
		selection := scopes[i].Selection
		scopes[i].Selection = func() (exchange.Selection, error) {
			sel, err := selection()
			if v := wb.ws.Visibility(); v.Blind {
				sel.Visible = v.Shows
			}
			return sel, err
		}
	}
	return scopes
}

// exportScopes are the sets offered for export: the whole workspace, the open article,
// and the annotations the search panel's query finds. search is the index of the last
// (-1 when there is no query).
func (wb *Workbench) exportScopes() (scopes []exchangeui.Scope, search int) {
	scopes = append(scopes, exchangeui.Scope{Label: "The whole workspace", Name: "workspace",
		Selection: func() (exchange.Selection, error) { return exchange.Selection{}, nil }})
	if id := wb.current.ID; id != "" {
		scopes = append(scopes, exchangeui.Scope{Label: fmt.Sprintf("The open article: %s", textfit.Snippet(wb.current.Title, 60)), Name: "article",
			Selection: func() (exchange.Selection, error) { return exchange.Selection{ArticleIDs: []string{id}}, nil }})
	}
	search = -1
	if q := wb.searchView.ShownQuery(); q != "" {
		search = len(scopes)
		scopes = append(scopes, exchangeui.Scope{Label: fmt.Sprintf("The annotations matching the search “%s”", textfit.Snippet(q, 50)), Name: "search",
			Selection: func() (exchange.Selection, error) {
				ids, err := wb.AnnotationIDs(q)
				if err != nil {
					return exchange.Selection{}, err
				}
				if ids == nil {
					ids = []string{} // nothing matched: export nothing, not everything
				}
				return exchange.Selection{AnnotationIDs: ids, Query: q}, nil
			}})
	}
	return wb.visibleOnly(scopes), search
}

// exportDialog is File → Export….
func (wb *Workbench) exportDialog() {
	scopes, _ := wb.exportScopes()
	exchangeui.ShowExport(wb.exchangeHost(), scopes, 0)
}

// exportSearch is the search panel's Export button: the hits of its query.
func (wb *Workbench) exportSearch(string) {
	scopes, search := wb.exportScopes()
	exchangeui.ShowExport(wb.exchangeHost(), scopes, max(search, 0))
}

// importAnnotations is File → Import annotations….
func (wb *Workbench) importAnnotations() { exchangeui.ShowImport(wb.exchangeHost()) }

// busy shows a running export or import in the status bar until the returned func runs.
func (wb *Workbench) busy(msg string) func() {
	wb.setStatus(msg)
	wb.busyCount++
	wb.status.busyBox.Show()
	wb.status.busy.Start()
	return func() {
		wb.busyCount--
		if wb.busyCount == 0 {
			wb.status.busy.Stop()
			wb.status.busyBox.Hide()
		}
	}
}
