package check

import (
	"slices"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/eval"
	"github.com/dsref/dsref/harness/tlaplus/semantic"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// unnamedAction is the name TLC gives an action no definition names (tlc2.tool.Action's
// UNNAMED_ACTION): the next-state relation of a SPECIFICATION, a fairness condition, a property.
const unnamedAction = "UnnamedAction"

// actionRecord is TLC's record of an action (RecordValue(Action)): its name and the location of
// its expression, [name |-> "Next", location |-> [beginLine |-> 25, beginColumn |-> 9, endLine
// |-> 38, endColumn |-> 41, module |-> "M"]].
func (m *tlaModel) actionRecord(name string, x ast.Expr) value.Value {
	return mustRecord(map[string]value.Value{"name": value.Str(name), "location": m.locationRecord(x)})
}

// locationRecord is TLC's record of a location (RecordValue(Location)); x nil is TLC's unknown
// location (SemanticNode.nullSN: zeros in the module "--TLA+ BUILTINS--").
func (m *tlaModel) locationRecord(x ast.Expr) value.Value {
	module, bl, bc, el, ec := "--TLA+ BUILTINS--", 0, 0, 0, 0
	if x != nil {
		p := x.Position()
		module, bl, bc, el, ec = m.spec.ModuleOf(p), p.Line(), p.Col(), p.Line(), p.Col()
		if e, ok := x.(ast.Ender); ok {
			if line, col, ok := e.EndPosition(); ok {
				el, ec = line, col
			}
		}
	}
	return mustRecord(map[string]value.Value{
		"beginLine": value.Int(bl), "beginColumn": value.Int(bc),
		"endLine": value.Int(el), "endColumn": value.Int(ec),
		"module": value.Str(module),
	})
}

// setOf is the set of records vs (records always normalize).
func setOf(vs ...value.Value) value.Value {
	s, err := value.NewSet(vs...)
	if err != nil {
		panic("check: " + err.Error())
	}
	return s
}

func mustRecord(fields map[string]value.Value) value.Value {
	r, ok := record(fields)
	if !ok {
		panic("check: a record with duplicate fields")
	}
	return r
}

// unknownAction is TLCGet("action") where TLC does not know the action (Action.UNKNOWN).
func (m *tlaModel) unknownAction() value.Value {
	return m.actionRecord(unnamedAction, nil)
}

// specValue answers TLCGet("spec") as TLC's TLCGetSet does: a record of sets of action records
// (see actionRecord) for the parts TLC's SpecProcessor splits the behavior specification and the
// configuration into. "inits" are the initial predicates (a conjunct of the SPECIFICATION naming
// a state predicate is named after its definition and located at its body; INIT likewise);
// "actions" those Tool.getActions splits the next-state relation into (see specActions);
// "temporals" the fairness conjuncts of the SPECIFICATION; "invariants" the INVARIANTs (named,
// at their bodies) and the []P of the PROPERTIES; "impliedinits", "impliedactions" and
// "impliedtemporals" the state predicates, [][A]_v and temporal formulas of the PROPERTIES.
// The parts TLC does not name are "UnnamedAction". TLC's newest releases add "variables", the
// spec's variables named and located at their declarations (RecordValue(OpDeclNode), as TLC's
// test Github807 records it), and "constraints" and "actionconstraints", the CONSTRAINTs and
// ACTION_CONSTRAINTs named and located at their definitions, name to body (RecordValue(OpDefNode),
// whose location is the definition's, as TLC reports definitions). With -coverage TLC adds a
// coverage field to each record; this engine has no -coverage.
func (m *tlaModel) specValue() (value.Value, error) {
	m.tlcSpec.once.Do(func() { m.tlcSpec.v, m.tlcSpec.err = m.buildSpecValue() })
	return m.tlcSpec.v, m.tlcSpec.err
}

func (m *tlaModel) buildSpecValue() (value.Value, error) {
	initParts, actionParts, temporals, err := m.splitSpec()
	if err != nil {
		return nil, err
	}
	inits, actions := m.partRecords(initParts), m.partRecords(actionParts)
	m.tlcSpec.inits = inits
	var invariants, impliedInits, impliedActions, impliedTemporals []value.Value
	for _, inv := range m.invariants {
		if inv.kind == "invariant" {
			invariants = append(invariants, m.actionRecord(inv.name, m.definitionBody(inv)))
		} else {
			invariants = append(invariants, m.actionRecord(unnamedAction, inv.x))
		}
	}
	for _, p := range m.initProps {
		impliedInits = append(impliedInits, m.actionRecord(unnamedAction, p.x))
	}
	for _, p := range m.stepProps {
		impliedActions = append(impliedActions, m.actionRecord(unnamedAction, p.x))
	}
	for _, p := range m.liveChecks {
		impliedTemporals = append(impliedTemporals, m.actionRecord(unnamedAction, p.x))
	}
	var variables, constraints, actionConstraints []value.Value
	for _, id := range m.spec.VariableDecls {
		// The declaring identifier, its last column computed from its name (the parser records
		// where an identifier starts).
		l, c := id.Pos.Line(), id.Pos.Col()
		variables = append(variables, mustRecord(map[string]value.Value{
			"name": value.Str(id.Name),
			"location": mustRecord(map[string]value.Value{
				"beginLine": value.Int(l), "beginColumn": value.Int(c),
				"endLine": value.Int(l), "endColumn": value.Int(c + len(id.Name) - 1),
				"module": value.Str(m.spec.ModuleOf(id.Pos)),
			}),
		}))
	}
	for _, c := range m.constraints {
		constraints = append(constraints, m.definitionRecord(c))
	}
	for _, c := range m.actionConstraints {
		actionConstraints = append(actionConstraints, m.definitionRecord(c))
	}
	return mustRecord(map[string]value.Value{
		"variables":         setOf(variables...),
		"constraints":       setOf(constraints...),
		"actionconstraints": setOf(actionConstraints...),
		"inits":             setOf(inits...),
		"actions":           setOf(actions...),
		"temporals":         setOf(temporals...),
		"invariants":        setOf(invariants...),
		"impliedinits":      setOf(impliedInits...),
		"impliedactions":    setOf(impliedActions...),
		"impliedtemporals":  setOf(impliedTemporals...),
	}), nil
}

// splitPart is a part TLC's SpecProcessor and Tool.getActions split the behavior specification
// into (an initial predicate, an action): the name of the definition that names it (TLC's
// Action.getOpDef, unnamedAction for none), its expression (Action.pred), that definition's
// body (nil for none), and for an action its context (Action.con, see specWalker.bind).
type splitPart struct {
	name    string
	x, body ast.Expr
	ctx     []ctxEntry
}

// ctxEntry is a name an action's context binds, and its value.
type ctxEntry struct {
	name string
	v    value.Value
}

// splitParts returns the initial predicates and actions of splitSpec, split once (none if
// splitting fails, which the search then reports).
func (m *tlaModel) splitParts() struct{ inits, actions []splitPart } {
	m.partsOnce.Do(func() {
		inits, actions, _, err := m.splitSpec()
		if err == nil {
			m.parts.inits, m.parts.actions = inits, actions
		}
	})
	return m.parts
}

// partRecords are TLC's action records of parts (see actionRecord).
func (m *tlaModel) partRecords(parts []splitPart) []value.Value {
	out := make([]value.Value, len(parts))
	for i, p := range parts {
		out[i] = m.actionRecord(p.name, p.x)
	}
	return out
}

// splitSpec splits the behavior specification as TLC does: its initial predicates, the actions of
// its next-state relation, and the records of its temporal conjuncts (see specValue).
func (m *tlaModel) splitSpec() (inits, actions []splitPart, temporals []value.Value, err error) {
	ss := m.spec.NewSession(&eval.Context{Done: m.done})
	defer ss.Close()
	w := specWalker{m: m, ss: ss}
	switch d := m.declared; {
	case d.spec != nil:
		if err := w.specParts(d.spec.x, d.spec.sc, &inits, &temporals); err != nil {
			return nil, nil, nil, err
		}
		if err := w.actions(m.next.x, m.next.sc, unnamedAction, nil, &actions); err != nil {
			return nil, nil, nil, err
		}
	case d.init != nil:
		body := m.definitionBody(*d.init)
		inits = append(inits, splitPart{name: d.init.name, x: body, body: body})
		body = m.definitionBody(*d.next)
		if err := w.actions(body, m.root, d.next.name, body, &actions); err != nil {
			return nil, nil, nil, err
		}
	}
	return inits, actions, temporals, nil
}

// definitionRecord is TLC's record of the definition a configuration entry names
// (RecordValue(OpDefNode)): its name and the location of the whole definition, from its name to
// the end of its body; an entry without a definition is located at its expression.
func (m *tlaModel) definitionRecord(e namedExpr) value.Value {
	op, ok := m.spec.Definition(e.name)
	if !ok || op.Body() == nil || !op.Pos.IsValid() {
		return m.actionRecord(e.name, e.x)
	}
	r := m.locationRecord(op.Body()).(*value.Record)
	fields := map[string]value.Value{}
	for i, n := range r.Names() {
		fields[n] = r.ValueAt(i)
	}
	fields["beginLine"], fields["beginColumn"] = value.Int(op.Pos.Line()), value.Int(op.Pos.Col())
	return mustRecord(map[string]value.Value{"name": value.Str(e.name), "location": mustRecord(fields)})
}

// definitionBody is the body of the definition a configuration entry names (the entry itself if
// it has none, e.g. a constant).
func (m *tlaModel) definitionBody(e namedExpr) ast.Expr {
	if op, ok := m.spec.Definition(e.name); ok && op.Body() != nil {
		return op.Body()
	}
	return e.x
}

// specWalker splits a behavior specification the way TLC's SpecProcessor and Tool do, for
// TLCGet("spec"), evaluating constant quantifier domains and arguments in its session.
type specWalker struct {
	m      *tlaModel
	ss     *eval.Session
	levels eval.LevelCache
	// ctx is the context of the actions being split out, outermost first (see bind).
	ctx []ctxEntry
}

// bind adds name, the value of x in sc, to the context of the actions split out below: TLC's
// getActions binds each name an \E over a constant set binds (its contexts), and each parameter
// of a definition applied to constant arguments to the argument's value (getActionsAppl's
// con.cons(formals[i], aval)). A value that does not evaluate is left out.
func (w *specWalker) bind(name string, x ast.Expr, sc *eval.Scope) {
	if v, err := w.ss.Eval(x, sc); err == nil {
		w.ctx = append(w.ctx, ctxEntry{name, v})
	}
}

// contextRecord is TLC's record of an action's context (RecordValue(Context.toMap())): a field
// per name bound, the outermost binding of a name winning, as toMap's later put of an outer
// binding overwrites the inner one.
func contextRecord(ctx []ctxEntry) value.Value {
	var names []string
	var vals []value.Value
	seen := map[string]bool{}
	for _, e := range ctx {
		if !seen[e.name] {
			seen[e.name] = true
			names = append(names, e.name)
			vals = append(vals, e.v)
		}
	}
	r, _ := value.NewRecord(names, vals)
	return r
}

// specParts splits a SPECIFICATION as SpecProcessor.processConfigSpec does: conjunctions and
// zero-arity definitions are looked through, a definition whose body is a state predicate is an
// initial predicate named after it, [][A]_v is the next-state relation, another []F or a
// temporal formula is a temporal, and any other state predicate an unnamed initial predicate.
func (w *specWalker) specParts(x ast.Expr, sc *eval.Scope, inits *[]splitPart, temporals *[]value.Value) error {
	switch y := x.(type) {
	case *ast.Paren:
		return w.specParts(y.X, sc, inits, temporals)
	case *ast.Label:
		return w.specParts(y.X, sc, inits, temporals)
	case *ast.Junction:
		if y.Kind == ast.And {
			for _, it := range y.Items {
				if err := w.specParts(it, sc, inits, temporals); err != nil {
					return err
				}
			}
			return nil
		}
	case *ast.InfixExpr:
		if y.Op == `/\` {
			if err := w.specParts(y.L, sc, inits, temporals); err != nil {
				return err
			}
			return w.specParts(y.R, sc, inits, temporals)
		}
	case *ast.PrefixExpr:
		if y.Op == "[]" {
			if _, ok := ast.Unparen(y.X).(*ast.BoxAction); ok {
				return nil // the next-state relation
			}
			*temporals = append(*temporals, w.m.actionRecord(unnamedAction, x))
			return nil
		}
	case *ast.Ident, *ast.OpApp:
		if app, ok := y.(*ast.OpApp); !ok || len(app.Args) == 0 {
			mark := w.ss.Mark()
			defer w.ss.Release(mark)
			name, body, inner, ok, err := expandOp(w.m.spec, w.ss, x, sc, false)
			if err != nil {
				return err
			}
			if ok {
				if w.m.spec.LevelIn(body, inner, &w.levels) == semantic.StateLevel {
					*inits = append(*inits, splitPart{name: name, x: body, body: body})
					return nil
				}
				return w.specParts(body, inner, inits, temporals)
			}
		}
	}
	if w.m.spec.LevelIn(x, sc, &w.levels) <= semantic.StateLevel {
		*inits = append(*inits, splitPart{name: unnamedAction, x: x})
	} else {
		*temporals = append(*temporals, w.m.actionRecord(unnamedAction, x))
	}
	return nil
}

// actions splits the next-state relation x as Tool.getActions does: disjunctions, LET, labels,
// \E over constant sets (once per binding) and definitions applied to constant arguments are
// looked through; an action is named after the last definition on the way (name on entry) and
// located at its expression. A definition applied to a non-constant argument is an action named
// after that definition; \E over an empty set is an action itself.
func (w *specWalker) actions(x ast.Expr, sc *eval.Scope, name string, body ast.Expr, out *[]splitPart) error {
	leaf := func(n string, b ast.Expr) error {
		*out = append(*out, splitPart{name: n, x: x, body: b, ctx: slices.Clone(w.ctx)})
		return nil
	}
	switch y := x.(type) {
	case *ast.Paren:
		return w.actions(y.X, sc, name, body, out)
	case *ast.Label:
		return w.actions(y.X, sc, name, body, out)
	case *ast.Let:
		mark := w.ss.Mark()
		defer w.ss.Release(mark)
		inner, err := w.ss.EnterLet(y, sc)
		if err != nil {
			return leaf(name, body)
		}
		return w.actions(y.Body, inner, name, body, out)
	case *ast.Junction:
		if y.Kind != ast.Or {
			return leaf(name, body)
		}
		for _, it := range y.Items {
			if err := w.actions(it, sc, name, body, out); err != nil {
				return err
			}
		}
		return nil
	case *ast.InfixExpr:
		if y.Op != `\/` {
			return leaf(name, body)
		}
		if err := w.actions(y.L, sc, name, body, out); err != nil {
			return err
		}
		return w.actions(y.R, sc, name, body, out)
	case *ast.Quant:
		if y.Kind != ast.Exists {
			return leaf(name, body)
		}
		for _, b := range y.Bounds {
			if b.Set == nil || !w.m.spec.IsConstant(b.Set, sc) {
				return leaf(name, body)
			}
		}
		before, any := len(*out), false
		var inner error
		err := w.ss.ForEachBinding(y.Bounds, sc, func(bsc *eval.Scope) (bool, error) {
			any = true
			n := len(w.ctx)
			for _, b := range y.Bounds {
				for _, id := range b.Names {
					w.bind(id.Name, id, bsc)
				}
			}
			inner = w.actions(y.Body, bsc, name, body, out)
			w.ctx = w.ctx[:n]
			return inner == nil, nil
		})
		if inner != nil {
			return inner
		}
		if err != nil || !any {
			*out = (*out)[:before] // TLC: a domain it cannot enumerate, or an empty one
			return leaf(name, body)
		}
		return nil
	case *ast.Ident, *ast.OpApp, *ast.Subexpr:
		mark := w.ss.Mark()
		defer w.ss.Release(mark)
		if def, ok := constantAction(w.m.spec, x); ok {
			op, _ := w.m.spec.Definition(def)
			return leaf(def, op.Body())
		}
		def, defBody, inner, ok, err := expandOp(w.m.spec, w.ss, x, sc, true)
		if err != nil || !ok {
			return leaf(name, body)
		}
		if app, isApp := y.(*ast.OpApp); isApp {
			prefix := ""
			for _, step := range app.Prefix {
				prefix += step.Name + "!"
			}
			def = prefix + def
			for _, a := range app.Args {
				if !w.m.spec.IsConstant(a, sc) {
					return leaf(def, defBody)
				}
			}
			n := len(w.ctx)
			defer func() { w.ctx = w.ctx[:n] }()
			if params, err := w.ss.Parameters(app, sc); err == nil && len(params) == len(app.Args) {
				for i, p := range params {
					w.bind(p, app.Args[i], sc)
				}
			}
		}
		return w.actions(defBody, inner, def, defBody, out)
	}
	return leaf(name, body)
}

// constantAction reports whether x refers to a zero-arity constant-level definition of the root
// module, and its name. TLC evaluates such a definition once when it starts
// (SpecProcessor.processConstantDefns) and its Tool.getActionsAppl then finds a value, not a
// definition, where the action refers to it: the action is the reference itself, named after the
// definition (Action(next, con, (OpDefNode) opNode)), not its body.
func constantAction(spec *eval.Spec, x ast.Expr) (string, bool) {
	id, ok := x.(*ast.Ident)
	if !ok {
		return "", false
	}
	op, found := spec.Definition(id.Name)
	if !found || op.Arity() != 0 || op.Body() == nil || !spec.IsConstant(op.Body(), spec.RootScope()) {
		return "", false
	}
	return id.Name, true
}
