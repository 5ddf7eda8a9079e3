package sim

import (
	"hash/fnv"

	"github.com/dsref/dsref/harness/tlaplus/value"
	"github.com/dsref/dsref/raft/session"
)

// The session trace (Options.SessionTrace, Options.SessionTraceEvents) is what
// tla/TraceSession.tla reads: every node's state machine as its session table sees it. The
// header names the nodes and the table's bounds; then come, in the order the event loop took
// them, the tables' own events (session.TraceEvent: each applied register or request entry,
// "ApplyEntry", with what the table decided and its log time and open sessions after it) and
// the cluster's steps of the other replica actions of tla/Session.tla: "Restart" when a node
// (re)starts with an empty store, "TakeSnapshot" when its store is snapshotted at a log index,
// and "Restore" when it installs the snapshot of an index. Lines are written at once (a table's
// step is not undone by a crash: the node restarts empty and applies again).

// sessionTracer writes the session trace; nil when the run records none.
type sessionTracer struct {
	r    *traceRecorder
	strs map[string]value.Value // boxedStr's values
}

func newSessionTracer(c *Cluster) *sessionTracer {
	if c.opts.SessionTrace == nil && c.opts.SessionTraceEvents == nil {
		return nil
	}
	return &sessionTracer{r: newTraceRecorder(c.opts.SessionTrace, c.opts.SessionTraceEvents, c, nil)}
}

// header writes the first line: the trace module, the nodes and the table's bounds.
func (st *sessionTracer) header(nodes int, cfg session.Config) {
	all := make([]int, nodes)
	for i := range all {
		all[i] = i + 1
	}
	st.r.add(st.r.mapLine(0, "Header", map[string]any{
		"spec": "TraceSession", "nodes": all, "timeout": cfg.Timeout,
		"maxSessions": cfg.MaxSessions, "maxResponses": cfg.MaxResponses,
	}, st.r.c.now))
}

func (st *sessionTracer) event(node int, action string, fields map[string]any) {
	if st != nil {
		st.r.add(st.r.mapLine(node, action, fields, st.r.c.now))
	}
}

// tableConfig is the session table configuration of node id: the cluster's, tracing to st.
func (st *sessionTracer) tableConfig(cfg session.Config, id int) session.Config {
	if st == nil {
		return cfg
	}
	cfg.Trace = func(ev session.TraceEvent) {
		if line, ok := st.applyLine(id, ev); ok {
			st.r.add(line)
			return
		}
		st.event(id, string(ev.Action), applyFields(ev)) // the recorder names what does not fit
	}
	return cfg
}

// applyFields are the fields of a table's event.
func applyFields(ev session.TraceEvent) map[string]any {
	kind := "request"
	if ev.Register {
		kind = "register"
	}
	return map[string]any{
		"kind": kind, "session": ev.Request.Session, "seq": ev.Request.Seq, "ack": ev.Request.Ack,
		"time": ev.Request.Time, "outcome": ev.Outcome, "resp": responseDigest(ev.Response),
		"now": ev.Now, "sessions": ids(ev.Sessions),
	}
}

// applyShape is the shape of a table event's line: applyFields plus the action, node and time.
var applyShape = func() *value.Record {
	names := []string{"ack", "action", "kind", "node", "now", "outcome", "resp", "seq", "session", "sessions", "t", "time"}
	r, err := value.NewRecord(names, make([]value.Value, len(names)))
	if err != nil {
		panic(err)
	}
	return r
}()

var kindNames = [2]value.Value{value.Str("request"), value.Str("register")}

// boxedStr returns s as a value, boxed once per distinct s (the few actions and outcomes of a
// table's events: boxing a string allocates).
func (st *sessionTracer) boxedStr(s string) value.Value {
	v, ok := st.strs[s]
	if !ok {
		if st.strs == nil {
			st.strs = map[string]value.Value{}
		}
		v = TraceStr(s)
		st.strs[s] = v
	}
	return v
}

// applyLine is the line of node's table event ev, the record mapLine builds from applyFields, built
// directly; ok is false if a number does not fit a TLA+ integer.
func (st *sessionTracer) applyLine(node int, ev session.TraceEvent) (*value.Record, bool) {
	ok := true
	num := func(n uint64) value.Value {
		if n < uint64(len(boxedInts)) {
			return boxedInts[n]
		}
		if n > value.MaxInt {
			ok = false
		}
		return value.Int(n)
	}
	t, err := traceTime(string(ev.Action), st.r.c.now)
	if err != nil {
		return nil, false
	}
	kind := kindNames[0]
	if ev.Register {
		kind = kindNames[1]
	}
	sessions := make(value.Tuple, len(ev.Sessions))
	for i, id := range ev.Sessions {
		sessions[i] = num(id)
	}
	line := applyShape.WithValues([]value.Value{
		num(ev.Request.Ack), st.boxedStr(string(ev.Action)), kind, num(uint64(node)), num(ev.Now), st.boxedStr(ev.Outcome),
		value.Int(responseDigest(ev.Response)), num(ev.Request.Seq), num(ev.Request.Session), sessions, t,
		num(ev.Request.Time),
	})
	return line, ok
}

// ids lists session IDs as the trace writes lists (an ID beyond TLC's integers is an error
// naming the field, not a wrapped number).
func ids(s []uint64) []any {
	out := make([]any, len(s))
	for i, id := range s {
		out[i] = id
	}
	return out
}

func (st *sessionTracer) close() error {
	if st == nil {
		return nil
	}
	return st.r.close()
}

// responseDigest names a response for the specification, which only compares them: 0 for an
// empty one, otherwise a 31-bit FNV-1a digest in 1..2^31-1, which fits TLC's integers.
func responseDigest(b []byte) uint32 {
	if len(b) == 0 {
		return 0
	}
	h := fnv.New32a()
	h.Write(b)
	if v := h.Sum32() & 0x7fffffff; v != 0 {
		return v
	}
	return 1
}
