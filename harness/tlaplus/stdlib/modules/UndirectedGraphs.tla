--------------------------- MODULE UndirectedGraphs ---------------------------
(***************************************************************************)
(* The community module of undirected graphs: records [node |-> N, edge   *)
(* |-> E] whose edges are unordered pairs {a, b} of nodes. The evaluator  *)
(* computes ConnectedComponents natively, as TLC's Java override does.     *)
(***************************************************************************)
LOCAL INSTANCE Naturals
LOCAL INSTANCE Sequences
LOCAL INSTANCE SequencesExt
LOCAL INSTANCE FiniteSets
LOCAL INSTANCE Folds

IsUndirectedGraph(G) ==
    /\ G = [node |-> G.node, edge |-> G.edge]
    /\ \A e \in G.edge : \E a, b \in G.node : e = {a, b}

IsLoopFreeUndirectedGraph(G) ==
    /\ G = [node |-> G.node, edge |-> G.edge]
    /\ \A e \in G.edge : \E a, b \in G.node : a /= b /\ e = {a, b}

UndirectedSubgraph(G) ==
    {H \in [node : SUBSET G.node, edge : SUBSET G.edge] : IsUndirectedGraph(H)}

Path(G) == {p \in Seq(G.node) : /\ p /= << >>
                               /\ \A i \in 1 .. (Len(p) - 1) : {p[i], p[i + 1]} \in G.edge}

SimplePath(G) ==
    {p \in SeqOf(G.node, Cardinality(G.node)) :
        /\ p /= << >>
        /\ Cardinality({p[i] : i \in DOMAIN p}) = Len(p)
        /\ \A i \in 1 .. (Len(p) - 1) : {p[i], p[i + 1]} \in G.edge}

ConnectedComponents(G) ==
    (* Each node starts in a component of its own; every edge merges the   *)
    (* components of its two ends.                                          *)
    LET ends(e) == <<CHOOSE a \in e : TRUE, IF Cardinality(e) = 1 THEN CHOOSE a \in e : TRUE
                                            ELSE CHOOSE b \in e : b /= CHOOSE a \in e : TRUE>>
        merge(e, comps) ==
            LET a == CHOOSE c \in comps : e[1] \in c
                b == CHOOSE c \in comps : e[2] \in c
            IN  IF a = b THEN comps ELSE (comps \ {a, b}) \cup {a \cup b}
    IN  MapThenFoldSet(merge, {{n} : n \in G.node}, ends, LAMBDA E : CHOOSE e \in E : TRUE, G.edge)

AreConnectedIn(m, n, G) == \E comp \in ConnectedComponents(G) : m \in comp /\ n \in comp

IsStronglyConnected(G) == Cardinality(ConnectedComponents(G)) = 1

(* The undirected graphs whose node set is S (loops {s} included).          *)
UndirectedGraphs(S) == [node : {S}, edge : SUBSET {{s, t} : <<s, t>> \in S \X S}]
=============================================================================
