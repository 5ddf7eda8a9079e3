--------------------------- MODULE TraceMultiPaxos ---------------------------
(***************************************************************************)
(* Trace validation of the Multi-Paxos core paxos.Node (paxos/) against    *)
(* MultiPaxos.tla: is a trace of a run, one JSON event a line, a behavior  *)
(* of the specification? harness/sim/paxossim's Protocol writes the traces *)
(* (`dsref sim -protocol paxos -trace run.ndjson`).                        *)
(*                                                                         *)
(* Every process is an acceptor and a replica. Each event of a node names  *)
(* the action of MultiPaxos.tla it took, with its parameters (ballot,      *)
(* slot, or the run of slots slot..last of a Phase2b or Learn with their   *)
(* values in entries, the value as a digest of its bytes or a gap-filling  *)
(* no-op, the peer), the message it handled and the messages it sent, the  *)
(* acceptor's promise and the decided prefix after the step. The          *)
(* network's events say which messages it dropped or duplicated;           *)
(* MultiPaxos.tla never removes a message, so they change nothing, but the *)
(* message must have been sent.                                            *)
(* TraceNext takes the named action, pinned to the event's parameters, and *)
(* requires the promise, the decided values and the messages the step sent *)
(* to be what the event observed. Messages MultiPaxos.tla does not have    *)
(* (Reject, Decide, CatchUp, Snapshot) are not compared; a Promise carries *)
(* the votes from the Prepare's slot on, so only those are.                *)
(*                                                                         *)
(* The constants depend on the header alone (dsref reuses the module for   *)
(* the traces of one cluster size): ballots, slots and commands enter the  *)
(* state as the run uses them (MultiPaxos.tla's Init is the empty state).  *)
(*                                                                         *)
(* Run it with dsref (`dsref trace run.ndjson`) or with TLC:               *)
(*   JSON=run.ndjson tlc -config TraceMultiPaxos.cfg TraceMultiPaxos.tla   *)
(* (TLC needs the CommunityModules jar for Json and IOUtils.)              *)
(***************************************************************************)
EXTENDS MultiPaxos, Json, IOUtils, Sequences, TLC

TraceFile == IF "JSON" \in DOMAIN IOEnv THEN IOEnv.JSON ELSE "paxos.ndjson"
TraceLog == ndJsonDeserialize(TraceFile)
Header == TraceLog[1]

\* The values of the specification's constants for this trace (TraceMultiPaxos.cfg).
TraceNodes == {Header.nodes[k] : k \in DOMAIN Header.nodes}
\* paxossim runs majority quorums (it sets no paxos.Config.Quorums).
TraceQ1Size == Cardinality(TraceNodes) \div 2 + 1
TraceQ2Size == TraceQ1Size
\* Commands are digests of their bytes (paxossim's valueOf), a no-op is -1:
\* Value only bounds Next's choices, which TraceNext does not make.
TraceValue == Nat
TraceNoop == -1
\* Go's ballots are round * 2^16 + node and its slots run to 2^48: Ballot and
\* Slot only bound Next's choices and TypeOK, which trace validation does not
\* use (the events name ballots and slots), except that a leader proposes in
\* slots up to MaxSlot: TLC's largest integer.
TraceMaxBallot == 0
TraceMaxSlot == 2147483647

\* Indexes of msgs, so that a step looks the messages it needs up instead of
\* searching every message ever sent (msgs only grows with the trace):
\* voted holds the 2b votes as <<acceptor, ballot, slot>> (the value is the
\* ballot's proposal in the slot), votesIn[s] the 2b messages of slot s, and
\* proposals[b][s] the 2a message of ballot b in slot s (one at most: a
\* ballot's leader proposes once in a slot). Phase2b(a, b, lo, hi) is the
\* only action of MultiPaxos.tla sending 2b messages (one per slot of lo..hi),
\* BecomeLeader(b, k) and Phase2a(b, v) the only ones sending 2a messages (b's
\* recovered slots, a command in slot nextSlot[b]), and Indexed(e) adds what
\* the step of event e sent, so IndexesAreMsgs holds in every state.
VARIABLES voted, votesIn, proposals
IndexesAreMsgs ==
    LET twoA == {m \in msgs : m.type = "2a"}
        twoB == {m \in msgs : m.type = "2b"}
    IN  /\ voted = {<<m.acc, m.bal, m.slot>> : m \in twoB}
        /\ votesIn = [s \in {m.slot : m \in twoB} |-> {m \in twoB : m.slot = s}]
        /\ proposals = [b \in {m.bal : m \in twoA} |->
                          [s \in {m.slot : m \in {x \in twoA : x.bal = b}} |->
                             CHOOSE m \in twoA : m.bal = b /\ m.slot = s]]

\* Votes, ProposedSlots and ProposedVal of MultiPaxos.tla, looked up in the
\* indexes (TraceMultiPaxos.cfg substitutes them): the same values.
TraceVotes(s) == IF s \in DOMAIN votesIn THEN votesIn[s] ELSE {}
TraceProposedSlots(b) == IF b \in DOMAIN proposals THEN DOMAIN proposals[b] ELSE {}
TraceProposedVal(b, s) == proposals[b][s].val

\* Two more indexes, of the replicas' decided logs: upTo[r] is replica r's
\* decided prefix (MultiPaxos.tla's AppliedPrefix(r)), and appliedSome the
\* commands in some replica's prefix, MultiPaxos.tla's AppliedSomewhere
\* (TraceMultiPaxos.cfg substitutes it), which Submit records. A replica's
\* log only grows and keeps the values it holds (Learn, CatchUp and
\* InstallSnapshot add slots; no action removes or changes one), so its
\* prefix only grows, by the slots from upTo[r] + 1 on that the step made
\* gap-free, and those are the commands the step adds to the prefix.
VARIABLES upTo, appliedSome
TraceAppliedSomewhere == appliedSome

\* The decided prefix of a log with slots D, which holds slots 1..k.
RECURSIVE PrefixFrom(_, _)
PrefixFrom(D, k) == IF k + 1 \in D THEN PrefixFrom(D, k + 1) ELSE k

\* MultiPaxos.tla's Set(f, x, y), f with x mapped to y, with TLC's :> and @@
\* (substituted in TraceMultiPaxos.cfg): the same function, built without a
\* step per element of f (Submit extends completedBefore, one entry per
\* command submitted so far).
TraceSet(f, x, y) == (x :> y) @@ f

----
\* The shape of the events, checked by the validator before it starts.

EntryFields == [ballot |-> "Nat", noop |-> "Bool", slot |-> "Nat", value |-> "Nat"]
MsgFields == [type |-> {"Prepare", "Promise", "Accept", "Accepted", "Reject", "Decide", "CatchUp", "Snapshot"},
              from |-> "Nat", to |-> "Nat", ballot |-> "Nat", slot |-> "Nat", last |-> "Nat",
              commit |-> "Nat", snapshot |-> "Nat", entries |-> <<EntryFields>>]
NodeFields == [t |-> "Nat", node |-> "Nat", peer |-> "Nat", ballot |-> "Nat", slot |-> "Nat",
               last |-> "Nat", noop |-> "Bool", value |-> "Nat", promised |-> "Nat", commit |-> "Nat",
               sent |-> <<MsgFields>>]
WithMsg == [f \in DOMAIN NodeFields \cup {"msg"} |-> IF f = "msg" THEN MsgFields ELSE NodeFields[f]]
WithEntries == [f \in DOMAIN NodeFields \cup {"entries"} |->
                  IF f = "entries" THEN <<EntryFields>> ELSE NodeFields[f]]
NetworkFields == [t |-> "Nat", msg |-> MsgFields]

TraceSchema ==
    [Header |-> [nodes |-> <<"Nat">>],
     Submit |-> NodeFields, Timeout |-> NodeFields, Phase1a |-> NodeFields,
     Phase1b |-> NodeFields, Phase2a |-> NodeFields, Phase2b |-> WithEntries,
     Preempted |-> NodeFields, Restart |-> NodeFields, Compact |-> NodeFields,
     BecomeLeader |-> WithEntries, Learn |-> WithEntries, Reject |-> WithMsg, CatchUp |-> WithMsg, InstallSnapshot |-> WithMsg,
     DropMessage |-> NetworkFields, DuplicateMessage |-> NetworkFields]

----
\* A value of the trace: its digest, or the no-op.
Val(x) == IF x.noop THEN Noop ELSE x.value

\* Whether the specification has sent the messages that trace message j
\* stands for, in the set of messages ms whose 2b votes vs indexes (voted):
\* a Prepare is a 1a, an Accept one 2a per entry (none for a commit notice),
\* an Accepted one 2b per slot it lists or per slot of its range slot..last
\* (for the value voted, which it does not carry), a Promise the 1b of its
\* sender and ballot, with the votes it reports. The other messages are not
\* modeled. (Written with sets rather than \E or \/: in an action, each
\* witness of an existential and each true disjunct yields a successor, and
\* these are conditions only.)
SentIn(j, ms, vs) ==
    CASE j.type = "Prepare" -> [type |-> "1a", bal |-> j.ballot] \in ms
      [] j.type = "Accept" ->
            \A k \in DOMAIN j.entries :
                [type |-> "2a", bal |-> j.ballot, slot |-> j.entries[k].slot, val |-> Val(j.entries[k])] \in ms
      [] j.type = "Accepted" ->
            /\ \A k \in DOMAIN j.entries : <<j.from, j.ballot, j.entries[k].slot>> \in vs
            /\ {<<j.from, j.ballot, s>> : s \in IF j.last = 0 THEN {} ELSE j.slot..j.last} \subseteq vs
      [] j.type = "Promise" ->
            {m \in ms : /\ m.type = "1b" /\ m.acc = j.from /\ m.bal = j.ballot
                        /\ m.compacted = j.slot
                        /\ \A k \in DOMAIN j.entries :
                              LET x == j.entries[k] IN
                              /\ x.slot \in DOMAIN m.votes
                              /\ m.votes[x.slot] = [bal |-> x.ballot, val |-> Val(x)]} # {}
      [] OTHER -> TRUE

\* The Promise j that acceptor j.from sends in its Phase1b step, answering a
\* Prepare for the slots from s on: the 1b message the step sent (with the
\* acceptor's votes and compacted prefix, which Phase1b leaves as they were)
\* carries the votes j reports, and none other from s on. It is the only 1b
\* of its acceptor and ballot: Phase1b needs a ballot above the promise, which
\* it then raises to that ballot, and no action lowers a promise.
PromiseSent(j, s) ==
    LET m == [type |-> "1b", acc |-> j.from, bal |-> j.ballot, votes |-> accepted'[j.from],
              compacted |-> compacted'[j.from]]
    IN  /\ m \in msgs'
        /\ m.compacted = j.slot
        /\ \A k \in DOMAIN j.entries :
              LET x == j.entries[k] IN
              /\ x.slot \in DOMAIN m.votes
              /\ m.votes[x.slot] = [bal |-> x.ballot, val |-> Val(x)]
        /\ {t \in DOMAIN m.votes : t >= s} = {j.entries[k].slot : k \in DOMAIN j.entries}

\* Every message event e says it sent is one the specification sent.
SentAsObserved(e) ==
    \A k \in DOMAIN e.sent :
        IF e.sent[k].type = "Promise" THEN PromiseSent(e.sent[k], e.msg.slot)
        ELSE SentIn(e.sent[k], msgs', voted')

\* Go's zero ballot is "no promise yet", the specification's -1.
Promise(e) == IF e.promised = 0 THEN -1 ELSE e.promised

\* Replica r has learned slots 1..c, and v in slot s. (A subset test, not a
\* condition per slot: c is the decided prefix, which grows with the trace.)
DecidedUpTo(r, c) == 1..c \subseteq DOMAIN decided'[r]
Learned(r, s, v) == s \in DOMAIN decided'[r] /\ decided'[r][s] = v

\* The entries of event e are one per slot of its run e.slot..e.last.
RunOf(e) == {e.entries[k].slot : k \in DOMAIN e.entries} = e.slot..e.last

NetworkActions == {"DropMessage", "DuplicateMessage"}

\* The action of MultiPaxos.tla event e names, with its parameters.
TraceAction(e) ==
    IF e.action \in NetworkActions THEN SentIn(e.msg, msgs, voted) /\ UNCHANGED vars
    ELSE LET n == e.node IN
         /\ IF "msg" \in DOMAIN e THEN SentIn(e.msg, msgs, voted) ELSE TRUE
         \* (The most frequent actions first: CASE tests its guards in turn.)
         /\ CASE e.action = "Phase2b" -> Phase2b(n, e.ballot, e.slot, e.last)
              [] e.action = "Compact" -> Compact(n, e.slot)
              [] e.action = "Learn" -> Learn(n, e.slot, e.last)
              [] e.action = "Submit" -> Submit(Val(e))
              [] e.action = "Phase2a" -> Phase2a(e.ballot, Val(e))
              [] e.action = "CatchUp" -> CatchUp(n, e.msg.from, e.slot)
              [] e.action = "Phase1b" -> Phase1b(n, [type |-> "1a", bal |-> e.ballot])
              [] e.action = "Restart" -> Restart(n)
              [] e.action = "Timeout" -> Timeout
              [] e.action = "Phase1a" -> Phase1a(e.ballot)
              [] e.action = "BecomeLeader" -> BecomeLeader(e.ballot, e.commit)
              [] e.action = "Reject" -> Reject(n, e.ballot)
              [] e.action = "Preempted" -> Preempted(e.ballot)
              [] e.action = "InstallSnapshot" -> InstallSnapshot(n, e.peer, e.slot)

\* The indexes after the step of event e (n's Phase2b votes for the proposals
\* of ballot e.ballot in slots e.slot..e.last; a Phase2a proposes in the
\* leader's next free slot; a BecomeLeader's proposals are the 2a messages
\* the step added; a step learning slots at replica n may extend its decided
\* prefix).
Indexed(e) ==
    LET n == e.node
        b == e.ballot
        Proposals(x) == IF x \in DOMAIN proposals THEN proposals[x] ELSE [s \in {} |-> Noop]
    IN
    CASE e.action = "Phase2b" ->
           /\ voted' = voted \cup {<<n, b, s>> : s \in e.slot..e.last}
           /\ votesIn' = [s \in e.slot..e.last |->
                            TraceVotes(s) \cup {[type |-> "2b", acc |-> n, bal |-> b, slot |-> s,
                                                 val |-> proposals[b][s].val]}] @@ votesIn
           /\ UNCHANGED <<proposals, upTo, appliedSome>>
      [] e.action \in {"Learn", "CatchUp", "InstallSnapshot"} ->
           LET k == PrefixFrom(DOMAIN decided'[n], upTo[n])
               new == {decided'[n][i] : i \in (upTo[n] + 1)..k} \ {Noop}
           IN  /\ upTo' = IF k > upTo[n] THEN [upTo EXCEPT ![n] = k] ELSE upTo
               /\ appliedSome' = IF new \subseteq appliedSome THEN appliedSome ELSE appliedSome \cup new
               /\ UNCHANGED <<voted, votesIn, proposals>>
      [] e.action = "Phase2a" ->
           /\ proposals' = (b :> ((nextSlot[b] :> [type |-> "2a", bal |-> b, slot |-> nextSlot[b], val |-> Val(e)])
                                  @@ Proposals(b))) @@ proposals
           /\ UNCHANGED <<voted, votesIn, upTo, appliedSome>>
      [] e.action = "BecomeLeader" ->
           /\ proposals' = LET new == {m \in msgs' \ msgs : m.type = "2a"} IN
                           IF new = {} THEN proposals
                           ELSE (b :> [s \in {m.slot : m \in new} |-> CHOOSE m \in new : m.slot = s]) @@ proposals
           /\ UNCHANGED <<voted, votesIn, upTo, appliedSome>>
      [] OTHER -> UNCHANGED <<voted, votesIn, proposals, upTo, appliedSome>>

\* What event e observed after the step: the acceptor's promise (Preempted is
\* reported by a step that raises the promise before the Phase1b or Phase2b
\* it belongs to: the promise may be ahead), the values voted for or learned
\* in a run of slots and the decided prefix, the value learned from another
\* replica, the slot a command was proposed in, the slots a new leader
\* proposes in (those it does not are slots it learned), and every message the
\* step sent.
TraceObserved(e) ==
    IF e.action \in NetworkActions THEN UNCHANGED <<voted, votesIn, proposals, upTo, appliedSome>>
    ELSE LET n == e.node IN
         /\ Indexed(e)
         /\ IF e.action = "Preempted" THEN maxBal'[n] <= Promise(e)
            ELSE maxBal'[n] = Promise(e)
         /\ CASE e.action = "Phase2b" ->
                 /\ RunOf(e)
                 /\ \A k \in DOMAIN e.entries :
                       accepted'[n][e.entries[k].slot] = [bal |-> e.ballot, val |-> Val(e.entries[k])]
              [] e.action = "Learn" ->
                 /\ RunOf(e)
                 /\ \A k \in DOMAIN e.entries : Learned(n, e.entries[k].slot, Val(e.entries[k]))
                 /\ DecidedUpTo(n, e.commit)
              [] e.action = "CatchUp" -> Learned(n, e.slot, Val(e)) /\ DecidedUpTo(n, e.commit)
              [] e.action = "InstallSnapshot" -> DecidedUpTo(n, e.commit)
              [] e.action = "Phase2a" ->
                 [type |-> "2a", bal |-> e.ballot, slot |-> e.slot, val |-> Val(e)] \in msgs'
              [] e.action = "BecomeLeader" ->
                 \A m \in {x \in msgs' \ msgs : x.type = "2a"} :
                    m.slot \in {e.entries[k].slot : k \in DOMAIN e.entries} \cup DOMAIN decided[n]
              [] OTHER -> TRUE
         /\ SentAsObserved(e)

----
VARIABLE l     \* the position in TraceLog of the next event to explain

traceVars == <<vars, voted, votesIn, proposals, upTo, appliedSome, l>>

\* Line 1 is the header; every process starts in the initial state.
TraceInit == /\ l = 2
             /\ Init
             /\ voted = {}
             /\ votesIn = [s \in {} |-> {}]
             /\ proposals = [b \in {} |-> [s \in {} |-> Noop]]
             /\ upTo = [r \in Replica |-> 0]
             /\ appliedSome = {}

TraceNext == /\ l <= Len(TraceLog)
             /\ TraceAction(TraceLog[l])
             /\ TraceObserved(TraceLog[l])
             /\ l' = l + 1

TraceSpec == TraceInit /\ [][TraceNext]_traceVars

\* For TLC, as in etcd-io/raft's Traceetcdraft.tla: checked as a temporal
\* property after every state's successors, it fails when the search runs
\* out of states before consuming the whole trace.
TraceMatched ==
    [](l <= Len(TraceLog) => [](TLCGet("queue") > 0 \/ l > Len(TraceLog)))
=============================================================================
