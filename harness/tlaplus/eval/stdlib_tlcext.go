package eval

import (
	"errors"

	"github.com/dsref/dsref/harness/tlaplus/value"
)

// Implements TLC's module TLCExt natively. Trace, CounterExample and ToTrace need what only the
// model checker knows and are answered through Context.TLCGet (keys TLCGetTrace and
// TLCGetCounterExample, which TLCGet itself refuses, as TLC's does); without an answer they are
// an error naming the operator.
// The keys Context.TLCGet is asked for TLCExt's Trace and CounterExample. TLC's TLCGet has no such
// keys, so TLCGet("TLCExt!Trace") in a specification is an error like any unknown key.
const (
	TLCGetTrace          = "TLCExt!Trace"
	TLCGetCounterExample = "TLCExt!CounterExample"
)

// internalTLCGetKey reports whether key is one of the keys above, which only TLCExt asks for.
func internalTLCGetKey(key string) bool {
	return key == TLCGetTrace || key == TLCGetCounterExample
}

var tlcExt = natives{
	"AssertEq": seqFn(2, func(c *call) value.Value {
		a, b := c.val(0), c.val(1)
		if c.equal(a, b) {
			return value.True
		}
		c.print("Assertion failed")
		c.print(a.String())
		c.print(b.String())
		return value.False
	}),
	// AssertError(err, exp) is TRUE when evaluating exp fails with the message err and FALSE when
	// it succeeds, as TLC's (tlc2.module.TLCExt.assertError). A failure with another message is
	// FALSE in TLC too; here it is an error showing the message, since ours are not TLC's and the
	// difference is then one of wording, not a verdict.
	"AssertError": seqFn(2, func(c *call) value.Value {
		want := c.str(0)
		got, ok := c.evalError(1)
		if !ok {
			return value.False
		}
		if got == want {
			return value.True
		}
		panic(abort{&AssertionError{Pos: c.pos, Message: got}})
	}),
	"Trace":          seqFn(0, func(c *call) value.Value { return c.fromChecker(TLCGetTrace) }),
	"CounterExample": seqFn(0, func(c *call) value.Value { return c.fromChecker(TLCGetCounterExample) }),
	"ToTrace": seqFn(1, func(c *call) value.Value {
		return counterExampleTrace(c, c.val(0))
	}),
	"TLCModelValue": seqFn(1, func(c *call) value.Value { return value.ModelValue{Name: c.str(0)} }),
	"TLCDefer": seqFn(1, func(c *call) value.Value {
		c.val(0)
		return value.True
	}),
	// TLCGetOrDefault(k, d) is TLCGet(k), or d where that is undefined; TLCGetAndSet(k, Op, v, d)
	// sets register k to Op(old, v), old being TLCGetOrDefault(k, d), and is old: the operators
	// of newer TLCs' TLCExt (tlc2.module.TLCExt.tlcGetOrDefault, tlcGetAndSet), used to count
	// and aggregate across a run (TLC's TLCMonitor idiom, tlaplus/tlaplus#860).
	"TLCGetOrDefault": seqFn(2, func(c *call) value.Value {
		c.ev.stateReads++
		if v, ok := tlcGet(c, c.val(0)); ok {
			return v
		}
		return c.val(1)
	}),
	"TLCGetAndSet": seqFn(4, func(c *call) value.Value {
		c.ev.stateReads++
		k := c.val(0)
		old, ok := tlcGet(c, k)
		if !ok {
			old = c.val(3)
		}
		op := c.op(1, 2)
		tlcSet(c, k, c.applyOp(op, old, c.val(2)))
		return old
	}),
	// TLCFP(v) is a number fingerprinting v: equal values have equal numbers. TLC's is the low 32
	// bits of its 64-bit fingerprint; ours are of this engine's fingerprint, so the numbers differ
	// from TLC's.
	"TLCFP": seqFn(1, func(c *call) value.Value {
		fp, err := value.Fingerprint(c.val(0))
		c.check(err)
		return value.Int(int32(fp))
	}),
	// TLCEvalDefinition(name) is the value of the root module's definition of that name (one it
	// defines, extends or instantiates), which takes no argument, evaluated where the application
	// is: TLC's TLCExt (tlc2.module.TLCExt.tlcEvalDefinition, the newest TLCExt.tla).
	"TLCEvalDefinition": seqFn(1, func(c *call) value.Value {
		name := c.str(0)
		b, _, ok := lookup(name, c.ev.spec.root.root)
		switch {
		case !ok || b.op == nil:
			c.fail("the root module has no definition %s", value.Str(name))
		case len(b.op.Params) > 0:
			c.fail("%s takes %d argument(s); only a definition without arguments can be evaluated by name", name, len(b.op.Params))
		}
		return c.applyOp(b.op)
	}),
	"TLCNoOp":  seqFn(1, func(c *call) value.Value { return c.val(0) }),
	"TLCCache": seqFn(2, func(c *call) value.Value { return c.val(0) }),
	"PickSuccessor": seqFn(1, func(c *call) value.Value {
		c.bool(0)
		return value.True
	}),
}

// evalError evaluates argument i and reports the message of the error it fails with, if it does.
// Errors that stop the whole run (an interruption) are not caught.
func (c *call) evalError(i int) (msg string, failed bool) {
	ev := c.ev
	depth, primed := ev.depth, ev.primed
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		a, ok := r.(abort)
		if !ok || errors.Is(a.err, ErrInterrupted) {
			panic(r)
		}
		ev.depth, ev.primed = depth, primed
		msg, failed = a.err.Error(), true
		var e *Error
		if errors.As(a.err, &e) && e.Msg != "" {
			msg = e.Msg
		}
	}()
	c.val(i)
	return "", false
}

// fromChecker asks the model checker for what key names (see Context.TLCGet).
func (c *call) fromChecker(key string) value.Value {
	c.ev.stateReads++
	if c.ev.ctx.TLCGet != nil {
		if v, ok := c.ev.ctx.TLCGet(key); ok {
			return v
		}
	}
	c.fail("%s is only available while the model checker runs a model", c.name)
	return nil
}

// counterExampleTrace turns CounterExample's graph [state |-> {<<i, s>>}, action |-> {<<<<i, s>>,
// a, <<j, t>>>>}] into the sequence of its states in order of their numbers.
func counterExampleTrace(c *call, ce value.Value) value.Value {
	r, ok := ce.(*value.Record)
	if !ok {
		c.fail("the argument must be a counterexample record [state, action], not %s", value.Abbrev(ce))
	}
	states, ok, err := r.Field("state")
	c.check(err)
	if !ok {
		c.fail("the counterexample has no field state")
	}
	set, err := value.Enumerate(states)
	c.check(err)
	out := make(value.Tuple, 0, set.Len())
	for _, e := range set.Elems() {
		pair, err := value.AsSeq(e)
		if err != nil || len(pair) != 2 {
			c.fail("a state of the counterexample must be a pair <<number, state>>, not %s", value.Abbrev(e))
		}
		out = append(out, pair[1])
	}
	return out
}
