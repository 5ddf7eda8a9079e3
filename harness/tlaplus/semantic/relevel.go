package semantic

import (
	"maps"
	"strings"

	"github.com/dsref/dsref/harness/tlaplus/ast"
)

// A constant module (no variables; every definition, theorem and instance of it constant-level)
// may be instantiated with expressions of any level for its constants: SANY's
// InstanceNode.levelCheck bounds a substitution by its parameter's level only when the module
// is not constant (`I == INSTANCE Graphs WITH Nodes <- nodes` with nodes a variable, or
// `C <- x'`, as TLC's test213 has it). The instance's definitions then have the levels their
// bodies have with the constants at the substituted levels (I!Op is state-level when Op uses
// C and C <- x), and an expression the module's uses of a constant do not allow (a temporal
// formula substituted for a constant the module puts in a set) is refused as SANY refuses it
// (the module's level constraints). Both follow from checking the module again with its
// constants declared at those levels: relevel.

// constKey names a declared constant: the module declaring it and its name.
type constKey struct{ module, name string }

// isConstant reports whether m is a constant module, as SANY's ModuleNode.isConstant: no
// variables, and every definition, named theorem and instance in its scope (those it extends
// and imports included) constant-level.
func (m *Module) isConstant() bool {
	if len(m.Variables) > 0 {
		return false
	}
	for _, s := range m.Scope {
		switch s.Kind {
		case Operator, Function:
			if s.Level != ConstantLevel {
				return false
			}
		case ModuleInstance:
			if s.Instance != nil && !s.Instance.isConstant() {
				return false
			}
		}
	}
	return true
}

// relevel checks the constant module m again with the constants in levels declared at those
// levels (see above) and returns the result, which is not recorded as m: another instance of
// m has substitutions of its own. An error found on the way is the instantiation's, reported
// at inst with the constants substituted and the error inside m.
func (c *checker) relevel(m *Module, levels map[constKey]Level, inst *ast.Instance) (out *Module) {
	saved, warnings := c.constLevels, len(c.warnings)
	c.constLevels = levels
	defer func() {
		c.constLevels = saved
		c.warnings = c.warnings[:warnings] // the module's warnings were given when it was loaded
		if r := recover(); r != nil {
			e, ok := r.(*Error)
			if !ok {
				panic(r)
			}
			var subst []string
			for _, s := range m.Constants {
				if l, ok := levels[constKey{s.Module, s.Name}]; ok {
					subst = append(subst, s.Name+" ("+l.String()+"-level)")
				}
			}
			fail(inst.Pos, "level error in instantiating module %s with %s substituted (SANY: Level error in instantiating module): at %s, %s", m.Name, strings.Join(subst, ", "), e.Pos, e.Msg)
		}
	}()
	return c.checkModule(m.AST, m.File, m.Standard, m.outer)
}

// relevelled returns the module em that a module being checked again by relevel extends:
// checked again as well if it declares one of the constants relevel changes.
func (c *checker) relevelled(em *Module) *Module {
	if c.constLevels == nil {
		return em
	}
	for _, s := range em.Constants {
		if _, ok := c.constLevels[constKey{s.Module, s.Name}]; ok {
			return c.checkModule(em.AST, em.File, em.Standard, em.outer)
		}
	}
	return em
}

// constLevel is the level a constant declared in module m is checked at: constant, or the
// level of its substitution while relevel checks m again.
func (c *checker) constLevel(m *Module, name string) Level {
	if l, ok := c.constLevels[constKey{m.Name, name}]; ok {
		return l
	}
	return ConstantLevel
}

// snapshot copies env's chain of scopes as they are when a nested module is checked, so that
// checking the nested module again (relevel) sees the names it saw then, not those the
// enclosing module defines after it.
func snapshot(env *modEnv) *modEnv {
	if env == nil {
		return nil
	}
	mod := *env.mod
	mod.Scope = maps.Clone(env.mod.Scope)
	return &modEnv{c: env.c, mod: &mod, outer: snapshot(env.outer), localImports: env.localImports}
}
