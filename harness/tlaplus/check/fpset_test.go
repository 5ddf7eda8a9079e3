package check

import (
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// TestFPShardsHaveTheirOwnCacheLines: a shard is 64 bytes, so the fields a claim writes (the
// lock, the table and its count) of two neighbouring shards never share a 64-byte cache line,
// wherever the set is allocated, and two workers claiming in neighbouring shards do not contend.
func TestFPShardsHaveTheirOwnCacheLines(t *testing.T) {
	require.Equal(t, uintptr(64), unsafe.Sizeof(fpShard{}))
	var size atomic.Int64
	s := newFPSet(&size)
	line := func(p unsafe.Pointer) uintptr { return uintptr(p) / 64 }
	for i := 1; i < fpShards; i++ {
		prev, cur := &s.shards[i-1], &s.shards[i]
		require.NotEqual(t, line(unsafe.Pointer(&prev.n)), line(unsafe.Pointer(&cur.mu)), "shards %d and %d", i-1, i)
	}
	require.False(t, s.claim(7, 1))
	require.True(t, s.claim(7, 2))
	require.Equal(t, int64(1), size.Load())
}

// TestFPSetSeenWithoutLock: a claim of a fingerprint stored for a state generated earlier (a
// smaller key) answers seen without taking its shard's lock, so two workers looking up states
// they have seen do not wait on each other: with the shard locked, it still answers. A claim
// that changes the set (a new fingerprint, a takeover by a smaller key) waits for the lock.
func TestFPSetSeenWithoutLock(t *testing.T) {
	var size atomic.Int64
	s := newFPSet(&size)
	for _, fp := range []uint64{0, 7, 1 << 40} {
		require.False(t, s.claim(fp, 5))
		sh := s.shard(fp)
		sh.mu.Lock()
		seen := make(chan bool)
		go func() { seen <- s.claim(fp, 9) }()
		select {
		case got := <-seen:
			require.True(t, got, "fingerprint %d", fp)
		case <-time.After(10 * time.Second):
			sh.mu.Unlock()
			<-seen
			t.Fatalf("claiming fingerprint %d, stored for an earlier state, waited for the shard's lock", fp)
		}
		takeover := make(chan bool)
		go func() { takeover <- s.claim(fp, 3) }()
		select {
		case <-takeover:
			t.Fatalf("fingerprint %d was taken over without the shard's lock", fp)
		case <-time.After(50 * time.Millisecond):
		}
		sh.mu.Unlock()
		require.False(t, <-takeover, "fingerprint %d: a smaller key takes it over", fp)
		require.Equal(t, uint64(3), s.owner(fp))
	}
	require.Equal(t, int64(3), size.Load())
	require.Equal(t, int64(3), s.takeovers.Load())
}

// TestFPSetConcurrentClaims claims fingerprints from several goroutines at once, many times each
// with random keys, while the tables grow from their first size: every fingerprint is counted
// once, its owner is the least key claimed for it, and the claims answered new are the
// fingerprints and the takeovers. Fingerprints share their low bits (the shard) or not, and 0
// is among them.
func TestFPSetConcurrentClaims(t *testing.T) {
	const goroutines, fps, claims = 4, 20_000, 40_000
	var size atomic.Int64
	s := newFPSet(&size)
	fpOf := func(i int) uint64 {
		if i%3 == 0 {
			return uint64(i) << 13 // one shard, as the least hash of an orbit may be
		}
		return uint64(i) * 0x2545f4914f6cdd1d
	}
	least := make([]atomic.Uint64, fps)
	for i := range least {
		least[i].Store(^uint64(0))
	}
	var news atomic.Int64
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(g), 1))
			for range claims {
				i := r.IntN(fps)
				key := 1 + r.Uint64N(1<<40)
				for old := least[i].Load(); key < old && !least[i].CompareAndSwap(old, key); old = least[i].Load() {
				}
				if !s.claim(fpOf(i), key) {
					news.Add(1)
				}
			}
		})
	}
	wg.Wait()
	var claimed int64
	for i := range least {
		want := least[i].Load()
		if want == ^uint64(0) {
			want = 0
		} else {
			claimed++
		}
		require.Equal(t, want, s.owner(fpOf(i)), "owner of fingerprint %d", fpOf(i))
	}
	require.Equal(t, claimed, size.Load())
	require.Equal(t, news.Load(), size.Load()+s.takeovers.Load())
	var n int
	for i := range s.shards {
		n += s.shards[i].n
	}
	if s.owner(0) != 0 {
		n++ // fpOf(0) = 0, held apart from the tables
	}
	require.Equal(t, claimed, int64(n))
}
