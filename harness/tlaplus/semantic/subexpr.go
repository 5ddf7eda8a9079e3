package semantic

import (
	"github.com/dsref/dsref/harness/tlaplus/ast"
)

// prefixSymbol resolves the steps of a's instance prefix that name module instances; k is the
// index of the first step that names something else (a definition, theorem or assumption: a's
// name is then a subexpression name), or len(a.Prefix). s is the symbol step k names, or nil
// when every step is an instance.
func (x *exprCtx) prefixSymbol(a *ast.OpApp) (s *Symbol, k int) {
	var scope map[string]*Symbol
	var insts []*Symbol
	// checkArgs checks the arguments of the instance steps, those of the last for the definition
	// op it names (see instanceArgBound); nil bounds them by every substitution.
	checkArgs := func(op *Symbol) {
		for i, inst := range insts {
			var o *Symbol
			if i == len(insts)-1 {
				o = op
			}
			x.instanceArgs(inst, a.Prefix[i], pathName(a), o)
		}
	}
	for i, step := range a.Prefix {
		if i == 0 {
			s = x.lookup(step.Name)
		} else {
			s = scope[step.Name]
		}
		if s == nil {
			if i == 0 {
				x.unknown(step.Pos, step.Name)
			}
			fail(step.Pos, "module instance %s has no definition %s", a.Prefix[i-1].Name, step.Name)
		}
		if s.Kind != ModuleInstance {
			if subexprTarget(s) == nil && !assumeProveTheorem(s) {
				fail(step.Pos, "%s is not a module instance or a definition, so %s!... is not allowed", step.Name, step.Name)
			}
			checkArgs(nil) // a part of the definition s is named
			return s, i
		}
		if len(step.Args) != s.Arity {
			fail(step.Pos, "instance %s takes %s, found %d", step.Name, plural(s.Arity, "argument"), len(step.Args))
		}
		insts = append(insts, s)
		scope = s.Instance.Exports
	}
	checkArgs(scope[a.Name])
	return nil, len(a.Prefix)
}

// subexprTarget returns the expression a subexpression name can select in: the body of an
// operator definition, a theorem or an assumption; nil for anything else.
func subexprTarget(s *Symbol) ast.Expr {
	switch n := s.Node.(type) {
	case *ast.OpDef:
		return n.Body
	case *ast.Theorem:
		return n.Expr
	case *ast.Assume:
		return n.Expr
	}
	return nil
}

// subexpr checks a subexpression name Base!sel...: the base is resolved and applied to its
// arguments, the selectors must name a subexpression of its body, and their arguments are
// checked. The level is the selected part's where selectedLevel works it out, else that of the
// whole application, an upper bound of it.
func (x *exprCtx) subexpr(e *ast.Subexpr) Level {
	base := e.Base
	if len(base.Prefix) > 0 {
		if _, k := x.prefixSymbol(base); k < len(base.Prefix) {
			return x.subexpr(ast.SplitAt(base, k, e.Path))
		}
	}
	var s *Symbol
	if len(base.Prefix) > 0 {
		s, _ = x.instancePath(base)
	} else if s = x.lookup(base.Name); s == nil {
		x.unknown(base.Pos, base.Name)
	}
	if st, ok := s.Node.(*ast.Step); ok {
		return x.stepSubexpr(st, s, e)
	}
	body := subexprTarget(s)
	if assumeProveTheorem(s) {
		// Selectors into an ASSUME ... PROVE statement (T!1, an assumption; T!2, the goal)
		// are checked for the scope of its NEW declarations only (see inDeclScope).
		if len(e.Path) > 0 {
			th := s.Node.(*ast.Theorem)
			x.checkDeclScope(th.Assume, th, false, base.Name, e.Path[0])
		}
		lvl := x.apply(s, base.Args, base.Pos, base.Name)
		for _, sel := range e.Path {
			for _, a := range sel.Args {
				lvl = maxLevel(lvl, x.expr(a))
			}
		}
		return lvl
	}
	if body == nil {
		fail(base.Pos, "%s is not a definition, theorem or assumption, so it has no subexpressions to name", base.Name)
	}
	lvl := x.apply(s, base.Args, base.Pos, base.Name)
	target, crossed, err := ast.Select(body, e.Path)
	if err != nil {
		se := err.(*ast.SelectError)
		fail(se.Pos, "%s: %s", base.Name, se.Msg)
	}
	for _, sel := range e.Path {
		for _, a := range sel.Args {
			lvl = maxLevel(lvl, x.expr(a))
		}
	}
	if part, ok := x.selectedLevel(s, base, target, crossed); ok && part < lvl {
		return part
	}
	return lvl
}

// selectedLevel is the level of the part target of s's body that a subexpression name selects,
// as SANY levels the selected node rather than the whole definition (TLC's test209: N!1 = 44 in
// an ASSUME for the action N == [44]_NN): the part is checked again with s's parameters at the
// levels of the arguments and the names crossed on the way bound (a LET's definitions, a
// binder's identifiers at the levels of the arguments given, constant when left free). It is
// worked out for a definition, theorem or assumption named without an instance prefix whose
// parameters take no operators: of the module being checked, or of a module it extends or
// instantiates without a prefix, checked in that module's scope when the symbol is the
// module's own (not one of an instance that substitutes non-constant expressions for its
// constants, whose definitions are levelled again: see relevel). TLC's test219 has ASSUME
// Def20!1 = 12 for test219a's Def20 == [12]_(23) through INSTANCE test219a. ok is false
// otherwise, and the caller keeps the level of the whole application, an upper bound.
func (x *exprCtx) selectedLevel(s *Symbol, base *ast.OpApp, target ast.Expr, crossed []ast.Crossed) (lvl Level, ok bool) {
	if len(base.Prefix) > 0 {
		return 0, false // its body names things in its own module's scope
	}
	env, stepNames := x.env, x.stepNames
	if s.Module != x.env.mod.Name {
		mod := x.c.modules[s.Module]
		if mod == nil || mod.Scope[s.Name] != s {
			return 0, false
		}
		env, stepNames = &modEnv{c: x.c, mod: mod, localImports: map[string]bool{}}, nil
	}
	var params []*ast.OpDecl
	switch d := s.Node.(type) {
	case *ast.OpDef:
		params = d.Params
	case *ast.Theorem, *ast.Assume:
	default:
		return 0, false
	}
	if len(params) != len(base.Args) {
		return 0, false
	}
	for _, p := range params {
		if p.Arity > 0 {
			return 0, false
		}
	}
	defer func() {
		if r := recover(); r != nil {
			if _, isErr := r.(*Error); !isErr {
				panic(r)
			}
			lvl, ok = 0, false // the part did not check apart from its context: keep the bound
		}
	}()
	y := &exprCtx{c: x.c, env: env, steps: x.steps, stepNames: stepNames, quiet: 1, cap: TemporalLevel}
	put := func(name string, l Level, n ast.Node) {
		y.top()[name] = &Symbol{Name: name, Kind: Bound, Level: l, Node: n}
	}
	y.push()
	for i, p := range params {
		put(p.Name, x.expr(base.Args[i]), p)
	}
	for _, c := range crossed {
		y.push()
		if c.Let != nil {
			for _, u := range c.Let.Defs {
				y.letDef(u)
			}
			continue
		}
		for i, n := range c.Names {
			l := ConstantLevel
			if c.Args != nil {
				l = x.expr(c.Args[i])
			}
			put(n, l, target)
		}
	}
	return y.expr(target), true
}

// assumeProveTheorem reports whether s names a theorem stated as ASSUME ... PROVE, whose parts
// selectors name (T!1, T!lab).
func assumeProveTheorem(s *Symbol) bool {
	th, ok := s.Node.(*ast.Theorem)
	return ok && th.Assume != nil
}

// checkDeclScope refuses a selector into the ASSUME ... PROVE ap of a theorem or step (owner)
// that names a part lying in the scope of one of its NEW declarations (an assumption after a
// NEW, a label in one, the PROVE after a NEW) from where the declared name means nothing:
// outside the proof of a theorem or assertion, inside the proof of a SUFFICES step (whose NEWs
// are in scope in the steps after it). SANY's selectorToNode refuses it (illegalAPPosRef,
// illegalLabelRef: AssumeProveNode's Legal is ~inScopeOfDecl \/ goal.suffices = ~inProof).
// TLC's test-model/suite/test210: for THEOREM foo == ASSUME NEW x \in labx :: ..., NEW y \in
// laby :: ..., labz :: ... PROVE ..., foo!labx is legal anywhere, foo!laby, foo!3 and foo!labz
// only inside foo's proof. The part's number or label is looked for among the assumptions (a
// NEW's set, a nested ASSUME ... PROVE and its label included) and the PROVE; other selectors
// are not checked.
func (x *exprCtx) checkDeclScope(ap *ast.AssumeProve, owner ast.Node, suffices bool, name string, sel *ast.Selector) {
	inProof := false
	for _, p := range x.proving {
		inProof = inProof || p == owner
	}
	if inProof != suffices {
		return // the declarations are in scope here
	}
	part := -1 // index of the selected part: an assumption, or len(ap.Assumptions) for the PROVE
	switch sel.Kind {
	case ast.SelNumber:
		if sel.Num < 1 || sel.Num > len(ap.Assumptions)+1 {
			fail(sel.Pos, "%s: its ASSUME ... PROVE has %d assumption(s) and a PROVE, so it has no part !%d", name, len(ap.Assumptions), sel.Num)
		}
		part = sel.Num - 1
	case ast.SelName:
		for i, a := range ap.Assumptions {
			if assumptionHasLabel(a, sel.Name) {
				part = i
				break
			}
		}
		if part < 0 && hasLabel(ap.Prove, sel.Name) {
			part = len(ap.Assumptions)
		}
	}
	if part < 0 {
		return
	}
	for _, a := range ap.Assumptions[:part] {
		if a.New != nil {
			where := "inside"
			if suffices {
				where = "outside"
			}
			fail(sel.Pos, "%s!%s is in the scope of the declaration of %s in %s's ASSUME, so it can be named only %s %s's proof (SANY: Accessing subexpression of ASSUME/PROVE clause within the scope of a declaration from outside that declaration's scope)",
				name, selName(sel), a.New.Name, name, where, name)
		}
	}
}

// stepSubexpr checks a subexpression name whose base is the name of step st (<1>2!1,
// <1>3!lab), whose symbol is s, as SANY's selectorToNode does: a USE, HIDE, DEFINE or INSTANCE
// step has no parts; a SUFFICES step whose statement is an ASSUME ... PROVE has one operand,
// that statement (<1>2!1!5 is its fifth part; <1>2!2 is refused), while a label is looked for
// in it directly (<1>2!lab); and the first selector into the ASSUME ... PROVE of a step is
// checked for the scope of its NEWs (checkDeclScope; TLC's test210: <1>1!laby and <1>1!4 are
// refused outside <1>1's proof). Selectors into other statements are not checked; their
// arguments are, as expressions. The level is the statement's, an upper bound of the part's.
func (x *exprCtx) stepSubexpr(st *ast.Step, s *Symbol, e *ast.Subexpr) Level {
	name := e.Base.Name
	if plainStep(st.Kind) {
		fail(e.Path[0].Pos, "step %s is a %s step, which has no subexpressions to name (SANY: Cannot take subexpression of `%s')", name, st.Kind, name)
	}
	if st.Assume != nil {
		path := e.Path
		suffices := st.Kind == "SUFFICES"
		if suffices {
			switch sel := path[0]; {
			case sel.Kind == ast.SelNumber && sel.Num != 1, sel.Kind == ast.SelRight:
				fail(sel.Pos, "%s is a SUFFICES step, whose only operand is its ASSUME ... PROVE (%s!1) (SANY: Accessing non-existent subexpression of a SUFFICES)", name, name)
			case sel.Kind == ast.SelNumber, sel.Kind == ast.SelLeft:
				path = path[1:]
			}
		}
		if len(path) > 0 {
			x.checkDeclScope(st.Assume, st, suffices, name, path[0])
		}
	}
	lvl := s.Level
	for _, sel := range e.Path {
		for _, a := range sel.Args {
			lvl = maxLevel(lvl, x.expr(a))
		}
	}
	return lvl
}

func selName(sel *ast.Selector) string {
	if sel.Kind == ast.SelNumber {
		return itoa(sel.Num)
	}
	return sel.Name
}

// assumptionHasLabel reports whether the label name stands in assumption a: in its formula, in
// a NEW's set, as the label of a nested ASSUME ... PROVE or inside one.
func assumptionHasLabel(a *ast.Assumption, name string) bool {
	switch {
	case a.New != nil:
		return a.New.In != nil && hasLabel(a.New.In, name)
	case a.Assume != nil:
		if a.Label == name {
			return true
		}
		for _, b := range a.Assume.Assumptions {
			if assumptionHasLabel(b, name) {
				return true
			}
		}
		return hasLabel(a.Assume.Prove, name)
	}
	return hasLabel(a.Expr, name)
}

// hasLabel reports whether x holds a label called name outside any other label.
func hasLabel(x ast.Expr, name string) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		if l, ok := n.(*ast.Label); ok {
			found = found || l.Name == name
			return false
		}
		return !found
	})
	return found
}

// subexprOperator returns the LAMBDA that a subexpression name passed as an operator argument
// stands for, or nil when a is no subexpression name. Such a name leaves parameters open: the
// definition's own when it is given no arguments, a binder's identifiers selected with !@, and
// the parameters of a label or LET definition named without arguments; as an operator it takes
// them in that order (SANY's selectorToNode counts them as its arity; TLC's test206:
// OOp2(SOp1a!@, 2, 2) for SOp1a(a) == {x \in {1,2} : a = x} is 2 = 2, and test209's
// T(U!1!Op) passes the LET definition Op of U's first conjunct). The LAMBDA's parameters are
// named so that no TLA+ name can clash with them, and its body is the same name with them
// filled in: U!1!Op becomes LAMBDA p1 : U!1!Op(p1).
func (x *exprCtx) subexprOperator(a ast.Expr) *ast.Lambda {
	const maxSelectorArgs = 64
	var sub *ast.Subexpr
	switch a := ast.Unparen(a).(type) {
	case *ast.Subexpr:
		sub = a
	case *ast.OpApp:
		if len(a.Prefix) == 0 || len(a.Args) > 0 {
			return nil
		}
		_, k := x.prefixSymbol(a)
		if k == len(a.Prefix) {
			return nil // an operator of an instance, I!Op
		}
		sub = ast.SplitAt(a, k, nil)
	default:
		return nil
	}
	base := sub.Base
	var s *Symbol
	if len(base.Prefix) > 0 {
		if _, k := x.prefixSymbol(base); k < len(base.Prefix) {
			return x.subexprOperator(ast.SplitAt(base, k, sub.Path))
		}
		s, _ = x.instancePath(base)
	} else if s = x.lookup(base.Name); s == nil {
		x.unknown(base.Pos, base.Name)
	}
	body := subexprTarget(s)
	if body == nil {
		return nil // the check of the subexpression name reports it
	}
	var params []*ast.Ident
	fresh := func(pos ast.Pos) *ast.Ident {
		id := &ast.Ident{Pos: pos, Name: "(" + base.Name + "#" + itoa(len(params)+1) + ")"}
		params = append(params, id)
		return id
	}
	nb := ast.OpApp{Pos: base.Pos, Prefix: base.Prefix, Name: base.Name, Args: base.Args}
	if len(base.Args) == 0 && s.Arity > 0 {
		nb.Args = make([]ast.Expr, s.Arity)
		for i := range nb.Args {
			nb.Args[i] = fresh(base.Pos)
		}
	}
	path := make([]*ast.Selector, len(sub.Path))
	for i, sel := range sub.Path {
		ns := *sel
		path[i] = &ns
		switch {
		case sel.Kind == ast.SelAt:
			cur, _, err := ast.Select(body, path[:i]) // the selectors before, their arguments filled in
			if err != nil {
				return nil
			}
			names, _, ok := ast.BoundNames(ast.Unparen(cur))
			if !ok {
				return nil
			}
			ns.Kind = ast.SelArgs
			ns.Args = make([]ast.Expr, len(names))
			for j := range names {
				ns.Args[j] = fresh(sel.Pos)
			}
		case sel.Kind == ast.SelName && len(sel.Args) == 0:
			// The label or LET definition takes as many arguments as the selection accepts.
			prefix := append(append([]*ast.Selector{}, path[:i]...), &ns)
			for n := 0; ; n++ {
				if _, _, err := ast.Select(body, prefix); err == nil {
					break
				}
				if n == maxSelectorArgs {
					return nil // the check of the subexpression name reports why
				}
				ns.Args = append(ns.Args, &ast.Ident{Pos: sel.Pos, Name: "_"})
			}
			for j := range ns.Args {
				ns.Args[j] = fresh(sel.Pos)
			}
		}
	}
	if len(params) == 0 {
		return nil
	}
	return &ast.Lambda{Pos: sub.Pos, Params: params, Body: &ast.Subexpr{Pos: sub.Pos, Base: &nb, Path: path}}
}
