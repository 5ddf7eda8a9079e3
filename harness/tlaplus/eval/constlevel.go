package eval

import (
	"path/filepath"
	"strings"

	"github.com/dsref/dsref/harness/tlaplus/ast"
)

// IsConstant reports whether x, written in sc, is a constant-level expression: one that reads no
// state variable, directly or through the definitions, operator arguments and INSTANCE
// substitutions it reaches, and has no prime, UNCHANGED or ENABLED. It answers what TLC's
// getLevelBound(x) = 0 asks when it splits the next-state relation into actions: an action
// Op(a, b) with constant arguments is named Op(va, vb) after their values. Names x's binders
// bind are taken as constants; it evaluates nothing.
func (s *Spec) IsConstant(x ast.Expr, sc *Scope) bool {
	if sc == nil {
		sc = s.root.root
	}
	return s.constantIn(x, sc, 0)
}

func (s *Spec) constantIn(x ast.Expr, sc *Scope, depth int) bool {
	if depth > 64 {
		return false
	}
	if id, ok := x.(*ast.Ident); ok {
		// The walk below would visit only this node: an action's arguments are mostly bound
		// identifiers (Phase1b(a)), asked about in every state.
		return s.nameConstant(id.Name, id, sc, depth)
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
			constant = s.nameConstant(n.Name, n, sc, depth)
		case *ast.OpApp:
			if len(n.Prefix) == 0 && !s.nameConstant(n.Name, n, sc, depth) {
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
func (s *Spec) nameConstant(name string, n resolvable, sc *Scope, depth int) (constant bool) {
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
		return b.arg.scope != nil && s.constantIn(b.arg.expr, b.arg.scope, depth+1)
	case b.op != nil:
		op := b.op
		switch {
		case op.native != nil || op.value != nil:
			return true
		case op.inst != nil:
			return false
		case op.body == nil:
			return op.funcDef == nil || s.constantIn(op.funcDef.Body, op.scope, depth+1)
		}
		if v, ok := s.opConstant.Load(op); ok {
			return v.(bool)
		}
		s.opConstant.Store(op, true) // a recursive definition is constant unless shown otherwise
		c := op.scope != nil && s.constantIn(op.body, op.scope, depth+1)
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
