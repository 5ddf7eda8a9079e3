package eval

import (
	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// component is one bound position of a binder list: `x \in S` or `<<a, b>> \in S`. The list
// `x, y \in S` has two components.
type component struct {
	names []*ast.Ident
	tuple bool
	set   ast.Expr
	pos   ast.Pos
}

// boundComponent is the single component of a CHOOSE or set-filter binder, built without the
// slices components allocates.
func boundComponent(b *ast.Bound) component {
	if b.Tuple {
		return component{names: b.Names, tuple: true, set: b.Set, pos: b.Pos}
	}
	return component{names: b.Names[:1], set: b.Set, pos: b.Names[0].Pos}
}

func components(bounds []*ast.Bound) []component {
	var out []component
	for _, b := range bounds {
		if b.Tuple {
			out = append(out, component{names: b.Names, tuple: true, set: b.Set, pos: b.Pos})
			continue
		}
		for _, n := range b.Names {
			out = append(out, component{names: []*ast.Ident{n}, set: b.Set, pos: n.Pos})
		}
	}
	return out
}

// bindComponent binds the names of c to v in sc.
func (ev *evaluator) bindComponent(sc *Scope, c component, v value.Value) *Scope {
	if !c.tuple {
		return sc.Bind(c.names[0].Name, v)
	}
	t, err := value.AsSeq(v)
	if err != nil || len(t) != len(c.names) {
		fail(c.pos, "the tuple binder <<%s>> does not match %s", joinNames(c.names), value.Abbrev(v))
	}
	for i, n := range c.names {
		sc = sc.Bind(n.Name, t[i])
	}
	return sc
}

// bindComponentIn is bindComponent inside a loop: a single name is bound in the loop's frame.
func (ev *evaluator) bindComponentIn(frame *loopFrame, sc *Scope, c component, v value.Value) *Scope {
	if c.tuple {
		return ev.bindComponent(sc, c, v)
	}
	return frame.bind(sc, c.names[0].Name, v)
}

func joinNames(ids []*ast.Ident) string {
	s := ""
	for i, id := range ids {
		if i > 0 {
			s += ", "
		}
		s += id.Name
	}
	return s
}

// forEach calls body with sc extended by every combination of values of the binders, in
// normalized order, until body returns false. It reports whether body always returned true.
// A binder's set may refer to the names bound before it.
func (ev *evaluator) forEach(bounds []*ast.Bound, sc *Scope, body func(*Scope) bool) bool {
	for _, b := range bounds {
		if b.Set == nil {
			fail(b.Pos, "an unbounded quantifier over %s cannot be evaluated; bound it with \\in", joinNames(b.Names))
		}
	}
	return ev.forEachBound(bounds, 0, sc, body)
}

// forEachBound binds the names of bounds[i:] (bounds[i].Names[j:] first) without building the
// component list, as this is the evaluator's innermost loop.
func (ev *evaluator) forEachBound(bounds []*ast.Bound, i int, sc *Scope, body func(*Scope) bool) bool {
	if i == len(bounds) {
		return body(sc)
	}
	b := bounds[i]
	if b.Tuple {
		c := component{names: b.Names, tuple: true, set: b.Set, pos: b.Pos}
		for _, v := range ev.boundElems(b, sc) {
			ev.tick(b.Pos)
			if !ev.forEachBound(bounds, i+1, ev.bindComponent(sc, c, v), body) {
				return false
			}
		}
		return true
	}
	return ev.forEachName(bounds, i, 0, sc, body)
}

func (ev *evaluator) forEachName(bounds []*ast.Bound, i, j int, sc *Scope, body func(*Scope) bool) bool {
	b := bounds[i]
	if j == len(b.Names) {
		return ev.forEachBound(bounds, i+1, sc, body)
	}
	var it setIter
	elems, given := ev.given[b] // nil map: not given
	if !given {
		var set value.Value
		if it, set = ev.iterIn(b.Set, sc); it == nil {
			elems = ev.elems(set, b.Set)
		}
	}
	frame := ev.loop()
	if it != nil {
		all := true
		for v, ok := it.next(); ok; v, ok = it.next() {
			ev.tick(b.Pos)
			if !ev.forEachName(bounds, i, j+1, frame.bind(sc, b.Names[j].Name, v), body) {
				all = false
				break
			}
		}
		ev.endLoop(&frame)
		it.close()
		return all
	}
	for _, v := range elems {
		ev.tick(b.Pos)
		if !ev.forEachName(bounds, i, j+1, frame.bind(sc, b.Names[j].Name, v), body) {
			ev.endLoop(&frame)
			return false
		}
	}
	ev.endLoop(&frame)
	return true
}

// boundElems lists the elements b's names range over: its set's, or those given for it (see
// Session.ForEachBindingOver).
func (ev *evaluator) boundElems(b *ast.Bound, sc *Scope) []value.Value {
	if ev.given != nil {
		if elems, ok := ev.given[b]; ok {
			return elems
		}
	}
	return ev.enumerate(b.Set, sc)
}

// bindings appends to out sc extended by every combination of values of bounds[i:]
// (bounds[i].Names[j:] first), in forEach's order, each in frames of its own: allocated, or
// taken from fr when it is not nil (a single name's frame; a tuple binder's are allocated).
func (ev *evaluator) bindings(bounds []*ast.Bound, i, j int, sc *Scope, out []*Scope, fr *stack[Scope]) []*Scope {
	if i == len(bounds) {
		return append(out, sc)
	}
	b := bounds[i]
	if b.Tuple {
		c := component{names: b.Names, tuple: true, set: b.Set, pos: b.Pos}
		for _, v := range ev.boundElems(b, sc) {
			ev.tick(b.Pos)
			out = ev.bindings(bounds, i+1, 0, ev.bindComponent(sc, c, v), out, fr)
		}
		return out
	}
	if j == len(b.Names) {
		return ev.bindings(bounds, i+1, 0, sc, out, fr)
	}
	for _, v := range ev.enumerate(b.Set, sc) {
		ev.tick(b.Pos)
		inner := (*Scope)(nil)
		if fr != nil {
			inner = fr.push()
			home, opFrames := sc.inherited()
			*inner = Scope{parent: sc, name: b.Names[j].Name, val: v, home: home, opFrames: opFrames}
		} else {
			inner = sc.Bind(b.Names[j].Name, v)
		}
		out = ev.bindings(bounds, i, j+1, inner, out, fr)
	}
	return out
}

func (ev *evaluator) quant(x *ast.Quant, sc *Scope) value.Value {
	switch x.Kind {
	case ast.Forall:
		return value.Bool(ev.forEach(x.Bounds, sc, func(inner *Scope) bool { return ev.boolean(x.Body, inner) }))
	case ast.Exists:
		return value.Bool(!ev.forEach(x.Bounds, sc, func(inner *Scope) bool { return !ev.boolean(x.Body, inner) }))
	}
	fail(x.Pos, "temporal quantifiers \\AA and \\EE cannot be evaluated")
	return nil
}

// choose picks the first element of the set, in normalized order, satisfying the predicate, as
// TLC does.
func (ev *evaluator) choose(x *ast.Choose, sc *Scope) value.Value {
	if x.Bound.Set == nil {
		fail(x.Pos, "an unbounded CHOOSE %s : ... cannot be evaluated; bound it with \\in or give the definition a value in the configuration", joinNames(x.Bound.Names))
	}
	c := boundComponent(x.Bound)
	set := ev.set(c.set, sc)
	elems, err := set.Enumerate()
	check(c.set.Position(), err)
	frame := ev.loop()
	for _, v := range elems.Elems() {
		ev.tick(x.Pos)
		if ev.boolean(x.Body, ev.bindComponentIn(&frame, sc, c, v)) {
			ev.endLoop(&frame)
			return v
		}
	}
	ev.endLoop(&frame)
	fail(x.Pos, "CHOOSE found no element of %s satisfying the condition", value.Abbrev(set))
	return nil
}

func (ev *evaluator) setFilter(x *ast.SetFilter, sc *Scope) value.Value {
	c := boundComponent(x.Bound)
	return ev.filterOf(x, c, ev.set(c.set, sc), sc)
}

// filterOf is the value of x, whose bound c ranges over base.
func (ev *evaluator) filterOf(x *ast.SetFilter, c component, base value.SetValue, sc *Scope) value.Value {
	if !base.Finite() {
		ev.stateReads++ // the predicate captures the state; never memoize it
		captured()
		sub := ev.spec.newEvaluator(ev.capturedContext())
		return &value.FilterSet{Base: base, Text: "{" + joinNames(c.names) + " \\in " + base.String() + " : ...}",
			Pred: func(v value.Value) (ok bool, err error) {
				defer recoverInto(&err)
				return sub.boolean(x.Pred, sub.bindComponent(sc, c, v)), nil
			}}
	}
	elems, err := base.Enumerate()
	check(c.set.Position(), err)
	if ev.javaCalls > 0 {
		defer markLazy(x)
	}
	frame := ev.loop()
	out := elems.Filter(func(v value.Value) bool {
		ev.tick(x.Pos)
		return ev.boolean(x.Pred, ev.bindComponentIn(&frame, sc, c, v))
	})
	ev.endLoop(&frame)
	return out
}

func (ev *evaluator) setMap(x *ast.SetMap, sc *Scope) value.Value {
	var buf [16]value.Value // the elements, on the stack unless more (see value.NewSetFrom)
	out := buf[:0]
	ev.forEach(x.Bounds, sc, func(inner *Scope) bool {
		out = append(out, ev.eval(x.Elem, inner))
		return true
	})
	s, err := value.NewSetFrom(out)
	check(x.Pos, err)
	return s
}
