package eval

import (
	"math/bits"

	"github.com/dsref/dsref/harness/tlaplus/value"
)

// Implements the community module Bitwise natively, as TLC's Java override does: &, | and ^^ are
// the bitwise operations on TLC's 32-bit integers, shiftR is Java's logical shift >>>, and Not
// flips the binary digits of a natural number up to its most significant one (the module's TLA+
// definition, which TLC evaluates as written).
var bitwise = natives{
	"&":  bitwiseOp(func(a, b int32) int32 { return a & b }),
	"|":  bitwiseOp(func(a, b int32) int32 { return a | b }),
	"^^": bitwiseOp(func(a, b int32) int32 { return a ^ b }),
	"shiftR": seqFn(2, func(c *call) value.Value {
		n, pos := c.int(0), c.int(1)
		return value.Int(int64(uint32(int32(n)) >> (uint(pos) & 31)))
	}),
	"Not": seqFn(1, func(c *call) value.Value {
		a := c.int(0)
		if a < 0 {
			c.fail("the argument must be a natural number, not %d", a)
		}
		mask := int64(1)<<bits.Len64(uint64(a)) - 1
		return value.Int(^a & mask)
	}),
}

func bitwiseOp(op func(a, b int32) int32) *native {
	ints := func(c *call, a, b int64) value.Value { return value.Int(int64(op(int32(a), int32(b)))) }
	return &native{arity: 2, fn: func(c *call) value.Value { return ints(c, c.int(0), c.int(1)) }, ints: ints}
}
