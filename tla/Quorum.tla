------------------------------- MODULE Quorum -------------------------------
(***************************************************************************)
(* Quorum systems (requirements Q in spec/quorum.md) as sets of quorums,   *)
(* and the intersection properties that make them safe. Go: quorum/.       *)
(*                                                                         *)
(* The state is one configuration, chosen in Init among every small        *)
(* configuration of every system and never changed, so each distinct      *)
(* state is one configuration and each invariant is checked once per      *)
(* configuration. The invariants state, for each system, that the rule    *)
(* the Go constructors check in closed form holds exactly when the         *)
(* quorums that must intersect do, by enumerating the quorums.             *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets

CONSTANTS
    MaxN,          \* counting systems (majority, threshold, flexible, read/write) over 1..n, n <= MaxN
    MaxGridN,      \* grids of rows * cols <= MaxGridN members
    MaxWeightedN,  \* weighted systems of up to MaxWeightedN members ...
    MaxVotes,      \* ... holding 1..MaxVotes votes each
    MaxJointN      \* joint majorities whose halves are subsets of 1..MaxJointN

VARIABLE cfg       \* the configuration under check

----------------------------------------------------------------------------
(* Quorum systems as sets of quorums.                                      *)

\* Every subset of S with at least k members.
AtLeast(S, k) == {Q \in SUBSET S : Cardinality(Q) >= k}

\* Majority quorums; the majority of no members has the empty set as its one quorum.
Majority(S) == IF S = {} THEN {{}} ELSE AtLeast(S, Cardinality(S) \div 2 + 1)

RECURSIVE SumVotes(_, _)
\* The votes held by the members of Q.
SumVotes(Q, v) ==
    IF Q = {} THEN 0
    ELSE LET m == CHOOSE x \in Q : TRUE IN v[m] + SumVotes(Q \ {m}, v)

\* Gifford's weighted voting: the subsets of 1..n holding at least k of the votes v.
Weighted(n, v, k) == {Q \in SUBSET (1..n) : SumVotes(Q, v) >= k}

\* Grid members are <<row, column>> pairs; a quorum covers a full row and a full column.
GridMembers(rows, cols) == (1..rows) \X (1..cols)
Grid(rows, cols) ==
    {Q \in SUBSET GridMembers(rows, cols) :
        /\ \E r \in 1..rows : \A c \in 1..cols : <<r, c>> \in Q
        /\ \E c \in 1..cols : \A r \in 1..rows : <<r, c>> \in Q}

\* Raft's joint consensus: a set holding a majority of the old and of the new configuration.
Joint(old, new) ==
    {Q \in SUBSET (old \cup new) : Q \cap old \in Majority(old) /\ Q \cap new \in Majority(new)}

\* Every quorum in A meets every quorum in B.
Intersect(A, B) == \A x \in A, y \in B : x \cap y # {}

----------------------------------------------------------------------------
(* The configurations.                                                     *)

Config(kind, n, a, b, votes, old, new) ==
    [kind |-> kind, n |-> n, a |-> a, b |-> b, votes |-> votes, old |-> old, new |-> new]

NoVotes == [i \in {} |-> 0]

Configs ==
    {Config("majority", n, 0, 0, NoVotes, {}, {}) : n \in 0..MaxN}
    \cup {Config("threshold", n, k, k, NoVotes, {}, {}) : n \in 1..MaxN, k \in 1..MaxN}
    \cup {Config("flexible", n, q1, q2, NoVotes, {}, {}) : n \in 1..MaxN, q1 \in 1..MaxN, q2 \in 1..MaxN}
    \cup {Config("readwrite", n, r, w, NoVotes, {}, {}) : n \in 1..MaxN, r \in 1..MaxN, w \in 1..MaxN}
    \cup {Config("grid", rows * cols, rows, cols, NoVotes, {}, {}) :
            rows \in 1..MaxGridN, cols \in 1..MaxGridN}
    \cup (UNION {{Config("weighted", n, r, w, v, {}, {}) :
                     v \in [1..n -> 1..MaxVotes], r \in 1..n * MaxVotes, w \in 1..n * MaxVotes} :
                 n \in 1..MaxWeightedN})
    \cup {Config("joint", MaxJointN, 0, 0, NoVotes, old, new) : old, new \in SUBSET (1..MaxJointN)}

\* Parameters outside the ranges the Go constructors accept are rejected before any
\* intersection check (an error naming the parameter), so they are not configurations here.
InRange(c) ==
    CASE c.kind \in {"threshold", "flexible", "readwrite"} -> c.a <= c.n /\ c.b <= c.n
      [] c.kind = "grid" -> c.n <= MaxGridN
      [] c.kind = "weighted" -> c.a <= SumVotes(1..c.n, c.votes) /\ c.b <= SumVotes(1..c.n, c.votes)
      [] OTHER -> TRUE

Init == cfg \in {c \in Configs : InRange(c)}

Next == UNCHANGED cfg

Spec == Init /\ [][Next]_cfg

----------------------------------------------------------------------------
(* The properties.                                                         *)

M == 1..cfg.n
Total == SumVotes(1..cfg.n, cfg.votes)

TypeOK ==
    /\ cfg.kind \in {"majority", "threshold", "flexible", "readwrite", "grid", "weighted", "joint"}
    /\ cfg.n \in 0..MaxN \cup 0..MaxGridN \cup 0..MaxJointN

\* Checks Q-MAJ-1.
MajorityIntersects ==
    cfg.kind = "majority" /\ cfg.n > 0 => Intersect(Majority(M), Majority(M))

\* Checks Q-THR-1, Q-7.
ThresholdRuleExact ==
    cfg.kind = "threshold" =>
        ((2 * cfg.a > cfg.n) <=> Intersect(AtLeast(M, cfg.a), AtLeast(M, cfg.a)))

\* Checks Q-FLEX-1, Q-RW-1, Q-7.
PhaseRuleExact ==
    cfg.kind \in {"flexible", "readwrite"} =>
        ((cfg.a + cfg.b > cfg.n) <=> Intersect(AtLeast(M, cfg.a), AtLeast(M, cfg.b)))

\* Flexible Paxos promises less than majorities: its phase-2 quorums may miss each other.
\* Checks Q-FLEX-1.
FlexiblePhase2MayBeDisjoint ==
    cfg.kind = "flexible" /\ 2 * cfg.b <= cfg.n => ~Intersect(AtLeast(M, cfg.b), AtLeast(M, cfg.b))

\* Gifford's rule is sufficient for read/write and write/write intersection.
\* Checks Q-W-1.
GiffordRuleSound ==
    cfg.kind = "weighted" /\ cfg.a + cfg.b > Total /\ 2 * cfg.b > Total =>
        LET reads == Weighted(cfg.n, cfg.votes, cfg.a)
            writes == Weighted(cfg.n, cfg.votes, cfg.b)
        IN Intersect(reads, writes) /\ Intersect(writes, writes)

\* Checks Q-GRID-1.
GridIntersects ==
    cfg.kind = "grid" => Intersect(Grid(cfg.a, cfg.b), Grid(cfg.a, cfg.b))

\* Checks Q-JOINT-1.
JointIntersects ==
    cfg.kind = "joint" /\ cfg.old \cup cfg.new # {} =>
        Intersect(Joint(cfg.old, cfg.new), Joint(cfg.old, cfg.new))

\* A joint configuration with an empty half has exactly the other half's quorums.
\* Checks Q-JOINT-1, Q-4.
JointEmptyHalf ==
    cfg.kind = "joint" /\ cfg.new = {} => Joint(cfg.old, cfg.new) = Majority(cfg.old)
=============================================================================
