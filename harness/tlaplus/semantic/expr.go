package semantic

import (
	"strings"

	"github.com/dsref/dsref/harness/tlaplus/ast"
)

// exprCtx resolves names and computes levels inside one module unit.
type exprCtx struct {
	c      *checker
	env    *modEnv
	scopes []map[string]*Symbol // innermost last: parameters, bound names, LET definitions
	except int                  // depth of EXCEPT values being checked, where @ is allowed
	// steps is the depth of proof steps being checked: SANY accepts @ in a step too
	// (`<1>3. @ = e`, the right side of the previous step's equation).
	steps int
	// stepNames are the names of the proof steps in scope (<1>2), innermost last.
	stepNames []namedStep
	// stepLevels holds the level of each proof step's statement checked so far, for the
	// rules about the proofs of temporal formulas (see temporalGoal).
	stepLevels map[*ast.Step]Level
	// primed, enabled and ignored count the enclosing primes (and
	// UNCHANGEDs), ENABLEDs and unused operator arguments: they decide how
	// a parameter met in an expression is recorded in paramUse.
	primed, enabled, ignored int
	// cap is the level bound in force and unweighted counts the enclosing operands of
	// weight 0 (see bounds.go).
	cap        Level
	unweighted int
	opaque     int // enclosing non-Leibniz operands (see operandBound)
	// opArgs are the arguments of operator parameters and constants being checked, innermost
	// last (see higher.go).
	opArgs []opArgPos
	// labels are the definitions, theorems, numbered steps and labels that labels may stand
	// in directly, innermost last (see labels.go).
	labels []labelFrame
	// funcDefs are the function definitions whose bodies are being checked, innermost last.
	funcDefs []*ast.FuncDef
	// apDecl has an entry per ASSUME ... PROVE being checked, outermost first: whether a NEW
	// of its assumptions is in scope (a label is refused there in a nested one).
	apDecl []bool
	// quiet is set while selectedLevel checks a part of a definition again apart from its
	// context: the rules about where labels stand are not checked then.
	quiet int
	// proving are the theorems and steps whose proofs are being checked, where the parts of
	// their ASSUME ... PROVE in the scope of a NEW may be named (see checkDeclScope).
	proving []ast.Node
}

// noteUse records an occurrence of the parameter s of the definition
// being checked.
func (x *exprCtx) noteUse(s *Symbol) {
	if s.use == nil || x.ignored > 0 {
		return
	}
	x.bound(s.use)
	switch {
	case x.enabled > 0:
		s.use.enabled = true
	case x.primed > 0:
		s.use.primed = true
	default:
		s.use.plain = true
	}
}

func (x *exprCtx) lookup(name string) *Symbol {
	if len(name) > 2 && name[0] == '<' && name[1] >= '0' && name[1] <= '9' {
		return x.stepName(name) // <1>2; operators such as <= and <=> are not step names
	}
	for i := len(x.scopes) - 1; i >= 0; i-- {
		if s, ok := x.scopes[i][name]; ok {
			return s
		}
	}
	return x.env.lookup(name)
}

// push opens a scope; its map is made when a name is first bound in it.
func (x *exprCtx) push() { x.scopes = append(x.scopes, nil) }

// top returns the innermost scope's map, making it if it is still nil.
func (x *exprCtx) top() map[string]*Symbol {
	top := &x.scopes[len(x.scopes)-1]
	if *top == nil {
		*top = map[string]*Symbol{}
	}
	return *top
}
func (x *exprCtx) pop() { x.scopes = x.scopes[:len(x.scopes)-1] }

// bind adds a parameter, bound identifier or LET definition to the
// innermost scope. TLA+ forbids reusing a name that is already visible.
func (x *exprCtx) bind(s *Symbol) {
	if old := x.lookup(s.Name); old != nil {
		top := x.scopes[len(x.scopes)-1]
		if old.recursive && top[s.Name] == old {
			if old.Arity != s.Arity {
				fail(s.Pos, "%s is declared RECURSIVE with %s but defined with %d", s.Name, plural(old.Arity, "argument"), s.Arity)
			}
			*old = *s
			old.recursive = false
			return
		}
		if old.Kind == Builtin {
			fail(s.Pos, "%s is a built-in operator and cannot be redefined", s.Name)
		}
		fail(s.Pos, "%s is already defined at %s; TLA+ does not allow redefinition", s.Name, old.Pos)
	}
	x.top()[s.Name] = s
}

func maxLevel(a, b Level) Level {
	if a > b {
		return a
	}
	return b
}

// opDef checks an operator definition and returns its symbol.
func (x *exprCtx) opDef(d *ast.OpDef) *Symbol {
	recursive := false
	if old := x.lookup(d.Name); old != nil && old.recursive && old.Arity == len(d.Params) {
		// RECURSIVE F(_, _) declares only F's arity; its body's calls of F see the
		// definition's parameters, so F(Op, ...) passes an operator parameter on
		// (SANY and TLC accept this).
		old.Node = d
		recursive = true
	}
	x.push()
	uses := newParamUses(len(d.Params))
	for i, p := range d.Params {
		x.bind(&Symbol{Name: p.Name, Kind: Parameter, Arity: p.Arity, Fixity: p.Fixity, Pos: p.Pos, Node: p, use: &uses[i]})
	}
	// The body is checked with its parameters at constant level; their
	// recorded uses add the arguments' levels at each application.
	lvl := x.labelled(func() Level { return x.expr(d.Body) })
	x.pop()
	if recursive {
		// SANY's ModuleNode.levelCheck takes a RECURSIVE operator's arguments to be at most
		// actions and refuses one its body bounds lower (primed, under UNCHANGED, a subscript):
		// "Argument i of recursive operator F is primed" (its error 4290), at the definition.
		for i, u := range uses {
			if u.max < ActionLevel {
				fail(d.Pos, "level error: argument %d of recursive operator %s is primed (its body allows at most %s level for it) (SANY: Argument %d of recursive operator %s is primed)",
					i+1, d.Name, u.max, i+1, d.Name)
			}
		}
	}
	return &Symbol{Name: d.Name, Kind: Operator, Arity: len(d.Params), Fixity: d.Fixity, Local: d.Local,
		Pos: d.Pos, Module: x.env.mod.Name, Level: lvl, Node: d, uses: uses}
}

// funcBody checks the bounds and body of a function definition whose own
// symbol is already in scope, and returns the level of the definition.
func (x *exprCtx) funcBody(d *ast.FuncDef) Level {
	x.push()
	lvl := x.bounds(d.Bounds)
	// The function's bound identifiers are parameters of the labels in its body (SANY's
	// processFunction pushes them on the new label frame).
	x.openLabels(len(x.scopes) - 1)
	x.funcDefs = append(x.funcDefs, d)
	lvl = maxLevel(lvl, x.expr(d.Body))
	x.funcDefs = x.funcDefs[:len(x.funcDefs)-1]
	x.closeLabels()
	x.pop()
	return lvl
}

// moduleDef checks N(x) == INSTANCE M WITH ... and returns N's symbol.
func (x *exprCtx) moduleDef(d *ast.ModuleDef) *Symbol {
	x.push()
	uses := newParamUses(len(d.Params))
	for i, p := range d.Params {
		x.bind(&Symbol{Name: p.Name, Kind: Parameter, Arity: p.Arity, Fixity: p.Fixity, Pos: p.Pos, Node: p, use: &uses[i]})
	}
	m, deps := x.instance(d.Instance, d)
	x.pop()
	return &Symbol{Name: d.Name, Kind: ModuleInstance, Arity: len(d.Params), Local: d.Local, Pos: d.Pos,
		Module: x.env.mod.Name, Node: d, Instance: m, uses: uses, instDeps: deps}
}

// instance checks INSTANCE M WITH subs: every constant and variable of M
// is substituted explicitly or by the same name in scope, at a level and
// arity that fit. For an instance with parameters of a module that is not constant, deps lists
// per parameter the substitutions it occurs in, which bound it per definition applied (see
// instparams.go) instead of here.
func (x *exprCtx) instance(inst *ast.Instance, named *ast.ModuleDef) (_ *Module, deps [][]substDep) {
	m := x.c.findModule(inst.Module.Name, inst.Module.Pos, x.env)
	if m == x.env.mod {
		fail(inst.Module.Pos, "module %s instantiates itself", m.Name)
	}
	params := map[string]*Symbol{}
	for _, s := range m.Constants {
		params[s.Name] = s
	}
	for _, s := range m.Variables {
		params[s.Name] = s
	}
	done := map[string]bool{}
	var opSubs []opSubst
	substLevels := map[string]Level{}
	constant := m.isConstant()
	var levels map[constKey]Level // constants substituted by non-constant expressions
	own := map[*Symbol]int{}      // the instance's parameters, bounded per definition
	if named != nil && !constant {
		deps = make([][]substDep, len(named.Params))
		for i, p := range named.Params {
			own[x.lookup(p.Name)] = i
		}
	}
	// bound bounds the parameters in e, of an enclosing definition or the instance's own, by
	// the level the substitution for p may have.
	bound := func(p *Symbol, e ast.Expr) {
		b := substBound(constant, p)
		seen := map[*Symbol]bool{}
		ast.Inspect(e, func(n ast.Node) bool {
			var name string
			switch n := n.(type) {
			case *ast.Ident:
				name = n.Name
			case *ast.OpApp:
				if len(n.Prefix) == 0 {
					name = n.Name
				}
			}
			if s := x.lookup(name); name != "" && s != nil && s.use != nil && !seen[s] {
				seen[s] = true
				if i, ok := own[s]; ok {
					deps[i] = append(deps[i], substDep{p.Name, b.max})
				} else {
					x.under(b, func() Level { x.bound(s.use); return 0 })
				}
			}
			return true
		})
	}
	raised := func(p *Symbol, lvl Level, pos ast.Pos) {
		if constant && p.Kind == Constant && lvl > ConstantLevel {
			if levels == nil {
				levels = map[constKey]Level{}
			}
			levels[constKey{p.Module, p.Name}] = lvl
			return
		}
		x.checkSubstLevel(m, p, lvl, pos)
	}
	for _, sub := range inst.With {
		p, ok := params[sub.Name]
		if !ok {
			fail(sub.Pos, "INSTANCE %s: %s is not a constant or variable of module %s", m.Name, sub.Name, m.Name)
		}
		if done[sub.Name] {
			fail(sub.Pos, "INSTANCE %s: %s is substituted twice", m.Name, sub.Name)
		}
		done[sub.Name] = true
		var lvl Level
		if p.Arity > 0 {
			if l := x.subexprOperator(sub.Expr); l != nil {
				sub.Expr = l // see applyArgs
			}
			oa := x.opArg(sub.Expr, p.Arity, "the substitution for "+sub.Name)
			lvl = oa.level
			opSubs = append(opSubs, opSubst{p, oa, sub.Expr})
		} else if len(own) > 0 {
			lvl = x.operand(operandBound{TemporalLevel, true, false}, sub.Expr)
			bound(p, sub.Expr)
		} else {
			lvl = x.operand(substBound(constant, p), sub.Expr)
		}
		raised(p, lvl, sub.Expr.Position())
		substLevels[p.Name] = lvl
	}
	for _, p := range append(append([]*Symbol{}, m.Constants...), m.Variables...) {
		if done[p.Name] {
			continue
		}
		s := x.lookup(p.Name)
		if s == nil {
			fail(inst.Pos, "INSTANCE %s: no substitution for %s %s and no %s in scope", m.Name, p.Kind, p.Name, p.Name)
		}
		if s.Arity != p.Arity {
			fail(inst.Pos, "INSTANCE %s: %s takes %s in %s but %d here", m.Name, p.Name, plural(p.Arity, "argument"), m.Name, s.Arity)
		}
		if i, ok := own[s]; ok && p.Arity == 0 {
			deps[i] = append(deps[i], substDep{p.Name, substBound(constant, p).max})
		} else if s.use != nil && p.Arity == 0 {
			x.under(substBound(constant, p), func() Level { x.bound(s.use); return 0 })
		}
		if p.Arity > 0 {
			opSubs = append(opSubs, opSubst{p, operatorArgument(s), nil})
		}
		raised(p, s.Level, inst.Pos)
		substLevels[p.Name] = s.Level
	}
	checkOpSubsts(m, inst, opSubs, substLevels)
	if levels != nil {
		return x.c.relevel(m, levels, inst), deps
	}
	return m, deps
}

func (x *exprCtx) checkSubstLevel(m *Module, p *Symbol, lvl Level, pos ast.Pos) {
	switch {
	case p.Kind == Constant && lvl != ConstantLevel:
		fail(pos, "level error: INSTANCE %s: constant %s must be replaced by a constant-level expression, found %s one", m.Name, p.Name, lvl.article())
	case p.Kind == Variable && lvl > StateLevel:
		fail(pos, "level error: INSTANCE %s: variable %s must be replaced by an expression of at most state level, found %s one", m.Name, p.Name, lvl.article())
	}
}

// bounds binds the names of a bound list in the innermost scope and
// returns the highest level of its sets.
func (x *exprCtx) bounds(bs []*ast.Bound) Level {
	lvl, _ := x.boundLevels(bs, false)
	return lvl
}

// boundLevels is bounds, returning as well, if each is set, the level of each bound's set.
func (x *exprCtx) boundLevels(bs []*ast.Bound, each bool) (Level, []Level) {
	lvl := ConstantLevel
	var levels []Level
	for _, b := range bs {
		l := ConstantLevel
		if b.Set != nil {
			l = x.expr(b.Set)
			lvl = maxLevel(lvl, l)
		}
		if each {
			levels = append(levels, l)
		}
		for _, id := range b.Names {
			x.bind(&Symbol{Name: id.Name, Kind: Bound, Pos: id.Pos, Node: id})
		}
	}
	return lvl, levels
}

// opArg checks an argument passed where an operator of the given arity is
// expected: a LAMBDA, or the name of an operator with that arity.
func (x *exprCtx) opArg(a ast.Expr, arity int, what string) opArgument {
	switch a := ast.Unparen(a).(type) {
	case *ast.Lambda:
		if len(a.Params) != arity {
			fail(a.Pos, "%s must take %s, but the LAMBDA takes %d", what, plural(arity, "argument"), len(a.Params))
		}
		x.push()
		uses := newParamUses(len(a.Params))
		for i, p := range a.Params {
			x.bind(&Symbol{Name: p.Name, Kind: Parameter, Pos: p.Pos, Node: p, lambda: true, use: &uses[i]})
		}
		// A LAMBDA opens no label frame: its parameters are parameters of the labels in
		// its body, as bound identifiers are (SANY's generateLambda pushes them on the
		// enclosing frame). Its body is an operand of its own: no bound around it reaches in.
		lvl := x.operand(operandBound{TemporalLevel, false, false}, a.Body)
		x.pop()
		return opArgument{level: lvl, bounds: maxLevels(uses), nonLeibniz: anyNonLeibniz(uses)}
	case *ast.Ident:
		s := x.lookup(a.Name)
		if s == nil {
			x.unknown(a.Pos, a.Name)
		}
		if s.Arity != arity {
			fail(a.Pos, "%s must take %s, but %s takes %d", what, plural(arity, "argument"), a.Name, s.Arity)
		}
		return operatorArgument(s)
	case *ast.OpApp:
		if len(a.Args) == 0 && len(a.Prefix) > 0 {
			s, _ := x.instancePath(a)
			if s.Arity != arity {
				fail(a.Pos, "%s must take %s, but %s takes %d", what, plural(arity, "argument"), a.Name, s.Arity)
			}
			return operatorArgument(s)
		}
	}
	fail(a.Position(), "%s must be an operator taking %s (a name or a LAMBDA)", what, plural(arity, "argument"))
	return opArgument{}
}

func (x *exprCtx) unknown(pos ast.Pos, name string) {
	if home, ok := standardHome[name]; ok {
		fail(pos, "unknown operator %s (it is defined in the standard module %s; add it to EXTENDS)", name, home)
	}
	fail(pos, "unknown identifier %s", name)
}

// paramArity returns the arity expected of argument i of s.
func paramArity(s *Symbol, i int) int {
	switch d := s.Node.(type) {
	case *ast.OpDef:
		if i < len(d.Params) {
			return d.Params[i].Arity
		}
	case *ast.ModuleDef:
		if i < len(d.Params) {
			return d.Params[i].Arity
		}
	}
	return 0
}

// apply checks the arguments of an application of s and returns the
// level of the application.
func (x *exprCtx) apply(s *Symbol, args []ast.Expr, pos ast.Pos, name string) Level {
	checkArity(s, len(args), pos, name)
	return x.applyArgs(s, args, name, 0, s.Level)
}

// checkArity checks that s is an operator applied to n arguments.
func checkArity(s *Symbol, n int, pos ast.Pos, name string) {
	if s.Kind == ModuleInstance && n == s.Arity {
		fail(pos, "%s is a module instance; refer to its definitions as %s!Op", name, name)
	}
	if n != s.Arity {
		if s.Arity == 0 {
			fail(pos, "%s takes no arguments, found %d", name, n)
		}
		fail(pos, "%s takes %s, found %d", name, plural(s.Arity, "argument"), n)
	}
}

// plainFirstArg reports whether apply checks s's first argument as a plain expression, with
// no context of its own (not an operator argument, not primed or under ENABLED in s's body).
func plainFirstArg(s *Symbol) bool {
	if paramArity(s, 0) != 0 {
		return false
	}
	if s.uses == nil {
		return true
	}
	u := s.uses[0]
	return u.plain && !u.primed && !u.enabled
}

// applyArgs checks args[from:] of an application of s, whose level from the arguments before
// is lvl, and returns the level of the application.
func (x *exprCtx) applyArgs(s *Symbol, args []ast.Expr, name string, from int, lvl Level) Level {
	var ops []passedOp
	var buf [8]Level
	levels := buf[:0] // the arguments' levels, for the checks of the operators passed
	for i := from; i < len(args); i++ {
		a := args[i]
		use := paramUse{plain: true}
		if s.uses != nil {
			use = s.uses[i]
		}
		if k := paramArity(s, i); k > 0 {
			if l := x.subexprOperator(a); l != nil {
				// The application takes the operator as the LAMBDA it stands for, which
				// evaluation then applies like any other (see subexprOperator).
				args[i], a = l, l
			}
			oa := x.opArg(a, k, "argument "+itoa(i+1)+" of "+name)
			lvl = maxLevel(lvl, oa.level)
			ops = append(ops, passedOp{i, oa})
			levels = append(levels, ConstantLevel)
			continue
		}
		argLvl := x.under(argBound(s, i), func() Level { return x.argOf(s, i, a, use) })
		checkArgLevel(s, i, argLvl, a, name)
		lvl = maxLevel(lvl, use.contribution(argLvl))
		levels = append(levels, argLvl)
	}
	checkPassedOps(s, name, ops, args[from:], levels, from)
	return lvl
}

// useArg checks an operator argument, recording the parameters it
// mentions the way the operator uses the argument.
func (x *exprCtx) useArg(a ast.Expr, use paramUse) Level {
	if !use.plain && !use.primed && !use.enabled {
		x.ignored++
		defer func() { x.ignored-- }()
		return x.expr(a)
	}
	lvl := ConstantLevel
	if use.plain {
		lvl = x.expr(a)
	}
	if use.primed {
		x.primed++
		lvl = maxLevel(lvl, x.expr(a))
		x.primed--
	}
	if use.enabled {
		x.enabled++
		lvl = maxLevel(lvl, x.expr(a))
		x.enabled--
	}
	return lvl
}

// instancePath resolves N(a)!M!Op to the symbol of Op, checking each step, and returns the
// highest level of the steps' arguments too.
func (x *exprCtx) instancePath(a *ast.OpApp) (*Symbol, Level) {
	args := ConstantLevel
	var scope map[string]*Symbol
	steps := make([]*Symbol, len(a.Prefix))
	for i, step := range a.Prefix {
		var s *Symbol
		if i == 0 {
			s = x.lookup(step.Name)
		} else {
			s = scope[step.Name]
		}
		if s == nil {
			x.unknown(step.Pos, step.Name)
		}
		if s.Kind != ModuleInstance {
			fail(step.Pos, "%s is not a module instance, so %s!... is not allowed", step.Name, step.Name)
		}
		if len(step.Args) != s.Arity {
			fail(step.Pos, "instance %s takes %s, found %d", step.Name, plural(s.Arity, "argument"), len(step.Args))
		}
		steps[i] = s
		scope = s.Instance.Exports
	}
	s := scope[a.Name]
	if s == nil {
		fail(a.Pos, "module instance %s has no definition %s", a.Prefix[len(a.Prefix)-1].Name, a.Name)
	}
	for i, step := range a.Prefix {
		var op *Symbol // the definition the last step's arguments are bounded for
		if i == len(a.Prefix)-1 {
			op = s
		}
		args = maxLevel(args, x.instanceArgs(steps[i], step, pathName(a), op))
	}
	return s, args
}

// pathName is the name SANY gives the definition an instance path names (I!J!Foo), which its
// level errors name.
func pathName(a *ast.OpApp) string {
	var b strings.Builder
	for _, step := range a.Prefix {
		b.WriteString(step.Name)
		b.WriteString("!")
	}
	b.WriteString(a.Name)
	return b.String()
}

// instanceArgs checks the arguments of a step N(a, ...)! of an instance path against the
// parameters of N(p, ...) == INSTANCE M: an operator parameter takes an operator (a name, a
// LAMBDA or a subexpression name, see subexprOperator), the others expressions.
func (x *exprCtx) instanceArgs(s *Symbol, step *ast.InstanceStep, name string, op *Symbol) Level {
	lvl := ConstantLevel
	d, _ := s.Node.(*ast.ModuleDef)
	for i, arg := range step.Args {
		if d == nil || i >= len(d.Params) || d.Params[i].Arity == 0 {
			b := argBound(s, i)
			b.max = min(b.max, x.c.instanceArgBound(s, i, op))
			argLvl := x.operand(b, arg)
			checkArgMax(b.max, i, argLvl, arg, name)
			lvl = maxLevel(lvl, argLvl)
			continue
		}
		if l := x.subexprOperator(arg); l != nil {
			step.Args[i], arg = l, l // see applyArgs
		}
		lvl = maxLevel(lvl, x.opArg(arg, d.Params[i].Arity, "argument "+itoa(i+1)+" of "+step.Name).level)
	}
	return lvl
}

// plural spells a count with its noun: "1 argument", "2 arguments".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return itoa(n) + " " + noun + "s"
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// checkFuncArgs checks, as SANY's generateExpression does, that a function defined with
// f[x \in S, y \in T] == ... and applied to two or more arguments gets as many as it has
// bound identifiers (f[a] may pass a tuple, and a bare f is the function). Inside f's own
// definition SANY does not check (f is a bound symbol there), nor does this.
func (x *exprCtx) checkFuncArgs(e *ast.FuncApp) {
	id, ok := e.Func.(*ast.Ident)
	if !ok || len(e.Args) < 2 {
		return
	}
	s := x.lookup(id.Name)
	if s == nil || s.Kind != Function {
		return
	}
	d, ok := s.Node.(*ast.FuncDef)
	if !ok {
		return
	}
	for _, open := range x.funcDefs {
		if open == d {
			return
		}
	}
	n := 0
	for _, b := range d.Bounds {
		n += len(b.Names)
	}
	if n != len(e.Args) {
		fail(e.Pos, "function %s is defined with %s but applied to %d arguments (SANY: Function '%s' is defined with %d parameters, but is applied to %d arguments)",
			id.Name, plural(n, "parameter"), len(e.Args), id.Name, n, len(e.Args))
	}
}
