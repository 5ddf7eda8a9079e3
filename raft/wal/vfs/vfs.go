// Package vfs is the file-system surface the write-ahead log uses, with two implementations:
// OS, the real file system (fdatasync, fallocate, directory fsync), and Mem, an in-memory file
// system that remembers which writes reached stable storage and can simulate a crash in the
// style of lazyfs and ALICE: it drops unsynced writes, tears a write at any byte, persists
// unsynced writes out of order, and flips bits.
//
// The interface is deliberately small: what a log needs and nothing else, so that a crash
// model can be stated for every operation. A write is durable once Sync on its file returns;
// a name (create, rename, remove) is durable once SyncDir on its directory returns.
package vfs

import "io"

// File is an open file.
type File interface {
	io.ReaderAt
	io.WriterAt
	// Sync makes every write to the file durable (fdatasync on Linux).
	Sync() error
	// Truncate changes the file's size; bytes past a grown size read as zeros.
	Truncate(size int64) error
	// Allocate makes the file at least size bytes long, the new bytes zero, and reserves the
	// blocks, so that later writes inside that size never find the disk full (fallocate on
	// Linux; a plain Truncate elsewhere). The blocks stay unwritten until written: on ext4
	// the first Sync after a write into one commits its conversion in the journal.
	Allocate(size int64) error
	// Size returns the file's current size.
	Size() (int64, error)
	Close() error
}

// FS is a file system.
type FS interface {
	// Create creates a new file for reading and writing; it fails if name exists.
	Create(name string) (File, error)
	// Open opens an existing file for reading and writing.
	Open(name string) (File, error)
	// ReadFile returns the whole content of a file.
	ReadFile(name string) ([]byte, error)
	// Rename atomically renames a file, replacing newname if it exists.
	Rename(oldname, newname string) error
	// Remove deletes a file.
	Remove(name string) error
	// List returns the names (not paths) of the entries of a directory, sorted.
	List(dir string) ([]string, error)
	// MkdirAll creates a directory and its parents.
	MkdirAll(dir string) error
	// SyncDir makes the names in dir durable: created, renamed and removed entries.
	SyncDir(dir string) error
	// Lock takes an exclusive lock on the file name (creating it), held until the returned
	// closer is closed or the process exits; it fails at once if another holder has it.
	Lock(name string) (io.Closer, error)
}
