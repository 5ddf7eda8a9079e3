------------------------------- MODULE Relation -------------------------------
(* Binary relations over a set S, represented as Boolean functions R on S \X S (R[x, y] means
   that x is related to y), as in the community module Relation. Each property also has an
   ...Under form taking the relation as a binary operator (IsStrictlyTotallyOrderedUnder(<, S)).
   It extends Naturals and FiniteSets, as the module's first versions did (the current one
   instantiates them locally), so a spec extending Relation sees their operators too. *)
EXTENDS Naturals, FiniteSets

LOCAL AsRelation(op(_, _), S) == [<<x, y>> \in S \X S |-> op(x, y)]

IsReflexive(R, S) == \A x \in S : R[x, x]
IsReflexiveUnder(op(_, _), S) == IsReflexive(AsRelation(op, S), S)

IsIrreflexive(R, S) == \A x \in S : ~R[x, x]
IsIrreflexiveUnder(op(_, _), S) == IsIrreflexive(AsRelation(op, S), S)

IsSymmetric(R, S) == \A x, y \in S : R[x, y] <=> R[y, x]
IsSymmetricUnder(op(_, _), S) == IsSymmetric(AsRelation(op, S), S)

IsAntiSymmetric(R, S) == \A x, y \in S : R[x, y] /\ R[y, x] => x = y
IsAntiSymmetricUnder(op(_, _), S) == IsAntiSymmetric(AsRelation(op, S), S)

IsAsymmetric(R, S) == \A x, y \in S : ~(R[x, y] /\ R[y, x])
IsAsymmetricUnder(op(_, _), S) == IsAsymmetric(AsRelation(op, S), S)

IsTransitive(R, S) == \A x, y, z \in S : R[x, y] /\ R[y, z] => R[x, z]
IsTransitiveUnder(op(_, _), S) == IsTransitive(AsRelation(op, S), S)

IsStrictlyPartiallyOrdered(R, S) ==
    /\ IsIrreflexive(R, S)
    /\ IsAntiSymmetric(R, S)
    /\ IsTransitive(R, S)
IsStrictlyPartiallyOrderedUnder(op(_, _), S) == IsStrictlyPartiallyOrdered(AsRelation(op, S), S)

IsPartiallyOrdered(R, S) ==
    /\ IsReflexive(R, S)
    /\ IsAntiSymmetric(R, S)
    /\ IsTransitive(R, S)
IsPartiallyOrderedUnder(op(_, _), S) == IsPartiallyOrdered(AsRelation(op, S), S)

IsStrictlyTotallyOrdered(R, S) ==
    /\ IsStrictlyPartiallyOrdered(R, S)
    /\ \A x, y \in S : x # y => R[x, y] \/ R[y, x]
IsStrictlyTotallyOrderedUnder(op(_, _), S) == IsStrictlyTotallyOrdered(AsRelation(op, S), S)

IsTotallyOrdered(R, S) ==
    /\ IsPartiallyOrdered(R, S)
    /\ \A x, y \in S : R[x, y] \/ R[y, x]
IsTotallyOrderedUnder(op(_, _), S) == IsTotallyOrdered(AsRelation(op, S), S)

TransitiveClosure(R, S) ==
    LET step[n \in Nat] ==
            [x, y \in S |-> IF n = 0 THEN R[x, y]
                            ELSE \/ step[n - 1][x, y]
                                 \/ \E z \in S : step[n - 1][x, z] /\ step[n - 1][z, y]]
    IN  step[Cardinality(S)]

ReflexiveTransitiveClosure(R, S) ==
    LET tc == TransitiveClosure(R, S)
    IN  [x, y \in S |-> x = y \/ tc[x, y]]

\* Every two elements of S are connected by a path of R.
IsConnected(R, S) ==
    LET rtc == ReflexiveTransitiveClosure(R, S)
    IN  \A x, y \in S : rtc[x, y]
=============================================================================
