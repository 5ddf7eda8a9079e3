package paxossim

import (
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/harness/tlaplus/eval"
	"github.com/dsref/dsref/harness/tlaplus/value"
	"github.com/dsref/dsref/paxos"
)

// TestTraceRecordIsTraceFields: the line an event's record is built as directly is, but for
// the action, node and time the sink sets, the record its fields' JSON decodes to (what a trace
// read from a file gives the validator), for events of every action, with and without entries,
// a handled message and sent messages, for a Node's events and a SynodLog instance's; so is
// the record of a message the network drops or duplicates (TraceMessageValue) its JSON's;
// where a number does not fit a TLA+ integer the direct path gives up and the JSON or map path
// names the field.
func TestTraceRecordIsTraceFields(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		small := rapid.Uint64Range(0, 1000)
		num := rapid.OneOf(small, small, small, rapid.Uint64())
		bytesGen := rapid.OneOf(rapid.Just([]byte(nil)), rapid.SliceOfN(rapid.Byte(), 0, 6))
		entry := rapid.Custom(func(t *rapid.T) paxos.Entry {
			return paxos.Entry{Slot: num.Draw(t, "eslot"), Ballot: paxos.Ballot(num.Draw(t, "eballot")),
				Noop: rapid.Bool().Draw(t, "noop"), Data: bytesGen.Draw(t, "data")}
		})
		entries := rapid.OneOf(rapid.Just([]paxos.Entry(nil)), rapid.SliceOfN(entry, 0, 3))
		msg := rapid.Custom(func(t *rapid.T) paxos.Message {
			m := paxos.Message{
				Type: paxos.MsgType(rapid.IntRange(0, 12).Draw(t, "type")), From: paxos.NodeID(num.Draw(t, "from")),
				To: paxos.NodeID(num.Draw(t, "to")), Ballot: paxos.Ballot(num.Draw(t, "mballot")),
				Slot: num.Draw(t, "mslot"), Last: num.Draw(t, "mlast"), Commit: num.Draw(t, "mcommit"),
				Entries: entries.Draw(t, "mentries"),
			}
			if rapid.Bool().Draw(t, "hasSnapshot") {
				m.Snapshot = &paxos.Snapshot{Index: num.Draw(t, "snapshot")}
			}
			return m
		})
		ev := paxos.TraceEvent{
			Action: rapid.SampledFrom(paxos.TraceActions()).Draw(t, "action"),
			Peer:   paxos.NodeID(num.Draw(t, "peer")), Ballot: paxos.Ballot(num.Draw(t, "ballot")),
			Slot: num.Draw(t, "slot"), Last: num.Draw(t, "last"), Noop: rapid.Bool().Draw(t, "evnoop"),
			Data: bytesGen.Draw(t, "evdata"), Entries: entries.Draw(t, "entries"),
			Promised: paxos.Ballot(num.Draw(t, "promised")), Commit: num.Draw(t, "commit"),
			Sent: rapid.SliceOfN(msg, 0, 3).Draw(t, "sent"),
		}
		if rapid.Bool().Draw(t, "hasMsg") {
			m := msg.Draw(t, "msg")
			ev.Message = &m
		}
		slot := rapid.OneOf(rapid.Just(uint64(0)), small).Draw(t, "instance")
		for i := range ev.Sent {
			// The network's messages: a Node's, and a SynodLog instance's.
			var p interface {
				sim.TraceDescriber
				sim.MessageRecorder
			} = Protocol{}
			var payload any = ev.Sent[i]
			if slot != 0 {
				p, payload = SynodLog{}, SlotMessage{Slot: slot, Msg: ev.Sent[i]}
			}
			got, ok := p.TraceMessageValue(payload)
			want, err := eval.DecodeJSON(p.TraceMessage(payload).(sim.RawJSON))
			if !ok {
				require.Error(t, err, "TraceMessageValue gave up, so the JSON must not decode")
				continue
			}
			require.NoError(t, err)
			eq, err := value.Equal(got, want)
			require.NoError(t, err)
			require.True(t, eq, "value %s\nJSON  %s", got, want)
		}
		shape, vals, ok := traceLine(&ev, slot)
		want, err := sim.TraceRecord(traceFields(&ev, slot))
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
