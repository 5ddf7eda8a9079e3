package quorum

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
)

// A Distribution draws one message delay (in any time unit, used consistently) from rng.
type Distribution interface {
	Sample(rng *rand.Rand) float64
}

// Constant is a delay that never varies.
type Constant float64

// Sample returns the constant.
func (c Constant) Sample(*rand.Rand) float64 { return float64(c) }

// Exponential is an exponentially distributed delay with the given mean.
type Exponential struct{ Mean float64 }

// Sample draws from the exponential distribution.
func (e Exponential) Sample(rng *rand.Rand) float64 { return rng.ExpFloat64() * e.Mean }

// Uniform is a delay drawn uniformly from [Lo, Hi).
type Uniform struct{ Lo, Hi float64 }

// Sample draws from the uniform distribution.
func (u Uniform) Sample(rng *rand.Rand) float64 { return u.Lo + rng.Float64()*(u.Hi-u.Lo) }

// WARS is PBS's latency model of a Dynamo-style operation pair (Bailis et al., §4): the
// coordinator sends a write to all N replicas, each arriving after a W delay and acknowledged
// after an A delay; the write commits at the W-th acknowledgement. A read sent t later reaches
// each replica after an R delay and is answered after an S delay; it returns with the first R
// responses. Each delay is drawn independently per replica and trial.
type WARS struct {
	Write, Ack, Read, Response Distribution
}

// TVisibility estimates the probability that a read started t after a write commits returns
// that write (or a newer one) under the WARS model, from trials seeded simulations. A replica
// answers with the write if the write reached it before the read request did. With R + W > N
// the answer is 1 for every t; it rises towards 1 as t grows for partial quorums.
//
// Implements Q-PBS-3.
func TVisibility(n, r, w int, model WARS, t float64, trials int, rng *rand.Rand) (float64, error) {
	if err := checkNRW(n, r, w); err != nil {
		return 0, err
	}
	if model.Write == nil || model.Ack == nil || model.Read == nil || model.Response == nil {
		return 0, fmt.Errorf("quorum: WARS: all four delay distributions (Write, Ack, Read, Response) are required")
	}
	if trials < 1 || rng == nil {
		return 0, fmt.Errorf("quorum: WARS: need trials >= 1 (got %d) and a random source", trials)
	}
	if math.IsNaN(t) || t < 0 {
		return 0, fmt.Errorf("quorum: WARS: t=%v, want a time >= 0", t)
	}
	var arrive, ackAt, readArrive, readDone [MaxMembers]float64
	var order [MaxMembers]int
	fresh := 0
	for range trials {
		for i := 0; i < n; i++ {
			arrive[i] = model.Write.Sample(rng)
			ackAt[i] = arrive[i] + model.Ack.Sample(rng)
			readArrive[i] = model.Read.Sample(rng)
			readDone[i] = readArrive[i] + model.Response.Sample(rng)
		}
		for i := 0; i < n; i++ {
			if bad := badDelay(arrive[i], ackAt[i], readArrive[i], readDone[i]); bad != "" {
				return 0, fmt.Errorf("quorum: WARS: the %s distribution produced a negative or NaN delay", bad)
			}
		}
		commit := nthSmallest(ackAt[:n], w)
		// Order replicas by response time (insertion sort: N is small and this allocates nothing).
		for i := 0; i < n; i++ {
			j := i
			for j > 0 && readDone[order[j-1]] > readDone[i] {
				order[j] = order[j-1]
				j--
			}
			order[j] = i
		}
		for _, i := range order[:r] {
			if arrive[i] <= commit+t+readArrive[i] {
				fresh++
				break
			}
		}
	}
	return float64(fresh) / float64(trials), nil
}

// badDelay names the first distribution whose delay, recovered from the cumulative times, is
// negative or NaN, or returns "".
func badDelay(arrive, ackAt, readArrive, readDone float64) string {
	switch {
	case !(arrive >= 0):
		return "Write"
	case !(ackAt >= arrive):
		return "Ack"
	case !(readArrive >= 0):
		return "Read"
	case !(readDone >= readArrive):
		return "Response"
	}
	return ""
}

// nthSmallest returns the k-th smallest of vals (1-based) without reordering them.
func nthSmallest(vals []float64, k int) float64 {
	var buf [MaxMembers]float64
	sorted := buf[:len(vals)]
	copy(sorted, vals)
	sort.Float64s(sorted)
	return sorted[k-1]
}
