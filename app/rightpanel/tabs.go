package rightpanel

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// AddTab puts content beside the annotation list in the lower pane: the list becomes the
// first tab ("Annotations"), content the next, under the editor like the list. The
// suggestion list lives there, where the analyst's eyes already are.
func (p *Panel) AddTab(title string, content fyne.CanvasObject) *container.TabItem {
	item := container.NewTabItem(title, content)
	if p.tabs == nil {
		p.tabs = container.NewAppTabs(container.NewTabItem("Annotations", p.list.Object()), item)
		p.bottom.Objects[1] = p.tabs
		p.bottom.Refresh()
		return item
	}
	p.tabs.Append(item)
	return item
}

// Tabs are the lower pane's tabs (nil until AddTab).
func (p *Panel) Tabs() *container.AppTabs { return p.tabs }

// ShowTab brings a tab of the lower pane to the front.
func (p *Panel) ShowTab(item *container.TabItem) {
	if p.tabs != nil && p.tabs.Selected() != item {
		p.tabs.Select(item)
	}
}

// ShowAnnotations brings the annotation list to the front.
func (p *Panel) ShowAnnotations() {
	if p.tabs != nil && len(p.tabs.Items) > 0 {
		p.ShowTab(p.tabs.Items[0])
	}
}
