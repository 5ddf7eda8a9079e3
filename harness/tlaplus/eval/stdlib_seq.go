package eval

import (
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// Implements the Sequences module.

func seqFn(arity int, f func(c *call) value.Value) *native { return &native{arity: arity, fn: f} }

var sequences = natives{
	"Seq": seqFn(1, func(c *call) value.Value { return value.SeqSet(c.set(0)) }),
	// TLC also treats strings as sequences of characters for Len, \o, Tail and SubSeq.
	// Each argument is evaluated once (Len(SelectSeq(...)) evaluated its argument twice).
	"Len": seqFn(1, func(c *call) value.Value {
		v := c.val(0)
		if s, ok := v.(value.Str); ok {
			return value.Int(len(s))
		}
		return value.Int(len(c.seqOf(0, v)))
	}),
	`\o`: seqFn(2, func(c *call) value.Value {
		x, y := c.val(0), c.val(1)
		if x, ok := x.(value.Str); ok {
			if y, ok := y.(value.Str); ok {
				return x + y
			}
		}
		a, b := c.seqOf(0, x), c.seqOf(1, y)
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
	// Tail and SubSeq also take strings, as TLC's (tlc2.module.Sequences, "Handling of strings
	// added by LL on 17 Apr 2013"); Head and Append do not.
	"Tail": seqFn(1, func(c *call) value.Value {
		v := c.val(0)
		if str, ok := v.(value.Str); ok {
			if str == "" {
				c.fail("the string is empty")
			}
			return str[1:]
		}
		s := c.seqOf(0, v)
		if len(s) == 0 {
			c.fail("the sequence is empty")
		}
		return s[1:]
	}),
	"SubSeq": seqFn(3, func(c *call) value.Value {
		v := c.val(0)
		if str, ok := v.(value.Str); ok {
			m, n := c.int(1), c.int(2)
			if m > n {
				return value.Str("")
			}
			if m < 1 || n > int64(len(str)) {
				c.fail("SubSeq(s, %d, %d) of a string of length %d", m, n, len(str))
			}
			return str[m-1 : n]
		}
		s, m, n := c.seqOf(0, v), c.int(1), c.int(2)
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
