package eval

import "github.com/dsref/dsref/harness/tlaplus/value"

// reals refuses the operators of the standard module Reals: a spec may extend Reals (or a
// module such as RealTime that does) and still be checked as long as it evaluates no real
// number, as in TLC, which has no real numbers either.
var reals = natives{
	"Real":     realRefused(0),
	"/":        realRefused(2),
	"Infinity": realRefused(0),
}

func realRefused(arity int) *native {
	return seqFn(arity, func(c *call) value.Value {
		c.fail("real numbers cannot be evaluated (TLC has none either); a spec extending Reals can be checked only where it evaluates no real number")
		return nil
	})
}
