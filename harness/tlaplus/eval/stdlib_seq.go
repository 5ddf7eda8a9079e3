package eval

import (
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// Implements the Sequences module.

func seqFn(arity int, f func(c *call) value.Value) *native { return &native{arity: arity, fn: f} }

var sequences = natives{
	"Seq": seqFn(1, func(c *call) value.Value { return value.SeqSet(c.set(0)) }),
	// TLC also treats strings as sequences of characters for Len and \o.
	"Len": seqFn(1, func(c *call) value.Value {
		if s, ok := c.val(0).(value.Str); ok {
			return value.Int(len(s))
		}
		return value.Int(len(c.seq(0)))
	}),
	`\o`: seqFn(2, func(c *call) value.Value {
		if x, ok := c.val(0).(value.Str); ok {
			if y, ok := c.val(1).(value.Str); ok {
				return x + y
			}
		}
		a, b := c.seq(0), c.seq(1)
		out := make(value.Tuple, 0, len(a)+len(b))
		return append(append(out, a...), b...)
	}),
	"Append": seqFn(2, func(c *call) value.Value {
		s := c.seq(0)
		out := make(value.Tuple, len(s), len(s)+1)
		copy(out, s)
		return append(out, c.val(1))
	}),
	"Head": seqFn(1, func(c *call) value.Value {
		s := c.seq(0)
		if len(s) == 0 {
			c.fail("the sequence is empty")
		}
		return s[0]
	}),
	"Tail": seqFn(1, func(c *call) value.Value {
		s := c.seq(0)
		if len(s) == 0 {
			c.fail("the sequence is empty")
		}
		return s[1:]
	}),
	"SubSeq": seqFn(3, func(c *call) value.Value {
		s, m, n := c.seq(0), c.int(1), c.int(2)
		if m > n {
			return value.Tuple{}
		}
		if m < 1 || n > int64(len(s)) {
			c.fail("SubSeq(s, %d, %d) of a sequence of length %d", m, n, len(s))
		}
		return s[m-1 : n]
	}),
	"SelectSeq": seqFn(2, func(c *call) value.Value {
		s := c.seq(0)
		test := c.op(1, 1)
		out := value.Tuple{}
		for _, e := range s {
			if c.applyBool(test, e) {
				out = append(out, e)
			}
		}
		return out
	}),
}

var finiteSets = natives{
	"IsFiniteSet": seqFn(1, func(c *call) value.Value {
		s := c.set(0)
		switch {
		case s.Finite():
			return value.True
		case value.SurelyInfinite(s):
			return value.False
		}
		c.fail("cannot decide whether %s is finite", value.Abbrev(s))
		return nil
	}),
	"Cardinality": seqFn(1, func(c *call) value.Value {
		n, err := value.Cardinality(c.set(0))
		c.check(err)
		return c.makeInt(n, "Cardinality")
	}),
}
