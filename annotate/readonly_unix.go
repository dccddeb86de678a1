//go:build unix

package annotate

import "syscall"

// dirWritable reports (as an error) whether this process may create files in dir.
func dirWritable(dir string) error { return syscall.Access(dir, 2 /* W_OK */) }
