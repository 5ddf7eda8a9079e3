package eval

import (
	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// unionOfParts is UNION x for x written as a set enumeration {S1, ..., Sn} or a set map
// {S(v) : v \in T}: the union of the parts, taken without building the set of them. That set
// would have to order its elements, which infinite sets such as [S -> Int] and [a : Nat] cannot
// be, while their union decides membership without enumerating anything
// (f \in UNION {[S -> Int], [S -> Nat]}, m \in UNION {[type : {t}, bal : Nat] : t \in T}), as TLC
// does. It reports false for any other x.
func (ev *evaluator) unionOfParts(x ast.Expr, sc *Scope) (value.Value, bool) {
	var acc value.SetValue = value.EmptySet
	add := func(e ast.Expr, esc *Scope) {
		var err error
		acc, err = value.Union(acc, ev.set(e, esc))
		check(e.Position(), err)
	}
	switch x := ast.Unparen(x).(type) {
	case *ast.SetEnum:
		for _, e := range x.Elems {
			add(e, sc)
		}
	case *ast.SetMap:
		ev.forEach(x.Bounds, sc, func(inner *Scope) bool {
			add(x.Elem, inner)
			return true
		})
	default:
		return nil, false
	}
	return acc, true
}
