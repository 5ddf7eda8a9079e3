package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/dsref/dsref/harness/capture"
	"github.com/dsref/dsref/harness/tlaplus/trace"
	"github.com/dsref/dsref/raft/transport"
)

func init() {
	register(&command{
		name:    "capture",
		summary: "capture a cluster's peer traffic into a pcap file",
		doc: `
Captures the TCP traffic on the cluster's peer ports into a pcap file (nanosecond
timestamps, Ethernet framing) that tcpdump, tshark and Wireshark open unchanged, and that
dsref pcap decodes, validates and replays. It uses a Linux packet socket (gopacket's pure-Go
AF_PACKET handle, no libpcap), a capture length of 256 KiB per packet and a kernel filter
that keeps TCP segments from or to the -ports and drops the outgoing copy of each packet the
loopback interface shows twice.

Start it before the cluster: streams whose opening the capture misses are decoded from the
first frame found, but such a capture cannot be validated or replayed. It runs until
-duration passes or it is interrupted (Ctrl-C), then prints what it captured and what the
kernel dropped (a reader that did not keep up).

  dsref capture -ports 7001-7003 -o run.pcap &
  dsref kv local -nodes 3
  dsref pcap decode run.pcap

Opening a packet socket needs CAP_NET_RAW: run as root, or grant the binary the capability
(sudo setcap cap_net_raw+ep $(which dsref)).

Exit status: 0 captured, 1 the capture failed (no permission, no such interface, a write
error), 2 bad usage.`,
		setup: captureSetup,
	})
}

func captureSetup(fs *flag.FlagSet) func(*invocation) int {
	iface := fs.String("i", "lo", "`interface` to capture on")
	ports := fs.String("ports", "", "the cluster's peer `ports`: a list of ports and ranges, such as 7001-7005 or 7001,7003 (required)")
	out := fs.String("o", "", "write the pcap to this `file` (required; - for standard output)")
	duration := fs.Duration("duration", 0, "stop after this long (0: until interrupted)")
	snaplen := fs.Int("snaplen", capture.DefaultSnapLen, "capture length: the most `bytes` kept of each packet")
	return func(inv *invocation) int {
		if *ports == "" {
			return inv.usageError("-ports is required: the cluster's peer ports, such as 7001-7005")
		}
		ps, err := capture.ParsePorts(*ports)
		if err != nil {
			return inv.usageError("-ports %q: %v", *ports, err)
		}
		if *out == "" {
			return inv.usageError("-o is required: the pcap file to write")
		}
		if *duration < 0 {
			return inv.usageError("-duration %v: must not be negative", *duration)
		}
		if *snaplen < 128 || *snaplen > capture.DefaultSnapLen {
			return inv.usageError("-snaplen %d: want 128 to %d bytes", *snaplen, capture.DefaultSnapLen)
		}
		var w io.Writer = inv.stdout
		var f *os.File
		if *out != "-" {
			if f, err = os.Create(*out); err != nil {
				return inv.fail(1, err)
			}
			w = f
		}
		ctx := inv.context()
		start := time.Now()
		st, err := capture.Live(capture.LiveOptions{Interface: *iface, Ports: ps, SnapLen: *snaplen, Duration: *duration,
			Stop: ctx.Done(), Out: w,
			Ready: func() {
				fmt.Fprintf(inv.stderr, "capturing on %s, tcp ports %s (tcpdump filter: %s)\n", *iface, ps, ps.TCPDumpExpression())
			}})
		if f != nil {
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			if f != nil && st.Packets == 0 && time.Since(start) < time.Second {
				os.Remove(*out) // nothing was captured: leave no empty file behind
			}
			return inv.fail(1, err)
		}
		fmt.Fprintf(inv.stderr, "captured %s\n", st)
		return 0
	}
}

func init() {
	register(&command{
		name:    "pcap",
		summary: "decode, validate and replay a capture of a cluster's peer traffic, or turn it into a simulator schedule",
		doc: `
Reads a capture of dsref peer traffic (pcap or pcapng, possibly gzip-compressed, as dsref
capture, tcpdump or Wireshark write it), reassembles its TCP streams and decodes the peer
wire frames.`,
		commands: []*command{{
			name:    "decode",
			summary: "print the frames of a capture as NDJSON",
			args:    "run.pcap",
			minArgs: 1, maxArgs: 1,
			doc: `
Prints every peer wire frame of the capture as one JSON object a line, in the order the
frames completed: where and when it was captured (packet number, time, TCP stream, source
and destination), the frame (kind, cluster, sender, receiver), the sender's vector clock and
the raft message's fields (type, term, logTerm, index, commit, reject, hint, context and the
entries with their data). Hello frames, which open each connection, are printed with -hello.

TCP streams are reassembled with gopacket's reassembly (retransmissions and overlapping
segments dropped, out-of-order segments put back in order); a stream that began before the
capture, or lost bytes, is resynchronised on the frame magic and CRC. A summary goes to
standard error: packets, streams, frames, and every byte truncated, missing or skipped, with
the first problems and their packet numbers.

Exit status: 0 every byte of every stream was decoded, 1 the file is not a readable
capture, 2 bad usage, 3 decoded, but the capture is incomplete or damaged (the summary says
where).`,
			setup: pcapDecodeSetup,
		}, {
			name:    "validate",
			summary: "check a capture against tla/Raft.tla from the network traffic alone",
			args:    "run.pcap",
			minArgs: 1, maxArgs: 1,
			doc: `
Decides whether the messages the capture shows are sent by some behavior of the
specification tla/Raft.tla, without any trace from the nodes: their state is unobserved, and
the trace validator keeps every possibility open (tla/TraceRaftWire.tla). The capture must
be complete and start before the cluster (the specification starts every node fresh): dsref
capture, then dsref kv local.

The frames become a trace of sends, in an order consistent with the vector clocks they carry;
each is explained by the step of its sender that sends exactly that message (a request, or the
reply to a message it received), after silent steps of that sender: internal steps (timeouts,
elections, client requests with the values the capture shows, commits, reads) and the handling
of the messages it received, in order on each connection, that send nothing or whose reply was
lost. A frame's vector clock says which messages its sender had handled before sending it.
Messages the specification does not model (forwarded proposals and reads, transfer requests)
carry only their clocks. If no behavior explains a frame, the report names its packet, the
states consistent with the capture before it and, for each, what disagrees.

Exit status: 0 the capture is a behavior of the specification, 1 it is not, 2 bad usage,
3 the capture cannot be validated (incomplete, damaged, not dsref traffic).`,
			setup: pcapValidateSetup,
		}, {
			name:    "replay",
			summary: "replay a capture into fresh raft cores and report the first divergence",
			args:    "run.pcap trace.ndjson...",
			minArgs: 2, maxArgs: -1,
			doc: `
Re-injects the captured messages into fresh deterministic raft cores, one per node whose
trace is given (dsref kv -trace writes one per node), and reports the first divergence
between what was recorded and what the cores reproduce. The trace says, step by step, what
the node did: a message handled (the capture supplies the message, as it was on the wire), a
timer that fired (the core is ticked until it takes the step), a client request (its data is
taken from the entries the capture shows), a restart (the core is rebuilt from what the
replay persisted). Every reproduced step must equal the recorded one (action, the node's
state after it, the messages it sent) and every message a core hands out must be the next
frame captured from that node to its receiver, unless no connection to the receiver was
open. The cores run dsref kv's configuration (-election-ticks, PreVote and CheckQuorum on).

Exit status: 0 every recorded step and frame was reproduced, 1 a divergence (the report
names the node, its trace line and the packet), 2 bad usage, 3 the capture or a trace cannot
be replayed (incomplete, damaged).`,
			setup: pcapReplaySetup,
		}, {
			name:    "schedule",
			summary: "turn a capture into a fault schedule of the simulator",
			args:    "run.pcap",
			minArgs: 1, maxArgs: 1,
			doc: `
Turns the capture into a fault schedule of dsref's simulator, so that a run seen in the field
replays from a seed: every crash and restart the capture shows (a node that closed all its
connections and later opened new ones), at the simulated times that keep their distance from
the capture's first frame in election timeouts (-tick and -election-ticks are the nodes',
dsref kv's by default; the simulator's are 100ms and 10). Prints the schedule, one step a line
(dsref sim -schedule @FILE reads it), then the dsref sim command that runs it.

What the simulator does not take from a capture: the order in which messages are delivered
and the nodes' timer draws follow the run's seed (it has no step that forces a delivery), and
TCP loses frames only with their connection.

Exit status: 0 printed, 2 bad usage, 3 the capture cannot be turned into a schedule
(incomplete, damaged, more nodes than the simulator runs).`,
			setup: pcapScheduleSetup,
		}},
	})
}

func pcapValidateSetup(fs *flag.FlagSet) func(*invocation) int {
	preVote := fs.Bool("prevote", true, "the nodes run PreVote (dsref kv does)")
	checkQuorum := fs.Bool("checkquorum", true, "the nodes run CheckQuorum (dsref kv does)")
	traceOut := fs.String("trace", "", "also write the trace of sends to this NDJSON `file` (dsref trace validates it again)")
	maxFrontier := fs.Int("max-frontier", 1_000_000, "refuse a capture that leaves more states open than this")
	candidates := fs.Int("candidates", 4, "how many candidate states a failure report explains")
	quiet := fs.Bool("quiet", false, "print the verdict only, no progress")
	return func(inv *invocation) int {
		c, err := openCapture(inv.args[0], nil)
		if err != nil {
			return inv.fail(exitPcapIncomplete, err)
		}
		wopts := capture.WireOptions{PreVote: *preVote, CheckQuorum: *checkQuorum}
		if *traceOut != "" {
			w, err := capture.BuildWireTrace(c, wopts)
			if err != nil {
				return inv.fail(exitPcapIncomplete, err)
			}
			if err := os.WriteFile(*traceOut, w.NDJSON, 0o644); err != nil {
				return inv.fail(1, err)
			}
		}
		opts := trace.Options{MaxFrontier: *maxFrontier, Candidates: *candidates}
		if !*quiet {
			opts.Progress = func(done, total, frontier int) {
				fmt.Fprintf(inv.stderr, "validated %d of %d frames, %d state(s) open\n", done-1, total-1, frontier)
			}
		}
		v, err := capture.ValidateCapture(inv.context(), c, wopts, opts)
		if err != nil {
			return inv.fail(exitPcapIncomplete, err)
		}
		v.WriteReport(inv.stdout)
		if !*quiet {
			fmt.Fprintf(inv.stderr, "validated %d frames in %v: %s\n", len(v.Trace.Frames), v.Result.Elapsed.Round(time.Millisecond), rate(len(v.Trace.Frames), v.Result.Elapsed))
		}
		if !v.OK() {
			return 1
		}
		return 0
	}
}

func pcapReplaySetup(fs *flag.FlagSet) func(*invocation) int {
	electionTicks := fs.Int("election-ticks", 30, "the nodes' election timeout in `ticks` (dsref kv -election-ticks; its default is 30)")
	preVote := fs.Bool("prevote", true, "the nodes run PreVote (dsref kv does)")
	checkQuorum := fs.Bool("checkquorum", true, "the nodes run CheckQuorum (dsref kv does)")
	return func(inv *invocation) int {
		if *electionTicks < 2 {
			return inv.usageError("-election-ticks %d: want at least 2", *electionTicks)
		}
		traces := map[uint64][]byte{}
		for _, path := range inv.args[1:] {
			data, err := os.ReadFile(path)
			if err != nil {
				return inv.fail(exitPcapIncomplete, err)
			}
			var first struct {
				Node *uint64 `json:"node"`
			}
			line, _, _ := bytes.Cut(data, []byte{'\n'})
			if err := json.Unmarshal(line, &first); err != nil || first.Node == nil {
				return inv.fail(exitPcapIncomplete, fmt.Errorf("%s: line 1 is not a node's trace event (no \"node\" field)", path))
			}
			if _, dup := traces[*first.Node]; dup {
				return inv.usageError("%s: a second trace of node %d", path, *first.Node)
			}
			traces[*first.Node] = data
		}
		c, err := openCapture(inv.args[0], nil)
		if err != nil {
			return inv.fail(exitPcapIncomplete, err)
		}
		res, err := capture.Replay(c, capture.ReplayOptions{Traces: traces, ElectionTicks: *electionTicks, PreVote: *preVote, CheckQuorum: *checkQuorum})
		if err != nil {
			return inv.fail(exitPcapIncomplete, err)
		}
		res.WriteReport(inv.stdout)
		if !res.OK() {
			return 1
		}
		return 0
	}
}

func pcapScheduleSetup(fs *flag.FlagSet) func(*invocation) int {
	tick := fs.Duration("tick", 10*time.Millisecond, "the nodes' raft `tick` (dsref kv -tick)")
	electionTicks := fs.Int("election-ticks", 30, "the nodes' election timeout in `ticks` (dsref kv -election-ticks)")
	seed := fs.Uint64("seed", 1, "the seed the printed dsref sim command runs")
	mutation := fs.String("mutation", "", "the planted `bug` the printed dsref sim command switches on")
	return func(inv *invocation) int {
		if *tick <= 0 || *electionTicks < 2 {
			return inv.usageError("-tick %v -election-ticks %d: want a positive tick and at least 2 ticks", *tick, *electionTicks)
		}
		c, err := openCapture(inv.args[0], nil)
		if err != nil {
			return inv.fail(exitPcapIncomplete, err)
		}
		s, err := capture.BuildSchedule(c, capture.ScheduleOptions{Tick: *tick, ElectionTicks: *electionTicks})
		if err != nil {
			return inv.fail(exitPcapIncomplete, err)
		}
		fmt.Fprintf(inv.stdout, "# %s: %d nodes, %v simulated (%.2f simulated seconds per captured second)\n", inv.args[0], len(s.Nodes), s.Length, s.Scale)
		for _, st := range s.Steps {
			fmt.Fprintln(inv.stdout, st.String())
		}
		if len(s.Steps) == 0 {
			fmt.Fprintln(inv.stdout, "none")
		}
		fmt.Fprintf(inv.stdout, "# %s\n", s.Command(*seed, *mutation))
		return 0
	}
}

const exitPcapIncomplete = 3

// rate formats n frames in d as frames per second.
func rate(n int, d time.Duration) string {
	if d <= 0 {
		return fmt.Sprintf("%d frames", n)
	}
	return fmt.Sprintf("%.0f frames/s", float64(n)/d.Seconds())
}

func pcapDecodeSetup(fs *flag.FlagSet) func(*invocation) int {
	hello := fs.Bool("hello", false, "print hello frames too")
	out := fs.String("o", "", "write the NDJSON to this `file` instead of standard output")
	return func(inv *invocation) int {
		var w io.Writer = inv.stdout
		if *out != "" {
			f, err := os.Create(*out)
			if err != nil {
				return inv.fail(1, err)
			}
			defer f.Close()
			w = f
		}
		bw := bufio.NewWriterSize(w, 1<<16)
		var line []byte
		start := time.Now()
		c, err := openCapture(inv.args[0], func(f *capture.Frame) {
			if !*hello && f.Kind == transport.KindHello && f.Err == nil {
				return
			}
			line = append(capture.AppendJSON(line[:0], f), '\n')
			bw.Write(line)
		})
		if err != nil {
			return inv.fail(1, err)
		}
		if err := bw.Flush(); err != nil {
			return inv.fail(1, err)
		}
		writeCaptureSummary(inv.stderr, c)
		fmt.Fprintf(inv.stderr, "  decoded in %v: %s\n", time.Since(start).Round(time.Millisecond), rate(c.Stats.Frames, time.Since(start)))
		if err := c.Complete(); err != nil {
			return exitPcapIncomplete
		}
		return 0
	}
}

// openCapture decodes the capture file at path.
func openCapture(path string, onFrame func(*capture.Frame)) (*capture.Capture, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return capture.Decode(bufio.NewReaderSize(f, 1<<20), path, onFrame)
}

// writeCaptureSummary prints what a capture held and what could not be decoded.
func writeCaptureSummary(w io.Writer, c *capture.Capture) {
	s := c.Stats
	fmt.Fprintf(w, "%s: %s, %d packets, %d TCP streams, %d frames (%d messages, %d hellos)\n",
		c.File, c.Format, s.Packets, s.Streams, s.Frames, s.Messages, s.Hellos)
	if s.NonTCP+s.Fragments+s.Undecodable > 0 {
		fmt.Fprintf(w, "  not decoded: %d non-TCP, %d IP fragment(s), %d undecodable packet(s)\n", s.NonTCP, s.Fragments, s.Undecodable)
	}
	if s.RetransmittedBytes > 0 || s.OutOfOrder > 0 {
		fmt.Fprintf(w, "  reassembled: %d retransmitted byte(s) dropped, %d out-of-order packet(s) put back in order\n", s.RetransmittedBytes, s.OutOfOrder)
	}
	if err := c.Complete(); err != nil {
		fmt.Fprintf(w, "  %v\n", err)
		for _, p := range s.Problems {
			fmt.Fprintf(w, "    %s\n", p)
		}
	}
}
