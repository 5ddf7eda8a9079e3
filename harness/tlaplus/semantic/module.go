package semantic

import (
	"sort"

	"github.com/dsref/dsref/harness/tlaplus/ast"
)

// modEnv is the state of a module while its units are checked in order.
type modEnv struct {
	c     *checker
	mod   *Module
	outer *modEnv // enclosing module of a nested module
	// localImports are names imported by LOCAL INSTANCE; they are in
	// scope but not exported.
	localImports map[string]bool
	// unresolved counts the operators declared RECURSIVE and not yet defined: between a
	// RECURSIVE declaration and the last definition it announces (a recursive section), only
	// definitions and INSTANCEs may stand (SANY's checkIfInRecursiveSection).
	unresolved int
}

// checkModule checks a module's units in order and returns its symbols.
// outer is the enclosing module of a nested module, whose preceding
// definitions are visible inside it.
func (c *checker) checkModule(am *ast.Module, file string, standard bool, outer *modEnv) *Module {
	m := &Module{
		Name: am.Name, AST: am, File: file, Standard: standard,
		Scope: map[string]*Symbol{}, Exports: map[string]*Symbol{}, Nested: map[string]*Module{},
	}
	env := &modEnv{c: c, mod: m, outer: outer, localImports: map[string]bool{}}
	seen := map[string]bool{}
	for _, ext := range am.Extends {
		if seen[ext.Name] {
			fail(ext.Pos, "module %s is extended twice", ext.Name)
		}
		seen[ext.Name] = true
		if ext.Name == am.Name {
			fail(ext.Pos, "module %s extends itself", am.Name)
		}
		em := c.relevelled(c.findModule(ext.Name, ext.Pos, env))
		for _, s := range sortedSymbols(em.Exports) {
			env.add(s, ext.Pos, true)
		}
		m.Constants = appendNew(m.Constants, em.Constants)
		m.Variables = appendNew(m.Variables, em.Variables)
	}
	for _, u := range am.Units {
		c.unit(env, u)
	}
	for _, s := range m.Scope {
		if s.recursive {
			fail(s.Pos, "RECURSIVE operator %s is declared but never defined", s.Name)
		}
	}
	return m
}

func appendNew(dst, src []*Symbol) []*Symbol {
outer:
	for _, s := range src {
		for _, d := range dst {
			if d == s {
				continue outer
			}
		}
		dst = append(dst, s)
	}
	return dst
}

// lookup finds a name in the module scope, then in enclosing modules.
func (env *modEnv) lookup(name string) *Symbol {
	for e := env; e != nil; e = e.outer {
		if s, ok := e.mod.Scope[name]; ok {
			return s
		}
	}
	return builtins[name]
}

// add puts s into the module scope. The same symbol arriving twice (two
// EXTENDS paths to one module) is fine; anything else with the same name
// is a redefinition, which TLA+ forbids.
func (env *modEnv) add(s *Symbol, pos ast.Pos, exported bool) {
	if b, ok := builtins[s.Name]; ok && b != s {
		fail(pos, "%s is a built-in operator and cannot be redefined", s.Name)
	}
	if old := env.lookup(s.Name); old != nil && old != s {
		if old.recursive && env.mod.Scope[s.Name] == old {
			if old.Arity != s.Arity {
				fail(pos, "%s is declared RECURSIVE with %s but defined with %d", s.Name, plural(old.Arity, "argument"), s.Arity)
			}
			// Complete the declared symbol in place so earlier references see it.
			*old = *s
			old.recursive = false
			env.unresolved--
			if exported {
				env.mod.Exports[s.Name] = old
			}
			return
		}
		if !sameShape(old, s) || old.Module == s.Module || old.Module == "" || s.Module == "" {
			fail(pos, "%s is already defined at %s; TLA+ does not allow redefinition", s.Name, old.Pos)
		}
		// SANY accepts a second declaration or definition of a name with the same kind and
		// arity from another module (a spec's own Max beside the one a community module
		// exports), warns, and keeps the first: every use, the module's own included,
		// refers to that one. Within one module, or for bound names, it is an error.
		env.c.warnf(pos, "multiple declarations or definitions of %s: this one duplicates the one at %s, which is the one used", s.Name, old.Pos)
		env.c.ignored[s.Pos] = true
		return
	}
	env.mod.Scope[s.Name] = s
	if exported && !s.Local {
		env.mod.Exports[s.Name] = s
	}
}

// sameShape reports whether b may stand beside a, as SANY's SymbolTable.addSymbol allows: the
// same kind (a function definition is an operator of no arguments) and arity.
func sameShape(a, b *Symbol) bool {
	kind := func(s *Symbol) Kind {
		if s.Kind == Function {
			return Operator
		}
		return s.Kind
	}
	return kind(a) == kind(b) && a.Arity == b.Arity && a.Kind != Builtin && b.Kind != Builtin
}

func (c *checker) unit(env *modEnv, u ast.Unit) {
	m := env.mod
	ctx := &exprCtx{c: c, env: env, cap: TemporalLevel}
	env.checkRecursiveSection(u)
	switch u := u.(type) {
	case *ast.VariableDecl:
		for _, id := range u.Names {
			s := &Symbol{Name: id.Name, Kind: Variable, Level: StateLevel, Pos: id.Pos, Module: m.Name, Node: id}
			env.add(s, id.Pos, true)
			m.Variables = append(m.Variables, s)
		}
	case *ast.ConstantDecl:
		for _, d := range u.Decls {
			// The constant's use collects how the module applies it (an operator constant) and
			// passes it to operator constants, which an INSTANCE's substitutions must respect
			// (checkOpSubsts).
			s := &Symbol{Name: d.Name, Kind: Constant, Arity: d.Arity, Fixity: d.Fixity, Level: c.constLevel(m, d.Name), Pos: d.Pos, Module: m.Name, Node: d,
				use: &paramUse{max: TemporalLevel}}
			env.add(s, d.Pos, true)
			m.Constants = append(m.Constants, s)
		}
	case *ast.RecursiveDecl:
		for _, d := range u.Decls {
			env.add(&Symbol{Name: d.Name, Kind: Operator, Arity: d.Arity, Fixity: d.Fixity, Pos: d.Pos, Module: m.Name, Node: d, recursive: true}, d.Pos, true)
			env.unresolved++
		}
	case *ast.OpDef:
		env.add(ctx.opDef(u), u.Pos, true)
	case *ast.FuncDef:
		// The function is in scope in its own body (recursive functions).
		s := &Symbol{Name: u.Name, Kind: Function, Local: u.Local, Pos: u.Pos, Module: m.Name, Node: u}
		env.add(s, u.Pos, true)
		s.Level = ctx.funcBody(u)
	case *ast.ModuleDef:
		env.add(ctx.moduleDef(u), u.Pos, true)
	case *ast.Instance:
		im, _ := ctx.instance(u, nil)
		for _, s := range sortedSymbols(im.Exports) {
			if s.Kind == Constant || s.Kind == Variable {
				continue // substituted by the WITH clause, not imported
			}
			if u.Local {
				if env.lookup(s.Name) == s {
					continue
				}
				env.add(s, u.Pos, false)
				env.localImports[s.Name] = true
				continue
			}
			env.add(s, u.Pos, true)
		}
	case *ast.Assume:
		expr := func() Level { return ctx.expr(u.Expr) }
		if u.Name != "" {
			// Labels stand in a named assumption, not an unnamed one (SANY's processAssumption).
			expr = func() Level { return ctx.labelled(func() Level { return ctx.expr(u.Expr) }) }
		}
		if lvl := expr(); lvl != ConstantLevel {
			// SANY's AssumeNode.levelCheck (its error 4206, ASSUMPTION_IS_NOT_CONSTANT).
			fail(u.Expr.Position(), "level error: ASSUME needs a constant-level expression, found %s one (SANY: Level error: assumptions must be level 0 (Constant), but this one has level %d.)", lvl.article(), int(lvl))
		}
		if u.Name != "" {
			env.add(&Symbol{Name: u.Name, Kind: Operator, Pos: u.Pos, Module: m.Name, Node: u}, u.Pos, true)
		}
	case *ast.Theorem:
		// The theorem's name is defined once its statement is checked, before its proof.
		var s *Symbol
		if u.Name != "" {
			s = &Symbol{Name: u.Name, Kind: Operator, Pos: u.Pos, Module: m.Name, Node: u}
		}
		s.setLevel(ctx.theorem(u, func() {
			if s != nil {
				env.add(s, u.Pos, true)
			}
		}))
	case *ast.ModuleUnit:
		name := u.Module.Name
		if _, dup := m.Nested[name]; dup || name == m.Name {
			fail(u.Pos, "module %s is already defined", name)
		}
		nested := c.checkModule(u.Module, m.File, m.Standard, env)
		nested.outer = snapshot(env)
		m.Nested[name] = nested
	case *ast.UseOrHide:
		ctx.use(u.Use)
	case *ast.Separator:
	}
}

// checkRecursiveSection refuses, inside a recursive section (see modEnv.unresolved), a unit
// that is not a definition, an INSTANCE or another RECURSIVE declaration, with SANY's words.
func (env *modEnv) checkRecursiveSection(u ast.Unit) {
	if env.unresolved == 0 {
		return
	}
	var what string
	switch u.(type) {
	case *ast.VariableDecl:
		what = "A VARIABLE declaration"
	case *ast.ConstantDecl:
		what = "A declaration"
	case *ast.ModuleUnit:
		what = "A MODULE"
	case *ast.Theorem:
		what = "A THEOREM"
	case *ast.Assume:
		what = "An ASSUME"
	case *ast.UseOrHide:
		what = "A USE or HIDE"
	default:
		return
	}
	fail(u.Position(), "%s may not appear within a recursive definition section (after a RECURSIVE declaration, before the definition it announces), as SANY has it", what)
}

// sortedSymbols returns a map's symbols ordered by position and name, so
// that errors do not depend on map iteration order.
func sortedSymbols(m map[string]*Symbol) []*Symbol {
	out := make([]*Symbol, 0, len(m))
	for _, s := range m {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Pos.File() != b.Pos.File() {
			return a.Pos.File() < b.Pos.File()
		}
		if a.Pos.Offset() != b.Pos.Offset() {
			return a.Pos.Offset() < b.Pos.Offset()
		}
		return a.Name < b.Name
	})
	return out
}
