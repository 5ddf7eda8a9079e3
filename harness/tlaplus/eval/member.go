package eval

import (
	"slices"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// This file compiles v \in S so that, where S's form allows it, membership is decided without
// building S: a trace validator checks guards such as c \in NextConfigs(config[i]) (Raft.tla's
// configuration changes, a filter of the union of two set maps of about three thousand records)
// at every event, and building, sorting and searching that set was a sixth of its time. The
// rules, each the definition of the set former, so the answer is the one Contains gives on the
// built set:
//   - v \in {x \in S : P}      is  v \in S /\ P with x bound to v;
//   - v \in A \cup B, A \cap B, A \ B  combine v \in A and v \in B;
//   - v \in IF c THEN A ELSE B  is v \in A or v \in B as c says;
//   - v \in DOMAIN f           looks v up in f;
//   - v \in {e1, ..., en}       compares v with each ei in turn, as TLC does (inEnumeration);
//   - v \in {[f1 |-> x1, ..., g |-> e] : x1 \in S1, ...}, the element a record whose fields are
//     the bound names (each once) or expressions naming none of them, written directly or as an
//     operator whose body is such a record of its parameters (ConfigRecord(v, {}, l, {}, FALSE)):
//     v is a record with those fields, each xi's field in Si (with x1..x(i-1) bound to theirs) and
//     each other field equal to its expression;
//   - v \in Op(a1, ..., an), Op a definition of the module: its body's membership with the
//     parameters bound;
//   - v \in D, D a definition of the module without parameters that is not a constant (Quicksort's
//     UV \in DomainPartitions, a filter of SUBSET SUBSET (1..Len(seq0)), 65,536 sets for four
//     elements, built for every state): its body's membership, unless D was already computed for
//     this state.
// Set formers whose first evaluation found them constant keep their memoized set, which is
// searched; so is any other set.

// memberCode decides whether v, a normalized value, is in the set x denotes, in scope sc.
type memberCode func(ev *evaluator, sc *Scope, v value.Value) bool

// compiledMember is the membership code of an operator's body (see Spec.memberBodyCode).
type compiledMember struct {
	member memberCode
	// builds: deciding membership builds the whole set anyway (a set map other than a record
	// pattern, an enumerated set), so that evaluations keeping the definition's value
	// (Session.ResetAt) lose nothing by building it once.
	builds bool
	// eager: the body's form decides nothing (Edges(g) == g[2]), so membership evaluates the
	// body and searches it, which the application searched does as well (see memberOpApp).
	eager bool
}

// contains is v \in s for s the value of x and v normalized, with value.Member's errors (TLC's)
// reported at x.
func (ev *evaluator) contains(s value.Value, x ast.Expr, v value.Value) bool {
	var in bool
	var err error
	if set, ok := s.(*value.Set); ok {
		in, err = set.MemberNormalized(v)
	} else {
		in, err = value.Member(ev.asSet(s, x), v)
	}
	check(x.Position(), err)
	return in
}

// member compiles membership in the set x denotes.
func (c *cscope) member(x ast.Expr) memberCode {
	m, _ := c.memberOrSet(x)
	return m
}

// setCode is the code of the set expression x.
type setCode struct {
	code code
	x    ast.Expr
	// when, if not nil, says whether the membership code searches the set code's value in the
	// evaluation at hand; where it does not, membership must go through the membership code.
	when func(ev *evaluator) bool
}

// searches reports whether membership in s's set may be decided by searching its value.
func (s *setCode) searches(ev *evaluator) bool { return s.when == nil || s.when(ev) }

// memberOrSet is member, also returning the set's code when the membership code evaluates the
// set x denotes and searches it; nil when x's form decides membership without building the set.
func (c *cscope) memberOrSet(x ast.Expr) (memberCode, *setCode) {
	whole := c.compile(x)
	eager := func(ev *evaluator, sc *Scope, v value.Value) bool { return ev.contains(whole(ev, sc), x, v) }
	switch y := x.(type) {
	case *ast.Paren:
		return c.memberOrSet(y.X)
	case *ast.SetFilter:
		return c.memberFilter(y, eager, false), nil
	case *ast.SetMap:
		if m := c.memberMap(y, eager, false); m != nil {
			return m, nil
		}
	case *ast.If:
		cond, then, els := c.compile(y.Cond), c.member(y.Then), c.member(y.Else)
		return func(ev *evaluator, sc *Scope, v value.Value) bool {
			if ev.asBool(cond(ev, sc), y.Cond) {
				return then(ev, sc, v)
			}
			return els(ev, sc, v)
		}, nil
	case *ast.InfixExpr:
		switch y.Op {
		case `\cup`, `\cap`, `\`:
			l, r := c.member(y.L), c.member(y.R)
			switch y.Op {
			case `\cup`:
				return func(ev *evaluator, sc *Scope, v value.Value) bool { return l(ev, sc, v) || r(ev, sc, v) }, nil
			case `\cap`:
				return func(ev *evaluator, sc *Scope, v value.Value) bool { return l(ev, sc, v) && r(ev, sc, v) }, nil
			}
			return func(ev *evaluator, sc *Scope, v value.Value) bool { return l(ev, sc, v) && !r(ev, sc, v) }, nil
		}
	case *ast.PrefixExpr:
		if y.Op == "DOMAIN" {
			f := c.compile(y.X)
			return func(ev *evaluator, sc *Scope, v value.Value) bool {
				switch fn := f(ev, sc).(type) {
				case *value.Record:
					if s, ok := v.(value.Str); ok {
						_, in, _ := fn.Field(string(s))
						return in
					}
				case value.Tuple:
					if i, ok := v.(value.Int); ok {
						return i >= 1 && int64(i) <= int64(len(fn))
					}
				case *value.Func:
					a, err := value.Normalize(v)
					check(y.Pos, err)
					in, err := fn.Domain().(*value.Set).MemberNormalized(a)
					check(y.Pos, err)
					return in
				}
				return eager(ev, sc, v)
			}, nil
		}
	case *ast.OpApp:
		if m, op := c.memberOpApp(y, eager); m != nil {
			return m, &setCode{code: whole, x: x, when: func(ev *evaluator) bool { return ev.spec.memberEager(op) }}
		}
	case *ast.Ident:
		if m := c.memberDef(y, eager); m != nil {
			return m, nil
		}
	case *ast.SetEnum:
		elems := c.compileAll(y.Elems)
		return func(ev *evaluator, sc *Scope, v value.Value) bool {
			var buf [8]value.Value
			vals := buf[:0]
			for _, e := range elems {
				vals = append(vals, e(ev, sc))
			}
			return inEnumeration(y, vals, v)
		}, nil
	}
	return eager, &setCode{code: whole, x: x}
}

// inEnumeration decides v \in {e1, ..., en}, vals being the elements' values, as TLC does: a set
// enumeration is a SetEnumValue that is not normalized (Tool's OPCODE_se), whose member method
// compares the elements with v one after the other, ei.equals(v), until one is equal
// (ValueVec.search of an unsorted vector). So 1 \in {1, "a"} is TRUE, where sorting the set
// fails, and "a" \in {1, 2} fails on 1.equals("a"). The elements are all evaluated first, as the
// set is.
func inEnumeration(x *ast.SetEnum, vals []value.Value, v value.Value) bool {
	for _, e := range vals {
		eq, err := value.Equal(e, v)
		check(x.Pos, err)
		if eq {
			return true
		}
	}
	return false
}

// probeLen is the longest tuple a membership test builds in its evaluator's probe (see tupleIn).
const probeLen = 4

// tupleIn decides <<e1, ..., en>> \in S, for elems the elements' code and set S's, where S's form
// leaves nothing but building it and searching it. The tuple is only looked up, so when S is a
// set of values, whose search keeps nothing, the tuple is built in ev's probe instead of being
// allocated: Voting.tla's VotedFor(a, b, v) == <<b, v>> \in votes[a], evaluated about 190 times
// for each distinct state MCPaxos's invariants are checked in, made two fifths of the objects it
// allocated. The elements are evaluated first and then S, as when the tuple is built, so an
// error is the same one.
func (ev *evaluator) tupleIn(x *ast.InfixExpr, elems []code, set *setCode, sc *Scope) bool {
	var vals [probeLen]value.Value
	for i, e := range elems {
		vals[i] = e(ev, sc)
	}
	n := len(elems)
	for i := range n {
		v, err := value.Normalize(vals[i])
		check(x.Pos, err)
		vals[i] = v
	}
	s := set.code(ev, sc)
	if s, ok := s.(*value.Set); ok {
		ev.probe = append(ev.probeElems[:0], vals[:n]...)
		if in, err := s.MemberNormalized(value.TupleIn(&ev.probe)); err == nil {
			return in
		}
		// An error is reported for a tuple of its own, which it may keep.
	}
	v, t := value.MakeTuple(n)
	copy(t, vals[:n])
	return ev.contains(s, set.x, v)
}

// lazyMember reports whether the set former with memo m may be searched without building it:
// its first evaluation found it depends on the state or on bound names (a constant one is
// built once and kept, see evaluator.constant, and searching that is cheaper).
func (ev *evaluator) lazyMember(m *ast.Memo, sc *Scope) bool {
	if sc.home == nil {
		return true
	}
	r := m.Resolved()
	return r != nil && r.Scope == any(sc.home.table()) && r.Value == nil
}

// memberFilter compiles membership in a set filter; state says it is known not to be a
// constant, so that its membership is decided from its definition before its first evaluation.
func (c *cscope) memberFilter(x *ast.SetFilter, eager memberCode, state bool) memberCode {
	b := x.Bound
	if b.Tuple || b.Set == nil || len(b.Names) != 1 {
		return eager
	}
	name := b.Names[0].Name
	base := c.member(b.Set)
	pred := c.bind(name, false).compile(x.Pred)
	return func(ev *evaluator, sc *Scope, v value.Value) bool {
		if !state && !ev.lazyMember(&x.Memo, sc) {
			return eager(ev, sc, v)
		}
		if !base(ev, sc, v) {
			return false
		}
		frame := ev.loop()
		in := ev.asBool(pred(ev, frame.bind(sc, name, v)), x.Pred)
		ev.endLoop(&frame)
		return in
	}
}

// mapField is a field of the records a set map builds: bound to the set map's bound name number
// bound, or (bound < 0) to the value of code, an expression naming none of the bound names.
type mapField struct {
	name  string
	bound int
	code  code
	expr  ast.Expr
}

// memberMap compiles membership in a set map whose element is a record pattern (see the top of
// this file), or returns nil; state is as for memberFilter.
func (c *cscope) memberMap(x *ast.SetMap, eager memberCode, state bool) memberCode {
	if !simpleBounds(x.Bounds) {
		return nil
	}
	var names []string
	for _, b := range x.Bounds {
		for _, n := range b.Names {
			names = append(names, n.Name)
		}
	}
	fields := c.recordPattern(x.Elem, names)
	if fields == nil {
		return nil
	}
	// fieldOf[i] is the position, among the record's sorted fields, of bound name i's field.
	fieldOf := make([]int, len(names))
	for i := range fieldOf {
		fieldOf[i] = -1
	}
	for k, f := range fields {
		if f.bound >= 0 {
			if fieldOf[f.bound] >= 0 {
				return nil // a name in two fields: the fields must also agree
			}
			fieldOf[f.bound] = k
		}
	}
	if slices.Contains(fieldOf, -1) {
		return nil // a name in no field: its set must not be empty
	}
	// sets[i] is membership in bound name i's set, in the scope of the names before it.
	var sets []memberCode
	inner := c
	for _, b := range x.Bounds {
		for _, n := range b.Names {
			sets = append(sets, inner.member(b.Set))
			inner = inner.bind(n.Name, false)
		}
	}
	return func(ev *evaluator, sc *Scope, v value.Value) bool {
		if !state && !ev.lazyMember(&x.Memo, sc) {
			return eager(ev, sc, v)
		}
		r, ok := v.(*value.Record)
		if !ok {
			return eager(ev, sc, v)
		}
		if r.Len() != len(fields) {
			return false
		}
		for k, f := range fields {
			if r.Names()[k] != f.name {
				return false
			}
		}
		for k, f := range fields {
			if f.bound < 0 {
				eq, err := value.Equal(r.ValueAt(k), f.code(ev, sc))
				check(f.expr.Position(), err)
				if !eq {
					return false
				}
			}
		}
		mark := ev.frames.mark()
		cur := sc
		for i, name := range names {
			ev.tick(x.Pos)
			fv := r.ValueAt(fieldOf[i])
			if !sets[i](ev, cur, fv) {
				ev.frames.release(mark)
				return false
			}
			f := ev.frames.scopes.push()
			home, opFrames := cur.inherited()
			*f = Scope{parent: cur, name: name, val: fv, home: home, opFrames: opFrames}
			cur = f
		}
		ev.frames.release(mark)
		return true
	}
}

// recordPattern returns the fields, in sorted order, of the records elem builds when it is a
// record constructor, or a definition of the module whose body is a record constructor of its
// parameters, each field a name of bound or an expression naming none of them; otherwise nil.
// The expressions are compiled in c, outside the bound names.
func (c *cscope) recordPattern(elem ast.Expr, bound []string) []mapField {
	var rec *ast.Record
	var arg func(ast.Expr) (ast.Expr, bool) // the expression in elem's scope a field stands for
	switch e := ast.Unparen(elem).(type) {
	case *ast.Record:
		rec = e
		arg = func(x ast.Expr) (ast.Expr, bool) { return x, true }
	case *ast.OpApp:
		if len(e.Prefix) > 0 || slices.Contains(bound, e.Name) {
			return nil
		}
		b := c.module(e.Name)
		if b == nil || b.op == nil {
			return nil
		}
		op := b.op
		if op.native != nil || op.value != nil || op.inst != nil || op.funcDef != nil || op.body == nil ||
			op.home == nil || op.scope != op.home.root || len(op.Params) != len(e.Args) {
			return nil
		}
		r, ok := ast.Unparen(op.body).(*ast.Record)
		if !ok {
			return nil
		}
		rec = r
		arg = func(x ast.Expr) (ast.Expr, bool) {
			id, ok := ast.Unparen(x).(*ast.Ident)
			if !ok {
				return nil, false
			}
			for i, p := range op.Params {
				if p.Name == id.Name && p.Arity == 0 {
					return e.Args[i], true
				}
			}
			return nil, false
		}
	default:
		return nil
	}
	fields := make([]mapField, 0, len(rec.Fields))
	for _, f := range rec.Fields {
		a, ok := arg(f.Value)
		if !ok {
			return nil
		}
		mf := mapField{name: f.Name, bound: -1, expr: a}
		if id, ok := ast.Unparen(a).(*ast.Ident); ok {
			mf.bound = slices.Index(bound, id.Name)
		}
		if mf.bound < 0 {
			if mentions(a, bound) {
				return nil
			}
			mf.code = c.compile(a)
		}
		fields = append(fields, mf)
	}
	// In the order a record holds its fields: TLC's intern order, not the names' bytes.
	slices.SortFunc(fields, func(a, b mapField) int { return value.CompareNames(a.name, b.name) })
	for k := 1; k < len(fields); k++ {
		if fields[k].name == fields[k-1].name {
			return nil // the constructor fails; let it
		}
	}
	return fields
}

// mentions reports whether x has an identifier or operator application named as one of names.
func mentions(x ast.Expr, names []string) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident:
			found = found || slices.Contains(names, n.Name)
		case *ast.OpApp:
			found = found || slices.Contains(names, n.Name)
		}
		return !found
	})
	return found
}

// memberOpApp compiles membership in Op(a1, ..., an) for a definition Op of the module with
// parameters, returning it with Op: its body's membership code with the parameters bound as
// applyBody binds them. A definition without parameters is evaluated (and memoized when it is
// a constant). Where the body's form decides nothing (memberEager), the application is evaluated
// and searched instead, which the body's membership would do too: then a loop that hoists the
// application (Children(g, v) == {c \in Vertices(g) : <<v, c>> \in Edges(g)}, see hoist.go)
// searches the value it computed once, and a tuple is looked up without being built (tupleIn).
func (c *cscope) memberOpApp(x *ast.OpApp, eager memberCode) (memberCode, *Operator) {
	if len(x.Prefix) > 0 || len(x.Args) == 0 {
		return nil, nil
	}
	b := c.module(x.Name)
	if b == nil || b.op == nil {
		return nil, nil
	}
	op := b.op
	if op.native != nil || op.value != nil || op.inst != nil || op.funcDef != nil || len(op.Params) != len(x.Args) {
		return nil, nil
	}
	args := c.compileAll(x.Args)
	return func(ev *evaluator, sc *Scope, v value.Value) bool {
		body := ev.spec.memberBodyCode(op)
		if body == nil || ev.spec.memberEager(op) || ev.argKnown(op, x.Args, sc) {
			return eager(ev, sc, v)
		}
		ev.enter(x.Pos, op.Name)
		defer ev.leave()
		mark := ev.frames.mark()
		inner := ev.bindParamsTo(op, x.Args, args, sc, &ev.frames.scopes, &ev.frames.thunks, ev)
		in := body(ev, inner, v)
		ev.frames.release(mark)
		return in
	}, op
}

// memberDef compiles membership in x, when it names a definition of the module without
// parameters, or returns nil. A constant definition is evaluated once and its memoized set
// searched (constantDefinition: what TLC evaluates when it starts), and so is the set of one
// already computed for the current state, or kept for it (Session.ResetAt).
func (c *cscope) memberDef(x *ast.Ident, eager memberCode) memberCode {
	b := c.module(x.Name)
	if b == nil || b.op == nil {
		return nil
	}
	op := b.op
	if op.native != nil || op.value != nil || op.inst != nil || op.funcDef != nil || op.body == nil ||
		len(op.Params) != 0 || op.home == nil || op.scope != op.home.root {
		return nil
	}
	return func(ev *evaluator, sc *Scope, v value.Value) bool {
		if _, ok := op.home.memoized(op); ok || ev.spec.constantDefinition(op) {
			return eager(ev, sc, v)
		}
		if _, ok := ev.defCache[op]; ok && !ev.primed {
			return eager(ev, sc, v)
		}
		body := ev.spec.memberBodyCode(op)
		if body == nil {
			return eager(ev, sc, v)
		}
		if ev.stateKey != 0 && !ev.primed && op.member.Load().builds && ev.spec.stateOnlyDefinition(op) {
			// Evaluations at a numbered state keep the set (Session.ResetAt): membership would
			// build it each time; built once, it is looked up by every later one.
			return eager(ev, sc, v)
		}
		ev.enter(x.Pos, op.Name)
		defer ev.leave()
		return body(ev, op.scope, v)
	}
}

// memberEager reports whether membership in an application of op, a definition with
// parameters, is decided by evaluating its body and searching it (see compiledMember.eager).
func (s *Spec) memberEager(op *Operator) bool {
	if c := op.member.Load(); c != nil {
		return c.eager
	}
	if s.memberBodyCode(op) == nil {
		return true // not compiled: memberOpApp evaluates the application
	}
	return op.member.Load().eager
}

// memberBodyCode is bodyCode for membership in the set op's body denotes: nil when the body is
// not compiled.
func (s *Spec) memberBodyCode(op *Operator) memberCode {
	if c := op.member.Load(); c != nil {
		return c.member
	}
	if s.bodyCode(op) == nil {
		return nil
	}
	ctx := &cscope{mod: op.home, spec: s}
	for _, p := range op.Params {
		ctx = ctx.bind(p.Name, p.Arity > 0)
	}
	m, set := ctx.memberOrSet(op.body)
	c := &compiledMember{member: m, eager: set != nil && set.when == nil && len(op.Params) > 0}
	switch y := ast.Unparen(op.body).(type) {
	case *ast.SetEnum:
		c.builds = true
	case *ast.SetMap:
		c.builds = ctx.memberMap(y, nil, true) == nil
	}
	if len(op.Params) == 0 && !constantLevel(op) {
		// A definition without parameters reading the state: its body, when a set former, is
		// not a constant, and building it only to find that out may be what membership saves.
		whole := ctx.compile(op.body)
		eager := func(ev *evaluator, sc *Scope, v value.Value) bool { return ev.contains(whole(ev, sc), op.body, v) }
		switch y := ast.Unparen(op.body).(type) {
		case *ast.SetFilter:
			c.member = ctx.memberFilter(y, eager, true)
		case *ast.SetMap:
			if m := ctx.memberMap(y, eager, true); m != nil {
				c.member = m
			}
		}
	}
	op.member.Store(c)
	return c.member
}
