package sim

import (
	"errors"
	"strconv"
	"time"
)

// client issues one operation at a time against the store. Clients talk to nodes directly (the
// client-to-node link is not subject to network faults); a client whose node is not the leader
// retries with the leader the node names, or another node. Before its first command a client
// registers a session (thesis 6.3); a command is retried with the same sequence number in the
// same session, so the store's session table applies it exactly once however often it is
// committed. A client whose session expired starts a new one, and the operation it was waiting
// for is left with an unknown outcome.
type client struct {
	id      int
	seq     uint64
	session uint64 // 0 until a register command of this client is applied
	target  int
	op      int // index into workload.history of the outstanding operation, -1 if none
	timer   int // generation of the client's pending timer event; older events are stale
	pending bool
}

// workload is the cluster's clients and the history of their operations, which the
// linearizability check reads at the end of a run.
type workload struct {
	w       *world
	n       int // nodes a client may talk to, 1..n
	opts    *Options
	clients []*client
	history []historyOp
	issuing bool // clients start new operations
	// useReadIndex: gets are served by ReadIndex where the node supports it.
	useReadIndex bool
	// impatient: clients retry after a few ticks instead of two election timeouts, so that
	// retries often commit twice (the session table must answer the second copy).
	impatient bool
	readCtx   map[string]Command
}

// opTimeout is how long a client waits for a proposed command before proposing it again.
func (wl *workload) opTimeout() time.Duration {
	if wl.impatient {
		return 3 * wl.opts.Tick
	}
	return 2 * wl.opts.electionTimeout()
}

func (wl *workload) retryDelay() time.Duration { return wl.opts.Tick / 2 }

func (wl *workload) thinkTime() time.Duration {
	return time.Duration(wl.w.rng.ExpFloat64() * float64(100*time.Millisecond))
}

// timer (re)arms a client's timer; an earlier pending timer event becomes stale.
func (wl *workload) timer(cl *client, after time.Duration) {
	cl.timer++
	wl.w.schedule(after, event{kind: evClient, node: cl.id, gen: cl.timer})
}

func (wl *workload) byID(id int) *client {
	if id < 1 || id > len(wl.clients) {
		return nil
	}
	return wl.clients[id-1]
}

// add creates a client talking to a random node.
func (wl *workload) add() *client {
	cl := &client{id: len(wl.clients) + 1, target: 1 + wl.w.rng.IntN(wl.n), op: -1}
	wl.clients = append(wl.clients, cl)
	return cl
}

// start schedules every client's first operation.
func (wl *workload) start() {
	wl.issuing = true
	for _, cl := range wl.clients {
		cl.op = -1
		wl.timer(cl, wl.thinkTime())
	}
}

func (wl *workload) randomCommand(cl *client) Command {
	rng := wl.w.rng
	cmd := Command{Client: cl.id, Seq: cl.seq + 1, Kind: OpKind(1 + rng.IntN(3))}
	cmd.Key = string(rune('a' + rng.IntN(wl.opts.Keys)))
	if cmd.Kind != OpGet {
		cmd.Value = strconv.Itoa(cl.id) + "." + strconv.FormatUint(cmd.Seq, 10) + ";"
	}
	return cmd
}

// invoke records the call of an operation by a client that has none outstanding.
func (wl *workload) invoke(cl *client, cmd Command) {
	cl.seq = cmd.Seq
	cl.pending = true
	cl.op = len(wl.history)
	wl.history = append(wl.history, historyOp{client: cl.id, cmd: cmd, call: wl.w.now})
	wl.w.logf("invoke %s %s", opID(cl.id, cmd.Seq), describeCmd(cmd.Encode()))
}

// otherNode picks a node other than not, at random.
func (wl *workload) otherNode(not int) int {
	if wl.n == 1 {
		return 1
	}
	id := 1 + wl.w.rng.IntN(wl.n-1)
	if id >= not {
		id++
	}
	return id
}

// complete records the response of an operation when a node applies its command: a register
// gives the client its session, and the client proposes its operation at once; a command its
// session table refused (the session expired) ends the operation with an unknown outcome.
func (wl *workload) complete(cmd Command, result string, err error) {
	cl := wl.byID(cmd.Client)
	if cl == nil || !cl.pending || wl.history[cl.op].cmd.Seq != cmd.Seq {
		return
	}
	if cmd.Kind == OpRegister {
		if cl.session == 0 {
			cl.session, _ = strconv.ParseUint(result, 10, 64)
			wl.w.logf("session %s %s", opID(cl.id, cmd.Seq), result)
			wl.timer(cl, 0)
		}
		return
	}
	if cmd.Session != cl.session {
		return // a late copy from a session the client gave up
	}
	wl.finish(cl, result, err)
}

// completeRead records the response of a get served by ReadIndex, outside the log.
func (wl *workload) completeRead(cmd Command, value string) {
	cl := wl.byID(cmd.Client)
	if cl == nil || !cl.pending || wl.history[cl.op].cmd.Seq != cmd.Seq {
		return
	}
	wl.finish(cl, value, nil)
}

// finish ends the client's outstanding operation and schedules its next one.
func (wl *workload) finish(cl *client, result string, err error) {
	h := &wl.history[cl.op]
	cl.pending = false
	if err != nil {
		// The command did not run now; an earlier copy may have. Outcome unknown.
		cl.session = 0
		wl.w.logf("return %s unknown: %v", opID(cl.id, h.cmd.Seq), err)
	} else {
		h.done, h.ret, h.output = true, wl.w.now, result
		wl.w.logf("return %s %q", opID(cl.id, h.cmd.Seq), result)
	}
	if wl.issuing {
		wl.timer(cl, wl.thinkTime())
	} else {
		cl.timer++ // cancel the retry timer
	}
}

// clientEvent is a client's timer firing: it starts a new operation or retries its outstanding one.
func (c *Cluster) clientEvent(e event) {
	cl := c.clients.byID(e.node)
	if cl == nil || e.gen != cl.timer {
		return
	}
	if !cl.pending {
		if c.clients.issuing {
			c.newOp(cl, c.clients.randomCommand(cl))
		}
		return
	}
	c.propose(cl)
}

// newOp starts an operation of a client that has none outstanding.
func (c *Cluster) newOp(cl *client, cmd Command) {
	c.clients.invoke(cl, cmd)
	c.propose(cl)
}

// propose offers the client's outstanding command to its target node.
func (c *Cluster) propose(cl *client) {
	wl := &c.clients
	h := &wl.history[cl.op]
	s := c.nodes.get(cl.target)
	if s.node == nil || s.paused {
		cl.target = wl.otherNode(cl.target)
		wl.timer(cl, wl.retryDelay())
		return
	}
	var err error
	reader, canRead := s.node.(Reader)
	isRead := canRead && wl.useReadIndex && h.cmd.Kind == OpGet
	registering := !isRead && cl.session == 0
	if isRead {
		ctx := "c" + strconv.Itoa(cl.id) + "." + strconv.FormatUint(h.cmd.Seq, 10) + "." + strconv.Itoa(cl.timer)
		wl.readCtx[ctx] = h.cmd
		err = reader.ReadIndex([]byte(ctx))
	} else {
		cmd := h.cmd
		cmd.Session, cmd.Time = cl.session, uint64(c.now/time.Millisecond)
		if registering {
			cmd = Command{Client: cl.id, Seq: h.cmd.Seq, Kind: OpRegister, Time: cmd.Time}
		}
		err = s.node.Propose(cmd.Encode())
	}
	b := c.log.begin(c.now)
	switch {
	case isRead:
		b = append(b, "read-index c"...)
	case registering:
		b = append(b, "register c"...)
	default:
		b = append(b, "propose c"...)
	}
	b = strconv.AppendInt(b, int64(cl.id), 10)
	b = append(b, '.')
	b = strconv.AppendUint(b, h.cmd.Seq, 10)
	b = append(b, " n"...)
	b = strconv.AppendInt(b, int64(cl.target), 10)
	if err != nil {
		b = append(b, " err="...)
		b = append(b, err.Error()...)
	}
	c.log.end(b)
	if err != nil {
		if !errors.Is(err, ErrNotLeader) {
			// Anything else (a full queue, say) is treated the same way: try elsewhere later.
			c.logf("propose %s: %v", opID(cl.id, h.cmd.Seq), err)
		}
		hint := s.node.Status().LeaderID
		if hint >= 1 && hint <= wl.n && hint != cl.target {
			cl.target = hint
		} else {
			cl.target = wl.otherNode(cl.target)
		}
		wl.timer(cl, wl.retryDelay())
		return
	}
	h.maybeIn = h.maybeIn || !registering
	wl.timer(cl, wl.opTimeout())
	c.drain(s)
	if cl.pending {
		// If this attempt times out, the next goes to another node: the one that accepted may
		// be a deposed leader that does not know it (and names itself as leader), and any other
		// node either leads or points at the leader it knows.
		cl.target = wl.otherNode(cl.target)
	}
}
