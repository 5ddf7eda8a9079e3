package semantic

import "github.com/dsref/dsref/harness/tlaplus/ast"

// The parameters of a parameterized instance I(z) == INSTANCE M WITH y <- e(z), M not constant,
// are bounded per definition of M, as SANY bounds them: the definition I!Op it instantiates has
// the level constraints of Op's body with each constant or variable y the body constrains
// replaced by the parameters of e, at y's own level (Subst.getSubLCSet, which SubstInNode.levelCheck
// gives I!Op: constant 0, variable 1, in a module that is not constant), and nothing more. So
// I(x')!Foo is refused when Foo uses y (TLC's test217) and I(x)!UseV is accepted when UseV uses
// only other constants and variables of M, where the parameter was bounded by every substitution
// it appears in, whatever the definition. SANY counts as constrained the constants and variables
// met within an operand of an operator application; this package takes every one the definition
// refers to, through the definitions it uses, but for a definition that is only the name of one
// (Val == y), and every one for a definition it cannot follow (through an instance or a
// subexpression name): stricter than SANY only there.

// substDep says that an instance parameter occurs in the substitution for the constant or
// variable name of the instantiated module, whose level bounds the parameter in the definitions
// that constrain name.
type substDep struct {
	name  string
	level Level
}

// refSet is the set of constants and variables of a module a definition refers to; all means
// every one.
type refSet struct {
	names map[string]bool
	all   bool
}

func (r *refSet) has(name string) bool { return r.all || r.names[name] }

// instanceArgBound is the highest level the definition op of the instance s (whose Instance is
// m) allows for argument i through the substitutions it appears in: the lowest level of those of
// the constants and variables op constrains. With op nil (a step of a path before its last),
// every substitution counts.
func (c *checker) instanceArgBound(s *Symbol, i int, op *Symbol) Level {
	bound := TemporalLevel
	if i >= len(s.instDeps) {
		return bound
	}
	var refs *refSet
	if op != nil {
		refs = c.constrainedRefs(op, s.Instance)
	}
	for _, d := range s.instDeps[i] {
		if refs == nil || refs.has(d.name) {
			bound = min(bound, d.level)
		}
	}
	return bound
}

// constrainedRefs is the set of the constants and variables of m that the level constraints of
// the definition s of m bear on (see above).
func (c *checker) constrainedRefs(s *Symbol, m *Module) *refSet {
	if d, ok := s.Node.(*ast.OpDef); ok && len(d.Params) == 0 {
		if id, ok := ast.Unparen(d.Body).(*ast.Ident); ok {
			if p := m.Scope[id.Name]; p != nil && (p.Kind == Constant || p.Kind == Variable) {
				return &refSet{} // Val == y: y is not within an operand
			}
		}
	}
	return c.declRefs(s, m)
}

// declRefs is the set of the constants and variables of m the definition s refers to, directly
// or through the definitions of m it uses.
func (c *checker) declRefs(s *Symbol, m *Module) *refSet {
	if r, ok := c.refMemo[s]; ok {
		return r
	}
	if c.refMemo == nil {
		c.refMemo = map[*Symbol]*refSet{}
	}
	r := &refSet{names: map[string]bool{}}
	c.refMemo[s] = r // a recursive definition's references are its own
	var node ast.Node
	switch n := s.Node.(type) {
	case *ast.OpDef:
		node = n.Body
	case *ast.FuncDef:
		node = n
	default:
		r.all = true
		return r
	}
	ref := func(name string) {
		p := m.Scope[name]
		if p == nil || p == s {
			return
		}
		switch p.Kind {
		case Constant, Variable:
			r.names[name] = true
		case Operator, Function:
			sub := c.declRefs(p, m)
			r.all = r.all || sub.all
			for n := range sub.names {
				r.names[n] = true
			}
		case ModuleInstance:
			r.all = true
		}
	}
	ast.Inspect(node, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident:
			ref(n.Name)
		case *ast.OpApp:
			if len(n.Prefix) > 0 {
				r.all = true
			} else {
				ref(n.Name)
			}
		case *ast.InfixExpr:
			ref(n.Op)
		case *ast.PrefixExpr:
			ref(n.Op)
		case *ast.PostfixExpr:
			ref(n.Op)
		case *ast.Subexpr:
			r.all = true
		}
		return true
	})
	return r
}
