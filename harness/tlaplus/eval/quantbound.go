package eval

import (
	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// quantBound compiles \A y \in S : e OP y and \E y \in S : e OP y (OP one of <, >, <=, >=,
// either side being y and the other not mentioning it) over a set S of integers to one
// comparison of e with the least or greatest element of S: \A y \in S : m >= y is m >= max(S).
// The idiom Max(S) == CHOOSE x \in S : \A y \in S : x >= y (Raft.tla's MaxCommitted) walked
// S once per candidate, quadratic in S, and S (the entries ever committed) grows with the length
// of a trace. Sets that are not all integers, and e that is not an integer, take the general
// path (general), which reports what TLC reports. It returns nil for any other quantifier.
func (c *cscope) quantBound(x *ast.Quant, set code, general code) code {
	if len(x.Bounds) != 1 || len(x.Bounds[0].Names) != 1 || c.opFrames {
		return nil
	}
	cmp, ok := x.Body.(*ast.InfixExpr)
	if !ok {
		return nil
	}
	switch cmp.Op {
	case "<", ">", "<=", ">=":
	default:
		return nil
	}
	y := x.Bounds[0].Names[0].Name
	isY := func(e ast.Expr) bool { id, ok := e.(*ast.Ident); return ok && id.Name == y }
	var other ast.Expr
	yLeft := isY(cmp.L)
	switch {
	case yLeft && !mentions(cmp.R, []string{y}):
		other = cmp.R
	case isY(cmp.R) && !mentions(cmp.L, []string{y}):
		other = cmp.L
	default:
		return nil
	}
	if b := c.module(cmp.Op); b == nil || b.op == nil || b.op.native == nil || b.op.native.ints == nil {
		return nil // not the standard modules' comparison (overridden or redefined)
	}
	o := c.compile(other)
	// Which element decides: \A needs OP to hold for the hardest element, \E for the easiest.
	// For e >= y (or y <= e) the hardest is the greatest; for e <= y (y >= e) the least.
	greatest := (cmp.Op == ">=" || cmp.Op == ">") != yLeft
	if x.Kind == ast.Exists {
		greatest = !greatest
	}
	test := func(a, b int64) bool {
		switch cmp.Op {
		case "<":
			return a < b
		case ">":
			return a > b
		case "<=":
			return a <= b
		}
		return a >= b
	}
	forall := x.Kind == ast.Forall
	return func(ev *evaluator, sc *Scope) value.Value {
		var lo, hi value.Value
		switch s := set(ev, sc).(type) {
		case *value.Set:
			elems := s.Elems()
			if len(elems) == 0 {
				return value.Bool(forall)
			}
			lo, hi = elems[0], elems[len(elems)-1]
		case *value.IntervalSet:
			if s.Hi < s.Lo {
				return value.Bool(forall)
			}
			lo, hi = value.Int(s.Lo), value.Int(s.Hi)
		default:
			return general(ev, sc)
		}
		// Elements are ordered by kind first, so a set whose least and greatest elements
		// are integers holds only integers.
		l, lok := lo.(value.Int)
		h, hok := hi.(value.Int)
		e, eok := o(ev, sc).(value.Int)
		if !lok || !hok || !eok {
			return general(ev, sc)
		}
		m := l
		if greatest {
			m = h
		}
		if yLeft {
			return value.Bool(test(int64(m), int64(e)))
		}
		return value.Bool(test(int64(e), int64(m)))
	}
}

// chooseExtreme compiles CHOOSE x \in S : \A y \in S : x >= y (and y <= x), and its <= form,
// for S a name bound by an enclosing operator or quantifier, over a set of integers, to the
// greatest (least) element of S: it is the only element satisfying the condition, so the one
// CHOOSE picks. Raft.tla's Max(s) walked s testing each candidate (a constant-time test since
// quantBound), and MaxCommitted's s grows with a trace. Anything else (an empty S, elements that
// are not all integers) takes the general path (general), with its errors. It returns nil for
// any other CHOOSE.
func (c *cscope) chooseExtreme(x *ast.Choose, set code, general code) code {
	if x.Bound.Tuple || len(x.Bound.Names) != 1 || c.opFrames {
		return nil
	}
	name := x.Bound.Names[0].Name
	s, ok := x.Bound.Set.(*ast.Ident)
	if !ok || s.Name == name || c.local(s.Name) < 0 {
		return nil
	}
	q, ok := x.Body.(*ast.Quant)
	if !ok || q.Kind != ast.Forall || len(q.Bounds) != 1 || len(q.Bounds[0].Names) != 1 || q.Bounds[0].Tuple {
		return nil
	}
	y := q.Bounds[0].Names[0].Name
	inner, ok := q.Bounds[0].Set.(*ast.Ident)
	if !ok || inner.Name != s.Name || y == name || y == s.Name {
		return nil
	}
	cmp, ok := q.Body.(*ast.InfixExpr)
	if !ok || (cmp.Op != ">=" && cmp.Op != "<=") {
		return nil
	}
	is := func(e ast.Expr, n string) bool { id, ok := e.(*ast.Ident); return ok && id.Name == n }
	var greatest bool
	switch {
	case is(cmp.L, name) && is(cmp.R, y):
		greatest = cmp.Op == ">="
	case is(cmp.L, y) && is(cmp.R, name):
		greatest = cmp.Op == "<="
	default:
		return nil
	}
	if b := c.module(cmp.Op); b == nil || b.op == nil || b.op.native == nil || b.op.native.ints == nil {
		return nil // not the standard modules' comparison (overridden or redefined)
	}
	return func(ev *evaluator, sc *Scope) value.Value {
		var lo, hi value.Value
		switch s := set(ev, sc).(type) {
		case *value.Set:
			elems := s.Elems()
			if len(elems) == 0 {
				return general(ev, sc)
			}
			lo, hi = elems[0], elems[len(elems)-1]
		case *value.IntervalSet:
			if s.Hi < s.Lo {
				return general(ev, sc)
			}
			lo, hi = value.Int(s.Lo), value.Int(s.Hi)
		default:
			return general(ev, sc)
		}
		// Elements are ordered by kind first, so a set whose least and greatest elements
		// are integers holds only integers.
		_, lok := lo.(value.Int)
		_, hok := hi.(value.Int)
		if !lok || !hok {
			return general(ev, sc)
		}
		if greatest {
			return hi
		}
		return lo
	}
}
