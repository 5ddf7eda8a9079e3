// Package eval evaluates TLA+ expressions over the syntax trees of package ast, producing the
// values of package value. It loads a root module together with the modules it EXTENDS and
// INSTANCEs (from the spec's folder, or the standard modules, which are built in), applies a
// TLC configuration's constant assignments and substitutions, and evaluates any definition or
// expression: constant ones, state predicates against a state, and actions against a pair of a
// state and a partially assigned next state.
//
// # Semantics
//
// Operator arguments are passed by name, as TLA+ defines them: in Op(e) the parameter stands for
// the expression e, not its value, which matters under a prime (Op(a) == a' applied to x + 1 is
// (x + 1)'). An argument is evaluated at most once per evaluation in the unprimed state. Zero-arity
// definitions that read no state variable are memoized for the life of the Spec. Recursive
// operators (RECURSIVE) and recursive function definitions (f[n \in Nat] == ... f[n-1] ...) work;
// applications nest at most Limits.MaxDepth deep, beyond which evaluation stops with an error
// wrapping ErrRecursionDepth instead of exhausting the stack. CHOOSE picks the first element in
// TLC's normalized order (see package value) satisfying the predicate, so it agrees with TLC.
// Sets are kept lazy where TLA+ allows infinite ones (Nat, [S -> T], SUBSET, Seq(S), filters of
// infinite sets); enumerating an infinite set is an error, never a hang.
//
// Loading runs package semantic first (unless Options.SkipSemanticCheck), so unknown names,
// wrong arities and level errors are reported with their position before anything is evaluated.
// Errors carry the file:line:column of the expression that failed. Reading a primed variable the
// action has not assigned yet is an *UnboundPrimeError, which a successor enumerator can tell
// apart from other failures; a false Assert is an *AssertionError.
//
// # Standard modules
//
// The standard modules (Naturals, Integers, Sequences, FiniteSets, Bags, TLC, TLCExt,
// Randomization), the TLAPS library (TLAPS, NaturalsInduction, WellFoundedInduction and the
// *Theorems modules, whose theorems are left out) and the community modules (SequencesExt,
// FiniteSetsExt, Functions, Folds, BagsExt, Bitwise, Relation, Graphs, UndirectedGraphs,
// Combinatorics, DyadicRationals, Statistics, VectorClocks, CSV, SVG, Json, IOUtils) are loaded
// from the TLA+ sources embedded in package stdlib. The operators TLC implements in Java are
// implemented natively in Go (see the stdlib_*.go files) and replace the definitions of the same
// name and arity, as TLC binds its overrides; the others are evaluated as written. A module of
// the spec's folder named like a standard one is read instead of the embedded source, and gets
// the natives only of the definitions it gives alike. Json reads and writes (newline-delimited)
// JSON files as TLC's module does, numbers included (a fraction truncated, a number outside TLC's
// integers cut to its low 32 bits), but refuses null with the line and field at fault (the
// project's own trace reader, ReadNDJSON, also refuses fractions and numbers out of range);
// IOUtils evaluates IOEnv (the process environment,
// or Options.Env), atoi, zeroPadN and Serialize/Deserialize of text files (format |-> "TXT"), and
// refuses the operators that run programs or use TLC's binary value format. TLCGet and
// TLCSet serve integer registers and, through Context.TLCGet, the string keys a model checker
// provides ("level", "distinct", ..., and TLCGetTrace and TLCGetCounterExample for TLCExt's
// Trace and CounterExample, which TLCGet itself refuses). Randomization's choices depend only on their arguments (and Context.Rand), so
// runs are reproducible.
//
// # Sessions
//
// A Spec is the loaded module, immutable and safe for concurrent use; it answers questions about
// names without evaluating anything (Definition, VariableIndex, Variable, PrimedVariable,
// UnchangedVariables, StateVariablesRead, State). Everything that evaluates goes through a
// Session, which one goroutine takes with Spec.NewSession and uses for a sequence of evaluations
// against one Context, sharing their caches: Eval, EvalBool, EvalString, EvalDef and
// CheckAssumptions. Reset moves a session to another state; Close gives its evaluator back.
//
// # Model checking
//
// A checker generates successor states the way TLC does by walking an action's syntax tree with
// a session: Unfold expands definitions, parameters and labels (not those TLC evaluates once
// when it starts); EnterLet, ForEachBinding and Bindings open LET and quantifier scopes; Spec.PrimedVariable recognises x' for assignment; everything else
// is evaluated with Eval against a Context whose Next holds the variables assigned so far. The
// scopes Unfold and EnterLet return after a Session.Mark live in the session's arena until the
// mark's Release, so a checker expanding a million states binds their parameters without
// allocating. Spec.UnchangedVariables resolves the operand of UNCHANGED
// (vars == <<x, y>>, nested tuples, parameters) to variable indices once, so that a checker
// copies or compares state slots instead of evaluating two tuples.
//
// # Performance
//
// The bodies of definitions are compiled, the first time they are used once the specification
// is loaded, into closures that evaluate them without walking the syntax tree: a node's kind is
// decided when it is compiled, a name bound inside the definition (a parameter, a bound
// identifier, a LET definition) is found at its known distance up the scope chain, and a
// module's name resolves once to what it denotes (see compile.go). A model checker's guards,
// parts of definitions it has expanded, run their compiled code too. Node kinds the compiler
// does not handle, and expressions written outside definitions, are evaluated by walking the
// syntax tree, which shares the scope chain with compiled code; Options.Interpret walks
// everything, for comparison. What evaluation avoids besides: operator arguments share one allocation
// with their scope frame and are cached in place by the evaluation that bound them; constant
// zero-arity definitions are memoized on the definition; a module's definitions, substitutions
// and variables are found through one map; the common arithmetic and comparison operators are
// resolved once per module and applied to integers without a call record when no LET operator
// or higher-order parameter could shadow them; [x \in S |-> e] shares S's enumeration as its
// domain.
//
// # Configuration
//
// Options.Constants are a TLC configuration's CONSTANT entries: `C = v` gives the root module's
// constant (or zero-arity definition) C a value, and `C <- D` replaces it by the root's definition
// D of the same arity. As in TLC, the replacement belongs to the definition C is: when the root
// has C from a module it extends, every instance of a module that extends that module too sees
// the replacement (TLC attaches it to the shared OpDefNode). The module-scoped forms `C = [M] v` and `C <- [M] D` (Constant.Module)
// replace C as seen inside module M, a module the root extends or instantiates directly or
// through other modules, while D is still looked up in the root: with `I == INSTANCE M`, I!C and
// every definition of M that uses C see the replacement, in every instance of M; with EXTENDS M
// the root sees it too. A CONSTANT of M is replaced only where M is extended: in an instance it
// keeps the value the INSTANCE substitutes, which TLC looks up first. An entry whose module the
// root does not reach, whose C module M neither declares nor defines, or which names a constant
// of a module the root only instantiates, is a load error starting with Constant.Source.
//
// Not supported: real numbers (Reals loads, but Real, / and Infinity fail when evaluated), action composition (\cdot) without a model checker (which
// enumerates it as a step and decides it on a step through Context.Compose), and temporal
// operators and fairness as values (the model checker handles temporal properties).
package eval
