package eval

import (
	"fmt"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// RootScope is the scope of the root module's top level.
func (s *Spec) RootScope() *Scope { return s.root.root }

// Definition returns the root module's definition (or declared constant) called name, including
// those of the modules it extends.
func (s *Spec) Definition(name string) (*Operator, bool) {
	op, ok := s.root.defs[name]
	return op, ok
}

// InRootModule reports whether sc (nil: the root scope) is a scope of the root module, not of a
// module INSTANCE'd in it, whose definitions evaluate with the instance's substitutions although
// their bodies may be the very expressions the root module has through EXTENDS.
func (s *Spec) InRootModule(sc *Scope) bool { return sc == nil || sc.module() == s.root }

// Body returns the expression an operator definition stands for, or nil for natives, constants
// and function definitions.
func (op *Operator) Body() ast.Expr { return op.body }

// IsNative reports whether the operator is implemented in Go.
func (op *Operator) IsNative() bool { return op.native != nil }

// VariableIndex returns the index in a state of the variable called name.
func (s *Spec) VariableIndex(name string) (int, bool) {
	ix, ok := s.root.vars[name]
	return ix, ok
}

// unfold looks through x for the model checker's successor enumeration, the way TLC's
// getNextStates does (see Session.Unfold), binding the parameters of the definitions it expands
// in frames taken from fr, or allocated when fr is nil. Like TLC's lookup, it does not expand a
// definition TLC evaluates when it starts (see constantDefinition). With one, it expands at most
// one definition: it returns the next one it reaches (with its scope) unexpanded.
func (ev *evaluator) unfold(x ast.Expr, sc *Scope, fr *frames, one bool) (ast.Expr, *Scope) {
	s := ev.spec
	if sc == nil {
		sc = s.root.root
	}
	expanded := false
	for steps := 0; ; steps++ {
		if steps > s.limits.MaxDepth {
			fail(x.Position(), "unfolding %s nests more than %d definitions", describe(x), s.limits.MaxDepth)
		}
		switch e := x.(type) {
		case *ast.Paren:
			x = e.X
			continue
		case *ast.Label:
			x = e.X
			continue
		case *ast.Ident:
			b, ok := ev.lookupNode(e.Name, e, sc)
			if !ok {
				return x, sc
			}
			if b.arg != nil {
				x, sc = b.arg.expr, b.arg.scope
				continue
			}
			if b.op != nil && b.op.body != nil && len(b.op.Params) == 0 && !s.constantDefinition(b.op) {
				if one && expanded {
					return x, sc
				}
				expanded = true
				s.bodyCode(b.op) // compiles the parts a checker evaluates (see codeFor)
				x, sc = b.op.body, b.op.scope
				continue
			}
			return x, sc
		case *ast.Subexpr:
			if one && expanded {
				return x, sc
			}
			expanded = true
			x, sc = ev.subexprScope(e, sc)
			continue
		case *ast.OpApp:
			var op *Operator
			if one && expanded && (len(e.Prefix) > 0 || len(e.Args) > 0) {
				// an instance's definition, or an application of one (an operator
				// parameter applied to nothing is looked through below)
				return x, sc
			}
			if len(e.Prefix) > 0 {
				y, inner, m := ev.subexprApp(e, sc)
				if y != nil {
					x, sc = y, inner
					continue
				}
				op, _ = m.prefixed(e.Name)
			} else if b, ok := ev.lookupNode(e.Name, e, sc); ok {
				if b.arg != nil && len(e.Args) == 0 {
					x, sc = b.arg.expr, b.arg.scope
					continue
				}
				op = b.op
			}
			if op == nil || op.body == nil || len(op.Params) != len(e.Args) || (len(op.Params) == 0 && s.constantDefinition(op)) {
				return x, sc
			}
			if one && expanded {
				return x, sc
			}
			expanded = true
			s.bodyCode(op)
			if fr != nil {
				x, sc = op.body, ev.bindParamsTo(op, e.Args, nil, sc, &fr.scopes, &fr.thunks, ev)
			} else {
				x, sc = op.body, ev.bindParams(op, e.Args, sc)
			}
			continue
		}
		return x, sc
	}
}

func describe(x ast.Expr) string {
	switch e := x.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.OpApp:
		return e.Name
	}
	return fmt.Sprintf("%T", x)
}

// forEachBinding is Session.ForEachBinding in evaluation ev.
func (ev *evaluator) forEachBinding(bounds []*ast.Bound, sc *Scope, fn func(*Scope) (bool, error)) error {
	if sc == nil {
		sc = ev.spec.root.root
	}
	var inner error
	// The frames of what the quantifier's code hoists, which the code of its body expects.
	h := ev.spec.hoistingFor(bounds, sc)
	mark, sc := ev.hoistBegin(h, sc)
	defer ev.hoistEnd(h, mark)
	ev.forEach(bounds, sc, func(b *Scope) bool {
		more, err := fn(b)
		if err != nil {
			inner = err
			return false
		}
		return more
	})
	return inner
}

// PrimedVariable reports whether x, written in sc (nil for the root module's top level), is v'
// for a state variable v of the root module, looking through what TLC's getPrimedVar does (see
// targets.go), and returns v's index. It resolves names only; nothing is evaluated.
func (s *Spec) PrimedVariable(x ast.Expr, sc *Scope) (int, bool) {
	return s.primedVariable(x, sc)
}

// Variable reports whether x, written in sc (nil for the root module's top level), denotes a
// state variable of the root module, and returns its index. It resolves names only; nothing is
// evaluated.
func (s *Spec) Variable(x ast.Expr, sc *Scope) (int, bool) {
	return s.variable(x, sc)
}

// State builds a state from variable values given by name, as trace validation reads them: every
// variable of the spec must be given, and no other name.
func (s *Spec) State(vals map[string]value.Value) ([]value.Value, error) {
	st := make([]value.Value, len(s.Variables))
	for name, v := range vals {
		ix, ok := s.root.vars[name]
		if !ok {
			return nil, fmt.Errorf("module %s has no variable %s", s.Root.Name, name)
		}
		if v == nil {
			return nil, fmt.Errorf("variable %s is given no value", name)
		}
		st[ix] = v
	}
	for i, v := range st {
		if v == nil {
			return nil, fmt.Errorf("the state gives no value to variable %s", s.Variables[i])
		}
	}
	return st, nil
}

// UnchangedVariables reports whether x, written in sc, denotes a state variable of the root
// module or a tuple of them, possibly through definitions such as vars == <<x, y>>, nested
// tuples, parentheses, operator parameters and INSTANCE substitutions; if so it returns the
// variables' indices in order (repeated ones included). A model checker uses it for UNCHANGED x:
// the step leaves x unchanged exactly when every listed variable keeps its value, so it can copy
// or compare state slots instead of evaluating both tuples. It resolves names only; nothing is
// evaluated. Resolutions that depend only on the module (not on operator arguments) are computed
// once and shared: callers must not modify the returned slice.
func (s *Spec) UnchangedVariables(x ast.Expr, sc *Scope) ([]int, bool) {
	if sc == nil {
		sc = s.root.root
	}
	key := unchangedKey{x: x, mod: sc.module()}
	if v, ok := s.unchangedCache.Load(key); ok {
		r := v.(unchangedResult)
		return r.vars, r.ok
	}
	local := false
	vars, ok := s.unchangedVars(x, sc, nil, &local, 0)
	if !local {
		s.unchangedCache.Store(key, unchangedResult{vars: vars, ok: ok})
	}
	return vars, ok
}

type unchangedKey struct {
	x   ast.Expr
	mod *modCtx
}

type unchangedResult struct {
	vars []int
	ok   bool
}

// unchangedVars appends the variables x denotes to out. It sets *local when the answer depended
// on a binding other than the module's own definitions and variables (an operator argument, a
// substitution), which differ from one evaluation of x to the next.
func (s *Spec) unchangedVars(x ast.Expr, sc *Scope, out []int, local *bool, depth int) (res []int, ok bool) {
	if depth > s.limits.MaxDepth {
		return nil, false
	}
	defer func() {
		if recover() != nil {
			res, ok = nil, false
		}
	}()
	var name string
	switch e := x.(type) {
	case *ast.Paren:
		return s.unchangedVars(e.X, sc, out, local, depth+1)
	case *ast.Tuple:
		for _, el := range e.Elems {
			if out, ok = s.unchangedVars(el, sc, out, local, depth+1); !ok {
				return nil, false
			}
		}
		return out, true
	case *ast.Ident:
		name = e.Name
	case *ast.OpApp:
		if len(e.Args) > 0 || len(e.Prefix) > 0 {
			return nil, false
		}
		name = e.Name
	default:
		return nil, false
	}
	b, _, found := lookup(name, sc)
	switch {
	case !found:
		return nil, false
	case b.val != nil:
		*local = true
		return nil, false
	case b.isVar:
		return append(out, b.varIx), true
	case b.arg != nil:
		*local = true
		return s.unchangedVars(b.arg.expr, b.arg.scope, out, local, depth+1)
	case b.op != nil && b.op.body != nil && len(b.op.Params) == 0:
		if b.op.home == nil {
			*local = true // a LET definition or LAMBDA
		}
		return s.unchangedVars(b.op.body, b.op.scope, out, local, depth+1)
	}
	return nil, false
}

// Parameters returns the names of the parameters of the definition the application x, written
// in sc, applies (through an instance's prefix too), in their order; nil when it applies no
// definition with parameters (a native operator, an operator argument, a subexpression). A model
// checker names an action's parameters in TLCExt!CounterExample's records of its steps, as TLC's
// Action.getParameters does.
func (ss *Session) Parameters(x *ast.OpApp, sc *Scope) (names []string, err error) {
	defer ss.begin(false).end(&err)
	defer recoverInto(&err)
	sc = ss.root(sc)
	var op *Operator
	if len(x.Prefix) > 0 {
		if _, _, m := ss.ev.subexprApp(x, sc); m != nil {
			op, _ = m.prefixed(x.Name)
		}
	} else if b, ok := ss.ev.lookupNode(x.Name, x, sc); ok {
		op = b.op
	}
	if op == nil || op.body == nil || len(op.Params) != len(x.Args) {
		return nil, nil
	}
	for _, p := range op.Params {
		names = append(names, p.Name)
	}
	return names, nil
}
