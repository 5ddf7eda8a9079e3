------------------------------ MODULE Integers ------------------------------
(***************************************************************************)
(* The integers: Nat extended by the negative numbers. The evaluator       *)
(* implements Int, unary minus and the Naturals operators over all of Int  *)
(* natively (with TLC's 32-bit overflow check); the definitions state the  *)
(* meaning.                                                                *)
(***************************************************************************)
EXTENDS Naturals

LOCAL Negation(n) == CHOOSE m : m + n = 0

Int == Nat \cup {Negation(n) : n \in Nat}

-. a == 0 - a
=============================================================================
