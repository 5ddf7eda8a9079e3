-------------------------------- MODULE Reals ---------------------------------
(* The standard module of the real numbers: Real, real division / and Infinity, extending
   Integers. As in TLC, a spec may extend it (directly or through a module such as RealTime)
   and be checked as long as nothing evaluates a real number: the evaluator refuses Real, /
   and Infinity with an error naming the operator. The definitions below only give the names
   their arities and constant level. *)
EXTENDS Integers

Real == CHOOSE R : Int \subseteq R

a / b == CHOOSE q \in Real : a = q * b

Infinity == CHOOSE i : i \notin Real
=============================================================================
