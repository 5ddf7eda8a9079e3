package check

import (
	"math/bits"
	"sync"
	"sync/atomic"
	"unsafe"
)

// fpSet is the set of fingerprints of the states found so far, each with the generation key of
// the state stored for it (see claim). It is sharded, each shard an open-addressing table of
// its own, and most claims take no lock: a search generates many successors per distinct state
// (MCRaft 13, MCMultiPaxos 43), most of them seen before, and a claim of a fingerprint whose
// stored state was generated earlier only reads the table. Only a claim that changes the set
// (a new fingerprint, or a takeover) locks its shard. TLC's fingerprint set is read the same
// way: OffHeapDiskFPSet.memLookup0 probes its open-addressing table with plain reads, and
// memInsert0 writes a new fingerprint into a free slot (there with a compare-and-swap, as
// TLC's table never grows; this one grows, under the shard's lock).
type fpSet struct {
	shards [fpShards]fpShard
	// size counts the fingerprints, kept where the search's progress reporter reads it.
	size *atomic.Int64
	// takeovers counts the claims that took a fingerprint over from a later state.
	takeovers atomic.Int64
}

const fpShards = 64

type fpShard struct {
	// mu serializes the claims that write the shard: inserting, taking over, growing.
	mu sync.Mutex
	// tab is the table, replaced by a larger copy as it fills; a reader still probing the
	// old one finds every fingerprint stored before the copy, and looks again under mu for
	// one it does not find.
	tab atomic.Pointer[fpTable]
	// zero is the generation key of fingerprint 0, which the tables cannot hold (0 marks a
	// free slot); 0 if it is not in the set. Keys are never 0 (see genKey).
	zero atomic.Uint64
	n    int // fingerprints in tab, written under mu
	// Pad to 64 bytes, so that each shard has a cache line of its own and two workers
	// claiming in neighbouring shards do not take each other's line.
	_ [64 - unsafe.Sizeof(sync.Mutex{}) - unsafe.Sizeof(atomic.Pointer[fpTable]{}) - unsafe.Sizeof(atomic.Uint64{}) - unsafe.Sizeof(int(0))]byte
}

// fpTable is an open-addressing table with linear probing: slot i is the words 2i (the
// fingerprint, 0 when free) and 2i+1 (its generation key). Its words are written and read
// atomically, the key of a new fingerprint before the fingerprint, so a reader that finds a
// fingerprint finds its key.
type fpTable struct {
	words []uint64
	shift uint // 64 - log2(slots)
	mask  uint64
	max   int // fingerprints held before the table grows: 3/4 of its slots
}

// fpTableSlots is the size of a shard's first table.
const fpTableSlots = 64

func newFPTable(slots int) *fpTable {
	return &fpTable{
		words: make([]uint64, 2*slots),
		shift: uint(64 - bits.TrailingZeros(uint(slots))),
		mask:  uint64(slots - 1),
		max:   slots / 4 * 3,
	}
}

// find returns the slot holding fp, or the free slot where probing for it ended (found false).
// The fingerprints are 64-bit hashes, but those of states under SYMMETRY are the least of a
// group's hashes, whose high bits are mostly zero: the slot is taken from the fingerprint
// multiplied by an odd constant, whose high bits depend on all of the fingerprint's.
func (t *fpTable) find(fp uint64) (slot uint64, found bool) {
	for i := (fp * 0x9e3779b97f4a7c15) >> t.shift; ; i = (i + 1) & t.mask {
		switch atomic.LoadUint64(&t.words[2*i]) {
		case fp:
			return i, true
		case 0:
			return i, false
		}
	}
}

// newFPSet returns an empty set counting its fingerprints in size.
func newFPSet(size *atomic.Int64) *fpSet {
	s := &fpSet{size: size}
	for i := range s.shards {
		s.shards[i].tab.Store(newFPTable(fpTableSlots))
	}
	return s
}

func (s *fpSet) shard(fp uint64) *fpShard { return &s.shards[(fp>>7)%fpShards] }

// claim adds fp for the state with generation key key and reports whether fp was already
// present for a state generated earlier. Keys order states as one worker generates them, so a
// fingerprint found by parallel workers ends up claimed by the state one worker would have
// stored: a later claim with a smaller key takes it over (and claim reports it as new), and the
// level's merge keeps only the owner (see searcher.level). With one worker keys only grow, so
// the first claim is the owner.
//
// A fingerprint present with a key not above key is seen without locking: keys only ever
// decrease (a takeover stores a smaller one), so the owner read, if stale, is an upper bound of
// the owner's.
func (s *fpSet) claim(fp, key uint64) (seen bool) {
	sh := s.shard(fp)
	if fp != 0 {
		t := sh.tab.Load()
		if i, ok := t.find(fp); ok && atomic.LoadUint64(&t.words[2*i+1]) <= key {
			return true
		}
	} else if owner := sh.zero.Load(); owner != 0 && owner <= key {
		return true
	}
	sh.mu.Lock()
	seen = sh.claimLocked(s, fp, key)
	sh.mu.Unlock()
	return seen
}

// claimLocked is claim with the shard's lock held.
func (sh *fpShard) claimLocked(s *fpSet, fp, key uint64) (seen bool) {
	if fp == 0 {
		owner := sh.zero.Load()
		if owner != 0 && owner <= key {
			return true
		}
		sh.zero.Store(key)
		s.count(owner != 0)
		return false
	}
	t := sh.tab.Load()
	i, ok := t.find(fp)
	if ok {
		if atomic.LoadUint64(&t.words[2*i+1]) <= key {
			return true
		}
		atomic.StoreUint64(&t.words[2*i+1], key)
		s.count(true)
		return false
	}
	if sh.n >= t.max {
		t = sh.grow(t)
		i, _ = t.find(fp)
	}
	atomic.StoreUint64(&t.words[2*i+1], key)
	atomic.StoreUint64(&t.words[2*i], fp)
	sh.n++
	s.count(false)
	return false
}

// count counts a claim that changed the set: a takeover, or a new fingerprint.
func (s *fpSet) count(takeover bool) {
	if takeover {
		s.takeovers.Add(1)
	} else {
		s.size.Add(1)
	}
}

// grow replaces t, the shard's table, by one twice its size holding the same fingerprints, and
// returns it. Called with the shard's lock held, so nothing writes t meanwhile.
func (sh *fpShard) grow(t *fpTable) *fpTable {
	g := newFPTable(len(t.words)) // twice the slots: a slot is two words
	for i := 0; i < len(t.words); i += 2 {
		if fp := t.words[i]; fp != 0 {
			j, _ := g.find(fp)
			g.words[2*j], g.words[2*j+1] = fp, t.words[i+1]
		}
	}
	sh.tab.Store(g)
	return g
}

// owner returns the generation key of the state that claimed fp (0 if none did).
func (s *fpSet) owner(fp uint64) uint64 {
	sh := s.shard(fp)
	if fp == 0 {
		return sh.zero.Load()
	}
	t := sh.tab.Load()
	if i, ok := t.find(fp); ok {
		return atomic.LoadUint64(&t.words[2*i+1])
	}
	return 0
}
