package eval

import (
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// Implements the community module DyadicRationals' arithmetic natively, as TLC's Java override
// does: a dyadic rational is a record [num |-> n, den |-> d] with d a power of two, kept in
// lowest terms.
var dyadicRationals = natives{
	"Add": seqFn(2, func(c *call) value.Value {
		pn, pd := dyadic(c, 0)
		qn, qd := dyadic(c, 1)
		if pn == 0 && pd == 1 {
			return c.val(1)
		}
		d := max(pd, qd)
		n := qn*(d/qd) + pn*(d/pd)
		return dyadicValue(c, n, d)
	}),
	"Half": seqFn(1, func(c *call) value.Value {
		n, d := dyadic(c, 0)
		return dyadicValue(c, n, 2*d)
	}),
	"IsDyadicRational": seqFn(1, func(c *call) value.Value {
		_, d := dyadicFields(c, c.val(0))
		return value.Bool(d > 0 && d&(d-1) == 0)
	}),
}

// dyadic evaluates argument i as a dyadic rational.
func dyadic(c *call, i int) (num, den int64) {
	num, den = dyadicFields(c, c.val(i))
	if den <= 0 || den&(den-1) != 0 {
		c.fail("argument %d has denominator %d, which is not a power of two", i+1, den)
	}
	return num, den
}

func dyadicFields(c *call, v value.Value) (num, den int64) {
	r, ok := v.(*value.Record)
	if !ok {
		c.fail("%s is not a rational [num |-> n, den |-> d]", value.Abbrev(v))
	}
	field := func(name string) int64 {
		f, ok, err := r.Field(name)
		c.check(err)
		n, isInt := f.(value.Int)
		if !ok || !isInt {
			c.fail("%s has no integer field %s", value.Abbrev(v), name)
		}
		return int64(n)
	}
	return field("num"), field("den")
}

// dyadicValue is n/d in lowest terms, as a record.
func dyadicValue(c *call, n, d int64) value.Value {
	for n%2 == 0 && d%2 == 0 && d > 1 {
		n, d = n/2, d/2
	}
	if n == 0 {
		d = 1
	}
	nv := c.makeInt(n, c.name)
	dv := c.makeInt(d, c.name)
	r, err := value.NewRecord([]string{"num", "den"}, []value.Value{nv, dv})
	c.check(err)
	return r
}
