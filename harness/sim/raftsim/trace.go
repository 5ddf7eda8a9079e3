package raftsim

import (
	"hash/fnv"
	"slices"
	"strconv"
	"strings"

	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/harness/tlaplus/value"
	"github.com/dsref/dsref/raft"
)

// The trace this adapter writes is what tla/TraceRaft.tla reads: every event carries the node's
// state after the step (term, vote, role, leader, last index and term, commit index), the
// message it handled or sent ("msg") and every message it sent ("sent"), in the JSON shape of
// appendMessage.

// TraceHeader implements sim.TraceDescriber: the trace module and the options the run drew.
func (p Protocol) TraceHeader(nodes []int, variant uint64) map[string]any {
	h := map[string]any{
		"spec": "TraceRaft", "protocol": "raft",
		"preVote": variant&1 == 0, "checkQuorum": variant&2 == 0,
	}
	if leaseReads(variant) {
		h["leaseReads"] = true
	}
	if p.async(variant) {
		h["asyncWrites"] = true
	}
	if churns(variant) {
		joining := []int{}
		for _, id := range nodes {
			if id > initialVoters(len(nodes)) {
				joining = append(joining, id)
			}
		}
		h["joining"] = joining
	}
	return h
}

// ValidateEvery implements simtest.ValidationPacer: the sweep validates every 14th seed's trace
// against TraceRaft.tla (and its session trace against TraceSession.tla), the densest pace
// within issue #14's budget (validation adds at most 2x to the sweep's time) with a margin for
// the spread of the measurements, measured on the sweep itself: `DSREF_SIM_SEEDS=1000 go test
// ./harness/sim/raftsim -run '^TestSeeds$'` (test binary, user+sys CPU time, 3 rounds,
// 07:13-07:30 UTC 2026-12-07, load 40-50) took 6.23, 5.24 and 5.27 s with DSREF_SIM_VALIDATE=off;
// with every 13th seed validated 11.95, 9.99 and 9.91 s (1.92x, 1.91x, 1.88x), every 14th 10.43 s
// (1.98x, round 3), every 12th 11.42 and 10.83 s (1.83x, 2.07x). A validated seed (its traced
// run and both validations) costs 11.4 to 13.6 plain runs more in CPU in these rounds (11.45
// over the 2,000-seed sweep: 139.8 s with DSREF_SIM_VALIDATE=all against 11.2 s off), so every
// 13th comes to 1.88x-2.05x and every 14th to 1.82x-1.97x. DSREF_SIM_VALIDATE=all validates
// every seed; dsref conform's validate-traces stage validates every seed it runs.
func (Protocol) ValidateEvery() int { return 14 }

// TraceMessage implements sim.TraceDescriber.
func (Protocol) TraceMessage(payload any) any {
	m, ok := payload.(raft.Message)
	if !ok {
		return map[string]any{"type": "unknown"}
	}
	return sim.RawJSON(appendMessage(nil, &m))
}

// TraceMessageValue implements sim.MessageRecorder: the record of TraceMessage's JSON, or false
// if a number does not fit a TLA+ integer.
func (Protocol) TraceMessageValue(payload any) (value.Value, bool) {
	m, ok := payload.(raft.Message)
	if !ok {
		return nil, false
	}
	b := recordBuilder{LineInts: sim.LineInts{OK: true}}
	v := b.message(&m)
	return v, b.OK
}

// TraceFields returns the fields of ev's line in a trace that tla/TraceRaft.tla reads (besides
// "action", "node" and the time, which the writer adds).
func TraceFields(ev raft.TraceEvent) map[string]any {
	f := map[string]any{
		"term": ev.Term, "vote": ev.Vote, "role": strings.TrimPrefix(ev.Role.String(), "State"), "lead": ev.Lead,
		"lastIndex": ev.LastIndex, "lastTerm": ev.LastTerm, "commit": ev.Commit,
	}
	if m := ev.Message; m != nil {
		f["msg"] = sim.RawJSON(appendMessage(nil, m))
		if ev.Action == raft.TraceClientRequest && len(m.Entries) == 1 {
			f["value"] = valueOf(m.Entries[0].Data)
		}
	}
	sent := []byte{'['}
	for i := range ev.Sent {
		if i > 0 {
			sent = append(sent, ',')
		}
		sent = appendMessage(sent, &ev.Sent[i])
	}
	f["sent"] = sim.RawJSON(append(sent, ']'))
	if ev.Read != nil {
		f["read"] = map[string]any{"ctx": string(ev.Read.RequestCtx), "index": ev.Read.Index}
	}
	if ev.Action == raft.TraceCompactLog {
		f["snapshotIndex"] = ev.SnapshotIndex
	}
	return f
}

// appendMessage writes a message as the trace shows it, keys sorted: every field, entries as
// their term and the value their data stands for (valueOf).
func appendMessage(b []byte, m *raft.Message) []byte {
	b = append(b, `{"commit":`...)
	b = strconv.AppendUint(b, m.Commit, 10)
	b = append(b, `,"context":`...)
	b = sim.AppendJSONString(b, string(m.Context))
	b = append(b, `,"entries":[`...)
	for i, e := range m.Entries {
		if i > 0 {
			b = append(b, ',')
		}
		if e.Type == raft.EntryConfChange {
			b = appendConfEntry(b, &e)
			continue
		}
		b = append(b, `{"term":`...)
		b = strconv.AppendUint(b, e.Term, 10)
		b = append(b, `,"value":`...)
		b = strconv.AppendUint(b, uint64(valueOf(e.Data)), 10)
		b = append(b, '}')
	}
	b = append(b, `],"from":`...)
	b = strconv.AppendUint(b, m.From, 10)
	b = append(b, `,"hint":`...)
	b = strconv.AppendUint(b, m.RejectHint, 10)
	b = append(b, `,"index":`...)
	b = strconv.AppendUint(b, m.Index, 10)
	b = append(b, `,"logTerm":`...)
	b = strconv.AppendUint(b, m.LogTerm, 10)
	b = append(b, `,"reject":`...)
	b = strconv.AppendBool(b, m.Reject)
	b = append(b, `,"term":`...)
	b = strconv.AppendUint(b, m.Term, 10)
	b = append(b, `,"to":`...)
	b = strconv.AppendUint(b, m.To, 10)
	b = append(b, `,"type":"`...)
	b = append(b, m.Type.String()...)
	return append(b, `"}`...)
}

// appendConfEntry writes a configuration entry as the trace shows it: its term, value 0 (the
// specification's Nil) and the configuration it carries, ID lists sorted.
func appendConfEntry(b []byte, e *raft.Entry) []byte {
	_, cs, _, err := raft.DecodeConfChangeEntry(e.Data)
	b = append(b, `{"config":{"autoLeave":`...)
	b = strconv.AppendBool(b, cs.AutoLeave)
	for _, l := range [...]struct {
		name string
		ids  []uint64
	}{{"learners", cs.Learners}, {"learnersNext", cs.LearnersNext}, {"outgoing", cs.VotersOutgoing}, {"voters", cs.Voters}} {
		b = append(b, `,"`...)
		b = append(b, l.name...)
		b = append(b, `":[`...)
		for i, id := range slices.Sorted(slices.Values(l.ids)) {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendUint(b, id, 10)
		}
		b = append(b, ']')
	}
	if err != nil {
		// Validation refuses such an entry before it gets here; say so if one does.
		b = append(b, `,"malformed":true`...)
	}
	b = append(b, `},"term":`...)
	b = strconv.AppendUint(b, e.Term, 10)
	return append(b, `,"value":0}`...)
}

// valueOf names an entry's data for the specification, whose log holds values it only
// compares: 0 (Nil, the no-op) for empty data, otherwise a 31-bit FNV-1a digest in 1..2^31-1,
// which fits TLC's integers.
func valueOf(data []byte) uint32 {
	if len(data) == 0 {
		return 0
	}
	h := fnv.New32a()
	h.Write(data)
	v := h.Sum32() & 0x7fffffff
	if v == 0 {
		v = 1
	}
	return v
}
