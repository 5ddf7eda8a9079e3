package capture

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/harness/sim/raftsim"
	"github.com/dsref/dsref/raft"
)

// ReplayOptions describe the cluster a capture was taken from, as far as neither the capture
// nor the traces show it.
type ReplayOptions struct {
	// Traces are the nodes' trace files (dsref kv -trace: one NDJSON event per step, with
	// the node's state after it), keyed by node. They give what the wire cannot: when a
	// node's timers fired and which client requests it took, in the order it took them.
	Traces map[uint64][]byte
	// ElectionTicks is the nodes' election timeout in ticks (default 30, dsref kv's; a
	// leader sends heartbeats every tenth of it). PreVote and CheckQuorum are the nodes'
	// raft options (dsref kv runs with both).
	ElectionTicks        int
	PreVote, CheckQuorum bool
	// Config, if set, adjusts the replayed cores' configuration (tests plant known bugs in
	// them, to show that the replay catches a core that behaves otherwise).
	Config func(*raft.Config)
	// MaxTicks bounds the ticks a replayed core is given to reach a step its trace took on
	// a timer (default 50 election timeouts), for traces whose events do not say how many
	// ticks the node had taken ("ticks", which dsref kv writes: then the replay ticks each
	// core exactly as often before each step).
	MaxTicks int
}

// DefaultElectionTicks is the election timeout Replay assumes when ReplayOptions leaves it 0:
// dsref kv's default (-election-ticks).
const DefaultElectionTicks = 30

// ReplayCommand returns the dsref command line that replays the capture pcap with the given
// trace files under opts: the flags for every option that differs from the command's
// defaults (-election-ticks 30, -prevote and -checkquorum on), which a replay needs as much
// as the files. opts.Config and opts.MaxTicks have no flag and are left out.
func ReplayCommand(opts ReplayOptions, pcap string, traces ...string) string {
	args := []string{"go run ./cmd/dsref pcap replay"}
	if opts.ElectionTicks != 0 && opts.ElectionTicks != DefaultElectionTicks {
		args = append(args, fmt.Sprintf("-election-ticks %d", opts.ElectionTicks))
	}
	if !opts.PreVote {
		args = append(args, "-prevote=false")
	}
	if !opts.CheckQuorum {
		args = append(args, "-checkquorum=false")
	}
	args = append(args, pcap)
	args = append(args, traces...)
	return strings.Join(args, " ")
}

// ReplayResult is the outcome of Replay.
type ReplayResult struct {
	Nodes []NodeReplay
	// Divergence is the first difference between what a node recorded (its trace, the frames
	// it sent) and what a fresh core reproduced from the same inputs; nil if none.
	Divergence *Divergence
	file       string
}

// NodeReplay counts what one node's replay did.
type NodeReplay struct {
	Node uint64
	// Events is how many of the trace's events the fresh core reproduced, of Recorded.
	Events, Recorded int
	// Steps counts the captured messages stepped into the core, Ticks the ticks, Proposals
	// and Reads the client requests (from the trace, with the data from the capture), and
	// Restarts the times the core was rebuilt from what it had persisted. Unseen counts the
	// proposals whose data no frame shows (a leader failed before sending the entry): a
	// stand-in was proposed, whose value is read as the recorded one.
	Steps, Ticks, Proposals, Reads, Restarts, Unseen int
	// Sent counts the reproduced messages found on the wire, Unsent those the capture has no
	// frame for because no connection to their receiver was open (the transport dropped
	// them), Died those of a killed incarnation's last steps that never left the process (the
	// next frame to their receiver is its next incarnation's), and Forwarded the captured
	// client requests the node forwarded to the leader (client input, not replayed).
	Sent, Unsent, Died, Forwarded int
	// Unhandled counts the captured frames to the node that an incarnation of it received
	// but died before handling, Ignored those it handled without a step (the core ignored
	// them, as the trace shows).
	Unhandled, Ignored int
	// Lost counts the reproduced steps a node took but died before tracing (and persisting),
	// Orphaned the frames a killed incarnation sent that the replay did not reproduce.
	Lost, Orphaned int
}

// Divergence is where a replayed core first did something other than what was recorded.
type Divergence struct {
	Node uint64
	// Line is the line in the node's trace of the recorded event (0 if none), Packet the
	// packet of the captured frame (0 if none).
	Line, Packet int
	What         string
	// Recorded and Reproduced are the two versions, as JSON.
	Recorded, Reproduced string
}

func (d *Divergence) Error() string {
	var at []string
	if d.Packet > 0 {
		at = append(at, fmt.Sprintf("packet %d", d.Packet))
	}
	if d.Line > 0 {
		at = append(at, fmt.Sprintf("node %d's trace line %d", d.Node, d.Line))
	}
	return fmt.Sprintf("%s: node %d: %s", strings.Join(at, ", "), d.Node, d.What)
}

// OK reports whether every node's replay reproduced what was recorded.
func (r *ReplayResult) OK() bool { return r.Divergence == nil }

// WriteReport writes the outcome: per node what the replay did, then the divergence if any.
func (r *ReplayResult) WriteReport(w io.Writer) {
	for _, n := range r.Nodes {
		fmt.Fprintf(w, "node %d: %d of %d events reproduced (%d messages stepped, %d ticks, %d proposals (%d unseen), %d reads, %d restarts, %d steps lost with a killed process, %d of its frames not reproduced); %d messages sent as captured, %d not on the wire (no connection), %d died with their process, %d forwarded client requests; %d frames ignored, %d received by an incarnation that died before handling them\n",
			n.Node, n.Events, n.Recorded, n.Steps, n.Ticks, n.Proposals, n.Unseen, n.Reads, n.Restarts, n.Lost, n.Orphaned, n.Sent, n.Unsent, n.Died, n.Forwarded, n.Ignored, n.Unhandled)
	}
	if d := r.Divergence; d != nil {
		fmt.Fprintf(w, "%s: first divergence: %s\n  recorded:   %s\n  reproduced: %s\n", r.file, d.Error(), d.Recorded, d.Reproduced)
		return
	}
	fmt.Fprintf(w, "%s: fresh cores fed the captured messages reproduce every recorded step and every captured frame of the traced nodes\n", r.file)
}

// Replay re-injects the captured messages into fresh deterministic raft cores, one per node
// with a trace, and reports the first divergence between what was recorded and what the cores
// reproduce. Each node is replayed on its own: its trace says, step by step, what happened
// (a message handled, a timer that fired, a client request, a restart), the capture supplies
// the messages it received (the bytes on the wire, in the order of each connection) and the
// data of the client requests (the entries the leaders sent). Every reproduced step must
// equal the recorded one (action, state after it, messages it sent) and every message the
// core hands out must be the next frame captured from the node to its receiver (or its
// receiver was unreachable). A restart rebuilds the core from what the replay persisted.
func Replay(c *Capture, opts ReplayOptions) (*ReplayResult, error) {
	if err := c.Complete(); err != nil {
		return nil, fmt.Errorf("%s cannot be replayed: %w", c.File, err)
	}
	if len(opts.Traces) == 0 {
		return nil, fmt.Errorf("%s: replay needs the nodes' traces: the wire does not show when timers fired or which client requests a node took", c.File)
	}
	if opts.ElectionTicks == 0 {
		opts.ElectionTicks = DefaultElectionTicks
	}
	if opts.MaxTicks == 0 {
		opts.MaxTicks = 50 * opts.ElectionTicks
	}
	msgs := c.Messages()
	members := map[uint64]bool{}
	for _, f := range msgs {
		members[f.From], members[f.To] = true, true
	}
	for id := range opts.Traces {
		members[id] = true
	}
	var nodes []uint64
	for id := range members {
		nodes = append(nodes, id)
	}
	slices.Sort(nodes)
	data := entryData(msgs)
	inc := incarnations(c, map[uint64]int{})
	res := &ReplayResult{file: c.File}
	var ids []uint64
	for id := range opts.Traces {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		rec, err := parseTrace(opts.Traces[id], id)
		if err != nil {
			return nil, fmt.Errorf("node %d's trace: %w", id, err)
		}
		r := &replayer{id: id, nodes: nodes, opts: opts, rec: rec, data: data, streams: c.Streams, refused: c.Refused, inc: inc,
			in: map[uint64][]*Frame{}, out: map[uint64][]*Frame{}, inPos: map[uint64]int{}, outPos: map[uint64]int{},
			standIn: map[float64]float64{}}
		r.stats.Node, r.stats.Recorded = id, len(rec)
		for _, f := range msgs {
			if f.To == id {
				r.in[f.From] = append(r.in[f.From], f)
			}
			if f.From == id {
				r.out[f.To] = append(r.out[f.To], f)
			}
		}
		r.early, r.taken = releasedReads(rec, id), map[int]bool{}
		r.silent = silentFrames(rec, id, r.in)
		d := r.run()
		res.Nodes = append(res.Nodes, r.stats)
		if d != nil && res.Divergence == nil {
			res.Divergence = d
		}
	}
	return res, nil
}

// entryData maps <<term, index>> to the data of the entries the capture shows.
func entryData(msgs []*Frame) map[[2]uint64][]byte {
	out := map[[2]uint64][]byte{}
	for _, f := range msgs {
		if f.Message.Type != raft.MsgApp {
			continue
		}
		for _, e := range f.Message.Entries {
			out[[2]uint64{e.Term, e.Index}] = e.Data
		}
	}
	return out
}

// recEvent is one event of a node's trace.
type recEvent struct {
	line   int
	obj    map[string]any // without "t", "vc" and "ticks"
	action string
	t      time.Time
	// ticks is how many ticks the node's core had taken in its process when it took the
	// step; -1 if the trace does not say.
	ticks int64
	msg   *struct {
		Type     string `json:"type"`
		From, To uint64
		Context  string `json:"context"`
	}
	term, lastIndex uint64
}

func parseTrace(data []byte, id uint64) ([]recEvent, error) {
	var out []recEvent
	for n, line := range bytes.Split(data, []byte{'\n'}) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var obj map[string]any
		if err := json.Unmarshal(line, &obj); err != nil {
			return nil, fmt.Errorf("line %d: %w", n+1, err)
		}
		var head struct {
			Node      *uint64 `json:"node"`
			Action    string  `json:"action"`
			T         int64   `json:"t"`
			Term      uint64  `json:"term"`
			LastIndex uint64  `json:"lastIndex"`
			Ticks     *int64  `json:"ticks"`
			Msg       *struct {
				Type     string `json:"type"`
				From, To uint64
				Context  string `json:"context"`
			} `json:"msg"`
		}
		if err := json.Unmarshal(line, &head); err != nil {
			return nil, fmt.Errorf("line %d: %w", n+1, err)
		}
		if head.Node == nil || *head.Node != id || head.Action == "" {
			return nil, fmt.Errorf("line %d: not an event of node %d (fields node and action)", n+1, id)
		}
		delete(obj, "t")
		delete(obj, "vc")
		delete(obj, "ticks")
		ticks := int64(-1)
		if head.Ticks != nil {
			if ticks = *head.Ticks; ticks < 0 {
				return nil, fmt.Errorf("line %d: ticks %d is negative", n+1, ticks)
			}
		}
		out = append(out, recEvent{line: n + 1, obj: obj, action: head.Action, t: time.UnixMicro(head.T), msg: head.Msg,
			term: head.Term, lastIndex: head.LastIndex, ticks: ticks})
	}
	return out, nil
}

// replayer replays one node.
type replayer struct {
	id      uint64
	nodes   []uint64
	opts    ReplayOptions
	rec     []recEvent
	next    int // the recorded event to reproduce next
	data    map[[2]uint64][]byte
	streams []*Stream
	refused []RefusedDial
	inc     map[int]int // a stream's sender's incarnation (incarnations)
	// in and out are the captured frames to and from the node, per peer, in order.
	in, out       map[uint64][]*Frame
	inPos, outPos map[uint64]int
	rn            *raft.RawNode
	ticked        int64 // the ticks the current core took
	storage       *raft.MemoryStorage
	queue         []map[string]any    // reproduced events not compared yet
	standIn       map[float64]float64 // the value of a stand-in entry -> the recorded value
	restarted     time.Time           // the node's last restart
	// lastAlive is the time of the last step its previous incarnation traced: a connection
	// opened by then reached that process, and no later incarnation reads from it.
	lastAlive time.Time
	// early holds, per recorded event, the reads to hand the core before it: reads a leader
	// took before it committed an entry of its term, which its core holds without a step
	// and traces (ReadIndex) only once it commits (see releasedReads). taken marks the
	// recorded ReadIndex events handed over that way.
	early map[int][]int
	taken map[int]bool
	// silent marks the captured frames to the node that no step of its trace handles (see
	// silentFrames): the node handled them without a step, or never.
	silent map[*Frame]bool
	stats  NodeReplay
}

func (r *replayer) newCore() error {
	if r.storage == nil {
		r.storage = raft.NewMemoryStorage()
	}
	cfg := &raft.Config{
		ID: r.id, Peers: r.nodes, Storage: r.storage,
		ElectionTick: r.opts.ElectionTicks, HeartbeatTick: max(1, r.opts.ElectionTicks/10),
		DisablePreVote: !r.opts.PreVote, DisableCheckQuorum: !r.opts.CheckQuorum,
		Tracer: raft.TracerFunc(func(ev raft.TraceEvent) {
			r.queue = append(r.queue, canonicalEvent(r.id, ev, r.standIn))
		}),
	}
	if r.opts.Config != nil {
		r.opts.Config(cfg)
	}
	rn, err := raft.NewRawNode(cfg)
	r.rn, r.ticked = rn, 0
	return err
}

// canonicalEvent is a reproduced event as its trace line reads back (without "t" and "vc").
// Values of stand-in entries read as the recorded values they stand for.
func canonicalEvent(id uint64, ev raft.TraceEvent, standIn map[float64]float64) map[string]any {
	obj := raftsim.TraceFields(ev)
	for k, v := range obj {
		if raw, ok := v.(sim.RawJSON); ok {
			obj[k] = json.RawMessage(raw)
		}
	}
	obj["node"] = id
	obj["action"] = string(ev.Action)
	b, _ := json.Marshal(obj)
	var out map[string]any
	json.Unmarshal(b, &out)
	if len(standIn) > 0 {
		replaceValues(out, standIn)
	}
	return out
}

// replaceValues replaces the "value" fields of v found in standIn.
func replaceValues(v any, standIn map[float64]float64) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if f, ok := x.(float64); ok && k == "value" {
				if r, ok := standIn[f]; ok {
					v[k] = r
				}
				continue
			}
			replaceValues(x, standIn)
		}
	case []any:
		for _, x := range v {
			replaceValues(x, standIn)
		}
	}
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func (r *replayer) diverge(e *recEvent, f *Frame, what string, recorded, reproduced any) *Divergence {
	d := &Divergence{Node: r.id, What: what, Recorded: jsonString(recorded), Reproduced: jsonString(reproduced)}
	if e != nil {
		d.Line = e.line
	}
	if f != nil {
		d.Packet = f.Packet
	}
	return d
}

// The kinds of input a node takes between two Readys (dsref kv's loop takes a batch of one
// kind, then handles the Ready).
const (
	inputNone = iota
	inputMessage
	inputProposal
	inputRead
)

func (r *replayer) run() *Divergence {
	ticks := 0
	for r.next < len(r.rec) || len(r.queue) > 0 {
		if len(r.queue) > 0 {
			got := r.queue[0]
			r.queue = r.queue[1:]
			if r.next >= len(r.rec) {
				return r.diverge(nil, nil, "the core took a step after the trace's last", nil, got)
			}
			e := &r.rec[r.next]
			if e.action == string(raft.TraceRestart) && got["action"] != e.action {
				// The node died with this step in its trace writer's buffer: it was never
				// persisted, and nothing it sent left before the buffer was written.
				r.stats.Lost++
				continue
			}
			if !reflect.DeepEqual(e.obj, got) {
				return r.diverge(e, nil, fmt.Sprintf("the core took another step than %s", e.action), e.obj, got)
			}
			delete(r.taken, r.next)
			r.next++
			r.stats.Events++
			ticks = 0
			continue
		}
		if r.rn != nil {
			r.stepSilent(r.rec[r.next].t)
		}
		if ks := r.early[r.next]; len(ks) > 0 {
			delete(r.early, r.next)
			if d := r.takeEarly(ks); d != nil {
				return d
			}
		}
		e := &r.rec[r.next]
		if r.taken[r.next] {
			return r.diverge(e, nil, "the core did not take the read it was handed before committing in its term", e.obj, nil)
		}
		if e.ticks >= 0 && e.action != string(raft.TraceRestart) && r.rn != nil && r.ticked < e.ticks {
			// The node took this step after its core's e.ticks-th tick: tick as often first.
			// dsref kv handles the Ready of each input before it takes the next tick.
			if d := r.ready(e); d != nil {
				return d
			}
			if len(r.queue) > 0 {
				continue
			}
			r.ticked++
			r.stats.Ticks++
			r.rn.Tick()
			if d := r.ready(e); d != nil {
				return d
			}
			continue
		}
		// The input the recorded step needs, if it is one. A pending Ready is handled only when
		// the recorded step needs no input: the steps a Ready takes (flushing proposals, a
		// leader counting its own persisted entries) show in the trace, and a Ready without
		// any changes nothing but when messages leave.
		in := inputNone
		switch {
		case e.msg != nil && e.msg.From != r.id && e.msg.To == r.id && e.msg.Type != "MsgTransferLeader":
			in = inputMessage
		case e.msg != nil && e.msg.Type == "MsgProp" && e.msg.From == r.id:
			in = inputProposal
		case e.msg != nil && (e.msg.Type == "MsgReadIndex" && e.msg.From == r.id || e.msg.Type == "MsgTransferLeader"):
			in = inputRead
		}
		if e.action != string(raft.TraceRestart) && r.rn != nil && r.rn.HasReady() && in == inputNone {
			if d := r.ready(e); d != nil {
				return d
			}
			continue
		}
		switch {
		case e.action == string(raft.TraceRestart):
			if r.rn != nil {
				r.stats.Restarts++
				r.restarted, r.lastAlive = e.t, r.rec[r.next-1].t
				// Frames the dead incarnation sent that the replay did not reproduce (steps it
				// took after the last one its trace shows) are left behind.
				for to, q := range r.out {
					for r.outPos[to] < len(q) && q[r.outPos[to]].Time.Before(e.t) {
						r.outPos[to]++
						r.stats.Orphaned++
					}
				}
				if err := r.persisted(e); err != nil {
					return r.diverge(e, nil, err.Error(), e.obj, nil)
				}
			}
			if err := r.newCore(); err != nil {
				return r.diverge(e, nil, "the core cannot restart from what it persisted: "+err.Error(), e.obj, nil)
			}
		case in == inputMessage:
			if d := r.stepCaptured(e); d != nil {
				return d
			}
		case in == inputProposal:
			d, ok := r.data[[2]uint64{e.term, e.lastIndex}]
			if !ok {
				// The entry never reached the wire (its leader failed before sending it): a
				// stand-in whose value reads back as the recorded one.
				d = fmt.Appendf(nil, "dsref replay: the data of entry %d (term %d) never reached the wire", e.lastIndex, e.term)
				if v, ok := e.obj["value"].(float64); ok {
					r.standIn[float64(EntryValue(d))] = v
				}
				r.stats.Unseen++
			}
			r.stats.Proposals++
			if err := r.rn.Propose(d); err != nil {
				return r.diverge(e, nil, "the core refused the proposal: "+err.Error(), e.obj, nil)
			}
		case e.msg != nil && e.msg.Type == "MsgTransferLeader":
			if err := r.rn.TransferLeader(e.msg.From); err != nil {
				return r.diverge(e, nil, "the core refused the transfer: "+err.Error(), e.obj, nil)
			}
		case in == inputRead:
			r.stats.Reads++
			if err := r.rn.ReadIndex([]byte(e.msg.Context)); err != nil {
				return r.diverge(e, nil, "the core refused the read: "+err.Error(), e.obj, nil)
			}
		case e.ticks >= 0:
			// The core has taken as many ticks as the node had when it took the step.
			return r.diverge(e, nil, fmt.Sprintf("the core did not take %s on its tick %d", e.action, e.ticks), e.obj, nil)
		default:
			// A step the node took on a tick (its Ready handled at once).
			if ticks >= r.opts.MaxTicks {
				return r.diverge(e, nil, fmt.Sprintf("the core did not take %s within %d ticks", e.action, ticks), e.obj, nil)
			}
			ticks++
			r.stats.Ticks++
			r.rn.Tick()
			if d := r.ready(e); d != nil {
				return d
			}
		}
	}
	return nil
}

// silentFrames returns the captured frames to the node that no step of its trace can have
// handled: their message appears in none of its events (forwarded client requests, which a
// node that does not lead forwards again, are left to nextFrom).
func silentFrames(rec []recEvent, id uint64, in map[uint64][]*Frame) map[*Frame]bool {
	traced := map[string]bool{}
	for k := range rec {
		if m, ok := rec[k].obj["msg"]; ok && rec[k].msg != nil && rec[k].msg.To == id {
			traced[jsonString(m)] = true
		}
	}
	out := map[*Frame]bool{}
	for _, q := range in {
		for _, f := range q {
			if t := f.Message.Type; t != raft.MsgProp && t != raft.MsgReadIndex && !traced[jsonString(traceMessage(&f.Message))] {
				out[f] = true
			}
		}
	}
	return out
}

// stepSilent steps, in the order they arrived, the silent read answers (silentFrames of type
// MsgReadIndexResp) at the head of their connection that arrived more than silentLag before t:
// dsref kv steps every frame soon after it arrives, and a read answer its core takes without
// a step (a stale one) still changes what the core holds (a follower's read states), so it
// must not wait for the next step that needs its connection. Other silent frames (a vote
// after the election) change nothing the trace does not show, and wait for nextFrom: a
// loaded node may step one well after a later frame from another peer (a PreVote answer
// stepped after the one that made it a candidate, which a step by arrival order would
// reverse). Frames that arrived closer to t may have been stepped after it, and are left to
// nextFrom, as are frames that reached an earlier incarnation.
func (r *replayer) stepSilent(t time.Time) {
	const silentLag = 50 * time.Millisecond
	for {
		var best *Frame
		for _, from := range r.nodes {
			q := r.in[from]
			if p := r.inPos[from]; p < len(q) {
				f := q[p]
				if !r.silent[f] || f.Message.Type != raft.MsgReadIndexResp || !f.Time.Before(t.Add(-silentLag)) || f.Time.Before(r.restarted) {
					continue
				}
				if best == nil || f.Time.Before(best.Time) {
					best = f
				}
			}
		}
		if best == nil {
			return
		}
		r.inPos[best.From]++
		r.stats.Steps++
		r.stats.Ignored++
		r.rn.Step(best.Message) // a refusal is what the node's core did too: the trace shows no step
	}
}

// nextFrom returns the captured frame the node handles in step e: the next one from the
// message's sender. Frames that reached an earlier incarnation of the node, which died before
// handling them, are passed over.
func (r *replayer) nextFrom(e *recEvent) (*Frame, *Divergence) {
	from := e.msg.From
	q := r.in[from]
	for p := r.inPos[from]; p < len(q); p++ {
		f := q[p]
		if s := r.stream(f.Stream); s != nil && !r.lastAlive.IsZero() && !s.Start.After(r.lastAlive) {
			// The connection reached an earlier incarnation, which died before reading f
			// (it may have been captured after the restart: the sender wrote on until the
			// reset came back). The same content from a later connection is what the trace
			// handles. (A kept capture of TestCaptureOfARealCluster diverged here: node 1,
			// restarted, took an empty heartbeat its dead incarnation never read for the
			// first one on node 2's new connection, and every later heartbeat shifted by one.)
			r.stats.Unhandled++
			continue
		}
		// A forwarded proposal is traced as the core completed it (its entries' terms set);
		// the step that follows shows whether the frame is the one.
		forwarded := (f.Message.Type == raft.MsgProp || f.Message.Type == raft.MsgReadIndex) && f.Message.Type.String() == e.msg.Type
		if forwarded || reflect.DeepEqual(traceMessage(&f.Message), e.obj["msg"]) {
			r.inPos[from] = p + 1
			return f, nil
		}
		if f.Time.Before(r.restarted) {
			r.stats.Unhandled++
			continue
		}
		// A vote answer that no step of the trace handles (silent) was ignored by the node's
		// core: had it counted the vote, the trace would show HandleRequestVoteResponse. When it
		// arrived relative to the node's steps is not on the wire: one that reached a follower
		// before its Timeout was ignored there, yet stepping it here, after the Timeout the
		// trace has reached, would count it (CI: a reject PreVote answer of term 1, captured
		// before node 3's PreVote of term 2, replayed into node 2 once it was a PreCandidate).
		// It changes nothing the trace shows, so it is passed over without a step.
		if r.silent[f] && (f.Message.Type == raft.MsgVoteResp || f.Message.Type == raft.MsgPreVoteResp) {
			r.stats.Ignored++
			continue
		}
		// A frame the node handled without a step of the specification (a vote response after
		// the election, a stale message the core ignores): the core must ignore it too.
		r.stats.Steps++
		r.stats.Ignored++
		if err := r.rn.Step(f.Message); err != nil {
			return nil, r.diverge(e, f, "the core refused the captured message: "+err.Error(), nil, traceMessage(&f.Message))
		}
		if len(r.queue) > 0 {
			return nil, r.diverge(e, f, fmt.Sprintf("the trace handles another message from node %d than the next captured frame, on which the core takes a step", from),
				e.obj, r.queue[0])
		}
	}
	return nil, r.diverge(e, nil, fmt.Sprintf("the trace handles a %s from node %d, but the capture holds no more frames from it", e.msg.Type, from), e.obj, nil)
}

// stepCaptured steps the core with the captured frame the node handles in step e (nextFrom).
func (r *replayer) stepCaptured(e *recEvent) *Divergence {
	f, d := r.nextFrom(e)
	if d != nil {
		return d
	}
	r.stats.Steps++
	if err := r.rn.Step(f.Message); err != nil {
		return r.diverge(e, f, "the core refused the captured message: "+err.Error(), e.obj, nil)
	}
	return nil
}

// traceMessage is m as a trace shows it, read back from JSON.
func traceMessage(m *raft.Message) any {
	raw := raftsim.TraceFields(raft.TraceEvent{Message: m})["msg"].(sim.RawJSON)
	var out any
	json.Unmarshal(raw, &out)
	return out
}

// persisted makes the replay's storage what the node found on disk when it restarted, as its
// Restart event shows it: a node killed between persisting a step and persisting the next
// Ready's hard state restarts with an older commit index than its last step had, and one
// killed before fsync without the entries of the Ready it was writing.
func (r *replayer) persisted(e *recEvent) error {
	hs := struct{ Term, Vote, Commit float64 }{}
	hs.Term, _ = e.obj["term"].(float64)
	hs.Vote, _ = e.obj["vote"].(float64)
	hs.Commit, _ = e.obj["commit"].(float64)
	if r.rn.HasReady() { // what the node was writing when it died: maybe on disk
		rd := r.rn.Ready()
		if err := r.storage.Append(rd.Entries); err != nil {
			return err
		}
	}
	last, err := r.storage.LastIndex()
	if err != nil {
		return err
	}
	if e.lastIndex > last {
		// The node persisted entries its trace never showed (it died between the fsync and
		// writing its trace): entries of its last term, with the data the capture shows, or
		// stand-ins. What follows checks the guess.
		lastTerm, _ := e.obj["lastTerm"].(float64)
		var extra []raft.Entry
		for i := last + 1; i <= e.lastIndex; i++ {
			d, ok := r.data[[2]uint64{uint64(lastTerm), i}]
			if !ok {
				d = fmt.Appendf(nil, "dsref replay: the data of entry %d (term %d) never reached the wire", i, uint64(lastTerm))
				r.stats.Unseen++
			}
			extra = append(extra, raft.Entry{Term: uint64(lastTerm), Index: i, Data: d})
		}
		if err := r.storage.Append(extra); err != nil {
			return err
		}
	}
	ents, err := r.storage.Entries(1, e.lastIndex+1, ^uint64(0))
	if err != nil {
		return err
	}
	st := raft.NewMemoryStorage()
	if err := st.Append(ents); err != nil {
		return err
	}
	st.SetHardState(raft.HardState{Term: uint64(hs.Term), Vote: uint64(hs.Vote), Commit: uint64(hs.Commit)})
	r.storage = st
	return nil
}

// ready persists what the core hands out and checks its messages against the capture.
func (r *replayer) ready(e *recEvent) *Divergence {
	for r.rn.HasReady() {
		rd := r.rn.Ready()
		if err := r.storage.Append(rd.Entries); err != nil {
			return r.diverge(e, nil, "persisting the entries: "+err.Error(), nil, nil)
		}
		if !rd.HardState.IsEmpty() {
			r.storage.SetHardState(rd.HardState)
		}
		for k := range rd.Messages {
			if d := r.sent(e, &rd.Messages[k]); d != nil {
				return d
			}
		}
		r.rn.Advance(rd)
	}
	return nil
}

// sent checks that m is the next frame captured from the node to m.To, skipping the client
// requests the node forwarded (they come from its clients, which the replay does not run).
func (r *replayer) sent(e *recEvent, m *raft.Message) *Divergence {
	q := r.out[m.To]
	for r.outPos[m.To] < len(q) {
		if t := q[r.outPos[m.To]].Message.Type; t == raft.MsgProp || t == raft.MsgReadIndex {
			r.outPos[m.To]++
			r.stats.Forwarded++
			continue
		}
		break
	}
	want := appendMessageJSON(nil, m)
	if p := r.outPos[m.To]; p < len(q) {
		got := appendMessageJSON(nil, &q[p].Message)
		if bytes.Equal(got, want) && r.droppedAtRefusedDial(e, m, q[p]) {
			r.stats.Unsent++
			return nil
		}
		if bytes.Equal(got, want) {
			r.outPos[m.To]++
			r.stats.Sent++
			return nil
		}
		if t, ok := r.nextRestart(); ok && !q[p].Time.Before(t) {
			// The node was killed after tracing the step and before sending its message:
			// the next frame to m.To is from its next incarnation.
			r.stats.Died++
			return nil
		}
		if r.startsAfter(q[p].Stream, e.t) && r.closesAfter(m.To, e.t) {
			// The connection open when the node took the step broke before the message left
			// (the transport dropped it); the next frame is on a later connection.
			r.stats.Unsent++
			return nil
		}
		if r.connected(m.To, e.t) && !r.dying() {
			return &Divergence{Node: r.id, Line: e.line, Packet: q[p].Packet,
				What:     fmt.Sprintf("the frame to node %d differs from the message the core sent", m.To),
				Recorded: string(got), Reproduced: string(want)}
		}
	} else if r.connected(m.To, e.t) && !r.dying() && !r.closesAfter(m.To, e.t) {
		return &Divergence{Node: r.id, Line: e.line, What: fmt.Sprintf("the core sent a %s to node %d that the capture does not hold", m.Type, m.To),
			Recorded: "null", Reproduced: string(want)}
	}
	r.stats.Unsent++ // no connection: the transport dropped it
	return nil
}

// droppedAtRefusedDial reports whether m was dropped although f, the next frame captured
// from the node to m.To, equals it: f carries the same message sent again by a later step.
// That is so when f's connection opened after the step, a dial to m.To's listener was refused
// in between (a transport drops what it queued for a peer it cannot reach), and a later step
// of the node, taken before f was captured, sent the same message. A node sends a message
// again unchanged when its round went unanswered (a PreVote of the same term), which is when
// the peer's listener may not be up yet. (A kept capture of TestCaptureOfARealCluster on a
// loaded machine diverged here: node 1's first PreVote to node 2 met a refused dial, and its
// second round's identical frame was taken for the first one's.)
func (r *replayer) droppedAtRefusedDial(e *recEvent, m *raft.Message, f *Frame) bool {
	s := r.stream(f.Stream)
	if s == nil || !s.Start.After(e.t) || !r.refusedBetween(m.To, e.t, s.Start) {
		return false
	}
	want := traceMessage(m)
	replaceValues(want, r.standIn)
	for k := range r.rec {
		later := &r.rec[k]
		if later.line <= e.line || later.t.Before(e.t) || later.t.After(f.Time) {
			continue
		}
		sent, _ := later.obj["sent"].([]any)
		for _, x := range sent {
			if reflect.DeepEqual(x, want) {
				return true
			}
		}
	}
	return false
}

// refusedBetween reports whether a dial to peer's listener (the destination of the
// connections that carry hellos to peer) was refused after from and before to.
func (r *replayer) refusedBetween(peer uint64, from, to time.Time) bool {
	for _, d := range r.refused {
		if !d.At.After(from) || !d.At.Before(to) {
			continue
		}
		for _, s := range r.streams {
			if s.Hello != nil && s.Hello.To == peer && s.Dst == d.Dst {
				return true
			}
		}
	}
	return false
}

// stream returns the stream with the given ID, or nil.
func (r *replayer) stream(id int) *Stream {
	for _, s := range r.streams {
		if s.ID == id {
			return s
		}
	}
	return nil
}

// startsAfter reports whether the stream with the given ID began after t.
func (r *replayer) startsAfter(id int, t time.Time) bool {
	s := r.stream(id)
	return s != nil && s.Start.After(t)
}

// nextRestart returns the time of the node's next restart in its trace, if any.
func (r *replayer) nextRestart() (time.Time, bool) {
	for _, e := range r.rec[r.next:] {
		if e.action == string(raft.TraceRestart) {
			return e.t, true
		}
	}
	return time.Time{}, false
}

// dying reports whether every step left in the trace before the node's next restart has
// been reproduced: what the core sends now may have died with the process.
func (r *replayer) dying() bool {
	for _, e := range r.rec[r.next:] {
		if e.action == string(raft.TraceRestart) {
			return true
		}
		return false
	}
	return true // the trace ends: the node stopped
}

// peerGone reports whether peer had stopped at time t: the connections it had opened to the
// node were all closed by then (the other direction of a connection carries no data, so the
// capture shows a peer's end only on its own connections).
func (r *replayer) peerGone(peer uint64, t time.Time) bool {
	seen := false
	for _, s := range r.streams {
		if s.Hello == nil || s.Hello.From != peer || s.Hello.To != r.id || s.Start.After(t) {
			continue
		}
		seen = true
		if end, ok := r.endOf(s); !ok || end.After(t) {
			return false
		}
	}
	return seen
}

// endOf returns when the connection whose data direction is s ended for its sender: when
// that direction closed, or else when the sender opened its next connection to the same
// node, or when the receiver, restarted, opened its first connection. A transport keeps one connection per peer and dials again only once the old one
// failed, and the capture may hold no close for it: the direction that carries data shows
// no FIN or RST when its receiver was killed (the receiver's kernel resets the connection
// in the other direction, which carries no data and is not a Stream).
func (r *replayer) endOf(s *Stream) (time.Time, bool) {
	end, ok := s.ClosedAt, s.Closed
	for _, n := range r.streams {
		if n == s || n.Hello == nil || n.Hello.From != s.Hello.From || n.Hello.To != s.Hello.To || !n.Start.After(s.Start) {
			continue
		}
		if !ok || n.Start.Before(end) {
			end, ok = n.Start, true
		}
	}
	// Nor does a connection outlive its receiver's process: once the receiver opens a
	// connection of a later incarnation than the ones it had opened by the time s began, the
	// process s reached is gone, whether or not s's sender ever dialed again.
	was := 1
	for _, n := range r.streams {
		if n.Hello != nil && n.Hello.From == s.Hello.To && !n.Start.After(s.Start) {
			was = max(was, r.inc[n.ID])
		}
	}
	for _, n := range r.streams {
		if n.Hello != nil && n.Hello.From == s.Hello.To && r.inc[n.ID] > was && n.Start.After(s.Start) && (!ok || n.Start.Before(end)) {
			end, ok = n.Start, true
		}
	}
	return end, ok
}

// closesAfter reports whether the node's connection with peer closes (either direction) after
// t: a message sent then but never seen on it was lost with the connection.
func (r *replayer) closesAfter(peer uint64, t time.Time) bool {
	for _, s := range r.streams {
		if s.Hello == nil || s.Hello.From != r.id || s.Hello.To != peer || s.Start.After(t) {
			continue
		}
		if end, ok := r.endOf(s); ok && end.After(t) {
			return true
		}
		for _, b := range r.streams {
			if b.Hello == nil || b.Hello.From != peer || b.Hello.To != r.id {
				continue
			}
			if end, ok := r.endOf(b); ok && end.After(t) {
				return true
			}
		}
	}
	return false
}

// connected reports whether the node had a connection to peer open at time t (as of the
// step's trace time) and the peer was running: a message the core sent then must be on the
// wire.
func (r *replayer) connected(peer uint64, t time.Time) bool {
	open := func(s *Stream) bool {
		end, ended := r.endOf(s)
		return !s.Start.After(t) && (!ended || end.After(t))
	}
	for _, s := range r.streams {
		if s.Hello == nil || s.Hello.From != r.id || s.Hello.To != peer || !open(s) {
			continue
		}
		if !r.peerGone(peer, t) {
			return true
		}
	}
	return false
}

// releasedReads finds the reads a leader took before it had committed an entry of its term:
// its core holds them without a step and takes them (ReadIndex, then a heartbeat round) in
// the step that commits (AdvanceCommitIndex, while handling an append response or counting
// its own persisted entries), so the trace shows them inside that step, after the commit.
// The replay hands them over before the step: it returns, per recorded event that starts
// such a step, the indexes of the ReadIndex events it releases.
func releasedReads(rec []recEvent, id uint64) map[int][]int {
	out := map[int][]int{}
	for k := range rec {
		if rec[k].action != string(raft.TraceReadIndex) || rec[k].msg == nil {
			continue
		}
		a := k - 1
		for a >= 0 && (rec[a].action == string(raft.TraceHeartbeat) || rec[a].action == string(raft.TraceReadIndex)) {
			a--
		}
		if a < 0 || rec[a].action != string(raft.TraceAdvanceCommitIndex) {
			continue
		}
		start := a // the commit of a Ready's Advance: hand the reads over before the Ready
		if p := a - 1; p >= 0 && rec[p].action == string(raft.TraceHandleAppendEntriesResp) && rec[p].msg != nil && rec[p].msg.To == id {
			start = p
		}
		out[start] = append(out[start], k)
	}
	return out
}

// takeEarly hands the core the reads of the ReadIndex events ks before the step that releases
// them: a local read as the node's client asked it, a forwarded one as the captured frame.
func (r *replayer) takeEarly(ks []int) *Divergence {
	for _, k := range ks {
		e := &r.rec[k]
		r.taken[k] = true
		if e.msg.From == r.id {
			r.stats.Reads++
			if err := r.rn.ReadIndex([]byte(e.msg.Context)); err != nil {
				return r.diverge(e, nil, "the core refused the read: "+err.Error(), e.obj, nil)
			}
			continue
		}
		if d := r.stepCaptured(e); d != nil {
			return d
		}
	}
	if len(r.queue) > 0 {
		return r.diverge(&r.rec[ks[0]], nil, "the core took a step on a read before committing in its term", r.rec[ks[0]].obj, r.queue[0])
	}
	return nil
}
