// Package cfg parses TLC model-configuration files (.cfg).
//
// A configuration names the pieces of a TLA+ specification the model checker uses and gives values
// to its constants:
//
//	CONSTANTS N = 3
//	          Procs = {p1, p2}      \* a set of model values
//	          Max <- MaxImpl        \* operator substitution
//	          Max <- [Inner] Small  \* substitution inside the instanced module Inner
//	          F(0) = 1  F(1) = 2    \* CONSTANT F(_) given by a table, one line per argument
//	SPECIFICATION Spec
//	INVARIANTS TypeOK Safety
//	CHECK_DEADLOCK FALSE
//
// Every keyword TLC knows is accepted: CONSTANT(S), INIT, NEXT, SPECIFICATION, INVARIANT(S),
// PROPERTY(IES), CONSTRAINT(S), ACTION_CONSTRAINT(S), SYMMETRY, VIEW, ALIAS, POSTCONDITION and
// CHECK_DEADLOCK; the sections that list names or entries may list none, as in TLC. Comments are
// TLA+ comments (`\*` to end of line and nested `(* ... *)`). Anything
// else is an error naming file:line:column and what was expected, so a misspelt keyword is never
// silently ignored.
//
// Constant values are the TLC value forms: integers, strings, TRUE and FALSE, model values (a bare
// identifier on the right of `=`), and sets `{...}` and tuples `<<...>>` of those.
package cfg
