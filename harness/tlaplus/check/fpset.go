package check

import "sync"

// fpSet is the set of fingerprints of the states found so far. It is sharded so that parallel
// workers rarely wait on the same lock; with one worker the locks are uncontended.
type fpSet struct {
	shards [fpShards]fpShard
}

const fpShards = 64

type fpShard struct {
	mu  sync.Mutex
	set map[uint64]struct{}
	_   [40]byte // keep shards on separate cache lines
}

func newFPSet() *fpSet {
	s := &fpSet{}
	for i := range s.shards {
		s.shards[i].set = make(map[uint64]struct{})
	}
	return s
}

// put adds fp and reports whether it was already present.
func (s *fpSet) put(fp uint64) (seen bool) {
	sh := &s.shards[(fp>>7)%fpShards]
	sh.mu.Lock()
	_, seen = sh.set[fp]
	if !seen {
		sh.set[fp] = struct{}{}
	}
	sh.mu.Unlock()
	return seen
}

func (s *fpSet) size() int64 {
	var n int64
	for i := range s.shards {
		s.shards[i].mu.Lock()
		n += int64(len(s.shards[i].set))
		s.shards[i].mu.Unlock()
	}
	return n
}
