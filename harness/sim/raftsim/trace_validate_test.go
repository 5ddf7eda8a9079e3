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

// TestForwardedReadAnswerCannotMakeUpATerm: a follower's forwarded read is answered by a
// MsgReadIndexResp, which Raft.tla does not model; a newer term it carries makes the follower
// take UpdateTerm (seed 831 of 3 nodes has one). The answer must carry a term its sender had
// reached: an answer edited to a term no node ever had is rejected at its line.
func TestForwardedReadAnswerCannotMakeUpATerm(t *testing.T) {
	data := runTrace(t, 3, 831)
	require.True(t, validate(t, "seed831.ndjson", data).OK())
	lines := bytes.Split(data, []byte{'\n'})
	at := -1
	for i, l := range lines {
		if bytes.Contains(l, []byte(`"action":"UpdateTerm"`)) && bytes.Contains(l, []byte(`"type":"MsgReadIndexResp"`)) {
			at = i
			break
		}
	}
	require.NotEqual(t, -1, at, "seed 831 no longer adopts a term from a forwarded read's answer: pick another seed")
	var ev map[string]any
	require.NoError(t, json.Unmarshal(lines[at], &ev))
	term := fmt.Sprint(ev["term"])
	edited := bytes.Replace(lines[at], []byte(`"term":`+term+`,"to"`), []byte(`"term":50,"to"`), 1)
	edited = bytes.Replace(edited, []byte(`"term":`+term+`,"vote"`), []byte(`"term":50,"vote"`), 1)
	require.NotEqual(t, lines[at], edited)
	lines[at] = edited
	res := validate(t, "seed831-edited.ndjson", bytes.Join(lines, []byte{'\n'}))
	require.False(t, res.OK())
	assert.Equal(t, at+1, res.Failure.Line)
}
