package paxos

// Rand is the source of randomness a core uses for timeout jitter. *math/rand/v2.Rand
// satisfies it. Cores never read the clock or a global source, so a seeded Rand makes a whole
// run reproducible.
type Rand interface {
	// IntN returns a uniform integer in [0, n); n > 0.
	IntN(n int) int
}

// splitMix is the default Rand: SplitMix64 seeded from the node ID, deterministic and tiny.
type splitMix struct{ state uint64 }

func (s *splitMix) IntN(n int) int {
	s.state += 0x9e3779b97f4a7c15
	z := s.state
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	z ^= z >> 31
	return int(z % uint64(n))
}
