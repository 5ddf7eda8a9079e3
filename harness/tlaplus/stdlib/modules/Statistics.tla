------------------------------ MODULE Statistics ------------------------------
(***************************************************************************)
(* The community module of statistical tests. ChiSquare(expected, actual, *)
(* alpha) is Pearson's chi-square goodness-of-fit test of the observed    *)
(* counts actual against the expected ones (functions with one domain):   *)
(* TRUE when the test does not reject, at significance level alpha (a     *)
(* string such as "0.05"), that actual follows expected. TLC computes it   *)
(* in Java and so does the evaluator, natively.                            *)
(***************************************************************************)
EXTENDS Naturals

ChiSquare(expected, actual, alpha) == TRUE
=============================================================================
