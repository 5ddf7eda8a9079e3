package eval

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// This file implements the module-scoped configuration entries `C = [M] v` and `C <- [M] D`, as
// TLC does: the entry replaces what C means inside module M, a module the root extends or
// instantiates (directly or through other modules), while D is a definition of the root module.
// With `Op <- [M] MyOp` and `I == INSTANCE M`, I!Next and every other definition of M that uses
// Op see MyOp; with `EXTENDS M` the root sees it too, as it sees M's definitions. A CONSTANT of
// M is replaced only where M is extended: in an instance it keeps the value the INSTANCE
// substitutes for it, which TLC looks up before any configuration entry, so an entry for the
// constant of a module the root only instantiates is an error rather than a no-op.

// scopedConstants picks out the entries scoped to a module other than the root, by module.
func scopedConstants(cs []Constant, root string) map[string][]Constant {
	var out map[string][]Constant
	for _, c := range cs {
		if c.Module == "" || c.Module == root {
			continue
		}
		if out == nil {
			out = map[string][]Constant{}
		}
		out[c.Module] = append(out[c.Module], c)
	}
	return out
}

// overrideScoped installs in m the entries scoped to module mod, once mod's declarations and
// definitions have been added to m (m is the root for extended modules, an instance's context
// for instantiated ones). Entries that do not fit are left out here and reported by checkScoped.
func (s *Spec) overrideScoped(m *modCtx, mod string) {
	for _, c := range s.scoped[mod] {
		if m != s.root && m.decls[c.Name] {
			continue // a constant of an instance: its INSTANCE substitutes it
		}
		arity, pos, params := 0, ast.Pos{}, []*ast.OpDecl(nil)
		if old, ok := m.defs[c.Name]; ok {
			arity, pos, params = old.Arity(), old.Pos, old.Params
		} else if _, ok := m.subst[c.Name]; !ok {
			continue
		}
		if c.Value != nil {
			if arity == 0 {
				m.defs[c.Name] = &Operator{Name: c.Name, Pos: pos, value: c.Value, scope: s.root.root, home: s.root}
			}
			continue
		}
		m.defs[c.Name] = forward(c.Name, arity, params, pos, c.Substitute, s.root)
	}
}

// forward is an operator named name that applies the root module's definition target to its
// arguments. Target is looked up when the operator is used rather than now: an INSTANCE in the
// root is instantiated while the root's later definitions are still being added. params are the
// replaced operator's, if it has any in the syntax tree, for the arity of operator parameters.
func forward(name string, arity int, params []*ast.OpDecl, pos ast.Pos, target string, root *modCtx) *Operator {
	op := &Operator{Name: name, Pos: pos, scope: root.root, home: root}
	if arity == 0 {
		op.body = &ast.Ident{Pos: pos, Name: target}
		return op
	}
	app := &ast.OpApp{Pos: pos, Name: target}
	for i := 0; i < arity; i++ {
		// Not a TLA+ identifier, so it cannot capture target or a name target's body uses.
		p := &ast.OpDecl{Pos: pos, Name: fmt.Sprintf("%s#%d", name, i+1)}
		if i < len(params) {
			p.Arity = params[i].Arity
		}
		op.Params = append(op.Params, p)
		app.Args = append(app.Args, &ast.Ident{Pos: pos, Name: p.Name})
	}
	op.body = app
	return op
}

// checkScoped reports the first scoped entry that does not apply: its module is not one the root
// extends or instantiates, C is not a constant or definition of that module, a value is given
// to an operator with parameters, or D is not a root definition of C's arity.
func (s *Spec) checkScoped(cs []Constant) error {
	if len(s.scoped) == 0 {
		return nil
	}
	reach, merged := map[string]bool{}, map[string]bool{}
	s.reachable(s.Root, reach)
	s.extended(s.Root, merged)
	for _, c := range cs {
		if c.Module == "" || c.Module == s.Root.Name {
			continue
		}
		where := c.where()
		entry := fmt.Sprintf("%s <- [%s] %s", c.Name, c.Module, c.Substitute)
		if c.Value != nil {
			entry = fmt.Sprintf("%s = [%s] %s", c.Name, c.Module, value.Abbrev(c.Value))
		}
		if !reach[c.Module] {
			return fmt.Errorf("%sthe configuration entry %s names module %s, which module %s neither extends nor instantiates (it uses %s)", where, entry, c.Module, s.Root.Name, strings.Join(sortedNames(reach), ", "))
		}
		seen := map[string]declared{}
		s.declaredIn(c.Module, false, seen, map[string]bool{})
		d, ok := seen[c.Name]
		switch {
		case !ok:
			return fmt.Errorf("%sthe configuration entry %s: module %s neither declares nor defines %s", where, entry, c.Module, c.Name)
		case d.kind == "constant" && !merged[c.Module]:
			return fmt.Errorf("%sthe configuration entry %s: %s is a CONSTANT of module %s, which module %s instantiates without extending it, so %s takes the value the INSTANCE substitutes for it; change the substitution instead", where, entry, c.Name, c.Module, s.Root.Name, c.Name)
		case d.kind != "" && d.kind != "constant":
			return fmt.Errorf("%sthe configuration entry %s: %s is a %s of module %s; only constants and definitions can be replaced", where, entry, c.Name, d.kind, c.Module)
		case c.Value != nil && d.arity != 0:
			return fmt.Errorf("%sthe configuration entry %s assigns a value to %s, which takes %d argument(s) in module %s; use <- instead", where, entry, c.Name, d.arity, c.Module)
		case c.Value == nil && c.Substitute == "":
			return fmt.Errorf("%sthe configuration entry for %s in module %s has neither a value nor a substitution", where, c.Name, c.Module)
		case c.Value == nil:
			target, ok := s.root.defs[c.Substitute]
			if !ok {
				return fmt.Errorf("%sthe configuration entry %s: %s is not defined in module %s", where, entry, c.Substitute, s.Root.Name)
			}
			if target.inst != nil {
				return fmt.Errorf("%sthe configuration entry %s: %s is a module instance", where, entry, c.Substitute)
			}
			if target.Arity() != d.arity {
				return fmt.Errorf("%sthe configuration entry %s: %s takes %d argument(s) but %s takes %d in module %s", where, entry, c.Substitute, target.Arity(), c.Name, d.arity, c.Module)
			}
			if target.native == nil && !sameHigher(higherParams(target.Params), d.higher) {
				return fmt.Errorf("%sthe configuration entry %s: the operator parameters of %s and %s differ", where, entry, c.Substitute, c.Name)
			}
		}
	}
	return nil
}

// extended adds to merged mod and the modules it extends, transitively: the modules whose
// declarations and definitions become mod's own.
func (s *Spec) extended(mod *ast.Module, merged map[string]bool) {
	merged[mod.Name] = true
	for _, ext := range mod.Extends {
		if merged[ext.Name] {
			continue
		}
		m, ok := s.module(ext.Name, ext.Pos)
		switch {
		case m != nil:
			s.extended(m, merged)
		case ok:
			merged[ext.Name] = true
			for _, dep := range standardDeps[ext.Name] {
				merged[dep] = true
			}
		}
	}
}

// reachable adds to reach the modules mod extends or instantiates, transitively.
func (s *Spec) reachable(mod *ast.Module, reach map[string]bool) {
	visit := func(name string, pos ast.Pos) {
		if reach[name] {
			return
		}
		reach[name] = true
		m, ok := s.module(name, pos)
		switch {
		case m != nil:
			s.reachable(m, reach)
		case ok:
			for _, dep := range standardDeps[name] {
				reach[dep] = true
			}
		}
	}
	for _, ext := range mod.Extends {
		visit(ext.Name, ext.Pos)
	}
	ast.Inspect(mod, func(n ast.Node) bool {
		if in, ok := n.(*ast.Instance); ok {
			visit(in.Module.Name, in.Module.Pos)
		}
		return true
	})
}

// declared is what a name means at the top level of a module: kind is "" for a definition (of
// the given arity), or "constant", "variable" or "module instance".
type declared struct {
	arity int
	kind  string
	// higher lists the positions of the operator's parameters that are operators themselves,
	// with their arities (Twice(F(_), v): {0: 1}).
	higher map[int]int
}

// declaredIn adds to out the names visible at the top level of module name: its own declarations
// and definitions, those of the modules it extends, and the definitions an unnamed INSTANCE
// imports (imported set: not the instantiated module's declarations or LOCAL definitions).
func (s *Spec) declaredIn(name string, imported bool, out map[string]declared, done map[string]bool) {
	if done[name] {
		return
	}
	done[name] = true
	mod, ok := s.module(name, ast.Pos{})
	if !ok {
		return
	}
	if mod == nil {
		for _, dep := range standardDeps[name] {
			s.declaredIn(dep, imported, out, done)
		}
	} else {
		for _, ext := range mod.Extends {
			s.declaredIn(ext.Name, imported, out, done)
		}
		for _, u := range mod.Units {
			switch u := u.(type) {
			case *ast.ConstantDecl:
				for _, d := range u.Decls {
					if !imported {
						out[d.Name] = declared{arity: d.Arity, kind: "constant"}
					}
				}
			case *ast.VariableDecl:
				for _, id := range u.Names {
					if !imported {
						out[id.Name] = declared{kind: "variable"}
					}
				}
			case *ast.OpDef:
				if !imported || !u.Local {
					out[u.Name] = declared{arity: len(u.Params), higher: higherParams(u.Params)}
				}
			case *ast.FuncDef:
				if !imported || !u.Local {
					out[u.Name] = declared{}
				}
			case *ast.ModuleDef:
				if !imported || !u.Local {
					out[u.Name] = declared{arity: len(u.Params), kind: "module instance"}
				}
			case *ast.Instance:
				s.declaredIn(u.Module.Name, true, out, map[string]bool{})
			}
		}
	}
	for op, n := range standardModules[name] {
		out[op] = declared{arity: n.arity}
	}
}

// where prefixes an error about the entry with the place it was written, if known.
func (c Constant) where() string {
	if c.Source == "" {
		return ""
	}
	return c.Source + ": "
}

func higherParams(ps []*ast.OpDecl) map[int]int {
	var out map[int]int
	for i, p := range ps {
		if p.Arity > 0 {
			if out == nil {
				out = map[int]int{}
			}
			out[i] = p.Arity
		}
	}
	return out
}

func sameHigher(a, b map[int]int) bool {
	if len(a) != len(b) {
		return false
	}
	for i, n := range a {
		if b[i] != n {
			return false
		}
	}
	return true
}

func sortedNames(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for n := range set {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// sharedOverrides finds, for each of the root's own entries `C = v` and `C <- D`, the definition
// the root's C is: one of the root module or of a module it extends, directly or through other
// modules. TLC attaches the replacement to that definition (its OpDefNode), and a module that
// extends the same module shares the definition, so every instance of such a module sees the
// replacement as well: with `C <- D`, EXTENDS Base and `I == INSTANCE M` where M also extends
// Base, I!Next uses D wherever Base's C is used. The same holds for a module extended by a
// module the root instantiates without a name: with `Seq <- BoundedSeq` and `INSTANCE M` where
// M extends Sequences, M's Init uses BoundedSeq (tlaplus/Examples MCMajority). A definition
// of the instantiated module itself is the instance's own copy, which only the root sees
// replaced. The result is keyed by the definition's body (an operator) or node (a function),
// which every copy shares.
func (s *Spec) sharedOverrides(cs []Constant, root *ast.Module) map[any]Constant {
	want := map[string]Constant{}
	for _, c := range cs {
		if c.Module == "" || c.Module == root.Name {
			want[c.Name] = c
		}
	}
	if len(want) == 0 {
		return nil
	}
	out := map[any]Constant{}
	seen := map[string]bool{}
	var visit func(mod *ast.Module)
	visit = func(mod *ast.Module) {
		if seen[mod.Name] {
			return
		}
		seen[mod.Name] = true
		for _, ext := range mod.Extends {
			if m, ok := s.module(ext.Name, ext.Pos); ok && m != nil {
				visit(m)
			}
		}
		for _, u := range mod.Units {
			if in, ok := u.(*ast.Instance); ok && mod == root {
				if m, ok := s.module(in.Module.Name, in.Module.Pos); ok && m != nil && !seen[m.Name] {
					// Only the modules it extends: its own definitions are the root's copies.
					seen[m.Name] = true
					for _, ext := range m.Extends {
						if em, ok := s.module(ext.Name, ext.Pos); ok && em != nil {
							visit(em)
						}
					}
				}
			}
		}
		for _, u := range mod.Units {
			switch u := u.(type) {
			case *ast.OpDef:
				if c, ok := want[u.Name]; ok && (mod == root || !u.Local) {
					out[u.Body] = c
				}
			case *ast.FuncDef:
				if c, ok := want[u.Name]; ok && (mod == root || !u.Local) {
					out[u] = c
				}
			}
		}
	}
	visit(root)
	return out
}

// overrideShared replaces the definition name of an instance's context m, whose body (or
// function definition) is key, by the root's entry for that definition, if it has one (see
// sharedOverrides). The root's own definitions are replaced by applyConstants.
//
// The replacement is what the module's own definitions see: TLC attaches it to the shared
// OpDefNode (SpecProcessor.processSpec: rootOpDefs[i].setToolObject), which the instantiated
// bodies refer to. The instance's definition written with its prefix, I!name, is another node,
// the copy SANY makes for the instance (its body a SubstInNode of the original body), which
// the entry does not reach (Tool.lookup looks through a copy's SubstInNode bodies for tool
// objects set on bodies only). So m keeps the definition it had in exported: the etcd-io/raft
// idiom `ClientRequest <- MCClientRequest` with MCClientRequest == ... /\ etcd!ClientRequest(i, v)
// and etcd == INSTANCE etcdraft calls the module's ClientRequest, not MCClientRequest again.
func (s *Spec) overrideShared(m *modCtx, name string, key any, params []*ast.OpDecl, pos ast.Pos) {
	if m == s.root || len(s.shared) == 0 {
		return
	}
	c, ok := s.shared[key]
	if !ok {
		return
	}
	var by *Operator
	switch {
	case c.Value != nil && len(params) == 0:
		by = &Operator{Name: name, Pos: pos, value: c.Value, scope: s.root.root, home: s.root}
	case c.Value == nil && c.Substitute != "":
		by = forward(name, len(params), params, pos, c.Substitute, s.root)
	default:
		return
	}
	if m.exported == nil {
		m.exported = map[string]*Operator{}
	}
	m.exported[name] = m.defs[name]
	m.defs[name] = by
}
