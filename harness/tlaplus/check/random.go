package check

import (
	"math/rand/v2"
	"sync"
	"unsafe"

	"github.com/dsref/dsref/harness/tlaplus/value"
)

// randomSource makes RandomElement's choices (eval.Context.Rand) as TLC makes them
// (tlc2.value.RandomEnumerableValues): each goroutine draws from a source seeded by the run's
// seed (Options.Seed, TLC's -seed), and in a breadth-first search, once it expands a state,
// from a source seeded by the seed and that state, so the successors of a state and the checks
// of those successors choose the same whichever worker expands it, and a run is the same with
// any number of workers. A depth-first search and a simulation draw from the seeded source
// without reseeding (TLC's DefaultRandom).
type randomSource struct {
	seed     uint64
	perState bool
	rng      *rand.Rand
	pcg      *rand.PCG
	// state is the state the source was last seeded for (its first value's address), nil
	// for the run's seed.
	state *value.Value
}

func newRandomSource(seed int64, perState bool) *randomSource {
	r := &randomSource{seed: uint64(seed), perState: perState, pcg: rand.NewPCG(uint64(seed), randomStream)}
	r.rng = rand.New(r.pcg)
	return r
}

// randomStream is the second word of the PCG seeds (any constant: "dsref-rnd").
const randomStream = 0x64737265662d726e

// pick returns a number in [0, n) for a choice made while cur is expanded (nil: while the
// initial states are generated).
func (r *randomSource) pick(cur State, n int) int {
	if r.perState && len(cur) > 0 {
		if p := unsafe.SliceData(cur); p != r.state {
			fp, err := value.Fingerprint(value.Tuple(cur))
			if err != nil {
				fp = 0
			}
			r.pcg.Seed(r.seed^fp, randomStream)
			r.state = p
		}
	}
	return r.rng.IntN(n)
}

// lockedRandom is a randomSource for evaluations outside the workers (ASSUME, POSTCONDITION),
// which may run while workers run (a lazily evaluated definition), so it is locked.
func lockedRandom(seed int64) func(n int) int {
	var mu sync.Mutex
	r := newRandomSource(seed, false)
	return func(n int) int {
		mu.Lock()
		defer mu.Unlock()
		return r.pick(nil, n)
	}
}
