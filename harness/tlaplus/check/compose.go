package check

import (
	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/eval"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// compose enumerates the action composition A \cdot B, whose steps s -> t are those with a state
// u such that A allows s -> u and B allows u -> t, as TLC evaluates it (with
// -Dtlc2.tool.impl.Tool.cdot=true): the successors u of the current state by A, then the
// successors t of each u by B, each of which must assign every variable. A variable the
// conjuncts before the composition assigned must have that value in t; the others take t's, and
// the conjuncts k follow. The intermediate states u count as generated, as in TLC.
func (en *enumerator) compose(x *ast.InfixExpr, sc *eval.Scope, k *cont) error {
	mids, err := en.successorsBy(x.L, sc, en.cur)
	if err != nil {
		return err
	}
	// TLC counts the intermediate states as generated too.
	en.uncounted += int64(len(mids))
	for _, u := range mids {
		ends, err := en.successorsBy(x.R, sc, u)
		if err != nil {
			return err
		}
		for _, t := range ends {
			if err := en.keepAll(t, k, x.Pos); err != nil {
				return err
			}
		}
	}
	return nil
}

// successorsBy returns the successors of from that the action a, written in sc, allows, each a
// complete state, also while deciding ENABLED (whose successors need not be complete): B steps
// from them.
func (en *enumerator) successorsBy(a ast.Expr, sc *eval.Scope, from State) ([]State, error) {
	cur, partial, emit, labeled, enabling := en.cur, en.partial, en.emit, en.labeled, en.enabling
	var out []State
	en.cur, en.partial, en.labeled, en.enabling = from, make([]value.Value, len(en.m.names)), true, false
	en.emit = func(t State, _ int) error {
		out = append(out, t)
		return nil
	}
	en.evalCtx()
	en.ss.Reset(&en.ctx)
	err := en.gen(a, sc, nil, true)
	en.cur, en.partial, en.emit, en.labeled, en.enabling = cur, partial, emit, labeled, enabling
	en.evalCtx()
	en.ss.Reset(&en.ctx)
	return out, err
}

// keepAll binds every variable still unbound to its value in t, requires the others to have it
// already, and takes the conjuncts k.
func (en *enumerator) keepAll(t State, k *cont, pos ast.Pos) error {
	var bound []int
	defer func() {
		for _, ix := range bound {
			en.partial[ix] = nil
		}
	}()
	for ix, v := range t {
		if en.partial[ix] == nil {
			en.partial[ix] = v
			bound = append(bound, ix)
			continue
		}
		eq, err := value.Equal(en.partial[ix], v)
		if err != nil || !eq {
			return err
		}
	}
	return en.proceed(k, pos)
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
