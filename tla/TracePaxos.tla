------------------------------ MODULE TracePaxos ------------------------------
(***************************************************************************)
(* Trace validation of the single-decree core paxos.Synod (paxos/synod.go) *)
(* against Paxos.tla. harness/sim/paxossim's SynodLog writes the traces    *)
(* (`dsref sim -protocol synod -trace run.ndjson`): a replicated log run   *)
(* as one Synod per slot, so its header says "instances": "slot" and each *)
(* slot's events are a trace of one instance of Paxos.tla, which dsref     *)
(* validates one slot at a time (harness/tlaplus/trace.InstancesField).    *)
(*                                                                         *)
(* Each event of a node names the action of Paxos.tla it took, with its    *)
(* ballot, the value involved (a digest of its bytes, and whether it is a  *)
(* gap-filling no-op), the message it handled and the messages it sent,   *)
(* and the acceptor's promise after the step. The network's events say    *)
(* which messages it dropped or duplicated; Paxos.tla never removes a      *)
(* message, so they change nothing,                                        *)
(* but the message must have been sent. TraceNext takes the named action,  *)
(* pinned to the event's parameters, and requires the promise and the     *)
(* messages the step sent to be what the event observed.                   *)
(*                                                                         *)
(* Run it with dsref (`dsref trace run.ndjson`) or with TLC, one slot at   *)
(* a time:                                                                 *)
(*   jq -c 'select(.action == "Header" or .slot == 1 or .msg.slot == 1)' \ *)
(*     run.ndjson > slot1.ndjson                                           *)
(*   JSON=slot1.ndjson tlc -config TracePaxos.cfg TracePaxos.tla           *)
(***************************************************************************)
EXTENDS Paxos, Json, IOUtils, Sequences, FiniteSets, TLC

TraceFile == IF "JSON" \in DOMAIN IOEnv THEN IOEnv.JSON ELSE "synod.ndjson"
TraceLog == ndJsonDeserialize(TraceFile)
Header == TraceLog[1]

\* The values of the specification's constants for this trace (TracePaxos.cfg).
TraceAcceptor == {Header.nodes[k] : k \in DOMAIN Header.nodes}
\* SynodLog runs majority quorums (it sets no paxos.Config.Quorums).
TraceQ1Size == Cardinality(TraceAcceptor) \div 2 + 1
TraceQ2Size == TraceQ1Size
\* Values are digests of the commands' bytes, -1 a no-op (Val): Value only
\* bounds chosen's set, whose members Learn tests one at a time.
TraceValue == Int
\* Go's ballots are round * 2^16 + node: Ballot only bounds chosen's search,
\* which TraceChosen restricts to the ballots of 2b messages (the only ones
\* that can satisfy it), so MaxBallot is not used.
TraceMaxBallot == 0

\* chosen, as one pass over the messages: v is chosen when the acceptors that
\* voted for v in some ballot b are a phase-2 quorum or more (a quorum is any
\* Q2Size of them, and every voter is an acceptor): the same set.
TraceChosen ==
    {v \in Value : LET ballots == {<<m.bal, m.acc>> : m \in {mm \in msgs : mm.type = "2b" /\ mm.val = v}}
                   IN  \E b \in {p[1] : p \in ballots} : Cardinality({p \in ballots : p[1] = b}) >= Q2Size}

----
\* The shape of the events, checked by the validator before it starts.

EntryFields == [ballot |-> "Nat", noop |-> "Bool", value |-> "Nat"]
MsgFields == [type |-> {"Prepare", "Promise", "Accept", "Accepted", "Reject", "Decide"},
              from |-> "Nat", to |-> "Nat", slot |-> "Nat", ballot |-> "Nat",
              entries |-> <<EntryFields>>]
NodeFields == [t |-> "Nat", node |-> "Nat", slot |-> "Nat", ballot |-> "Nat",
               promised |-> "Nat", noop |-> "Bool", value |-> "Nat", sent |-> <<MsgFields>>]
WithMsg == [f \in DOMAIN NodeFields \cup {"msg"} |-> IF f = "msg" THEN MsgFields ELSE NodeFields[f]]
NetworkFields == [t |-> "Nat", msg |-> MsgFields]

TraceSchema ==
    [Header |-> [nodes |-> <<"Nat">>, instances |-> "String"],
     Phase1a |-> NodeFields, Timeout |-> NodeFields, Restart |-> NodeFields,
     Phase1b |-> WithMsg, Phase2a |-> WithMsg, Phase2b |-> WithMsg, Learn |-> WithMsg,
     Reject |-> WithMsg, Preempted |-> NodeFields,
     DropMessage |-> NetworkFields, DuplicateMessage |-> NetworkFields]

----
\* A message of the trace as the specification writes it; the Reject and
\* Decide messages have no counterpart (Paxos.tla's Reject and Learn send
\* nothing), and are NoMsg.
NoMsg == [type |-> "none"]
\* A value: its digest, or -1 for a no-op.
Val(x) == IF x.noop THEN -1 ELSE x.value
Vote(m) == IF Len(m.entries) > 0
           THEN [bal |-> m.entries[1].ballot, val |-> Val(m.entries[1])]
           ELSE [bal |-> -1, val |-> None]
Msg(m) ==
    LET v == Vote(m) IN
    CASE m.type = "Prepare" -> [type |-> "1a", bal |-> m.ballot]
      [] m.type = "Promise" -> [type |-> "1b", acc |-> m.from, bal |-> m.ballot,
                                mbal |-> v.bal, mval |-> v.val]
      [] m.type = "Accept" -> [type |-> "2a", bal |-> m.ballot, val |-> v.val]
      [] m.type = "Accepted" -> [type |-> "2b", acc |-> m.from, bal |-> m.ballot, val |-> v.val]
      [] OTHER -> NoMsg

\* A message the network drops or duplicates was sent.
Sent(m) == LET s == Msg(m) IN s = NoMsg \/ s \in msgs

\* Go's zero ballot is "no promise yet", the specification's -1.
Promise(e) == IF e.promised = 0 THEN -1 ELSE e.promised

NetworkActions == {"DropMessage", "DuplicateMessage"}

\* The action of Paxos.tla that event e names, with its parameters.
TraceAction(e) ==
    IF e.action \in NetworkActions THEN Sent(e.msg) /\ UNCHANGED vars
    ELSE LET a == e.node IN
         \* (The most frequent actions first: CASE tests its guards in turn.)
         CASE e.action = "Phase2b" -> /\ Phase2b(a)
                                      /\ maxVBal'[a] = e.msg.ballot
                                      /\ maxVal'[a] = Val(e)
           [] e.action = "Phase1b" -> Phase1b(a) /\ maxBal'[a] = e.msg.ballot
           [] e.action = "Learn" -> Learn(Val(e))
           [] e.action = "Restart" -> Restart(a)
           [] e.action = "Phase1a" -> Phase1a(e.ballot)
           [] e.action = "Phase2a" -> Phase2a(e.ballot, Val(e))
           [] e.action = "Preempted" -> Preempted(e.ballot)
           [] e.action = "Reject" -> Reject(a, e.ballot)
           [] e.action = "Timeout" -> Timeout

\* What event e observed after the step: the acceptor's promise (Preempted is
\* reported by a step that raises the promise before the Phase1b or Phase2b
\* it belongs to: the promise may be ahead), and every message the step sent
\* that Paxos.tla has is one the specification sent.
TraceObserved(e) ==
    IF e.action \in NetworkActions THEN TRUE
    ELSE /\ IF e.action = "Preempted" THEN maxBal'[e.node] <= Promise(e)
            ELSE maxBal'[e.node] = Promise(e)
         /\ \A k \in DOMAIN e.sent : LET s == Msg(e.sent[k]) IN s = NoMsg \/ s \in msgs'

----
VARIABLE l     \* the position in TraceLog of the next event to explain

\* Line 1 is the header; every acceptor starts in the initial state.
TraceInit == /\ l = 2
             /\ Init

TraceNext == /\ l <= Len(TraceLog)
             /\ TraceAction(TraceLog[l])
             /\ TraceObserved(TraceLog[l])
             /\ l' = l + 1

TraceSpec == TraceInit /\ [][TraceNext]_<<vars, l>>

\* For TLC: fails unless some behavior consumes the whole trace.
TraceMatched == [](l <= Len(TraceLog) => [](TLCGet("queue") > 0 \/ l > Len(TraceLog)))
=============================================================================
