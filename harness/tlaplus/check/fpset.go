package check

import (
	"sync"
	"sync/atomic"
	"unsafe"
)

// fpSet is the set of fingerprints of the states found so far, each with the generation key of
// the state stored for it (see claim). It is sharded so that parallel workers rarely wait on the
// same lock; with one worker the locks are uncontended.
type fpSet struct {
	shards [fpShards]fpShard
	// size counts the fingerprints, kept where the search's progress reporter reads it.
	size *atomic.Int64
	// takeovers counts the claims that took a fingerprint over from a later state.
	takeovers atomic.Int64
}

const fpShards = 64

type fpShard struct {
	mu  sync.Mutex
	set map[uint64]uint64 // fingerprint -> generation key of its state
	// Pad to 64 bytes, so that each shard has a cache line of its own and two workers
	// claiming in neighbouring shards do not take each other's line (it was 56 bytes, so
	// shards straddled lines).
	_ [64 - unsafe.Sizeof(sync.Mutex{}) - unsafe.Sizeof(map[uint64]uint64(nil))]byte
}

// newFPSet returns an empty set counting its fingerprints in size.
func newFPSet(size *atomic.Int64) *fpSet {
	s := &fpSet{size: size}
	for i := range s.shards {
		s.shards[i].set = make(map[uint64]uint64)
	}
	return s
}

// claim adds fp for the state with generation key key and reports whether fp was already
// present for a state generated earlier. Keys order states as one worker generates them, so a
// fingerprint found by parallel workers ends up claimed by the state one worker would have
// stored: a later claim with a smaller key takes it over (and claim reports it as new), and the
// level's merge keeps only the owner (see searcher.level). With one worker keys only grow, so
// the first claim is the owner.
func (s *fpSet) claim(fp, key uint64) (seen bool) {
	sh := &s.shards[(fp>>7)%fpShards]
	sh.mu.Lock()
	owner, seen := sh.set[fp]
	if !seen || key < owner {
		sh.set[fp] = key
		if !seen {
			s.size.Add(1)
		} else {
			s.takeovers.Add(1)
		}
		seen = false
	}
	sh.mu.Unlock()
	return seen
}

// owner returns the generation key of the state that claimed fp.
func (s *fpSet) owner(fp uint64) uint64 {
	sh := &s.shards[(fp>>7)%fpShards]
	sh.mu.Lock()
	key := sh.set[fp]
	sh.mu.Unlock()
	return key
}
