package rafttest

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dsref/dsref/raft"
)

// Interaction interprets datadriven commands against a Cluster. Commands (IDs are node IDs):
//
//	add-nodes N [prevote=B] [checkquorum=B] [forwarding=B] [inflight=N] [inflightbytes=N]
//	          [maxsize=N] [chunk=N] [uncommitted=N] [committedsize=N] [election=TICKS]
//	          [heartbeat=TICKS] [catchup=ROUNDS] [async=B] [lease=B] [drift=F] [mutation=NAME]
//	                             (inflightbytes: Config.MaxInflightBytes; committedsize:
//	                             MaxCommittedSizePerReady; async: AsyncStorageWrites;
//	                             mutation= needs -tags dsref_mutations)
//	add-node ID                  a node that joins the cluster: empty storage, no configuration
//	campaign ID                  start an election on ID
//	propose ID DATA...           one proposal per DATA on ID
//	propose-batch ID DATA...     one proposal carrying every DATA
//	tick ID [n=K]                K ticks (default 1) on ID
//	stabilize [quiet=true]       process Readies and deliver until quiet; prints deliveries
//	                             (quiet: prints nothing, for steps checked by status/log)
//	process-ready ID... [committed=B]
//	                             handle one Ready per node; prints the messages it queued (an
//	                             async node's writes and applies wait for persist and apply)
//	                             and, with committed=true, the entries a node applied
//	refused                      print and clear the proposals delivered to a node that
//	                             refused them (flow control), with the error
//	persist ID [n=K]             an async node's K oldest writes become durable: prints each
//	                             and the answers it released to the network
//	apply ID                     an async node applies its pending committed entries
//	deliver ID                   deliver queued messages addressed to ID; prints them
//	drop ID                      discard queued messages addressed to ID; prints them
//	isolate ID | cut A B | heal  partition the network
//	crash ID | restart ID        stop a node keeping its storage; rebuild it from storage
//	set-log ID term=T terms=(a,b) rewrite a crashed node's stored log (empty entries of the
//	                             given terms) and term; commit index 0
//	transfer-leader ID TARGET    ask ID to transfer leadership to TARGET
//	propose-conf-change ID [transition=auto|implicit|explicit] CHANGE...
//	                             propose a membership change on ID: vN adds voter N (promotes
//	                             a learner), lN adds learner N (demotes a voter), rN removes N;
//	                             no CHANGE leaves a joint configuration
//	conf [ID...]                 the configuration each node uses
//	read-index ID CTX            issue a ReadIndex request
//	read-states ID               print and clear ID's answered reads
//	lease [ID...]                how many more ticks each node's read lease covers (left=N)
//	status [ID...]               one line of state per node
//	log ID                       ID's log (what it has not compacted), one entry per line
//	applied ID [data=true]       the snapshot ID's state machine was restored from (with its
//	                             data), and the data of every entry it applied after it
//	compact ID INDEX [data=D]    ID's application snapshots its state at INDEX (with data D)
//	                             and compacts its storage up to INDEX
//	report-unreachable ID PEER   ID's caller reports PEER unreachable
//	report-snapshot ID PEER [ok|failure]  ID's caller reports the snapshot sent to PEER
type Interaction struct {
	C *Cluster
}

// Handle runs one command and returns its output.
func (in *Interaction) Handle(cmd *TestData) (string, error) {
	if cmd.Cmd != "add-nodes" && in.C == nil {
		return "", fmt.Errorf("%s: %s before add-nodes", cmd.Pos, cmd.Cmd)
	}
	switch cmd.Cmd {
	case "add-nodes":
		return in.addNodes(cmd)
	case "add-node":
		id, err := nodeID(cmd, 0)
		if err != nil {
			return "", err
		}
		return "", in.C.AddNode(id)
	case "campaign":
		return in.withNode(cmd, func(n *Node) error { return n.Raw.Campaign() })
	case "propose-conf-change":
		cc, err := parseConfChange(cmd)
		if err != nil {
			return "", err
		}
		return in.withNode(cmd, func(n *Node) error { return n.Raw.ProposeConfChange(cc) })
	case "conf":
		return in.eachNode(cmd, func(n *Node) string { return fmt.Sprintf("%d: %s", n.ID, n.Raw.Status().Config) })
	case "propose":
		return in.withNode(cmd, func(n *Node) error {
			for _, d := range cmd.Positional()[1:] {
				if err := n.Raw.Propose([]byte(d)); err != nil {
					return err
				}
			}
			return nil
		})
	case "propose-batch":
		return in.withNode(cmd, func(n *Node) error {
			var data [][]byte
			for _, d := range cmd.Positional()[1:] {
				data = append(data, []byte(d))
			}
			return n.Raw.ProposeBatch(data...)
		})
	case "tick":
		k, err := cmd.Int("n", 1)
		if err != nil {
			return "", err
		}
		return in.withNode(cmd, func(n *Node) error {
			for i := 0; i < k; i++ {
				n.Raw.Tick()
			}
			return nil
		})
	case "stabilize":
		quiet, err := cmd.Bool("quiet", false)
		if err != nil {
			return "", err
		}
		delivered, dropped, err := in.C.Stabilize()
		if quiet {
			return "", err
		}
		return formatDeliveries(delivered, dropped), err
	case "process-ready":
		committed, err := cmd.Bool("committed", false)
		if err != nil {
			return "", err
		}
		var b strings.Builder
		for i := range cmd.Positional() {
			id, err := nodeID(cmd, i)
			if err != nil {
				return "", err
			}
			n := in.C.Nodes[id]
			if n == nil {
				return b.String(), fmt.Errorf("%s: no node %d", cmd.Pos, id)
			}
			before, writes, applies, applied := len(in.C.Queue), len(n.Writes), len(n.Applies), len(n.Applied)
			if _, err := in.C.ProcessReady(id); err != nil {
				return b.String(), err
			}
			if committed && len(n.Applied) > applied {
				fmt.Fprintf(&b, "%d applies %s\n", id, formatEntries(n.Applied[applied:]))
			}
			for _, m := range in.C.Queue[before:] {
				fmt.Fprintln(&b, m)
			}
			for _, m := range n.Writes[writes:] {
				fmt.Fprintln(&b, m)
			}
			for _, m := range n.Applies[applies:] {
				fmt.Fprintln(&b, m)
			}
		}
		return b.String(), nil
	case "persist":
		id, err := nodeID(cmd, 0)
		if err != nil {
			return "", err
		}
		k, err := cmd.Int("n", 1)
		if err != nil {
			return "", err
		}
		var b strings.Builder
		for range k {
			before := len(in.C.Queue)
			w, ok, err := in.C.Persist(id)
			if err != nil || !ok {
				if err == nil {
					err = fmt.Errorf("%s: node %d has no write pending", cmd.Pos, id)
				}
				return b.String(), err
			}
			fmt.Fprintf(&b, "persisted %s\n", w)
			for _, m := range in.C.Queue[before:] {
				fmt.Fprintf(&b, "  queued %s\n", m)
			}
		}
		return b.String(), nil
	case "apply":
		id, err := nodeID(cmd, 0)
		if err != nil {
			return "", err
		}
		ok, err := in.C.Apply(id)
		if err == nil && !ok {
			err = fmt.Errorf("%s: node %d has nothing to apply", cmd.Pos, id)
		}
		return "", err
	case "refused":
		var b strings.Builder
		for _, r := range in.C.Refused {
			fmt.Fprintf(&b, "%v: %v\n", r.Msg, r.Err)
		}
		in.C.Refused = nil
		return b.String(), nil
	case "deliver":
		id, err := nodeID(cmd, 0)
		if err != nil {
			return "", err
		}
		delivered, dropped, err := in.C.Deliver(id)
		return formatDeliveries(delivered, dropped), err
	case "drop":
		id, err := nodeID(cmd, 0)
		if err != nil {
			return "", err
		}
		var keep, dropped []raft.Message
		for _, m := range in.C.Queue {
			if m.To == id {
				dropped = append(dropped, m)
			} else {
				keep = append(keep, m)
			}
		}
		in.C.Queue = keep
		return formatDeliveries(nil, dropped), nil
	case "isolate":
		id, err := nodeID(cmd, 0)
		if err != nil {
			return "", err
		}
		in.C.Isolate(id)
		return "", nil
	case "cut":
		a, err := nodeID(cmd, 0)
		if err != nil {
			return "", err
		}
		b, err := nodeID(cmd, 1)
		if err != nil {
			return "", err
		}
		in.C.Cut(a, b)
		return "", nil
	case "heal":
		in.C.Heal()
		return "", nil
	case "crash":
		id, err := nodeID(cmd, 0)
		if err != nil {
			return "", err
		}
		return "", in.C.Crash(id)
	case "restart":
		id, err := nodeID(cmd, 0)
		if err != nil {
			return "", err
		}
		return "", in.C.Restart(id)
	case "set-log":
		return in.setLog(cmd)
	case "transfer-leader":
		target, err := nodeID(cmd, 1)
		if err != nil {
			return "", err
		}
		return in.withNode(cmd, func(n *Node) error { return n.Raw.TransferLeader(target) })
	case "read-index":
		if len(cmd.Positional()) != 2 {
			return "", fmt.Errorf("%s: read-index needs a node ID and a context", cmd.Pos)
		}
		return in.withNode(cmd, func(n *Node) error { return n.Raw.ReadIndex([]byte(cmd.Positional()[1])) })
	case "read-states":
		id, err := nodeID(cmd, 0)
		if err != nil {
			return "", err
		}
		n := in.C.Nodes[id]
		if n == nil {
			return "", fmt.Errorf("%s: no node %d", cmd.Pos, id)
		}
		var b strings.Builder
		for _, rs := range n.ReadStates {
			fmt.Fprintf(&b, "index=%d ctx=%s\n", rs.Index, rs.RequestCtx)
		}
		n.ReadStates = nil
		if b.Len() == 0 {
			return "none", nil
		}
		return b.String(), nil
	case "status":
		return in.status(cmd)
	case "lease":
		return in.eachNode(cmd, func(n *Node) string {
			st := n.Raw.BasicStatus()
			if st.LeaseTicks == 0 {
				return fmt.Sprintf("%d: no lease", n.ID)
			}
			return fmt.Sprintf("%d: lease left=%d", n.ID, st.LeaseTicks)
		})
	case "log":
		return in.withNodeOutput(cmd, func(n *Node) string {
			st := n.Raw.Status()
			var b strings.Builder
			for _, e := range n.Raw.Entries(1, st.LastIndex+1) {
				fmt.Fprintln(&b, EntryString(e))
			}
			if b.Len() == 0 {
				return "empty"
			}
			return b.String()
		})
	case "applied":
		id, err := nodeID(cmd, 0)
		if err != nil {
			return "", err
		}
		n := in.C.Nodes[id]
		if n == nil {
			return "", fmt.Errorf("%s: no node %d", cmd.Pos, id)
		}
		withData, err := cmd.Value("data", "false")
		if err != nil {
			return "", err
		}
		var parts []string
		if n.Snapshot.Index > 0 {
			parts = append(parts, fmt.Sprintf("snapshot %d/%d", n.Snapshot.Term, n.Snapshot.Index))
			if withData == "true" {
				parts[0] += fmt.Sprintf(" data=%s", n.SnapshotData)
			}
		}
		for _, e := range n.Applied {
			parts = append(parts, EntryString(e))
		}
		if len(parts) == 0 {
			return "none", nil
		}
		return strings.Join(parts, "\n"), nil
	case "compact":
		id, err := nodeID(cmd, 0)
		if err != nil {
			return "", err
		}
		if len(cmd.Positional()) < 2 {
			return "", fmt.Errorf("%s: compact needs a node ID and an index", cmd.Pos)
		}
		index, err := strconv.ParseUint(cmd.Positional()[1], 10, 64)
		if err != nil {
			return "", fmt.Errorf("%s: compact: index %q is not a number", cmd.Pos, cmd.Positional()[1])
		}
		data, err := cmd.Value("data", "")
		if err != nil {
			return "", err
		}
		if err := in.C.Compact(id, index, []byte(data)); err != nil {
			return "", fmt.Errorf("%s: %w", cmd.Pos, err)
		}
		return "", nil
	case "report-unreachable", "report-snapshot":
		peer, err := nodeID(cmd, 1)
		if err != nil {
			return "", err
		}
		failed := false
		if cmd.Cmd == "report-snapshot" {
			status := "ok"
			if len(cmd.Positional()) > 2 {
				status = cmd.Positional()[2]
			}
			if status != "ok" && status != "failure" {
				return "", fmt.Errorf("%s: report-snapshot: status %q is not ok or failure", cmd.Pos, status)
			}
			failed = status == "failure"
		}
		return in.withNode(cmd, func(n *Node) error {
			switch {
			case cmd.Cmd == "report-unreachable":
				n.Raw.ReportUnreachable(peer)
			case failed:
				n.Raw.ReportSnapshot(peer, raft.SnapshotFailure)
			default:
				n.Raw.ReportSnapshot(peer, raft.SnapshotFinish)
			}
			return nil
		})
	}
	return "", fmt.Errorf("%s: unknown command %q", cmd.Pos, cmd.Cmd)
}

func (in *Interaction) addNodes(cmd *TestData) (string, error) {
	if len(cmd.Positional()) != 1 {
		return "", fmt.Errorf("%s: add-nodes needs the number of nodes", cmd.Pos)
	}
	n, err := strconv.Atoi(cmd.Positional()[0])
	if err != nil || n < 1 {
		return "", fmt.Errorf("%s: add-nodes: %q is not a positive count", cmd.Pos, cmd.Positional()[0])
	}
	preVote, err := cmd.Bool("prevote", true)
	if err != nil {
		return "", err
	}
	checkQuorum, err := cmd.Bool("checkquorum", true)
	if err != nil {
		return "", err
	}
	forwarding, err := cmd.Bool("forwarding", true)
	if err != nil {
		return "", err
	}
	inflight, err := cmd.Int("inflight", 0)
	if err != nil {
		return "", err
	}
	maxSize, err := cmd.Int("maxsize", 0)
	if err != nil {
		return "", err
	}
	chunk, err := cmd.Int("chunk", 0)
	if err != nil {
		return "", err
	}
	uncommitted, err := cmd.Int("uncommitted", 0)
	if err != nil {
		return "", err
	}
	inflightBytes, err := cmd.Int("inflightbytes", 0)
	if err != nil {
		return "", err
	}
	committedSize, err := cmd.Int("committedsize", 0)
	if err != nil {
		return "", err
	}
	election, err := cmd.Int("election", 10)
	if err != nil {
		return "", err
	}
	heartbeat, err := cmd.Int("heartbeat", 1)
	if err != nil {
		return "", err
	}
	catchUp, err := cmd.Int("catchup", 0)
	if err != nil {
		return "", err
	}
	async, err := cmd.Bool("async", false)
	if err != nil {
		return "", err
	}
	lease, err := cmd.Bool("lease", false)
	if err != nil {
		return "", err
	}
	driftArg, err := cmd.Value("drift", "0")
	if err != nil {
		return "", err
	}
	drift, err := strconv.ParseFloat(driftArg, 64)
	if err != nil {
		return "", cmd.Errorf("drift=%q is not a number", driftArg)
	}
	planted := cmd.HasArg("mutation")
	mutation, err := cmd.Value("mutation", "")
	if err != nil {
		return "", err
	}
	if planted {
		if err := plantMutation(&raft.Config{}, mutation); err != nil {
			return "", fmt.Errorf("%s: %w", cmd.Pos, err)
		}
	}
	c, err := NewCluster(n, func(cfg *raft.Config) {
		cfg.ElectionTick = election
		cfg.HeartbeatTick = heartbeat
		cfg.DisablePreVote = !preVote
		cfg.DisableCheckQuorum = !checkQuorum
		cfg.DisableProposalForwarding = !forwarding
		cfg.MaxInflightMsgs = inflight
		cfg.MaxSizePerMsg = uint64(maxSize)
		cfg.MaxSnapshotChunkSize = uint64(chunk)
		cfg.MaxUncommittedEntriesSize = uint64(uncommitted)
		cfg.MaxInflightBytes = uint64(inflightBytes)
		cfg.MaxCommittedSizePerReady = uint64(committedSize)
		cfg.MaxCatchUpRounds = catchUp
		cfg.AsyncStorageWrites = async
		cfg.LeaseReads = lease
		cfg.MaxClockDrift = drift
		if planted {
			_ = plantMutation(cfg, mutation) // checked above
		}
	})
	if err != nil {
		return "", err
	}
	in.C = c
	return "", nil
}

func (in *Interaction) setLog(cmd *TestData) (string, error) {
	id, err := nodeID(cmd, 0)
	if err != nil {
		return "", err
	}
	n := in.C.Nodes[id]
	if n == nil || n.Raw != nil {
		return "", fmt.Errorf("%s: set-log needs a crashed node", cmd.Pos)
	}
	term, err := cmd.Int("term", 0)
	if err != nil {
		return "", err
	}
	var ents []raft.Entry
	for i, f := range cmd.Values("terms") {
		t, err := strconv.ParseUint(f, 10, 64)
		if err != nil {
			return "", fmt.Errorf("%s: set-log: term %q is not a number", cmd.Pos, f)
		}
		ents = append(ents, raft.Entry{Term: t, Index: uint64(i + 1)})
	}
	st := raft.NewMemoryStorage()
	st.SetConfState(raft.ConfState{Voters: in.C.IDs})
	st.SetHardState(raft.HardState{Term: uint64(term)})
	if err := st.Append(ents); err != nil {
		return "", err
	}
	n.Storage = st
	return "", nil
}

func (in *Interaction) withNode(cmd *TestData, f func(*Node) error) (string, error) {
	id, err := nodeID(cmd, 0)
	if err != nil {
		return "", err
	}
	n, err := in.C.node(id)
	if err != nil {
		return "", fmt.Errorf("%s: %w", cmd.Pos, err)
	}
	return "", f(n)
}

func (in *Interaction) withNodeOutput(cmd *TestData, f func(*Node) string) (string, error) {
	id, err := nodeID(cmd, 0)
	if err != nil {
		return "", err
	}
	n, err := in.C.node(id)
	if err != nil {
		return "", fmt.Errorf("%s: %w", cmd.Pos, err)
	}
	return f(n), nil
}

// parseConfChange reads propose-conf-change's arguments.
func parseConfChange(cmd *TestData) (raft.ConfChange, error) {
	var cc raft.ConfChange
	t, err := cmd.Value("transition", "auto")
	if err != nil {
		return cc, err
	}
	switch t {
	case "auto":
	case "implicit":
		cc.Transition = raft.ConfChangeTransitionJointImplicit
	case "explicit":
		cc.Transition = raft.ConfChangeTransitionJointExplicit
	default:
		return cc, fmt.Errorf("%s: transition %q: want auto, implicit or explicit", cmd.Pos, t)
	}
	for _, f := range cmd.Positional()[1:] {
		id, err := strconv.ParseUint(f[min(1, len(f)):], 10, 64)
		if err != nil || len(f) < 2 {
			return cc, fmt.Errorf("%s: change %q: want vN, lN or rN", cmd.Pos, f)
		}
		var ty raft.ConfChangeType
		switch f[0] {
		case 'v':
			ty = raft.ConfChangeAddNode
		case 'l':
			ty = raft.ConfChangeAddLearnerNode
		case 'r':
			ty = raft.ConfChangeRemoveNode
		default:
			return cc, fmt.Errorf("%s: change %q: want vN, lN or rN", cmd.Pos, f)
		}
		cc.Changes = append(cc.Changes, raft.ConfChangeSingle{Type: ty, NodeID: id})
	}
	return cc, nil
}

// EntryString renders an entry as "TERM/INDEX DATA", a configuration entry as
// "TERM/INDEX conf CHANGE -> CONFIGURATION".
func EntryString(e raft.Entry) string {
	if e.Type == raft.EntryConfChange {
		cc, cs, _, err := raft.DecodeConfChangeEntry(e.Data)
		if err != nil {
			return fmt.Sprintf("%d/%d conf malformed: %v", e.Term, e.Index, err)
		}
		return fmt.Sprintf("%d/%d conf %v -> %v", e.Term, e.Index, cc, cs)
	}
	return fmt.Sprintf("%d/%d %q", e.Term, e.Index, e.Data)
}

// eachNode prints f of each live node named (all if none).
func (in *Interaction) eachNode(cmd *TestData, f func(*Node) string) (string, error) {
	ids := in.C.SortedIDs()
	if len(cmd.Positional()) > 0 {
		ids = nil
		for i := range cmd.Positional() {
			id, err := nodeID(cmd, i)
			if err != nil {
				return "", err
			}
			ids = append(ids, id)
		}
	}
	var b strings.Builder
	for _, id := range ids {
		n, err := in.C.node(id)
		if err != nil {
			return "", fmt.Errorf("%s: %w", cmd.Pos, err)
		}
		fmt.Fprintln(&b, f(n))
	}
	return b.String(), nil
}

func (in *Interaction) status(cmd *TestData) (string, error) {
	ids := in.C.SortedIDs()
	if len(cmd.Positional()) > 0 {
		ids = nil
		for i := range cmd.Positional() {
			id, err := nodeID(cmd, i)
			if err != nil {
				return "", err
			}
			ids = append(ids, id)
		}
	}
	var b strings.Builder
	for _, id := range ids {
		n := in.C.Nodes[id]
		if n == nil {
			return "", fmt.Errorf("%s: no node %d", cmd.Pos, id)
		}
		if n.Raw == nil {
			fmt.Fprintf(&b, "%d: crashed\n", id)
			continue
		}
		fmt.Fprintln(&b, StatusLine(n.Raw.Status()))
	}
	return b.String(), nil
}

// StatusLine renders a node status as one line:
// "ID: ROLE term=T vote=V lead=L log=LASTINDEX/LASTTERM commit=C applied=A".
func StatusLine(st raft.Status) string {
	return fmt.Sprintf("%d: %s term=%d vote=%d lead=%d log=%d/%d commit=%d applied=%d",
		st.ID, st.RaftState, st.Term, st.Vote, st.Lead, st.LastIndex, st.LastTerm, st.Commit, st.Applied)
}

// formatEntries prints entries as Message.String does: term/index, and the data if any.
func formatEntries(ents []raft.Entry) string {
	parts := make([]string, len(ents))
	for i, e := range ents {
		parts[i] = fmt.Sprintf("%d/%d", e.Term, e.Index)
		if len(e.Data) > 0 {
			parts[i] += fmt.Sprintf(" %q", e.Data)
		}
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func formatDeliveries(delivered, dropped []raft.Message) string {
	var b strings.Builder
	for _, m := range delivered {
		fmt.Fprintln(&b, m)
	}
	for _, m := range dropped {
		fmt.Fprintf(&b, "dropped: %v\n", m)
	}
	return b.String()
}

// nodeID parses positional argument i as a node ID.
func nodeID(cmd *TestData, i int) (uint64, error) {
	args := cmd.Positional()
	if i >= len(args) {
		return 0, cmd.Errorf("needs a node ID as argument %d", i+1)
	}
	id, err := strconv.ParseUint(args[i], 10, 64)
	if err != nil || id == 0 {
		return 0, cmd.Errorf("argument %d: %q is not a node ID", i+1, args[i])
	}
	return id, nil
}
