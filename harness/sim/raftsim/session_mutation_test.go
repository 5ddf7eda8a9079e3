//go:build dsref_mutations

package raftsim

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dsref/dsref/raft/session"
)

// TestMutationNoDedupeFailsSessionTraceValidation: with the session table's planted bug
// no-dedupe, a retry committed twice runs twice, and the session trace of such a seed is
// rejected at that entry: Session.tla's table answers it from its cache.
//
// Tests RAFT-MUT-1, RAFT-SESSION-2.
func TestMutationNoDedupeFailsSessionTraceValidation(t *testing.T) {
	data := runSessionTrace(t, 3, 14, "")
	require.True(t, validateSession(t, "seed14.ndjson", data).OK())
	data = runSessionTrace(t, 3, 14, session.MutationNoDedupe.String())
	res := validateSession(t, "seed14-no-dedupe.ndjson", data)
	require.False(t, res.OK())
	line := bytes.Split(data, []byte{'\n'})[res.Failure.Line-1]
	assert.Contains(t, string(line), `"outcome":"Ran"`, "rejected at %s", line)
}

// TestMutationForgetDiscardedFailsSessionTraceValidation drives one table through what the
// simulator's clients rarely produce (a client with two commands outstanding, then a late
// copy of the first), writes its events as the simulator's session trace does, and requires
// the trace of the correct table to validate and that of forget-discarded (the evicted
// response forgotten: the late copy runs again) to be rejected at the late copy.
//
// Tests RAFT-MUT-1, RAFT-SESSION-3.
func TestMutationForgetDiscardedFailsSessionTraceValidation(t *testing.T) {
	forget, err := session.ParseMutation("forget-discarded")
	require.NoError(t, err)
	for _, m := range []session.Mutation{session.MutationNone, forget} {
		cfg := session.Config{MaxSessions: 4, MaxResponses: 1}
		cfg.Mutation = m
		var buf bytes.Buffer
		tb := tracedTable(t, &buf, cfg)
		id, err := tb.Register(1, 0)
		require.NoError(t, err)
		for _, seq := range []uint64{1, 2, 1} { // 2 evicts 1's response; then the late copy of 1
			_, _, _ = tb.Apply(session.Request{Session: id, Seq: seq, Ack: 1}, func() []byte { return []byte{byte(seq)} })
		}
		res := validateSession(t, m.String()+".ndjson", buf.Bytes())
		if m == session.MutationNone {
			require.True(t, res.OK(), report(res))
			continue
		}
		require.False(t, res.OK())
		assert.Equal(t, 6, res.Failure.Line, "the late copy of request 1 is line 6")
	}
}
