package eval

import (
	"math/big"

	"github.com/dsref/dsref/harness/tlaplus/value"
)

// Implements the community module Combinatorics' choose natively, as TLC's Java override
// (tlc2.overrides.Combinatorics.chse) does: the binomial coefficient of two natural numbers, 0
// when k > n, and an overflow error when it is outside TLC's integers. The module's definition,
// factorial[n] \div (factorial[k] * factorial[n - k]), fails for k > n (factorial[-1]) and
// overflows from n = 13 where the coefficient does not (choose(63, 1) = 63 in the module's tests).
// factorial stays the module's function: it overflows where TLC's override does (13!).
var combinatorics = natives{
	"choose": seqFn(2, func(c *call) value.Value {
		n, k := c.int(0), c.int(1)
		if n < 0 || k < 0 {
			c.fail("the arguments must be natural numbers, not %d and %d", n, k)
		}
		if k > n {
			return value.Int(0)
		}
		b := new(big.Int).Binomial(n, k)
		if !b.IsInt64() {
			c.fail("choose(%d, %d) is outside TLC's range %d..%d", n, k, value.MinInt, value.MaxInt)
		}
		return c.makeInt(b.Int64(), "choose")
	}),
}
