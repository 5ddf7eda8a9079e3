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
		if e, ok := ast.Unparen(x.R).(*ast.SetEnum); ok {
			vals := make([]value.Value, len(e.Elems))
			for i, el := range e.Elems {
				vals[i] = ev.eval(el, sc)
			}
			return value.Bool(inEnumeration(e, vals, v) == (x.Op == `\in`))
		}
		s := ev.set(x.R, sc)
		in, err := value.Member(s, v)
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
	case `\subseteq`:
		ok, err := value.IsSubset(ev.set(x.L, sc), ev.set(x.R, sc))
		check(x.Pos, err)
		return value.Bool(ok)
	case `~>`, `-+->`:
		fail(x.Pos, "the temporal operator %s cannot be evaluated on a state", x.Op)
	case `\cdot`:
		return value.Bool(ev.compose(x, sc))
	}
	args := [2]ast.Expr{x.L, x.R}
	if i := symbolIndex(x.Op); i >= 0 && !sc.opFrames && sc.home != nil {
		// Without LET operators or higher-order parameters in scope, the symbol denotes the
		// module's definition: skip walking the scope and hashing the name.
		if op := sc.home.symbol(i); op != nil {
			if op.native != nil && op.native.ints != nil {
				return ev.infixInts(op, x, sc)
			}
			return ev.apply(op, x.Pos, args[:], sc)
		}
	}
	return ev.applyNamed(x.Op, x.Pos, args[:], sc)
}

// symbolNames are the infix operators defined by modules (not built into TLA+) that specs use
// most; their definitions are cached per module by index.
var symbolNames = [...]string{"+", "-", "*", "<", ">", "<=", ">=", "..", `\div`, "%", `\o`}

func symbolIndex(op string) int {
	switch op {
	case "+":
		return 0
	case "-":
		return 1
	case "*":
		return 2
	case "<":
		return 3
	case ">":
		return 4
	case "<=":
		return 5
	case ">=":
		return 6
	case "..":
		return 7
	case `\div`:
		return 8
	case "%":
		return 9
	case `\o`:
		return 10
	}
	return -1
}

// symbolTable holds a module's definitions of symbolNames, nil where it has none.
type symbolTable [len(symbolNames)]*Operator

// symbol returns the module's definition of symbolNames[i]. The table is built on first use,
// after loading has finished defining the module.
func (m *modCtx) symbol(i int) *Operator {
	t := m.symbols.Load()
	if t == nil {
		t = &symbolTable{}
		for j, name := range symbolNames {
			t[j] = m.defs[name]
		}
		m.symbols.Store(t)
	}
	return t[i]
}

// infixInts applies a native integer operator such as + or <= to the values of x's operands,
// with the checks and messages of the general path (call.int) but no call record or lookup.
func (ev *evaluator) infixInts(op *Operator, x *ast.InfixExpr, sc *Scope) value.Value {
	ev.enter(x.Pos, op.Name)
	a := ev.eval(x.L, sc)
	ai, ok := a.(value.Int)
	if !ok {
		fail(x.Pos, "%s", argErrorText(op.Name, 0, 2, "an integer", a))
	}
	b := ev.eval(x.R, sc)
	bi, ok := b.(value.Int)
	if !ok {
		fail(x.Pos, "%s", argErrorText(op.Name, 1, 2, "an integer", b))
	}
	var c *call
	if n := len(ev.freeCalls); n > 0 {
		c, ev.freeCalls = ev.freeCalls[n-1], ev.freeCalls[:n-1]
	} else {
		c = &call{ev: ev}
	}
	c.pos, c.sc, c.name, c.args = x.Pos, sc, op.Name, nil
	v := op.native.ints(c, int64(ai), int64(bi))
	c.sc = nil
	ev.freeCalls = append(ev.freeCalls, c)
	ev.leave()
	return v
}

// applyNamed applies the operator called name, found in scope, to args.
func (ev *evaluator) applyNamed(name string, pos ast.Pos, args []ast.Expr, sc *Scope) value.Value {
	b, ok := ev.lookup(name, sc)
	if !ok {
		fail(pos, "unknown operator %s (is the standard module defining it EXTENDed?)", name)
	}
	return ev.use(&b, name, pos, args, sc)
}

func (ev *evaluator) prefix(x *ast.PrefixExpr, sc *Scope) value.Value {
	switch x.Op {
	case "~":
		return value.Bool(!ev.boolean(x.X, sc))
	case "SUBSET":
		return value.Subset(ev.set(x.X, sc))
	case "UNION":
		if u, ok := ev.unionOfParts(x.X, sc); ok {
			return u
		}
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
