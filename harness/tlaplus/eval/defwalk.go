package eval

import "github.com/dsref/dsref/harness/tlaplus/ast"

// defWalk walks an expression and, through the names it uses, every definition it reaches, each
// once, asking of each what a caller needs to know about the whole: whether it is of constant
// level (constantDefinition), which variables it may read (StateVariablesRead), whether it has
// one value per state (hoisting). The walk fails as soon as one of its rules refuses something.
//
// Names are resolved by name alone, which TLA+ makes sound: a bound identifier, parameter or LET
// definition cannot reuse the name of a definition or variable visible where it is declared, and
// the expressions such local names stand for are walked where they are written. A name the
// module does not define is a bound identifier, a parameter, a LET definition or a built-in
// operator. An instance substitution, an INSTANCE and an instance-qualified name (N!Op) fail the
// walk: the substitutions are not followed.
type defWalk struct {
	seen map[*Operator]bool
	// native says whether a standard operator implemented in Go is acceptable.
	native func(name string) bool
	// variable is told of each state variable named, and says whether that is acceptable.
	variable func(ix int) bool
	// refuse, when set, refuses a node by its form alone (a prime, ENABLED, a temporal operator).
	refuse func(n ast.Node) bool
}

// newDefWalk is a walk with the given rules.
func newDefWalk(native func(string) bool, variable func(int) bool, refuse func(ast.Node) bool) *defWalk {
	return &defWalk{seen: map[*Operator]bool{}, native: native, variable: variable, refuse: refuse}
}

// node walks n, written in module m. c, when not nil, is the compiler's scope at n, whose frames
// may bind n's names (a loop's bound names, LET definitions, parameters): a frame binding an
// operator (a LET operator with parameters, a higher-order parameter), whose body is not seen,
// fails the walk. Definitions reached are walked without it.
func (w *defWalk) node(n ast.Node, m *modCtx, c *cscope) bool {
	ok := true
	ast.Inspect(n, func(n ast.Node) bool {
		if !ok {
			return false // an earlier sibling settled it
		}
		if w.refuse != nil && w.refuse(n) {
			ok = false
			return false
		}
		switch n := n.(type) {
		case *ast.Ident:
			ok = w.name(n.Name, m, c)
		case *ast.OpApp:
			ok = len(n.Prefix) == 0 && w.name(n.Name, m, c)
		case *ast.InfixExpr:
			ok = w.name(n.Op, m, c)
		case *ast.PrefixExpr:
			ok = w.name(n.Op, m, c)
		case *ast.PostfixExpr:
			ok = w.name(n.Op, m, c)
		}
		return ok
	})
	return ok
}

// name follows what name denotes: in c's frames, then at the top level of module m.
func (w *defWalk) name(name string, m *modCtx, c *cscope) bool {
	if c != nil {
		for s := c; s.parent != nil; s = s.parent {
			if s.name == name {
				return !s.op // a parameter, bound name or LET constant; an operator is not seen
			}
		}
	}
	b := m.names()[name]
	switch {
	case b == nil:
		return true
	case b.isVar:
		return w.variable(b.varIx)
	case b.arg != nil:
		return false // an instance substitution
	case b.op != nil:
		return w.operator(b.op)
	}
	return true
}

// operator walks the definition op.
func (w *defWalk) operator(op *Operator) bool {
	if w.seen[op] {
		return true
	}
	w.seen[op] = true
	home := op.scope.module()
	switch {
	case op.inst != nil:
		return false
	case op.value != nil:
		return true
	case op.native != nil:
		return w.native(op.Name)
	case home == nil:
		return false
	case op.funcDef != nil:
		return w.node(op.funcDef, home, nil)
	case op.body != nil:
		return w.node(op.body, home, nil)
	}
	return true // a constant without a value: evaluating it fails whatever the state
}
