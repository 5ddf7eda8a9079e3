package eval

import (
	"fmt"
	"strconv"
	"sync"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/stdlib"
	"github.com/dsref/dsref/harness/tlaplus/syntax"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// native is a standard-module operator implemented in Go.
type native struct {
	arity int
	fn    func(c *call) value.Value
	// ints, when set, is the operator on two integer arguments already evaluated: infix
	// applications such as i + 1 and a <= b call it directly (see evaluator.infixInts).
	ints func(c *call, a, b int64) value.Value
}

// call is one application of a native operator: its argument expressions, unevaluated, so that
// natives can be lazy (Assert's message) or take operator arguments (FoldSet's op).
type call struct {
	ev     *evaluator
	pos    ast.Pos
	args   []ast.Expr
	sc     *Scope
	name   string
	argBuf [3]ast.Expr
	// codes, when not nil, holds the compiled code of each argument.
	codes []code
	// lambdas holds the operators op makes of LAMBDA arguments (SelectSeq(s, LAMBDA x : ...)),
	// lambdaN how many are in use: they live as long as the application (calls are recycled, see
	// evaluator.freeCalls), as every standard operator taking an operator applies it before it
	// returns. Allocating one per application was a sixth of the bytes a trace validation
	// allocated per Raft event.
	lambdas [2]Operator
	lambdaN int
}

// release forgets what the application referred to, so that the recycled call keeps nothing
// alive.
func (c *call) release() {
	c.sc, c.args, c.codes = nil, nil, nil
	for i := range c.lambdaN {
		l := &c.lambdas[i]
		l.Params, l.body, l.scope = nil, nil, nil
	}
	c.lambdaN = 0
}

func (c *call) val(i int) value.Value {
	if c.codes != nil {
		return c.codes[i](c.ev, c.sc)
	}
	return c.ev.eval(c.args[i], c.sc)
}

func (c *call) fail(format string, args ...any) {
	fail(c.pos, "%s: %s", c.name, fmt.Sprintf(format, args...))
}

// argFail fails because argument i is v, not kind ("a sequence", "an integer"), in TLC's words
// (see argErrorText).
func (c *call) argFail(i int, kind string, v value.Value) {
	panic(abort{&Error{Pos: c.pos, Msg: argErrorText(c.name, i, len(c.args), kind, v), evalException: true}})
}

// argErrorText is TLC's message for argument i (from 0) of the operator name of the given
// arity being v where kind ("a set", "an integer") is expected: EC.TLC_MODULE_ARGUMENT_ERROR,
// its _AN form, and EC.TLC_MODULE_ONE_ARGUMENT_ERROR for an operator of one argument
// (tlc2.output.MP), with the value as TLC prints it. TLCExt's AssertError compares this text,
// so a spec asserting TLC's error (the community modules' tests do) holds here too. The value is
// formatted as TLC's Values.ppr formats it (broken over lines past 80 columns).
func argErrorText(name string, i, arity int, kind string, v value.Value) string {
	s := value.Pretty(v)
	if arity == 1 {
		return fmt.Sprintf("The argument of %s should be %s, but instead it is:\n%s", name, kind, s)
	}
	return fmt.Sprintf("The %s argument of %s should be %s, but instead it is:\n%s", ordinal(i), name, kind, s)
}

// ordinal is TLC's word for argument i (from 0) in its messages.
func ordinal(i int) string {
	words := [...]string{"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"}
	if i >= 0 && i < len(words) {
		return words[i]
	}
	return strconv.Itoa(i+1) + "th"
}

func (c *call) check(err error) {
	if err != nil {
		failErr(c.pos, fmt.Errorf("%s: %w", c.name, err))
	}
}

func (c *call) int(i int) int64 {
	v := c.val(i)
	n, ok := v.(value.Int)
	if !ok {
		c.argFail(i, "an integer", v)
	}
	return int64(n)
}

func (c *call) bool(i int) bool {
	v := c.val(i)
	b, ok := v.(value.Bool)
	if !ok {
		c.argFail(i, "a boolean", v)
	}
	return bool(b)
}

func (c *call) str(i int) string {
	v := c.val(i)
	s, ok := v.(value.Str)
	if !ok {
		c.argFail(i, "a string", v)
	}
	return string(s)
}

func (c *call) set(i int) value.SetValue {
	v := c.val(i)
	s, ok := v.(value.SetValue)
	if !ok {
		c.argFail(i, "a set", v)
	}
	return s
}

// elems evaluates argument i and enumerates it as a finite set.
func (c *call) elems(i int) []value.Value {
	s := c.set(i)
	e, err := s.Enumerate()
	c.check(err)
	return e.Elems()
}

func (c *call) seq(i int) value.Tuple { return c.seqOf(i, c.val(i)) }

// seqOf is v, the value of argument i, as a sequence, for natives that look at the value first
// (a string, say) and must not evaluate the argument twice.
func (c *call) seqOf(i int, v value.Value) value.Tuple {
	t, err := value.AsSeq(v)
	if err != nil {
		c.argFail(i, "a sequence", v)
	}
	return t
}

func (c *call) fn(i int) value.FuncValue { return c.fnOf(i, c.val(i)) }

// fnOf is v, the value of argument i, as a function (see seqOf).
func (c *call) fnOf(i int, v value.Value) value.FuncValue {
	f, err := value.AsFunc(v)
	if err != nil {
		c.argFail(i, "a function", v)
	}
	return f
}

// op resolves argument i as an operator of the given arity.
func (c *call) op(i, arity int) *Operator {
	if l, ok := c.args[i].(*ast.Lambda); ok && c.lambdaN < len(c.lambdas) {
		op := &c.lambdas[c.lambdaN]
		c.lambdaN++
		// Only these fields are set on a LAMBDA's operator (see operatorArgOf): it has no home
		// module, so nothing is compiled or memoized on it.
		op.Name, op.Params, op.Pos, op.body, op.scope, op.lambda = "LAMBDA", c.ev.lambdaParams(l), l.Pos, l.Body, c.sc, true
		if len(op.Params) != arity {
			fail(l.Pos, "operator %s takes %d argument(s) but parameter %s expects an operator of %d", op.Name, len(op.Params), "argument "+strconv.Itoa(i+1), arity)
		}
		return op
	}
	return c.ev.operatorArgOf(c.args[i], "", i, arity, c.sc)
}

// applyOp applies an operator to values: by binding its parameters to them (applyValues), or
// else (a standard operator passed on) by binding them to fresh names.
func (c *call) applyOp(op *Operator, vals ...value.Value) value.Value {
	if v, ok := c.ev.applyValues(op, c.pos, vals); ok {
		return v
	}
	sc := c.sc
	args := make([]ast.Expr, len(vals))
	for i, v := range vals {
		name := "\x00arg" + strconv.Itoa(i)
		sc = sc.Bind(name, v)
		args[i] = &ast.Ident{Pos: c.pos, Name: name}
	}
	return c.ev.apply(op, c.pos, args, sc)
}

func (c *call) applyBool(op *Operator, vals ...value.Value) bool {
	v := c.applyOp(op, vals...)
	b, ok := v.(value.Bool)
	if !ok {
		c.fail("operator %s returned %s where a boolean was expected", op.Name, value.Abbrev(v))
	}
	return bool(b)
}

func (c *call) newSet(elems []value.Value) *value.Set {
	s, err := value.NewSet(elems...)
	c.check(err)
	return s
}

func (c *call) makeInt(n int64, what string) value.Int {
	v, err := value.MakeInt(n, what)
	c.check(err)
	return v
}

func (c *call) equal(a, b value.Value) bool {
	eq, err := value.Equal(a, b)
	c.check(err)
	return eq
}

func (c *call) compare(a, b value.Value) int {
	n, err := value.Compare(a, b)
	c.check(err)
	return n
}

// natives is the table of one standard module.
type natives map[string]*native

// addDefinedNatives adds the natives of a standard module read from source mod: only those
// that mod defines itself, with the same number of parameters, as TLC binds its Java overrides.
// A module of the spec's own folder named like a standard one (a local Functions.tla, say)
// keeps the definitions it gives differently.
func addDefinedNatives(m *modCtx, ns natives, mod *ast.Module) {
	defined := map[string]int{}
	for _, u := range mod.Units {
		switch u := u.(type) {
		case *ast.OpDef:
			defined[u.Name] = len(u.Params)
		case *ast.FuncDef:
			defined[u.Name] = 0
		}
	}
	for name, n := range ns {
		if arity, ok := defined[name]; ok && arity == n.arity {
			if cur, ok := m.defs[name]; ok && cur.module != mod.Name && cur.native == nil {
				continue // an earlier definition of the name, which SANY keeps
			}
			m.defs[name] = &Operator{Name: name, native: n, scope: m.root, java: javaMethod(name)}
		}
	}
}

func addNatives(m *modCtx, ns natives) {
	for name, n := range ns {
		m.defs[name] = &Operator{Name: name, native: n, scope: m.root, java: javaMethod(name)}
	}
}

// standardModules lists the standard and community modules this evaluator knows, with their
// native operators. A module listed here loads even without a source file.
var standardModules map[string]natives

func init() {
	// Assigned in init: the tables refer to the evaluator, which refers back to this map.
	standardModules = map[string]natives{
		"Naturals":      naturals,
		"Integers":      integers,
		"Sequences":     sequences,
		"FiniteSets":    finiteSets,
		"Bags":          bags,
		"TLC":           tlc,
		"TLAPS":         {},
		"SequencesExt":  sequencesExt,
		"FiniteSetsExt": finiteSetsExt,
		"Functions":     functionsExt,
		"Folds":         folds,
		// Community and TLC modules whose TLA+ sources the evaluator runs, with natives for the
		// operators TLC implements in Java.
		"Bitwise":               bitwise,
		"DyadicRationals":       dyadicRationals,
		"Statistics":            statistics,
		"TLCExt":                tlcExt,
		"Randomization":         randomization,
		"CSV":                   csvModule,
		"SVG":                   svgModule,
		"UndirectedGraphs":      undirectedGraphs,
		"Relation":              {},
		"Graphs":                graphs,
		"Graph":                 {},
		"HTML":                  {},
		"Combinatorics":         combinatorics,
		"VectorClocks":          vectorClocks,
		"BagsExt":               bagsExt,
		"NaturalsInduction":     {},
		"WellFoundedInduction":  {},
		"FiniteSetTheorems":     {},
		"FunctionTheorems":      {},
		"SequenceTheorems":      {},
		"SequencesExtTheorems":  {},
		"FiniteSetsExtTheorems": {},
		"FoldsTheorems":         {},
		"BagsTheorems":          {},
		"Json":                  jsonModule,
		"IOUtils":               ioUtils,
		"Reals":                 reals,
		"Toolbox":               {},
		"ShiViz":                {},
	}
}

// standardDeps are the modules a standard module builds on, made available with it.
var standardDeps = map[string][]string{
	"Integers":      {"Naturals"},
	"Reals":         {"Integers"},
	"Sequences":     {"Naturals"},
	"FiniteSets":    {"Naturals"},
	"Bags":          {"Naturals"},
	"TLC":           {"Naturals", "Sequences"},
	"SequencesExt":  {"Sequences", "FiniteSets", "Functions", "Folds"},
	"FiniteSetsExt": {"FiniteSets", "Folds"},
	"Functions":     {"Folds"},
	"Folds":         {"Naturals"},
	"Json":          {"Sequences"},
	"IOUtils":       {"Integers", "Sequences", "TLC"},
}

var (
	stdMu     sync.Mutex
	stdParsed = map[string]*ast.Module{}
)

// standardSource returns the embedded TLA+ text of a standard module (package stdlib), parsed
// once per process; the natives of the module override its definitions, and its other
// definitions are evaluated as written. It returns nil if there is no source.
func standardSource(name string) *ast.Module {
	stdMu.Lock()
	defer stdMu.Unlock()
	if m, ok := stdParsed[name]; ok {
		return m
	}
	src, ok := stdlib.Source(name)
	if !ok {
		return nil
	}
	m, err := syntax.ParseModule(name+".tla", src)
	if err != nil || m.Name != name {
		// The embedded sources are tested to parse; fall back to the natives alone.
		m = nil
	}
	stdParsed[name] = m
	return m
}
