package eval

import "github.com/dsref/dsref/harness/tlaplus/ast"

// This file decides which variable an assignment `x = e`, `x' = e`, `x \in S` or `x' \in S`
// assigns, as TLC's Tool.getVar and getPrimedVar do: the left side may reach the variable
// through parentheses, labels, operator parameters (Set(v, e) == v = e applied as Set(x', 1)),
// zero-arity definitions (xp == x') and INSTANCE substitutions.

// variable reports whether x, written in sc, denotes a state variable of the root module, and
// returns its index. It evaluates nothing; a name it cannot resolve is no variable.
func (s *Spec) variable(x ast.Expr, sc *Scope) (ix int, ok bool) {
	x, sc, ok = s.throughNames(x, sc)
	if !ok {
		return 0, false
	}
	return s.variableNamed(x, sc)
}

// primedVariable reports whether x, written in sc, is v' for a state variable v of the root
// module, and returns v's index.
func (s *Spec) primedVariable(x ast.Expr, sc *Scope) (ix int, ok bool) {
	x, sc, ok = s.throughNames(x, sc)
	if !ok {
		return 0, false
	}
	p, isPrime := x.(*ast.PostfixExpr)
	if !isPrime || p.Op != "'" {
		return 0, false
	}
	return s.variable(p.X, sc)
}

// variableNamed reports whether x, an identifier, is a state variable in sc.
func (s *Spec) variableNamed(x ast.Expr, sc *Scope) (ix int, ok bool) {
	id, isIdent := x.(*ast.Ident)
	if !isIdent {
		return 0, false
	}
	b, found := lookupNodeSafely(id, sc)
	if !found || !b.isVar {
		return 0, false
	}
	return b.varIx, true
}

// throughNames follows x through parentheses, labels, by-name arguments, INSTANCE substitutions
// and zero-arity definitions to the expression they stand for (a variable, a primed expression or
// anything else), with its scope. ok is false if a name does not resolve or the chain nests too
// deep.
func (s *Spec) throughNames(x ast.Expr, sc *Scope) (ast.Expr, *Scope, bool) {
	if sc == nil {
		sc = s.root.root
	}
	for steps := 0; steps < s.limits.MaxDepth; steps++ {
		switch e := x.(type) {
		case *ast.Paren:
			x = e.X
			continue
		case *ast.Label:
			x = e.X
			continue
		case *ast.Ident:
			b, found := lookupNodeSafely(e, sc)
			switch {
			case !found:
				return nil, nil, false
			case b.isVar:
				return x, sc, true
			case b.arg != nil:
				x, sc = b.arg.expr, b.arg.scope
				continue
			case b.op != nil && b.op.body != nil && len(b.op.Params) == 0 && b.op.inst == nil:
				x, sc = b.op.body, b.op.scope
				if sc == nil {
					return nil, nil, false
				}
				continue
			}
			return x, sc, true
		}
		return x, sc, true
	}
	return nil, nil, false
}

// lookupNodeSafely is lookupNode for an identifier, reporting a lookup that fails (an instance
// that cannot be built, say) as no binding rather than an error.
func lookupNodeSafely(id *ast.Ident, sc *Scope) (b binding, found bool) {
	defer func() {
		if recover() != nil {
			b, found = binding{}, false
		}
	}()
	b, _, found = lookupNode(id.Name, id, sc)
	return b, found
}
