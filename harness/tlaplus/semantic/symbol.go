package semantic

import (
	"fmt"

	"github.com/dsref/dsref/harness/tlaplus/ast"
)

// Level is the TLA+ level of an expression: what it may depend on.
type Level int

const (
	// ConstantLevel expressions depend on constants only.
	ConstantLevel Level = iota
	// StateLevel expressions depend on the values of variables in a state.
	StateLevel
	// ActionLevel expressions relate two states (primes, [A]_v, UNCHANGED).
	ActionLevel
	// TemporalLevel expressions are about whole behaviours ([], <>, WF_).
	TemporalLevel
)

func (l Level) String() string {
	switch l {
	case ConstantLevel:
		return "constant"
	case StateLevel:
		return "state"
	case ActionLevel:
		return "action"
	case TemporalLevel:
		return "temporal"
	}
	return fmt.Sprintf("Level(%d)", int(l))
}

// article returns the level with its indefinite article, for messages:
// "a state-level", "an action-level".
func (l Level) article() string {
	if l == ActionLevel {
		return "an action-level"
	}
	return "a " + l.String() + "-level"
}

// Kind says what a name denotes.
type Kind int

const (
	// Constant is a CONSTANT parameter (possibly an operator constant).
	Constant Kind = iota
	// Variable is a VARIABLE.
	Variable
	// Operator is an operator definition (ordinary, infix, prefix or postfix).
	Operator
	// Function is a function definition f[x \in S] == e.
	Function
	// ModuleInstance is a named instance N(x) == INSTANCE M.
	ModuleInstance
	// Parameter is a formal parameter of an operator definition or LAMBDA.
	Parameter
	// Bound is an identifier bound by a quantifier, CHOOSE, set or function constructor.
	Bound
	// Builtin is an operator of TLA+ itself (=, \in, SUBSET, ...).
	Builtin
)

var kindNames = [...]string{"constant", "variable", "operator", "function", "module instance", "parameter", "bound identifier", "built-in operator"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Symbol is one declared or defined name.
type Symbol struct {
	Name   string
	Kind   Kind
	Arity  int // number of arguments; 0 for names used bare
	Fixity ast.Fixity
	Local  bool
	Pos    ast.Pos
	Module string // module that declares it; empty for built-ins and bound names
	// Level is the level of the symbol itself (variables are state-level)
	// or, for a definition, of its body with all parameters constant-level.
	Level Level
	// Node is the declaring node: *ast.OpDecl, *ast.Ident, *ast.OpDef,
	// *ast.FuncDef or *ast.ModuleDef; nil for built-ins.
	Node ast.Node
	// Instance is the instantiated module of a ModuleInstance.
	Instance *Module
	// instDeps lists, for each parameter of a ModuleInstance of a module that is not constant,
	// the substitutions it occurs in (see instparams.go).
	instDeps [][]substDep

	recursive bool // declared RECURSIVE and not yet defined
	lambda    bool // a LAMBDA's parameter
	// uses records, per parameter of an operator definition, how the body
	// uses it, so an application's level depends on the arguments that
	// matter (nil: every argument counts as used plainly).
	uses []paramUse
	// use collects the uses of a Parameter symbol while its definition's
	// body is checked.
	use *paramUse
}

// paramUse says where a parameter occurs in its operator's body: plainly,
// under a prime or UNCHANGED (an argument of state level makes the
// application an action), or under ENABLED (which lowers an action to a
// state predicate); and how the body bounds the argument's level (see
// bounds.go): max is the highest level an argument may have, and weighted
// reports an occurrence whose level counts toward the body's (SANY's
// getMaxLevel and getWeight).
type paramUse struct {
	plain, primed, enabled bool
	weighted               bool
	max                    Level
	// nonLeibniz reports an occurrence in a non-Leibniz position (SANY's nonLeibnizParams):
	// the definition is then not Leibniz in this argument (see bounds.go).
	nonLeibniz bool
	// For an operator parameter or operator constant F: argMin[k] is the highest level of
	// an argument k the body applies F to, which the operator passed for F must allow (SANY's
	// getMinMaxLevel); inArgs lists, for any parameter or constant, the argument positions
	// of such operators it occurs in (SANY's argLevelParams, which give getOpLevelCond). See
	// higher.go.
	argMin []Level
	inArgs []opArgPos
}

// contribution is the level an argument of level lvl gives an
// application of an operator whose body uses the parameter as u says.
func (u paramUse) contribution(lvl Level) Level {
	out := ConstantLevel
	if u.plain {
		out = maxLevel(out, lvl)
	}
	if u.primed && lvl >= StateLevel {
		out = maxLevel(out, ActionLevel)
	}
	if u.enabled {
		out = maxLevel(out, min(lvl, StateLevel))
	}
	return out
}

// Module is a checked module.
type Module struct {
	Name string
	AST  *ast.Module
	// File is the source the module was read from ("Naturals.tla (standard)"
	// for an embedded standard module).
	File string
	// Standard reports a module from package stdlib.
	Standard bool
	// Constants and Variables are declared in this module or in modules it
	// extends, in declaration order.
	Constants []*Symbol
	Variables []*Symbol
	// Scope holds every name visible at the end of the module, LOCAL
	// definitions included.
	Scope map[string]*Symbol
	// Exports holds the names a module that EXTENDS or INSTANCEs this one
	// can use: everything in Scope except LOCAL definitions, built-ins and
	// what this module imported through LOCAL INSTANCE.
	Exports map[string]*Symbol
	// Nested are the modules declared inside this one, by name.
	Nested map[string]*Module

	// outer is, for a nested module, the scopes around it when it was checked (see relevel).
	outer *modEnv
}
