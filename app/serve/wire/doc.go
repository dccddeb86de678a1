// Package wire is the protocol between the command line and a window serving its
// workspace (see package serve): the socket's place and its owner check, the frames, the
// Request, and the client's side of a call (Dial, Conn.Do).
//
// It imports nothing but the standard library: package forward uses it from its init,
// before Gloss's libraries initialise.
package wire
