// Package ast declares the syntax tree of TLA+ 2 modules as produced by
// package syntax and consumed by the semantic checker, the evaluator and the
// model checker.
//
// Every node records the position of its first token. Operator names are
// canonical ASCII spellings: the parser maps Unicode forms and synonyms
// (∧, \land; ∪, \union; #, ≠; \o, \circ; ...) to one name, listed in
// package syntax, so later stages compare names only. Unary minus is named
// "-." as in the standard modules (`-. a == 0 - a`).
//
// The tree keeps the shape of the source where it matters for printing
// (parentheses, bulleted junction lists) and normalises everything else.
// Proofs are kept (Proof, Step, Use, AssumeProve) for the semantic check of
// the names they use; Inspect treats a Proof and a theorem's ASSUME ... PROVE
// statement as leaves.
package ast
