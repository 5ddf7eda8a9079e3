package check

import (
	"fmt"
	"math/bits"
	"slices"

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

// actionDef is a definition applied to constant arguments, or to each of several tuples of
// them: its body and, per member, the arguments' values. An action \E x \in S : D(x) over a
// constant S is D applied to each element of S: one of its steps is a step of some member.
type actionDef struct {
	body    ast.Expr
	members [][]value.Value
}

// actionDefOf returns the definition the action x (written in sc) applies, or nil if it is not
// a definition of the root module applied to constant arguments, as enumerator.pushPath records
// the way down to an action, or an existential quantifier over constant sets of one definition
// so applied (each binding a member).
func (t *liveTranslator) actionDefOf(x ast.Expr, sc *eval.Scope) *actionDef {
	if q, ok := ast.Unparen(x).(*ast.Quant); ok {
		return t.existsDefOf(q, sc)
	}
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
	return &actionDef{body: body, members: [][]value.Value{args}}
}

// existsDefOf is actionDefOf for \E bounds : A: every binding's A must apply the same
// definition (to constant arguments); equal argument tuples are one member.
func (t *liveTranslator) existsDefOf(q *ast.Quant, sc *eval.Scope) *actionDef {
	if q.Kind != ast.Exists {
		return nil
	}
	for _, b := range q.Bounds {
		if b.Set == nil || !t.spec.IsConstant(b.Set, sc) {
			return nil
		}
	}
	scopes, err := t.ss.Bindings(q.Bounds, sc)
	if err != nil || len(scopes) == 0 {
		return nil
	}
	var d *actionDef
	for _, bsc := range scopes {
		m := t.actionDefOf(q.Body, bsc)
		if m == nil || d != nil && m.body != d.body {
			return nil
		}
		if d == nil {
			d = &actionDef{body: m.body}
		}
		for _, args := range m.members {
			if !slices.ContainsFunc(d.members, func(o []value.Value) bool { return argsEqual(o, args) }) {
				d.members = append(d.members, args)
			}
		}
	}
	return d
}

// derivedAtom is an action whose values are taken from the successors the search enumerates:
// a fairness condition's <<A>>_v, with its ENABLED <<A>>_v, or an action [A]_v (box), A applying
// a definition (see actionDef).
type derivedAtom struct {
	act, en int // indices among the plan's action and state atoms; en is -1 without one
	def     *actionDef
	subVars []int
	// box: [A]_v, which a step leaving v unchanged satisfies too (the stuttering step among them).
	box bool
	// first numbers the atom's first member among the members of all atoms (deriveState.seen).
	first int
}

// memberRef is a member of a derived atom (one tuple of arguments of its definition) and its
// number among the members of all atoms.
type memberRef struct {
	atom, id int
	args     []value.Value
}

// bodyRefs are the members of the derived atoms applying one definition, and, when there are
// many (a definition applied to each process, say), the same indexed by the fingerprint of their
// arguments, so that an action entered is matched with a lookup rather than compared with each.
type bodyRefs struct {
	body ast.Expr
	refs []memberRef
	byFP map[uint64][]memberRef // nil: compare with each of refs
}

// liveDerivation is the graph's set of derived atoms.
type liveDerivation struct {
	atoms []derivedAtom
	// bodies are the definitions the atoms apply, with their members; byBody indexes them when
	// there are many (nil: bodies are scanned, fewer comparisons of pointers than a hash).
	bodies  []*bodyRefs
	byBody  map[ast.Expr]*bodyRefs
	members int
	// skipS and skipA mark the derived atoms among the plan's state and action atoms: the
	// recorder does not evaluate them.
	skipS, skipA []uint64
}

// Sizes past which liveDerivation indexes its definitions and a definition its members.
const (
	deriveScanBodies  = 8
	deriveScanMembers = 4
)

// newLiveDerivation returns the atoms of p that can be derived, nil if none.
func newLiveDerivation(p *livePlan) *liveDerivation {
	d := &liveDerivation{skipS: make([]uint64, words(len(p.stateAtoms))), skipA: make([]uint64, words(len(p.actionAtoms)))}
	for _, a := range p.actionAtoms {
		if a.def == nil || a.sub == nil && !a.box || !a.subVarsOK {
			continue
		}
		da := derivedAtom{act: a.index, en: -1, def: a.def, subVars: a.subVars, box: a.box, first: d.members}
		if a.guard != nil {
			da.en = a.guard.index
			setBit(d.skipS, da.en)
		}
		setBit(d.skipA, a.index)
		br := d.find(a.def.body)
		if br == nil {
			br = &bodyRefs{body: a.def.body}
			d.bodies = append(d.bodies, br)
		}
		for _, args := range a.def.members {
			br.refs = append(br.refs, memberRef{atom: len(d.atoms), id: d.members, args: args})
			d.members++
		}
		d.atoms = append(d.atoms, da)
	}
	if len(d.atoms) == 0 {
		return nil
	}
	if len(d.bodies) > deriveScanBodies {
		d.byBody = map[ast.Expr]*bodyRefs{}
		for _, br := range d.bodies {
			d.byBody[br.body] = br
		}
	}
	for _, br := range d.bodies {
		if len(br.refs) <= deriveScanMembers {
			continue
		}
		br.byFP = map[uint64][]memberRef{}
		for _, r := range br.refs {
			fp, ok := argsFingerprint(r.args)
			if !ok {
				br.byFP = nil
				break
			}
			br.byFP[fp] = append(br.byFP[fp], r)
		}
	}
	return d
}

// find returns the members of the derived atoms applying the definition whose body is body.
func (d *liveDerivation) find(body ast.Expr) *bodyRefs {
	if d.byBody != nil {
		return d.byBody[body]
	}
	for _, br := range d.bodies {
		if br.body == body {
			return br
		}
	}
	return nil
}

// candidates returns the members of br that may have the arguments args: those with their
// fingerprint, or all.
func (br *bodyRefs) candidates(args []value.Value) []memberRef {
	if br.byFP == nil {
		return br.refs
	}
	fp, ok := argsFingerprint(args)
	if !ok {
		return br.refs
	}
	return br.byFP[fp]
}

// argsFingerprint combines the fingerprints of args (false if one has none: an infinite set).
func argsFingerprint(args []value.Value) (uint64, bool) {
	h := uint64(len(args))
	for _, a := range args {
		f, err := value.Fingerprint(a)
		if err != nil {
			return 0, false
		}
		h = (bits.RotateLeft64(h, 23) ^ f) * 0x9e3779b97f4a7c15
	}
	return h, true
}

// liveDeriveVerify makes the recorder evaluate the derived atoms too and fail on a difference
// (tests).
var liveDeriveVerify bool

// deriveState is a recorder's derivation for the state being expanded.
type deriveState struct {
	d *liveDerivation
	// cur are the derived atoms the action being enumerated lies inside; seen the members
	// entered, their actions enumerated whole; tainted the atoms of an action enumerated with
	// conjuncts after it (not whole); enabled those with a successor changing their subscript;
	// pend those the successor being checked is a step of. An atom is covered, its values
	// derived, when each of its members was entered and it is not tainted.
	cur, seen, tainted, enabled, pend []uint64
	// succs are the targets of the state's steps, for the atoms evaluated after all.
	succs []State
	// first maps a step's fingerprint to its first step (steps to the same state).
	first map[uint64]int
	// err is the first comparison of a subscript's values that failed (see sameValuesErr), for
	// the atom errAtom; finish reports it.
	err     error
	errAtom int
}

func newDeriveState(d *liveDerivation) *deriveState {
	n := words(len(d.atoms))
	return &deriveState{d: d, cur: make([]uint64, n), seen: make([]uint64, words(d.members)), tainted: make([]uint64, n), enabled: make([]uint64, n), pend: make([]uint64, n), first: map[uint64]int{}}
}

func (ds *deriveState) begin() {
	clear(ds.cur)
	clear(ds.seen)
	clear(ds.tainted)
	clear(ds.enabled)
	clear(ds.pend)
	clear(ds.succs)
	ds.succs = ds.succs[:0]
	ds.err = nil
}

// action is the enumerator's onAction: the action entered lies inside the definitions of path.
func (ds *deriveState) action(path []actionPath, args []value.Value, whole bool) {
	clear(ds.cur)
	for _, p := range path {
		br := ds.d.find(p.body)
		if br == nil {
			continue
		}
		pa := args[p.from:p.to]
		for _, r := range br.candidates(pa) {
			if !argsEqual(r.args, pa) {
				continue
			}
			setBit(ds.cur, r.atom)
			if whole {
				setBit(ds.seen, r.id)
			} else {
				setBit(ds.tainted, r.atom)
			}
		}
	}
}

// covered reports whether derived atom j's values are derived: each of its members was entered,
// enumerated whole.
func (ds *deriveState) covered(j int) bool {
	if bit(ds.tainted, j) {
		return false
	}
	a := &ds.d.atoms[j]
	for k := a.first; k < a.first+len(a.def.members); k++ {
		if !bit(ds.seen, k) {
			return false
		}
	}
	return true
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
// derived atom that action lies inside, a step of it if it changes the atom's subscript (a step
// leaving it unchanged satisfies a box atom whichever action generated it: see finish).
func (ds *deriveState) successor(s, t State) {
	clear(ds.pend)
	for i, w := range ds.cur {
		for w != 0 {
			j := i*64 + bits.TrailingZeros64(w)
			w &= w - 1
			same, err := sameValuesErr(s, t, ds.d.atoms[j].subVars)
			if err != nil && ds.err == nil {
				ds.err, ds.errAtom = err, j
			}
			if !same {
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
// union of their values over steps to the same state, for the atoms whose actions were not all
// enumerated their values evaluated, and the box atoms on the steps leaving their subscript
// unchanged.
func (ds *deriveState) finish(r *liveRecorder, s State, rec []uint64, ws, wa, stride, n int) error {
	d := ds.d
	if ds.err != nil {
		return fmt.Errorf("evaluating %s of a temporal property: %w", r.g.plan.actionAtoms[d.atoms[ds.errAtom].act], ds.err)
	}
	sbits := rec[:ws]
	edgeBits := func(e int) []uint64 { return rec[ws+e*stride+1 : ws+e*stride+1+wa] }
	var evaluate []int
	for j, a := range d.atoms {
		if ds.covered(j) {
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
	for _, a := range d.atoms {
		if !a.box {
			continue
		}
		for e := 0; e < n; e++ {
			if e == n-1 {
				setBit(edgeBits(e), a.act)
				continue
			}
			same, err := sameValuesErr(s, ds.succs[e], a.subVars)
			if err != nil {
				return fmt.Errorf("evaluating %s of a temporal property: %w", r.g.plan.actionAtoms[a.act], err)
			}
			if same {
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
		steps := n - 1
		if a.box {
			steps = n // the stuttering step satisfies [A]_v
		}
		for e := 0; e < steps; e++ {
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
