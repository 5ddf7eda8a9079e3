package eval

import (
	"github.com/dsref/dsref/harness/tlaplus/ast"
	"sort"
	"strings"

	"github.com/dsref/dsref/harness/tlaplus/value"
)

// Implements the community modules Folds, FiniteSetsExt, Functions and SequencesExt natively,
// following the definitions in github.com/tlaplus/CommunityModules.

// foldRight computes op(xs[0], op(xs[1], ... op(xs[n-1], base))), the order in which
// MapThenFoldSet combines the elements it chooses.
func foldRight(c *call, op *Operator, xs []value.Value, base value.Value) value.Value {
	acc := base
	for i := len(xs) - 1; i >= 0; i-- {
		acc = c.applyOp(op, xs[i], acc)
	}
	return acc
}

var folds = natives{
	// MapThenFoldSet(op(_,_), base, f(_), choose(_), S)
	"MapThenFoldSet": seqFn(5, func(c *call) value.Value {
		op, f, choose := c.op(0, 2), c.op(2, 1), c.op(3, 1)
		base := c.val(1)
		sv := c.val(4)
		s, ok := sv.(value.SetValue)
		if !ok {
			// The definition's iter[S], iter's domain being SUBSET S, asks whether S is in SUBSET
			// S: TLC's SubsetValue.member fails so for a value that is not a set.
			fail(c.pos, "Attempted to check if the non-enumerable value\n%s\nis element of\n%s", value.Pretty(sv), value.PrettyString("SUBSET "+sv.String(), value.PrettyWidth))
		}
		e, err := s.Enumerate()
		c.check(err)
		rest := c.newSet(append([]value.Value(nil), e.Elems()...))
		var mapped []value.Value
		for rest.Len() > 0 {
			x := c.applyOp(choose, rest)
			var err error
			var left value.SetValue
			left, err = value.Difference(rest, c.newSet([]value.Value{x}))
			c.check(err)
			if left.(*value.Set).Len() != rest.Len()-1 {
				c.fail("choose returned %s, which is not an element of %s", value.Abbrev(x), value.Abbrev(rest))
			}
			mapped = append(mapped, c.applyOp(f, x))
			rest = left.(*value.Set)
		}
		return foldRight(c, op, mapped, base)
	}),
}

var finiteSetsExt = natives{
	"FoldSet": seqFn(3, func(c *call) value.Value {
		return foldRight(c, c.op(0, 2), c.elems(2), c.val(1))
	}),
	"ReduceSet": seqFn(3, func(c *call) value.Value {
		return foldRight(c, c.op(0, 2), c.elems(1), c.val(2))
	}),
	"Quantify": seqFn(2, func(c *call) value.Value {
		p := c.op(1, 1)
		n := 0
		for _, e := range c.elems(0) {
			if c.applyBool(p, e) {
				n++
			}
		}
		return value.Int(n)
	}),
	"Ksubsets": seqFn(2, func(c *call) value.Value { return kSubsets(c, c.elems(0), c.int(1)) }),
	"kSubset":  seqFn(2, func(c *call) value.Value { return kSubsets(c, c.elems(1), c.int(0)) }),
	"Max": seqFn(1, func(c *call) value.Value {
		return extremum(c, func(a, b int64) bool { return a > b })
	}),
	"Min": seqFn(1, func(c *call) value.Value {
		return extremum(c, func(a, b int64) bool { return a < b })
	}),
	"SumSet": seqFn(1, func(c *call) value.Value {
		var n int64
		for _, e := range c.elems(0) {
			n += int64(asInt(c, e))
			c.makeInt(n, "SumSet")
		}
		return value.Int(n)
	}),
	"ProductSet": seqFn(1, func(c *call) value.Value {
		n := int64(1)
		for _, e := range c.elems(0) {
			n *= int64(asInt(c, e))
			c.makeInt(n, "ProductSet")
		}
		return value.Int(n)
	}),
	"SymDiff": seqFn(2, func(c *call) value.Value {
		a, b := c.set(0), c.set(1)
		ab, err := value.Difference(a, b)
		c.check(err)
		ba, err := value.Difference(b, a)
		c.check(err)
		u, err := value.Union(ab, ba)
		c.check(err)
		return u
	}),
	"FlattenSet": seqFn(1, func(c *call) value.Value {
		u, err := value.BigUnion(c.set(0))
		c.check(err)
		return u
	}),
	"ChooseUnique": seqFn(2, func(c *call) value.Value {
		p := c.op(1, 1)
		var found value.Value
		for _, e := range c.elems(0) {
			if c.applyBool(p, e) {
				if found != nil {
					c.fail("more than one element satisfies the predicate: %s and %s", value.Abbrev(found), value.Abbrev(e))
				}
				found = e
			}
		}
		if found == nil {
			c.fail("no element satisfies the predicate")
		}
		return found
	}),
}

func asInt(c *call, v value.Value) value.Int {
	n, ok := v.(value.Int)
	if !ok {
		c.fail("%s is not an integer", value.Abbrev(v))
	}
	return n
}

func extremum(c *call, better func(a, b int64) bool) value.Value {
	elems := c.elems(0)
	if len(elems) == 0 {
		c.fail("the set is empty")
	}
	best := asInt(c, elems[0])
	for _, e := range elems[1:] {
		if n := asInt(c, e); better(int64(n), int64(best)) {
			best = n
		}
	}
	return best
}

func kSubsets(c *call, elems []value.Value, k int64) value.Value {
	if k < 0 || k > int64(len(elems)) {
		return value.EmptySet
	}
	var out []value.Value
	pick := make([]value.Value, 0, k)
	var rec func(i int)
	rec = func(i int) {
		if int64(len(pick)) == k {
			out = append(out, c.newSet(append([]value.Value(nil), pick...)))
			return
		}
		for j := i; j < len(elems); j++ {
			pick = append(pick, elems[j])
			rec(j + 1)
			pick = pick[:len(pick)-1]
		}
	}
	rec(0)
	return c.newSet(out)
}

func rangeOf(c *call, f value.FuncValue) []value.Value {
	out := make([]value.Value, f.Len())
	for i := range out {
		out[i] = f.ValueAt(i)
	}
	return out
}

// functionsBetween enumerates [S -> T] keeping those accepted by keep.
func functionsBetween(c *call, s, t value.SetValue, keep func(f value.FuncValue) bool) []value.Value {
	all, err := value.FuncSet(s, t).Enumerate()
	c.check(err)
	var out []value.Value
	for _, f := range all.Elems() {
		if keep(f.(value.FuncValue)) {
			out = append(out, f)
		}
	}
	return out
}

func injective(c *call, f value.FuncValue) bool {
	r := rangeOf(c, f)
	return c.newSet(append([]value.Value(nil), r...)).Len() == len(r)
}

// surjective is \A t \in T : \E s \in S : f[s] = t, evaluated in that order.
func surjective(c *call, f value.Value, S, T []value.Value) bool {
	for _, t := range T {
		found := false
		for _, s := range S {
			if c.equal(c.ev.applyFunc(f, s, c.pos), t) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func surjectiveOnto(c *call, f value.FuncValue, t value.SetValue) bool {
	r := c.newSet(rangeOf(c, f))
	ok, err := value.IsSubset(t, r)
	c.check(err)
	return ok
}

var functionsExt = natives{
	"Restrict": seqFn(2, func(c *call) value.Value {
		f := c.val(0)
		keys := c.elems(1)
		vals := make([]value.Value, len(keys))
		for i, k := range keys {
			vals[i] = c.ev.applyFunc(f, k, c.pos)
		}
		g, err := value.NewFunc(append([]value.Value(nil), keys...), vals)
		c.check(err)
		return g
	}),
	"RestrictDomain": seqFn(2, func(c *call) value.Value {
		f, p := c.fn(0), c.op(1, 1)
		var dom, vals []value.Value
		for i := 0; i < f.Len(); i++ {
			if c.applyBool(p, f.DomainAt(i)) {
				dom, vals = append(dom, f.DomainAt(i)), append(vals, f.ValueAt(i))
			}
		}
		g, err := value.NewFunc(dom, vals)
		c.check(err)
		return g
	}),
	"RestrictValues": seqFn(2, func(c *call) value.Value {
		f, p := c.fn(0), c.op(1, 1)
		var dom, vals []value.Value
		for i := 0; i < f.Len(); i++ {
			if c.applyBool(p, f.ValueAt(i)) {
				dom, vals = append(dom, f.DomainAt(i)), append(vals, f.ValueAt(i))
			}
		}
		g, err := value.NewFunc(dom, vals)
		c.check(err)
		return g
	}),
	"IsRestriction": seqFn(2, func(c *call) value.Value {
		f, g := c.fn(0), c.fn(1)
		for i := 0; i < f.Len(); i++ {
			v, ok, err := g.Lookup(f.DomainAt(i))
			c.check(err)
			if !ok || !c.equal(v, f.ValueAt(i)) {
				return value.False
			}
		}
		return value.True
	}),
	"Range": seqFn(1, func(c *call) value.Value { return c.newSet(rangeOf(c, c.fn(0))) }),
	"Inverse": seqFn(3, func(c *call) value.Value {
		// Inverse(f, S, T) == [t \in T |-> CHOOSE s \in S : t \in Range(f) => f[s] = t]
		f := c.val(0)
		s, t := c.elems(1), c.elems(2)
		rng := c.newSet(rangeOf(c, c.fn(0)))
		vals := make([]value.Value, len(t))
		for i, y := range t {
			inRange, err := rng.Contains(y)
			c.check(err)
			for _, x := range s {
				if !inRange || c.equal(c.ev.applyFunc(f, x, c.pos), y) {
					vals[i] = x
					break
				}
			}
			if vals[i] == nil {
				c.fail("CHOOSE found no element of the domain for %s", value.Abbrev(y))
			}
		}
		g, err := value.NewFunc(append([]value.Value(nil), t...), vals)
		c.check(err)
		return g
	}),
	// AntiFunction(f) == [y \in Range(f) |-> CHOOSE x \in DOMAIN f : f[x] = y]: for a value
	// several elements map to, the first of them in the domain's order, as TLC's override
	// (tlc2.overrides.Functions.antiFunction) and CHOOSE give (was an error).
	"AntiFunction": seqFn(1, func(c *call) value.Value {
		f := c.fn(0)
		var dom, vals []value.Value
		byFP := map[uint64][]int{} // indexes into dom by fingerprint
	next:
		for i := 0; i < f.Len(); i++ {
			y := f.ValueAt(i)
			fp, err := value.Fingerprint(y)
			c.check(err)
			for _, j := range byFP[fp] {
				if c.equal(dom[j], y) {
					continue next
				}
			}
			byFP[fp] = append(byFP[fp], len(dom))
			dom, vals = append(dom, y), append(vals, f.DomainAt(i))
		}
		g, err := value.NewFunc(dom, vals)
		c.check(err)
		return g
	}),
	"IsInjective": seqFn(1, func(c *call) value.Value {
		if rs, ok := c.args[0].(*ast.RecordSet); ok {
			// TLC's override (tlc2.overrides.Functions.IsInjective) takes the set of records
			// [a : x, b : y] for the function its fields' values make, unevaluated as a set:
			// IsInjective([a : 1, b : 2]) is TRUE, and CommunityModules' FunctionsTests asserts so.
			vals := make([]value.Value, len(rs.Fields))
			for i, f := range rs.Fields {
				vals[i] = c.ev.eval(f.Value, c.sc)
			}
			return value.Bool(c.newSet(vals).Len() == len(vals))
		}
		return value.Bool(injective(c, c.fn(0)))
	}),
	// IsSurjective(f, S, T) == \A t \in T : \E s \in S : f[s] = t, and IsBijection(f, S, T) ==
	// IsInjective(f) /\ IsSurjective(f, S, T), as TLC evaluates the definitions (it has no
	// override for them): f need not be in [S -> T] (IsSurjective(<<0>>, {}, {}) is TRUE).
	"IsSurjective": seqFn(3, func(c *call) value.Value {
		return value.Bool(surjective(c, c.val(0), c.elems(1), c.elems(2)))
	}),
	"IsBijection": seqFn(3, func(c *call) value.Value {
		f := c.val(0)
		fn, err := value.AsFunc(f)
		if err != nil {
			c.fail("argument 1 must be a function, not %s", value.Abbrev(f))
		}
		return value.Bool(injective(c, fn) && surjective(c, f, c.elems(1), c.elems(2)))
	}),
	"Injection": seqFn(2, func(c *call) value.Value {
		return c.newSet(functionsBetween(c, c.set(0), c.set(1), func(f value.FuncValue) bool { return injective(c, f) }))
	}),
	"Surjection": seqFn(2, func(c *call) value.Value {
		t := c.set(1)
		return c.newSet(functionsBetween(c, c.set(0), t, func(f value.FuncValue) bool { return surjectiveOnto(c, f, t) }))
	}),
	"Bijection": seqFn(2, func(c *call) value.Value {
		t := c.set(1)
		return c.newSet(functionsBetween(c, c.set(0), t, func(f value.FuncValue) bool { return injective(c, f) && surjectiveOnto(c, f, t) }))
	}),
	"ExistsInjection": seqFn(2, func(c *call) value.Value {
		s, err := value.Cardinality(c.set(0))
		c.check(err)
		t, err := value.Cardinality(c.set(1))
		c.check(err)
		return value.Bool(s <= t)
	}),
	"ExistsSurjection": seqFn(2, func(c *call) value.Value {
		s, err := value.Cardinality(c.set(0))
		c.check(err)
		t, err := value.Cardinality(c.set(1))
		c.check(err)
		return value.Bool(s >= t && (t > 0 || s == 0))
	}),
	"ExistsBijection": seqFn(2, func(c *call) value.Value {
		s, err := value.Cardinality(c.set(0))
		c.check(err)
		t, err := value.Cardinality(c.set(1))
		c.check(err)
		return value.Bool(s == t)
	}),
	"FoldFunction": seqFn(3, func(c *call) value.Value {
		return foldRight(c, c.op(0, 2), rangeOf(c, c.fn(2)), c.val(1))
	}),
	"FoldFunctionOnSet": seqFn(4, func(c *call) value.Value {
		op, base, f := c.op(0, 2), c.val(1), c.val(2)
		switch f.(type) {
		case value.FuncValue, value.LazyFunc, *funcClosure:
		default:
			// TLC's override takes an Applicable (tlc2.overrides.Functions.foldFunctionOnSet).
			c.argFail(2, "a function", f)
		}
		keys := c.elems(3)
		vals := make([]value.Value, len(keys))
		for i, k := range keys {
			vals[i] = c.ev.applyFunc(f, k, c.pos)
		}
		return foldRight(c, op, vals, base)
	}),
	"Pointwise": seqFn(3, func(c *call) value.Value {
		// Pointwise(f, g, T(_, _)), the community module's order.
		f, g, op := c.fn(0), c.val(1), c.op(2, 2)
		vals := make([]value.Value, f.Len())
		dom := make([]value.Value, f.Len())
		for i := range vals {
			dom[i] = f.DomainAt(i)
			vals[i] = c.applyOp(op, f.ValueAt(i), c.ev.applyFunc(g, f.DomainAt(i), c.pos))
		}
		h, err := value.NewFunc(dom, vals)
		c.check(err)
		return h
	}),
}

var sequencesExt = natives{
	// ToSet(s) == { s[i] : i \in DOMAIN s }: the image of any function, as TLC evaluates the
	// definition (ToSet([i \in 0..9 |-> 42]) = {42} in the community module's tests).
	"ToSet": seqFn(1, func(c *call) value.Value {
		v := c.val(0)
		if t, ok := v.(value.Tuple); ok {
			return c.newSet(append([]value.Value(nil), t...))
		}
		f, err := value.AsFunc(v)
		if err != nil {
			c.fail("argument 1 must be a function, not %s", value.Abbrev(v))
		}
		out := make([]value.Value, f.Len())
		for i := range out {
			out[i] = f.ValueAt(i)
		}
		return c.newSet(out)
	}),
	"SetToSeq": seqFn(1, func(c *call) value.Value {
		return append(value.Tuple{}, c.elems(0)...)
	}),
	"SetToSortSeq": seqFn(2, func(c *call) value.Value {
		s := append(value.Tuple{}, c.elems(0)...)
		less := c.op(1, 2)
		sort.SliceStable(s, func(i, j int) bool { return c.applyBool(less, s[i], s[j]) })
		return s
	}),
	"Reverse": seqFn(1, func(c *call) value.Value {
		s := c.seq(0)
		out := make(value.Tuple, len(s))
		for i, e := range s {
			out[len(s)-1-i] = e
		}
		return out
	}),
	"Contains": seqFn(2, func(c *call) value.Value {
		e := c.val(1)
		for _, x := range c.seq(0) {
			if c.equal(x, e) {
				return value.True
			}
		}
		return value.False
	}),
	"Remove": seqFn(2, func(c *call) value.Value {
		e := c.val(1)
		out := value.Tuple{}
		for _, x := range c.seq(0) {
			if !c.equal(x, e) {
				out = append(out, x)
			}
		}
		return out
	}),
	"ReplaceAll": seqFn(3, func(c *call) value.Value {
		old, nw := c.val(1), c.val(2)
		s := c.seq(0)
		out := make(value.Tuple, len(s))
		for i, x := range s {
			out[i] = x
			if c.equal(x, old) {
				out[i] = nw
			}
		}
		return out
	}),
	// InsertAt, RemoveAt and Front are the definitions' SubSeqs joined: SubSeq(s, 1, i - 1) \o
	// <<e>> \o SubSeq(s, i, Len(s)), SubSeq(s, 1, i - 1) \o SubSeq(s, i + 1, Len(s)) and
	// SubSeq(s, 1, Len(s) - 1), defined where those are (RemoveAt(s, 0) = s, Front(<<>>) = <<>>).
	"InsertAt": seqFn(3, func(c *call) value.Value {
		s, i, e := c.seq(0), c.int(1), c.val(2)
		head, tail := subSeq(c, s, 1, i-1), subSeq(c, s, i, int64(len(s)))
		return append(append(append(make(value.Tuple, 0, len(s)+1), head...), e), tail...)
	}),
	"RemoveAt": seqFn(2, func(c *call) value.Value {
		s, i := c.seq(0), c.int(1)
		head, tail := subSeq(c, s, 1, i-1), subSeq(c, s, i+1, int64(len(s)))
		return append(append(make(value.Tuple, 0, len(s)), head...), tail...)
	}),
	// ReplaceAt(s, i, e) == [s EXCEPT ![i] = e]: s itself for i outside its domain, as EXCEPT.
	"ReplaceAt": seqFn(3, func(c *call) value.Value {
		s, i, e := c.seq(0), c.int(1), c.val(2)
		if i < 1 || i > int64(len(s)) {
			return s
		}
		out := append(value.Tuple{}, s...)
		out[i-1] = e
		return out
	}),
	"Front": seqFn(1, func(c *call) value.Value {
		s := c.seq(0)
		return subSeq(c, s, 1, int64(len(s))-1)
	}),
	"Last": seqFn(1, func(c *call) value.Value {
		s := c.seq(0)
		if len(s) == 0 {
			c.fail("the sequence is empty")
		}
		return s[len(s)-1]
	}),
	"Cons": seqFn(2, func(c *call) value.Value {
		return append(value.Tuple{c.val(0)}, c.seq(1)...)
	}),
	// IsPrefix(s, t) == Len(s) <= Len(t) /\ SubSeq(s, 1, Len(s)) = SubSeq(t, 1, Len(s)) holds of
	// strings too in TLC, whose Len and SubSeq take them (LongestCommonPrefix({"abc", "abd"}) =
	// "ab" in the community module's tests).
	"IsPrefix":       seqFn(2, func(c *call) value.Value { return value.Bool(isPrefixOf(c, false)) }),
	"IsStrictPrefix": seqFn(2, func(c *call) value.Value { return value.Bool(isPrefixOf(c, true)) }),
	"IsSuffix": seqFn(2, func(c *call) value.Value {
		return value.Bool(isPrefix(c, reverse(c.seq(0)), reverse(c.seq(1)), false))
	}),
	"IsStrictSuffix": seqFn(2, func(c *call) value.Value {
		return value.Bool(isPrefix(c, reverse(c.seq(0)), reverse(c.seq(1)), true))
	}),
	"Indices": seqFn(1, func(c *call) value.Value { return value.Interval(1, int64(len(c.seq(0)))) }),
	// FoldLeft(op(_, _), base, seq) == op(...op(op(base, s[1]), s[2])..., s[n])
	"FoldLeft": seqFn(3, func(c *call) value.Value {
		op, acc := c.op(0, 2), c.val(1)
		for _, e := range c.seq(2) {
			acc = c.applyOp(op, acc, e)
		}
		return acc
	}),
	// FoldRight(op(_, _), seq, base) == op(s[1], op(s[2], ... op(s[n], base)))
	"FoldRight": seqFn(3, func(c *call) value.Value {
		return foldRight(c, c.op(0, 2), c.seq(1), c.val(2))
	}),
	// FoldSeq(op, base, seq) == FoldFunction(op, base, seq), of any function as TLC's override
	// (SequencesExt.foldSeq calls Functions.foldFunction).
	"FoldSeq": seqFn(3, func(c *call) value.Value {
		v := c.val(2)
		f, err := value.AsFunc(v)
		if err != nil {
			// TLC's error names the operator that fails, FoldFunction.
			fail(c.pos, "%s", argErrorText("FoldFunction", 2, 3, "a function", v))
		}
		return foldRight(c, c.op(0, 2), rangeOf(c, f), c.val(1))
	}),
	"ReplaceFirstSubSeq": seqFn(3, func(c *call) value.Value { return replaceSubSeqs(c, false) }),
	"ReplaceAllSubSeqs":  seqFn(3, func(c *call) value.Value { return replaceSubSeqs(c, true) }),
	// FlattenSeq(seqs) == IF Len(seqs) = 0 THEN seqs ELSE seqs[1] \o ... \o seqs[Len(seqs)], the
	// community module's definition, written so that TLC flattens strings: FlattenSeq("") = "" and
	// FlattenSeq(<<"a", "b">>) = "ab".
	"FlattenSeq": seqFn(1, func(c *call) value.Value {
		v := c.val(0)
		if v == value.Str("") {
			return v
		}
		seqs := c.seqOf(0, v)
		if len(seqs) == 0 {
			return v
		}
		if _, ok := seqs[0].(value.Str); ok {
			var b strings.Builder
			for _, e := range seqs {
				s, ok := e.(value.Str)
				if !ok {
					c.fail("cannot join the string %s and %s with \\o", value.Abbrev(seqs[0]), value.Abbrev(e))
				}
				b.WriteString(string(s))
			}
			return value.Str(b.String())
		}
		out := value.Tuple{}
		for _, e := range seqs {
			s, err := value.AsSeq(e)
			c.check(err)
			out = append(out, s...)
		}
		return out
	}),
	"Zip": seqFn(2, func(c *call) value.Value {
		// As the community module defines it: as long as the shorter sequence.
		a, b := c.seq(0), c.seq(1)
		if len(b) < len(a) {
			a = a[:len(b)]
		}
		out := make(value.Tuple, len(a))
		for i := range a {
			out[i] = value.Tuple{a[i], b[i]}
		}
		return out
	}),
	"SelectInSeq": seqFn(2, func(c *call) value.Value {
		p := c.op(1, 1)
		for i, e := range c.seq(0) {
			if c.applyBool(p, e) {
				return value.Int(i + 1)
			}
		}
		return value.Int(0)
	}),
	"SelectLastInSeq": seqFn(2, func(c *call) value.Value {
		p := c.op(1, 1)
		s := c.seq(0)
		for i := len(s) - 1; i >= 0; i-- {
			if c.applyBool(p, s[i]) {
				return value.Int(i + 1)
			}
		}
		return value.Int(0)
	}),
	"BoundedSeq": seqFn(2, func(c *call) value.Value { return boundedSeqs(c, c.elems(0), c.int(1)) }),
	"SeqOf":      seqFn(2, func(c *call) value.Value { return boundedSeqs(c, c.elems(0), c.int(1)) }),
	// Prefixes(s) == {SubSeq(s, 1, l) : l \in 0 .. Len(s)}, of a string too (see IsPrefix).
	"Prefixes": seqFn(1, func(c *call) value.Value {
		v := c.val(0)
		if str, ok := v.(value.Str); ok {
			out := make([]value.Value, len(str)+1)
			for i := range out {
				out[i] = str[:i]
			}
			return c.newSet(out)
		}
		s := c.seqOf(0, v)
		out := make([]value.Value, len(s)+1)
		for i := range out {
			out[i] = s[:i]
		}
		return c.newSet(out)
	}),
	"Suffixes": seqFn(1, func(c *call) value.Value {
		s := c.seq(0)
		out := make([]value.Value, len(s)+1)
		for i := range out {
			out[i] = s[i:]
		}
		return c.newSet(out)
	}),
}

// replaceSubSeqs is ReplaceFirstSubSeq(r, s, t) (ReplaceAllSubSeqs if all): t with its first
// occurrence of s (every occurrence, left to right, none overlapping the one replaced before it)
// replaced by r. TLC's override (tlc2.overrides.SequencesExt) computes it so for three strings
// (StringUtils.replaceOnce and replace; an empty s puts r before t's first element, or before
// each of its elements for ReplaceAllSubSeqs), and the module's definitions give the same for
// sequences: ReplaceAllSubSeqs chooses the most matches and, among those, the leftmost, which the
// left-to-right scan finds (the occurrences all have s's length), s = t gives r, and an empty s
// with an empty t gives r. The definitions enumerate BoundedSeq(BoundedSeq(Range(t), Len(t)),
// Len(t)), too many to compute beyond a few elements.
func replaceSubSeqs(c *call, all bool) value.Value {
	rv, sv, tv := c.val(0), c.val(1), c.val(2)
	if r, ok := rv.(value.Str); ok {
		if s, ok := sv.(value.Str); ok {
			if t, ok := tv.(value.Str); ok {
				switch {
				case s == "" && !all:
					return r + t
				case s == "":
					if t == "" {
						return r
					}
					var b strings.Builder
					for i := 0; i < len(t); i++ {
						b.WriteString(string(r))
						b.WriteByte(t[i])
					}
					return value.Str(b.String())
				case all:
					return value.Str(strings.ReplaceAll(string(t), string(s), string(r)))
				}
				return value.Str(strings.Replace(string(t), string(s), string(r), 1))
			}
		}
	}
	r, s, t := c.seqOf(0, rv), c.seqOf(1, sv), c.seqOf(2, tv)
	out := value.Tuple{}
	if len(s) == 0 {
		if !all || len(t) == 0 {
			return append(append(out, r...), t...)
		}
		for _, e := range t {
			out = append(append(out, r...), e)
		}
		return out
	}
	matched := false
	for i := 0; i < len(t); {
		if (all || !matched) && isPrefix(c, s, t[i:], false) {
			out = append(out, r...)
			matched = true
			i += len(s)
			continue
		}
		out = append(out, t[i])
		i++
	}
	return out
}

// subSeq is SubSeq(s, m, n): empty when m > n, an error unless 1 <= m and n <= Len(s).
func subSeq(c *call, s value.Tuple, m, n int64) value.Tuple {
	if m > n {
		return value.Tuple{}
	}
	if m < 1 || n > int64(len(s)) {
		c.fail("SubSeq(s, %d, %d) of a sequence of length %d", m, n, len(s))
	}
	return s[m-1 : n]
}

func reverse(s value.Tuple) value.Tuple {
	out := make(value.Tuple, len(s))
	for i, e := range s {
		out[len(s)-1-i] = e
	}
	return out
}

// isPrefixOf is IsPrefix (IsStrictPrefix if strict) of the call's two arguments, sequences or
// strings.
func isPrefixOf(c *call, strict bool) bool {
	v, w := c.val(0), c.val(1)
	if s, ok := v.(value.Str); ok {
		if t, ok := w.(value.Str); ok {
			return strings.HasPrefix(string(t), string(s)) && !(strict && s == t)
		}
	}
	return isPrefix(c, c.seqOf(0, v), c.seqOf(1, w), strict)
}

func isPrefix(c *call, s, t value.Tuple, strict bool) bool {
	if len(s) > len(t) || (strict && len(s) == len(t)) {
		return false
	}
	for i := range s {
		if !c.equal(s[i], t[i]) {
			return false
		}
	}
	return true
}

// boundedSeqs is UNION {[1..m -> S] : m \in 0..n}.
func boundedSeqs(c *call, elems []value.Value, n int64) value.Value {
	if n < 0 {
		return c.newSet(nil) // 0 .. n is empty
	}
	var out []value.Value
	total := int64(0)
	var rec func(prefix value.Tuple)
	rec = func(prefix value.Tuple) {
		total++
		if total > value.MaxEnumeration {
			c.fail("more than %d sequences", value.MaxEnumeration)
		}
		out = append(out, append(value.Tuple{}, prefix...))
		if int64(len(prefix)) == n {
			return
		}
		for _, e := range elems {
			rec(append(prefix, e))
		}
	}
	rec(value.Tuple{})
	return c.newSet(out)
}
