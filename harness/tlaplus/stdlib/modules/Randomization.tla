----------------------------- MODULE Randomization -----------------------------
(***************************************************************************)
(* TLC's module of pseudo-random choices. RandomSubset(k, S) is a subset  *)
(* of S with k elements; RandomSetOfSubsets(k, n, S) is a set of at most  *)
(* k subsets of S, each element of S being in each subset with            *)
(* probability n / Cardinality(S); RandomSubsetSet(k, p, S) is the same   *)
(* with the probability given as a decimal string p. As in TLC, the       *)
(* choices made in a state are determined by that state, so a model       *)
(* checking run is reproducible; the evaluator implements these natively.  *)
(* TestRandomSetOfSubsets is defined in TLA+.                              *)
(***************************************************************************)
LOCAL INSTANCE Naturals
LOCAL INSTANCE FiniteSets

RandomSubset(k, S) == CHOOSE T \in SUBSET S : Cardinality(T) = k

RandomSetOfSubsets(k, n, S) == CHOOSE T \in SUBSET SUBSET S : Cardinality(T) <= k

RandomSubsetSet(k, prob, S) == CHOOSE T \in SUBSET SUBSET S : Cardinality(T) <= k

TestRandomSetOfSubsets(k, n, S) == [i \in 1 .. 5 |-> Cardinality(RandomSetOfSubsets(k, n, S))]
=============================================================================
