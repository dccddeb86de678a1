// Package annotations is the right panel's lower half: the open article's annotations in
// text order (List) and the selected annotation's tags, note and delete button (Editor),
// with the coloured tag chips both show. They are handed annotations and the codebook,
// and ask the window, through callbacks, to open, retag, note or delete; every change is
// the window's command.
package annotations
