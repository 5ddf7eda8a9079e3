package paxos

import "slices"

// Sizes of the blocks a Node carves its outputs from.
const (
	blockLen       = 128      // elements (entries or messages) per block
	byteBlockLen   = 16 << 10 // bytes per payload block
	maxCarvedBytes = 1 << 10  // larger payloads get their own allocation
	maxKeptBuffer  = 1 << 10  // a Ready buffer that grew past this is not kept for the next one
)

// block hands out slices carved from larger blocks: one allocation per block instead of one
// per message, vote list or Ready. A slice it handed out is never handed out again, because
// messages and Ready contents are values the caller (a network, a simulator) may hold,
// duplicate and read long after they were made; a block is freed when nothing refers to it.
type block[T any] struct {
	free []T
}

// take returns an empty slice with room for n elements.
func (b *block[T]) take(n int) []T {
	if n > len(b.free) {
		if n > blockLen/2 {
			return make([]T, 0, n)
		}
		b.free = make([]T, blockLen)
	}
	s := b.free[:0:n]
	b.free = b.free[n:]
	return s
}

// carve returns a copy of src (nil if src is empty).
func (b *block[T]) carve(src []T) []T {
	if len(src) == 0 {
		return nil
	}
	return append(b.take(len(src)), src...)
}

// byteBlock copies command payloads into larger blocks: Propose's one copy of each command
// without one allocation per command. As with block, bytes are never handed out twice; a block
// lives as long as any command in it is held (until compaction drops it).
type byteBlock struct {
	free []byte
}

// clone returns a copy of p (nil for nil, as slices.Clone).
func (b *byteBlock) clone(p []byte) []byte {
	if len(p) == 0 || len(p) > maxCarvedBytes {
		return slices.Clone(p)
	}
	if len(p) > len(b.free) {
		b.free = make([]byte, byteBlockLen)
	}
	n := copy(b.free, p)
	s := b.free[:n:n]
	b.free = b.free[n:]
	return s
}

// reuse returns buf emptied for the next Ready (its elements zeroed, so it keeps nothing
// alive), or nil if it grew too large to keep.
func reuse[T any](buf []T) []T {
	if cap(buf) > maxKeptBuffer {
		return nil
	}
	clear(buf)
	return buf[:0]
}
