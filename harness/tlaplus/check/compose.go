package check

import (
	"slices"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/eval"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// compose enumerates the action composition A \cdot B, whose steps s -> t are those with a state
// u such that A allows s -> u and B allows u -> t, as TLC does with
// -Dtlc2.tool.impl.Tool.cdot=true (Tool.getNextStates, OPCODE_cdot): A is enumerated from the
// current state s with the variables the conjuncts before the composition bound (TLC's partial
// successor s1) and followed by the conjuncts k, giving the intermediate states u, each of which
// must assign every variable; then, from each u as the current state, B is enumerated from the
// same variables bound before the composition and followed by k again, and every state it
// completes is a successor of s. So the conjuncts after A \cdot B constrain the intermediate
// state as well as the successor, and read u's values where they read unprimed variables, as in
// TLC: CdotWithContextC's /\ A(n) \cdot B(n) /\ UNCHANGED S with A(n) == x' = n keeps S through
// both steps, and CdotWithContextB's UNCHANGED S before the composition binds S for A and B. The
// intermediate states count as generated, as in TLC, but those of a composition nested in
// another's steps are not: TLC adds them to the states generated through the successor functor,
// which a nested composition's is not (ChainedCdots: A \cdot A \cdot A counts only the outer
// composition's).
func (en *enumerator) compose(x *ast.InfixExpr, sc *eval.Scope, k *cont) error {
	start := slices.Clone(en.partial)
	en.composing++
	mids, err := en.successorsBy(x.L, sc, en.cur, start, k)
	if err != nil {
		en.composing--
		return err
	}
	if en.composing == 1 {
		en.uncounted += int64(len(mids))
	}
	cur, partial, bound := en.cur, en.partial, en.bound
	defer func() {
		en.composing--
		en.cur, en.partial, en.bound = cur, partial, bound
		en.evalCtx()
		en.ss.Reset(&en.ctx)
	}()
	for _, u := range mids {
		en.cur = u
		en.partial = slices.Clone(start)
		en.bound = bound
		en.evalCtx()
		en.ss.Reset(&en.ctx)
		if err := en.gen(x.R, sc, k, true); err != nil {
			return err
		}
	}
	return nil
}

// successorsBy returns the successors of from that the action a, written in sc, allows from the
// variables start binds (nil: none) and followed by the conjuncts k, each a complete state, also
// while deciding ENABLED (whose successors need not be complete): B steps from them.
func (en *enumerator) successorsBy(a ast.Expr, sc *eval.Scope, from State, start []value.Value, k *cont) ([]State, error) {
	cur, partial, bound, emit, labeled, enabling := en.cur, en.partial, en.bound, en.emit, en.labeled, en.enabling
	var out []State
	en.cur, en.labeled, en.enabling = from, true, false
	en.partial, en.bound = make([]value.Value, len(en.m.names)), 0
	for i, v := range start {
		if v != nil {
			en.partial[i] = v
			en.bound++
		}
	}
	en.emit = func(t State, _ int) error {
		out = append(out, t)
		return nil
	}
	en.evalCtx()
	en.ss.Reset(&en.ctx)
	err := en.gen(a, sc, k, true)
	en.cur, en.partial, en.bound, en.emit, en.labeled, en.enabling = cur, partial, bound, emit, labeled, enabling
	en.evalCtx()
	en.ss.Reset(&en.ctx)
	return out, err
}

// takeInitRejected returns the assignments of the initial predicate rejected since the last call
// (see enumerator.rejected).
func (w *tlaWorker) takeInitRejected() int64 {
	n := w.en.rejected
	w.en.rejected = 0
	return n
}

// takeUncounted returns the intermediate states of compositions generated since the last call.
func (w *tlaWorker) takeUncounted() int64 {
	n := w.en.uncounted
	w.en.uncounted = 0
	return n
}

// actionEntered returns how many of TLC's actions (the parts asAction splits out of the
// next-state relation) the worker has entered: successors emitted under one value belong to one
// action, whose successors TLC counts together (see bfsWorker.expand).
func (w *tlaWorker) actionEntered() uint64 {
	return w.en.entered
}
