package eval

import (
	"encoding/binary"
	"hash/fnv"
	"math/rand/v2"
	"strconv"

	"github.com/dsref/dsref/harness/tlaplus/value"
)

// Implements TLC's module Randomization natively. As in TLC's breadth-first search, the choices
// made for given arguments are the same every time (TLC seeds them by the state; this evaluator
// by the arguments' fingerprint and, when the model checker provides one, Context.Rand), so a run
// is reproducible.
var randomization = natives{
	"RandomSubset": seqFn(2, func(c *call) value.Value {
		k, elems := c.int(0), c.elems(1)
		if k < 0 || k > int64(len(elems)) {
			c.fail("cannot choose %d of the %d elements of %s", k, len(elems), value.Abbrev(c.val(1)))
		}
		r := c.seededRand()
		perm := r.Perm(len(elems))
		out := make([]value.Value, k)
		for i := range out {
			out[i] = elems[perm[i]]
		}
		return c.newSet(out)
	}),
	"RandomSetOfSubsets": seqFn(3, func(c *call) value.Value {
		k, n, elems := c.int(0), c.int(1), c.elems(2)
		if len(elems) == 0 {
			return c.newSet([]value.Value{value.EmptySet})
		}
		return randomSubsets(c, k, float64(n)/float64(len(elems)), elems)
	}),
	"RandomSubsetSet": seqFn(3, func(c *call) value.Value {
		k, p := c.int(0), c.str(1)
		prob, err := strconv.ParseFloat(p, 64)
		if err != nil || prob < 0 || prob > 1 {
			c.fail("the probability %q is not a number in [0, 1]", p)
		}
		return randomSubsets(c, k, prob, c.elems(2))
	}),
}

// randomSubsets makes k choices of a subset of elems, each element being in it with probability
// prob, and returns the set of them.
func randomSubsets(c *call, k int64, prob float64, elems []value.Value) value.Value {
	if k < 0 {
		c.fail("the number of subsets %d is negative", k)
	}
	r := c.seededRand()
	var subsets []value.Value
	for i := int64(0); i < k; i++ {
		var sub []value.Value
		for _, e := range elems {
			if r.Float64() < prob {
				sub = append(sub, e)
			}
		}
		subsets = append(subsets, c.newSet(sub))
	}
	return c.newSet(subsets)
}

// seededRand returns a source seeded by the call's arguments and the model checker's Rand.
func (c *call) seededRand() *rand.Rand {
	c.ev.stateReads++
	h := fnv.New64a()
	for i := range c.args {
		fp, err := value.Fingerprint(c.val(i))
		c.check(err)
		h.Write(binary.LittleEndian.AppendUint64(nil, fp))
	}
	seed := h.Sum64()
	if c.ev.ctx.Rand != nil {
		seed ^= uint64(c.ev.ctx.Rand(1 << 30))
		c.ev.randomReads++
	} else {
		c.ev.unseededReads++
	}
	return rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
}
