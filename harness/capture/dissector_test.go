package capture

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsref/dsref/raft"
	"github.com/dsref/dsref/raft/transport"
)

// dissector is the Wireshark Lua dissector shipped in docs/tools.
var dissector = filepath.Join("..", "..", "docs", "tools", "dsref.lua")

// TestDissectorMatchesTheWireFormat checks, without Wireshark, what the dissector must agree
// on with the Go code: the message type names (raft.MessageType), the header size, the CRC
// polynomial, and a field for every message field dsref pcap decode prints.
func TestDissectorMatchesTheWireFormat(t *testing.T) {
	src, err := os.ReadFile(dissector)
	require.NoError(t, err)
	lua := string(src)
	names := map[int]string{}
	for _, m := range regexp.MustCompile(`\[(\d+)\] = "(Msg\w+)"`).FindAllStringSubmatch(lua, -1) {
		n, _ := strconv.Atoi(m[1])
		names[n] = m[2]
	}
	require.NotEmpty(t, names)
	for typ := raft.MessageType(1); !strings.HasPrefix(typ.String(), "MessageType("); typ++ {
		require.Equal(t, typ.String(), names[int(typ)], "message type %d", typ)
		delete(names, int(typ))
	}
	require.Empty(t, names, "the dissector names message types raft does not have")
	require.Contains(t, lua, fmt.Sprintf("local HEADER = %d", transport.HeaderSize))
	require.Contains(t, lua, "0x82F63B78", "CRC-32C (Castagnoli), reflected")
	for _, field := range []string{"type", "from", "to", "term", "logTerm", "index", "commit", "hint", "reject", "context", "entries"} {
		require.Contains(t, lua, `"dsrf.msg.`+field+`"`, "a field for the message's %s", field)
	}
	for _, field := range []string{"kind", "cluster", "from", "to", "length", "crc", "clock"} {
		require.Contains(t, lua, `"dsrf.`+field+`"`)
	}
}

// TestDissectorWithTshark opens a capture with tshark and the dissector and compares what
// tshark shows, frame by frame, with what the Go decoder decodes: frames split across
// segments, several in one segment, on the default ports and, found by the heuristic, on
// another; a frame with a bad CRC is flagged. It needs tshark (Debian's tshark package; CI
// installs it and sets DSREF_REQUIRE_TSHARK=1); without it, it checks the capture it would
// give tshark.
func TestDissectorWithTshark(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 11))
	b := newPcap(t)
	// Port 7002 (the dissector's default range): frames cut at random.
	stream, _ := testStream(t, 1, 2, 25, rng)
	snap := raft.Message{Type: raft.MsgSnap, From: 1, To: 2, Term: 5, ChunkOffset: 10, SnapshotSize: 30,
		Snapshot: &raft.Snapshot{Metadata: raft.SnapshotMetadata{Index: 9, Term: 4, ConfState: raft.ConfState{Voters: []uint64{1, 2, 3}}}, Data: []byte("chunk")}}
	stream = transport.AppendMessageFrame(stream, 7, snap, clockOf(t, map[string]uint64{"1": 26}))
	f1 := flow(41000, 7002)
	b.write(f1.packet(t, 0, nil, true, false))
	for _, s := range segments(rng, stream, 300) {
		b.write(f1.packet(t, s[0], stream[s[0]:s[1]], false, false))
	}
	// Port 9100: whole frames per segment (the heuristic finds them), the third with a bad CRC.
	f2 := flow(41001, 9100)
	b.write(f2.packet(t, 0, nil, true, false))
	off := 0
	for i := 1; i <= 4; i++ {
		fr := transport.AppendMessageFrame(nil, 7, raft.Message{Type: raft.MsgHeartbeat, From: 3, To: 2, Term: uint64(i), Commit: 7}, nil)
		if i == 3 {
			fr[len(fr)-1] ^= 1
		}
		b.write(f2.packet(t, off, fr, false, false))
		off += len(fr)
	}
	path := filepath.Join(t.TempDir(), "dissect.pcap")
	require.NoError(t, os.WriteFile(path, b.bytes(), 0o644))
	c := decodeBytes(t, b.bytes())
	require.Equal(t, 1, c.Stats.Corrupt, "the Go decoder rejects the bad CRC")

	tshark, err := exec.LookPath("tshark")
	if err != nil {
		require.NotEqual(t, "1", os.Getenv("DSREF_REQUIRE_TSHARK"), "DSREF_REQUIRE_TSHARK=1 but tshark is not installed")
		t.Log("tshark is not installed: checked the dissector's source only (TestDissectorMatchesTheWireFormat)")
		return
	}
	out, err := exec.Command(tshark, "-n", "-X", "lua_script:"+dissector, "-r", path, "-Y", "dsrf",
		"-T", "fields", "-E", "separator=|", "-E", "occurrence=a", "-E", "aggregator=;",
		"-e", "frame.number", "-e", "dsrf.kind", "-e", "dsrf.from", "-e", "dsrf.to", "-e", "dsrf.crc_ok",
		"-e", "dsrf.msg.type", "-e", "dsrf.msg.term", "-e", "dsrf.msg.index", "-e", "dsrf.msg.commit",
		"-e", "dsrf.msg.entries", "-e", "dsrf.snapshot.index", "-e", "_ws.expert.message").CombinedOutput()
	require.NoError(t, err, "%s", out)

	// What the Go decoder says, in tshark's order: by packet, then position.
	var want []string
	frames := append([]*Frame(nil), c.Frames...)
	sort.SliceStable(frames, func(i, j int) bool { return frames[i].Packet < frames[j].Packet })
	for _, f := range frames {
		s := fmt.Sprintf("%d %s %d->%d", f.Packet, f.KindName(), f.From, f.To)
		if f.IsMessage() {
			m := f.Message
			s += fmt.Sprintf(" %s term=%d index=%d commit=%d entries=%d", m.Type, m.Term, m.Index, m.Commit, len(m.Entries))
		}
		want = append(want, s)
	}
	var got []string
	badCRC := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if strings.HasPrefix(line, "Running as user") || line == "" {
			continue
		}
		col := strings.Split(line, "|")
		require.Len(t, col, 12, "tshark line %q", line)
		list := func(i int) []string {
			if col[i] == "" {
				return nil
			}
			return strings.Split(col[i], ";")
		}
		kinds, from, to, crcOK := list(1), list(2), list(3), list(4)
		types, terms, indexes, commits, entries := list(5), list(6), list(7), list(8), list(9)
		m := 0
		for k := range kinds {
			if crcOK[k] != "1" && crcOK[k] != "True" {
				badCRC++
				require.Contains(t, col[11], "stored 0x", "a bad CRC is an expert error with both CRCs")
				continue // the Go decoder drops it
			}
			kind := map[string]string{"1": "hello", "2": "message"}[kinds[k]]
			s := fmt.Sprintf("%s %s %s->%s", col[0], kind, from[k], to[k])
			if kind == "message" {
				s += fmt.Sprintf(" %s term=%s index=%s commit=%s entries=%s", types[m], terms[m], indexes[m], commits[m], entries[m])
				m++
			}
			got = append(got, s)
		}
	}
	require.Equal(t, 1, badCRC)
	require.Equal(t, want, got, "tshark with docs/tools/dsref.lua and the Go decoder disagree")
	require.Contains(t, string(out), "|9|", "the snapshot's index is dissected")
}
