// Package serve lets the running window serve its workspace to the command line. While a
// window has a workspace open it listens on a Unix socket in the workspace folder
// (gloss.sock, owner-only; peers of another user are refused by their SO_PEERCRED
// credentials), and every `gloss` command on that workspace is carried out by the
// window: the client sends its arguments, working directory and whether its stderr is a
// terminal; the window streams back stdout and stderr, asks for stdin as the command
// reads it, and ends with the exit status. Without a window, Acquire opens the workspace
// itself, waiting while another process holds it.
//
// The package knows nothing of the commands: the window hands Listen a Handler, the
// command line sends Requests through a wire.Conn. The protocol and the client's side
// are in package wire, which needs nothing but the standard library, so that a command
// can be handed to the window before the rest of Gloss initialises (package forward).
package serve
