-------------------------------- MODULE BagsExt --------------------------------
(***************************************************************************)
(* The community module of further operators on bags (see Bags).          *)
(***************************************************************************)
LOCAL INSTANCE Bags
LOCAL INSTANCE Naturals
LOCAL INSTANCE Folds

BagAdd(B, x) ==
    IF x \in DOMAIN B THEN [e \in DOMAIN B |-> IF e = x THEN B[e] + 1 ELSE B[e]]
                      ELSE [e \in DOMAIN B \cup {x} |-> IF e = x THEN 1 ELSE B[e]]

BagRemove(B, x) ==
    IF x \in DOMAIN B
    THEN IF B[x] = 1 THEN [e \in DOMAIN B \ {x} |-> B[e]]
                     ELSE [e \in DOMAIN B |-> IF e = x THEN B[e] - 1 ELSE B[e]]
    ELSE B

BagRemoveAll(B, x) == [e \in DOMAIN B \ {x} |-> B[e]]

(* op folded over f of every copy of every element of B, from base; choose picks the next
   element, and all copies of an element are handled one after the other. *)
MapThenFoldBag(op(_, _), base, f(_), choose(_), B) ==
    LET handle(x) ==
            LET pow[n \in Nat \ {0}] == op(IF n = 1 THEN base ELSE pow[n - 1], f(x))
            IN  pow[B[x]]
    IN  MapThenFoldSet(op, base, handle, LAMBDA S : CHOOSE x \in S : TRUE, DOMAIN B)

FoldBag(op(_, _), base, B) ==
    (* op applied to base and every copy of every element of B, in some   *)
    (* order: op should be associative and commutative.                    *)
    MapThenFoldSet(op, base, LAMBDA p : p[1], LAMBDA s : CHOOSE p \in s : TRUE,
                   UNION {{<<e, i>> : i \in 1 .. B[e]} : e \in DOMAIN B})

SumBag(B) == MapThenFoldSet(LAMBDA x, y : x + y, 0, LAMBDA e : e * B[e],
                            LAMBDA s : CHOOSE e \in s : TRUE, DOMAIN B)

ProductBag(B) == MapThenFoldSet(LAMBDA x, y : x * y, 1, LAMBDA e : e ^ B[e],
                                LAMBDA s : CHOOSE e \in s : TRUE, DOMAIN B)
=============================================================================
