// Package semantic loads a TLA+ root module with every module it EXTENDS
// or INSTANCEs and checks it the way SANY does before anything is
// evaluated.
//
// Modules are found, in order, among the modules nested in the current
// module and its enclosing modules, the modules already loaded, the
// optional Options.FS, the folder Options.Dir (the root module's folder
// for LoadFile), and the embedded standard modules of package stdlib.
//
// Checking resolves every identifier and operator to a Symbol (a
// constant, variable, definition, parameter, bound identifier, named
// instance or built-in), in definition order: TLA+ has no forward
// references except through RECURSIVE, and no name may be defined twice
// in one scope or reused by a nested binder. It checks arities, including
// the arity of operator arguments passed to higher-order parameters
// (names and LAMBDAs), the substitutions of INSTANCE ... WITH (explicit or
// implicit, with their levels), LOCAL visibility (LOCAL definitions and
// LOCAL INSTANCE imports are not exported), and the levels of TLA+:
// constant, state, action and temporal. The level rules are those of
// Specifying Systems section 17.2, simplified to the checks that matter in
// practice: no prime or UNCHANGED of an action, no [] or <> of a bare
// action, no temporal formula inside an action, ENABLED, \cdot, CHOOSE or
// a subscript, no Boolean combination of an action with a temporal
// formula, constant-level ASSUMEs and constant substitutions. Each
// operator definition records how its body uses each parameter (plainly,
// under a prime or UNCHANGED, under ENABLED, or not at all), so Op(x)
// with Op(a) == a' is an action, En(Next) with En(A) == ENABLED A is a
// state predicate, and an unused argument adds nothing. Each parameter also
// gets the highest level its uses allow, as SANY's level constraints give it
// (bounds.go): F(a) == a \in S refuses F([]P), P(a) == a' refuses P(x'), a
// parameter of a parameterized instance substituted for a variable is at
// most state-level; and an operator passed as an argument must allow the
// levels the body applies it to (higher.go: op(F(_)) == F(v') refuses op(')),
// the same for the operators an INSTANCE substitutes for operator constants,
// which must be Leibniz (no argument primed, under ENABLED, UNCHANGED, [],
// <>, ~>, \cdot, a subscript or fairness: F <- [] and F <- ' are refused).
// Not modelled: c' is constant for a constant c (SANY: an action); a
// RECURSIVE operator priming its parameter (SANY's E4290).
//
// Proofs are checked as SANY checks them (see proof.go): every identifier a step, fact, DEF
// clause or ASSUME ... PROVE uses is declared where it is used (NEW names, step names,
// DEFINE, PICK, TAKE, SUFFICES and INSTANCE steps have their scopes) and applied to as many
// arguments as it takes; a step name in scope again is an error between a USE, HIDE, DEFINE
// or INSTANCE step and another kind of step and a warning otherwise; <*> and <+> name no
// step; a name used as a formula names one (not a HAVE, TAKE, WITNESS, PICK, CASE, QED,
// SUFFICES, USE, HIDE, DEFINE or INSTANCE step, not an ASSUME ... PROVE) and has the level of
// the step's statement; a USE, HIDE, DEFINE or INSTANCE step is no fact, and only a DEFINE
// step's name may stand in a DEF clause; HIDE hides facts by name only. Labels stand where SANY
// allows them, with the bound identifiers around them as parameters (see labels.go). Levels:
// expressions in proofs are level-checked as anywhere else, a NEW's set is not temporal, a temporal PICK has constant
// bounds, and in the proof of a temporal formula TAKE, WITNESS, HAVE and CASE are constant.
// The TLAPS library and community theorem modules in package stdlib state the theorems
// proofs cite; nothing is proved.
//
// Errors are *Error values reading file:line:col: message, for example
// "Spec.tla:12:9: unknown identifier Nxt".
package semantic
