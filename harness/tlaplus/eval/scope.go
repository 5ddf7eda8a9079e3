package eval

import (
	"sync/atomic"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// Scope is a lexical environment: the bound identifiers, operator parameters and LET definitions
// visible at a point of an expression, ending in the module the expression belongs to. Scopes are
// immutable; binding a name returns a new child scope, so they can be shared freely.
type Scope struct {
	parent *Scope
	name   string
	val    value.Value // a bound identifier
	arg    *thunk      // an ordinary operator argument, passed by name
	op     *Operator   // a LET definition or an operator passed to a higher-order parameter
	mod    *modCtx     // set on the root scope of a module only
	// home is the module at the root of the chain and opFrames whether some frame of the chain
	// binds an operator (a LET definition or higher-order parameter): without one, an operator
	// symbol such as + can only denote home's definition, found without walking the chain.
	home     *modCtx
	opFrames bool
}

// Bind returns a child of s in which name denotes v.
func (s *Scope) Bind(name string, v value.Value) *Scope {
	home, opFrames := s.inherited()
	return &Scope{parent: s, name: name, val: v, home: home, opFrames: opFrames}
}

func (s *Scope) bindArg(name string, t *thunk) *Scope {
	home, opFrames := s.inherited()
	return &Scope{parent: s, name: name, arg: t, home: home, opFrames: opFrames}
}

// bindExpr binds name to the expression x written in scope xs, passed by name.
func (s *Scope) bindExpr(name string, x ast.Expr, xs *Scope) *Scope {
	return s.bindOwnedExpr(name, x, xs, nil)
}

// scopedThunk lets a scope and the argument it binds share one allocation: binding operator
// arguments is the evaluator's most frequent allocation.
type scopedThunk struct {
	scope Scope
	arg   thunk
}

// bindOwnedExpr is bindExpr for an argument bound by evaluation owner, which caches the
// argument's value without synchronization (see thunk.owner).
func (s *Scope) bindOwnedExpr(name string, x ast.Expr, xs *Scope, owner *evaluator) *Scope {
	st := &scopedThunk{}
	st.arg.expr, st.arg.scope, st.arg.owner = x, xs, owner
	if owner != nil {
		st.arg.ownEpoch = owner.epoch
	}
	st.scope.parent, st.scope.name, st.scope.arg = s, name, &st.arg
	st.scope.home, st.scope.opFrames = s.inherited()
	return &st.scope
}

func (s *Scope) bindOp(name string, op *Operator) *Scope {
	home, _ := s.inherited()
	return &Scope{parent: s, name: name, op: op, home: home, opFrames: true}
}

// loopFrame is the frame a loop over a set's elements binds its variable in. The frame of one
// element is dead once the loop body is done with it, unless something kept the scope: a lazy
// value (a function over an infinite domain, a filter of an infinite set, a recursive function
// definition) or an instance of a module. Such captures are counted, and as long as none
// happened the next element reuses the frame, which is taken from the evaluation's stack and
// given back when the loop ends: a quantifier, CHOOSE or constructor allocates nothing for its
// variable (frames were most of a model checker's allocated bytes). Make one with
// evaluator.loop and end it with evaluator.endLoop.
type loopFrame struct {
	ev       *evaluator
	f        *Scope
	captures int64 // when f was taken
	mark     int   // the stack's top when the loop began
	start    int64 // the captures when the loop began
}

// scopeCaptures counts the values and instances made so far that keep a scope beyond the
// evaluation that made them, by every evaluation: one evaluation may capture a scope another
// bound (a model checker evaluates the conjuncts inside \E i \in S one by one).
var scopeCaptures atomic.Int64

// captured records that a scope has been kept; see loopFrame.
func captured() { scopeCaptures.Add(1) }

// loop begins a loop binding a variable.
func (ev *evaluator) loop() loopFrame {
	return loopFrame{ev: ev, mark: ev.frames.scopes.top, start: scopeCaptures.Load()}
}

// endLoop gives the loop's frames back to the stack, unless a scope was kept meanwhile.
func (ev *evaluator) endLoop(l *loopFrame) {
	if l.f == nil {
		return
	}
	if scopeCaptures.Load() == l.start {
		ev.frames.scopes.pop(l.mark)
	} else {
		ev.frames.scopes.abandon()
	}
}

// bind is s.Bind(name, v), in the loop's frame when it can be reused.
func (l *loopFrame) bind(s *Scope, name string, v value.Value) *Scope {
	if c := scopeCaptures.Load(); l.f == nil || c != l.captures {
		l.f, l.captures = l.ev.frames.scopes.push(), c
	} else if l.f.parent == s && l.f.name == name {
		// The next element of the same loop: only the value changes (the frame was the
		// loops' most written memory).
		l.f.val = v
		return l.f
	}
	home, opFrames := s.inherited()
	*l.f = Scope{parent: s, name: name, val: v, home: home, opFrames: opFrames}
	return l.f
}

// inherited returns what a child of s inherits: its home module and whether an operator is
// bound on the way there. A nil scope has neither.
func (s *Scope) inherited() (*modCtx, bool) {
	if s == nil {
		return nil, false
	}
	return s.home, s.opFrames
}

// module returns the module context at the root of s.
func (s *Scope) module() *modCtx {
	for ; s != nil; s = s.parent {
		if s.mod != nil {
			return s.mod
		}
	}
	return nil
}

// thunk is an operator argument passed by name: the expression and the scope it is written in.
// Its value in the current (unprimed) state is cached; under a prime it is re-evaluated, since
// Op(e) with Op(a) == a' means e'.
type thunk struct {
	expr ast.Expr
	// code, when not nil, is expr compiled, which force runs instead of walking expr.
	code  code
	scope *Scope
	// cache holds the value and the evaluation it belongs to: scopes may outlive an evaluation
	// (a checker keeps unfolded actions, perhaps for several worker goroutines), and the next
	// evaluation may be in another state. It is replaced atomically, never mutated.
	cache atomic.Pointer[thunkCache]
	// shared marks INSTANCE substitutions, which outlive one evaluation; like every thunk they
	// are cached per evaluation only.
	shared bool
	// fixed marks the substitutions of an instance whose context is fixed (see modCtx.fixed):
	// the expression is written at the top level of a fixed context, so it reads no name a
	// frame binds, and reading it is no local read (see evaluator.use).
	fixed bool
	// owner, when set, is the evaluation that bound this argument (an operator application in
	// progress). Only the owner's goroutine reads or writes ownVal, so the owner caches there
	// without allocating; any other evaluation goes through cache.
	// Evaluators are recycled (see Spec.newEvaluator), so ownership is the evaluator together
	// with the epoch of the evaluation that bound the argument.
	owner    *evaluator
	ownEpoch epoch
	ownVal   value.Value
	// ownReadState records whether computing ownVal read the state (see thunkCache.readState).
	ownReadState bool
}

type thunkCache struct {
	epoch epoch
	val   value.Value
	// readState records whether computing val read the state: a read of the cached value then
	// counts as a state read, so that what reads it is not memoized as a constant; an argument
	// such as 1..5, read again and again by the operator it is passed to, leaves a definition
	// like Sorted == {s \in Lim(1..5) : ...} a constant, computed once (TLC computes constant
	// definitions once when it starts).
	readState bool
}

// Operator is a definition: a module or LET operator definition, a function definition, a
// native standard-module operator, a LAMBDA, or a named instance M(x) == INSTANCE N.
type Operator struct {
	Name   string
	Params []*ast.OpDecl
	Pos    ast.Pos

	body    ast.Expr       // operator definition or LAMBDA body
	funcDef *ast.FuncDef   // f[x \in S] == body
	native  *native        // standard-module operator implemented in Go
	java    string         // the Java method of TLC's errors for the native (see javaMethod)
	inst    *ast.ModuleDef // M(x) == INSTANCE N WITH ...
	value   value.Value    // a constant fixed by the configuration

	// scope is the closure environment: the module root scope for module-level definitions, the
	// enclosing scope for LET definitions and LAMBDAs.
	scope *Scope
	// local marks a LOCAL definition, which INSTANCE does not import.
	local bool
	// home is the module a module-level definition belongs to, which memoizes it.
	home *modCtx
	// memo holds the value of a zero-arity module-level definition that reads no state, once
	// computed: it is the same in every state.
	memo atomic.Pointer[memoBox]
	// module is the name of the module whose source defines the operator (for a module-level
	// definition), which may be one the definition's home extends.
	module string
	// constLevel caches constantDefinition: 0 not worked out yet, 1 constant, 2 not.
	constLevel atomic.Int32
	// stateOnly caches stateOnlyDefinition: 0 not worked out yet, 1 state-only, 2 not.
	stateOnly atomic.Int32
	// stable caches stableDefinition, as stateOnly.
	stable atomic.Int32
	// stateFn caches stateFunction (see argCached), as stateOnly.
	stateFn atomic.Int32
	// compiled holds the body compiled (see bodyCode); a LET operator gets it when bound.
	compiled atomic.Pointer[compiledBody]
	// funcCode holds a module-level function definition's body compiled (see funcDefCode).
	funcCode atomic.Pointer[compiledBody]
	// member holds the membership code of the body (see Spec.memberBodyCode).
	member atomic.Pointer[compiledMember]
	// lambda marks a LAMBDA, whose body is compiled with the definition it is written in.
	lambda bool
}

type memoBox struct{ val value.Value }

// Arity is the number of parameters.
func (op *Operator) Arity() int {
	if op.native != nil {
		return op.native.arity
	}
	return len(op.Params)
}

// modCtx is a module as evaluated: its definitions (own, extended and imported by unnamed
// INSTANCE), its constants and variables, and, for an instance, the substitutions for them.
type modCtx struct {
	name  string
	spec  *Spec
	defs  map[string]*Operator
	root  *Scope
	decls map[string]bool // names declared CONSTANT or VARIABLE in this module

	// vars maps the root module's variables to their index in a state.
	vars map[string]int
	// resolved merges defs, subst and vars for lookup (see names).
	resolved atomic.Pointer[map[string]*binding]
	// symbols caches the definitions of common infix operators (see symbol).
	symbols atomic.Pointer[symbolTable]
	// subst maps a CONSTANT or VARIABLE of an instantiated module to its replacement, an
	// expression in the instantiating module's scope.
	subst map[string]*thunk
	// once says the context is built once for the whole run: the root module's, or an
	// instance's without parameters (see instantiate). Another instance's is built at each
	// application, with its arguments (see Spec.ConstantSite).
	once bool
	// fixed says the context and every context it is instantiated in are built once: the
	// root module's, or an instance without parameters written at the top level of a fixed
	// context. Its substitutions are then expressions of a fixed context's module, the same for
	// the whole run (see thunk.fixed).
	fixed bool
	// exported holds, for the definitions of an instance that a root-level configuration
	// entry replaced in defs, the instance's own definition, which I!name names (see
	// overrideShared and prefixed).
	exported map[string]*Operator
}

// prefixed returns the definition written name with the prefix of the instance m stands for,
// I!name: the instance's own definition, also where a configuration entry replaced it for the
// uses inside the module.
func (m *modCtx) prefixed(name string) (*Operator, bool) {
	if d, ok := m.exported[name]; ok {
		return d, true
	}
	d, ok := m.defs[name]
	return d, ok
}

func newModCtx(name string, spec *Spec) *modCtx {
	m := &modCtx{name: name, spec: spec, defs: map[string]*Operator{}, decls: map[string]bool{}}
	m.root = &Scope{mod: m}
	m.root.home = m
	return m
}

func (m *modCtx) memoized(op *Operator) (value.Value, bool) {
	if b := op.memo.Load(); b != nil {
		return b.val, true
	}
	return nil, false
}

func (m *modCtx) remember(op *Operator, v value.Value) {
	op.memo.Store(&memoBox{val: v})
}

// rememberFirst is remember for a value that another goroutine may be computing differently
// at the same time (a random choice): the first value stored stays, and is returned.
func (m *modCtx) rememberFirst(op *Operator, v value.Value) value.Value {
	op.memo.CompareAndSwap(nil, &memoBox{val: v})
	return op.memo.Load().val
}

// stack allocates values of T in chunks that are reused once popped, for frames and arguments
// that live only while an operator's body is evaluated. Chunks never move, so an element's
// address stays valid while it is on the stack.
type stack[T any] struct {
	chunks []*[stackChunk]T
	top    int
}

const stackChunk = 64

// push returns a zeroed element on top of the stack.
func (s *stack[T]) push() *T {
	i := s.top / stackChunk
	if i == len(s.chunks) {
		s.chunks = append(s.chunks, new([stackChunk]T))
	}
	e := &s.chunks[i][s.top%stackChunk]
	var zero T
	*e = zero
	s.top++
	return e
}

// pop removes the elements pushed since the stack's top was top.
func (s *stack[T]) pop(top int) { s.top = top }

// abandon leaves every element pushed so far to whoever still refers to it: the stack starts
// over with new chunks.
func (s *stack[T]) abandon() {
	s.chunks, s.top = nil, 0
}

// frames is an evaluation's arena: the scope frames and by-name arguments of the operator
// applications, LETs, loops and @ in progress, and of the definitions a Session unfolds for its
// caller (see Session.Mark). It is a pair of stacks, popped in LIFO order by release.
type frames struct {
	scopes stack[Scope]
	thunks stack[thunk]
}

// framesMark is the state of a frames to return to.
type framesMark struct {
	scopes, thunks int
	captures       int64
}

// mark returns the current state of fr.
func (fr *frames) mark() framesMark {
	return framesMark{scopes: fr.scopes.top, thunks: fr.thunks.top, captures: scopeCaptures.Load()}
}

// release gives back the frames taken since m, unless a lazy value or instance kept a scope
// meanwhile (see loopFrame): then every frame taken so far stays with whoever kept it.
func (fr *frames) release(m framesMark) {
	if scopeCaptures.Load() == m.captures {
		fr.scopes.pop(m.scopes)
		fr.thunks.pop(m.thunks)
		return
	}
	fr.scopes.abandon()
	fr.thunks.abandon()
}
