package check

import (
	"fmt"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/eval"
	"github.com/dsref/dsref/harness/tlaplus/syntax"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// liveTranslator turns the temporal formulas of a specification into liveExprs, as TLC's
// Liveness.astToLive does: definitions, LETs and instance substitutions are looked through; \A
// and \E over constant sets become conjunctions and disjunctions of the body for each value; IF
// becomes (c /\ t) \/ (~c /\ e); WF_v(A) becomes []<>(~ENABLED <<A>>_v \/ <<A>>_v), SF_v(A)
// becomes <>[]~ENABLED <<A>>_v \/ []<><<A>>_v, F ~> G becomes [](~F \/ <>G); and any part below
// the temporal level is one atom, a state predicate or an action, evaluated as a whole (a
// constant one is evaluated once, to TRUE or FALSE).
type liveTranslator struct {
	spec  *eval.Spec
	ss    *eval.Session // evaluates constants (bounds, constant atoms) and unfolds definitions
	depth int
}

// liveFormulaError is a temporal formula TLC cannot check either (TLC_LIVE_CANNOT_HANDLE_FORMULA).
type liveFormulaError struct {
	pos  ast.Pos
	text string
	why  string
}

func (e *liveFormulaError) Error() string {
	msg := fmt.Sprintf("%s: cannot check the temporal formula %s", e.pos, e.text)
	if e.why != "" {
		msg += ": " + e.why
	}
	return msg
}

func exprText(x ast.Expr) string {
	const limit = 200
	s := syntax.PrintExpr(x)
	if len(s) > limit {
		s = s[:limit] + "..."
	}
	return s
}

// translate returns the liveExpr of x, written in sc.
func (t *liveTranslator) translate(x ast.Expr, sc *eval.Scope) (out *liveExpr, err error) {
	defer func() {
		if r := recover(); r != nil {
			switch e := r.(type) {
			case *liveFormulaError:
				out, err = nil, e
			case *StackOverflowError:
				out, err = nil, e
			default:
				panic(r)
			}
		}
	}()
	return t.live(x, sc), nil
}

func (t *liveTranslator) fail(x ast.Expr, why string) {
	panic(&liveFormulaError{pos: x.Position(), text: exprText(x), why: why})
}

// maxExpansion bounds how deeply definitions are expanded into a temporal formula before one
// below the temporal level is taken as an atom whole: a recursive definition of state or action
// level is then evaluated as TLC evaluates it, rather than expanded for ever.
const maxExpansion = 64

// maxTemporalExpansion bounds how deeply definitions of the temporal level are expanded. TLC's
// Liveness.astToLive expands such a definition, a RECURSIVE one too, into its body for as long
// as its recursion goes (an IF whose condition is constant takes its branch, as since TLC's
// Github1389 fix); one that does not stop (bad(u) == IF u THEN [][TRUE]_x ELSE bad(u) with u
// FALSE, or op(n) == IF n = 0 THEN <>(x = 0) ELSE op(n - 1) applied to the variable x, whose
// condition is not constant, so that both branches are expanded) overflows Java's stack, which
// TLC.process reports as EC.SYSTEM_STACK_OVERFLOW and exits with (TLC's tests Github1389Loops and
// Github1389StateGuard). The bound is this translator's, not the depth at which Java's stack
// overflows, which depends on TLC's -Xss; working out the level of a condition like n = 0 follows
// the chain of arguments back to x, so that such a translation takes time quadratic in the bound
// (0.2 s with 1000).
const maxTemporalExpansion = 1000

// StackOverflowError is TLC's EC.SYSTEM_STACK_OVERFLOW: an expansion that does not end, which TLC
// finds by overflowing Java's stack and reports with the message below, exiting with
// EC.ExitStatus.ERROR (ExitSystem). Where names the expansion.
type StackOverflowError struct {
	Where string
}

// stackOverflowMsg is TLC's text for EC.SYSTEM_STACK_OVERFLOW (MP.getError).
const stackOverflowMsg = "This was a Java StackOverflowError. It was probably the result\n" +
	"of an incorrect recursive function definition that caused TLC to enter\n" +
	"an infinite loop when trying to compute the function or its application\n" +
	"to an element in its putative domain."

func (e *StackOverflowError) Error() string {
	return stackOverflowMsg + "\n(" + e.Where + ")"
}

func (t *liveTranslator) live(x ast.Expr, sc *eval.Scope) *liveExpr {
	switch y := x.(type) {
	case *ast.Paren:
		return t.live(y.X, sc)
	case *ast.Label:
		return t.live(y.X, sc)
	case *ast.Let:
		inner, err := t.ss.EnterLet(y, sc)
		if err != nil {
			t.fail(x, err.Error())
		}
		return t.live(y.Body, inner)
	case *ast.Ident, *ast.OpApp, *ast.Subexpr:
		expand := t.depth < maxExpansion
		if !expand && t.level(x, sc) > levelAction {
			if t.depth >= maxTemporalExpansion {
				panic(&StackOverflowError{Where: fmt.Sprintf("%s: expanding %s into a temporal formula nests more than %d definitions", x.Position(), exprText(x), maxTemporalExpansion)})
			}
			expand = true
		}
		if expand {
			out, osc, err := t.ss.Unfold(x, sc)
			if err == nil && out != x {
				t.depth++
				res := t.live(out, osc)
				t.depth--
				if res.level > levelAction {
					return res
				}
				return t.atom(x, sc, int8(res.level))
			}
		}
	case *ast.Quant:
		switch y.Kind {
		case ast.Exists, ast.Forall:
			if j, ok := t.quantifier(y, sc); ok {
				if j.level > levelAction {
					return j
				}
				return t.atom(x, sc, j.level)
			}
		default:
			if t.level(x, sc) > levelAction {
				t.fail(x, "temporal quantification (\\AA, \\EE) is not supported, by TLC either")
			}
		}
	case *ast.Junction:
		kind := lnConj
		if y.Kind == ast.Or {
			kind = lnDisj
		}
		j := &liveExpr{kind: kind}
		for _, it := range y.Items {
			j.add(t.live(it, sc))
		}
		if j.level > levelAction {
			return j
		}
		return t.atom(x, sc, j.level)
	case *ast.InfixExpr:
		switch y.Op {
		case `/\`, `\/`:
			kind := lnConj
			if y.Op == `\/` {
				kind = lnDisj
			}
			j := liveJunction(kind, t.live(y.L, sc), t.live(y.R, sc))
			if j.level > levelAction {
				return j
			}
			return t.atom(x, sc, j.level)
		case "=>":
			l, r := t.live(y.L, sc), t.live(y.R, sc)
			if max(l.level, r.level) > levelAction {
				return liveJunction(lnDisj, liveNeg(l), r)
			}
			return t.atom(x, sc, max(l.level, r.level))
		case "~>":
			// F ~> G is [](~F \/ <>G).
			l, r := t.live(y.L, sc), t.live(y.R, sc)
			return liveAll(liveJunction(lnDisj, liveNeg(l), liveEven(r)))
		}
	case *ast.If:
		// A constant condition chooses its branch, which alone is translated, as TLC's
		// liveness translator does since its Github1389 fix: a RECURSIVE operator with a
		// temporal body (ap(n) == IF n = 0 THEN <>P ELSE ap(n - 1)) then expands only as far as
		// its recursion goes.
		if t.level(y.Cond, sc) <= levelConstant {
			if v, err := t.ss.Eval(y.Cond, sc); err == nil {
				if b, ok := v.(value.Bool); ok {
					if b {
						return t.live(y.Then, sc)
					}
					return t.live(y.Else, sc)
				}
			}
		}
		c, th, el := t.live(y.Cond, sc), t.live(y.Then, sc), t.live(y.Else, sc)
		res := liveJunction(lnDisj, liveJunction(lnConj, c, th), liveJunction(lnConj, liveNeg(c), el))
		if res.level > levelAction {
			return res
		}
		return t.atom(x, sc, res.level)
	case *ast.PrefixExpr:
		switch y.Op {
		case "~":
			b := t.live(y.X, sc)
			if b.level > levelAction {
				return liveNeg(b)
			}
			return t.atom(x, sc, b.level)
		case "[]":
			return liveAll(t.live(y.X, sc))
		case "<>":
			return liveEven(t.live(y.X, sc))
		}
	case *ast.PostfixExpr:
		if y.Op == "'" {
			return liveActionAtom(&liveAtom{x: x, sc: sc})
		}
	case *ast.AngleAction:
		return t.angle(&liveAtom{x: y.Action, sub: y.Sub, sc: sc})
	case *ast.BoxAction:
		return t.box(x, y, sc)
	case *ast.Fairness:
		return t.fairness(y, sc)
	}
	return t.atom(x, sc, -1)
}

// fairness expands WF_v(A) into []<>(~ENABLED <<A>>_v \/ <<A>>_v) and SF_v(A) into
// <>[]~ENABLED <<A>>_v \/ []<><<A>>_v.
func (t *liveTranslator) fairness(f *ast.Fairness, sc *eval.Scope) *liveExpr {
	angle := &ast.AngleAction{Pos: f.Pos, Action: f.Action, Sub: f.Sub}
	enAtom := &liveAtom{x: angle, sc: sc, enabled: true}
	en := liveNeg(liveStateAtom(enAtom))
	act := t.angle(&liveAtom{x: f.Action, sub: f.Sub, sc: sc, guard: enAtom, def: t.actionDefOf(f.Action, sc)})
	if f.Strong {
		return liveJunction(lnDisj, liveEven(liveAll(en)), liveAll(liveEven(act)))
	}
	return liveAll(liveEven(liveJunction(lnDisj, en, act)))
}

// quantifier turns \A or \E over constant sets into the conjunction or disjunction of its body
// for each binding; ok is false when a bound set is not constant, and the quantifier is then an
// atom of its level.
func (t *liveTranslator) quantifier(q *ast.Quant, sc *eval.Scope) (*liveExpr, bool) {
	scopes, err := t.ss.Bindings(q.Bounds, sc)
	if err != nil {
		return nil, false
	}
	kind := lnConj
	if q.Kind == ast.Exists {
		kind = lnDisj
	}
	if len(scopes) == 0 {
		// \A over an empty set is TRUE, \E over one FALSE.
		return liveBool(kind == lnConj), true
	}
	j := &liveExpr{kind: kind}
	for _, bsc := range scopes {
		j.add(t.live(q.Body, bsc))
	}
	return j, true
}

// box returns the action [A]_v (x, written in sc) as one atom, evaluated as a whole; its values
// are taken from the successors the search enumerates when A applies a definition to constant
// arguments, or is \E over constant sets of such (<>[][\E n, o \in Node : Gossip(n, o)]_vars in
// tlaplus/Examples' CRDT: evaluated on every step, nine Gossip actions each time, it took more
// than half of MCCRDT's run), and v is a tuple of state variables.
func (t *liveTranslator) box(x ast.Expr, y *ast.BoxAction, sc *eval.Scope) *liveExpr {
	if t.level(x, sc) != levelAction {
		return t.atom(x, sc, -1)
	}
	a := &liveAtom{x: x, sc: sc}
	if def := t.actionDefOf(y.Action, sc); def != nil {
		if vars, ok := t.spec.UnchangedVariables(y.Sub, sc); ok {
			a.def, a.box, a.subVars, a.subVarsOK = def, true, vars, true
		}
	}
	return liveActionAtom(a)
}

// angle returns the action <<A>>_v of a, resolving v to state variables if it is a tuple of them.
func (t *liveTranslator) angle(a *liveAtom) *liveExpr {
	a.subVars, a.subVarsOK = t.spec.UnchangedVariables(a.sub, a.sc)
	return liveActionAtom(a)
}

func (t *liveTranslator) level(x ast.Expr, sc *eval.Scope) int8 {
	return int8(t.spec.Level(x, sc))
}

// atom returns x as one atom of level lvl (computed if negative): a constant is evaluated to
// TRUE or FALSE; a temporal formula reaching here is one TLC cannot check either.
func (t *liveTranslator) atom(x ast.Expr, sc *eval.Scope, lvl int8) *liveExpr {
	if lvl <= levelConstant {
		lvl = t.level(x, sc)
	}
	switch lvl {
	case levelConstant:
		v, err := t.ss.Eval(x, sc)
		if err != nil {
			t.fail(x, err.Error())
		}
		b, ok := v.(value.Bool)
		if !ok {
			t.fail(x, "a constant part of a temporal formula must be a boolean, not "+value.Abbrev(v))
		}
		return liveBool(bool(b))
	case levelState:
		return liveStateAtom(&liveAtom{x: x, sc: sc})
	case levelAction:
		return liveActionAtom(&liveAtom{x: x, sc: sc})
	}
	t.fail(x, "its temporal operators are inside an expression TLC checks as a whole (write it with /\\, \\/, ~, =>, ~>, [], <>, WF_, SF_, IF or \\A/\\E over a constant set)")
	return nil
}
