package eval

import (
	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// This file keeps, for the state an evaluation is at, the values of the applications of state
// functions with parameters: tla/MultiPaxos.tla's Chosen(s), a set built from the messages with
// three nested set constructors, is applied to the same slot by every Learn(r, lo, hi), every
// BecomeLeader(b, k), every Compact(a, k) and four invariants, each time rebuilding the same sets
// (a third of the objects the model checker allocated). A definition computes its value once per
// state and arguments when it
//
//   - is a module-level definition whose parameters are all ordinary (no operator parameter);
//   - is of state level (it reads a variable) and reaches no prime, ENABLED, UNCHANGED, action or
//     temporal operator, no INSTANCE or instance substitution, and no standard operator whose
//     value may change between two evaluations in one state or that has an effect (Print, TLCGet,
//     TLCSet, RandomElement, ...: hoisting's rule, see unstable), so that its value is a function
//     of the state and its arguments, and computing it once leaves nothing observable undone;
//   - loops (a quantifier, CHOOSE, a set or function constructor, through the definitions it
//     reaches), so that a look-up costs less than what it saves;
//
// and it is applied outside a prime to arguments whose values are known without evaluating
// anything: names bound to values (a quantifier's or a parameter's) or literals, each an integer,
// string, Boolean or model value. An argument passed by name is never evaluated earlier than it
// would be. The values are kept with the definitions of zero arity (evaluator.defCache) and
// dropped with them when the session moves to another state (Reset, ResetAt).
//
// TLC evaluates such an application each time (it keeps only its constant definitions, computed
// once when it starts: SpecProcessor.processConstantDefns); the values, hence every count and
// verdict, are the same.

// argKey identifies an application: the definition and its arguments' values (b nil for one
// argument).
type argKey struct {
	op   *Operator
	a, b value.Value
}

// argCached is the value of op applied to args in sc when op is a state function with parameters
// that keeps its values per state, and the application's arguments are known values (see above).
// It computes and keeps the value when it is not known yet; ok is false when op or the arguments
// do not qualify, and the caller applies op as usual.
func (ev *evaluator) argCached(op *Operator, pos ast.Pos, args []ast.Expr, codes []code, sc *Scope) (v value.Value, ok bool) {
	key, local, ok := ev.argKeyOf(op, args, sc)
	if !ok {
		return nil, false
	}
	if v, hit := ev.argCache[key]; hit {
		// The value was computed from the state and the arguments: whatever reads it now reads
		// them too.
		ev.stateReads++
		if local {
			ev.localReads++
		}
		return v, true
	}
	nextReads, randoms, unseeded := ev.nextReads, ev.randomReads, ev.unseededReads
	v = ev.applyBody(op, pos, args, codes, sc)
	if !ev.primed && ev.nextReads == nextReads && ev.randomReads == randoms && ev.unseededReads == unseeded {
		if ev.argCache == nil {
			ev.argCache = map[argKey]value.Value{}
		}
		ev.argCache[key] = v
	}
	return v, true
}

// argKnown reports whether the value of op applied to args in sc is kept already (see
// argCached): membership in it then searches the value instead of deciding it from op's body.
func (ev *evaluator) argKnown(op *Operator, args []ast.Expr, sc *Scope) bool {
	if len(ev.argCache) == 0 {
		return false
	}
	key, _, ok := ev.argKeyOf(op, args, sc)
	if !ok {
		return false
	}
	_, hit := ev.argCache[key]
	return hit
}

// argKeyOf returns the key of the application of op to args in sc when op keeps its values per
// state and the arguments are known values (see argCached), and whether an argument is a name
// bound by the scope chain (local).
func (ev *evaluator) argKeyOf(op *Operator, args []ast.Expr, sc *Scope) (key argKey, local, ok bool) {
	if ev.primed || len(args) > 2 || !ev.spec.stateFunction(op) {
		return argKey{}, false, false
	}
	key.op = op
	for i, a := range args {
		k, bound, known := knownArg(a, sc)
		if !known {
			return argKey{}, false, false
		}
		local = local || bound
		if i == 0 {
			key.a = k
		} else {
			key.b = k
		}
	}
	return key, local, true
}

// knownArg returns the value of the argument a, written in sc, when it is known without
// evaluating anything and is an integer, string, Boolean or model value: a literal, or a name
// the scope chain binds to a value (bound says which).
func knownArg(a ast.Expr, sc *Scope) (v value.Value, bound, ok bool) {
	switch x := a.(type) {
	case *ast.Num:
		if !x.IsInt || x.Decimal || x.Int < value.MinInt || x.Int > value.MaxInt {
			return nil, false, false
		}
		return value.Int(x.Int), false, true
	case *ast.String:
		return value.Str(x.Value), false, true
	case *ast.Ident:
		s := boundName(x, sc)
		if s == nil || s.arg != nil {
			return nil, false, false
		}
		v = s.val
	default:
		return nil, false, false
	}
	switch v.(type) {
	case value.Int, value.Str, value.Bool, value.ModelValue:
		return v, true, true
	}
	return nil, false, false
}

// stateFunction reports whether op keeps its values per state and arguments (see argCached).
func (s *Spec) stateFunction(op *Operator) bool {
	switch op.stateFn.Load() {
	case 1:
		return true
	case 2:
		return false
	}
	ok := op.home != nil && op.body != nil && op.funcDef == nil && op.native == nil && op.inst == nil &&
		op.value == nil && !op.lambda && len(op.Params) > 0 && op.scope == op.home.root
	for _, p := range op.Params {
		ok = ok && p.Arity == 0
	}
	if ok {
		loops := false
		refuse := func(n ast.Node) bool {
			switch n.(type) {
			case *ast.Quant, *ast.Choose, *ast.SetFilter, *ast.SetMap, *ast.FuncCons:
				loops = true
			}
			return notConstantForm(n)
		}
		reads := false
		variable := func(int) bool { reads = true; return true }
		ok = newDefWalk(stableNative, variable, refuse).node(op.body, op.home, nil) && reads && loops
	}
	if ok {
		op.stateFn.Store(1)
	} else {
		op.stateFn.Store(2)
	}
	return ok
}
