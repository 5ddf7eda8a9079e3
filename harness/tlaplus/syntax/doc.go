// Package syntax reads and writes TLA+ 2 source: a lexer, a recursive
// descent parser producing package ast trees, and a printer.
//
// The parser accepts the language as SANY does: modules and nested
// modules, every unit and expression form, the precedence ranges and
// associativity of the TLA+ grammar (operators with overlapping ranges are
// rejected unless they are the same left-associative operator), and
// bulleted /\ and \/ lists, whose items end at the first token at or left
// of the bullet's column. Comments `\*` and nested `(* ... *)` are
// skipped, which also skips PlusCal algorithms. Proofs are parsed by the
// TLA+ 2 proof grammar (steps and their levels, QED, BY/USE/HIDE facts and
// DEF names, SUFFICES, CASE, PICK, TAKE, WITNESS, HAVE, DEFINE), so a proof
// ends where SANY ends it and a malformed one is an error; they are kept
// (ast.Proof, ast.Step) for the semantic check of their names.
//
// Unicode operators (∧ ∨ ¬ ⇒ ≜ ∈ ∀ ⟨ ⟩ ↦ □ ◇ ...) are read as their ASCII
// forms, ℕ ℤ ℝ as the names Nat, Int and Real, and synonyms share one canonical name: \land is /\, \lor is \/,
// \lnot and \neg are ~, \equiv is <=>, # is /=, =< and \leq are <=,
// \geq is >=, \union is \cup, \intersect is \cap, \circ is \o, \times is
// \X, \oplus is (+), \ominus is (-), \otimes is (\X), \odot is (.),
// \oslash is (/). Unary minus is named "-.".
//
// Errors are *Error values whose message reads
// file:line:col: expected ..., found .... Columns count code points, with
// tabs advancing to the next multiple of 8 as in SANY. Nesting deeper than
// 1000 levels is an error rather than a stack overflow.
//
// Memory is bounded by the size of the source: the lexer runs as the parser asks for tokens,
// which it keeps only as far back as it may return to; nodes hold their positions as offsets
// into an ast.Source, whose line table is built when a line is first asked for; identifiers and
// string literals without escapes are substrings of the source. Parsing takes at most about 15
// bytes per byte of a module people write or generate and 80 of the densest (1+1+...+1);
// sources longer than MaxSourceSize (64 MiB) are refused.
//
// Not checked here: the names proofs use (step names, facts, DEF names) and the levels of
// their formulas, which package semantic checks as SANY does.
package syntax
