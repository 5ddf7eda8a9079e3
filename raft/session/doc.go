// Package session is the client session table of a replicated state machine (Ongaro's thesis,
// section 6.3): it makes each client command take effect exactly once, however often the client
// retries it and however many leaders it goes through.
//
// A client first registers a session; the registering log entry's index is the session's ID,
// so every replica assigns the same ID. Each later command carries the session ID, a sequence
// number the client never reuses, and the lowest sequence number whose response the client has
// not yet received (Request.Ack). When a replica applies a command, Table.Apply runs it only if
// the table has not seen that sequence number; a duplicate (a retry that was committed twice)
// returns the response cached when the first copy ran. Responses the client acknowledged are
// discarded, and a request whose response is gone is refused (ErrResponseDiscarded) instead of
// running twice.
//
// The table lives in the state machine, so it must change only with the log: sessions expire by
// log time (the time the leader stamped on the entries, Request.Time), never by a replica's own
// clock, and every replica expires the same sessions at the same entry. Memory is bounded: at
// most Config.MaxSessions sessions (registering one more evicts the least recently active) with
// at most Config.MaxResponses cached responses each. A request of an expired or evicted session
// is refused with ErrUnknownSession: the client cannot know whether its earlier commands ran,
// and must say so to its caller rather than retry them blindly.
//
// The table is deterministic and is saved in the state machine's snapshots (MarshalBinary,
// UnmarshalBinary). It imports only the standard library, like the rest of raft/'s tree.
//
// The requirements are RAFT-SESSION-* in spec/raft.md of the dsref repository, and the table
// is modeled in tla/Session.tla, whose ApplyEntry is Register and Apply (MCSession.cfg checks
// that no command runs twice). With Config.Trace set the table reports every entry it applies
// as a TraceEvent named after that action, with the outcome it decided, so that its runs can be
// validated against the model (tla/TraceSession.tla; the simulator's session traces are). The
// simulator's key-value store (harness/sim) and the replicated KV service (internal/kv) use this
// table. Two planted bugs (-tags dsref_mutations) are caught: MutationNoDedupe, a retry run
// twice, by the simulator's linearizability check and by trace validation;
// MutationForgetDiscarded, a late copy of an acknowledged request run again, by trace
// validation and by the model's twin (MCSessionForget.cfg).
package session
