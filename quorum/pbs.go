package quorum

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// checkNRW validates the parameters of a partial-quorum (N, R, W) store. Unlike NewReadWrite it
// accepts R + W <= N: quantifying how stale such a store is is the point of PBS.
func checkNRW(n, r, w int) error {
	if n < 1 || n > MaxMembers {
		return fmt.Errorf("quorum: PBS: N=%d is outside 1..%d", n, MaxMembers)
	}
	if r < 1 || r > n {
		return fmt.Errorf("quorum: PBS (N=%d, R=%d, W=%d): R is outside 1..N", n, r, w)
	}
	if w < 1 || w > n {
		return fmt.Errorf("quorum: PBS (N=%d, R=%d, W=%d): W is outside 1..N", n, r, w)
	}
	return nil
}

// StaleReadProbability is PBS's closed form (Bailis et al., VLDB 2012, §3) for a store that
// writes to W and reads from R of N replicas, each quorum chosen uniformly at random and with
// no anti-entropy: the chance that a read quorum misses the latest version's write quorum,
//
//	p = C(N-W, R) / C(N, R),
//
// which is 0 exactly when R + W > N.
//
// Implements Q-PBS-1.
func StaleReadProbability(n, r, w int) (float64, error) {
	if err := checkNRW(n, r, w); err != nil {
		return 0, err
	}
	// C(N-W, R)/C(N, R) = prod_{i<R} (N-W-i)/(N-i); a factor <= 0 means C(N-W, R) = 0.
	p := 1.0
	for i := 0; i < r; i++ {
		if n-w-i <= 0 {
			return 0, nil
		}
		p *= float64(n-w-i) / float64(n-i)
	}
	return p, nil
}

// KStaleness is the probability that a read returns one of the k latest versions, 1 - p^k with
// p = StaleReadProbability: each of the k versions' write quorums is missed independently.
//
// Implements Q-PBS-1.
func KStaleness(n, r, w, k int) (float64, error) {
	if k < 1 {
		return 0, fmt.Errorf("quorum: PBS (N=%d, R=%d, W=%d): k=%d, want k >= 1", n, r, w, k)
	}
	p, err := StaleReadProbability(n, r, w)
	if err != nil {
		return 0, err
	}
	return 1 - math.Pow(p, float64(k)), nil
}

// SimulateStaleRead estimates StaleReadProbability by Monte Carlo: each trial draws a uniformly
// random write quorum of W and read quorum of R of the N replicas (Floyd's sampling into a
// Set) and counts the reads that miss the write. rng is the only source of randomness, so a
// seeded rng gives a reproducible estimate.
//
// Implements Q-PBS-2.
func SimulateStaleRead(n, r, w, trials int, rng *rand.Rand) (float64, error) {
	if err := checkNRW(n, r, w); err != nil {
		return 0, err
	}
	if trials < 1 || rng == nil {
		return 0, fmt.Errorf("quorum: PBS simulation: need trials >= 1 (got %d) and a random source", trials)
	}
	stale := 0
	for range trials {
		if randomSubset(rng, n, w)&randomSubset(rng, n, r) == 0 {
			stale++
		}
	}
	return float64(stale) / float64(trials), nil
}

// randomSubset returns a uniformly random k-subset of {0..n-1} (Floyd's algorithm).
func randomSubset(rng *rand.Rand, n, k int) Set {
	var s Set
	for j := n - k; j < n; j++ {
		t := rng.IntN(j + 1)
		if s.Has(t) {
			s = s.With(j)
		} else {
			s = s.With(t)
		}
	}
	return s
}
