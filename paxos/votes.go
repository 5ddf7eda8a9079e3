package paxos

import "math/bits"

// voteSet is a set of peers, by their index in the sorted Config.Peers: a bitset that needs
// no allocation for clusters of up to 64 processes.
type voteSet struct {
	low  uint64
	high []uint64 // peers 64 and up, for larger clusters
}

func (v *voteSet) add(i int) {
	if i < 64 {
		v.low |= 1 << uint(i)
		return
	}
	w := i/64 - 1
	for len(v.high) <= w {
		v.high = append(v.high, 0)
	}
	v.high[w] |= 1 << uint(i%64)
}

func (v *voteSet) has(i int) bool {
	if i < 64 {
		return v.low&(1<<uint(i)) != 0
	}
	w := i/64 - 1
	return w < len(v.high) && v.high[w]&(1<<uint(i%64)) != 0
}

func (v *voteSet) count() int {
	c := bits.OnesCount64(v.low)
	for _, w := range v.high {
		c += bits.OnesCount64(w)
	}
	return c
}
