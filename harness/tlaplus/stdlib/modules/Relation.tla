------------------------------- MODULE Relation -------------------------------
(***************************************************************************)
(* The community module of binary relations over a set S, represented as  *)
(* Boolean functions R on S \X S (R[x, y] is TRUE when x is related to y). *)
(* It extends Naturals and FiniteSets, so a spec extending Relation sees   *)
(* their operators too.                                                    *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets

IsReflexive(R, S) == \A x \in S : R[x, x]

IsIrreflexive(R, S) == \A x \in S : ~R[x, x]

IsSymmetric(R, S) == \A x, y \in S : R[x, y] <=> R[y, x]

IsAsymmetric(R, S) == \A x, y \in S : ~(R[x, y] /\ R[y, x])

IsTransitive(R, S) == \A x, y, z \in S : R[x, y] /\ R[y, z] => R[x, z]

TransitiveClosure(R, S) ==
    LET step[n \in Nat] ==
            [x, y \in S |-> IF n = 0 THEN R[x, y]
                            ELSE \/ step[n - 1][x, y]
                                 \/ \E z \in S : step[n - 1][x, z] /\ step[n - 1][z, y]]
    IN  step[Cardinality(S)]

ReflexiveTransitiveClosure(R, S) ==
    LET tc == TransitiveClosure(R, S)
    IN  [x, y \in S |-> x = y \/ tc[x, y]]
=============================================================================
