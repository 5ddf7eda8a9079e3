------------------------------- MODULE Voting -------------------------------
(***************************************************************************)
(* The voting algorithm underlying Paxos (Lamport): acceptors vote for     *)
(* values in numbered ballots; a value is chosen when a phase-2 quorum      *)
(* voted for it in one ballot. An acceptor votes for v in ballot b only     *)
(* after a phase-1 quorum shows that no other value can be chosen in a      *)
(* lower ballot (ShowsSafeAt). Quorums are "any Q1Size acceptors" and       *)
(* "any Q2Size acceptors" (Flexible Paxos); the algorithm is safe when      *)
(* every phase-1 quorum meets every phase-2 quorum, i.e.                     *)
(* Q1Size + Q2Size > Cardinality(Acceptor). Voting refines Consensus with   *)
(* the chosen set below as its state function.                              *)
(***************************************************************************)
EXTENDS Integers, FiniteSets

CONSTANTS Value,     \* the values that may be proposed
          Acceptor,  \* the acceptors
          Q1Size,    \* phase-1 quorum size
          Q2Size,    \* phase-2 quorum size
          MaxBallot  \* ballots are 0..MaxBallot

ASSUME QuorumSizes == /\ Q1Size \in 1..Cardinality(Acceptor)
                      /\ Q2Size \in 1..Cardinality(Acceptor)
ASSUME BallotBound == MaxBallot \in Nat

Ballot == 0..MaxBallot

\* Quorums of exactly the given size: supersets add nothing to any
\* "some quorum all of whose members ..." condition below.
Quorum1 == {Q \in SUBSET Acceptor : Cardinality(Q) = Q1Size}
Quorum2 == {Q \in SUBSET Acceptor : Cardinality(Q) = Q2Size}

\* Checks FPAXOS-3.
QuorumsIntersect == \A Q1 \in Quorum1, Q2 \in Quorum2 : Q1 \cap Q2 # {}

VARIABLES votes,   \* votes[a]: the <<ballot, value>> pairs a voted for
          maxBal   \* maxBal[a]: a will not vote in a ballot below maxBal[a]

vars == <<votes, maxBal>>

TypeOK == /\ votes \in [Acceptor -> SUBSET (Ballot \X Value)]
          /\ maxBal \in [Acceptor -> Ballot \cup {-1}]

VotedFor(a, b, v) == <<b, v>> \in votes[a]

ChosenAt(b, v) == \E Q \in Quorum2 : \A a \in Q : VotedFor(a, b, v)

chosen == {v \in Value : \E b \in Ballot : ChosenAt(b, v)}

DidNotVoteAt(a, b) == \A v \in Value : ~ VotedFor(a, b, v)

CannotVoteAt(a, b) == /\ maxBal[a] > b
                      /\ DidNotVoteAt(a, b)

NoneOtherChoosableAt(b, v) ==
    \E Q \in Quorum2 : \A a \in Q : VotedFor(a, b, v) \/ CannotVoteAt(a, b)

SafeAt(b, v) == \A c \in 0..(b-1) : NoneOtherChoosableAt(c, v)

\* A phase-1 quorum Q, all of whose members promised b, shows v safe at b:
\* the highest ballot c < b in which a member of Q voted, if any, saw a vote
\* for v, and no member of Q voted in a ballot between c and b.
ShowsSafeAt(Q, b, v) ==
    /\ \A a \in Q : maxBal[a] >= b
    /\ \E c \in -1..(b-1) :
         /\ (c # -1) => \E a \in Q : VotedFor(a, c, v)
         /\ \A d \in (c+1)..(b-1), a \in Q : DidNotVoteAt(a, d)

Init == /\ votes = [a \in Acceptor |-> {}]
        /\ maxBal = [a \in Acceptor |-> -1]

\* Phase1b in the abstract: a promises not to vote below b.
IncreaseMaxBal(a, b) ==
    /\ b > maxBal[a]
    /\ maxBal' = [maxBal EXCEPT ![a] = b]
    /\ UNCHANGED votes

\* Phase2b in the abstract.
VoteFor(a, b, v) ==
    /\ maxBal[a] <= b
    /\ \A vt \in votes[a] : vt[1] # b
    /\ \A c \in Acceptor \ {a} : \A vt \in votes[c] : (vt[1] = b) => (vt[2] = v)
    /\ \E Q \in Quorum1 : ShowsSafeAt(Q, b, v)
    /\ votes' = [votes EXCEPT ![a] = @ \cup {<<b, v>>}]
    /\ maxBal' = [maxBal EXCEPT ![a] = b]

Next == \E a \in Acceptor, b \in Ballot :
           \/ IncreaseMaxBal(a, b)
           \/ \E v \in Value : VoteFor(a, b, v)

Spec == Init /\ [][Next]_vars

\* Checks PAXOS-2, PAXOS-4.
VotesSafe == \A a \in Acceptor, b \in Ballot, v \in Value :
                VotedFor(a, b, v) => SafeAt(b, v)

\* Checks PAXOS-3.
OneValuePerBallot ==
    \A a1, a2 \in Acceptor, b \in Ballot, v1, v2 \in Value :
       VotedFor(a1, b, v1) /\ VotedFor(a2, b, v2) => (v1 = v2)

\* Checks PAXOS-7, PAXOS-9.
Consistency == \A v, w \in chosen : v = w

Inv == TypeOK /\ VotesSafe /\ OneValuePerBallot

C == INSTANCE Consensus

\* Voting implements Consensus, checked as a temporal PROPERTY.
\* Checks PAXOS-9.
ConsensusRefinement == C!Spec
=============================================================================
