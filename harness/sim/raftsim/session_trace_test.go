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
	res, err := trace.ValidateBytes(context.Background(), name, data, trace.Options{Spec: "TraceSession.tla", Modules: tla.FS})
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
