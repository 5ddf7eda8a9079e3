------------------------------ MODULE MCRaftAsync ------------------------------
(***************************************************************************)
(* Model-checking wrapper for Raft with asynchronous storage writes        *)
(* (AsyncWrites, etcd's AsyncStorageWrites): MCRaft, with the answers a    *)
(* server holds for a write counted as messages in flight.                 *)
(*                                                                         *)
(* An answer that reports durable state (AppendEntriesResponse,            *)
(* RequestVoteResponse) waits in outbox for the server's next write, then  *)
(* in that write until it is durable. MCConstraint bounds the network's    *)
(* messages only, so a leader could resend to a follower whose answers     *)
(* piled up without bound behind its write, and no model with a write on  *)
(* its way would be finite. MCAsyncConstraint counts held answers with the *)
(* network's against MaxMessages.                                          *)
(*                                                                         *)
(*   MCRaftAsync.cfg             the correct protocol                      *)
(*   MCRaftAsyncBroken.cfg       a leader counting its log before it is    *)
(*                               durable (wrapper MCRaftAsyncBroken.tla)   *)
(*   MCRaftAsyncReach*.cfg       witnesses of what MCRaftAsync.cfg reaches *)
(*                               (wrapper MCRaftAsyncReach.tla)            *)
(***************************************************************************)
EXTENDS MCRaft

\* The answers held in the writes ws.
RECURSIVE HeldIn(_)
HeldIn(ws) == IF ws = << >> THEN 0 ELSE Len(Head(ws).msgs) + HeldIn(Tail(ws))

\* The answers the servers in S hold: waiting for their next write, or in a
\* write on its way. The sum does not depend on the server CHOOSE picks first,
\* so SYMMETRY over the servers stays sound.
RECURSIVE HeldBy(_)
HeldBy(S) ==
    IF S = {} THEN 0
    ELSE LET i == CHOOSE x \in S : TRUE
         IN Len(outbox[i]) + HeldIn(writes[i]) + HeldBy(S \ {i})

MCAsyncConstraint ==
    /\ MCConstraint
    /\ Cardinality(DOMAIN messages) + HeldBy(Server) <= MaxMessages

=============================================================================
