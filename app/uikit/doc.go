// Package uikit holds the small widgets and layouts that several views of the window
// share: the flow layout of chips and options, a list that passes typed digits on, and
// the bold section titles.
package uikit
