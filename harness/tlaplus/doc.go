// Package tlaplus is the root of dsref's pure-Go TLA+ engine: it reads,
// checks, evaluates and model-checks TLA+ specifications without a JVM.
// The package itself holds no code; the engine is split by concern:
//
//   - ast: the syntax tree of TLA+ 2 modules, with positions.
//   - syntax: lexer, parser and printer. The full TLA+ 2 grammar as SANY
//     accepts it: nested modules, every unit and expression form, Unicode
//     operators, bulleted /\ and \/ lists by column, the precedence ranges
//     of the grammar, comments and PlusCal blocks skipped, proofs kept in
//     the tree. Errors read file:line:col: expected ..., found ....
//   - stdlib: the TLA+ sources of the standard modules, the TLAPS library
//     modules and the community modules TLC users load, embedded.
//   - semantic: loading a root module with everything it EXTENDS and
//     INSTANCEs (from its folder and stdlib), name resolution, arity
//     checking and level checking (constant, state, action, temporal),
//     in proofs too, as SANY checks them.
//   - value: TLA+ values, TLC's normalized order and 64-bit fingerprints.
//   - eval: evaluation of expressions and definitions, with native
//     implementations of the standard modules, and the API a model checker
//     uses to enumerate successor states.
//   - cfg: TLC model configuration files.
//   - check: the explicit-state model checker (BFS, DFS, simulation).
//
// A typical pipeline is syntax.ParseModule, semantic.Check (which reports
// unknown names, wrong arities and level errors before anything runs),
// eval.Load with the configuration's constants, then check.Check.
//
// Left out on purpose: proving (proofs are checked as SANY checks them, not
// proved: TLAPS does that); real numbers (a spec may extend Reals and write
// decimal literals, but evaluating Real, /, Infinity or a decimal is an
// error, as TLC has no real numbers either); and a few of SANY's level
// checks (see package semantic). See each
// sub-package's documentation for its own limits.
package tlaplus
