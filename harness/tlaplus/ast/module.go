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
// named. Expr is nil when the statement is an ASSUME ... PROVE form, which
// is skipped to its PROVE. Proof is nil when no proof follows.
type Theorem struct {
	Pos
	Keyword string
	Name    string
	Expr    Expr
	Proof   *Proof
}

// Proof is a proof (`PROOF`, `BY`, `OBVIOUS`, `OMITTED`, steps `<1>a.`,
// `QED`, ...). The parser checks it against the proof grammar, but the
// engine does not check proofs: the node only records its span so tools
// can report it.
type Proof struct {
	Pos
	End Pos // position just after the last skipped token
}

// UseOrHide is a top-level `USE ...` or `HIDE ...`, parsed and not kept, like a proof.
type UseOrHide struct {
	Pos
	Keyword string
	End     Pos
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
