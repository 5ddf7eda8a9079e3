package capture

import (
	"encoding/base64"
	"encoding/json"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/dsref/dsref/raft"
)

// AppendJSON appends f as one line of JSON (no newline): where and when it was captured
// (packet, time, stream, src, dst, size), the frame (kind, cluster, from, to), the sender's
// vector clock ("vc", node to count) and the message's fields, named as in the traces the
// simulator writes (type, term, logTerm, index, commit, reject, hint, context, entries with
// their term, index, data and size) plus the snapshot fields of a MsgSnap. A frame whose
// payload is bad has "error" instead of "msg".
func AppendJSON(b []byte, f *Frame) []byte {
	b = append(b, `{"packet":`...)
	b = strconv.AppendInt(b, int64(f.Packet), 10)
	b = append(b, `,"time":"`...)
	b = f.Time.UTC().AppendFormat(b, time.RFC3339Nano)
	b = append(b, `","stream":`...)
	b = strconv.AppendInt(b, int64(f.Stream), 10)
	b = append(b, `,"src":"`...)
	b = f.Src.AppendTo(b)
	b = append(b, `","dst":"`...)
	b = f.Dst.AppendTo(b)
	b = append(b, `","size":`...)
	b = strconv.AppendInt(b, int64(f.Size), 10)
	b = append(b, `,"kind":"`...)
	b = append(b, f.KindName()...)
	b = append(b, `","cluster":`...)
	b = strconv.AppendUint(b, f.ClusterID, 10)
	b = append(b, `,"from":`...)
	b = strconv.AppendUint(b, f.From, 10)
	b = append(b, `,"to":`...)
	b = strconv.AppendUint(b, f.To, 10)
	if f.Err != nil {
		b = append(b, `,"error":`...)
		b = appendString(b, f.Err.Error())
		return append(b, '}')
	}
	if !f.IsMessage() {
		return append(b, '}')
	}
	b = append(b, `,"vc":{`...)
	for i, e := range f.Clock.Entries() {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, e.Node)
		b = append(b, ':')
		b = strconv.AppendUint(b, e.Counter, 10)
	}
	b = append(b, `},"msg":`...)
	b = appendMessageJSON(b, &f.Message)
	return append(b, '}')
}

func appendMessageJSON(b []byte, m *raft.Message) []byte {
	b = append(b, `{"type":"`...)
	b = append(b, m.Type.String()...)
	b = append(b, `","from":`...)
	b = strconv.AppendUint(b, m.From, 10)
	b = append(b, `,"to":`...)
	b = strconv.AppendUint(b, m.To, 10)
	for _, kv := range [...]struct {
		k string
		v uint64
	}{{"term", m.Term}, {"logTerm", m.LogTerm}, {"index", m.Index}, {"commit", m.Commit}, {"hint", m.RejectHint}} {
		b = append(b, `,"`...)
		b = append(b, kv.k...)
		b = append(b, `":`...)
		b = strconv.AppendUint(b, kv.v, 10)
	}
	b = append(b, `,"reject":`...)
	b = strconv.AppendBool(b, m.Reject)
	b = append(b, `,"context":`...)
	b = appendString(b, string(m.Context))
	b = append(b, `,"entries":[`...)
	for i, e := range m.Entries {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"term":`...)
		b = strconv.AppendUint(b, e.Term, 10)
		b = append(b, `,"index":`...)
		b = strconv.AppendUint(b, e.Index, 10)
		b = append(b, `,"size":`...)
		b = strconv.AppendInt(b, int64(len(e.Data)), 10)
		b = appendData(b, e.Data)
		b = append(b, '}')
	}
	b = append(b, ']')
	if m.ChunkOffset != 0 || m.SnapshotSize != 0 {
		b = append(b, `,"chunkOffset":`...)
		b = strconv.AppendUint(b, m.ChunkOffset, 10)
		b = append(b, `,"snapshotSize":`...)
		b = strconv.AppendUint(b, m.SnapshotSize, 10)
	}
	if s := m.Snapshot; s != nil {
		b = append(b, `,"snapshot":{"index":`...)
		b = strconv.AppendUint(b, s.Metadata.Index, 10)
		b = append(b, `,"term":`...)
		b = strconv.AppendUint(b, s.Metadata.Term, 10)
		b = append(b, `,"voters":[`...)
		for i, v := range s.Metadata.ConfState.Voters {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendUint(b, v, 10)
		}
		b = append(b, `],"size":`...)
		b = strconv.AppendInt(b, int64(len(s.Data)), 10)
		b = append(b, '}')
	}
	return append(b, '}')
}

// appendData writes an entry's data as "data" (text, when it is UTF-8, as dsref kv's JSON
// commands are) or "data_base64".
func appendData(b []byte, data []byte) []byte {
	if len(data) == 0 {
		return b
	}
	if utf8.Valid(data) {
		b = append(b, `,"data":`...)
		return appendString(b, string(data))
	}
	b = append(b, `,"data_base64":"`...)
	b = base64.StdEncoding.AppendEncode(b, data)
	return append(b, '"')
}

func appendString(b []byte, s string) []byte {
	q, _ := json.Marshal(s)
	return append(b, q...)
}
