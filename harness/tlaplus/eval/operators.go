package eval

import (
	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// infix evaluates the built-in infix operators of TLA+ itself; every other infix operator
// (arithmetic, \o, :>, user-defined ones) is looked up as a definition.
func (ev *evaluator) infix(x *ast.InfixExpr, sc *Scope) value.Value {
	switch x.Op {
	case `/\`:
		return value.Bool(ev.boolean(x.L, sc) && ev.boolean(x.R, sc))
	case `\/`:
		return value.Bool(ev.boolean(x.L, sc) || ev.boolean(x.R, sc))
	case `=>`:
		return value.Bool(!ev.boolean(x.L, sc) || ev.boolean(x.R, sc))
	case `<=>`:
		return value.Bool(ev.boolean(x.L, sc) == ev.boolean(x.R, sc))
	case `=`, `/=`:
		eq, err := value.Equal(ev.eval(x.L, sc), ev.eval(x.R, sc))
		check(x.Pos, err)
		return value.Bool(eq == (x.Op == `=`))
	case `\in`, `\notin`:
		v := ev.eval(x.L, sc)
		s := ev.set(x.R, sc)
		in, err := s.Contains(v)
		check(x.Pos, err)
		return value.Bool(in == (x.Op == `\in`))
	case `\cup`:
		s, err := value.Union(ev.set(x.L, sc), ev.set(x.R, sc))
		check(x.Pos, err)
		return s
	case `\cap`:
		s, err := value.Intersect(ev.set(x.L, sc), ev.set(x.R, sc))
		check(x.Pos, err)
		return s
	case `\`:
		s, err := value.Difference(ev.set(x.L, sc), ev.set(x.R, sc))
		check(x.Pos, err)
		return s
	case `\subseteq`, `\supseteq`:
		a, b := ev.set(x.L, sc), ev.set(x.R, sc)
		if x.Op == `\supseteq` {
			a, b = b, a
		}
		ok, err := value.IsSubset(a, b)
		check(x.Pos, err)
		return value.Bool(ok)
	case `\subset`, `\supset`:
		a, b := ev.set(x.L, sc), ev.set(x.R, sc)
		if x.Op == `\supset` {
			a, b = b, a
		}
		ok, err := value.IsSubset(a, b)
		check(x.Pos, err)
		if !ok {
			return value.False
		}
		eq, err := value.Equal(a, b)
		check(x.Pos, err)
		return value.Bool(!eq)
	case `~>`, `-+->`:
		fail(x.Pos, "the temporal operator %s cannot be evaluated on a state", x.Op)
	case `\cdot`:
		fail(x.Pos, "action composition \\cdot is not supported by this evaluator")
	}
	args := [2]ast.Expr{x.L, x.R}
	return ev.applyNamed(x.Op, x.Pos, args[:], sc)
}

// applyNamed applies the operator called name, found in scope, to args.
func (ev *evaluator) applyNamed(name string, pos ast.Pos, args []ast.Expr, sc *Scope) value.Value {
	b, ok := ev.lookup(name, sc)
	if !ok {
		fail(pos, "unknown operator %s (is the standard module defining it EXTENDed?)", name)
	}
	return ev.use(b, name, pos, args, sc)
}

func (ev *evaluator) prefix(x *ast.PrefixExpr, sc *Scope) value.Value {
	switch x.Op {
	case "~":
		return value.Bool(!ev.boolean(x.X, sc))
	case "SUBSET":
		return value.Subset(ev.set(x.X, sc))
	case "UNION":
		s, err := value.BigUnion(ev.set(x.X, sc))
		check(x.Pos, err)
		return s
	case "DOMAIN":
		f := ev.eval(x.X, sc)
		d, err := value.Domain(f)
		check(x.Pos, err)
		return d
	case "UNCHANGED":
		return value.Bool(ev.unchanged(x.X, sc))
	case "ENABLED":
		if ev.ctx.Enabled == nil {
			fail(x.Pos, "ENABLED can only be evaluated by the model checker")
		}
		ev.stateReads++
		ok, err := ev.ctx.Enabled(x.X, sc)
		check(x.Pos, err)
		return value.Bool(ok)
	case "[]", "<>":
		fail(x.Pos, "the temporal operator %s cannot be evaluated on a state", x.Op)
	}
	args := [1]ast.Expr{x.X}
	return ev.applyNamed(x.Op, x.Pos, args[:], sc)
}

func (ev *evaluator) postfix(x *ast.PostfixExpr, sc *Scope) value.Value {
	if x.Op == "'" {
		return ev.evalPrimed(x.X, sc)
	}
	return ev.applyNamed(x.Op, x.Pos, []ast.Expr{x.X}, sc)
}
