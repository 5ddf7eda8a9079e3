package ast

import "sync/atomic"

// Expr is a TLA+ expression. The concrete types are the ones with an expr
// method below.
type Expr interface {
	Node
	expr()
}

// Ident is a bare name: a variable, constant, bound identifier, definition
// of arity zero, or an operator passed as an argument to a higher-order
// operator. TRUE, FALSE, BOOLEAN and STRING are Bool and Ident nodes
// respectively and are resolved as built-ins.
type Ident struct {
	Pos
	Name string
	// Memo caches what the name resolved to in its module.
	Memo
}

// Memo is a slot in which an evaluator caches what it worked out about a node: the module-level
// binding of a name (resolving names is the most frequent step of evaluation, and this saves
// hashing them into the module's table), or the value of a constant expression. It is not part
// of the syntax.
//
// It lives in the node because a side table is slower: with the memos held instead in a
// sync.Map keyed by the memo's address (shared by the checker's workers, as the field is),
// BenchmarkExpand in harness/tlaplus/check took 14% more CPU per successor on MCRaft (medians
// of 3 interleaved runs, 32,475 against 28,483 ns), 15% on MCPaxos (60,961 against 52,961) and
// 5% on MCMultiPaxos (33,558 against 31,876), at a machine load of 45-50.
type Memo struct {
	res atomic.Pointer[Resolution]
}

// Resolution is what an evaluator cached on a node: Value, valid in the module Scope (an opaque
// key of the evaluator's).
type Resolution struct {
	Scope any
	Value any
}

// Resolved returns the resolution cached on the node, or nil. Safe for concurrent use.
func (m *Memo) Resolved() *Resolution { return m.res.Load() }

// SetResolved caches r on the node. Safe for concurrent use.
func (m *Memo) SetResolved(r *Resolution) { m.res.Store(r) }

// InstanceStep is one `N(args)!` of an instance-qualified name.
type InstanceStep struct {
	Pos
	Name string
	Args []Expr
}

// OpApp applies a named operator: `F(a, b)`, or an instance-qualified
// reference `N!Op`, `N(x)!M!Op(a)`. Prefix is empty for an unqualified
// application; Args is empty for `N!Op` without arguments.
type OpApp struct {
	Pos
	Prefix []*InstanceStep
	Name   string
	Args   []Expr
	// Memo caches what Name resolved to in its module.
	Memo
}

// Num is an integer or decimal literal. Text is the source spelling
// (`\h1F`); Value is its base-10 form (`31`, or `1.5` for a decimal).
// The parser also gives an integer that fits in 64 bits as Int, with IsInt
// set, so that an evaluator need not parse Value every time.
type Num struct {
	Pos
	Text    string
	Value   string
	Int     int64
	Decimal bool
	IsInt   bool
}

// String is a string literal; Value has escapes resolved.
type String struct {
	Pos
	Value string
	// Memo caches the literal's value.
	Memo
}

// Bool is TRUE or FALSE.
type Bool struct {
	Pos
	Value bool
}

// Paren is a parenthesised expression, kept so the printer reproduces the
// source grouping. Evaluators simply look through it.
type Paren struct {
	Pos
	X Expr
}

// InfixExpr is `L Op R` for a built-in or user-defined infix operator.
// Op is the canonical ASCII name, e.g. "\\in", "/\\", "=>", "\\prec".
type InfixExpr struct {
	Pos
	Op    string
	OpPos Pos // position of the operator symbol
	L, R  Expr
}

// PrefixExpr is `Op X`: "~", "-." (unary minus), "[]", "<>", "ENABLED",
// "UNCHANGED", "SUBSET", "UNION", "DOMAIN" or a user-defined prefix
// operator.
type PrefixExpr struct {
	Pos
	Op string
	X  Expr
}

// PostfixExpr is `X Op`: "'" (prime), "^+", "^*" or "^#".
type PostfixExpr struct {
	Pos
	Op string
	X  Expr
}

// JunctionKind distinguishes conjunction and disjunction lists.
type JunctionKind int

const (
	// And is a list of /\ items.
	And JunctionKind = iota
	// Or is a list of \/ items.
	Or
)

// Junction is a bulleted conjunction or disjunction list aligned on one
// column. Infix `a /\ b` is an InfixExpr instead.
type Junction struct {
	Pos
	Kind  JunctionKind
	Items []Expr
}

// If is IF Cond THEN Then ELSE Else.
type If struct {
	Pos
	Cond, Then, Else Expr
}

// CaseArm is one `Cond -> Value` of a CASE.
type CaseArm struct {
	Pos
	Cond, Value Expr
}

// Case is CASE arm [] arm ... [] OTHER -> Other; Other may be nil.
type Case struct {
	Pos
	Arms  []*CaseArm
	Other Expr
}

// Let is LET defs IN Body. Defs holds OpDef, FuncDef, ModuleDef and
// RecursiveDecl units.
type Let struct {
	Pos
	Defs []Unit
	Body Expr
}

// Bound introduces bound identifiers: `x, y \in S`, the tuple binder
// `<<x, y>> \in S`, or (Set nil) unbounded names as in `\E x, y : P`.
type Bound struct {
	Pos
	Names []*Ident
	Tuple bool
	Set   Expr
}

// QuantKind says which quantifier a Quant is.
type QuantKind int

const (
	// Forall is \A.
	Forall QuantKind = iota
	// Exists is \E.
	Exists
	// TemporalForall is \AA (temporal universal quantification).
	TemporalForall
	// TemporalExists is \EE (temporal existential quantification).
	TemporalExists
)

// Quant is `\A bounds : Body`, `\E bounds : Body`, or the temporal `\AA x :
// Body` / `\EE x : Body` (whose bounds are always unbounded).
type Quant struct {
	Pos
	Kind   QuantKind
	Bounds []*Bound
	Body   Expr
}

// Choose is `CHOOSE x \in S : P`, `CHOOSE x : P` or
// `CHOOSE <<x, y>> \in S : P`.
type Choose struct {
	Pos
	Bound *Bound
	Body  Expr
}

// SetEnum is `{a, b, c}`; `{}` has no elements.
type SetEnum struct {
	Pos
	Elems []Expr
	// Memo caches the value when it is a constant.
	Memo
}

// SetFilter is `{x \in S : P}` (or with a tuple binder).
type SetFilter struct {
	Pos
	Bound *Bound
	Pred  Expr
	// Memo caches the value when it is a constant.
	Memo
}

// SetMap is `{e : x \in S, y \in T}`.
type SetMap struct {
	Pos
	Elem   Expr
	Bounds []*Bound
	// Memo caches the value when it is a constant.
	Memo
}

// CrossProduct is `A \X B \X C`, which TLA+ treats as one n-ary product
// (a set of triples), unlike `(A \X B) \X C`.
type CrossProduct struct {
	Pos
	Factors []Expr
	// Memo caches the value when it is a constant.
	Memo
}

// FuncCons is the function constructor `[x \in S, y \in T |-> Body]`.
type FuncCons struct {
	Pos
	Bounds []*Bound
	Body   Expr
	// Memo caches the value when it is a constant.
	Memo
}

// FuncApp is function application `f[a]` or `f[a, b]` (the latter applies
// f to the tuple <<a, b>>).
type FuncApp struct {
	Pos
	Func Expr
	Args []Expr
}

// FuncSet is `[Domain -> Range]`.
type FuncSet struct {
	Pos
	Domain, Range Expr
	// Memo caches the value when it is a constant.
	Memo
}

// Field is one `name |-> value` of a record or `name : set` of a record
// set.
type Field struct {
	Pos
	Name  string
	Value Expr
}

// Record is `[a |-> 1, b |-> 2]`.
type Record struct {
	Pos
	Fields []*Field
	// Memo caches the layout of the records the constructor builds.
	Memo
}

// RecordSet is `[a : S, b : T]`.
type RecordSet struct {
	Pos
	Fields []*Field
	// Memo caches the value when it is a constant.
	Memo
}

// ExceptStep is one step of an EXCEPT path: `.field` (Field set) or
// `[a, b]` (Args set).
type ExceptStep struct {
	Pos
	Field string
	Args  []Expr
}

// ExceptUpdate is `!path = Value`; inside Value, `@` (At) denotes the old
// value at path.
type ExceptUpdate struct {
	Pos
	Path  []*ExceptStep
	Value Expr
}

// Except is `[Func EXCEPT !path = e, ...]`.
type Except struct {
	Pos
	Func    Expr
	Updates []*ExceptUpdate
}

// At is `@` inside an EXCEPT value.
type At struct {
	Pos
}

// Tuple is `<<a, b>>`.
type Tuple struct {
	Pos
	Elems []Expr
}

// Dot is record field selection `X.Field`.
type Dot struct {
	Pos
	X     Expr
	Field string
}

// Lambda is `LAMBDA x, y : Body`, allowed as an argument to a
// higher-order operator.
type Lambda struct {
	Pos
	Params []*Ident
	Body   Expr
}

// BoxAction is `[Action]_Sub`.
type BoxAction struct {
	Pos
	Action, Sub Expr
}

// AngleAction is `<<Action>>_Sub`.
type AngleAction struct {
	Pos
	Action, Sub Expr
}

// Fairness is `WF_Sub(Action)` or `SF_Sub(Action)`.
type Fairness struct {
	Pos
	Strong bool
	Sub    Expr
	Action Expr
}

// Label is a labelled expression `lab:: X` or `lab(a, b):: X`.
type Label struct {
	Pos
	Name   string
	Params []*Ident
	X      Expr
}

func (*Ident) expr()        {}
func (*OpApp) expr()        {}
func (*Num) expr()          {}
func (*String) expr()       {}
func (*Bool) expr()         {}
func (*Paren) expr()        {}
func (*InfixExpr) expr()    {}
func (*PrefixExpr) expr()   {}
func (*PostfixExpr) expr()  {}
func (*Junction) expr()     {}
func (*If) expr()           {}
func (*Case) expr()         {}
func (*Let) expr()          {}
func (*Quant) expr()        {}
func (*Choose) expr()       {}
func (*SetEnum) expr()      {}
func (*SetFilter) expr()    {}
func (*SetMap) expr()       {}
func (*CrossProduct) expr() {}
func (*FuncCons) expr()     {}
func (*FuncApp) expr()      {}
func (*FuncSet) expr()      {}
func (*Record) expr()       {}
func (*RecordSet) expr()    {}
func (*Except) expr()       {}
func (*At) expr()           {}
func (*Tuple) expr()        {}
func (*Dot) expr()          {}
func (*Lambda) expr()       {}
func (*BoxAction) expr()    {}
func (*AngleAction) expr()  {}
func (*Fairness) expr()     {}
func (*Label) expr()        {}
