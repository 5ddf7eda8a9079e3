package semantic

import (
	"strings"

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
	statement := func() Level {
		switch {
		case t.Assume != nil:
			_, lvl = x.assumeProve(t.Assume)
		case t.Expr != nil:
			lvl = x.expr(t.Expr)
		}
		return lvl
	}
	if t.Name != "" {
		// Labels stand in a named theorem's statement, not an unnamed one's (SANY's
		// processTheorem opens a label frame for THEOREM T == ... only).
		x.labelled(statement)
	} else {
		statement()
	}
	name()
	if t.Proof != nil {
		x.proving = append(x.proving, t)
		x.proof(t.Proof)
		x.proving = x.proving[:len(x.proving)-1]
		if lvl == TemporalLevel {
			x.temporalGoal(t.Proof)
		}
	}
	return lvl
}

// assumeProve checks ASSUME ... PROVE, binding its NEW names in the innermost scope, and
// returns the symbols of its own (not nested) NEW declarations and its level: the highest
// of its assumptions' and its PROVE's (SANY's AssumeProveNode).
func (x *exprCtx) assumeProve(ap *ast.AssumeProve) ([]*Symbol, Level) {
	var news []*Symbol
	lvl := ConstantLevel
	x.apDecl = append(x.apDecl, false)
	defer func() { x.apDecl = x.apDecl[:len(x.apDecl)-1] }()
	for _, a := range ap.Assumptions {
		switch {
		case a.New != nil:
			s, l := x.newDecl(a.New)
			news = append(news, s)
			lvl = maxLevel(lvl, l)
			x.apDecl[len(x.apDecl)-1] = true
		case a.Assume != nil:
			nested := func() Level {
				x.push()
				_, l := x.assumeProve(a.Assume)
				x.pop()
				return l
			}
			if a.Label != "" {
				lvl = maxLevel(lvl, x.labelBody(a.Pos, a.Label, nil, nested))
			} else {
				lvl = maxLevel(lvl, nested())
			}
		default:
			lvl = maxLevel(lvl, x.expr(a.Expr))
		}
	}
	return news, maxLevel(lvl, x.expr(ap.Prove))
}

// newDecl checks a NEW declaration's set and binds its name. Its level is the highest of
// the declared kind's (NEW VARIABLE x is state-level) and its set's; a temporal formula is
// no set (SANY's NewSymbNode).
func (x *exprCtx) newDecl(d *ast.NewDecl) (*Symbol, Level) {
	lvl := ConstantLevel
	if d.In != nil {
		if lvl = x.expr(d.In); lvl == TemporalLevel {
			fail(d.In.Position(), "level error: NEW %s \\in S needs a set; S is a temporal formula", d.Name)
		}
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
	return s, maxLevel(lvl, s.Level)
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

// setStepLevel gives the name of step st, if it is in scope, the level of st's statement:
// the name used as a formula has that level (SANY's ThmOrAssumpDefNode of a step).
func (x *exprCtx) setStepLevel(st *ast.Step, lvl Level) {
	for i := len(x.stepNames) - 1; i >= 0; i-- {
		if n := x.stepNames[i]; n.sym.Node == st {
			n.sym.Level = lvl
			return
		}
	}
}

// namedStep is a step name in scope. A USE, HIDE, DEFINE or INSTANCE step (plain) names no
// assertion: SANY makes its name a symbol of another kind than any other step's.
type namedStep struct {
	name  string
	pos   ast.Pos
	plain bool
	sym   *Symbol // Node is the step; Level its statement's, once checked
}

// stepNameSymbol returns the symbol the name of step st resolves to: its node is the step, its
// level that of the step's statement (set by step once the statement is checked).
func stepNameSymbol(st *ast.Step) *Symbol {
	return &Symbol{Name: st.Name, Kind: Operator, Level: ConstantLevel, Pos: st.Pos, Node: st}
}

// isStepName reports whether s is what a step name resolves to.
func isStepName(s *Symbol) bool {
	_, ok := s.Node.(*ast.Step)
	return ok
}

// checkFormulaName checks a name used as a formula (not as a fact of BY, USE or HIDE, nor in a
// DEF clause), as SANY's selectorToNode does: the name of an ASSUME ... PROVE theorem or step
// is no formula (SANY's error 4355), nor is the name of a HAVE, TAKE, WITNESS, PICK, CASE, QED
// or SUFFICES step, nor that of a USE, HIDE, DEFINE or INSTANCE step (4351).
func checkFormulaName(s *Symbol, pos ast.Pos, name string) {
	switch n := s.Node.(type) {
	case *ast.Step:
		switch {
		case n.Assume != nil:
			fail(pos, "step %s is an ASSUME ... PROVE, not a formula: it can be cited as a fact, not used in an expression", name)
		case plainStep(n.Kind):
			fail(pos, "step %s is a %s step, which asserts nothing: its name is not a formula (SANY: Step number of non-expression step used as an expression)", name, n.Kind)
		case n.Kind == "HAVE", n.Kind == "TAKE", n.Kind == "WITNESS", n.Kind == "PICK", n.Kind == "CASE", n.Kind == "QED", n.Kind == "SUFFICES":
			fail(pos, "step %s is a %s step: its name is not a formula; it can be cited as a fact, not used in an expression (SANY: %s proof step selected instead of expression)", name, n.Kind, sanyStepKind(n.Kind))
		}
	case *ast.Theorem:
		if n.Assume != nil {
			fail(pos, "theorem %s is an ASSUME ... PROVE, not a formula: it can be cited as a fact, not used in an expression", name)
		}
	}
}

// sanyStepKind names a step kind as SANY's messages do.
func sanyStepKind(kind string) string {
	if kind == "QED" {
		return "QED step"
	}
	return kind
}

// checkFactName checks a name cited as a fact of BY, USE or HIDE: the name of a USE, HIDE,
// DEFINE or INSTANCE step states no fact (SANY's selectorToNode).
func checkFactName(s *Symbol, pos ast.Pos, name string) {
	if st, ok := s.Node.(*ast.Step); ok && plainStep(st.Kind) {
		fail(pos, "step %s is a %s step, which asserts nothing: it cannot be cited as a fact (SANY: Step number of non-fact used as a fact)", name, st.Kind)
	}
}

// plainStep reports whether a step of this kind asserts nothing.
func plainStep(kind string) bool {
	switch kind {
	case "USE", "HIDE", "DEFINE", "INSTANCE":
		return true
	}
	return false
}

// stepName resolves a step name (<1>2) among the steps in scope, or returns nil.
func (x *exprCtx) stepName(name string) *Symbol {
	for i := len(x.stepNames) - 1; i >= 0; i-- {
		if x.stepNames[i].name == name {
			return x.stepNames[i].sym
		}
	}
	return nil
}

// nameStep brings a step's name into scope until the end of the proof the step belongs to
// (see proof). A name already in scope is SANY's symbol table rule: the same name for two
// steps of different kinds (an assertion and a USE, say) is an error; for two steps of the
// same kind it is a warning, and the first keeps the name.
func (x *exprCtx) nameStep(st *ast.Step) {
	plain := plainStep(st.Kind)
	for _, old := range x.stepNames {
		if old.name != st.Name {
			continue
		}
		if old.plain != plain {
			fail(st.Pos, "step %s is already defined at %s; a USE, HIDE, DEFINE or INSTANCE step cannot have the name of a step of another kind", st.Name, old.pos)
		}
		x.c.warnf(st.Pos, "multiple steps named %s: this one duplicates the one at %s, which is the one used", st.Name, old.pos)
		return
	}
	x.stepNames = append(x.stepNames, namedStep{name: st.Name, pos: st.Pos, plain: plain, sym: stepNameSymbol(st)})
}

// step checks one step of a structured proof; the names it introduces for the later steps go
// into the innermost scope, the proof's. It records the level of the step's statement: the
// highest level of its formulas and bounds (SANY's TheoremNode of a step); a step whose
// statement is temporal has its proof checked by temporalGoal.
func (x *exprCtx) step(st *ast.Step) {
	x.steps++
	defer func() { x.steps-- }()
	if st.Name != "" {
		x.nameStep(st)
		// Labels stand in a numbered step's statement (SANY's generateProof opens a label
		// frame for it), not in an unnumbered step's; the frame closes before the step's
		// proof (stepProof).
		frames := len(x.labels)
		x.openLabels(len(x.scopes))
		defer func() { x.labels = x.labels[:frames] }()
	}
	lvl := ConstantLevel
	defer func() {
		if x.stepLevels == nil {
			x.stepLevels = map[*ast.Step]Level{}
		}
		x.stepLevels[st] = lvl
		x.setStepLevel(st, lvl)
	}()
	switch st.Kind {
	case "USE", "HIDE":
		x.use(st.Use)
		if st.Kind == "HIDE" {
			x.hideFacts(st.Use)
		}
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
		lvl = x.bounds(st.Bounds)
		return
	case "PICK":
		// The names are bound for the formula, then again, the same symbols, for the
		// steps after this one; not in the step's own proof.
		x.push()
		boundsLvl, sets := x.boundLevels(st.Bounds, true)
		lvl = maxLevel(boundsLvl, x.exprs(st.Exprs))
		picked := x.scopes[len(x.scopes)-1]
		x.pop()
		if lvl == TemporalLevel {
			// SANY's TheoremNode: the sets of a temporal PICK are constant.
			for i, b := range st.Bounds {
				if sets[i] != ConstantLevel {
					fail(b.Set.Position(), "level error: PICK of a temporal formula needs constant-level bounds, found %s one", sets[i].article())
				}
			}
		}
		x.stepProof(st, lvl)
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
			news, lvl = x.assumeProve(st.Assume)
			x.pop()
		} else {
			lvl = x.exprs(st.Exprs)
		}
		x.stepProof(st, lvl)
		for _, s := range news {
			x.bind(s) // for the steps after this one
		}
		return
	}
	// HAVE, WITNESS, CASE, QED and assertions.
	if st.Assume != nil {
		x.push()
		defer x.pop()
		_, lvl = x.assumeProve(st.Assume)
	} else {
		lvl = x.exprs(st.Exprs)
	}
	x.stepProof(st, lvl)
}

// stepProof checks a step's proof, if it has one, and, for a temporal statement, the rules
// for the proof of a temporal formula.
func (x *exprCtx) stepProof(st *ast.Step, lvl Level) {
	x.setStepLevel(st, lvl)
	if st.Proof == nil {
		return
	}
	if st.Name != "" {
		x.closeLabels() // the statement's, opened by step
	}
	x.proving = append(x.proving, st)
	x.proof(st.Proof)
	x.proving = x.proving[:len(x.proving)-1]
	if lvl == TemporalLevel {
		x.temporalGoal(st.Proof)
	}
}

// temporalGoal checks SANY's rules for the proof of a temporal formula (TheoremNode's
// LevelCheckTemporal): its TAKE, WITNESS, HAVE and CASE steps are constant-level, and so are
// those of the proofs of its CASE and QED steps, whose goal is the same formula.
func (x *exprCtx) temporalGoal(pr *ast.Proof) {
	if pr == nil || pr.By != nil {
		return
	}
	for _, st := range pr.Steps {
		switch st.Kind {
		case "TAKE", "WITNESS", "HAVE", "CASE":
			if l := x.stepLevels[st]; l != ConstantLevel {
				fail(st.Pos, "level error: %s in the proof of a temporal formula must be constant-level, found %s one", st.Kind, l.article())
			}
			if st.Kind == "CASE" {
				x.temporalGoal(st.Proof)
			}
		case "QED":
			x.temporalGoal(st.Proof)
		}
	}
}

// hideFacts checks SANY's rule for the facts of a HIDE: only the names of theorems,
// assumptions and steps (formulas and definitions are hidden with DEF, not as facts).
func (x *exprCtx) hideFacts(u *ast.Use) {
	for _, f := range u.Facts {
		var s *Symbol
		switch f := f.(type) {
		case *ast.Ident:
			s = x.lookup(f.Name)
		case *ast.OpApp:
			if len(f.Prefix) > 0 {
				continue // an instance's theorem or a subexpression: left to the names check
			}
			s = x.lookup(f.Name)
		case *ast.Subexpr:
			if len(f.Base.Prefix) == 0 && strings.HasPrefix(f.Base.Name, "<") {
				continue // a part of a step (<1>2!1), as a step's name: left to the names check
			}
			fail(f.Position(), "HIDE hides a fact by the name of a theorem, assumption or step; found an expression")
		default:
			fail(f.Position(), "HIDE hides a fact by the name of a theorem, assumption or step; found an expression")
		}
		if s == nil || isStepName(s) {
			continue
		}
		switch s.Node.(type) {
		case *ast.Theorem, *ast.Assume:
			continue
		}
		fail(f.Position(), "HIDE hides a fact by the name of a theorem, assumption or step; %s is %s %s (hide a definition with HIDE DEF)", s.Name, article(s.Kind.String()), s.Kind)
	}
}

// instanceStep checks an INSTANCE step and brings the instantiated definitions into the rest
// of the proof. A name already visible keeps its meaning.
func (x *exprCtx) instanceStep(inst *ast.Instance) {
	im, _ := x.instance(inst, nil)
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
			s := x.lookup(id.Name)
			if s == nil {
				x.unknown(id.Pos, id.Name)
			}
			checkFactName(s, id.Pos, id.Name)
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
// instances (M!Op, M(x)!Op), or a DEFINE step's name (SANY's selectorToNode and
// generateUseOrHide: any other step's name is refused).
func (x *exprCtx) defName(d ast.Expr) {
	switch d := d.(type) {
	case *ast.Ident:
		s := x.lookup(d.Name)
		if s == nil {
			x.unknown(d.Pos, d.Name)
		}
		if st, ok := s.Node.(*ast.Step); ok && st.Kind != "DEFINE" {
			if plainStep(st.Kind) {
				fail(d.Pos, "DEF %s: step %s is a %s step, not a DEFINE step (SANY: DEF clause entry refers to a non-definition step)", d.Name, d.Name, st.Kind)
			}
			fail(d.Pos, "DEF %s: step %s defines nothing; DEF names definitions and DEFINE steps (SANY: DEF clause entry should describe a defined operator)", d.Name, d.Name)
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

// article returns "a" or "an" for word.
func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}
