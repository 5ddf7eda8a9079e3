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

func runTrace(t *testing.T, nodes int, seed uint64) []byte {
	t.Helper()
	var buf bytes.Buffer
	res, err := sim.Run(Protocol{}, sim.RunOptions{Options: sim.Options{Nodes: nodes, Seed: seed, Trace: &buf}})
	require.NoError(t, err)
	require.Nil(t, res.Failure)
	return buf.Bytes()
}

func validate(t *testing.T, name string, data []byte) *trace.Result {
	t.Helper()
	res, err := trace.ValidateBytes(context.Background(), name, data, trace.Options{Spec: "TraceRaft.tla", Modules: tla.FS})
	require.NoError(t, err)
	return res
}

// TestEditedTraceIsRejectedAtThatLine changes one observed field of one event of a valid trace
// (its term, vote, role, leader, last index or term, commit index) and requires the validator
// to reject the trace at exactly that line, naming the field with the specification's value
// and the one written.
//
// Tests RAFT-TRACE-2.
func TestEditedTraceIsRejectedAtThatLine(t *testing.T) {
	data := runTrace(t, 3, 5)
	require.True(t, validate(t, "seed5.ndjson", data).OK())
	lines := bytes.Split(bytes.TrimSpace(data), []byte{'\n'})
	fields := []string{"term", "vote", "role", "lead", "lastIndex", "lastTerm", "commit"}
	edits := 0
	for i := 1; i < len(lines) && edits < 2*len(fields); i += len(lines) / (6 * len(fields)) {
		var ev map[string]any
		require.NoError(t, json.Unmarshal(lines[i], &ev))
		if _, isNode := ev["node"]; !isNode {
			continue
		}
		field := fields[edits%len(fields)]
		old := ev[field]
		switch v := old.(type) {
		case float64:
			ev[field] = v + 1
		case string: // role
			ev[field] = map[string]string{"Follower": "Candidate", "PreCandidate": "Follower", "Candidate": "Leader", "Leader": "Follower"}[v]
		}
		edited, err := json.Marshal(ev)
		require.NoError(t, err)
		copyLines := append([][]byte(nil), lines...)
		copyLines[i] = edited
		res := validate(t, "edited.ndjson", bytes.Join(copyLines, []byte{'\n'}))
		edits++
		name := fmt.Sprintf("line %d field %s: %v -> %v", i+1, field, old, ev[field])
		require.False(t, res.OK(), name)
		assert.Equal(t, i+1, res.Failure.Line, name)
		found := false
		for _, c := range res.Failure.Candidates {
			for _, m := range c.Mismatches {
				if m.Field == field {
					found = true
					assert.Equal(t, fmt.Sprint(ev[field]), unquote(m.Seen), name)
				}
			}
		}
		assert.True(t, found, "%s: no candidate names the field: %+v", name, res.Failure.Candidates)
	}
	require.Equal(t, 2*len(fields), edits)
}

func unquote(s string) string {
	if len(s) >= 2 && s[0] == '"' {
		return s[1 : len(s)-1]
	}
	return s
}
