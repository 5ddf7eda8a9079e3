-------------------------------- MODULE Graph ---------------------------------
(***************************************************************************)
(* The community module Graph: directed graphs stored as records           *)
(* [node |-> N, edge |-> E] with E a function from N \X N to BOOLEAN, so   *)
(* that a graph may have nodes without edges, and predicates on them. TLC  *)
(* has no Java override for it: its definitions are what TLC evaluates.    *)
(***************************************************************************)
LOCAL INSTANCE FiniteSets
LOCAL INSTANCE Sequences
LOCAL INSTANCE Naturals

LOCAL Last(seq) == seq[Len(seq)]

\* The sequences of nodes that do not visit a node twice, but for a full cycle.
LOCAL EdgeSeq(graph) ==
  LET unique_sequences(m) ==
      {seq \in [1..m -> graph.node]: \A i, j \in 1..Len(seq)-1: i /= j => seq[i] /= seq[j]}
  IN UNION {unique_sequences(m) : m \in 2..Cardinality(graph.node)+1}

LOCAL Pairs(Nodes) == Nodes \X Nodes

\* The graphs on the nodes Nodes without edges from a node to itself.
Graphs(Nodes) ==
  LET
    all_edges == [Pairs(Nodes) -> BOOLEAN]
    valid_edges ==
        {e \in all_edges: \A n \in Nodes: ~e[n, n]}
  IN [
    node: {Nodes},
    edge: valid_edges
  ]

\* A subgraph may leave out edges of the supergraph but not add any.
Subgraph(sub, super) ==
  /\ sub.node \subseteq super.node
  /\ \A m, n \in sub.node:
    sub.edge[m, n] => super.edge[m, n]

\* ConnectedEdge(graph)[x, y]: there is a path from x to y.
ConnectedEdge(graph) ==
  LET F[<<x, y>> \in Pairs(graph.node)] ==
    \E path \in EdgeSeq(graph):
      /\ path[1] = x
      /\ Last(path) = y
      /\ \A i \in 1..Len(path)-1:
        graph.edge[path[i], path[i+1]]
  IN F

Undirected(graph) ==
  \A m, n \in graph.node: graph.edge[n, m] <=> graph.edge[m, n]

Acyclic(graph) ==
  LET edge == ConnectedEdge(graph)
  IN  \A n \in graph.node: ~edge[n, n]

WeaklyConnected(graph) ==
  LET edge == ConnectedEdge(graph)
  IN \A m, n \in graph.node: m /= n => edge[m, n] \/ edge[n, m]

===============================================================================
