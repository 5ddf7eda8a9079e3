//go:build !unix

package check

import (
	"errors"
	"os"
	"unsafe"
)

// canSpill: without mmap the behavior graph stays in memory, on Go's heap.
const canSpill = false

func mapAnon(size int) ([]byte, error) {
	w := make([]uint64, size/8)
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(w))), size), nil
}

func mapFile(*os.File, int64, int) ([]byte, error) {
	return nil, errors.New("not supported on this system")
}

func unmap([]byte) error { return nil }

func wordsOf(m []byte) []uint64 {
	return unsafe.Slice((*uint64)(unsafe.Pointer(unsafe.SliceData(m))), len(m)/8)
}

func int32sOf(m []byte) []int32 {
	return unsafe.Slice((*int32)(unsafe.Pointer(unsafe.SliceData(m))), len(m)/4)
}
