package main

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"flag"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
	"github.com/stretchr/testify/require"

	"github.com/dsref/dsref/harness/capture"
	"github.com/dsref/dsref/raft"
	"github.com/dsref/dsref/raft/transport"
)

func TestCaptureUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"capture", "-o", "x.pcap"}, "-ports is required"},
		{[]string{"capture", "-ports", "7005-7001", "-o", "x.pcap"}, "the end is below the start"},
		{[]string{"capture", "-ports", "70000", "-o", "x.pcap"}, "not a port number"},
		{[]string{"capture", "-ports", "7001"}, "-o is required"},
		{[]string{"capture", "-ports", "7001", "-o", "x.pcap", "-snaplen", "10"}, "-snaplen 10"},
		{[]string{"capture", "-ports", "7001", "-o", "x.pcap", "-duration", "-1s"}, "must not be negative"},
	} {
		code, _, errOut := runDsref(tc.args...)
		require.Equal(t, 2, code, "%v: %s", tc.args, errOut)
		require.Contains(t, errOut, tc.want, "%v", tc.args)
	}
}

// TestHelperDsref is not a test: run as a child process with DSREF_TEST_DSREF set to the
// arguments (NUL-separated), it is dsref.
func TestHelperDsref(t *testing.T) {
	args := os.Getenv("DSREF_TEST_DSREF")
	if args == "" {
		return
	}
	os.Exit(dispatch(strings.Split(args, "\x1f"), os.Stdout, os.Stderr))
}

// TestCaptureWithoutPermission runs dsref capture as an unprivileged user (nobody): opening
// the packet socket fails, and the error says that CAP_NET_RAW is needed and how to get it.
func TestCaptureWithoutPermission(t *testing.T) {
	if os.Geteuid() != 0 {
		code, _, errOut := runDsref("capture", "-ports", "7001", "-o", filepath.Join(t.TempDir(), "x.pcap"), "-duration", "10ms")
		require.Equal(t, 1, code)
		require.Contains(t, errOut, "CAP_NET_RAW")
		return
	}
	// As root: copy the test binary where nobody may run it, and run it as nobody.
	dir, err := os.MkdirTemp("", "dsref-capture-perm")
	require.NoError(t, err)
	defer os.RemoveAll(dir)
	require.NoError(t, os.Chmod(dir, 0o777))
	exe := filepath.Join(dir, "dsref.test")
	copyFile(t, os.Args[0], exe)
	out := filepath.Join(dir, "x.pcap")
	cmd := exec.Command(exe, "-test.run=^TestHelperDsref$")
	cmd.Env = append(os.Environ(), "DSREF_TEST_DSREF="+strings.Join([]string{"capture", "-ports", "7001", "-o", out, "-duration", "10ms"}, "\x1f"))
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee, "stderr: %s", stderr.String())
	require.Equal(t, 1, ee.ExitCode(), "stderr: %s", stderr.String())
	require.Contains(t, stderr.String(), "dsref capture: capture on lo: capturing packets needs CAP_NET_RAW")
	require.Contains(t, stderr.String(), "setcap cap_net_raw+ep")
	_, err = os.Stat(out)
	require.True(t, os.IsNotExist(err), "no empty pcap left behind")
}

func copyFile(t *testing.T, from, to string) {
	in, err := os.Open(from)
	require.NoError(t, err)
	defer in.Close()
	o, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY, 0o755)
	require.NoError(t, err)
	_, err = io.Copy(o, in)
	require.NoError(t, err)
	require.NoError(t, o.Close())
}

// writeTestCapture writes a pcap of one connection carrying a hello and two messages; with
// cut, the last packet loses its last 5 bytes.
func writeTestCapture(t *testing.T, path string, cut bool) {
	stream := transport.AppendFrame(nil, transport.KindHello, 5, 1, 2, nil)
	stream = transport.AppendMessageFrame(stream, 5, raft.Message{Type: raft.MsgApp, From: 1, To: 2, Term: 3, Index: 4, Commit: 2,
		Entries: []raft.Entry{{Term: 3, Index: 5, Data: []byte(`{"op":"put"}`)}}}, []byte{1, 1, '1', 7})
	stream = transport.AppendMessageFrame(stream, 5, raft.Message{Type: raft.MsgHeartbeat, From: 1, To: 2, Term: 3, Commit: 5}, nil)
	var buf bytes.Buffer
	w := pcapgo.NewWriterNanos(&buf)
	require.NoError(t, w.WriteFileHeader(65536, layers.LinkTypeEthernet))
	eth := &layers.Ethernet{SrcMAC: net.HardwareAddr{0, 0, 0, 0, 0, 0}, DstMAC: net.HardwareAddr{0, 0, 0, 0, 0, 0}, EthernetType: layers.EthernetTypeIPv4}
	ip := &layers.IPv4{Version: 4, TTL: 64, Protocol: layers.IPProtocolTCP, SrcIP: net.IP{127, 0, 0, 1}, DstIP: net.IP{127, 0, 0, 1}}
	ts := time.Unix(1_800_000_000, 0)
	for i, seg := range [][]byte{nil, stream[:70], stream[70:]} {
		tcp := &layers.TCP{SrcPort: 40000, DstPort: 7002, Seq: 100, SYN: i == 0, ACK: i > 0}
		if i > 0 {
			tcp.Seq = 101
			if i == 2 {
				tcp.Seq += 70
			}
		}
		tcp.SetNetworkLayerForChecksum(ip)
		sb := gopacket.NewSerializeBuffer()
		require.NoError(t, gopacket.SerializeLayers(sb, gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}, eth, ip, tcp, gopacket.Payload(seg)))
		data := sb.Bytes()
		ci := gopacket.CaptureInfo{Timestamp: ts.Add(time.Duration(i) * time.Millisecond), CaptureLength: len(data), Length: len(data)}
		if cut && i == 2 {
			ci.CaptureLength -= 5
			data = data[:ci.CaptureLength]
		}
		require.NoError(t, w.WritePacket(ci, data))
	}
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
}

func TestPcapDecodePrintsFramesAsNDJSON(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "run.pcap")
	writeTestCapture(t, path, false)
	code, out, errOut := runDsref("pcap", "decode", path)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, errOut, "1 TCP streams, 3 frames (2 messages, 1 hellos)")
	var lines []map[string]any
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var m map[string]any
		require.NoError(t, json.Unmarshal(sc.Bytes(), &m), "line %q", sc.Text())
		lines = append(lines, m)
	}
	require.Len(t, lines, 2, "hellos only with -hello")
	app := lines[0]
	require.Equal(t, float64(3), app["packet"], "the packet that completed the frame")
	require.Equal(t, "127.0.0.1:40000", app["src"])
	require.Equal(t, "127.0.0.1:7002", app["dst"])
	require.Equal(t, float64(1), app["from"])
	require.Equal(t, float64(2), app["to"])
	require.Equal(t, "2027-01-15T08:00:00.002Z", app["time"])
	require.Equal(t, map[string]any{"1": float64(7)}, app["vc"])
	msg := app["msg"].(map[string]any)
	require.Equal(t, "MsgApp", msg["type"])
	require.Equal(t, float64(4), msg["index"])
	require.Equal(t, `{"op":"put"}`, msg["entries"].([]any)[0].(map[string]any)["data"])
	require.Equal(t, "MsgHeartbeat", lines[1]["msg"].(map[string]any)["type"])

	code, out, _ = runDsref("pcap", "decode", "-hello", path)
	require.Equal(t, 0, code)
	require.Equal(t, 3, strings.Count(out, "\n"))
	require.Contains(t, out, `"kind":"hello"`)

	// A capture cut short: decoded up to there, exit 3, the packet named.
	cut := filepath.Join(dir, "cut.pcap")
	writeTestCapture(t, cut, true)
	code, out, errOut = runDsref("pcap", "decode", cut)
	require.Equal(t, 3, code, errOut)
	require.Contains(t, errOut, "packet 3: captured")
	require.Equal(t, 1, strings.Count(out, "\n"), "the frame before the damage")

	// Not a capture.
	bad := filepath.Join(dir, "bad.pcap")
	require.NoError(t, os.WriteFile(bad, []byte("hello, world"), 0o644))
	code, _, errOut = runDsref("pcap", "decode", bad)
	require.Equal(t, 1, code)
	require.Contains(t, errOut, "not a pcap or pcapng file")
}

// TestPcapValidate validates two captures of three real dsref kv processes on loopback (taken
// by harness/capture's TestWireValidationOfARealCluster and, with the planted bug
// minority-quorum, TestMutationWireValidationCatchesMinorityQuorum; DSREF_CAPTURE_KEEP=dir
// keeps them): the correct cluster's messages are a behavior of tla/Raft.tla, and its trace of
// sends validates again with dsref trace; the buggy cluster's are not, and the report names
// the packet of the first frame no behavior explains. A capture that is not complete cannot
// be validated (exit 3).
func TestPcapValidate(t *testing.T) {
	dir := t.TempDir()
	wire := filepath.Join(dir, "wire.ndjson")
	code, out, errOut := runDsref("pcap", "validate", "-trace", wire, "testdata/cluster3.pcap")
	require.Equal(t, 0, code, "%s%s", out, errOut)
	require.Contains(t, out, "testdata/cluster3.pcap: the 48 captured messages are a behavior of tla/Raft.tla")
	require.Contains(t, errOut, "validated 33 of 33 frames")
	code, out, errOut = runDsref("trace", "-quiet", wire)
	require.Equal(t, 0, code, "%s%s", out, errOut)
	require.Contains(t, out, "the trace is a behavior of TraceRaftWire.tla: 34 events validated")

	code, out, errOut = runDsref("pcap", "validate", "-quiet", "testdata/cluster3-minority-quorum.pcap")
	require.Equal(t, 1, code, "%s%s", out, errOut)
	require.True(t, strings.HasPrefix(out, "packet 9: no behavior of tla/Raft.tla sends this frame (stream 1, 127.0.0.1:46402 -> 127.0.0.1:42653, node 3 -> 2, MsgApp)\n"), out)
	require.Contains(t, out, "no behavior of TraceRaftWire.tla explains event 2 of 15")

	cut := filepath.Join(dir, "cut.pcap")
	writeTestCapture(t, cut, true)
	code, out, errOut = runDsref("pcap", "validate", cut)
	require.Equal(t, 3, code, "%s%s", out, errOut)
	require.Contains(t, errOut, "cannot be validated")
}

// TestPcapReplay replays harness/capture's fixture (a capture of three real dsref kv
// processes and their traces): every step and frame is reproduced (exit 0); cores without
// PreVote campaign otherwise than the nodes did, and the first divergence is reported (exit
// 1); a trace that is not a node's cannot be replayed (exit 3).
func TestPcapReplay(t *testing.T) {
	fix := "../../harness/capture/testdata/replay/"
	args := []string{"pcap", "replay", "-election-ticks", "20", fix + "cluster3.pcap", fix + "node-1.ndjson", fix + "node-2.ndjson", fix + "node-3.ndjson"}
	code, out, errOut := runDsref(args...)
	require.Equal(t, 0, code, "%s%s", out, errOut)
	require.Contains(t, out, "node 1: 191 of 191 events reproduced")
	require.Contains(t, out, "fresh cores fed the captured messages reproduce every recorded step and every captured frame of the traced nodes")

	code, out, errOut = runDsref(append([]string{"pcap", "replay", "-prevote=false"}, args[2:]...)...)
	require.Equal(t, 1, code, "%s%s", out, errOut)
	require.Contains(t, out, "cluster3.pcap: first divergence: node 1's trace line 2: node 1: the core took another step than Timeout")

	// The command a failing capture test prints replays its capture (the test cluster runs
	// with ElectionTicks 20, not dsref kv's default).
	traces := []string{fix + "node-1.ndjson", fix + "node-2.ndjson", fix + "node-3.ndjson"}
	hint := capture.ReplayCommand(capture.ReplayOptions{ElectionTicks: 20, PreVote: true, CheckQuorum: true}, fix+"cluster3.pcap", traces...)
	hinted, ok := strings.CutPrefix(hint, "go run ./cmd/dsref ")
	require.True(t, ok, hint)
	code, out, errOut = runDsref(strings.Fields(hinted)...)
	require.Equal(t, 0, code, "%s: %s%s", hint, out, errOut)

	bad := filepath.Join(t.TempDir(), "bad.ndjson")
	require.NoError(t, os.WriteFile(bad, []byte("{\"action\":\"Restart\"}\n"), 0o644))
	code, out, errOut = runDsref("pcap", "replay", fix+"cluster3.pcap", bad)
	require.Equal(t, 3, code, "%s%s", out, errOut)
	require.Contains(t, errOut, "line 1 is not a node's trace event")
	code, _, errOut = runDsref("pcap", "replay", "-election-ticks", "1", fix+"cluster3.pcap", bad)
	require.Equal(t, 2, code)
	require.Contains(t, errOut, "-election-ticks 1: want at least 2")
}

// TestReplayCommandCarriesTheOptions parses the command capture.ReplayCommand prints with dsref
// pcap replay's own flags: it must give the replay the options the capture's cluster ran with,
// the defaults included, and the files in order.
func TestReplayCommandCarriesTheOptions(t *testing.T) {
	for _, o := range []capture.ReplayOptions{
		{ElectionTicks: 20, PreVote: true, CheckQuorum: true},
		{ElectionTicks: 0, PreVote: true, CheckQuorum: true},
		{ElectionTicks: capture.DefaultElectionTicks, PreVote: false, CheckQuorum: true},
		{ElectionTicks: 7, PreVote: true, CheckQuorum: false},
	} {
		hint := capture.ReplayCommand(o, "run.pcap", "node-1.ndjson", "node-2.ndjson")
		args, ok := strings.CutPrefix(hint, "go run ./cmd/dsref pcap replay")
		require.True(t, ok, hint)
		fs := flag.NewFlagSet("replay", flag.ContinueOnError)
		pcapReplaySetup(fs)
		require.NoError(t, fs.Parse(strings.Fields(args)), hint)
		want := cmp.Or(o.ElectionTicks, capture.DefaultElectionTicks)
		require.Equal(t, strconv.Itoa(want), fs.Lookup("election-ticks").Value.String(), hint)
		require.Equal(t, strconv.FormatBool(o.PreVote), fs.Lookup("prevote").Value.String(), hint)
		require.Equal(t, strconv.FormatBool(o.CheckQuorum), fs.Lookup("checkquorum").Value.String(), hint)
		require.Equal(t, []string{"run.pcap", "node-1.ndjson", "node-2.ndjson"}, fs.Args(), hint)
	}
}

// TestPcapSchedule turns captures into simulator schedules: a run without a crash is the
// empty schedule, printed with the dsref sim command that runs it; that command runs; bad
// flags and a damaged capture are refused.
func TestPcapSchedule(t *testing.T) {
	code, out, errOut := runDsref("pcap", "schedule", "-election-ticks", "20", "-seed", "7", "testdata/cluster3.pcap")
	require.Equal(t, 0, code, "%s%s", out, errOut)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 3, out)
	require.Regexp(t, `^# testdata/cluster3.pcap: 3 nodes, [0-9.]+m?s simulated \(5.00 simulated seconds per captured second\)$`, lines[0])
	require.Equal(t, "none", lines[1])
	require.Regexp(t, `^# dsref sim -protocol raft -nodes 3 -seed 7 -fault-phase [0-9.]+m?s -schedule 'none'$`, lines[2])

	args := strings.Fields(strings.TrimPrefix(lines[2], "# dsref "))
	args[len(args)-1] = "none" // the shell's quotes
	code, out, errOut = runDsref(append(args, "-quiet")...)
	require.Equal(t, 0, code, "%s%s", out, errOut)
	require.Contains(t, out, "faults: none")

	code, _, errOut = runDsref("pcap", "schedule", "-tick", "0s", "testdata/cluster3.pcap")
	require.Equal(t, 2, code, errOut)
	dir := t.TempDir()
	cut := filepath.Join(dir, "cut.pcap")
	writeTestCapture(t, cut, true)
	code, _, errOut = runDsref("pcap", "schedule", cut)
	require.Equal(t, 3, code, errOut)
	require.Contains(t, errOut, "cannot be turned into a schedule")
}
