package wire

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
)

// SocketName is the socket's file in the workspace folder.
const SocketName = "gloss.sock"

// SocketPath is where the window on the workspace in dir listens.
func SocketPath(dir string) string { return filepath.Join(dir, SocketName) }

// MaxSunPath is the longest socket path the kernel takes (sun_path is 108 bytes with its
// terminating zero); longer ones are reached through /proc/self/fd.
const MaxSunPath = 107

// SocketAddr is an address for the socket in dir that the kernel accepts: its path, or,
// when that is too long, the same file through an open descriptor of the folder
// (/proc/self/fd/N/gloss.sock). release closes that descriptor once bound or connected.
func SocketAddr(dir string) (addr string, release func(), err error) {
	path := SocketPath(dir)
	if len(path) <= MaxSunPath {
		return path, func() {}, nil
	}
	f, err := os.Open(dir)
	if err != nil {
		return "", nil, err
	}
	addr = "/proc/self/fd/" + strconv.Itoa(int(f.Fd())) + "/" + SocketName
	if len(addr) > MaxSunPath {
		f.Close()
		return "", nil, fmt.Errorf("the socket path %s is too long", path)
	}
	return addr, func() { f.Close() }, nil
}

// ownSocket reports whether path is a socket that belongs to this user (and only to
// them): a file another user could have put in a shared folder is never talked to.
func ownSocket(path string) (bool, error) {
	st, err := os.Lstat(path)
	if err != nil {
		return false, err
	}
	if st.Mode()&os.ModeSocket == 0 {
		return false, nil
	}
	sys, ok := st.Sys().(*syscall.Stat_t)
	return ok && int(sys.Uid) == os.Getuid() && st.Mode().Perm()&0o077 == 0, nil
}
