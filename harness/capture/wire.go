package capture

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/dsref/dsref/raft"
)

// WireOptions describe the cluster a capture was taken from, as far as the capture cannot
// show it.
type WireOptions struct {
	// PreVote and CheckQuorum are the nodes' raft options (dsref kv runs with both).
	PreVote, CheckQuorum bool
	// Nodes, if not empty, are the cluster's members; by default the nodes the frames name.
	Nodes []uint64
}

// WireTrace is a capture turned into a trace of the messages the nodes sent, for
// tla/TraceRaftWire.tla.
type WireTrace struct {
	// NDJSON is the trace: a header line, then one event per message frame.
	NDJSON []byte
	// Frames are the message frames, in the trace's order, and Batches the events: Batches[k]
	// is the event on line k+2, its frames grouped by receiver in the order they went out.
	Frames  []*Frame
	Batches [][]Group
	// Nodes are the cluster's members, in the order of the events' clock arrays.
	Nodes []uint64
	// Incarnations counts, per node, how many times it started (after the first, each
	// restart or loss of all its connections).
	Incarnations map[uint64]int
	// Unmodeled counts the frames of message types Raft.tla does not model, by type.
	Unmodeled map[string]int
	file      string
}

func (w *WireTrace) captureName() string { return w.file }

// A Group is the frames of a batch to one receiver, in the order they went out.
type Group struct {
	To     uint64
	Frames []*Frame
}

// Batch returns the frames of the event on line (1-based) of the trace, nil for the header.
func (w *WireTrace) Batch(line int) []Group {
	if line < 2 || line-2 >= len(w.Batches) {
		return nil
	}
	return w.Batches[line-2]
}

// modeled reports whether tla/Raft.tla has a message of type t.
func modeled(t raft.MessageType) bool {
	switch t {
	case raft.MsgApp, raft.MsgAppResp, raft.MsgVote, raft.MsgVoteResp, raft.MsgPreVote, raft.MsgPreVoteResp,
		raft.MsgHeartbeat, raft.MsgHeartbeatResp, raft.MsgTimeoutNow, raft.MsgSnap, raft.MsgSnapResp:
		return true
	}
	return false
}

// BuildWireTrace turns a capture into a trace of sends for tla/TraceRaftWire.tla. The capture
// must be complete (Capture.Complete) and start before the cluster did: the specification
// starts every node in its initial state.
//
// The events are the message frames in an order consistent with their vector clocks: by
// the time each reached its receiver, a frame held back while its clock says its sender had
// heard of an event whose frame comes later. Each event carries its position on its channel
// (the frames from one node to another, connection after connection), its sender's
// incarnation (a new one begins when a node opens a connection after all of its earlier ones
// closed: a restart, or a node cut off from every peer), the peers to which the sender's
// replies may have been lost (it had no connection open to them throughout since its
// previous frame), the least log length its message shows and, for a frame its receiver may
// never have read (lossEnds), the last frame on its channel lost with it.
func BuildWireTrace(c *Capture, opts WireOptions) (*WireTrace, error) {
	if err := c.Complete(); err != nil {
		return nil, fmt.Errorf("%s cannot be validated: %w", c.File, err)
	}
	msgs := c.Messages()
	if len(msgs) == 0 {
		return nil, fmt.Errorf("%s holds no dsref message frame", c.File)
	}
	nodes := opts.Nodes
	if len(nodes) == 0 {
		set := map[uint64]bool{}
		for _, f := range msgs {
			set[f.From], set[f.To] = true, true
		}
		for n := range set {
			nodes = append(nodes, n)
		}
		slices.Sort(nodes)
	}
	pos := map[uint64]int{}
	for i, n := range nodes {
		pos[n] = i
	}
	for _, f := range msgs {
		if _, ok := pos[f.From]; !ok {
			return nil, fmt.Errorf("packet %d: a frame from node %d, which is not a member (%v)", f.Packet, f.From, nodes)
		}
		if _, ok := pos[f.To]; !ok {
			return nil, fmt.Errorf("packet %d: a frame to node %d, which is not a member (%v)", f.Packet, f.To, nodes)
		}
	}
	for _, f := range msgs {
		m := &f.Message
		for _, v := range []struct {
			name string
			v    uint64
		}{{"term", m.Term}, {"index", m.Index}, {"logTerm", m.LogTerm}, {"commit", m.Commit}, {"hint", m.RejectHint}} {
			if v.v > math.MaxInt32 {
				return nil, fmt.Errorf("packet %d: %s from node %d: %s %d is beyond the integers the specification's checker holds (2^31-1)", f.Packet, m.Type, f.From, v.name, v.v)
			}
		}
	}
	w := &WireTrace{Nodes: nodes, Incarnations: map[uint64]int{}, Unmodeled: map[string]int{}, file: c.File}
	inc := incarnations(c, w.Incarnations)
	order, err := causalOrder(msgs, inc)
	if err != nil {
		return nil, err
	}
	w.Frames = order

	// Per term, the entries the capture shows, and how far the log of that term's leader
	// must have reached.
	type termInfo struct {
		values map[uint64]uint32
		last   uint64
	}
	terms := map[uint64]*termInfo{}
	term := func(t uint64) *termInfo {
		ti := terms[t]
		if ti == nil {
			ti = &termInfo{values: map[uint64]uint32{}}
			terms[t] = ti
		}
		return ti
	}
	sawEntry := func(t, index uint64) {
		if t > 0 && index > term(t).last {
			term(t).last = index
		}
	}
	snapshots := false
	for _, f := range order {
		m := &f.Message
		switch m.Type {
		case raft.MsgApp:
			sawEntry(m.LogTerm, m.Index)
			for k, e := range m.Entries {
				idx := m.Index + uint64(k) + 1
				if _, ok := term(e.Term).values[idx]; !ok {
					term(e.Term).values[idx] = EntryValue(e.Data)
				}
				sawEntry(e.Term, idx)
			}
		case raft.MsgVote, raft.MsgPreVote:
			sawEntry(m.LogTerm, m.Index)
		case raft.MsgAppResp:
			if m.Reject {
				sawEntry(m.LogTerm, m.Index) // the hint's term is the entry's at the index
			}
		case raft.MsgSnap, raft.MsgSnapResp:
			snapshots = true
			sawEntry(m.LogTerm, m.Index)
		}
	}

	var out []byte
	header := map[string]any{"action": "Header", "spec": "TraceRaftWire", "protocol": "raft", "nodes": nodes,
		"preVote": opts.PreVote, "checkQuorum": opts.CheckQuorum, "snapshots": snapshots, "t": 0}
	var termList []map[string]any
	termKeys := make([]uint64, 0, len(terms))
	for t := range terms {
		termKeys = append(termKeys, t)
	}
	slices.Sort(termKeys)
	for _, t := range termKeys {
		ti := terms[t]
		first := ti.last + 1
		for idx := range ti.values {
			first = min(first, idx)
		}
		var values []int64
		for idx := first; idx <= ti.last && len(ti.values) > 0; idx++ {
			v, ok := ti.values[idx]
			if !ok {
				values = append(values, unknownValue)
				continue
			}
			values = append(values, int64(v))
		}
		if values == nil {
			values = []int64{}
			first = 1
		}
		termList = append(termList, map[string]any{"term": t, "first": first, "last": ti.last, "values": values})
	}
	if termList == nil {
		termList = []map[string]any{}
	}
	header["terms"] = termList

	// Batches: a node's consecutive frames (in the order above) with one own count in one
	// incarnation were sent together, after the steps that produced them.
	var batches [][]*Frame
	open := map[uint64]int{} // sender -> index of its current batch in batches
	for _, f := range order {
		self := strconv.FormatUint(f.From, 10)
		if k, ok := open[f.From]; ok {
			p := batches[k][0]
			if inc[p.Stream] == inc[f.Stream] && p.Clock.Get(self) == f.Clock.Get(self) {
				batches[k] = append(batches[k], f)
				continue
			}
		}
		open[f.From] = len(batches)
		batches = append(batches, []*Frame{f})
	}

	type chanKey struct{ from, to uint64 }
	lossEnd := lossEnds(c, batches)
	// The batch holding the last frame the capture shows on each channel: the capture ends,
	// or the nodes are stopped, at an instant that may cut a batch, and a channel's frames after
	// its last captured one are not in the capture, though the sender's clock counts the steps
	// that produced them (cutPeers).
	lastOn := map[chanKey]int{}
	for b, frames := range batches {
		for _, f := range frames {
			lastOn[chanKey{f.From, f.To}] = b
		}
	}
	chans := map[chanKey][][3]int{} // per channel: <<line, group, position>> of its frames
	lastTime := map[uint64]time.Time{}
	events := make([][]byte, 0, len(batches))
	t0 := order[0].Time
	var tMax time.Duration // "t" never decreases: frames may be placed before others that arrived first
	w.Batches = make([][]Group, len(batches))
	for b, frames := range batches {
		line := b + 2
		first := frames[0]
		var groups []Group
		byTo := map[uint64]int{}
		needed := uint64(0)
		for _, f := range frames {
			g, ok := byTo[f.To]
			if !ok {
				g = len(groups)
				byTo[f.To] = g
				groups = append(groups, Group{To: f.To})
			}
			groups[g].Frames = append(groups[g].Frames, f)
			needed = max(needed, need(&f.Message))
			if !modeled(f.Message.Type) {
				w.Unmodeled[f.Message.Type.String()]++
			}
		}
		w.Batches[b] = groups
		var out []map[string]any
		for g, grp := range groups {
			var fs []map[string]any
			for k, f := range grp.Frames {
				ck := chanKey{f.From, f.To}
				chans[ck] = append(chans[ck], [3]int{line, g + 1, k + 1})
				fs = append(fs, map[string]any{"msg": wireMessage(&f.Message), "modeled": modeled(f.Message.Type),
					"pos": len(chans[ck]), "packet": f.Packet, "lossEnd": lossEnd[f]})
			}
			out = append(out, map[string]any{"to": grp.To, "frames": fs})
		}
		clock := make([]uint64, len(nodes))
		for i, n := range nodes {
			clock[i] = first.Clock.Get(strconv.FormatUint(n, 10))
		}
		tMax = max(tMax, first.Time.Sub(t0))
		prev, hasPrev := lastTime[first.From]
		lastTime[first.From] = first.Time
		ev := map[string]any{
			"action": "Ready", "node": first.From, "clock": clock, "inc": inc[first.Stream],
			"lossy": cutPeers(lossyPeers(c, first, prev, hasPrev, nodes, inc), first.From, nodes, func(to uint64) bool {
				last, ok := lastOn[chanKey{first.From, to}]
				return !ok || b >= last
			}), "need": needed,
			"t": tMax.Milliseconds(), "out": out,
		}
		bs, err := json.Marshal(ev)
		if err != nil {
			return nil, err
		}
		events = append(events, bs)
	}
	// Every ordered pair of nodes, in the order of nodes: the module finds a channel by its
	// position, without searching.
	var chanList []map[string]any
	for _, from := range nodes {
		for _, to := range nodes {
			refs := chans[chanKey{from, to}]
			if refs == nil {
				refs = [][3]int{}
			}
			chanList = append(chanList, map[string]any{"from": from, "to": to, "frames": refs})
		}
	}
	header["chans"] = chanList
	hb, err := json.Marshal(header)
	if err != nil {
		return nil, err
	}
	out = append(append(out, hb...), '\n')
	for _, e := range events {
		out = append(append(out, e...), '\n')
	}
	w.NDJSON = out
	return w, nil
}

// lossEnds gives, for each frame that may have been lost, the position on its channel (the
// frames from its sender to its receiver, in the order of batches) of the last frame lost with
// it. A frame is lost when the connection it came on broke before its receiver read it: then
// so is every later frame of that connection, and the receiver can only tell by reading a
// frame of a later connection on the channel. So a frame may be lost only if its connection
// closed and a frame of another connection follows it on the channel; it is lost together with
// the rest of its connection's run of frames there. A frame that no later one follows needs no
// loss: if its receiver never read it, it stays unhandled to the end of the trace.
func lossEnds(c *Capture, batches [][]*Frame) map[*Frame]int {
	closed := map[int]bool{}
	for _, s := range c.Streams {
		closed[s.ID] = s.Closed
	}
	type chanKey struct{ from, to uint64 }
	chans := map[chanKey][]*Frame{}
	var keys []chanKey
	for _, b := range batches {
		for _, f := range b {
			k := chanKey{f.From, f.To}
			if chans[k] == nil {
				keys = append(keys, k)
			}
			chans[k] = append(chans[k], f)
		}
	}
	out := map[*Frame]int{}
	for _, k := range keys {
		fs := chans[k]
		for start := 0; start < len(fs); {
			end := start
			for end+1 < len(fs) && fs[end+1].Stream == fs[start].Stream {
				end++
			}
			if closed[fs[start].Stream] && end+1 < len(fs) {
				for p := start; p <= end; p++ {
					out[fs[p]] = end + 1 // positions count from 1
				}
			}
			start = end + 1
		}
	}
	return out
}

// unknownValue stands for an entry value the capture never shows (TraceRaftWire's Unknown):
// no digest EntryValue gives, and inside TLC's integer range, as every number of a trace.
const unknownValue = -1

// EntryValue names an entry's data as the specification's traces do (raftsim): 0 (Nil, the
// leader's no-op) for empty data, otherwise a 31-bit FNV-1a digest in 1..2^31-1.
func EntryValue(data []byte) uint32 {
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

// wireMessage is a message with the fields, and their names, of TraceRaft's traces.
func wireMessage(m *raft.Message) map[string]any {
	entries := make([]map[string]any, len(m.Entries))
	for i, e := range m.Entries {
		entries[i] = map[string]any{"term": e.Term, "value": EntryValue(e.Data)}
	}
	return map[string]any{
		"type": m.Type.String(), "from": m.From, "to": m.To, "term": m.Term, "logTerm": m.LogTerm,
		"index": m.Index, "commit": m.Commit, "reject": m.Reject, "hint": m.RejectHint,
		"context": string(m.Context), "entries": entries,
	}
}

// need is the least log length of the sender the message shows.
func need(m *raft.Message) uint64 {
	switch m.Type {
	case raft.MsgApp:
		return max(m.Index+uint64(len(m.Entries)), m.Commit)
	case raft.MsgHeartbeat:
		return m.Commit
	case raft.MsgVote, raft.MsgPreVote, raft.MsgSnap:
		return m.Index
	}
	return 0
}

// causalOrder orders the frames as their senders sent them and their receivers could have
// received them: each sender's frames by its own clock count (a node's clock grows with its
// steps, and the frames of one Ready share it; per connection this is the order on the
// wire, across its connections the order it produced them in), and among senders by the
// time they reached their receivers, holding a frame back while its clock says its sender
// had heard of an event whose frame comes later (clocks of different hosts need not agree
// with happened-before). inc gives each stream's sender incarnation, in which clocks may
// start again.
func causalOrder(msgs []*Frame, inc map[int]int) ([]*Frame, error) {
	queues := map[uint64][]*Frame{}
	var senders []uint64
	for _, f := range msgs {
		if queues[f.From] == nil {
			senders = append(senders, f.From)
		}
		queues[f.From] = append(queues[f.From], f)
	}
	slices.Sort(senders)
	for _, q := range queues {
		sort.SliceStable(q, func(i, j int) bool {
			a, b := q[i], q[j]
			if ia, ib := inc[a.Stream], inc[b.Stream]; ia != ib {
				return ia < ib
			}
			self := strconv.FormatUint(a.From, 10)
			return a.Clock.Get(self) < b.Clock.Get(self)
		})
	}
	known := map[string]uint64{} // per node, the highest own count its frames so far showed
	ready := func(f *Frame) bool {
		self := strconv.FormatUint(f.From, 10)
		for _, e := range f.Clock.Entries() {
			if e.Node != self && e.Counter > known[e.Node] {
				return false
			}
		}
		return true
	}
	out := make([]*Frame, 0, len(msgs))
	for len(out) < len(msgs) {
		var best *Frame
		for _, s := range senders {
			q := queues[s]
			if len(q) == 0 || !ready(q[0]) {
				continue
			}
			if best == nil || q[0].Time.Before(best.Time) {
				best = q[0]
			}
		}
		if best == nil {
			var why []string
			for _, s := range senders {
				if q := queues[s]; len(q) > 0 {
					why = append(why, fmt.Sprintf("packet %d (from node %d, clock %s)", q[0].Packet, s, q[0].Clock.String()))
				}
			}
			return nil, fmt.Errorf("the frames' vector clocks cannot be ordered: each next frame says its sender heard of an event no frame before it shows: %v", why)
		}
		queues[best.From] = queues[best.From][1:]
		self := strconv.FormatUint(best.From, 10)
		known[self] = max(known[self], best.Clock.Get(self))
		out = append(out, best)
	}
	return out, nil
}

// incarnations numbers, per node, its runs as the capture shows them: a new one begins when
// the node opens a connection after every connection it had opened before was closed. It
// returns each data stream's incarnation and counts them per node into count.
func incarnations(c *Capture, count map[uint64]int) map[int]int {
	byNode := map[uint64][]*Stream{}
	for _, s := range c.Streams {
		if s.Hello != nil {
			byNode[s.Hello.From] = append(byNode[s.Hello.From], s)
		}
	}
	out := map[int]int{}
	for node, ss := range byNode {
		sort.SliceStable(ss, func(i, j int) bool { return ss[i].Start.Before(ss[j].Start) })
		n := 1
		var open []*Stream
		for _, s := range ss {
			if len(open) > 0 {
				allClosed := true
				for _, o := range open {
					if !o.Closed || o.ClosedAt.After(s.Start) {
						allClosed = false
						break
					}
				}
				if allClosed {
					n++
					open = nil
				}
			}
			open = append(open, s)
			out[s.ID] = n
		}
		count[node] = n
	}
	return out
}

// cutPeers adds to lossy (the peers of lossyPeers) every peer to which the capture shows no
// frame of from after this batch (cut reports it): a reply to such a peer, made by a step
// before this batch went out, belongs to this batch or a later one, and may follow the last
// frame the capture shows on its channel, cut off by the end of the capture or by the
// sender's stop. A reply on a channel that shows a later frame was written before that frame
// (one connection delivers in order; a broken one is lossEnd's), so it is in the capture.
func cutPeers(lossy []uint64, from uint64, nodes []uint64, cut func(to uint64) bool) []uint64 {
	var out []uint64
	for _, n := range nodes {
		if n != from && (slices.Contains(lossy, n) || cut(n)) {
			out = append(out, n)
		}
	}
	if out == nil {
		out = []uint64{}
	}
	return out
}

// lossyPeers lists the peers to which a reply of f's sender may have been lost since its
// previous frame (at prev): those it had no connection to, open throughout. At a new
// incarnation's first frame every peer is listed (the node may have been killed between
// persisting a step and sending its reply).
func lossyPeers(c *Capture, f *Frame, prev time.Time, hasPrev bool, nodes []uint64, inc map[int]int) []uint64 {
	from, to := prev, f.Time
	if to.Before(from) {
		from, to = to, from
	}
	lossy := []uint64{}
	for _, n := range nodes {
		if n == f.From {
			continue
		}
		open := false
		for _, s := range c.Streams {
			if s.Hello == nil || s.Hello.From != f.From || s.Hello.To != n || inc[s.ID] != inc[f.Stream] {
				continue
			}
			if hasPrev && !s.Start.After(from) && (!s.Closed || !s.ClosedAt.Before(to)) {
				open = true
				break
			}
		}
		if !open {
			lossy = append(lossy, n)
		}
	}
	return lossy
}
