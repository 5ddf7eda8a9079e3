package check

import (
	"sync/atomic"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// TestFPShardsHaveTheirOwnCacheLines: a shard is 64 bytes, so the fields a claim writes (the
// lock and the map) of two neighbouring shards never share a 64-byte cache line, wherever the
// set is allocated, and two workers claiming in neighbouring shards do not contend.
func TestFPShardsHaveTheirOwnCacheLines(t *testing.T) {
	require.Equal(t, uintptr(64), unsafe.Sizeof(fpShard{}))
	var size atomic.Int64
	s := newFPSet(&size)
	line := func(p unsafe.Pointer) uintptr { return uintptr(p) / 64 }
	for i := 1; i < fpShards; i++ {
		prev, cur := &s.shards[i-1], &s.shards[i]
		require.NotEqual(t, line(unsafe.Pointer(&prev.set)), line(unsafe.Pointer(&cur.mu)), "shards %d and %d", i-1, i)
	}
	require.False(t, s.claim(7, 1))
	require.True(t, s.claim(7, 2))
	require.Equal(t, int64(1), size.Load())
}
