package ast

// Module is a TLA+ module: `---- MODULE Name ---- EXTENDS ... units ====`.
// Nested modules appear as ModuleUnit units of their parent.
type Module struct {
	Pos
	Name    string
	Extends []*Ident
	Units   []Unit
	End     Pos // position of the closing `====`
}

// Unit is a top-level item of a module or a LET definition. The concrete
// types are listed in the Unit method set below.
type Unit interface {
	Node
	unit()
}

// Fixity says how an operator name is written where it is declared or
// defined.
type Fixity int

const (
	// Named is an ordinary identifier, applied as F(a, b).
	Named Fixity = iota
	// Prefix is a prefix operator symbol, e.g. `-. a` or `~ a`.
	Prefix
	// Infix is an infix operator symbol, e.g. `a \prec b`.
	Infix
	// Postfix is a postfix operator symbol, e.g. `a ^+`.
	Postfix
)

// OpDecl declares an operator by name and arity: a CONSTANT parameter
// `F(_, _)`, a RECURSIVE declaration, or a formal parameter of an operator
// definition (`x`, higher-order `G(_)`, or `_ \prec _`).
type OpDecl struct {
	Pos
	Name   string
	Arity  int // 0 for an ordinary constant or parameter
	Fixity Fixity
}

// VariableDecl is `VARIABLE(S) x, y`.
type VariableDecl struct {
	Pos
	Names []*Ident
}

// ConstantDecl is `CONSTANT(S) N, F(_, _), _ \prec _`.
type ConstantDecl struct {
	Pos
	Decls []*OpDecl
}

// RecursiveDecl is `RECURSIVE F(_), G` announcing recursive operators that
// are defined later in the same module or LET.
type RecursiveDecl struct {
	Pos
	Decls []*OpDecl
}

// OpDef is an operator definition `F(x, G(_)) == body`, including
// user-defined prefix, infix and postfix operators (`a \prec b == ...`).
type OpDef struct {
	Pos
	Local  bool
	Name   string
	Fixity Fixity
	Params []*OpDecl
	Body   Expr
}

// FuncDef is a function definition `f[x \in S, y \in T] == body`; body may
// refer to f, which makes the function recursive.
type FuncDef struct {
	Pos
	Local  bool
	Name   string
	Bounds []*Bound
	Body   Expr
}

// Substitution is one `param <- expr` of an INSTANCE ... WITH.
type Substitution struct {
	Pos
	Name string // a constant or variable of the instantiated module
	Expr Expr
}

// Instance is `INSTANCE M WITH a <- e, ...`. As a unit on its own it
// imports M's definitions (with substitutions) into the current module.
type Instance struct {
	Pos
	Local  bool
	Module *Ident
	With   []*Substitution
}

// ModuleDef is a named (and possibly parametrised) instance
// `N(x) == INSTANCE M WITH ...`, whose definitions are used as N(e)!Op.
type ModuleDef struct {
	Pos
	Local    bool
	Name     string
	Params   []*OpDecl
	Instance *Instance
}

// Assume is `ASSUME expr`, `ASSUMPTION expr` or `AXIOM expr`, optionally
// named (`ASSUME Name == expr`).
type Assume struct {
	Pos
	Name string
	Expr Expr
	// Axiom marks an AXIOM, which TLC takes as given and does not check.
	Axiom bool
}

// Theorem is `THEOREM`, `LEMMA`, `PROPOSITION` or `COROLLARY`, optionally
// named. Its statement is Expr, or Assume for an ASSUME ... PROVE form
// (Expr is nil then). Proof is nil when no proof follows.
type Theorem struct {
	Pos
	Keyword string
	Name    string
	Expr    Expr
	Assume  *AssumeProve
	Proof   *Proof
}

// AssumeProve is the statement `ASSUME a, b, ... PROVE e`.
type AssumeProve struct {
	Pos
	Assumptions []*Assumption
	Prove       Expr
}

// Assumption is one assumption of an ASSUME ... PROVE: exactly one of New (`NEW x \in S`,
// `NEW CONSTANT F(_)`, `VARIABLE v`), Expr (a formula, a fact's name) or Assume (a nested
// ASSUME ... PROVE) is set.
type Assumption struct {
	Pos
	New    *NewDecl
	Expr   Expr
	Assume *AssumeProve
	// Label labels a nested ASSUME ... PROVE (`lab :: ASSUME ... PROVE ...`), or is "".
	Label string
}

// NewDecl declares a name of an ASSUME: `NEW x`, `NEW x \in S`, `NEW CONSTANT F(_, _)`,
// `NEW VARIABLE v`, `STATE s`, `ACTION a`, `TEMPORAL t` (Kind is CONSTANT when none is
// written).
type NewDecl struct {
	Pos
	Kind  string // CONSTANT, VARIABLE, STATE, ACTION or TEMPORAL
	Name  string
	Arity int
	In    Expr // the set of `NEW x \in S`, or nil
}

// Proof is a proof: a terminal proof (`BY ...`, `OBVIOUS`, `OMITTED`) or a sequence of
// steps ending with a QED step. The engine checks proofs only as SANY does (every name
// used is declared, with its arity); it never proves anything. Proof nodes are leaves for
// Inspect: their expressions are reached through Steps and By.
type Proof struct {
	Pos
	End   Pos     // position just after the proof's last token
	By    *Use    // the facts and definitions of a BY proof; nil otherwise
	Steps []*Step // the steps of a structured proof, the QED step last
}

// Use is what follows BY, USE or HIDE: facts (step names, theorem and assumption names,
// formulas) and, after DEF, names of definitions. `MODULE M` facts and definitions are
// in Modules.
type Use struct {
	Pos
	Only    bool
	Facts   []Expr
	Defs    []Expr // Ident or instance-qualified OpApp without arguments
	Modules []*Ident
}

// Step is one step of a structured proof: its label (`<1>2.`, `<1>`, `<+>`, `<*>`) and
// what follows it. Kind is the step's keyword (USE, HIDE, DEFINE, INSTANCE, HAVE, TAKE,
// WITNESS, PICK, SUFFICES, CASE, QED) or "" for an assertion.
type Step struct {
	Pos           // at the step's label
	Name   string // `<1>2` for a named step (`<1>2.` or `<1>2`); "" for `<1>.`, `<+>`, `<*>`
	Kind   string
	Use    *Use         // USE, HIDE
	Defs   []Unit       // DEFINE (or definitions written without it), INSTANCE
	Bounds []*Bound     // TAKE, PICK
	Exprs  []Expr       // HAVE, WITNESS, PICK's formula, CASE, an assertion or SUFFICES formula
	Assume *AssumeProve // an assertion or SUFFICES of the ASSUME ... PROVE form
	Proof  *Proof
}

// UseOrHide is a top-level `USE ...` or `HIDE ...`.
type UseOrHide struct {
	Pos
	Keyword string
	End     Pos
	Use     *Use
}

// ModuleUnit is a module nested inside another module.
type ModuleUnit struct {
	Pos
	Module *Module
}

// Separator is a `----` line between units; kept only for printing.
type Separator struct {
	Pos
}

func (*VariableDecl) unit()  {}
func (*ConstantDecl) unit()  {}
func (*RecursiveDecl) unit() {}
func (*OpDef) unit()         {}
func (*FuncDef) unit()       {}
func (*Instance) unit()      {}
func (*ModuleDef) unit()     {}
func (*Assume) unit()        {}
func (*Theorem) unit()       {}
func (*UseOrHide) unit()     {}
func (*ModuleUnit) unit()    {}
func (*Separator) unit()     {}
