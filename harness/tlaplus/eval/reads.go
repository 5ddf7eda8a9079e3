package eval

import (
	"sort"

	"github.com/dsref/dsref/harness/tlaplus/ast"
)

// stateIndependent lists the standard operators whose result depends on more than their
// arguments and the state (the checker's level, registers, time, a random source, files) or
// that have effects (output): an expression using one cannot be judged by the variables it reads.
var stateIndependent = map[string]bool{
	"Print": true, "PrintT": true, "JavaTime": true, "TLCGet": true, "TLCSet": true, "RandomElement": true,
	"Serialize": true, "Deserialize": true,
}

// StateVariablesRead returns the indices of the state variables that evaluating x in sc may
// read, in increasing order: every variable named in x or in a definition x refers to, directly
// or through other definitions. A model checker uses it to carry a state predicate's value from
// a state to a successor that gives all of these variables the same values: the predicate is a
// function of them, so it has the same value there. The set over-approximates what any one
// evaluation reads.
//
// ok is false when the answer would not be sound: x is not written at the top level of the
// root module or in a definition reached from there, or it reaches ENABLED, a module instance
// (whose substitutions are not followed), or an operator whose value is not a function of the
// state (TLCGet, TLCSet, RandomElement, JavaTime) or that prints (Print, PrintT).
//
// Names are resolved by name alone, which TLA+ makes sound: a bound identifier, parameter or
// LET definition cannot reuse the name of a definition or variable visible where it is
// declared, and the expressions such local names stand for are walked where they are written.
func (s *Spec) StateVariablesRead(x ast.Expr, sc *Scope) (vars []int, ok bool) {
	if sc == nil {
		sc = s.root.root
	}
	if sc != s.root.root {
		return nil, false
	}
	r := &readSet{seen: map[*Operator]bool{}, vars: map[int]bool{}}
	if !r.node(x, s.root) {
		return nil, false
	}
	for ix := range r.vars {
		vars = append(vars, ix)
	}
	sort.Ints(vars)
	return vars, true
}

// readSet collects the variables a walk over definitions meets.
type readSet struct {
	seen map[*Operator]bool
	vars map[int]bool
}

// node walks the syntax tree n, written in module m.
func (r *readSet) node(n ast.Node, m *modCtx) bool {
	ok := true
	ast.Inspect(n, func(n ast.Node) bool {
		if !ok {
			return false // an earlier sibling settled it
		}
		switch n := n.(type) {
		case *ast.Ident:
			ok = r.name(n.Name, m)
		case *ast.OpApp:
			if len(n.Prefix) > 0 {
				ok = false
			} else {
				ok = r.name(n.Name, m)
			}
		case *ast.InfixExpr:
			ok = r.name(n.Op, m)
		case *ast.PrefixExpr:
			ok = n.Op != "ENABLED" && r.name(n.Op, m)
		case *ast.PostfixExpr:
			ok = r.name(n.Op, m)
		}
		return ok
	})
	return ok
}

// name follows what name denotes at the top level of m. A name m does not define is a bound
// identifier, a parameter, a LET definition or a built-in operator, whose operands are walked
// where they are written.
func (r *readSet) name(name string, m *modCtx) bool {
	b := m.names()[name]
	switch {
	case b == nil:
		return true
	case b.isVar:
		r.vars[b.varIx] = true
		return true
	case b.arg != nil:
		return false // an instance substitution
	case b.op != nil:
		return r.operator(b.op)
	}
	return true
}

func (r *readSet) operator(op *Operator) bool {
	if r.seen[op] {
		return true
	}
	r.seen[op] = true
	home := op.scope.module()
	switch {
	case op.inst != nil:
		return false
	case op.value != nil:
		return true
	case op.native != nil:
		return !stateIndependent[op.Name]
	case home == nil:
		return false
	case op.funcDef != nil:
		return r.node(op.funcDef, home)
	case op.body != nil:
		return r.node(op.body, home)
	}
	return true // a constant without a value: evaluating it fails whatever the state
}
