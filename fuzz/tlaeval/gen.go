package tlaeval

import (
	"math"
	"slices"
	"strconv"
	"strings"
)

// gen builds expressions from fuzz input: each choice reads a byte (0 once the input runs out,
// which picks a literal, so every input ends in a finite expression).
type gen struct {
	in []byte
	at int
}

func (g *gen) pick(n int) int {
	if g.at >= len(g.in) {
		return 0
	}
	c := g.in[g.at]
	g.at++
	return int(c) % n
}

// small is a literal in [lo, hi].
func (g *gen) small(lo, hi int) int64 { return int64(lo + g.pick(hi-lo+1)) }

var specialInts = []int64{0, 1, -1, 2, 7, 100, 46341, 65536, math.MaxInt32 - 1, math.MaxInt32, math.MinInt32 + 1, math.MinInt32}

func (g *gen) expr(k kind, depth int) expr {
	switch k {
	case kInt:
		return g.intExpr(depth)
	case kBool:
		return g.boolExpr(depth)
	case kSet:
		return g.setExpr(depth)
	case kSeq:
		return g.seqExpr(depth)
	}
	return g.fnExpr(depth)
}

func (g *gen) intExpr(depth int) expr {
	op := 0
	if depth > 0 {
		op = g.pick(16)
	}
	switch op {
	case 1:
		if g.pick(8) == 0 { // a literal out of range
			return expr{src: "2147483648", k: kInt, out: failure}
		}
		i := specialInts[g.pick(len(specialInts))]
		return intExpr(intLit(i), i)
	case 2, 3, 4:
		a, b := g.intExpr(depth-1), g.intExpr(depth-1)
		sym := map[int]string{2: "+", 3: "-", 4: "*"}[op]
		e := expr{src: "(" + a.src + " " + sym + " " + b.src + ")", k: kInt, out: worst(a, b)}
		if e.out == defined {
			var over bool
			switch op {
			case 2:
				e.v.i, over = add(a.v.i, b.v.i)
			case 3:
				e.v.i, over = sub(a.v.i, b.v.i)
			case 4:
				e.v.i, over = mul(a.v.i, b.v.i)
			}
			if over {
				e.out = failure
			}
		}
		return e
	case 5, 6:
		a, b := g.intExpr(depth-1), g.intExpr(depth-1)
		sym := map[int]string{5: `\div`, 6: "%"}[op]
		e := expr{src: "(" + a.src + " " + sym + " " + b.src + ")", k: kInt, out: worst(a, b)}
		if e.out == defined {
			switch {
			case b.v.i == 0:
				e.out = failure
			case b.v.i < 0:
				e.out = unspecified // Integers defines \div and % for a positive divisor only
			case op == 5:
				e.v.i = floorDiv(a.v.i, b.v.i)
			default:
				e.v.i = modulo(a.v.i, b.v.i)
			}
		}
		return e
	case 7:
		a := g.intExpr(depth - 1)
		e := expr{src: "(-" + a.src + ")", k: kInt, out: a.out, v: val{i: -a.v.i}}
		if e.out == defined && !inRange(-a.v.i) {
			e.out = failure
		}
		return e
	case 8:
		a, b := g.intExpr(depth-1), g.small(0, 12)
		e := expr{src: "(" + a.src + "^" + strconv.FormatInt(b, 10) + ")", k: kInt, out: a.out}
		if e.out == defined {
			var over bool
			switch e.v.i, over = pow(a.v.i, b); {
			case a.v.i == 0 && b == 0:
				e.out = unspecified
			case over:
				e.out = failure
			}
		}
		return e
	case 9:
		s := g.seqExpr(depth - 1)
		return expr{src: "Len(" + s.src + ")", k: kInt, out: s.out, v: val{i: int64(len(s.v.elems))}}
	case 10:
		s := g.setExpr(depth - 1)
		return expr{src: "Cardinality(" + s.src + ")", k: kInt, out: s.out, v: val{i: int64(len(s.v.elems))}}
	case 11:
		c := g.boolExpr(depth - 1)
		a, b := g.intExpr(depth-1), g.intExpr(depth-1)
		e := expr{src: "(IF " + c.src + " THEN " + a.src + " ELSE " + b.src + ")", k: kInt}
		switch {
		case c.out != defined:
			e.out = c.out
		case c.v.b:
			e.out, e.v = a.out, a.v
		default:
			e.out, e.v = b.out, b.v
		}
		return e
	case 12, 14:
		s, i := g.seqExpr(depth-1), int64(1)
		if op == 12 {
			i = g.small(0, 4)
		}
		e := expr{src: s.src + "[" + strconv.FormatInt(i, 10) + "]", k: kInt, out: s.out}
		if op == 14 {
			e.src = "Head(" + s.src + ")"
		}
		if e.out == defined {
			if i < 1 || i > int64(len(s.v.elems)) {
				e.out = failure
			} else {
				e.v.i = s.v.elems[i-1]
			}
		}
		return e
	case 13:
		f, x := g.fnExpr(depth-1), g.small(-2, 4)
		e := expr{src: f.src + "[" + intLit(x) + "]", k: kInt, out: f.out}
		if e.out == defined {
			y, ok := f.v.fn[x]
			if !ok {
				e.out = failure
			}
			e.v.i = y
		}
		return e
	case 15:
		s := g.setExpr(depth - 1)
		e := expr{src: "(CHOOSE x \\in " + s.src + " : \\A y \\in " + s.src + " : x <= y)", k: kInt, out: s.out}
		if e.out == defined {
			if len(s.v.elems) == 0 {
				e.out = failure
			} else {
				e.v.i = s.v.elems[0]
			}
		}
		return e
	}
	i := g.small(-20, 20)
	return intExpr(intLit(i), i)
}

func (g *gen) boolExpr(depth int) expr {
	op := 0
	if depth > 0 {
		op = g.pick(16)
	}
	cmp := func(sym string, f func(a, b int64) bool) expr {
		a, b := g.intExpr(depth-1), g.intExpr(depth-1)
		e := expr{src: "(" + a.src + " " + sym + " " + b.src + ")", k: kBool, out: worst(a, b)}
		e.v.b = f(a.v.i, b.v.i)
		return e
	}
	switch op {
	case 1:
		return cmp("<", func(a, b int64) bool { return a < b })
	case 2:
		return cmp("<=", func(a, b int64) bool { return a <= b })
	case 3:
		return cmp("=", func(a, b int64) bool { return a == b })
	case 4:
		return cmp("#", func(a, b int64) bool { return a != b })
	case 5, 6:
		a, s := g.intExpr(depth-1), g.setExpr(depth-1)
		in := slices.Contains(s.v.elems, a.v.i)
		sym := `\in`
		if op == 6 {
			sym, in = `\notin`, !in
		}
		return expr{src: "(" + a.src + " " + sym + " " + s.src + ")", k: kBool, out: worst(a, s), v: val{b: in}}
	case 7:
		s, t := g.setExpr(depth-1), g.setExpr(depth-1)
		sub := true
		for _, x := range s.v.elems {
			sub = sub && slices.Contains(t.v.elems, x)
		}
		return expr{src: "(" + s.src + ` \subseteq ` + t.src + ")", k: kBool, out: worst(s, t), v: val{b: sub}}
	case 8:
		s, c := g.setExpr(depth-1), g.small(-5, 10)
		all := true
		for _, x := range s.v.elems {
			all = all && x > c
		}
		return expr{src: "(\\A x \\in " + s.src + " : x > " + intLit(c) + ")", k: kBool, out: s.out, v: val{b: all}}
	case 9:
		s, k := g.setExpr(depth-1), g.small(2, 4)
		some := false
		for _, x := range s.v.elems {
			some = some || modulo(x, k) == 0
		}
		return expr{src: "(\\E x \\in " + s.src + " : x % " + intLit(k) + " = 0)", k: kBool, out: s.out, v: val{b: some}}
	case 10:
		s, t := g.setExpr(depth-1), g.setExpr(depth-1)
		return expr{src: "(" + s.src + " = " + t.src + ")", k: kBool, out: worst(s, t), v: val{b: slices.Equal(s.v.elems, t.v.elems)}}
	case 11:
		s, t := g.seqExpr(depth-1), g.seqExpr(depth-1)
		return expr{src: "(" + s.src + " = " + t.src + ")", k: kBool, out: worst(s, t), v: val{b: slices.Equal(s.v.elems, t.v.elems)}}
	case 12:
		b := g.boolExpr(depth - 1)
		return expr{src: "(~" + b.src + ")", k: kBool, out: b.out, v: val{b: !b.v.b}}
	case 13, 14:
		// TLC evaluates /\ and \/ left to right and stops as soon as the left side decides.
		a, b := g.boolExpr(depth-1), g.boolExpr(depth-1)
		and := op == 13
		sym := `/\`
		if !and {
			sym = `\/`
		}
		e := expr{src: "(" + a.src + " " + sym + " " + b.src + ")", k: kBool}
		switch {
		case a.out != defined:
			e.out = a.out
		case a.v.b != and: // FALSE /\ _ or TRUE \/ _
			e.v.b = a.v.b
		default:
			e.out, e.v = b.out, b.v
		}
		return e
	case 15:
		// A function set or a powerset, only over sets small enough to enumerate.
		s, t := g.setExpr(depth-1), g.setExpr(depth-1)
		if worst(s, t) != defined || len(s.v.elems) > 3 || len(t.v.elems) > 3 {
			break
		}
		if g.pick(2) == 0 {
			sub := true
			for _, x := range t.v.elems {
				sub = sub && slices.Contains(s.v.elems, x)
			}
			return expr{src: "(" + t.src + ` \in SUBSET ` + s.src + ")", k: kBool, v: val{b: sub}}
		}
		f := g.fnExpr(depth - 1)
		if f.out != defined {
			break
		}
		in := len(f.v.fn) == len(s.v.elems)
		for _, x := range s.v.elems {
			y, ok := f.v.fn[x]
			in = in && ok && slices.Contains(t.v.elems, y)
		}
		return expr{src: "(" + f.src + " \\in [" + s.src + " -> " + t.src + "])", k: kBool, v: val{b: in}}
	}
	b := g.pick(2) == 1
	return expr{src: map[bool]string{true: "TRUE", false: "FALSE"}[b], k: kBool, v: val{b: b}}
}

func (g *gen) setExpr(depth int) expr {
	op := 0
	if depth > 0 {
		op = g.pick(10)
	}
	switch op {
	case 1:
		lo, hi := g.small(-5, 15), g.small(-5, 15)
		var xs []int64
		for x := lo; x <= hi; x++ {
			xs = append(xs, x)
		}
		return expr{src: "(" + intLit(lo) + ".." + intLit(hi) + ")", k: kSet, v: val{elems: xs}}
	case 2, 3, 4:
		s, t := g.setExpr(depth-1), g.setExpr(depth-1)
		var xs []int64
		for _, x := range setOf(append(slices.Clone(s.v.elems), t.v.elems...)...) {
			ins, int := slices.Contains(s.v.elems, x), slices.Contains(t.v.elems, x)
			if op == 2 || op == 3 && ins && int || op == 4 && ins && !int {
				xs = append(xs, x)
			}
		}
		sym := map[int]string{2: `\cup`, 3: `\cap`, 4: `\`}[op]
		return expr{src: "(" + s.src + " " + sym + " " + t.src + ")", k: kSet, out: worst(s, t), v: val{elems: xs}}
	case 5:
		s, k := g.setExpr(depth-1), g.small(2, 4)
		r := g.small(0, int(k)-1)
		var xs []int64
		for _, x := range s.v.elems {
			if modulo(x, k) == r {
				xs = append(xs, x)
			}
		}
		return expr{src: "{x \\in " + s.src + " : x % " + intLit(k) + " = " + intLit(r) + "}", k: kSet, out: s.out, v: val{elems: xs}}
	case 6:
		s, c := g.setExpr(depth-1), g.intExpr(0)
		e := expr{src: "{x * " + c.src + " + 1 : x \\in " + s.src + "}", k: kSet, out: s.out}
		var xs []int64
		for _, x := range s.v.elems {
			y, over := mul(x, c.v.i)
			if !over {
				y, over = add(y, 1)
			}
			if over && e.out == defined {
				e.out = failure
			}
			xs = append(xs, y)
		}
		e.v.elems = setOf(xs...)
		return e
	case 7:
		f := g.fnExpr(depth - 1)
		var xs []int64
		for x := range f.v.fn {
			xs = append(xs, x)
		}
		return expr{src: "DOMAIN " + f.src, k: kSet, out: f.out, v: val{elems: setOf(xs...)}}
	case 8:
		s := g.seqExpr(depth - 1)
		return expr{src: "{" + s.src + "[i] : i \\in DOMAIN " + s.src + "}", k: kSet, out: s.out, v: val{elems: setOf(s.v.elems...)}}
	}
	return g.enumeration(depth, kSet)
}

// enumeration is {a, b, c} or <<a, b, c>> of up to three integer expressions.
func (g *gen) enumeration(depth int, k kind) expr {
	n := 0
	if depth > 0 {
		n = g.pick(4)
	}
	parts := make([]expr, n)
	srcs := make([]string, n)
	var xs []int64
	for i := range parts {
		parts[i] = g.intExpr(depth - 1)
		srcs[i] = parts[i].src
		xs = append(xs, parts[i].v.i)
	}
	e := expr{k: k, out: worst(parts...)}
	if k == kSet {
		e.src, e.v.elems = "{"+strings.Join(srcs, ", ")+"}", setOf(xs...)
	} else {
		e.src, e.v.elems = "<<"+strings.Join(srcs, ", ")+">>", xs
	}
	return e
}

func (g *gen) seqExpr(depth int) expr {
	op := 0
	if depth > 0 {
		op = g.pick(7)
	}
	switch op {
	case 1:
		s, a := g.seqExpr(depth-1), g.intExpr(depth-1)
		return expr{src: "Append(" + s.src + ", " + a.src + ")", k: kSeq, out: worst(s, a), v: val{elems: append(slices.Clone(s.v.elems), a.v.i)}}
	case 2:
		s, t := g.seqExpr(depth-1), g.seqExpr(depth-1)
		return expr{src: "(" + s.src + ` \o ` + t.src + ")", k: kSeq, out: worst(s, t), v: val{elems: append(slices.Clone(s.v.elems), t.v.elems...)}}
	case 3:
		s := g.seqExpr(depth - 1)
		e := expr{src: "Tail(" + s.src + ")", k: kSeq, out: s.out}
		if e.out == defined {
			if len(s.v.elems) == 0 {
				e.out = failure
			} else {
				e.v.elems = slices.Clone(s.v.elems[1:])
			}
		}
		return e
	case 4:
		s, m, n := g.seqExpr(depth-1), g.small(0, 5), g.small(0, 5)
		e := expr{src: "SubSeq(" + s.src + ", " + intLit(m) + ", " + intLit(n) + ")", k: kSeq, out: s.out}
		if e.out == defined && m <= n {
			// [i \in 1..(1+n-m) |-> s[i+m-1]]: every index from m to n must be in s.
			if m < 1 || n > int64(len(s.v.elems)) {
				e.out = failure
			} else {
				e.v.elems = slices.Clone(s.v.elems[m-1 : n])
			}
		}
		return e
	case 5:
		k, c := g.small(0, 4), g.small(-3, 3)
		var xs []int64
		for i := int64(1); i <= k; i++ {
			xs = append(xs, i*c)
		}
		return expr{src: "[i \\in 1.." + intLit(k) + " |-> i * " + intLit(c) + "]", k: kSeq, v: val{elems: xs}}
	}
	return g.enumeration(depth, kSeq)
}

func (g *gen) fnExpr(depth int) expr {
	op := 0
	if depth > 0 {
		op = g.pick(6)
	}
	switch op {
	case 1:
		s, c := g.setExpr(depth-1), g.intExpr(0)
		e := expr{src: "[x \\in " + s.src + " |-> x - " + c.src + "]", k: kFn, out: s.out, v: val{fn: map[int64]int64{}}}
		for _, x := range s.v.elems {
			y, over := sub(x, c.v.i)
			if over && e.out == defined {
				e.out = failure
			}
			e.v.fn[x] = y
		}
		return e
	case 2:
		f, x, y := g.fnExpr(depth-1), g.small(-2, 4), g.intExpr(depth-1)
		e := expr{src: "[" + f.src + " EXCEPT ![" + intLit(x) + "] = " + y.src + "]", k: kFn, out: f.out}
		if e.out == defined {
			if _, ok := f.v.fn[x]; !ok {
				// TLA+ leaves f unchanged and never evaluates the new value; TLC may refuse.
				e.out = unspecified
				return e
			}
			e.out = y.out
			e.v.fn = clone(f.v.fn)
			e.v.fn[x] = y.v.i
		}
		return e
	case 3:
		f, h := g.fnExpr(depth-1), g.fnExpr(depth-1)
		e := expr{src: "(" + f.src + " @@ " + h.src + ")", k: kFn, out: worst(f, h), v: val{fn: clone(h.v.fn)}}
		for x, y := range f.v.fn {
			e.v.fn[x] = y
		}
		return e
	case 4:
		x, y := g.intExpr(depth-1), g.intExpr(depth-1)
		return expr{src: "(" + x.src + " :> " + y.src + ")", k: kFn, out: worst(x, y), v: val{fn: map[int64]int64{x.v.i: y.v.i}}}
	case 5:
		s := g.seqExpr(depth - 1)
		e := expr{src: s.src, k: kFn, out: s.out, v: val{fn: map[int64]int64{}}}
		for i, x := range s.v.elems {
			e.v.fn[int64(i+1)] = x
		}
		return e
	}
	x := g.small(-2, 4)
	y := g.small(-20, 20)
	return expr{src: "(" + intLit(x) + " :> " + intLit(y) + ")", k: kFn, v: val{fn: map[int64]int64{x: y}}}
}

func clone(m map[int64]int64) map[int64]int64 {
	c := make(map[int64]int64, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}
