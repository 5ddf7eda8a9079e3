package raftsim

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/harness/tlaplus/eval"
	"github.com/dsref/dsref/harness/tlaplus/value"
	"github.com/dsref/dsref/raft"
)

// TestTraceRecordIsTraceFields: the line the tracer hands a sim.RecordSink, less the action,
// node and time the sink sets, is the record the map of TraceFields gives (sim.TraceRecord), for any event: every action, role, message type,
// entries (configuration changes, well-formed or not), reads and contexts of any bytes; and a
// number beyond TLC's integers makes it take the map path, whose recorder reports the field.
// A message the network drops or duplicates (Protocol.TraceMessageValue) is the record of its
// JSON as well.
func TestTraceRecordIsTraceFields(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		small := rapid.Uint64Range(0, 1000)
		num := rapid.OneOf(small, small, small, rapid.Uint64())
		bytesGen := rapid.OneOf(rapid.Just([]byte(nil)), rapid.SliceOfN(rapid.Byte(), 0, 6))
		entry := rapid.Custom(func(t *rapid.T) raft.Entry {
			e := raft.Entry{Term: num.Draw(t, "term"), Index: small.Draw(t, "index"), Data: bytesGen.Draw(t, "data")}
			switch rapid.IntRange(0, 3).Draw(t, "kind") {
			case 0:
				e.Type = raft.EntryConfChange
				e.Data = raft.MarshalConfChange(raft.ConfChange{Changes: []raft.ConfChangeSingle{{Type: raft.ConfChangeAddNode, NodeID: small.Draw(t, "id")}}})
			case 1:
				e.Type = raft.EntryConfChange // malformed data
			}
			return e
		})
		msg := rapid.Custom(func(t *rapid.T) raft.Message {
			return raft.Message{
				Type: raft.MessageType(rapid.IntRange(1, 20).Draw(t, "type")), To: num.Draw(t, "to"), From: num.Draw(t, "from"),
				Term: num.Draw(t, "mterm"), LogTerm: num.Draw(t, "logTerm"), Index: num.Draw(t, "mindex"),
				Entries: rapid.SliceOfN(entry, 0, 3).Draw(t, "entries"), Commit: num.Draw(t, "mcommit"),
				Reject: rapid.Bool().Draw(t, "reject"), RejectHint: num.Draw(t, "hint"), Context: bytesGen.Draw(t, "context"),
			}
		})
		actions := []raft.TraceAction{raft.TraceClientRequest, raft.TraceCompactLog, raft.TraceAnswerRead, raft.TraceHeartbeat, raft.TraceRestart}
		ev := raft.TraceEvent{
			Action: rapid.SampledFrom(actions).Draw(t, "action"), Node: small.Draw(t, "node"),
			Term: num.Draw(t, "term"), Vote: num.Draw(t, "vote"), Role: raft.StateType(rapid.IntRange(0, 4).Draw(t, "role")),
			Lead: num.Draw(t, "lead"), LastIndex: num.Draw(t, "lastIndex"), LastTerm: num.Draw(t, "lastTerm"),
			Commit: num.Draw(t, "commit"), SnapshotIndex: num.Draw(t, "snapshotIndex"),
			Sent: rapid.SliceOfN(msg, 0, 3).Draw(t, "sent"),
		}
		if rapid.Bool().Draw(t, "hasMsg") {
			m := msg.Draw(t, "msg")
			ev.Message = &m
		}
		if rapid.Bool().Draw(t, "hasRead") {
			ev.Read = &raft.ReadState{Index: num.Draw(t, "readIndex"), RequestCtx: bytesGen.Draw(t, "ctx")}
		}
		for i := range ev.Sent { // the network's events show a message as the cores' do
			got, ok := Protocol{}.TraceMessageValue(ev.Sent[i])
			want, err := eval.DecodeJSON(Protocol{}.TraceMessage(ev.Sent[i]).(sim.RawJSON))
			if !ok {
				require.Error(t, err, "TraceMessageValue gave up, so the JSON must not decode")
				continue
			}
			require.NoError(t, err)
			eq, err := value.Equal(got, want)
			require.NoError(t, err)
			require.True(t, eq, "value %s\nJSON  %s", got, want)
		}
		shape, vals, ok := traceLine(ev)
		want, err := sim.TraceRecord(TraceFields(ev))
		if !ok {
			require.Error(t, err, "the record path gave up, so the map path must name the field")
			return
		}
		require.NoError(t, err)
		// The line less the action, node and time the sink sets is the record of the fields.
		var names []string
		var fields []value.Value
		for i, name := range shape.Names() {
			if name != "action" && name != "node" && name != "t" {
				names, fields = append(names, name), append(fields, vals[i])
			}
		}
		require.Len(t, names, len(shape.Names())-3, "a line has slots for the action, node and time")
		got, err := value.NewRecord(names, fields)
		require.NoError(t, err)
		eq, err := value.Equal(got, want)
		require.NoError(t, err)
		require.True(t, eq, "record %s\nmap    %s", got, want)
	})
}

// TestHandedTraceIsTheWrittenTrace: for seeds of every kind (faults, snapshots, membership
// changes), the records a run hands over (sim.Options.TraceEvents) are what the lines of the
// NDJSON it writes decode to, one for one: validating either is validating the same trace.
func TestHandedTraceIsTheWrittenTrace(t *testing.T) {
	for _, nodes := range []int{3, 5} {
		for seed := uint64(1); seed <= 12; seed++ {
			var buf bytes.Buffer
			var recs []*value.Record
			_, err := sim.Run(Protocol{}, sim.RunOptions{Options: sim.Options{Nodes: nodes, Seed: seed, Trace: &buf,
				TraceEvents: func(r *value.Record) { recs = append(recs, r) }}})
			require.NoError(t, err)
			lines := bytes.Split(bytes.TrimSuffix(buf.Bytes(), []byte{'\n'}), []byte{'\n'})
			require.Len(t, recs, len(lines), "seed %d", seed)
			for i, line := range lines {
				v, err := eval.DecodeJSON(line)
				require.NoError(t, err)
				eq, err := value.Equal(v, recs[i])
				require.NoError(t, err)
				require.True(t, eq, "seed %d line %d: %s\nhanded %s", seed, i+1, line, recs[i])
			}
		}
	}
}
