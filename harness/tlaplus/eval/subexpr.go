package eval

import (
	"github.com/dsref/dsref/harness/tlaplus/ast"
)

// Subexpression names (TLA+ 2): Op(a)!2!1, Inv!lab, I!Op!<<, Thm!:, Op!(e)... name a part of a
// definition's, theorem's or assumption's body, with the definition's parameters (and the
// labels', LET definitions' and binders' names the way crosses) bound to the arguments given.

// defineStatement makes a named theorem or assumption a zero-arity definition, which
// subexpression names (Thm!:, Thm!2) and plain uses of the name refer to.
func (s *Spec) defineStatement(m *modCtx, mod *ast.Module, name string, x ast.Expr, pos ast.Pos) {
	if name == "" || x == nil {
		return
	}
	if _, taken := m.defs[name]; taken {
		return
	}
	m.defs[name] = &Operator{Name: name, Pos: pos, body: x, scope: m.root, home: m, module: mod.Name}
}

// subexprKey identifies the selection of a subexpression name in one definition's body.
type subexprKey struct {
	body ast.Expr
	name ast.Node
}

type selection struct {
	target  ast.Expr
	crossed []ast.Crossed
	err     error
}

// instancePrefix resolves the instance steps of an instance-qualified name; k is the index of
// the first step naming a definition rather than an instance (the name is then a subexpression
// name, see ast.SplitAt), or -1 when all are instances and m is the last one's module.
func (ev *evaluator) instancePrefix(path []*ast.InstanceStep, sc *Scope) (m *modCtx, k int) {
	cur := sc
	for i, step := range path {
		b, ok := ev.lookup(step.Name, cur)
		if ok && b.op != nil && b.op.inst == nil {
			return m, i
		}
		if !ok || b.op == nil || b.op.inst == nil {
			fail(step.Pos, "%s is not a module instance", step.Name)
		}
		op := b.op
		if len(step.Args) != len(op.Params) {
			fail(step.Pos, "instance %s takes %d argument(s) but is given %d", op.Name, len(op.Params), len(step.Args))
		}
		m = ev.spec.instantiate(ev, op, step.Args, sc)
		cur = m.root
	}
	return m, -1
}

// splitSubexpr is ast.SplitAt, cached per application.
func (s *Spec) splitSubexpr(a *ast.OpApp, k int, rest []*ast.Selector, key ast.Node) *ast.Subexpr {
	if v, ok := s.subexprs.Load(key); ok {
		return v.(*ast.Subexpr)
	}
	x := ast.SplitAt(a, k, rest)
	v, _ := s.subexprs.LoadOrStore(key, x)
	return v.(*ast.Subexpr)
}

// subexprScope resolves the subexpression name x, written in sc, to the expression it names and
// the scope to evaluate it in.
func (ev *evaluator) subexprScope(x *ast.Subexpr, sc *Scope) (ast.Expr, *Scope) {
	base := x.Base
	var op *Operator
	if len(base.Prefix) > 0 {
		m, k := ev.instancePrefix(base.Prefix, sc)
		if k >= 0 {
			return ev.subexprScope(ev.spec.splitSubexpr(base, k, x.Path, x), sc)
		}
		if d, ok := m.prefixed(base.Name); ok && !d.local {
			op = d
		}
	} else if b, ok := ev.lookup(base.Name, sc); ok {
		op = b.op
	}
	if op == nil {
		fail(base.Pos, "unknown definition %s", base.Name)
	}
	if op.body == nil {
		fail(base.Pos, "%s is not a definition, theorem or assumption with a body, so it has no subexpressions to name", op.Name)
	}
	if got, want := len(base.Args), op.Arity(); got != want {
		fail(base.Pos, "%s takes %d argument(s) but is given %d", op.Name, want, got)
	}
	sel := ev.spec.selection(op.body, x)
	if sel.err != nil {
		se := sel.err.(*ast.SelectError)
		fail(se.Pos, "%s: %s", op.Name, se.Msg)
	}
	inner := ev.bindParams(op, base.Args, sc)
	for _, c := range sel.crossed {
		switch {
		case c.Let != nil:
			inner = ev.letScope(c.Let, inner)
		case c.Args != nil:
			for i, name := range c.Names {
				inner = ev.bindParam(inner, name, c.Args[i], sc)
			}
		}
	}
	return sel.target, inner
}

// selection is ast.Select of x's path in body, cached.
func (s *Spec) selection(body ast.Expr, x *ast.Subexpr) *selection {
	key := subexprKey{body, x}
	if v, ok := s.subexprs.Load(key); ok {
		return v.(*selection)
	}
	target, crossed, err := ast.Select(body, x.Path)
	v, _ := s.subexprs.LoadOrStore(key, &selection{target, crossed, err})
	return v.(*selection)
}

// subexprApp resolves an application whose instance prefix names a definition (Op!lab(e),
// I!Op!lab), a subexpression name; ok is false for an ordinary instance-qualified name.
func (ev *evaluator) subexprApp(x *ast.OpApp, sc *Scope) (ast.Expr, *Scope, *modCtx) {
	m, k := ev.instancePrefix(x.Prefix, sc)
	if k < 0 {
		return nil, nil, m
	}
	e, inner := ev.subexprScope(ev.spec.splitSubexpr(x, k, nil, x), sc)
	return e, inner, nil
}
