package serve

import (
	"errors"
	"net"
	"syscall"
)

// peer is the credentials of the process at the other end of a Unix socket.
type peer struct{ pid, uid int }

// peerOf asks the kernel who is at the other end (SO_PEERCRED): what it says cannot be
// forged by the peer.
func peerOf(c *net.UnixConn) (peer, error) {
	raw, err := c.SyscallConn()
	if err != nil {
		return peer{}, err
	}
	var cred *syscall.Ucred
	var credErr error
	if err := raw.Control(func(fd uintptr) {
		cred, credErr = syscall.GetsockoptUcred(int(fd), syscall.SOL_SOCKET, syscall.SO_PEERCRED)
	}); err != nil {
		return peer{}, err
	}
	if credErr != nil {
		return peer{}, credErr
	}
	if cred == nil {
		return peer{}, errors.New("no peer credentials")
	}
	return peer{pid: int(cred.Pid), uid: int(cred.Uid)}, nil
}
