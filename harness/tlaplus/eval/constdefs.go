package eval

import (
	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/semantic"
)

// constantDefinition reports whether op is a definition TLC evaluates once, when it starts
// (SpecProcessor.processConstantDefns): a zero-arity module-level definition whose body is of
// constant level by TLC's bound (Tool.getLevelBound: it reaches no variable, no prime, UNCHANGED,
// ENABLED, action or temporal operator, through the definitions it uses), defined in a module
// that is not instantiated with CONSTANT or VARIABLE parameters anywhere in the specification.
// TLC's lookup then yields the definition's value rather than the definition, so successor
// enumeration (Tool.getNextStates, getInitStates) evaluates a reference to it as a whole instead
// of expanding its body: Guard == \E i \in 1..3 : TRUE is one guard, not three alternatives. A
// standard operator whose value is not a function of its arguments (TLCGet, Print, ...) makes a
// definition not constant here, except RandomElement: TLC evaluates a definition choosing at
// random from a constant set once (see Context.Rand).
func (s *Spec) constantDefinition(op *Operator) bool {
	switch op.constLevel.Load() {
	case 1:
		return true
	case 2:
		return false
	}
	c := op.home != nil && (op.body != nil || op.funcDef != nil) && len(op.Params) == 0 && op.scope == op.home.root &&
		!s.instantiatedWithParams(op.module) && constantLevel(op)
	if c {
		op.constLevel.Store(1)
	} else {
		op.constLevel.Store(2)
	}
	return c
}

// stateOnlyDefinition reports whether op's value is a function of the current state alone, the
// same in every evaluation at that state (see Session.ResetAt): a zero-arity module-level
// definition of state level or below (Spec.Level) using no TLCGet, TLCSet, JavaTime or
// RandomElement. (A random choice of Randomization's operators is excluded where the value is
// computed.)
func (s *Spec) stateOnlyDefinition(op *Operator) bool {
	switch op.stateOnly.Load() {
	case 1:
		return true
	case 2:
		return false
	}
	ok := false
	if op.home != nil && op.body != nil && len(op.Params) == 0 && op.scope == op.home.root {
		lvl, run := s.levelOf(op.body, op.scope)
		ok = lvl <= semantic.StateLevel && !run
	}
	if ok {
		op.stateOnly.Store(1)
	} else {
		op.stateOnly.Store(2)
	}
	return ok
}

// stableDefinition reports whether op, a zero-arity module-level definition, reaches no
// operator whose value may differ between two evaluations in one state or that has an effect
// (Print, TLCSet, RandomElement, ...; see unstable), nor an INSTANCE or substitution: the rule
// hoisting follows. Its primed value is then kept for a session call (see evaluator.callNext),
// which must not change how often such an operator is applied.
func (s *Spec) stableDefinition(op *Operator) bool {
	switch op.stable.Load() {
	case 1:
		return true
	case 2:
		return false
	}
	anyVariable := func(int) bool { return true }
	ok := op.home != nil && op.body != nil && newDefWalk(stableNative, anyVariable, nil).node(op.body, op.home, nil)
	if ok {
		op.stable.Store(1)
	} else {
		op.stable.Store(2)
	}
	return ok
}

// instantiatedWithParams reports whether some module of the specification instantiates module
// name, which declares CONSTANTs or VARIABLEs: TLC evaluates no definition of such a module
// when it starts, as its value may depend on the instance.
func (s *Spec) instantiatedWithParams(name string) bool {
	s.paramInstantiatedOnce.Do(func() {
		s.modMu.Lock()
		mods := make([]*ast.Module, 0, len(s.modules))
		for _, m := range s.modules {
			mods = append(mods, m)
		}
		s.modMu.Unlock()
		targets := map[string]ast.Pos{}
		for _, m := range mods {
			ast.Inspect(m, func(n ast.Node) bool {
				if in, ok := n.(*ast.Instance); ok {
					targets[in.Module.Name] = in.Module.Pos
				}
				return true
			})
		}
		s.paramInstantiated = map[string]bool{}
		for name, pos := range targets {
			m, ok := s.moduleSafely(name, pos)
			s.paramInstantiated[name] = !ok || m == nil || declaresParams(m)
		}
	})
	return s.paramInstantiated[name]
}

// moduleSafely is module, reporting a module that cannot be loaded as not found.
func (s *Spec) moduleSafely(name string, pos ast.Pos) (m *ast.Module, ok bool) {
	defer func() {
		if recover() != nil {
			m, ok = nil, false
		}
	}()
	return s.module(name, pos)
}

func declaresParams(m *ast.Module) bool {
	for _, u := range m.Units {
		switch u.(type) {
		case *ast.ConstantDecl, *ast.VariableDecl:
			return true
		}
	}
	return false
}

// stateIndependent lists the standard operators whose result depends on more than their
// arguments and the state (the checker's level, registers, time, a random source, files) or
// that have effects (output): an expression using one is not of constant level (but see
// constantLevel for RandomElement).
var stateIndependent = map[string]bool{
	"Print": true, "PrintT": true, "JavaTime": true, "TLCGet": true, "TLCSet": true, "RandomElement": true,
	"Serialize": true, "Deserialize": true,
}

// constantLevel reports whether op is of constant level: it reaches no variable, instance
// substitution, prime, action or temporal operator, and no standard operator of stateIndependent
// but RandomElement, which is of constant level for TLC (its arguments' level), so a definition
// choosing from a constant set is evaluated once, when TLC starts. A constant without a value
// passes: evaluating it fails, which TLC ignores here.
func constantLevel(op *Operator) bool {
	native := func(name string) bool { return !stateIndependent[name] || name == "RandomElement" }
	noVariable := func(int) bool { return false }
	return newDefWalk(native, noVariable, notConstantForm).operator(op)
}

// notConstantForm reports whether n's form alone makes it more than constant: a prime, ENABLED,
// UNCHANGED, an action or temporal operator.
func notConstantForm(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.InfixExpr:
		return n.Op == "~>" || n.Op == `\cdot`
	case *ast.PrefixExpr:
		switch n.Op {
		case "UNCHANGED", "ENABLED", "[]", "<>":
			return true
		}
	case *ast.PostfixExpr:
		return n.Op == "'"
	case *ast.BoxAction, *ast.AngleAction, *ast.Fairness:
		return true
	case *ast.Quant:
		return n.Kind == ast.TemporalExists || n.Kind == ast.TemporalForall
	}
	return false
}
