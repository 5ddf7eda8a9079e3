//go:build unix

package check

import (
	"os"
	"unsafe"

	"golang.org/x/sys/unix"
)

// canSpill: the behavior graph goes to a file past Options.LiveMemory.
const canSpill = true

// mapAnon maps size bytes of zeroed memory outside Go's heap.
func mapAnon(size int) ([]byte, error) {
	return unix.Mmap(-1, 0, size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE)
}

// mapFile maps size bytes of f from off (a multiple of the page size), shared with the file.
func mapFile(f *os.File, off int64, size int) ([]byte, error) {
	return unix.Mmap(int(f.Fd()), off, size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
}

func unmap(m []byte) error { return unix.Munmap(m) }

// wordsOf returns m (page-aligned, a multiple of 8 bytes long) as words.
func wordsOf(m []byte) []uint64 {
	return unsafe.Slice((*uint64)(unsafe.Pointer(unsafe.SliceData(m))), len(m)/8)
}

func int32sOf(m []byte) []int32 {
	return unsafe.Slice((*int32)(unsafe.Pointer(unsafe.SliceData(m))), len(m)/4)
}
