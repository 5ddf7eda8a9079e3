-------------------------------- MODULE Bags --------------------------------
(***************************************************************************)
(* Bags (multisets): functions from elements to their positive number of  *)
(* copies. The standard definitions; the evaluator implements them        *)
(* natively.                                                               *)
(***************************************************************************)
LOCAL INSTANCE Naturals

IsABag(B) == B \in [DOMAIN B -> {n \in Nat : n > 0}]

BagToSet(B) == DOMAIN B

SetToBag(S) == [e \in S |-> 1]

BagIn(e, B) == e \in BagToSet(B)

EmptyBag == SetToBag({})

CopiesIn(e, B) == IF BagIn(e, B) THEN B[e] ELSE 0

B1 (+) B2 ==
    [e \in (DOMAIN B1) \cup (DOMAIN B2) |-> CopiesIn(e, B1) + CopiesIn(e, B2)]

B1 (-) B2 ==
    LET B == [e \in DOMAIN B1 |-> IF e \in DOMAIN B2 THEN B1[e] - B2[e]
                                                      ELSE B1[e]]
    IN  [e \in {d \in DOMAIN B : B[d] > 0} |-> B[e]]

BagUnion(S) ==
    [e \in UNION {BagToSet(B) : B \in S} |->
        LET SBag[SS \in SUBSET S] ==
                IF SS = {} THEN 0
                           ELSE LET B == CHOOSE b \in SS : TRUE
                                IN  CopiesIn(e, B) + SBag[SS \ {B}]
        IN  SBag[S]]

B1 \sqsubseteq B2 ==
    /\ (DOMAIN B1) \subseteq (DOMAIN B2)
    /\ \A e \in DOMAIN B1 : B1[e] \leq B2[e]

SubBag(B) ==
    LET AllBagsOfSubset ==
            UNION {[SB -> {n \in Nat : n > 0}] : SB \in SUBSET BagToSet(B)}
    IN  {SB \in AllBagsOfSubset : \A e \in DOMAIN SB : SB[e] \leq B[e]}

BagOfAll(F(_), B) ==
    [e \in {F(d) : d \in BagToSet(B)} |->
        LET DS == {d \in BagToSet(B) : F(d) = e}
            Sum[SS \in SUBSET DS] ==
                IF SS = {} THEN 0
                           ELSE LET d == CHOOSE x \in SS : TRUE
                                IN  B[d] + Sum[SS \ {d}]
        IN  Sum[DS]]

BagCardinality(B) ==
    LET Sum[SS \in SUBSET BagToSet(B)] ==
            IF SS = {} THEN 0
                       ELSE LET e == CHOOSE x \in SS : TRUE
                            IN  B[e] + Sum[SS \ {e}]
    IN  Sum[BagToSet(B)]
=============================================================================
