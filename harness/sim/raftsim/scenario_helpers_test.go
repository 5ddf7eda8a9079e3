package raftsim

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/raft"
)

// electionTimeout is the scenarios' election timeout: 10 ticks of 100ms, as the 6.5840 lab's
// "about a second".
const electionTimeout = time.Second

// scenario is the 6.5840 lab's config (connect, disconnect, crash, one, nCommitted, ...) over a
// simulated cluster: every wait is simulated time, so a scenario runs in milliseconds and replays
// exactly.
type scenario struct {
	t         *testing.T
	c         *sim.Cluster
	n         int
	connected []bool // index 1..n
	rng       *rand.Rand
	seq       uint64
	msgs      int // messages sent
	entryData int // bytes of entry data sent in MsgApp
}

// neverCompact keeps every entry in the nodes' logs, where the lab's checks read committed
// values.
func neverCompact(uint64) (every, chunk uint64) { return 0, raft.DefaultMaxSnapshotChunkSize }

var reliable = sim.Faults{Delay: sim.DelayUniform, BaseDelay: time.Millisecond, Jitter: 10 * time.Millisecond}

// unreliable is the lab's unreliable network: a tenth of messages lost, delays up to 27ms, and
// some messages held back long enough to be reordered.
var unreliable = sim.Faults{Drop: 0.1, Reorder: 0.2, Delay: sim.DelayUniform, BaseDelay: time.Millisecond, Jitter: 26 * time.Millisecond}

func newScenario(t *testing.T, n int, faults sim.Faults) *scenario {
	t.Helper()
	s := &scenario{t: t, n: n, connected: make([]bool, n+1), rng: rand.New(rand.NewPCG(uint64(n), 7))}
	f := faults
	c, err := sim.NewCluster(Protocol{Compaction: neverCompact}, sim.Options{Nodes: n, Seed: 1, Faults: &f, OnSend: func(e sim.Envelope) {
		s.msgs++
		if m, ok := e.Payload.(raft.Message); ok && m.Type == raft.MsgApp {
			for _, ent := range m.Entries {
				s.entryData += len(ent.Data)
			}
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	s.c = c
	for i := 1; i <= n; i++ {
		s.connected[i] = true
	}
	return s
}

// setFaults changes the network's reliability (the lab's cfg.setunreliable).
func (s *scenario) setFaults(f sim.Faults) { s.c.SetFaults(f) }

// sleep lets simulated time pass, failing the test on any invariant violation.
func (s *scenario) sleep(d time.Duration) {
	s.t.Helper()
	s.c.RunUntil(s.c.Now() + d)
	if f := s.c.Failure(); f != nil {
		s.t.Fatalf("%v", f)
	}
}

func (s *scenario) applyLinks() {
	l := sim.NewLinks(s.n)
	for a := 1; a <= s.n; a++ {
		for b := 1; b <= s.n; b++ {
			if a != b && (!s.connected[a] || !s.connected[b]) {
				l.SetBlocked(a, b, true)
			}
		}
	}
	s.c.SetLinks(l)
}

func (s *scenario) disconnect(ids ...int) {
	for _, id := range ids {
		s.connected[id] = false
	}
	s.applyLinks()
}

func (s *scenario) connect(ids ...int) {
	for _, id := range ids {
		s.connected[id] = true
	}
	s.applyLinks()
}

func (s *scenario) crash(id int)   { s.c.Crash(id) }
func (s *scenario) restart(id int) { s.c.Restart(id) }

// node returns id's adapter, or nil when crashed.
func (s *scenario) node(id int) *Node {
	if n := s.c.Node(id); n != nil {
		return n.(*Node)
	}
	return nil
}

// wrap maps a 0-based lab index arithmetic result to a 1-based node ID.
func (s *scenario) wrap(id int) int { return (id-1+s.n)%s.n + 1 }

// checkOneLeader waits for exactly one leader among the connected live nodes, as the lab does.
func (s *scenario) checkOneLeader() int {
	s.t.Helper()
	for iter := 0; iter < 10; iter++ {
		s.sleep(450*time.Millisecond + time.Duration(s.rng.IntN(100))*time.Millisecond)
		leaders := map[uint64][]int{}
		var last uint64
		for id := 1; id <= s.n; id++ {
			if n := s.node(id); n != nil && s.connected[id] {
				if st := n.rn.Status(); st.RaftState == raft.StateLeader {
					leaders[st.Term] = append(leaders[st.Term], id)
					last = max(last, st.Term)
				}
			}
		}
		for term, ids := range leaders {
			if len(ids) > 1 {
				s.t.Fatalf("term %d has %d leaders: %v", term, len(ids), ids)
			}
		}
		if len(leaders) != 0 {
			return leaders[last][0]
		}
	}
	s.t.Fatal("expected one leader, got none")
	return 0
}

// checkTerms returns the term all connected nodes agree on.
func (s *scenario) checkTerms() uint64 {
	s.t.Helper()
	var term uint64
	for id := 1; id <= s.n; id++ {
		if n := s.node(id); n != nil && s.connected[id] {
			t := n.rn.Status().Term
			if term == 0 {
				term = t
			} else if t != term {
				s.t.Fatalf("servers disagree on term: %d and %d", term, t)
			}
		}
	}
	return term
}

func (s *scenario) checkNoLeader() {
	s.t.Helper()
	for id := 1; id <= s.n; id++ {
		if n := s.node(id); n != nil && s.connected[id] && n.rn.Status().RaftState == raft.StateLeader {
			s.t.Fatalf("expected no leader among connected servers, but %d claims to be leader", id)
		}
	}
}

// cmd makes a fresh, distinct command.
func (s *scenario) cmd() []byte {
	s.seq++
	return sim.Command{Client: 99, Seq: s.seq, Kind: sim.OpPut, Key: "x", Value: "v"}.Encode()
}

// start is the lab's rf.Start: propose on node id, reporting the index the command will occupy.
func (s *scenario) start(id int, cmd []byte) (index uint64, ok bool) {
	n := s.node(id)
	if n == nil || n.rn.Status().RaftState != raft.StateLeader {
		return 0, false
	}
	if err := s.c.Propose(id, cmd); err != nil {
		return 0, false
	}
	if n = s.node(id); n == nil {
		return 0, false
	}
	return n.rn.Status().LastIndex, true
}

// nCommitted counts the live nodes that have committed index, and checks they agree on it.
func (s *scenario) nCommitted(index uint64) (int, []byte) {
	s.t.Helper()
	count := 0
	var data []byte
	for id := 1; id <= s.n; id++ {
		n := s.node(id)
		if n == nil || n.rn.Status().Commit < index {
			continue
		}
		count++
		if index <= n.base {
			continue // compacted into the node's snapshot, which the cluster checks
		}
		e := n.entry(index)
		if data != nil && string(e.Data) != string(data) {
			s.t.Fatalf("committed values at index %d disagree", index)
		}
		data = e.Data
	}
	return count, data
}

// one is the lab's cfg.one: submit cmd to whichever node leads, and wait until at least expected
// nodes committed it, retrying for up to ten simulated seconds.
func (s *scenario) one(cmd []byte, expected int, retry bool) uint64 {
	s.t.Helper()
	deadline := s.c.Now() + 10*time.Second
	starts := 0
	for s.c.Now() < deadline {
		index, ok := uint64(0), false
		for i := 0; i < s.n && !ok; i++ {
			starts = starts%s.n + 1
			if s.connected[starts] {
				index, ok = s.start(starts, cmd)
			}
		}
		if ok {
			until := s.c.Now() + 2*time.Second
			for s.c.Now() < until {
				nd, got := s.nCommitted(index)
				if nd > 0 && nd >= expected && string(got) == string(cmd) {
					return index
				}
				s.sleep(20 * time.Millisecond)
			}
			if !retry {
				s.t.Fatalf("one(%q) failed to reach agreement", cmd)
			}
		} else {
			s.sleep(50 * time.Millisecond)
		}
	}
	s.t.Fatalf("one(%q) failed to reach agreement in 10s", cmd)
	return 0
}

// wait waits until at least n nodes committed index.
func (s *scenario) wait(index uint64, n int) {
	s.t.Helper()
	for i := 0; i < 30; i++ {
		if nd, _ := s.nCommitted(index); nd >= n {
			return
		}
		s.sleep(100 * time.Millisecond)
	}
	nd, _ := s.nCommitted(index)
	s.t.Fatalf("only %d servers committed index %d, want %d", nd, index, n)
}
