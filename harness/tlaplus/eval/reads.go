package eval

import (
	"sort"

	"github.com/dsref/dsref/harness/tlaplus/ast"
)

// StateVariablesRead returns the indices of the state variables that evaluating x in sc may
// read, in increasing order: every variable named in x or in a definition x refers to, directly
// or through other definitions. A model checker uses it to carry a state predicate's value from
// a state to a successor that gives all of these variables the same values: the predicate is a
// function of them, so it has the same value there. The set over-approximates what any one
// evaluation reads.
//
// ok is false when the answer would not be sound: x is not written at the top level of the
// root module or in a definition reached from there, or it reaches ENABLED, a module instance
// (whose substitutions are not followed), or a standard operator whose value is not a function
// of its arguments and the state (TLCGet, RandomElement, JavaTime, ...) or that has effects
// (Print, TLCSet, writing files, ...; see unstable). Names are resolved as defWalk resolves them.
func (s *Spec) StateVariablesRead(x ast.Expr, sc *Scope) (vars []int, ok bool) {
	if sc == nil {
		sc = s.root.root
	}
	if sc != s.root.root {
		return nil, false
	}
	read := map[int]bool{}
	w := newDefWalk(stableNative, func(ix int) bool { read[ix] = true; return true }, isEnabled)
	if !w.node(x, s.root, nil) {
		return nil, false
	}
	for ix := range read {
		vars = append(vars, ix)
	}
	sort.Ints(vars)
	return vars, true
}

// isEnabled reports whether n is ENABLED A, whose value is not a function of the variables A
// names.
func isEnabled(n ast.Node) bool {
	p, ok := n.(*ast.PrefixExpr)
	return ok && p.Op == "ENABLED"
}
