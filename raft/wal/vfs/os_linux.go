package vfs

import (
	"errors"
	"os"
	"syscall"
)

// fdatasync flushes the file's data and the metadata needed to read it back (its size), but
// not its timestamps.
func fdatasync(f *os.File) error {
	for {
		err := syscall.Fdatasync(int(f.Fd()))
		if !errors.Is(err, syscall.EINTR) {
			return err
		}
	}
}

// fallocate reserves [off, size) as zeros and grows the file to size. File systems without
// fallocate (tmpfs on old kernels, some FUSE mounts) get a plain Truncate, which is sparse but
// still correct.
func fallocate(f *os.File, off, size int64) error {
	for {
		err := syscall.Fallocate(int(f.Fd()), 0, off, size-off)
		switch {
		case err == nil:
			return nil
		case errors.Is(err, syscall.EINTR):
			continue
		case errors.Is(err, syscall.EOPNOTSUPP), errors.Is(err, syscall.ENOSYS):
			return f.Truncate(size)
		default:
			return err
		}
	}
}

// flock takes an exclusive, non-blocking advisory lock, released when the file is closed or
// the process exits (even by SIGKILL).
func flock(f *os.File) error {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		switch {
		case err == nil:
			return nil
		case errors.Is(err, syscall.EINTR):
			continue
		case errors.Is(err, syscall.EWOULDBLOCK):
			return ErrLocked
		default:
			return err
		}
	}
}
