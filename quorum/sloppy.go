package quorum

import (
	"fmt"
	"math/rand/v2"
)

// SloppyModel describes a Dynamo-style store under partitions, to compare strict quorums with
// sloppy quorums and hinted handoff (DeCandia et al., SOSP 2007, §4.6).
//
// Each key has a preference list: its N home replicas, then Fallbacks further nodes. For each
// operation, independently, every node is unreachable from the coordinator with probability
// Unreachable (a partition seen differently by the writer and the reader).
//
//   - Strict quorums use home replicas only: a write needs W reachable homes and lands on the
//     first W of them, a read needs R and asks the first R. Unavailable otherwise.
//   - Sloppy quorums use the first W (R) reachable nodes of the whole preference list. A
//     fallback that takes a write in place of an unreachable home keeps a hint, and hands the
//     write to that home before the read with probability HandoffBeforeRead.
type SloppyModel struct {
	N, R, W           int
	Fallbacks         int
	Unreachable       float64
	HandoffBeforeRead float64
}

// SloppyResult holds the outcome of SimulateSloppy. Stale fractions count reads that miss the
// write among trials where both operations were available.
type SloppyResult struct {
	StrictAvailable float64 // fraction of trials where both the write and the read succeed
	StrictStale     float64 // 0 whenever R + W > N
	SloppyAvailable float64
	SloppyStale     float64 // what sloppy quorums lose: R + W > N no longer implies overlap
}

// SimulateSloppy runs trials seeded simulations of one write followed by one read.
//
// Implements Q-PBS-4.
func SimulateSloppy(m SloppyModel, trials int, rng *rand.Rand) (SloppyResult, error) {
	if err := checkNRW(m.N, m.R, m.W); err != nil {
		return SloppyResult{}, err
	}
	if m.Fallbacks < 0 || m.N+m.Fallbacks > MaxMembers {
		return SloppyResult{}, fmt.Errorf("quorum: sloppy model: N+Fallbacks=%d must be within %d (Fallbacks=%d)", m.N+m.Fallbacks, MaxMembers, m.Fallbacks)
	}
	if !(m.Unreachable >= 0 && m.Unreachable <= 1) || !(m.HandoffBeforeRead >= 0 && m.HandoffBeforeRead <= 1) {
		return SloppyResult{}, fmt.Errorf("quorum: sloppy model: Unreachable=%v and HandoffBeforeRead=%v must be probabilities in [0, 1]", m.Unreachable, m.HandoffBeforeRead)
	}
	if trials < 1 || rng == nil {
		return SloppyResult{}, fmt.Errorf("quorum: sloppy model: need trials >= 1 (got %d) and a random source", trials)
	}
	total := m.N + m.Fallbacks
	homes := Range(0, m.N)
	var strictOK, strictStale, sloppyOK, sloppyStale int
	for range trials {
		writeView := reachable(rng, total, m.Unreachable)
		readView := reachable(rng, total, m.Unreachable)

		// Strict quorums.
		if (writeView&homes).Len() >= m.W && (readView&homes).Len() >= m.R {
			strictOK++
			if firstN(writeView&homes, m.W)&firstN(readView&homes, m.R) == 0 {
				strictStale++
			}
		}

		// Sloppy quorums with hinted handoff.
		if writeView.Len() < m.W || readView.Len() < m.R {
			continue
		}
		sloppyOK++
		written := firstN(writeView, m.W)
		hinted := written &^ homes
		// The k-th fallback used holds the hint for the k-th unreachable home.
		missedHomes := homes &^ writeView
		for range hinted.Len() {
			if missedHomes == 0 {
				break
			}
			home := firstN(missedHomes, 1)
			missedHomes &^= home
			if rng.Float64() < m.HandoffBeforeRead {
				written |= home
			}
		}
		if written&firstN(readView, m.R) == 0 {
			sloppyStale++
		}
	}
	res := SloppyResult{
		StrictAvailable: float64(strictOK) / float64(trials),
		SloppyAvailable: float64(sloppyOK) / float64(trials),
	}
	if strictOK > 0 {
		res.StrictStale = float64(strictStale) / float64(strictOK)
	}
	if sloppyOK > 0 {
		res.SloppyStale = float64(sloppyStale) / float64(sloppyOK)
	}
	return res, nil
}

// reachable returns the nodes among 0..total-1 that one coordinator can reach.
func reachable(rng *rand.Rand, total int, unreachable float64) Set {
	var s Set
	for i := 0; i < total; i++ {
		if rng.Float64() >= unreachable {
			s = s.With(i)
		}
	}
	return s
}
