package eval

import (
	"path/filepath"
	"slices"
	"strings"

	"github.com/dsref/dsref/harness/tlaplus/ast"
)

// IsConstant reports whether x, written in sc, is a constant-level expression: one that reads no
// state variable, directly or through the definitions, operator arguments and INSTANCE
// substitutions it reaches, and has no prime, UNCHANGED or ENABLED. It answers what TLC's
// getLevelBound(x) = 0 asks when it splits the next-state relation into actions: an action
// Op(a, b) with constant arguments is named Op(va, vb) after their values. Names x's binders
// bind are taken as constants; it evaluates nothing.
//
// A model checker asks it of the same expressions in every state (the sets of an action's \E,
// 0..N-1, and its arguments): the answer for an expression none of whose names a frame of sc
// binds, or binds other than to a value, depends on the module's definitions alone, and is kept
// (Spec.constExprs), keyed by the expression, the module's table of names and whether a frame
// binds one of its names to a value.
func (s *Spec) IsConstant(x ast.Expr, sc *Scope) bool {
	if sc == nil {
		sc = s.root.root
	}
	if id, ok := x.(*ast.Ident); ok {
		// An action's argument is mostly a name bound to a value (Phase1b(a) in \E a \in S).
		for f := sc; f != nil && f.mod == nil; f = f.parent {
			if f.name == id.Name {
				if f.arg == nil && f.op == nil {
					return true
				}
				break
			}
		}
		return s.constantIn(x, sc, 0, false)
	}
	names := s.constNames(x)
	t := sc.module()
	bound := false
	for f := sc; f != nil && f.mod == nil; f = f.parent {
		if slices.Contains(names, f.name) {
			if f.arg != nil || f.op != nil {
				return s.constantIn(x, sc, 0, false) // depends on the argument or definition
			}
			bound = true
		}
	}
	if t == nil {
		return s.constantIn(x, sc, 0, false)
	}
	// A frame binding one of x's names to a value makes that name a constant, whatever the
	// value (the i of \E n \in 1..Len(log[i]) inside \E i \in Server): the answer is then a
	// function of x and the module's names too, kept apart from the answer without such frames
	// (where the name may resolve to a definition).
	key := constKey{x, t.table(), bound}
	if c, ok := s.constExprs.Load(key); ok {
		return c.(bool)
	}
	c := s.constantIn(x, sc, 0, false)
	s.constExprs.Store(key, c)
	return c
}

// ConstantSite reports whether x, written in sc, has one value for the whole run: it is constant
// (IsConstant), no frame of sc binds a name it reads (an operator's parameter, a bound
// identifier, a LET definition), and sc's module context is built once (the root module's, an
// instance's without parameters). site then identifies x there: a model checker may evaluate x
// once and keep its value under site, as TLC's Tool.getActions evaluates the constant arguments
// of the actions it splits the next-state relation into once, when it starts. A value that may
// differ between two evaluations (RandomElement) is then fixed at its first, as TLC's is.
//
// A Site is comparable and made without allocating: a model checker asks for the site of the
// same expressions in every state.
func (s *Spec) ConstantSite(x ast.Expr, sc *Scope) (site Site, ok bool) {
	if sc == nil {
		sc = s.root.root
	}
	t := sc.module()
	if t == nil || !t.once {
		return Site{}, false
	}
	names := s.constNames(x)
	for f := sc; f != nil && f.mod == nil; f = f.parent {
		if slices.Contains(names, f.name) {
			return Site{}, false
		}
	}
	if !s.IsConstant(x, sc) {
		return Site{}, false
	}
	return Site{constKey{x: x, names: t.table()}}, true
}

// Site identifies an expression that has one value for the whole run where it is written (see
// ConstantSite).
type Site struct{ key constKey }

// constKey identifies an expression in a version of a module's table of names (see IsConstant),
// bound telling whether frames bind some of its names to values.
type constKey struct {
	x     ast.Expr
	names *map[string]*binding
	bound bool
}

// constNames lists the names x uses as identifiers or operators applied (not those of an
// instance's definitions, N!Op), each once, computed once per expression.
func (s *Spec) constNames(x ast.Expr) []string {
	if v, ok := s.constNameLists.Load(x); ok {
		return v.([]string)
	}
	var names []string
	ast.Inspect(x, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident:
			if !slices.Contains(names, n.Name) {
				names = append(names, n.Name)
			}
		case *ast.OpApp:
			if len(n.Prefix) == 0 && !slices.Contains(names, n.Name) {
				names = append(names, n.Name)
			}
		}
		return true
	})
	s.constNameLists.Store(x, names)
	return names
}

// constantIn is IsConstant's walk of x in sc, depth definitions or arguments deep. locked says
// that the walk holds Spec.constMu, under which a definition's answer is worked out (see
// nameConstant).
func (s *Spec) constantIn(x ast.Expr, sc *Scope, depth int, locked bool) bool {
	if depth > 64 {
		return false
	}
	if id, ok := x.(*ast.Ident); ok {
		// The walk below would visit only this node: an action's arguments are mostly bound
		// identifiers (Phase1b(a)), asked about in every state.
		return s.nameConstant(id.Name, id, sc, depth, locked)
	}
	constant := true
	ast.Inspect(x, func(n ast.Node) bool {
		if !constant {
			return false
		}
		switch n := n.(type) {
		case *ast.PostfixExpr:
			if n.Op == "'" {
				constant = false
			}
		case *ast.PrefixExpr:
			if n.Op == "UNCHANGED" || n.Op == "ENABLED" {
				constant = false
			}
		case *ast.BoxAction, *ast.AngleAction, *ast.Fairness:
			constant = false
		case *ast.Ident:
			constant = s.nameConstant(n.Name, n, sc, depth, locked)
		case *ast.OpApp:
			if len(n.Prefix) == 0 && !s.nameConstant(n.Name, n, sc, depth, locked) {
				constant = false
			}
		}
		return constant
	})
	return constant
}

// nameConstant reports whether the name n refers to, in sc, is constant: a bound value, a
// constant, a native operator, a definition whose body is constant, or an argument whose
// expression is. A name that does not resolve in sc is bound inside x, so a constant too.
//
// A definition's answer is worked out once, holding Spec.constMu: a recursive definition counts
// as constant while its body is walked, and another goroutine must not take that for the answer
// (IsConstant keeps the answers of whole expressions).
func (s *Spec) nameConstant(name string, n resolvable, sc *Scope, depth int, locked bool) (constant bool) {
	defer func() {
		if recover() != nil {
			constant = false
		}
	}()
	b, _, found := lookupNode(name, n, sc)
	switch {
	case !found:
		return true
	case b.isVar:
		return false
	case b.arg != nil:
		return b.arg.scope != nil && s.constantIn(b.arg.expr, b.arg.scope, depth+1, locked)
	case b.op != nil:
		op := b.op
		switch {
		case op.native != nil || op.value != nil:
			return true
		case op.inst != nil:
			return false
		case op.body == nil:
			return op.funcDef == nil || s.constantIn(op.funcDef.Body, op.scope, depth+1, locked)
		}
		if v, ok := s.opConstant.Load(op); ok {
			return v.(bool)
		}
		if !locked {
			s.constMu.Lock()
			defer s.constMu.Unlock()
			if v, ok := s.opConstant.Load(op); ok {
				return v.(bool)
			}
		}
		if s.opPending[op] {
			return true // a recursive definition is constant unless shown otherwise
		}
		if s.opPending == nil {
			s.opPending = map[*Operator]bool{}
		}
		s.opPending[op] = true
		defer delete(s.opPending, op) // before the lock is released, even when the walk fails
		c := op.scope != nil && s.constantIn(op.body, op.scope, depth+1, true)
		s.opConstant.Store(op, c)
		return c
	}
	return true
}

// ModuleOf returns the name of the innermost module loaded for s whose text holds pos: the
// module TLC names in a location ("line 3, col 5 to line 4, col 12 of module M"), which differs
// from the file's name for a nested module or the later modules of a file. It falls back to the
// file's name.
func (s *Spec) ModuleOf(pos ast.Pos) string {
	s.modMu.Lock()
	defer s.modMu.Unlock()
	best := ""
	span := -1
	for name, m := range s.modules {
		if m == nil || m.Pos.File() != pos.File() || pos.Offset() < m.Pos.Offset() || pos.Offset() > m.End.Offset() {
			continue
		}
		if w := m.End.Offset() - m.Pos.Offset(); span < 0 || w < span {
			best, span = name, w
		}
	}
	if best != "" {
		return best
	}
	base := filepath.Base(pos.File())
	return strings.TrimSuffix(base, ".tla")
}
