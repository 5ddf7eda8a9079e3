package eval

import (
	"strconv"
	"sync/atomic"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// This file hoists loop-invariant subexpressions out of the loops of compiled code: a part of
// the body of a quantifier, CHOOSE, set filter, set map or function constructor that mentions
// none of the names the loop binds (nor any bound between the loop and it) has the same value
// for every element, so the loop's code evaluates it at most once per run of the loop instead of
// once per element. tlaplus/Examples' dag-consensus BlockDag.tla writes
//
//	PreviousLeader(dag, r) == CHOOSE l \in Vertices(dag) :
//	    IsLeader(l) /\ Round(l) = Max({Round(l2) : l2 \in {l2 \in Vertices(dag) : ...}})
//
// whose Max(...) walked every vertex of the DAG once per vertex tried.
//
// A hoisted expression is bound as a LET definition without parameters would be, in a frame
// between the scope outside the loop and the loop's own frames (`\A x \in S : P(x, e)` runs as
// `LET h == e IN \A x \in S : P(x, h)`): its thunk is evaluated the first time the body reads it,
// in the same evaluation state it would have been evaluated in without hoisting, and its value
// is kept for the rest of the loop by the thunk's cache, which keeps nothing read under a prime
// or from primed variables (see evaluator.force). So an expression that fails, fails where it
// did, and one the body never reaches is never evaluated. Expressions whose value may change
// between two evaluations in one state are not hoisted: those reaching an operator that reads
// the checker's registers, time, a random source or files, or has an effect (Print, TLCSet,
// writing files), an INSTANCE, or an operator bound in the scope chain (a LET operator with
// parameters, a higher-order parameter), whose body the compiler does not see.
//
// The frames must be where compiled code expects them: a model checker walks the quantifiers
// of an action itself (Session.ForEachBinding and Bindings), and binds the same frames for them
// (see Spec.hoistingFor); compiled code finding other frames looks names up by name and
// evaluates a hoisted expression in place, as everywhere else.

// hoisting is what a loop's code evaluates once per run of the loop: exprs[i], compiled to
// codes[i] in the scope outside the loop, is bound to names[i], a name no TLA+ identifier can
// be, in the i-th frame outside the loop's own.
type hoisting struct {
	names []string
	exprs []ast.Expr
	codes []code
}

// hoistNames numbers the frames of hoisted expressions, so that a frame is never taken for
// another's.
var hoistNames atomic.Int64

// hoist finds the subexpressions of body (written in the scope c.bind(bound...)) worth
// evaluating once per run of a loop binding the names bound, compiles them in c, and returns them
// with the scope to bind the loop's names in: c with one frame per hoisted expression. It returns
// nil and c when nothing is worth hoisting.
func (c *cscope) hoist(bound []string, body ast.Expr) (*hoisting, *cscope) {
	if c.spec == nil {
		return nil, c
	}
	f := hoistFinder{c: c, varying: map[string]int{}}
	for _, n := range bound {
		f.varying[n]++
	}
	f.walk(body)
	if len(f.found) == 0 {
		return nil, c
	}
	h := &hoisting{}
	inner := c
	if inner.hoisted == nil {
		inner = c.withHoisted()
	}
	for _, x := range f.found {
		name := "\x00hoisted" + strconv.FormatInt(hoistNames.Add(1), 10)
		h.names = append(h.names, name)
		h.exprs = append(h.exprs, x)
		h.codes = append(h.codes, c.compile(x))
	}
	for i, x := range f.found {
		inner.hoisted[x] = h.names[i]
		inner = inner.bind(h.names[i], false)
	}
	return h, inner
}

// withHoisted is c with a table of hoisted expressions of its own (see cscope.hoisted).
func (c *cscope) withHoisted() *cscope {
	o := *c
	o.hoisted = map[ast.Expr]string{}
	return &o
}

// hoistedRef is the code of x, hoisted to the frame name (d frames above c): the frame's value,
// or when evaluation built other frames (see hoisting), x evaluated in place by inline.
func (c *cscope) hoistedRef(x ast.Expr, name string, d int, inline code) code {
	own := c.ownFrame(d)
	return func(ev *evaluator, sc *Scope) value.Value {
		if s := frameAt(sc, d, name); s != nil && s.arg != nil {
			if !own {
				ev.localReads++
			}
			return ev.force(s.arg)
		}
		return inline(ev, sc)
	}
}

// hoistFrames binds h's expressions in frames of the evaluation's stacks above sc, in the
// order the compiler bound them; the caller releases them with the loop's frames.
func (ev *evaluator) hoistFrames(h *hoisting, sc *Scope) *Scope {
	inner := sc
	for i, name := range h.names {
		f, t := ev.frames.scopes.push(), ev.frames.thunks.push()
		t.expr, t.code, t.scope, t.owner, t.ownEpoch = h.exprs[i], h.codes[i], sc, ev, ev.epoch
		home, opFrames := inner.inherited()
		*f = Scope{parent: inner, name: name, arg: t, home: home, opFrames: opFrames}
		inner = f
	}
	return inner
}

// hoistScopes is hoistFrames with frames that stay valid for ever (see Session.Bindings).
func (ev *evaluator) hoistScopes(h *hoisting, sc *Scope) *Scope {
	inner := sc
	for i, name := range h.names {
		st := &scopedThunk{}
		st.arg.expr, st.arg.code, st.arg.scope, st.arg.owner, st.arg.ownEpoch = h.exprs[i], h.codes[i], sc, ev, ev.epoch
		st.scope.parent, st.scope.name, st.scope.arg = inner, name, &st.arg
		st.scope.home, st.scope.opFrames = inner.inherited()
		inner = &st.scope
	}
	return inner
}

// quantHoisting is the hoisting of a quantifier compiled in module mod, which a model checker
// walking the quantifier binds too (see Spec.hoistingFor).
type quantHoisting struct {
	mod  *modCtx
	h    *hoisting
	next *quantHoisting
}

// rememberHoisting records that the quantifier with bounds, compiled in c, hoists h.
func (c *cscope) rememberHoisting(bounds []*ast.Bound, h *hoisting) {
	n := &quantHoisting{mod: c.mod, h: h}
	if old, ok := c.spec.quantHoists.Load(bounds[0]); ok {
		for o := old.(*quantHoisting); o != nil; o = o.next {
			if o.mod == c.mod {
				return
			}
		}
		n.next = old.(*quantHoisting)
	}
	c.spec.quantHoists.Store(bounds[0], n)
}

// hoistingFor returns what the compiled code of the quantifier with bounds hoists, for
// evaluation in scope sc, or nil.
func (s *Spec) hoistingFor(bounds []*ast.Bound, sc *Scope) *hoisting {
	if len(bounds) == 0 || sc == nil {
		return nil
	}
	v, ok := s.quantHoists.Load(bounds[0])
	if !ok {
		return nil
	}
	for n := v.(*quantHoisting); n != nil; n = n.next {
		if n.mod == sc.home {
			return n.h
		}
	}
	return nil
}

// hoistFinder walks a loop's body for the subexpressions to hoist (see cscope.hoist).
type hoistFinder struct {
	c *cscope
	// varying counts, per name, the binders between the loop and the node being walked that
	// bind it, the loop's own included.
	varying map[string]int
	found   []ast.Expr
}

// walk looks for the expressions to hoist in x.
func (f *hoistFinder) walk(x ast.Expr) {
	if x == nil {
		return
	}
	if _, done := f.c.hoisted[x]; done {
		return // an enclosing loop hoists it
	}
	if worthHoisting(x) && !f.mentionsVarying(x) && f.pure(x) {
		f.found = append(f.found, x)
		return
	}
	switch x := x.(type) {
	case *ast.Paren:
		f.walk(x.X)
	case *ast.Label:
		f.walk(x.X)
	case *ast.OpApp:
		f.walkAll(x.Args)
	case *ast.InfixExpr:
		f.walk(x.L)
		f.walk(x.R)
	case *ast.PrefixExpr:
		f.walk(x.X)
	case *ast.PostfixExpr:
		f.walk(x.X)
	case *ast.Junction:
		f.walkAll(x.Items)
	case *ast.If:
		f.walk(x.Cond)
		f.walk(x.Then)
		f.walk(x.Else)
	case *ast.Case:
		for _, arm := range x.Arms {
			f.walk(arm.Cond)
			f.walk(arm.Value)
		}
		f.walk(x.Other)
	case *ast.Tuple:
		f.walkAll(x.Elems)
	case *ast.SetEnum:
		f.walkAll(x.Elems)
	case *ast.FuncApp:
		f.walk(x.Func)
		f.walkAll(x.Args)
	case *ast.Dot:
		f.walk(x.X)
	case *ast.Record:
		for _, fl := range x.Fields {
			f.walk(fl.Value)
		}
	case *ast.Let:
		var names []string
		for _, d := range x.Defs {
			switch d := d.(type) {
			case *ast.OpDef:
				names = append(names, d.Name)
			case *ast.FuncDef:
				names = append(names, d.Name)
			case *ast.ModuleDef:
				names = append(names, d.Name)
			}
		}
		f.with(names, func() {
			for _, d := range x.Defs {
				if d, ok := d.(*ast.OpDef); ok && len(d.Params) == 0 {
					f.walk(d.Body)
				}
			}
			f.walk(x.Body)
		})
	case *ast.Quant:
		f.bounds(x.Bounds, x.Body)
	case *ast.Choose:
		f.bounds([]*ast.Bound{x.Bound}, x.Body)
	case *ast.SetFilter:
		f.bounds([]*ast.Bound{x.Bound}, x.Pred)
	case *ast.SetMap:
		f.bounds(x.Bounds, x.Elem)
	case *ast.FuncCons:
		f.bounds(x.Bounds, x.Body)
	}
}

// walkAll walks each of xs, the operands of one node.
func (f *hoistFinder) walkAll(xs []ast.Expr) {
	for _, x := range xs {
		f.walk(x)
	}
}

// bounds walks the sets of bounds and body, in which the bounds' names vary.
func (f *hoistFinder) bounds(bounds []*ast.Bound, body ast.Expr) {
	var names []string
	for _, b := range bounds {
		f.walk(b.Set)
		for _, n := range b.Names {
			names = append(names, n.Name)
		}
	}
	f.with(names, func() { f.walk(body) })
}

// with runs walk with names varying.
func (f *hoistFinder) with(names []string, walk func()) {
	for _, n := range names {
		f.varying[n]++
	}
	walk()
	for _, n := range names {
		f.varying[n]--
	}
}

// mentionsVarying reports whether x mentions a varying name (or @, which EXCEPT binds).
func (f *hoistFinder) mentionsVarying(x ast.Expr) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident:
			found = found || f.varying[n.Name] > 0
		case *ast.OpApp:
			found = found || f.varying[n.Name] > 0
		case *ast.At:
			found = true
		}
		return !found
	})
	return found
}

// worthHoisting reports whether evaluating x may cost more than reading a frame: it applies an
// operator to arguments or loops over a set somewhere.
func worthHoisting(x ast.Expr) bool {
	worth := false
	ast.Inspect(x, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.OpApp:
			worth = worth || len(n.Args) > 0
		case *ast.Quant, *ast.Choose, *ast.SetFilter, *ast.SetMap, *ast.FuncCons:
			worth = true
		}
		return !worth
	})
	return worth
}

// unstable are the standard operators whose value may differ between two evaluations with the
// same arguments in the same state, or that have effects: an expression using one is neither
// hoisted (see hoist) nor judged by the variables it reads (StateVariablesRead).
var unstable = map[string]bool{
	"Print": true, "PrintT": true, "JavaTime": true, "TLCGet": true, "TLCSet": true, "RandomElement": true,
	"TLCDefer": true, "TLCCache": true, "PickSuccessor": true, "Trace": true, "CounterExample": true,
	"RandomSubset": true, "RandomSetOfSubsets": true, "RandomSubsetSet": true,
	"IOEnv": true, "IOExec": true, "IOEnvExec": true, "IOExecTemplate": true, "IOEnvExecTemplate": true,
	"IOSerialize": true, "IODeserialize": true, "Serialize": true, "Deserialize": true,
	"WRITE": true, "CREATE": true, "READ": true,
	"CSVWrite": true, "CSVRead": true, "CSVRecords": true,
	"JsonSerialize": true, "ndJsonSerialize": true, "JsonDeserialize": true, "ndJsonDeserialize": true,
}

// stableNative reports whether the standard operator name is not unstable.
func stableNative(name string) bool { return !unstable[name] }

// pure reports whether x, written in f.c, has one value per state wherever the loop evaluates
// it: it reaches no unstable operator, INSTANCE or operator bound in the scope chain.
func (f *hoistFinder) pure(x ast.Expr) bool {
	anyVariable := func(int) bool { return true }
	return newDefWalk(stableNative, anyVariable, nil).node(x, f.c.mod, f.c)
}

// hoistBegin binds h's frames above sc (see hoistFrames) and returns the mark to end them at and
// the scope to bind the loop's names in; with nothing hoisted it returns sc.
func (ev *evaluator) hoistBegin(h *hoisting, sc *Scope) (framesMark, *Scope) {
	if h == nil {
		return framesMark{}, sc
	}
	mark := ev.frames.mark()
	return mark, ev.hoistFrames(h, sc)
}

// hoistEnd gives back the frames hoistBegin took.
func (ev *evaluator) hoistEnd(h *hoisting, mark framesMark) {
	if h != nil {
		ev.frames.release(mark)
	}
}

// hoisted is loop, code binding its names in the scope it is given, run with h's frames.
func hoisted(h *hoisting, loop code) code {
	return func(ev *evaluator, sc *Scope) value.Value {
		mark := ev.frames.mark()
		v := loop(ev, ev.hoistFrames(h, sc))
		ev.frames.release(mark)
		return v
	}
}

// boundNames lists the names bounds bind.
func boundNames(bounds []*ast.Bound) []string {
	var names []string
	for _, b := range bounds {
		for _, n := range b.Names {
			names = append(names, n.Name)
		}
	}
	return names
}

// comparesBound reports whether x has the form \A y \in S : e OP y (OP one of <, >, <=, >=,
// either side being y), which quantBound may compile to one comparison with S's least or
// greatest element, e evaluated once.
func comparesBound(x *ast.Quant) bool {
	cmp, ok := x.Body.(*ast.InfixExpr)
	if !ok || len(x.Bounds) != 1 || len(x.Bounds[0].Names) != 1 {
		return false
	}
	switch cmp.Op {
	case "<", ">", "<=", ">=":
	default:
		return false
	}
	y := x.Bounds[0].Names[0].Name
	for _, side := range []ast.Expr{cmp.L, cmp.R} {
		if id, ok := side.(*ast.Ident); ok && id.Name == y {
			return true
		}
	}
	return false
}
