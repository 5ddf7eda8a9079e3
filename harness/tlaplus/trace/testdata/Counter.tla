------------------------------- MODULE Counter -------------------------------
(* A counter that grows by 1 or 2, with a bit nobody logs: it may flip on    *)
(* every increment, and Reset needs it set.                                  *)
EXTENDS Naturals
VARIABLES x, hidden
Init == x = 0 /\ hidden = 0
Inc(n) == /\ n \in {1, 2}
          /\ x' = x + n
          /\ hidden' \in {hidden, 1 - hidden}
Reset == /\ hidden = 1
         /\ x > 0
         /\ x' = 0
         /\ hidden' = 0
Next == (\E n \in {1, 2} : Inc(n)) \/ Reset
================================================================================
