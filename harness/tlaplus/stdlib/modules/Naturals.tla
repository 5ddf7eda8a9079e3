------------------------------ MODULE Naturals ------------------------------
(***************************************************************************)
(* The natural numbers, as in Specifying Systems, section 18.1. Nat and    *)
(* its successor function are fixed by Peano's axioms; +, * and ^ are     *)
(* defined by primitive recursion and the other operators from those.     *)
(* The evaluator implements every operator of this module natively, over  *)
(* TLC's 32-bit integers; these definitions state what it computes.       *)
(***************************************************************************)
LOCAL IsPeano(N, Zero, Succ) ==
    /\ Zero \in N
    /\ Succ \in [N -> N]
    /\ \A n \in N : Succ[n] /= Zero
    /\ \A m, n \in N : Succ[m] = Succ[n] => m = n
    /\ \A S \in SUBSET N : (Zero \in S /\ \A n \in S : Succ[n] \in S) => S = N

LOCAL Peano == CHOOSE P : IsPeano(P.N, P.Zero, P.Succ)

Nat == Peano.N

LOCAL Pred(n) == CHOOSE m \in Nat : Peano.Succ[m] = n

a + b == LET sum[k \in Nat] == IF k = 0 THEN a ELSE Peano.Succ[sum[Pred(k)]]
         IN  sum[b]

a * b == LET prod[k \in Nat] == IF k = 0 THEN 0 ELSE prod[Pred(k)] + a
         IN  prod[b]

a ^ b == LET pow[k \in Nat] == IF k = 0 THEN 1 ELSE pow[Pred(k)] * a
         IN  pow[b]

a \leq b == \E d \in Nat : a + d = b
a \geq b == b \leq a
a < b == a \leq b /\ a /= b
a > b == b < a

a .. b == {i \in Nat : a \leq i /\ i \leq b}

a - b == CHOOSE d \in Nat : b + d = a

a \div b == CHOOSE q \in Nat : \E r \in 0 .. (b - 1) : a = b * q + r
a % b == a - b * (a \div b)
=============================================================================
