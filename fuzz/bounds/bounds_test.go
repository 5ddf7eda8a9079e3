// Package bounds measures, side by side, how much every decoder in the repository allocates per
// byte of hostile input: input of about 1 MiB made of the shortest records the format allows
// (many empty entries, many tiny events, long arrays, deep nesting), or claiming lengths it does
// not hold. Run with
//
//	go test -run XXX -bench . -benchtime 3x ./fuzz/bounds
//
// and read the alloc/in column (bytes allocated per input byte). The decoders' own packages test
// the bounds their doc comments promise; this benchmark puts the figures in one table.
package bounds

import (
	"encoding/binary"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/dsref/dsref/clocks"
	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/harness/tlaplus/cfg"
	"github.com/dsref/dsref/harness/tlaplus/syntax"
	"github.com/dsref/dsref/harness/tlaplus/trace"
	"github.com/dsref/dsref/internal/kv"
	"github.com/dsref/dsref/quorum"
	"github.com/dsref/dsref/raft"
	"github.com/dsref/dsref/raft/transport"
	"github.com/dsref/dsref/raft/wal"
	"github.com/dsref/dsref/raft/wal/vfs"
)

const size = 1 << 20

type hostile struct {
	decoder, input string
	in             []byte
	decode         func([]byte)
}

// emptyEntries is a raft message of as many empty entries as fit in about n bytes.
func emptyEntries(n int) []byte {
	count := min(n/4, raft.MaxMessageEntries)
	return raft.MarshalMessage(raft.Message{Type: raft.MsgApp, To: 2, From: 1, Term: 1, Entries: make([]raft.Entry, count)})
}

func inputs(b *testing.B) []hostile {
	rep := func(s string) []byte { return []byte(strings.Repeat(s, size/len(s))) }
	var hs []hostile
	add := func(decoder, input string, in []byte, decode func([]byte)) {
		hs = append(hs, hostile{decoder, input, in, decode})
	}

	unmarshal := func(in []byte) { _, _ = raft.UnmarshalMessage(in) }
	add("raft.UnmarshalMessage", "65536 empty entries", emptyEntries(size), unmarshal)
	add("raft.UnmarshalMessage", "count 2^40, nothing after", append(emptyEntries(0)[:11], binary.AppendUvarint(nil, 1<<40)...), unmarshal)

	frame := transport.AppendMessageFrame(nil, 1, raft.Message{Type: raft.MsgApp, To: 2, From: 1, Term: 1, Entries: make([]raft.Entry, raft.MaxMessageEntries)}, nil)
	add("transport.DecodeFrame+DecodeMessage", "65536 empty entries", frame, func(in []byte) {
		if f, _, err := transport.DecodeFrame(in, transport.DefaultMaxFrameSize); err == nil {
			_, _, _ = transport.DecodeMessage(f)
		}
	})

	var js strings.Builder
	js.WriteByte('{')
	for i := 0; js.Len() < size; i++ {
		if i > 0 {
			js.WriteByte(',')
		}
		fmt.Fprintf(&js, `"%x":1`, i)
	}
	js.WriteByte('}')
	add("clocks.Vector.UnmarshalJSON", "distinct short nodes", []byte(js.String()), func(in []byte) { var v clocks.Vector; _ = v.UnmarshalJSON(in) })
	add("clocks.Vector.UnmarshalJSON", "one node repeated", append(append([]byte("{"), rep(`"a":1,`)...), `"a":1}`...), func(in []byte) { var v clocks.Vector; _ = v.UnmarshalJSON(in) })
	add("clocks.Vector.UnmarshalBinary", "count 2^62", append(binary.AppendUvarint(nil, 1<<62), make([]byte, size)...), func(in []byte) { var v clocks.Vector; _ = v.UnmarshalBinary(in) })

	add("kv.DecodeCommand", "zeros", make([]byte, size), func(in []byte) { _, _ = kv.DecodeCommand(in) })
	add("kv.DecodeCommand", "key length 2^40", append([]byte{1, 1, 0, 1, 0, 0, 0}, binary.AppendUvarint(nil, 1<<40)...), func(in []byte) { _, _ = kv.DecodeCommand(in) })
	add("sim.DecodeCommand", "key length 2^40", append([]byte{'K', 3, 1, 1}, binary.AppendUvarint(nil, 1<<40)...), func(in []byte) { _, _ = sim.DecodeCommand(in) })
	add("sim.ParseSchedule", "shortest steps", rep("0s heal-links;"), func(in []byte) { _, _ = sim.ParseSchedule(string(in), 3) })

	add("trace.Read", "tiny events", rep(`{"t":1}`+"\n"), func(in []byte) { _, _ = trace.Read(in, "t.ndjson", nil) })
	add("trace.Read", "one long array", []byte(`{"t":1,"x":[`+strings.Repeat("1,", size/2)+"1]}\n"), func(in []byte) { _, _ = trace.Read(in, "t.ndjson", nil) })

	add("cfg.Parse", "constants", rep("CONSTANT A = 1\n"), func(in []byte) { _, _ = cfg.Parse("m.cfg", string(in)) })
	add("cfg.Parse", "nesting 100000", []byte("CONSTANT A = "+strings.Repeat("{", 100000)+strings.Repeat("}", 100000)), func(in []byte) { _, _ = cfg.Parse("m.cfg", string(in)) })

	module := func(body string) []byte { return []byte("---- MODULE M ----\nX == " + body + "\n====") }
	parse := func(in []byte) { _, _ = syntax.ParseModule("M.tla", in) }
	add("syntax.ParseModule", "1+1+...+1", module(strings.Repeat("1+", size/2)+"1"), parse)
	add("syntax.ParseModule", "nesting 100000", module(strings.Repeat("(", 100000)+"1"+strings.Repeat(")", 100000)), parse)

	add("quorum.Parse", "nesting 100000", []byte(strings.Repeat("(", 100000)+"1"+strings.Repeat(")", 100000)), func(in []byte) { _, _ = quorum.Parse(string(in)) })

	// A write-ahead log of one segment holding as many empty entries as about 1 MiB of records.
	fsys := vfs.NewMem()
	w, _, err := wal.Open("/n", wal.Options{FS: fsys})
	if err != nil {
		b.Fatal(err)
	}
	ents := make([]raft.Entry, 1024)
	next := uint64(1)
	for written := 0; written < size; written += 1024 * 4 {
		for i := range ents {
			ents[i] = raft.Entry{Term: 1, Index: next}
			next++
		}
		if err := w.Save(raft.HardState{Term: 1}, ents); err != nil {
			b.Fatal(err)
		}
	}
	w.Sync()
	w.Close()
	var segBytes []byte
	for _, s := range w.Segments() {
		seg, _ := fsys.ReadFile(s)
		segBytes = append(segBytes, seg...)
	}
	add("wal.Open", fmt.Sprintf("%d empty entries", next-1), segBytes, func([]byte) { _, _, _ = wal.Open("/n", wal.Options{FS: fsys}) })
	return hs
}

// BenchmarkDecodersOnHostileInput reports each decoder's allocation per input byte (alloc/in).
func BenchmarkDecodersOnHostileInput(b *testing.B) {
	for _, h := range inputs(b) {
		b.Run(strings.NewReplacer(" ", "_", ",", "").Replace(h.decoder+"/"+h.input), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(h.in)))
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			for b.Loop() {
				h.decode(h.in)
			}
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/float64(len(h.in)), "alloc/in")
		})
	}
}
