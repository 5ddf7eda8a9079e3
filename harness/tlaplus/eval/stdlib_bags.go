package eval

import (
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// Implements the Bags module. A bag is a function from its elements to their (positive) number
// of copies.

var bags = natives{
	"EmptyBag": constant(value.Tuple{}),
	"IsABag": seqFn(1, func(c *call) value.Value {
		v := c.val(0)
		f, err := value.AsFunc(v)
		if err != nil {
			return value.False
		}
		for i := 0; i < f.Len(); i++ {
			if n, ok := f.ValueAt(i).(value.Int); !ok || n <= 0 {
				return value.False
			}
		}
		return value.True
	}),
	"BagToSet": seqFn(1, func(c *call) value.Value { return c.fn(0).Domain() }),
	"SetToBag": seqFn(1, func(c *call) value.Value {
		elems := c.elems(0)
		ones := make([]value.Value, len(elems))
		for i := range ones {
			ones[i] = value.Int(1)
		}
		f, err := value.NewFunc(append([]value.Value(nil), elems...), ones)
		c.check(err)
		return f
	}),
	"BagIn": seqFn(2, func(c *call) value.Value {
		e, b := c.val(0), c.fn(1)
		_, ok, err := b.Lookup(normalized(c, e))
		c.check(err)
		return value.Bool(ok)
	}),
	"CopiesIn": seqFn(2, func(c *call) value.Value {
		e, b := c.val(0), c.fn(1)
		v, ok, err := b.Lookup(normalized(c, e))
		c.check(err)
		if !ok {
			return value.Int(0)
		}
		return v
	}),
	"(+)": seqFn(2, func(c *call) value.Value { return bagCombine(c, c.fn(0), c.fn(1), 1) }),
	"(-)": seqFn(2, func(c *call) value.Value { return bagCombine(c, c.fn(0), c.fn(1), -1) }),
	"BagUnion": seqFn(1, func(c *call) value.Value {
		var acc value.FuncValue = value.Tuple{}
		for _, b := range c.elems(0) {
			f, err := value.AsFunc(b)
			c.check(err)
			acc = bagCombine(c, acc, f, 1)
		}
		return acc
	}),
	`\sqsubseteq`: seqFn(2, func(c *call) value.Value {
		a, b := c.fn(0), c.fn(1)
		for i := 0; i < a.Len(); i++ {
			v, ok, err := b.Lookup(a.DomainAt(i))
			c.check(err)
			if !ok || v.(value.Int) < a.ValueAt(i).(value.Int) {
				return value.False
			}
		}
		return value.True
	}),
	"BagCardinality": seqFn(1, func(c *call) value.Value {
		b := c.fn(0)
		var n int64
		for i := 0; i < b.Len(); i++ {
			n += int64(bagCount(c, b.ValueAt(i)))
		}
		return c.makeInt(n, "BagCardinality")
	}),
	"BagOfAll": seqFn(2, func(c *call) value.Value {
		op := c.op(0, 1)
		b := c.fn(1)
		var acc value.FuncValue = value.Tuple{}
		for i := 0; i < b.Len(); i++ {
			one, err := value.NewFunc([]value.Value{c.applyOp(op, b.DomainAt(i))}, []value.Value{b.ValueAt(i)})
			c.check(err)
			acc = bagCombine(c, acc, one, 1)
		}
		return acc
	}),
	"SubBag": seqFn(1, func(c *call) value.Value {
		b := c.fn(0)
		// Every function from a subset of DOMAIN b with 1..b[e] copies of each e.
		var out []value.Value
		var rec func(i int, dom, vals []value.Value)
		rec = func(i int, dom, vals []value.Value) {
			if i == b.Len() {
				f, err := value.NewFunc(append([]value.Value(nil), dom...), append([]value.Value(nil), vals...))
				c.check(err)
				out = append(out, f)
				return
			}
			rec(i+1, dom, vals)
			for k := 1; k <= bagCount(c, b.ValueAt(i)); k++ {
				rec(i+1, append(dom, b.DomainAt(i)), append(vals, value.Int(k)))
			}
		}
		rec(0, nil, nil)
		return c.newSet(out)
	}),
}

func normalized(c *call, v value.Value) value.Value {
	n, err := value.Normalize(v)
	c.check(err)
	return n
}

func bagCount(c *call, v value.Value) int {
	n, ok := v.(value.Int)
	if !ok || n <= 0 {
		c.fail("%s is not a bag count (a positive integer)", value.Abbrev(v))
	}
	return int(n)
}

// bagCombine adds (sign 1) or subtracts (sign -1) bag b from a, dropping elements whose count
// falls to zero or below.
func bagCombine(c *call, a, b value.FuncValue, sign int) value.FuncValue {
	var dom, vals []value.Value
	for i := 0; i < a.Len(); i++ {
		n := bagCount(c, a.ValueAt(i))
		if v, ok, err := b.Lookup(a.DomainAt(i)); err == nil && ok {
			n += sign * bagCount(c, v)
		}
		if n > 0 {
			dom, vals = append(dom, a.DomainAt(i)), append(vals, value.Int(n))
		}
	}
	if sign > 0 {
		for i := 0; i < b.Len(); i++ {
			if _, ok, _ := a.Lookup(b.DomainAt(i)); !ok {
				dom, vals = append(dom, b.DomainAt(i)), append(vals, b.ValueAt(i))
			}
		}
	}
	f, err := value.NewFunc(dom, vals)
	c.check(err)
	return f
}
