---------------------------- MODULE SessionOutcome ----------------------------
(***************************************************************************)
(* TraceSession.tla checks the outcome a session trace event names with    *)
(* OutcomeOf, read off the states before and after the step, instead of    *)
(* Session.tla's Outcome beside Apply. This invariant, checked over the    *)
(* models of Session.tla, says they agree: for every replica's state and   *)
(* every entry of the log (applied there or not), the outcome Apply's      *)
(* result shows is the one Outcome decides.                                *)
(***************************************************************************)
EXTENDS MCSession

T == INSTANCE TraceSession WITH l <- 0, first <- <<>>

OutcomeOfIsOutcome ==
    \A r \in Replica, k \in DOMAIN log :
        T!OutcomeOf(rep[r], Apply(rep[r], log[k]), log[k]) = Outcome(rep[r], log[k])
=============================================================================
