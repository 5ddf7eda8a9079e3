//go:build !linux

package vfs

import "os"

func fdatasync(f *os.File) error { return f.Sync() }

func fallocate(f *os.File, _, size int64) error { return f.Truncate(size) }

// flock is a no-op where the standard library offers no file locking.
func flock(*os.File) error { return nil }
