package sim

import (
	"errors"
	"strconv"
	"time"
)

// client issues one operation at a time against the store. Clients talk to nodes directly (the
// client-to-node link is not subject to network faults); a client whose node is not the leader
// retries with the leader the node names, or another node. A command is retried with the same
// sequence number, so the state machine applies it at most once however often it is proposed.
type client struct {
	id      int
	seq     uint64
	target  int
	op      int // index into Cluster.history of the outstanding operation, -1 if none
	timer   int // generation of the client's pending timer event; older events are stale
	pending bool
}

// OpTimeout is how long a client waits for a proposed command before proposing it again.
func (c *Cluster) opTimeout() time.Duration {
	return 2 * time.Duration(c.opts.ElectionTicks) * c.opts.Tick
}

func (c *Cluster) retryDelay() time.Duration { return c.opts.Tick / 2 }

func (c *Cluster) thinkTime() time.Duration {
	return time.Duration(c.rng.ExpFloat64() * float64(100*time.Millisecond))
}

func (c *Cluster) clientTimer(cl *client, after time.Duration) {
	cl.timer++
	c.agenda.push(event{at: c.now + after, kind: evClient, node: cl.id, gen: cl.timer})
}

func (c *Cluster) clientByID(id int) *client {
	if id < 1 || id > len(c.clients) {
		return nil
	}
	return c.clients[id-1]
}

func (c *Cluster) clientEvent(e event) {
	cl := c.clientByID(e.node)
	if cl == nil || e.gen != cl.timer {
		return
	}
	if !cl.pending {
		if c.issuing {
			c.newOp(cl, c.randomCommand(cl))
		}
		return
	}
	c.propose(cl)
}

func (c *Cluster) randomCommand(cl *client) Command {
	cmd := Command{Client: cl.id, Seq: cl.seq + 1, Kind: OpKind(1 + c.rng.IntN(3))}
	cmd.Key = string(rune('a' + c.rng.IntN(c.opts.Keys)))
	if cmd.Kind != OpGet {
		cmd.Value = strconv.Itoa(cl.id) + "." + strconv.FormatUint(cmd.Seq, 10) + ";"
	}
	return cmd
}

// newOp starts an operation of a client that has none outstanding.
func (c *Cluster) newOp(cl *client, cmd Command) {
	cl.seq = cmd.Seq
	cl.pending = true
	cl.op = len(c.history)
	c.history = append(c.history, historyOp{client: cl.id, cmd: cmd, call: c.now})
	c.logf("invoke c%d %s", cl.id, describeCmd(cmd.Encode()))
	c.propose(cl)
}

// propose offers the client's outstanding command to its target node.
func (c *Cluster) propose(cl *client) {
	h := &c.history[cl.op]
	s := c.slots[cl.target]
	if s.node == nil || s.paused {
		cl.target = c.otherNode(cl.target)
		c.clientTimer(cl, c.retryDelay())
		return
	}
	var err error
	reader, canRead := s.node.(Reader)
	isRead := canRead && c.useReadIndex && h.cmd.Kind == OpGet
	if isRead {
		ctx := "c" + strconv.Itoa(cl.id) + "." + strconv.FormatUint(h.cmd.Seq, 10) + "." + strconv.Itoa(cl.timer)
		c.readCtx[ctx] = h.cmd
		err = reader.ReadIndex([]byte(ctx))
	} else {
		err = s.node.Propose(h.cmd.Encode())
	}
	b := c.log.begin(c.now)
	if isRead {
		b = append(b, "read-index c"...)
	} else {
		b = append(b, "propose c"...)
	}
	b = strconv.AppendInt(b, int64(cl.id), 10)
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
			c.logf("propose c%d: %v", cl.id, err)
		}
		hint := s.node.Status().LeaderID
		if hint >= 1 && hint <= c.n && hint != cl.target {
			cl.target = hint
		} else {
			cl.target = c.otherNode(cl.target)
		}
		c.clientTimer(cl, c.retryDelay())
		return
	}
	h.maybeIn = true
	c.clientTimer(cl, c.opTimeout())
	c.drain(s)
	if cl.pending {
		// If this attempt times out, the next goes to another node: the one that accepted may
		// be a deposed leader that does not know it (and names itself as leader), and any other
		// node either leads or points at the leader it knows.
		cl.target = c.otherNode(cl.target)
	}
}

func (c *Cluster) otherNode(not int) int {
	if c.n == 1 {
		return 1
	}
	id := 1 + c.rng.IntN(c.n-1)
	if id >= not {
		id++
	}
	return id
}

// complete records the response of an operation when a node applies its command.
func (c *Cluster) complete(cmd Command, result string) {
	cl := c.clientByID(cmd.Client)
	if cl == nil || !cl.pending || c.history[cl.op].cmd.Seq != cmd.Seq {
		return
	}
	h := &c.history[cl.op]
	h.done, h.ret, h.output = true, c.now, result
	cl.pending = false
	c.logf("return c%d %q", cl.id, result)
	if c.issuing {
		c.clientTimer(cl, c.thinkTime())
	} else {
		cl.timer++ // cancel the retry timer
	}
}
