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
		for _, ctx := range []*eval.Context{&c.en.ctx, &c.ctx} {
			ctx.Enabled, ctx.Compose = w.enabled, w.composed
			ctx.Done, ctx.TLCGet = w.m.done, w.tlcGet
		}
		c.en.ss = w.m.spec.NewSession(&c.en.ctx)
		c.ss = w.m.spec.NewSession(&c.ctx)
	}
	defer func() { w.composers = append(w.composers, c) }()
	c.en.start()
	mids, err := c.en.successorsBy(a, sc, s)
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
