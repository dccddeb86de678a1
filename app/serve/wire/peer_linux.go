package wire

import (
	"errors"
	"net"
	"syscall"
)

// Peer is the credentials of the process at the other end of a Unix socket.
type Peer struct{ PID, UID int }

// PeerOf asks the kernel who is at the other end (SO_PEERCRED): what it says cannot be
// forged by the peer.
func PeerOf(c *net.UnixConn) (Peer, error) {
	raw, err := c.SyscallConn()
	if err != nil {
		return Peer{}, err
	}
	var cred *syscall.Ucred
	var credErr error
	if err := raw.Control(func(fd uintptr) {
		cred, credErr = syscall.GetsockoptUcred(int(fd), syscall.SOL_SOCKET, syscall.SO_PEERCRED)
	}); err != nil {
		return Peer{}, err
	}
	if credErr != nil {
		return Peer{}, credErr
	}
	if cred == nil {
		return Peer{}, errors.New("no peer credentials")
	}
	return Peer{PID: int(cred.Pid), UID: int(cred.Uid)}, nil
}
