package check

import (
	"fmt"
	"math/bits"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/eval"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// Fairness conditions from the successors the search enumerates anyway.
//
// WF_v(A) and SF_v(A) give two atoms: the state predicate ENABLED <<A>>_v and the action <<A>>_v.
// Evaluated as they are, the first enumerates A again in every state and the second evaluates A
// on every step (ReadersWriters with 4 actors: ten fairness conditions, 43% of a run's CPU).
// But when A is a definition applied to constant arguments, D(c1, ..., cn), that the way down
// from the next-state relation to its actions goes through (TLC's Tool.getActions splits Next
// into actions through \/, \E over constant sets, LET and definitions applied to constant
// arguments), the successors of the actions inside D(c1, ..., cn) are exactly the states t with
// A(s, t): the search enumerates D's whole body there. So, in the state s being expanded:
//
//   - ENABLED <<A>>_v holds iff one of those successors changes v (successors outside the
//     CONSTRAINT count, as they do for ENABLED);
//   - a step s -> t is an <<A>>_v step iff t is one of those successors and changes v. A step
//     the search generated from another action may be one too (the same successor reached two
//     ways): steps to the same state (the same fingerprint) get the union of their values.
//
// When none of A's actions was entered expanding s (A is not split out of Next: Next == \E i
// \in S(x) : A(i), or A is some other action), the atoms are evaluated as before, once the
// state's successors are known. Definitions are identified by their bodies and the root
// module's scope only: an INSTANCE's definitions evaluate with its substitutions though their
// bodies may be the ones the root module has through EXTENDS. Under SYMMETRY or a VIEW a
// successor stands for its class and nothing is derived.

// actionDef is a definition applied to constant arguments: its body and the arguments' values.
type actionDef struct {
	body ast.Expr
	args []value.Value
}

// actionDefOf returns the definition the action x (written in sc) applies, or nil if it is not
// a definition of the root module applied to constant arguments, as enumerator.pushPath records
// the way down to an action.
func (t *liveTranslator) actionDefOf(x ast.Expr, sc *eval.Scope) *actionDef {
	if !t.spec.InRootModule(sc) {
		return nil
	}
	var args []value.Value
	switch y := ast.Unparen(x).(type) {
	case *ast.Ident:
	case *ast.OpApp:
		if len(y.Prefix) > 0 {
			return nil
		}
		for _, a := range y.Args {
			if !t.spec.IsConstant(a, sc) {
				return nil
			}
			v, err := t.ss.Eval(a, sc)
			if err != nil {
				return nil
			}
			args = append(args, v)
		}
	default:
		return nil
	}
	_, body, _, ok, err := expandOp(t.spec, t.ss, ast.Unparen(x), sc, true)
	if err != nil || !ok || body == nil {
		return nil
	}
	return &actionDef{body: body, args: args}
}

// derivedAtom is a fairness condition's action <<A>>_v whose values, and those of its ENABLED
// <<A>>_v, are taken from the successors the search enumerates.
type derivedAtom struct {
	act, en int // indices among the plan's action and state atoms; en is -1 without one
	def     *actionDef
	subVars []int
}

// liveDerivation is the graph's set of derived atoms.
type liveDerivation struct {
	atoms  []derivedAtom
	byBody map[ast.Expr][]int
	// skipS and skipA mark the derived atoms among the plan's state and action atoms: the
	// recorder does not evaluate them.
	skipS, skipA []uint64
}

// newLiveDerivation returns the atoms of p that can be derived, nil if none.
func newLiveDerivation(p *livePlan) *liveDerivation {
	d := &liveDerivation{byBody: map[ast.Expr][]int{}, skipS: make([]uint64, words(len(p.stateAtoms))), skipA: make([]uint64, words(len(p.actionAtoms)))}
	for _, a := range p.actionAtoms {
		if a.def == nil || a.sub == nil || !a.subVarsOK {
			continue
		}
		da := derivedAtom{act: a.index, en: -1, def: a.def, subVars: a.subVars}
		if a.guard != nil {
			da.en = a.guard.index
			setBit(d.skipS, da.en)
		}
		setBit(d.skipA, a.index)
		d.byBody[a.def.body] = append(d.byBody[a.def.body], len(d.atoms))
		d.atoms = append(d.atoms, da)
	}
	if len(d.atoms) == 0 {
		return nil
	}
	return d
}

// liveDeriveVerify makes the recorder evaluate the derived atoms too and fail on a difference
// (tests).
var liveDeriveVerify bool

// deriveState is a recorder's derivation for the state being expanded.
type deriveState struct {
	d *liveDerivation
	// cur are the derived atoms the action being enumerated lies inside; covered those whose
	// actions were all enumerated whole; tainted those of an action enumerated with conjuncts
	// after it (not whole); enabled those with a successor changing their subscript; pend those
	// the successor being checked is a step of.
	cur, covered, tainted, enabled, pend []uint64
	// succs are the targets of the state's steps, for the atoms evaluated after all.
	succs []State
	// first maps a step's fingerprint to its first step (steps to the same state).
	first map[uint64]int
}

func newDeriveState(d *liveDerivation) *deriveState {
	n := words(len(d.atoms))
	return &deriveState{d: d, cur: make([]uint64, n), covered: make([]uint64, n), tainted: make([]uint64, n), enabled: make([]uint64, n), pend: make([]uint64, n), first: map[uint64]int{}}
}

func (ds *deriveState) begin() {
	clear(ds.cur)
	clear(ds.covered)
	clear(ds.tainted)
	clear(ds.enabled)
	clear(ds.pend)
	clear(ds.succs)
	ds.succs = ds.succs[:0]
}

// action is the enumerator's onAction: the action entered lies inside the definitions of path.
func (ds *deriveState) action(path []actionPath, args []value.Value, whole bool) {
	clear(ds.cur)
	for _, p := range path {
		for _, j := range ds.d.byBody[p.body] {
			if argsEqual(ds.d.atoms[j].def.args, args[p.from:p.to]) {
				setBit(ds.cur, j)
			}
		}
	}
	for i, w := range ds.cur {
		if whole {
			ds.covered[i] |= w
		} else {
			ds.tainted[i] |= w
		}
	}
}

func argsEqual(a, b []value.Value) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if eq, err := value.Equal(a[i], b[i]); err != nil || !eq {
			return false
		}
	}
	return true
}

// successor notes t, a successor of s generated by the action being enumerated: for each
// derived atom that action lies inside, a step of it if it changes the atom's subscript.
func (ds *deriveState) successor(s, t State) {
	clear(ds.pend)
	for i, w := range ds.cur {
		for w != 0 {
			j := i*64 + bits.TrailingZeros64(w)
			w &= w - 1
			if !sameValues(s, t, ds.d.atoms[j].subVars) {
				setBit(ds.pend, j)
				setBit(ds.enabled, j)
			}
		}
	}
}

// edge sets in ab the derived atoms the step to the successor just noted satisfies.
func (ds *deriveState) edge(t State, ab []uint64) {
	ds.succs = append(ds.succs, t)
	for i, w := range ds.pend {
		for w != 0 {
			j := i*64 + bits.TrailingZeros64(w)
			w &= w - 1
			setBit(ab, ds.d.atoms[j].act)
		}
	}
	clear(ds.pend)
}

// finish completes the record rec of state s (its state predicate values, then n steps of
// stride words, the last the stuttering step): the ENABLED values of the derived atoms, the
// union of their values over steps to the same state, and, for the atoms whose actions were
// not all enumerated, their values evaluated.
func (ds *deriveState) finish(r *liveRecorder, s State, rec []uint64, ws, wa, stride, n int) error {
	d := ds.d
	sbits := rec[:ws]
	edgeBits := func(e int) []uint64 { return rec[ws+e*stride+1 : ws+e*stride+1+wa] }
	var evaluate []int
	for j, a := range d.atoms {
		if bit(ds.covered, j) && !bit(ds.tainted, j) {
			if a.en >= 0 && bit(ds.enabled, j) {
				setBit(sbits, a.en)
			}
			continue
		}
		evaluate = append(evaluate, j)
	}
	// Steps to the same state: the union of their derived values.
	if n > 2 {
		clear(ds.first)
		for e := 0; e < n-1; e++ {
			fp := rec[ws+e*stride]
			f, seen := ds.first[fp]
			if !seen {
				ds.first[fp] = e
				continue
			}
			fb, eb := edgeBits(f), edgeBits(e)
			for i := range fb {
				fb[i] |= eb[i] & d.skipA[i]
			}
		}
		for e := 0; e < n-1; e++ {
			if f := ds.first[rec[ws+e*stride]]; f != e {
				copy(edgeBits(e), edgeBits(f))
			}
		}
	}
	for _, j := range evaluate {
		a := d.atoms[j]
		plan := r.g.plan
		out := []uint64{0}
		if a.en >= 0 {
			if err := r.ev.liveStateBits([]*liveAtom{plan.stateAtoms[a.en]}, s, nil, out); err != nil {
				return err
			}
			if out[0] != 0 {
				setBit(sbits, a.en)
			}
		}
		for e := 0; e < n-1; e++ {
			out[0] = 0
			if err := r.ev.liveActionBits([]*liveAtom{plan.actionAtoms[a.act]}, s, ds.succs[e], sbits, nil, out); err != nil {
				return err
			}
			if out[0] != 0 {
				setBit(edgeBits(e), a.act)
			}
		}
	}
	if liveDeriveVerify {
		return ds.verify(r, s, rec, ws, wa, stride, n)
	}
	return nil
}

// verify evaluates every derived atom at s and on its steps and compares (tests).
func (ds *deriveState) verify(r *liveRecorder, s State, rec []uint64, ws, wa, stride, n int) error {
	plan := r.g.plan
	out := []uint64{0}
	for _, a := range ds.d.atoms {
		if a.en >= 0 {
			out[0] = 0
			if err := r.ev.liveStateBits([]*liveAtom{plan.stateAtoms[a.en]}, s, nil, out); err != nil {
				return err
			}
			if got := bit(rec[:ws], a.en); got != (out[0] != 0) {
				return fmt.Errorf("liveness: %s derived %v, evaluated %v", plan.stateAtoms[a.en], got, !got)
			}
		}
		for e := 0; e < n-1; e++ {
			out[0] = 0
			if err := r.ev.liveActionBits([]*liveAtom{plan.actionAtoms[a.act]}, s, ds.succs[e], nil, nil, out); err != nil {
				return err
			}
			if got := bit(rec[ws+e*stride+1:ws+e*stride+1+wa], a.act); got != (out[0] != 0) {
				return fmt.Errorf("liveness: %s on step %d derived %v, evaluated %v", plan.actionAtoms[a.act], e, got, !got)
			}
		}
	}
	return nil
}
