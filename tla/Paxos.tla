------------------------------- MODULE Paxos --------------------------------
(***************************************************************************)
(* Single-decree Paxos with message passing, after Lamport's Paxos.tla,    *)
(* with Flexible Paxos quorum sizes. Messages are never removed, so loss,  *)
(* duplication and reordering are all modelled (a message may be received *)
(* any number of times, or never). Each ballot has its own proposer.       *)
(* Paxos refines Voting under the state function votes below, and hence    *)
(* Consensus.                                                              *)
(*                                                                         *)
(* The actions are the events paxos.Synod reports to its Tracer (package   *)
(* paxos, synod.go): Phase1a, Phase1b, Phase2a and Phase2b change the      *)
(* state; Learn, Reject, Preempted, Timeout and Restart change no variable *)
(* of this spec, which keeps no learner or proposer state and only durable *)
(* acceptor state, but each is enabled only when the Go step is allowed,   *)
(* so a trace of the core can be checked against them.                     *)
(***************************************************************************)
EXTENDS Integers, FiniteSets

CONSTANTS Value, Acceptor, Q1Size, Q2Size, MaxBallot,
          None  \* a model value standing for "no value"

ASSUME QuorumSizes == /\ Q1Size \in 1..Cardinality(Acceptor)
                      /\ Q2Size \in 1..Cardinality(Acceptor)

Ballot == 0..MaxBallot
Quorum1 == {Q \in SUBSET Acceptor : Cardinality(Q) = Q1Size}
Quorum2 == {Q \in SUBSET Acceptor : Cardinality(Q) = Q2Size}

ASSUME NoneIsNoValue == None \notin Value

Message ==
         [type : {"1a"}, bal : Ballot]
    \cup [type : {"1b"}, acc : Acceptor, bal : Ballot,
          mbal : Ballot \cup {-1}, mval : Value \cup {None}]
    \cup [type : {"2a"}, bal : Ballot, val : Value]
    \cup [type : {"2b"}, acc : Acceptor, bal : Ballot, val : Value]

VARIABLES maxBal,   \* the acceptor's promise
          maxVBal,  \* the ballot of its latest vote (-1: none)
          maxVal,   \* the value of its latest vote (None: none)
          msgs      \* every message ever sent

vars == <<maxBal, maxVBal, maxVal, msgs>>

TypeOK == /\ maxBal \in [Acceptor -> Ballot \cup {-1}]
          /\ maxVBal \in [Acceptor -> Ballot \cup {-1}]
          /\ maxVal \in [Acceptor -> Value \cup {None}]
          /\ msgs \subseteq Message

Init == /\ maxBal = [a \in Acceptor |-> -1]
        /\ maxVBal = [a \in Acceptor |-> -1]
        /\ maxVal = [a \in Acceptor |-> None]
        /\ msgs = {}

Send(m) == msgs' = msgs \cup {m}

\* The proposer of ballot b asks for promises.
Phase1a(b) == /\ ~ \E m \in msgs : m.type = "1a" /\ m.bal = b
              /\ Send([type |-> "1a", bal |-> b])
              /\ UNCHANGED <<maxBal, maxVBal, maxVal>>

\* Acceptor a promises ballot m.bal and reports its latest vote. (A 1a of
\* the ballot it already promised is not answered again: a duplicate.)
Phase1b(a) == \E m \in msgs :
                /\ m.type = "1a"
                /\ m.bal > maxBal[a]
                /\ maxBal' = [maxBal EXCEPT ![a] = m.bal]
                /\ Send([type |-> "1b", acc |-> a, bal |-> m.bal,
                         mbal |-> maxVBal[a], mval |-> maxVal[a]])
                /\ UNCHANGED <<maxVBal, maxVal>>

\* With promises from a phase-1 quorum, the proposer of b proposes the value
\* of the highest-ballot vote reported, or any value if none was.
Phase2a(b, v) ==
    /\ ~ \E m \in msgs : m.type = "2a" /\ m.bal = b
    /\ \E Q \in Quorum1 :
         LET Q1b == {m \in msgs : m.type = "1b" /\ m.acc \in Q /\ m.bal = b}
             Q1bv == {m \in Q1b : m.mbal >= 0}
         IN  /\ \A a \in Q : \E m \in Q1b : m.acc = a
             /\ \/ Q1bv = {}
                \/ \E m \in Q1bv : /\ m.mval = v
                                   /\ \A mm \in Q1bv : m.mbal >= mm.mbal
    /\ Send([type |-> "2a", bal |-> b, val |-> v])
    /\ UNCHANGED <<maxBal, maxVBal, maxVal>>

\* Acceptor a votes for the proposal unless it promised a higher ballot.
Phase2b(a) == \E m \in msgs :
                /\ m.type = "2a"
                /\ m.bal >= maxBal[a]
                /\ maxBal' = [maxBal EXCEPT ![a] = m.bal]
                /\ maxVBal' = [maxVBal EXCEPT ![a] = m.bal]
                /\ maxVal' = [maxVal EXCEPT ![a] = m.val]
                /\ Send([type |-> "2b", acc |-> a, bal |-> m.bal, val |-> m.val])

\* chosen is what a learner may learn: the values a phase-2 quorum voted
\* for in one ballot (the 2b messages of those votes exist).
\* Checks PAXOS-7.
chosen == {v \in Value : \E b \in Ballot, Q \in Quorum2 :
                            \A a \in Q : \E m \in msgs : /\ m.type = "2b"
                                                         /\ m.acc = a
                                                         /\ m.bal = b
                                                         /\ m.val = v}

\* A learner learns v, from a phase-2 quorum of 2b votes in one ballot or
\* from a decision message: either way only a chosen value.
\* Checks PAXOS-7, PAXOS-8.
Learn(v) == /\ v \in chosen
            /\ UNCHANGED vars

\* Acceptor a refuses a 1a or 2a message of ballot b below its promise and
\* answers with a reject carrying the promise (liveness only).
\* Checks PAXOS-2, PAXOS-4.
Reject(a, b) == /\ \E m \in msgs : m.type \in {"1a", "2a"} /\ m.bal = b
                /\ b < maxBal[a]
                /\ UNCHANGED vars

\* The proposer of ballot b gives it up: some message of a higher ballot
\* exists (it saw a reject carrying a higher promise, or the ballot itself).
\* Checks PAXOS-2.
Preempted(b) == /\ \E m \in msgs : m.bal > b
                /\ UNCHANGED vars

\* A proposer's timer fires; it will start a higher ballot (Phase1a).
Timeout == UNCHANGED vars

\* Acceptor a restarts from its durable state, which is all of its state here:
\* promise and vote survive.
\* Checks PAXOS-6.
Restart(a) == UNCHANGED vars

Next == \/ \E b \in Ballot : \/ Phase1a(b)
                             \/ \E v \in Value : Phase2a(b, v)
                             \/ Preempted(b)
        \/ \E a \in Acceptor : \/ Phase1b(a) \/ Phase2b(a) \/ Restart(a)
                               \/ \E b \in Ballot : Reject(a, b)
        \/ \E v \in Value : Learn(v)
        \/ Timeout

Spec == Init /\ [][Next]_vars

\* Checks PAXOS-9.
Consistency == \A v, w \in chosen : v = w

\* The refinement mapping: an acceptor's votes are its 2b messages.
votes == [a \in Acceptor |-> {<<m.bal, m.val>> : m \in {mm \in msgs : mm.type = "2b" /\ mm.acc = a}}]

V == INSTANCE Voting

\* Checks PAXOS-2, PAXOS-4.
VotesSafe == V!VotesSafe

\* Checks PAXOS-3.
OneValuePerBallot == V!OneValuePerBallot

\* An acceptor's latest vote is never above its promise.
\* Checks PAXOS-4.
VoteBelowPromise == \A a \in Acceptor : maxVBal[a] <= maxBal[a]

Inv == TypeOK /\ Consistency /\ VotesSafe /\ OneValuePerBallot /\ VoteBelowPromise

\* Paxos implements Voting (and so Consensus), checked as a temporal PROPERTY.
\* Checks PAXOS-9.
VotingRefinement == V!Spec
=============================================================================
