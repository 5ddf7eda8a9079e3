package raftsim

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/harness/tlaplus/trace"
	"github.com/dsref/dsref/raft/session"
	"github.com/dsref/dsref/tla"
)

// runSessionTrace returns the session trace (sim.Options.SessionTrace) of a seed.
func runSessionTrace(t *testing.T, nodes int, seed uint64, mutation string) []byte {
	t.Helper()
	var buf bytes.Buffer
	_, err := sim.Run(Protocol{}, sim.RunOptions{Options: sim.Options{Nodes: nodes, Seed: seed, Mutation: mutation, SessionTrace: &buf}})
	require.NoError(t, err)
	return buf.Bytes()
}

func validateSession(t *testing.T, name string, data []byte) *trace.Result {
	t.Helper()
	res, err := trace.ValidateBytes(context.Background(), name, data, trace.Options{Spec: "TraceSession.tla", Modules: tla.FS, Reuse: true})
	require.NoError(t, err)
	return res
}

func report(res *trace.Result) string {
	var b bytes.Buffer
	trace.WriteReport(&b, res)
	return b.String()
}

// TestSessionTracesAreSessionBehaviors validates the session traces of a few seeds against
// tla/TraceSession.tla and requires them, together, to show every replica action of
// Session.tla and every outcome the simulator's clients produce: registrations, runs and
// duplicates (a retry committed twice).
//
// Tests RAFT-SESSION-2, RAFT-SESSION-4, RAFT-SESSION-5.
func TestSessionTracesAreSessionBehaviors(t *testing.T) {
	seen := map[string]int{}
	for _, run := range []struct {
		nodes int
		seed  uint64
	}{{3, 7}, {3, 14}, {5, 3}} {
		data := runSessionTrace(t, run.nodes, run.seed, "")
		res := validateSession(t, fmt.Sprintf("seed%d.ndjson", run.seed), data)
		require.True(t, res.OK(), report(res))
		for _, line := range bytes.Split(bytes.TrimSpace(data), []byte{'\n'})[1:] {
			var ev struct{ Action, Outcome string }
			require.NoError(t, json.Unmarshal(line, &ev))
			seen[ev.Action]++
			if ev.Outcome != "" {
				seen[ev.Outcome]++
			}
		}
	}
	for _, want := range []string{"ApplyEntry", "Restart", "TakeSnapshot", "Restore", "Registered", "Ran", "Duplicate"} {
		assert.Positive(t, seen[want], "no %s in the traces: %v", want, seen)
	}
}

// TestEditedSessionTraceIsRejectedAtThatLine edits one ApplyEntry event of a valid session
// trace at a time, each edit what a broken table would write (a duplicate run again, a session
// that did not expire or was not opened, log time moved) and requires the validator to reject
// the trace at exactly that line.
//
// Tests RAFT-SESSION-2, RAFT-SESSION-4.
func TestEditedSessionTraceIsRejectedAtThatLine(t *testing.T) {
	data := runSessionTrace(t, 3, 14, "")
	require.True(t, validateSession(t, "seed14.ndjson", data).OK())
	lines := bytes.Split(bytes.TrimSpace(data), []byte{'\n'})
	edits := map[string]func(ev map[string]any) bool{
		"duplicate runs again": func(ev map[string]any) bool {
			if ev["outcome"] != "Duplicate" {
				return false
			}
			ev["outcome"] = "Ran"
			return true
		},
		"log time": func(ev map[string]any) bool {
			if ev["kind"] != "request" {
				return false
			}
			ev["now"] = ev["now"].(float64) + 1
			return true
		},
		"a session too many": func(ev map[string]any) bool {
			if ev["kind"] != "request" {
				return false
			}
			ev["sessions"] = append(ev["sessions"].([]any), 1e6)
			return true
		},
		"another request": func(ev map[string]any) bool {
			if ev["kind"] != "request" || ev["seq"].(float64) < 2 {
				return false
			}
			ev["seq"] = ev["seq"].(float64) + 1
			return true
		},
	}
	for name, edit := range edits {
		at := -1
		for i := len(lines) / 3; i < len(lines) && at < 0; i++ {
			var ev map[string]any
			require.NoError(t, json.Unmarshal(lines[i], &ev))
			if ev["action"] != "ApplyEntry" || !edit(ev) {
				continue
			}
			edited, err := json.Marshal(ev)
			require.NoError(t, err)
			copyLines := append([][]byte(nil), lines...)
			copyLines[i] = edited
			res := validateSession(t, "edited.ndjson", bytes.Join(copyLines, []byte{'\n'}))
			require.False(t, res.OK(), "%s at line %d", name, i+1)
			assert.Equal(t, i+1, res.Failure.Line, "%s", name)
			at = i
		}
		require.NotEqual(t, -1, at, "seed 14 has no event to edit for %q", name)
	}
}

// tracedTable returns a table of configuration cfg whose events w receives as the session trace
// of a single node (the simulator's format: a header, the node's Restart, then ApplyEntry
// events), for scripted histories the simulator's clients rarely produce.
func tracedTable(t *testing.T, w *bytes.Buffer, cfg session.Config) *session.Table {
	t.Helper()
	write := func(fields map[string]any) {
		b, err := json.Marshal(fields)
		require.NoError(t, err)
		w.Write(append(b, '\n'))
	}
	write(map[string]any{"action": "Header", "nodes": []int{1}, "timeout": cfg.Timeout, "maxSessions": cfg.MaxSessions, "maxResponses": cfg.MaxResponses})
	write(map[string]any{"action": "Restart", "node": 1})
	cfg.Trace = func(ev session.TraceEvent) {
		kind := "request"
		if ev.Register {
			kind = "register"
		}
		write(map[string]any{"action": string(ev.Action), "node": 1, "kind": kind, "session": ev.Request.Session,
			"seq": ev.Request.Seq, "ack": ev.Request.Ack, "time": ev.Request.Time, "outcome": ev.Outcome,
			"resp": len(ev.Response), "now": ev.Now, "sessions": ev.Sessions})
	}
	tb, err := session.New(cfg)
	require.NoError(t, err)
	return tb
}

// TestScriptedSessionTraceValidates drives a table through what the simulator's runs rarely
// reach (its clients keep one command outstanding and their sessions outlive a run): a
// session evicted by a registration, one expired by log time, a request refused because its
// response was acknowledged, a duplicate, log time stamped backwards. The trace validates
// against tla/TraceSession.tla, and the same trace with any event's outcome replaced by any
// other is rejected there, at that event.
//
// Tests RAFT-SESSION-3, RAFT-SESSION-4.
func TestScriptedSessionTraceValidates(t *testing.T) {
	var buf bytes.Buffer
	tb := tracedTable(t, &buf, session.Config{Timeout: 10, MaxSessions: 2, MaxResponses: 2})
	run := func() []byte { return []byte("r") }
	a, _ := tb.Register(1, 0)
	b, _ := tb.Register(2, 1)
	tb.Apply(session.Request{Session: a, Seq: 1, Ack: 1, Time: 2}, run)
	tb.Apply(session.Request{Session: a, Seq: 2, Ack: 1, Time: 1}, run)  // a leader's clock behind
	tb.Apply(session.Request{Session: a, Seq: 3, Ack: 3, Time: 4}, run)  // acknowledges 1 and 2
	tb.Apply(session.Request{Session: a, Seq: 3, Ack: 3, Time: 4}, run)  // a duplicate
	tb.Apply(session.Request{Session: a, Seq: 2, Ack: 2, Time: 5}, run)  // refused: discarded
	c, _ := tb.Register(7, 6)                                            // evicts b, the least recently active
	tb.Apply(session.Request{Session: b, Seq: 1, Ack: 1, Time: 6}, run)  // refused: unknown
	tb.Apply(session.Request{Session: c, Seq: 1, Ack: 1, Time: 16}, run) // a expires (idle since 5), c not (since 6)
	tb.Apply(session.Request{Session: a, Seq: 4, Ack: 4, Time: 16}, run) // refused: unknown
	data := buf.Bytes()
	res := validateSession(t, "scripted.ndjson", data)
	require.True(t, res.OK(), report(res))
	lines := bytes.Split(bytes.TrimSpace(data), []byte{'\n'})
	outcomes := []string{"Registered", "Ran", "Duplicate", "UnknownSession", "Discarded"}
	seen := map[string]int{}
	for i, l := range lines {
		for _, was := range outcomes {
			if !bytes.Contains(l, []byte(`"outcome":"`+was+`"`)) {
				continue
			}
			seen[was]++
			for _, planted := range outcomes {
				if planted == was {
					continue
				}
				edited := append([][]byte(nil), lines...)
				edited[i] = bytes.Replace(l, []byte(`"outcome":"`+was+`"`), []byte(`"outcome":"`+planted+`"`), 1)
				res := validateSession(t, "edited.ndjson", bytes.Join(edited, []byte{'\n'}))
				require.False(t, res.OK(), "line %d: %s instead of %s", i+1, planted, was)
				assert.Equal(t, i+1, res.Failure.Line, "line %d: %s instead of %s", i+1, planted, was)
			}
		}
	}
	assert.Equal(t, map[string]int{"Registered": 3, "Ran": 4, "Duplicate": 1, "Discarded": 1, "UnknownSession": 2}, seen,
		"the script's outcomes:\n%s", data)
}
