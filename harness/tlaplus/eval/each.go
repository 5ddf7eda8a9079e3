package eval

import (
	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// This file streams the sets \E and \A range over, as TLC does for the sets it keeps lazy: TLC
// evaluates {x \in S : P} to a SetPredValue unless S is an enumerated set or an interval
// (tlc2.tool.impl.Tool, OPCODE_sso: only a Reducible S is filtered at once), and \E and \A take
// the elements of a SetPredValue, and of SUBSET S (SubsetValue.elementsNormalized), one at a
// time from its enumeration (OPCODE_be, OPCODE_bf), stopping at the first witness or
// counterexample. SpecifyingSystems' InnerSerial writes
//
//	totalOpOrder == {R \in SUBSET (opId \X opId) : ...}
//	Serializable == \E R \in totalOpOrder : ...
//
// over the 2^16 relations of four operations: building the filter tested every relation before
// the first was tried. Here a quantifier's set is streamed when it is
//
//   - SUBSET S (its value, however it was written): its subsets are built one at a time
//     (value.SubsetSet.Each), in normalized order;
//   - {x \in S : P} written as the quantifier's set, or as the body of the definition the set
//     names (Op or Op(a, b)), when S is not an enumerated set or an interval: S's elements are
//     streamed (as above when S is a SUBSET), each tested by P when the quantifier reaches it.
//
// Either way the elements come in the order enumerating the set would give them (the normalized
// order), so a quantifier's value is unchanged; what changes is that the elements after a
// witness (\E) or counterexample (\A) are neither built nor tested, as in TLC, so an error P
// would raise on one of them is not raised either. A filter over an enumerated set or interval
// is filtered at once, as TLC does, and so is a filter whose value a cache already holds or that
// is a constant (computed once per run), and a definition without arguments whose filter's set
// is not written as a SUBSET, a set of functions or records or a Cartesian product: its value is
// cached per state (see evaluator.applyCode), which streaming would bypass. CHOOSE enumerates
// its set whole, as TLC's CHOOSE normalizes it (Enumerable.Ordering.NORMALIZED).

// setIter gives the elements of a streamed set one at a time, in normalized order: next returns
// the next element, or false after the last. close gives back the frames the stream took; the
// loop calls it once it stops, whether or not next returned false.
type setIter interface {
	next() (value.Value, bool)
	close()
}

// each is compiled code streaming a set in scope sc.
type each func(ev *evaluator, sc *Scope) setIter

// iterValue returns the stream of the set v, the value of x: SUBSET S is streamed (see
// value.SubsetSet.Iter), any other set enumerated.
func (ev *evaluator) iterValue(v value.Value, x ast.Expr) setIter {
	s := ev.asSet(v, x)
	if sub, ok := s.(*value.SubsetSet); ok {
		it, err := sub.Iter()
		check(x.Position(), err)
		return subsetIter{it}
	}
	elems := ev.elems(s, x)
	var it *sliceIter
	if n := len(ev.freeSliceIters); n > 0 {
		it, ev.freeSliceIters = ev.freeSliceIters[n-1], ev.freeSliceIters[:n-1]
	} else {
		it = &sliceIter{ev: ev}
	}
	it.elems, it.i = elems, 0
	return it
}

type subsetIter struct{ *value.SubsetIter }

func (it subsetIter) next() (value.Value, bool) { return it.Next() }
func (subsetIter) close()                       {}

// sliceIter streams the elements of an enumerated set. Its evaluator recycles it once closed:
// a quantifier over a constant set, or a set cached for the state, took one allocation per loop.
type sliceIter struct {
	ev    *evaluator
	elems []value.Value
	i     int
}

func (it *sliceIter) next() (value.Value, bool) {
	if it.i == len(it.elems) {
		return nil, false
	}
	it.i++
	return it.elems[it.i-1], true
}

func (it *sliceIter) close() {
	it.elems = nil
	it.ev.freeSliceIters = append(it.ev.freeSliceIters, it)
}

// forEachIter is forEachCode for bs[i], a name whose set is streamed by it.
func (ev *evaluator) forEachIter(bs []binder, i int, sc *Scope, it setIter, body func(*Scope) bool) bool {
	b := &bs[i]
	frame := ev.loop()
	all := true
	for v, ok := it.next(); ok; v, ok = it.next() {
		ev.tick(b.pos)
		if !ev.forEachCode(bs, i+1, frame.bind(sc, b.name, v), body) {
			all = false
			break
		}
	}
	ev.endLoop(&frame)
	it.close()
	return all
}

// streamableFilter returns x (within parentheses) if it is a set filter a quantifier may stream:
// one binding a single name (not a tuple) to the elements of a set.
func streamableFilter(x ast.Expr) *ast.SetFilter {
	for {
		p, ok := x.(*ast.Paren)
		if !ok {
			break
		}
		x = p.X
	}
	f, ok := x.(*ast.SetFilter)
	if !ok || f.Bound.Tuple || f.Bound.Set == nil || len(f.Bound.Names) != 1 {
		return nil
	}
	return f
}

// lazyBase reports whether x is written as a set TLC keeps lazy and never enumerates to filter
// it: SUBSET S, [S -> T], [a : S] or S \X T.
func lazyBase(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.Paren:
		return lazyBase(x.X)
	case *ast.PrefixExpr:
		return x.Op == "SUBSET"
	case *ast.FuncSet, *ast.RecordSet, *ast.CrossProduct:
		return true
	}
	return false
}

// filterCode is {x \in S : P}, a filter binding a single name, compiled: the code of S, and of P
// in the scope binding the name above the frames of what P's loop hoists.
type filterCode struct {
	x    *ast.SetFilter
	name string
	set  code
	h    *hoisting
	pred code
}

func (c *cscope) filterCode(x *ast.SetFilter) *filterCode {
	name := x.Bound.Names[0].Name
	f := &filterCode{x: x, name: name, set: c.unowned().compile(x.Bound.Set)}
	var hc *cscope
	f.h, hc = c.owning().hoist([]string{name}, x.Pred)
	f.pred = hc.bind(name, false).compile(x.Pred)
	return f
}

// value is the filter's value: a constant once computed, the walker's lazy set over an infinite
// set, else the elements of S satisfying P.
func (f *filterCode) value(ev *evaluator, sc *Scope) value.Value {
	v, probe := ev.constant(&f.x.Memo, sc)
	if v != nil {
		return v
	}
	base := ev.asSet(f.set(ev, sc), f.x.Bound.Set)
	if !base.Finite() {
		return ev.remember(&f.x.Memo, probe, ev.setFilter(f.x, sc))
	}
	return ev.remember(&f.x.Memo, probe, f.filtered(ev, sc, base))
}

// filtered is the set of the elements of base, the finite value of S, satisfying P.
func (f *filterCode) filtered(ev *evaluator, sc *Scope, base value.SetValue) *value.Set {
	elems, err := base.Enumerate()
	check(f.x.Bound.Set.Position(), err)
	if ev.javaCalls > 0 {
		defer markLazy(f.x)
	}
	mark, bsc := ev.hoistBegin(f.h, sc)
	frame := ev.loop()
	out := elems.Filter(func(e value.Value) bool {
		ev.tick(f.x.Pos)
		return ev.asBool(f.pred(ev, frame.bind(bsc, f.name, e)), f.x.Pred)
	})
	ev.endLoop(&frame)
	ev.hoistEnd(f.h, mark)
	return out
}

// each streams the filter (see the top of this file): the elements of its value when that is a
// constant, or S is enumerated, an interval or infinite; else S's elements, each as P accepts
// it. Whether the filter is a constant is decided, as value decides it, by the first stream that
// reads the state or a bound name (not one), or runs to the end (one: its elements are kept).
func (f *filterCode) each(ev *evaluator, sc *Scope) setIter {
	x := f.x
	v, probe := ev.constant(&x.Memo, sc)
	if v != nil {
		return ev.iterValue(v, x)
	}
	base := ev.asSet(f.set(ev, sc), x.Bound.Set)
	switch base.(type) {
	case *value.Set, *value.IntervalSet:
		return ev.iterValue(ev.remember(&x.Memo, probe, f.filtered(ev, sc, base)), x)
	}
	if !base.Finite() {
		return ev.iterValue(ev.remember(&x.Memo, probe, ev.setFilter(x, sc)), x)
	}
	it := &filterIter{ev: ev, x: x, base: ev.iterValue(base, x.Bound.Set), code: f, h: f.h, probe: probe}
	it.mark, it.sc = ev.hoistBegin(f.h, sc)
	it.frame = ev.loop()
	it.reads, it.local = ev.stateReads-probe.reads, ev.localReads-probe.local
	return it
}

// filterIter streams the elements of a filter's set that satisfy its predicate, evaluated by its
// code, or when code is nil by walking it.
type filterIter struct {
	ev    *evaluator
	x     *ast.SetFilter
	base  setIter
	code  *filterCode
	c     component // the walker's bound
	sc    *Scope    // the scope the bound name is bound in
	frame loopFrame
	h     *hoisting
	mark  framesMark
	// probe, when its table is set, is the filter's constant probe (see filterCode.each): the
	// elements are kept in got until the base is done.
	probe constantProbe
	got   []value.Value
	done  bool
	// reads and local count what the stream itself read (see evaluator.stateReads and
	// localReads): its set and hoisted expressions when it began, and its predicate in next.
	// The loop consuming the stream reads more between two calls of next (the body of
	// \E Q \in Quorum : \A a \in Q : votes[a] = b reads votes), which is not the filter's.
	reads, local int
}

func (it *filterIter) next() (value.Value, bool) {
	if it.probe.table == nil {
		return it.advance()
	}
	ev := it.ev
	reads, local := ev.stateReads, ev.localReads
	e, ok := it.advance()
	it.reads += ev.stateReads - reads
	it.local += ev.localReads - local
	return e, ok
}

// advance is next, without counting what it reads.
func (it *filterIter) advance() (value.Value, bool) {
	ev := it.ev
	for {
		e, ok := it.base.next()
		if !ok {
			it.done = true
			return nil, false
		}
		ev.tick(it.x.Pos)
		var in bool
		if it.code != nil {
			in = ev.asBool(it.code.pred(ev, it.frame.bind(it.sc, it.code.name, e)), it.x.Pred)
		} else {
			in = ev.boolean(it.x.Pred, ev.bindComponentIn(&it.frame, it.sc, it.c, e))
		}
		if in {
			if it.probe.table != nil {
				it.got = append(it.got, e)
			}
			return e, true
		}
	}
}

func (it *filterIter) close() {
	ev := it.ev
	ev.endLoop(&it.frame)
	ev.hoistEnd(it.h, it.mark)
	it.base.close()
	switch p := it.probe; {
	case p.table == nil:
	case it.reads != 0 || it.local != 0:
		rememberOwn(&it.x.Memo, p, nil, false) // not a constant
	case it.done:
		s, err := value.NewSetFrom(it.got)
		check(it.x.Pos, err)
		rememberOwn(&it.x.Memo, p, s, true)
	}
}

// compileSet compiles x, the set of a quantifier's bound name, to its code and, when x may be
// streamed, its stream: x is a set filter, or names a definition (with or without arguments)
// whose body is one (see defIter).
func (c *cscope) compileSet(x ast.Expr) (code, each) {
	if _, ok := c.hoisted[x]; ok {
		return c.compile(x), nil // an enclosing loop evaluates it once
	}
	if f := streamableFilter(x); f != nil {
		fc := c.filterCode(f)
		c.remember(f, fc.value)
		return fc.value, fc.each
	}
	var op *Operator
	var pos ast.Pos
	var args []ast.Expr
	var codes []code
	switch x := x.(type) {
	case *ast.Ident:
		if b := c.module(x.Name); b != nil {
			op, pos = b.op, x.Pos
		}
	case *ast.OpApp:
		if b := c.module(x.Name); len(x.Prefix) == 0 && b != nil {
			op, pos, args = b.op, x.Pos, x.Args
		}
	}
	if op == nil || op.body == nil || streamableFilter(op.body) == nil {
		return c.compile(x), nil
	}
	var k code
	if len(args) > 0 {
		// The application's code (c.opApp's), with the arguments' code the stream binds too.
		codes = c.compileAll(args)
		k = func(ev *evaluator, sc *Scope) value.Value { return ev.applyCode(op, pos, args, codes, sc) }
		c.remember(x, k)
	} else {
		k = c.compile(x)
	}
	return k, func(ev *evaluator, sc *Scope) setIter {
		if !ev.streamsDef(op, args) {
			return ev.iterValue(k(ev, sc), x)
		}
		return ev.defIter(op, pos, args, codes, sc)
	}
}

// streamsDef reports whether op applied to args is streamed (see the top of this file): op is a
// definition evaluated from its body (no configured value, native, function definition or
// instance), a filter that may be streamed, and one without arguments has its filter's set
// written as a lazy set (lazyBase) and its value neither remembered as a constant's nor cached
// for this evaluation.
func (ev *evaluator) streamsDef(op *Operator, args []ast.Expr) bool {
	if op.body == nil || op.value != nil || op.native != nil || op.funcDef != nil || op.inst != nil || len(args) != op.Arity() {
		return false
	}
	f := streamableFilter(op.body)
	if f == nil {
		return false
	}
	if len(args) > 0 {
		return true
	}
	if !lazyBase(f.Bound.Set) || op.memo.Load() != nil || ev.spec.constantDefinition(op) {
		return false
	}
	cache := ev.defCache
	if ev.primed {
		cache = ev.nextDefCache
	}
	_, cached := cache[op]
	return !cached
}

// defIter streams op applied to args (their codes, or nil to walk them), written in scope sc, a
// definition streamsDef accepts: its body's filter is streamed in op's scope with the parameters
// bound, as applying op evaluates it.
func (ev *evaluator) defIter(op *Operator, pos ast.Pos, args []ast.Expr, codes []code, sc *Scope) setIter {
	ev.enter(pos, op.Name)
	var it *defIter
	if n := len(ev.freeDefIters); n > 0 {
		it, ev.freeDefIters = ev.freeDefIters[n-1], ev.freeDefIters[:n-1]
	} else {
		it = &defIter{ev: ev}
	}
	it.mark = ev.frames.mark()
	inner := ev.bindParamsTo(op, args, codes, sc, &ev.frames.scopes, &ev.frames.thunks, ev)
	if e := ev.spec.bodyEach(op); e != nil {
		it.setIter = e(ev, inner)
	} else {
		it.setIter = ev.filterIn(streamableFilter(op.body), inner)
	}
	return it
}

// defIter is the stream of a definition's body (see evaluator.defIter).
type defIter struct {
	setIter
	ev   *evaluator
	mark framesMark
}

func (it *defIter) close() {
	ev := it.ev
	it.setIter.close()
	it.setIter = nil
	ev.frames.release(it.mark)
	ev.leave()
	ev.freeDefIters = append(ev.freeDefIters, it)
}

// filterIn is filterCode.each for the tree walker: x is a streamable filter (streamableFilter).
func (ev *evaluator) filterIn(x *ast.SetFilter, sc *Scope) setIter {
	c := boundComponent(x.Bound)
	base := ev.set(c.set, sc)
	switch base.(type) {
	case *value.Set, *value.IntervalSet:
		return ev.iterValue(ev.filterOf(x, c, base, sc), x)
	}
	if !base.Finite() {
		return ev.iterValue(ev.filterOf(x, c, base, sc), x)
	}
	return &filterIter{ev: ev, x: x, base: ev.iterValue(base, c.set), c: c, sc: sc, frame: ev.loop()}
}

// iterIn is the tree walker's stream of x, the set of a quantifier's bound name, when it streams
// x (see the top of this file); otherwise it returns nil and x's value.
func (ev *evaluator) iterIn(x ast.Expr, sc *Scope) (setIter, value.Value) {
	if f := streamableFilter(x); f != nil {
		return ev.filterIn(f, sc), nil
	}
	var op *Operator
	var pos ast.Pos
	var args []ast.Expr
	switch y := x.(type) {
	case *ast.Ident:
		if b, local, ok := lookupNode(y.Name, y, sc); ok && !local {
			op, pos = b.op, y.Pos
		}
	case *ast.OpApp:
		if b, local, ok := lookupNode(y.Name, y, sc); len(y.Prefix) == 0 && ok && !local {
			op, pos, args = b.op, y.Pos, y.Args
		}
	}
	if op != nil && ev.streamsDef(op, args) {
		return ev.defIter(op, pos, args, nil, sc), nil
	}
	v := ev.eval(x, sc)
	if _, ok := v.(*value.SubsetSet); ok {
		return ev.iterValue(v, x), nil
	}
	return nil, v
}
