---------------------------- MODULE TraceRaftWire ----------------------------
(***************************************************************************)
(* Trace validation of a real cluster from its network traffic alone: is  *)
(* the sequence of messages a packet capture shows (dsref pcap validate)   *)
(* produced by some behavior of Raft.tla? Nothing of the nodes' state is   *)
(* logged: every node-local variable is existentially quantified, and the  *)
(* validator's frontier carries every possibility.                         *)
(*                                                                         *)
(* The trace (dsref pcap validate -trace writes it) has one event per      *)
(* batch of frames a node sent together (a Ready: the messages of a run of *)
(* steps, sent with the vector clock the node has after them), in an order *)
(* consistent with the clocks. An event gives the sender, its clock, its   *)
(* incarnation (a new one after it closed all its connections: a restart,  *)
(* or a lost link), the peers to which its replies may have been lost (no  *)
(* connection open throughout since its previous batch), the least log    *)
(* length its messages show, and per receiver the frames in the order they *)
(* went out on the connection, each with its message, its position on its *)
(* channel (one connection after another from sender to receiver) and, if *)
(* its connection broke and a later one follows on the channel, the       *)
(* position of the last frame that may have been lost with it (lossEnd). A *)
(* frame of a message Raft.tla does not model (a forwarded proposal or     *)
(* read, a transfer request) only carries the clock.                       *)
(*                                                                         *)
(* A frame is explained by the step of its sender that adds exactly its    *)
(* message to the network: RequestVote, AppendEntries, Heartbeat,          *)
(* TimeoutNow, SendSnapshot, or the handler of a message the sender        *)
(* received whose reply it is. The order of a batch's frames across its    *)
(* connections is not on the wire, so the frames of event l are explained *)
(* in any order that keeps each connection's; l moves on once all are. The *)
(* sender may take silent steps in between: internal actions and the       *)
(* handling of the messages it received (in order per connection) that     *)
(* send nothing, or whose reply was lost. Silent steps of the other nodes  *)
(* wait for their own next batch (they change nothing another node         *)
(* observes before that), which keeps the frontier small. Two guides keep  *)
(* it finite and small without losing behaviors: a leader appends client   *)
(* values (ClientRequests, several ClientRequest steps at once) only as    *)
(* far as its batch shows, with the values the capture shows at those      *)
(* indexes, and holds every entry of its term the capture shows before it  *)
(* stops leading; a read (ReadIndex) is taken when a heartbeat shows its   *)
(* context. Three reductions keep the frontier small on long captures,     *)
(* none of which lets through a capture no behavior produces (each only    *)
(* narrows which steps are tried or which of two states is kept): a frame  *)
(* is lost only at a broken connection (lossEnd), a request its sender can *)
(* send now is explained at once (EagerGroups), and states are told apart  *)
(* by a view of the logs' lengths and last terms (TraceView).              *)
(*                                                                         *)
(* The vector clocks pin which messages were handled before each batch:   *)
(* dsref's runtime merges a received message's clock before stepping it,  *)
(* so a batch's clock, but for its sender's own count, is the pointwise    *)
(* maximum of the clocks of the messages its sender handled, no more and   *)
(* no less. After a restart the clock may resume from the node's trace     *)
(* file, which the capture cannot see: only "no more" is required then.    *)
(***************************************************************************)
EXTENDS Raft, Json, IOUtils, Sequences, Bags, TLC

TraceFile == IF "JSON" \in DOMAIN IOEnv THEN IOEnv.JSON ELSE "wire.ndjson"

TraceLog == ndJsonDeserialize(TraceFile)

Header == TraceLog[1]

Nodes == Header.nodes     \* the order of the clock arrays
TraceServer == {Nodes[k] : k \in DOMAIN Nodes}
TracePreVote == Header.preVote
TraceCheckQuorum == Header.checkQuorum

\* The value of an entry the capture never shows (no digest is negative).
Unknown == -1

\* Per term with entries: the first index, the values from there on, and the
\* highest index the capture shows an entry of that term at.
Terms == {Header.terms[k] : k \in DOMAIN Header.terms}
TermTable == [t \in {x.term : x \in Terms} |-> CHOOSE x \in Terms : x.term = t]
ValueAt(t, k) ==
    IF t \in DOMAIN TermTable /\ k - TermTable[t].first + 1 \in DOMAIN TermTable[t].values
    THEN TermTable[t].values[k - TermTable[t].first + 1]
    ELSE Unknown
LeaderLen(t) == IF t \in DOMAIN TermTable THEN TermTable[t].last ELSE 0

TraceValue == {Unknown} \cup UNION {{x.values[k] : k \in DOMAIN x.values} : x \in Terms}
\* Every frame of the trace: <<line, receiver group, position in it>>.
FrameRefs == UNION {{<<x, g, k>> : g \in DOMAIN TraceLog[x].out, k \in DOMAIN TraceLog[x].out[g].frames}
                    : x \in 2..Len(TraceLog)}
TraceReadContext == {TraceLog[r[1]].out[r[2]].frames[r[3]].msg.context : r \in FrameRefs} \ {""}
TraceNoContext == ""
\* A captured cluster keeps the membership it started with.
TraceJoining == {}
TraceNil == 0
TraceFollower == "Follower"
TracePreCandidate == "PreCandidate"
TraceCandidate == "Candidate"
TraceLeader == "Leader"
TraceMsgVote == "MsgVote"
TraceMsgVoteResp == "MsgVoteResp"
TraceMsgPreVote == "MsgPreVote"
TraceMsgPreVoteResp == "MsgPreVoteResp"
TraceMsgApp == "MsgApp"
TraceMsgAppResp == "MsgAppResp"
TraceMsgHeartbeat == "MsgHeartbeat"
TraceMsgHeartbeatResp == "MsgHeartbeatResp"
TraceMsgTimeoutNow == "MsgTimeoutNow"
TraceMsgSnap == "MsgSnap"
TraceMsgSnapResp == "MsgSnapResp"

\* The channels: (sender, receiver).
Channels == TraceServer \X TraceServer

----
\* The shape of the events, checked by the validator before it starts.

MsgTypes == {"MsgProp", "MsgApp", "MsgAppResp", "MsgVote", "MsgVoteResp",
             "MsgPreVote", "MsgPreVoteResp", "MsgHeartbeat", "MsgHeartbeatResp",
             "MsgTransferLeader", "MsgTimeoutNow", "MsgReadIndex", "MsgReadIndexResp",
             "MsgSnap", "MsgSnapResp"}
MsgFields == [type |-> MsgTypes, from |-> "Nat", to |-> "Nat", term |-> "Nat",
              logTerm |-> "Nat", index |-> "Nat", commit |-> "Nat",
              entries |-> <<[term |-> "Nat", value |-> "Nat"]>>,
              reject |-> "Bool", hint |-> "Nat", context |-> "String"]
FrameFields == [msg |-> MsgFields, modeled |-> "Bool", pos |-> "Nat", packet |-> "Nat", lossEnd |-> "Nat"]

TraceSchema ==
    [Header |-> [nodes |-> <<"Nat">>, preVote |-> "Bool", checkQuorum |-> "Bool",
                 snapshots |-> "Bool",
                 terms |-> <<[term |-> "Nat", first |-> "Nat", last |-> "Nat", values |-> <<"Int">>]>>,
                 chans |-> <<[from |-> "Nat", to |-> "Nat", frames |-> <<<<"Nat">>>>]>>],
     Ready |-> [t |-> "Nat", node |-> "Nat", clock |-> <<"Nat">>, inc |-> "Nat",
                lossy |-> <<"Nat">>, need |-> "Nat",
                out |-> <<[to |-> "Nat", frames |-> <<FrameFields>>]>>]]

----
\* A message of the trace as the specification writes it (as in TraceRaft).
Msg(j) ==
    CASE j.type \in {"MsgVote", "MsgPreVote"} ->
            [mtype |-> j.type, mterm |-> j.term, mlastLogTerm |-> j.logTerm,
             mlastLogIndex |-> j.index, msource |-> j.from, mdest |-> j.to]
      [] j.type \in {"MsgVoteResp", "MsgPreVoteResp"} ->
            [mtype |-> j.type, mterm |-> j.term, mvoteGranted |-> ~j.reject,
             msource |-> j.from, mdest |-> j.to]
      [] j.type = "MsgApp" ->
            [mtype |-> j.type, mterm |-> j.term, mprevLogIndex |-> j.index,
             mprevLogTerm |-> j.logTerm,
             mentries |-> [k \in DOMAIN j.entries |->
                             [term |-> j.entries[k].term, value |-> j.entries[k].value, config |-> NoConfig]],
             mcommitIndex |-> j.commit,
             msource |-> j.from, mdest |-> j.to]
      [] j.type = "MsgAppResp" ->
            [mtype |-> j.type, mterm |-> j.term, msuccess |-> ~j.reject, mindex |-> j.index,
             mhintIndex |-> j.hint, mhintTerm |-> j.logTerm, msource |-> j.from, mdest |-> j.to]
      [] j.type = "MsgHeartbeat" ->
            [mtype |-> j.type, mterm |-> j.term, mcommitIndex |-> j.commit,
             mcontext |-> j.context, msource |-> j.from, mdest |-> j.to]
      [] j.type = "MsgHeartbeatResp" ->
            [mtype |-> j.type, mterm |-> j.term, mcontext |-> j.context,
             msource |-> j.from, mdest |-> j.to]
      [] j.type = "MsgTimeoutNow" ->
            [mtype |-> j.type, mterm |-> j.term, msource |-> j.from, mdest |-> j.to]
      [] j.type \in {"MsgSnap", "MsgSnapResp"} ->
            [mtype |-> j.type, mterm |-> j.term, msnapIndex |-> j.index, msnapTerm |-> j.logTerm,
             msource |-> j.from, mdest |-> j.to]
      [] OTHER -> [mtype |-> j.type]

Before(m) == IF m \in DOMAIN messages THEN messages[m] ELSE 0
After(m) == IF m \in DOMAIN messages' THEN messages'[m] ELSE 0

----
VARIABLE l        \* the position in TraceLog of the batch being explained
VARIABLE part     \* per receiver, how many of the batch's frames to it are explained
VARIABLE sent     \* per channel, how many of its frames have been sent
VARIABLE rcvd     \* per channel, how many of its frames the receiver handled or skipped
VARIABLE seen     \* per node, the pointwise maximum of the clocks it received
VARIABLE exact    \* per node, whether seen is its whole clock (no restart)
VARIABLE inc      \* per node, its incarnation
VARIABLE shut     \* every frame of batch l is explained; its sender is still
                  \* handling messages before the batch goes out

wireVars == <<part, sent, rcvd, seen, exact, inc, shut>>
traceVars == <<vars, l, wireVars>>

PosOf == [i \in TraceServer |-> CHOOSE k \in DOMAIN Nodes : Nodes[k] = i]
Pos(i) == PosOf[i]
\* The frames of channel <<j, i>> in order, as <<line, group, position>>
\* references. The header lists every ordered pair of nodes, in the order of
\* Nodes.
ChanFrames(j, i) == Header.chans[(Pos(j) - 1) * Len(Nodes) + Pos(i)].frames
NoClock == [k \in DOMAIN Nodes |-> 0]
NoPart == [i \in TraceServer |-> 0]
\* Clock c without node i's own count.
Masked(c, i) == [k \in DOMAIN c |-> IF k = Pos(i) THEN 0 ELSE c[k]]
MaxOf(a, b) == IF a >= b THEN a ELSE b
Merge(c, d) == [k \in DOMAIN c |-> MaxOf(c[k], d[k])]
\* Clock c is no later than d in every node's count but i's.
ClockLeq(c, d, i) == \A k \in DOMAIN c : k = Pos(i) \/ c[k] <= d[k]

\* The p-th frame from j to i, and the clock it carries (its batch's).
Ref(j, i, p) == ChanFrames(j, i)[p]
Frame(j, i, p) == LET r == Ref(j, i, p) IN TraceLog[r[1]].out[r[2]].frames[r[3]]
FrameClock(j, i, p) == TraceLog[Ref(j, i, p)[1]].clock
\* The frame from j to i that i handles next, if it has been sent: dsref's
\* runtime hands a connection's frames to the core in order, and each one.
Pending(j, i) == IF rcvd[<<j, i>>] < sent[<<j, i>>] THEN {rcvd[<<j, i>>] + 1} ELSE {}

\* i handles the p-th frame from j and merges its clock (but for i's own count,
\* which is i's to keep).
Heard(i, c) == seen' = [seen EXCEPT ![i] = Merge(seen[i], Masked(c, i))]
Take(j, i, p) ==
    /\ rcvd' = [rcvd EXCEPT ![<<j, i>>] = p]
    /\ Heard(i, FrameClock(j, i, p))

\* A leader stops leading only once it holds every entry of its term the
\* capture shows (it may have appended them at any time before).
Flushed(i) == state[i] = Leader => Len(log[i]) >= LeaderLen(currentTerm[i])

\* Leader i appends client values up to index n: n - Len(log[i]) ClientRequest
\* steps at once, with the values the capture shows at those indexes (no event
\* observes the states in between).
ClientRequests(i, n) ==
    /\ state[i] = Leader
    /\ n > Len(log[i])
    /\ n <= LeaderLen(currentTerm[i])
    /\ log' = [log EXCEPT ![i] = log[i] \o
                 [k \in 1..(n - Len(log[i])) |->
                    [term |-> currentTerm[i], value |-> ValueAt(currentTerm[i], Len(log[i]) + k),
                     config |-> NoConfig]]]
    /\ UNCHANGED <<messages, serverVars, candidateVars, leaderVars, commitIndex, snapshotIndex, config,
                   historyVars, storageVars>>

IsRequest(m) == m.mtype \in {AppendEntriesRequest, HeartbeatRequest, RequestVoteRequest,
                             PreVoteRequest, SnapshotRequest}

\* The frames of batch e not explained yet.
Unexplained(e) == {e.out[g].frames[k] : g \in DOMAIN e.out,
                                         k \in part[e.out[g].to] + 1 .. Len(e.out[g].frames)}

\* A frame of batch e yet to explain is a leader's message of i's current term:
\* i cannot stop leading before it (it would never lead in that term again).
KeepsLeading(i, e) ==
    /\ state[i] = Leader
    /\ \E f \in Unexplained(e) :
          /\ f.msg.type \in {"MsgApp", "MsgHeartbeat", "MsgTimeoutNow", "MsgSnap"}
          /\ f.msg.term = currentTerm[i]

\* Batch e has a frame yet to explain of one of the types, of term t (any term
\* if t is 0), or e's sender may have lost its frames to every peer.
\* dsref's core sends in the step itself what a timeout (the vote requests), a
\* quorum of PreVotes (the vote requests) and a won election (an append to each
\* follower) make it send: without those frames in the batch, the step did not
\* happen before it.
Shows(e, types, t) ==
    \/ TraceServer \ {e.node} \subseteq {e.lossy[k] : k \in DOMAIN e.lossy}
    \/ \E f \in Unexplained(e) : f.msg.type \in types /\ (t = 0 \/ f.msg.term = t)

\* The commit indexes the appends of batch e yet to explain carry: the leader's
\* commit index when it sent each (Raft.tla's AppendEntries). A leader's commit
\* index shows nowhere else but in its heartbeats (bounded by what the
\* follower holds) and in what it may read, so it advances when a frame shows
\* it: an advance stays possible until then (the log and matchIndex only grow
\* while it leads), and taking it later hides no behavior.
CommitsShown(e) == {f.msg.commit : f \in {f \in Unexplained(e) : f.msg.type = "MsgApp"}}

\* A heartbeat of batch e shows a commit index beyond i's, or i takes a read
\* and has not committed in its term (ReadIndex needs it), or the capture
\* shows snapshots (CompactLog needs it): the commit index advances to one of
\* the indexes the quorum allows.
CommitWanted(i, e) ==
    \/ \E f \in Unexplained(e) : f.msg.type = "MsgHeartbeat" /\ f.msg.commit > commitIndex[i]
    \/ /\ \E f \in Unexplained(e) : f.msg.type = "MsgHeartbeat" /\ f.msg.context /= ""
       /\ \/ commitIndex[i] = 0
          \/ log[i][commitIndex[i]].term /= currentTerm[i]
    \/ Header.snapshots

\* Leader i may stop leading before or within batch e: e shows it (a frame a
\* leader of its term does not send, or a restart), or a message of a later
\* term waits for it. Only then must it hold every entry of its term the
\* capture shows (Flushed), which it appends at once, just before (no frame
\* observes the states in between). A leader whose quorum is gone steps down
\* (CheckQuorumStepDown) silently: in the batch that shows it.
StopsLeading(i, e) ==
    \/ inc[i] < e.inc
    \/ \E j \in TraceServer \ {i} : \E p \in Pending(j, i) : Frame(j, i, p).msg.term > currentTerm[i]
    \/ \E f \in Unexplained(e) :
          /\ f.modeled
          /\ \/ f.msg.term /= currentTerm[i]
             \/ f.msg.type \notin {"MsgApp", "MsgHeartbeat", "MsgTimeoutNow", "MsgSnap"}

\* A silent step in which i handles m, the p-th frame from j, before event e:
\* a step that leaves m to be handled later (UpdateTerm, a candidate learning
\* of the leader), or one that consumes it and sends nothing, or whose reply
\* was lost.
SilentHandle(i, j, p, m, e) ==
    \/ /\ \/ UpdateTerm(i, j, m) /\ Flushed(i) /\ ~KeepsLeading(i, e)
          \/ IsRequest(m) /\ m.mterm = currentTerm[i] /\ StepDownToLeader(i, j)
       /\ rcvd' = rcvd
       /\ Heard(i, FrameClock(j, i, p))
    \/ /\ Receive(m)
       /\ After(m) < Before(m)
       /\ \/ ~IsRequest(m)
          \/ IgnoreVoteRequest(i, j, m)
          \/ m.mtype = RequestVoteRequest /\ DropStaleMessage(i, j, m)
          \/ j \in {e.lossy[k] : k \in DOMAIN e.lossy}
       /\ Take(j, i, p)

\* Silent steps of the node of batch e, before or between its frames.
Silent(e) ==
    LET i == e.node IN
    /\ UNCHANGED <<part, sent>>
    /\ \/ /\ \E j \in TraceServer \ {i} : \E p \in Pending(j, i) :
                LET f == Frame(j, i, p) IN
                /\ ClockLeq(FrameClock(j, i, p), e.clock, i)
                /\ \/ /\ f.modeled
                      /\ Msg(f.msg) \in DOMAIN messages
                      /\ SilentHandle(i, j, p, Msg(f.msg), e)
                   \* The node takes the frame but its core changes nothing: a message
                   \* the specification does not model, or one no handler of the
                   \* specification takes (a vote for a leader already elected), which the
                   \* core ignores; for the specification, the network lost it.
                   \/ /\ IF f.modeled /\ Msg(f.msg) \in DOMAIN messages
                         THEN /\ ~ENABLED (Receive(Msg(f.msg)) /\ UNCHANGED <<l, wireVars>>)
                              /\ DropMessage(Msg(f.msg))
                         ELSE UNCHANGED vars
                      /\ Take(j, i, p)
          /\ UNCHANGED <<exact, inc>>
       \* A frame whose connection broke before i read it never reached i's core,
       \* nor did the rest of that connection's frames (up to lossEnd): i learns it
       \* only when it reads the next frame on the channel, from a later connection,
       \* so the loss is taken once that frame is sent.
       \/ /\ \E j \in TraceServer \ {i} : \E p \in Pending(j, i) :
                LET n == Frame(j, i, p).lossEnd IN
                /\ n >= p
                /\ sent[<<j, i>>] > n
                /\ rcvd' = [rcvd EXCEPT ![<<j, i>>] = n]
          /\ UNCHANGED <<vars, seen, exact, inc>>
       \/ /\ ~shut
          /\ \/ Shows(e, {"MsgPreVote", "MsgVote"}, 0) /\ Timeout(i)
             \/ Shows(e, {"MsgVote"}, 0) /\ BecomeCandidate(i)
             \/ LoseElection(i)
             \/ Shows(e, {"MsgApp"}, currentTerm[i]) /\ BecomeLeader(i)
             \/ ClientRequests(i, e.need)
             \/ \E n \in CommitsShown(e) : AdvanceCommitIndex(i, n)
             \/ /\ CommitWanted(i, e)
                /\ \E n \in commitIndex[i] + 1 .. Len(log[i]) : AdvanceCommitIndex(i, n)
             \/ Flushed(i) /\ ~KeepsLeading(i, e) /\ CheckQuorumStepDown(i)
             \/ \E f \in Unexplained(e) :
                   /\ f.msg.type = "MsgHeartbeat" /\ f.msg.context /= ""
                   /\ ReadIndex(i, f.msg.context)
             \/ /\ \E f \in Unexplained(e) : f.msg.type = "MsgHeartbeat" /\ f.msg.context = ""
                /\ AnswerRead(i)
             \/ Header.snapshots /\ \E s \in 1..commitIndex[i] : CompactLog(i, s)
          /\ UNCHANGED <<rcvd, seen, exact, inc>>
       \/ /\ StopsLeading(i, e)
          /\ ClientRequests(i, LeaderLen(currentTerm[i]))
          /\ UNCHANGED <<rcvd, seen, exact, inc>>
       \/ /\ ~shut
          /\ inc[i] < e.inc
          /\ Flushed(i)
          /\ ~KeepsLeading(i, e)
          /\ Restart(i)
          /\ inc' = [inc EXCEPT ![i] = e.inc]
          /\ exact' = [exact EXCEPT ![i] = FALSE]
          /\ seen' = [seen EXCEPT ![i] = NoClock]
          /\ UNCHANGED rcvd

\* The messages the step added to the network.
Sent == {m \in DOMAIN messages' : After(m) > Before(m)}

\* The step of Raft.tla that sends frame f of batch e to j: a request, or the
\* reply to the next frame from j; for a message the specification does not
\* model, none.
SendStep(e, j, f) ==
    LET i == e.node
        t == f.msg.type
    IN IF ~f.modeled
       THEN UNCHANGED <<vars, rcvd, seen>>
       ELSE \/ /\ t \in {"MsgVote", "MsgPreVote"} /\ RequestVote(i, j)
               /\ UNCHANGED <<rcvd, seen>>
            \/ /\ t = "MsgApp" /\ AppendEntries(i, j, f.msg.index, Len(f.msg.entries))
               /\ UNCHANGED <<rcvd, seen>>
            \/ /\ t = "MsgHeartbeat" /\ Heartbeat(i, j)
               /\ UNCHANGED <<rcvd, seen>>
            \/ /\ t = "MsgTimeoutNow" /\ TimeoutNow(i, j)
               /\ UNCHANGED <<rcvd, seen>>
            \/ /\ t = "MsgSnap" /\ SendSnapshot(i, j, f.msg.index)
               /\ UNCHANGED <<rcvd, seen>>
            \/ /\ t \in {"MsgAppResp", "MsgVoteResp", "MsgPreVoteResp", "MsgHeartbeatResp", "MsgSnapResp"}
               /\ \E p \in Pending(j, i) :
                     LET req == Frame(j, i, p) IN
                     /\ req.modeled
                     /\ Msg(req.msg) \in DOMAIN messages
                     /\ Receive(Msg(req.msg))
                     /\ Take(j, i, p)

\* The next frame of batch e to j, if any is left.
NextFrame(e, g) == e.out[g].frames[part[e.out[g].to] + 1]

\* Some frame of batch e is left to explain after group g's next one.
LeftAfter(e, g) == \E h \in DOMAIN e.out :
                      part[e.out[h].to] + (IF h = g THEN 1 ELSE 0) < Len(e.out[h].frames)

\* Explaining the next frame to some receiver of batch e: the sender's current
\* incarnation sends it, the frame is the next on its channel, and a step of
\* Raft.tla sends its message. Once the batch's last frame is explained, part
\* starts again for the next batch.
TraceActionOn(e, g) ==
    LET i == e.node
        j == e.out[g].to
    IN /\ inc[i] = e.inc
       /\ UNCHANGED <<exact, inc>>
       /\ part[j] < Len(e.out[g].frames)
       /\ LET f == NextFrame(e, g) IN
          /\ f.pos = sent[<<i, j>>] + 1
          /\ sent' = [sent EXCEPT ![<<i, j>>] = f.pos]
          /\ SendStep(e, j, f)
          /\ part' = IF LeftAfter(e, g) THEN [part EXCEPT ![j] = @ + 1] ELSE NoPart

TraceAction(e) == \E g \in DOMAIN e.out : TraceActionOn(e, g)

\* The requests of the specification: their steps (RequestVote, AppendEntries,
\* Heartbeat, TimeoutNow, SendSnapshot) only add their message to the network.
PureSends == {"MsgVote", "MsgPreVote", "MsgApp", "MsgHeartbeat", "MsgTimeoutNow", "MsgSnap"}

\* The receiver groups of batch e whose next frame its sender can send now,
\* by a step that only adds that frame's message to the network (a request,
\* or a message the specification does not model), with another frame of e
\* left to explain after it.
\*
\* Such a send is explained at once (TraceNext), the first group's first: the
\* reduction that keeps the frontier from holding every order of a batch's
\* frames and its sender's silent steps. It loses no behavior. Take any
\* sequence of the sender's steps from here that explains the rest of the
\* batch: it sends this frame at some point, by a step that only adds its
\* message m (to another node) to the network, and m is the same there as now
\* (the frame fixes it). The steps before it read nothing m changes (a node's
\* steps read only the messages addressed to it, and the wire variables of
\* its own channels), and the send reads nothing they change in a way that
\* alters m or disables it (it was enabled with the same m at both ends), so
\* the send moved first, then the same steps, reach the same state. The
\* guards that read which frames are left to explain (Shows, CommitsShown,
\* CommitWanted) are justified by a frame only while that frame cannot be
\* sent yet (it shows a step still to take), and KeepsLeading only forbids
\* steps. The batch's last frame is not hurried: once it is explained, the
\* sender's internal steps wait for its next batch.
EagerGroups(e) ==
    IF shut \/ inc[e.node] /= e.inc THEN {}
    ELSE {g \in DOMAIN e.out :
            /\ part[e.out[g].to] < Len(e.out[g].frames)
            /\ LeftAfter(e, g)
            /\ LET j == e.out[g].to
                   f == NextFrame(e, g)
               IN /\ ~f.modeled \/ f.msg.type \in PureSends
                  /\ f.pos = sent[<<e.node, j>>] + 1
                  /\ f.modeled => ENABLED (SendStep(e, j, f) /\ Sent = {Msg(f.msg)})}

\* The receiver group of batch e whose next frame the step explained.
Moved(e) == CHOOSE g \in DOMAIN e.out :
               IF part' = NoPart THEN part[e.out[g].to] < Len(e.out[g].frames)
               ELSE part'[e.out[g].to] /= part[e.out[g].to]

\* What the step observed: it sent exactly the frame's message, and its sender
\* had received no more than the batch's clock says.
TraceObserved(e) ==
    LET i == e.node
        f == NextFrame(e, Moved(e))
    IN /\ IF f.modeled THEN Sent = {Msg(f.msg)} ELSE TRUE
       /\ ClockLeq(seen'[i], e.clock, i)

\* After the step, the sender of batch e has handled exactly the messages its
\* clock says (unless it restarted: its clock may then resume from its trace
\* file, which the capture does not show).
Caught(e) == ~exact'[e.node] \/ seen'[e.node] = Masked(e.clock, e.node)

----
\* Line 1 is the header; every node starts in the initial state, having sent
\* and received nothing.
TraceInit == /\ l = 2
             /\ Init
             /\ part = NoPart
             /\ sent = [c \in Channels |-> 0]
             /\ rcvd = [c \in Channels |-> 0]
             /\ seen = [i \in TraceServer |-> NoClock]
             /\ exact = [i \in TraceServer |-> TRUE]
             /\ inc = [i \in TraceServer |-> 1]
             /\ shut = FALSE

\* Batch l is done once its frames are explained and its sender has handled
\* exactly what its clock says: the runtime may step messages after the step
\* that sent the batch's last frame, before it sends the batch (a vote request
\* answered, then a stale response handled, in one Ready); such steps send
\* nothing (shut), and ClockLeq keeps them within the batch's clock.
TraceNext == /\ l <= Len(TraceLog)
             /\ LET eager == EagerGroups(TraceLog[l]) IN
                \/ /\ ~shut
                   /\ IF eager = {} THEN TraceAction(TraceLog[l])
                      ELSE TraceActionOn(TraceLog[l], CHOOSE g \in eager : \A h \in eager : g <= h)
                   /\ TraceObserved(TraceLog[l])
                   /\ IF part' = NoPart /\ Caught(TraceLog[l])
                      THEN l' = l + 1 /\ shut' = FALSE
                      ELSE l' = l /\ shut' = (part' = NoPart)
                \/ /\ eager = {}
                   /\ Silent(TraceLog[l])
                   /\ IF shut /\ Caught(TraceLog[l])
                      THEN l' = l + 1 /\ shut' = FALSE
                      ELSE UNCHANGED <<l, shut>>

\* The validator tells states apart by this view. States that differ only in
\* the history variables (elections, everCommitted), which steps record but
\* hardly read, are one; so are states whose logs have, node by node, the same
\* length and last term: the logs of a run grow with it (a state's
\* fingerprint would cost as much), and a capture pins their entries (a
\* leader appends the values the capture shows at those indexes, a follower
\* those of the frames it handles), so that such logs hardly ever differ.
\* Keeping one of two states the view merges is sound: every state the
\* validator keeps is reached by a behavior of Raft.tla that explains the
\* trace so far, so whatever it accepts, some behavior explains. It could
\* only lose a behavior the dropped state alone would have led to (a false
\* rejection, never a false acceptance).
LogShape == [i \in TraceServer |-> <<Len(log[i]), LastTerm(log[i])>>]
TraceView == <<messages, serverVars, LogShape, commitIndex, snapshotIndex, config,
               candidateVars, leaderVars, l, wireVars>>

TraceSpec == TraceInit /\ [][TraceNext]_traceVars

\* Silent steps are steps of Raft.tla taken by the sender of the event being
\* explained (Silent(e)). An event may also take several TraceAction steps (one
\* per frame), so TraceNext is not TraceAction /\ TraceObserved /\ l' = l + 1:
\* there is no TraceSilent, and the validator steps events through TraceNext.
TraceSilentAction == "Silent"

\* For TLC: fails when the search runs out of states before consuming the
\* whole trace.
TraceMatched ==
    [](l <= Len(TraceLog) => [](TLCGet("queue") > 0 \/ l > Len(TraceLog)))

=============================================================================
