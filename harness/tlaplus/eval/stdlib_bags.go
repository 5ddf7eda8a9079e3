package eval

import (
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// Implements the Bags module. A bag is a function from its elements to their (positive) number
// of copies.

var bags = natives{
	"EmptyBag": constant(value.Tuple{}),
	"IsABag":   seqFn(1, func(c *call) value.Value { return value.Bool(isABag(c.val(0))) }),
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
	// BagIn and CopiesIn look e up in B's domain; BagIn is TRUE only for a positive count, as
	// TLC's Bags.BagIn.
	"BagIn": seqFn(2, func(c *call) value.Value {
		n, ok := bagLookup(c, c.val(0), c.val(1))
		return value.Bool(ok && n > 0)
	}),
	"CopiesIn": seqFn(2, func(c *call) value.Value {
		n, _ := bagLookup(c, c.val(0), c.val(1))
		return n
	}),
	// B1 (+) B2 requires two bags, as TLC's Bags.BagCup; B1 (-) B2 does not, and keeps the
	// elements whose count stays positive (Bags.BagDiff).
	"(+)": seqFn(2, func(c *call) value.Value {
		a, b := c.val(0), c.val(1)
		if !isABag(a) {
			c.argFail(0, "a bag", a)
		}
		if !isABag(b) {
			c.argFail(1, "a bag", b)
		}
		return bagSum(c, []value.FuncValue{c.fnOf(0, a), c.fnOf(1, b)})
	}),
	"(-)": seqFn(2, func(c *call) value.Value {
		a, b := c.fn(0), c.fn(1)
		var dom, vals []value.Value
		for i := 0; i < a.Len(); i++ {
			n := bagInt(c, 0, a, a.ValueAt(i))
			if v, ok, err := b.Lookup(a.DomainAt(i)); err == nil && ok {
				n -= bagInt(c, 1, b, v)
			}
			if n > 0 {
				dom, vals = append(dom, a.DomainAt(i)), append(vals, value.Int(n))
			}
		}
		f, err := value.NewFunc(dom, vals)
		c.check(err)
		return f
	}),
	// BagUnion(S) adds the counts of S's bags (Bags.BagUnion; S's only element if it has one).
	"BagUnion": seqFn(1, func(c *call) value.Value {
		elems := c.elems(0)
		if len(elems) == 1 {
			return elems[0]
		}
		fs := make([]value.FuncValue, len(elems))
		for i, b := range elems {
			f, err := value.AsFunc(b)
			if err != nil {
				fail(c.pos, "Attemtped to apply BagUnion to the following set, whose\nelement is not a bag:\n%s", value.Pretty(c.val(0)))
			}
			fs[i] = f
		}
		return bagSum(c, fs)
	}),
	// B1 \sqsubseteq B2: no element has more copies in B1 than in B2 (Bags.SqSubseteq, which
	// counts an element of B1 missing from B2 as 0 there).
	`\sqsubseteq`: seqFn(2, func(c *call) value.Value {
		a, b := c.fn(0), c.fn(1)
		for i := 0; i < a.Len(); i++ {
			n := bagInt(c, 0, a, a.ValueAt(i))
			if v, ok, err := b.Lookup(a.DomainAt(i)); err == nil && ok {
				n -= bagInt(c, 1, b, v)
			}
			if n > 0 {
				return value.False
			}
		}
		return value.True
	}),
	"BagCardinality": seqFn(1, func(c *call) value.Value {
		b := c.fn(0)
		var n int64
		for i := 0; i < b.Len(); i++ {
			k, ok := b.ValueAt(i).(value.Int)
			if !ok || k <= 0 {
				fail(c.pos, "Applying BagCardinality to the following value,\nwhich is not a bag:\n%s", value.Pretty(b))
			}
			n += int64(k)
		}
		return c.makeInt(n, "BagCardinality")
	}),
	// BagOfAll(F, B) adds the counts of the elements F maps to the same value (Bags.BagOfAll).
	"BagOfAll": seqFn(2, func(c *call) value.Value {
		op := c.op(0, 1)
		b := c.fn(1)
		fs := make([]value.FuncValue, b.Len())
		for i := range fs {
			one, err := value.NewFunc([]value.Value{c.applyOp(op, b.DomainAt(i))}, []value.Value{b.ValueAt(i)})
			c.check(err)
			fs[i] = one
		}
		return bagSum(c, fs)
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

// isABag is IsABag: a function whose values are positive integers.
func isABag(v value.Value) bool {
	f, err := value.AsFunc(v)
	if err != nil {
		return false
	}
	for i := 0; i < f.Len(); i++ {
		if n, ok := f.ValueAt(i).(value.Int); !ok || n <= 0 {
			return false
		}
	}
	return true
}

// bagLookup is B[e] for argument 1 (B) a function, 0 if e is outside its domain; a count that is
// not an integer fails as TLC's Bags.BagIn and CopiesIn do.
func bagLookup(c *call, e, bv value.Value) (value.Int, bool) {
	b := c.fnOf(1, bv)
	v, ok, err := b.Lookup(normalized(c, e))
	c.check(err)
	if !ok {
		return 0, false
	}
	n, isInt := v.(value.Int)
	if !isInt {
		c.argFail(1, "a bag", bv)
	}
	return n, true
}

// bagInt is count v of argument i (f), which must be an integer.
func bagInt(c *call, i int, f value.FuncValue, v value.Value) int64 {
	n, ok := v.(value.Int)
	if !ok {
		c.argFail(i, "a bag", f)
	}
	return int64(n)
}

// bagSum adds the counts of the functions fs element by element, as TLC's BagCup, BagUnion and
// BagOfAll do.
func bagSum(c *call, fs []value.FuncValue) value.FuncValue {
	var dom, counts []value.Value
	index := map[uint64][]int{}
	for _, f := range fs {
		for i := 0; i < f.Len(); i++ {
			d := f.DomainAt(i)
			k, ok := f.ValueAt(i).(value.Int)
			if !ok {
				fail(c.pos, "%s: the count of %s is %s, not an integer", c.name, d, f.ValueAt(i))
			}
			fp, err := value.Fingerprint(d)
			c.check(err)
			found := false
			for _, j := range index[fp] {
				if c.equal(dom[j], d) {
					counts[j] = c.makeInt(int64(counts[j].(value.Int))+int64(k), c.name)
					found = true
					break
				}
			}
			if !found {
				index[fp] = append(index[fp], len(dom))
				dom, counts = append(dom, d), append(counts, k)
			}
		}
	}
	g, err := value.NewFunc(dom, counts)
	c.check(err)
	return g
}

// Implements BagsExt's FoldBag as TLC's Java override (tlc2.overrides.BagsExt.foldBag): op
// applied as op(acc, e) once per copy of each element e, in the order of B's domain, starting
// from base. The module's definition folds through MapThenFoldBag, which applies op with the
// element first and base once per element: the two agree on FoldBag's documented use, an
// associative and commutative op with base its identity (SumBag, ProductBag).
var bagsExt = natives{
	"FoldBag": seqFn(3, func(c *call) value.Value {
		op, acc, bv := c.op(0, 2), c.val(1), c.val(2)
		b, err := value.AsFunc(bv)
		if err != nil {
			c.argFail(2, "a bag", bv)
		}
		for i := 0; i < b.Len(); i++ {
			n, ok := b.ValueAt(i).(value.Int)
			if !ok || n <= 0 {
				c.argFail(2, "a bag", bv)
			}
			for range n {
				acc = c.applyOp(op, acc, b.DomainAt(i))
			}
		}
		return acc
	}),
}
