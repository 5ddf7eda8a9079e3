package semantic

import (
	"github.com/dsref/dsref/harness/tlaplus/ast"
)

// Proofs are checked as SANY checks them for names: every identifier a statement, fact or
// DEF clause uses must be declared where it is used, and operators are applied to as many
// arguments as they take. The scopes follow the TLA+ 2 proof language:
//   - the NEW names of a theorem's or step's ASSUME are visible in its PROVE and its proof;
//   - a step's name (<1>2) denotes its assertion in the later steps of its proof and
//     everything nested in them;
//   - DEFINE, TAKE and INSTANCE steps bring their names into the rest of the proof;
//   - PICK's names are visible in its formula and the later steps, not in its own proof;
//   - SUFFICES ASSUME's NEW names are visible in the later steps, not in its own proof.
//
// Where SANY's rule is not known exactly this check is the more permissive (a step may name
// itself inside its own proof): a module SANY accepts must not be refused.

// theorem checks a theorem's statement and proof and returns the statement's level.
func (x *exprCtx) theorem(t *ast.Theorem, name func()) Level {
	x.push()
	defer x.pop()
	lvl := ConstantLevel
	switch {
	case t.Assume != nil:
		x.assumeProve(t.Assume)
	case t.Expr != nil:
		lvl = x.expr(t.Expr)
	}
	name()
	if t.Proof != nil {
		x.proof(t.Proof)
	}
	return lvl
}

// assumeProve checks ASSUME ... PROVE, binding its NEW names in the innermost scope, and
// returns the symbols of its own (not nested) NEW declarations.
func (x *exprCtx) assumeProve(ap *ast.AssumeProve) []*Symbol {
	var news []*Symbol
	for _, a := range ap.Assumptions {
		switch {
		case a.New != nil:
			news = append(news, x.newDecl(a.New))
		case a.Assume != nil:
			x.push()
			x.assumeProve(a.Assume)
			x.pop()
		default:
			x.expr(a.Expr)
		}
	}
	x.expr(ap.Prove)
	return news
}

// newDecl checks a NEW declaration's set and binds its name.
func (x *exprCtx) newDecl(d *ast.NewDecl) *Symbol {
	if d.In != nil {
		x.expr(d.In)
	}
	s := &Symbol{Name: d.Name, Kind: Constant, Arity: d.Arity, Level: ConstantLevel, Pos: d.Pos, Node: d}
	switch d.Kind {
	case "VARIABLE":
		s.Kind, s.Level = Variable, StateLevel
	case "STATE":
		s.Kind, s.Level = Operator, StateLevel
	case "ACTION":
		s.Kind, s.Level = Operator, ActionLevel
	case "TEMPORAL":
		s.Kind, s.Level = Operator, TemporalLevel
	}
	x.bind(s)
	return s
}

// proof checks a proof in a scope of its own.
func (x *exprCtx) proof(pr *ast.Proof) {
	if pr.By != nil {
		x.use(pr.By)
		return
	}
	x.push()
	mark := len(x.stepNames)
	defer func() {
		x.pop()
		x.stepNames = x.stepNames[:mark]
	}()
	for _, st := range pr.Steps {
		x.step(st)
	}
}

// stepSymbol is what every step name in scope resolves to: a formula, the step's assertion.
var stepSymbol = &Symbol{Name: "<step>", Kind: Operator, Level: ConstantLevel}

// stepName resolves a step name (<1>2) among the steps in scope, or returns nil.
func (x *exprCtx) stepName(name string) *Symbol {
	for i := len(x.stepNames) - 1; i >= 0; i-- {
		if x.stepNames[i] == name {
			return stepSymbol
		}
	}
	return nil
}

// step checks one step of a structured proof; the names it introduces for the later steps go
// into the innermost scope, the proof's.
func (x *exprCtx) step(st *ast.Step) {
	x.steps++
	defer func() { x.steps-- }()
	if st.Name != "" {
		// In scope until the end of the proof the step belongs to (see proof). Within one
		// proof SANY refuses a duplicate name; here the later one simply shadows.
		x.stepNames = append(x.stepNames, st.Name)
	}
	switch st.Kind {
	case "USE", "HIDE":
		x.use(st.Use)
		return
	case "DEFINE":
		for _, d := range st.Defs {
			x.letDef(d)
		}
		return
	case "INSTANCE":
		x.instanceStep(st.Defs[0].(*ast.Instance))
		return
	case "TAKE":
		x.bounds(st.Bounds)
		return
	case "PICK":
		// The names are bound for the formula, then again, the same symbols, for the
		// steps after this one; not in the step's own proof.
		x.push()
		x.bounds(st.Bounds)
		x.exprs(st.Exprs)
		picked := x.scopes[len(x.scopes)-1]
		x.pop()
		if st.Proof != nil {
			x.proof(st.Proof)
		}
		for _, b := range st.Bounds {
			for _, id := range b.Names {
				x.bind(picked[id.Name])
			}
		}
		return
	case "SUFFICES":
		var news []*Symbol
		if st.Assume != nil {
			x.push()
			news = x.assumeProve(st.Assume)
			x.pop()
		} else {
			x.exprs(st.Exprs)
		}
		if st.Proof != nil {
			x.proof(st.Proof)
		}
		for _, s := range news {
			x.bind(s) // for the steps after this one
		}
		return
	}
	// HAVE, WITNESS, CASE, QED and assertions.
	if st.Assume != nil {
		x.push()
		defer x.pop()
		x.assumeProve(st.Assume)
	} else {
		x.exprs(st.Exprs)
	}
	if st.Proof != nil {
		x.proof(st.Proof)
	}
}

// instanceStep checks an INSTANCE step and brings the instantiated definitions into the rest
// of the proof. A name already visible keeps its meaning.
func (x *exprCtx) instanceStep(inst *ast.Instance) {
	im := x.instance(inst, nil)
	for _, s := range sortedSymbols(im.Exports) {
		if s.Kind == Constant || s.Kind == Variable || x.lookup(s.Name) != nil {
			continue
		}
		x.top()[s.Name] = s
	}
}

// use checks the facts and DEF names of BY, USE or HIDE.
func (x *exprCtx) use(u *ast.Use) {
	for _, f := range u.Facts {
		// A fact naming a theorem, an assumption, a step or a definition is looked up
		// by name only; a formula is checked like any expression.
		if id, ok := f.(*ast.Ident); ok {
			if x.lookup(id.Name) == nil {
				x.unknown(id.Pos, id.Name)
			}
			continue
		}
		x.expr(f)
	}
	for _, d := range u.Defs {
		x.defName(d)
	}
	for _, m := range u.Modules {
		// MODULE M names a module loaded, being loaded (the current one or one that
		// extends it) or nested here, or one found as EXTENDS would find it.
		if _, ok := x.c.modules[m.Name]; !ok && !x.c.loading[m.Name] && !x.env.isCurrent(m.Name) {
			x.c.findModule(m.Name, m.Pos, x.env)
		}
	}
}

// defName checks a name of a DEF clause: a definition in scope, possibly through module
// instances (M!Op, M(x)!Op).
func (x *exprCtx) defName(d ast.Expr) {
	switch d := d.(type) {
	case *ast.Ident:
		if x.lookup(d.Name) == nil {
			x.unknown(d.Pos, d.Name)
		}
	case *ast.OpApp:
		if len(d.Prefix) == 0 {
			if x.lookup(d.Name) == nil {
				x.unknown(d.Pos, d.Name)
			}
			return
		}
		s, k := x.prefixSymbol(d)
		if k < len(d.Prefix) || s != nil {
			return // a subexpression of a definition
		}
		inst := x.lookup(d.Prefix[0].Name)
		for _, step := range d.Prefix[1:] {
			inst = inst.Instance.Exports[step.Name]
		}
		if inst.Instance.Exports[d.Name] == nil {
			fail(d.Pos, "module instance %s has no definition %s", d.Prefix[len(d.Prefix)-1].Name, d.Name)
		}
	default:
		fail(d.Position(), "DEF names a definition; found an expression")
	}
}

// setLevel sets the level of a symbol that may be nil.
func (s *Symbol) setLevel(l Level) {
	if s != nil {
		s.Level = l
	}
}

// isCurrent reports whether name is the module being checked or one enclosing it.
func (env *modEnv) isCurrent(name string) bool {
	for e := env; e != nil; e = e.outer {
		if e.mod.Name == name {
			return true
		}
	}
	return false
}
