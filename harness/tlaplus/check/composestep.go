package check

import (
	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/eval"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// composer decides action compositions on a given step (eval.Context.Compose): an enumerator
// for A's successors and a session evaluating B on each of them.
type composer struct {
	en  enumerator
	ctx eval.Context
	ss  *eval.Session
	// from is the state the step being decided starts in: RandomElement and Randomization
	// inside A \cdot B draw from the worker's seeded source reseeded with it, as a breadth-first
	// search does for the state it expands (see randomSource).
	from State
}

// composed decides A \cdot B on the step s -> t: whether a successor u of s by A has B allow
// u -> t. TLC (with -Dtlc2.tool.impl.Tool.cdot=true) evaluates it so outside next-state
// generation, as in a fairness condition WF_vars(Next) whose Next composes actions: it collects
// the intermediate states of A, then evaluates B on each. Compositions nest, so each call takes
// a composer of its own from the worker's pool.
func (w *tlaWorker) composed(a, b ast.Expr, sc *eval.Scope, s, t []value.Value) (bool, error) {
	var c *composer
	if n := len(w.composers); n > 0 {
		c, w.composers = w.composers[n-1], w.composers[:n-1]
	} else {
		c = &composer{en: enumerator{spec: w.m.spec, m: w.m}}
		pick := func(n int) int { return w.rand.pick(c.from, n) }
		for _, ctx := range []*eval.Context{&c.en.ctx, &c.ctx} {
			ctx.Enabled, ctx.Compose = w.enabled, w.composed
			ctx.Done, ctx.TLCGet, ctx.TLCSet = w.m.done, w.tlcGet, w.m.info.set
			ctx.Rand, ctx.Print, ctx.Registers = pick, w.m.print, w.ctx.Registers
		}
		c.en.ss = w.m.spec.NewSession(&c.en.ctx)
		c.ss = w.m.spec.NewSession(&c.ctx)
	}
	defer func() { w.composers = append(w.composers, c) }()
	c.en.start()
	c.from = s
	mids, err := c.en.successorsBy(a, sc, s, nil, nil)
	if err != nil {
		return false, err
	}
	for _, u := range mids {
		c.ctx.State, c.ctx.Next = u, t
		c.ss.Reset(&c.ctx)
		ok, err := evalBool(c.ss.Eval(b, sc))
		if err != nil || ok {
			return ok, err
		}
	}
	return false, nil
}
