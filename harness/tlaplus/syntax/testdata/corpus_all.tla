Text before the module header is ignored, as SANY does.
------------------------------ MODULE corpus_all ------------------------------
EXTENDS Naturals, Sequences, FiniteSets, TLC
(* A block comment (* with a nested one *) and a PlusCal algorithm:
--algorithm Demo {
  variables x = 0;
  { x := x + 1; }
}
*)
\* An end-of-line comment.
CONSTANTS N, Proc, F(_, _), _ \prec _
CONSTANT Value
VARIABLES x, y
VARIABLE z

ASSUME N \in Nat /\ N > 0
ASSUME NPos == N >= 1

vars == <<x, y, z>>

a \prec b == a < b
a (+) b == a + b
-. a == 0 - a
a ^+ == a + 1

LOCAL Helper(n) == n * 2
Apply(G(_, _), u, v) == G(u, v)
Twice(G(_)) == G(G(1))

RECURSIVE Fact(_)
Fact(n) == IF n = 0 THEN 1 ELSE n * Fact(n - 1)

fib[n \in Nat] == IF n < 2 THEN n ELSE fib[n - 1] + fib[n - 2]
pairs[i \in 1..N, j \in 1..N] == i + j

Init ==
    /\ x = 0
    /\ y = [p \in Proc |-> "idle"]
    /\ z = {}

Inc ==
    /\ x < N
    /\ x' = x + 1
    /\ \/ y' = [y EXCEPT ![CHOOSE p \in Proc : TRUE] = "busy"]
       \/ UNCHANGED y
    /\ UNCHANGED z

Mixed == /\ \E p \in Proc : y[p] = "idle"
         /\ \A <<p, q>> \in Proc \X Proc : p = q \/ p # q
         /\ LET s == {n \in 1..N : n % 2 = 0}
                t == {n * n : n \in s}
            IN  Cardinality(s) <= Cardinality(t)

Ops ==
    /\ CASE x = 0 -> "zero"
         [] x = 1 -> "one"
         [] OTHER -> "many"
    /\ [a |-> 1, b |-> <<2, 3>>].b[1] = 2
    /\ [f |-> 1] \in [f : Nat]
    /\ [Proc -> BOOLEAN] /= {}
    /\ DOMAIN y = Proc
    /\ SUBSET {1, 2} = UNION {{{}}, {{1}, {2}, {1, 2}}}
    /\ Apply(LAMBDA u, v : u + v, 1, 2) = 3
    /\ Apply(+, 1, 2) = 3
    /\ "esc\"aped\\" /= "tab\t"
    /\ \h1F + \b101 + \o17 = 51
    /\ 1 \prec 2
    /\ Fact(3) = 6
    /\ [y EXCEPT ![CHOOSE p \in Proc : TRUE] = @, ![CHOOSE p \in Proc : TRUE] = "x"] = y

Next == Inc \/ (x = N /\ UNCHANGED vars)

Spec == Init /\ [][Next]_vars /\ WF_vars(Inc) /\ SF_<<x, y>>(Inc)

Live == <>[](x = N) /\ (x = 0 ~> x = N) /\ <><<Inc>>_vars /\ ENABLED Inc
Hidden == \EE w : w = x
Stutter == [Next]_x \cdot [Next]_y

Sub == INSTANCE Helpers WITH M <- N
P(k) == INSTANCE Helpers WITH M <- k
UseSub == Sub!Double(2) = P(3)!Double(3)

---- MODULE Inner ----
CONSTANT K
Kplus == K + 1
====

INSTANCE Inner WITH K <- 1

THEOREM Safe == Spec => []TypeOK
PROOF
<1>1. Init => TypeOK
  BY DEF Init, TypeOK
<1>2. QED
  OBVIOUS

TypeOK == x \in Nat

LEMMA ASSUME NEW k \in Nat PROVE k >= 0
  OBVIOUS
-----------------------------------------------------------------------------
Last == TRUE
==============================================================================
Text after the module end is ignored.
