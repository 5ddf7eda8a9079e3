package raftsim

// The MIT 6.5840 Raft lab tests (3A-3C), ported to the simulator. Differences from the lab,
// all deliberate: time is simulated, so the waits cost nothing and every run replays exactly;
// a new leader appends an empty entry first (thesis 6.4), so command indexes are compared
// relative to each other rather than to 1, 2, 3; and message counts include responses.

import (
	"testing"
	"time"

	"github.com/dsref/dsref/harness/sim"
)

// Tests RAFT-ELECT-1, RAFT-ELECT-6.
func TestInitialElection(t *testing.T) {
	s := newScenario(t, 3, reliable)
	s.checkOneLeader()
	s.sleep(50 * time.Millisecond)
	term1 := s.checkTerms()
	if term1 < 1 {
		t.Fatalf("term is %d, but should be at least 1", term1)
	}
	s.sleep(2 * electionTimeout)
	if term2 := s.checkTerms(); term1 != term2 {
		t.Fatalf("term changed from %d to %d even though there were no failures", term1, term2)
	}
	s.checkOneLeader()
}

// Tests RAFT-ELECT-2, RAFT-ELECT-10.
func TestReElection(t *testing.T) {
	s := newScenario(t, 3, reliable)
	leader1 := s.checkOneLeader()
	s.disconnect(leader1)
	s.checkOneLeader()
	s.connect(leader1)
	leader2 := s.checkOneLeader()
	s.disconnect(leader2, s.wrap(leader2+1))
	s.sleep(2 * electionTimeout)
	s.checkNoLeader()
	s.connect(s.wrap(leader2 + 1))
	s.checkOneLeader()
	s.connect(leader2)
	s.checkOneLeader()
}

func TestManyElections(t *testing.T) {
	const n = 7
	s := newScenario(t, n, reliable)
	s.checkOneLeader()
	for iter := 0; iter < 10; iter++ {
		i1, i2, i3 := 1+s.rng.IntN(n), 1+s.rng.IntN(n), 1+s.rng.IntN(n)
		s.disconnect(i1, i2, i3)
		s.checkOneLeader() // at least 4 of 7 remain connected
		s.connect(i1, i2, i3)
	}
	s.checkOneLeader()
}

func TestBasicAgree(t *testing.T) {
	s := newScenario(t, 3, reliable)
	s.checkOneLeader()
	var prev uint64
	for i := 0; i < 3; i++ {
		if prev > 0 {
			if nd, _ := s.nCommitted(prev + 1); nd > 0 {
				t.Fatal("some have committed before Start()")
			}
		}
		index := s.one(s.cmd(), 3, false)
		if prev > 0 && index != prev+1 {
			t.Fatalf("got index %d, expected %d", index, prev+1)
		}
		prev = index
	}
}

// TestRPCBytes checks each command is sent to each follower only once.
func TestRPCBytes(t *testing.T) {
	s := newScenario(t, 3, reliable)
	s.checkOneLeader()
	s.one(s.cmd(), 3, false)
	before := s.entryData
	sent := 0
	for i := 0; i < 10; i++ {
		cmd := append(s.cmd(), make([]byte, 5000)...)
		s.one(cmd, 3, false)
		sent += len(cmd)
	}
	if got, want := s.entryData-before, 2*sent; got > want+50000 { // the lab's slack
		t.Fatalf("too many entry bytes sent: %d, expected about %d", got, want)
	}
}

func TestFollowerFailure(t *testing.T) {
	s := newScenario(t, 3, reliable)
	s.one(s.cmd(), 3, false)
	leader1 := s.checkOneLeader()
	s.disconnect(s.wrap(leader1 + 1))
	s.one(s.cmd(), 2, false)
	s.sleep(electionTimeout)
	s.one(s.cmd(), 2, false)
	leader2 := s.checkOneLeader()
	s.disconnect(s.wrap(leader2+1), s.wrap(leader2+2))
	index, ok := s.start(leader2, s.cmd())
	if !ok {
		t.Fatal("leader rejected Start()")
	}
	s.sleep(2 * electionTimeout)
	if nd, _ := s.nCommitted(index); nd > 0 {
		t.Fatalf("%d committed but no majority", nd)
	}
}

func TestLeaderFailure(t *testing.T) {
	s := newScenario(t, 3, reliable)
	s.one(s.cmd(), 3, false)
	leader1 := s.checkOneLeader()
	s.disconnect(leader1)
	s.one(s.cmd(), 2, false)
	s.sleep(electionTimeout)
	last := s.one(s.cmd(), 2, false)
	leader2 := s.checkOneLeader()
	s.disconnect(leader2)
	for id := 1; id <= 3; id++ {
		s.start(id, s.cmd())
	}
	s.sleep(2 * electionTimeout)
	if nd, _ := s.nCommitted(last + 1); nd > 0 {
		t.Fatalf("%d committed but no majority", nd)
	}
}

func TestFailAgree(t *testing.T) {
	s := newScenario(t, 3, reliable)
	s.one(s.cmd(), 3, false)
	leader := s.checkOneLeader()
	s.disconnect(s.wrap(leader + 1))
	for i := 0; i < 4; i++ {
		s.one(s.cmd(), 2, false)
		if i == 1 {
			s.sleep(electionTimeout)
		}
	}
	s.connect(s.wrap(leader + 1))
	s.one(s.cmd(), 3, true)
	s.sleep(electionTimeout)
	s.one(s.cmd(), 3, true)
}

// Tests RAFT-ELECT-5, RAFT-COMMIT-1.
func TestFailNoAgree(t *testing.T) {
	s := newScenario(t, 5, reliable)
	s.one(s.cmd(), 5, false)
	leader := s.checkOneLeader()
	s.disconnect(s.wrap(leader+1), s.wrap(leader+2), s.wrap(leader+3))
	last := s.node(leader).rn.Status().LastIndex
	index, ok := s.start(leader, s.cmd())
	if !ok {
		t.Fatal("leader rejected Start()")
	}
	if index != last+1 {
		t.Fatalf("expected index %d, got %d", last+1, index)
	}
	s.sleep(2 * electionTimeout)
	if nd, _ := s.nCommitted(index); nd > 0 {
		t.Fatalf("%d committed but no majority", nd)
	}
	s.connect(s.wrap(leader+1), s.wrap(leader+2), s.wrap(leader+3))
	leader2 := s.checkOneLeader()
	if _, ok := s.start(leader2, s.cmd()); !ok {
		t.Fatal("leader2 rejected Start()")
	}
	s.one(s.cmd(), 5, true)
}

func TestConcurrentStarts(t *testing.T) {
	s := newScenario(t, 3, reliable)
	leader := s.checkOneLeader()
	var indexes []uint64
	var cmds [][]byte
	for i := 0; i < 5; i++ {
		cmd := s.cmd()
		index, ok := s.start(leader, cmd)
		if !ok {
			t.Fatal("leader rejected Start()")
		}
		indexes, cmds = append(indexes, index), append(cmds, cmd)
	}
	for i, index := range indexes {
		s.wait(index, 3)
		if _, got := s.nCommitted(index); string(got) != string(cmds[i]) {
			t.Fatalf("index %d holds %q, want %q", index, got, cmds[i])
		}
	}
}

func TestRejoin(t *testing.T) {
	s := newScenario(t, 3, reliable)
	s.one(s.cmd(), 3, true)
	leader1 := s.checkOneLeader()
	s.disconnect(leader1)
	for i := 0; i < 3; i++ {
		s.start(leader1, s.cmd()) // never committed
	}
	s.one(s.cmd(), 2, true)
	leader2 := s.checkOneLeader()
	s.disconnect(leader2)
	s.connect(leader1)
	s.one(s.cmd(), 2, true)
	s.connect(leader2)
	s.one(s.cmd(), 3, true)
}

// TestBackup checks that a leader backs up quickly over incorrect follower logs.
//
// Tests RAFT-LOG-2, RAFT-LOG-4.
func TestBackup(t *testing.T) {
	s := newScenario(t, 5, reliable)
	s.one(s.cmd(), 5, true)
	leader1 := s.checkOneLeader()
	s.disconnect(s.wrap(leader1+2), s.wrap(leader1+3), s.wrap(leader1+4))
	for i := 0; i < 50; i++ {
		s.start(leader1, s.cmd())
	}
	s.sleep(electionTimeout / 2)
	s.disconnect(leader1, s.wrap(leader1+1))
	s.connect(s.wrap(leader1+2), s.wrap(leader1+3), s.wrap(leader1+4))
	for i := 0; i < 50; i++ {
		s.one(s.cmd(), 3, true)
	}
	leader2 := s.checkOneLeader()
	other := s.wrap(leader1 + 2)
	if leader2 == other {
		other = s.wrap(leader2 + 1)
	}
	s.disconnect(other)
	for i := 0; i < 50; i++ {
		s.start(leader2, s.cmd())
	}
	s.sleep(electionTimeout / 2)
	for id := 1; id <= 5; id++ {
		s.connected[id] = false
	}
	s.connect(leader1, s.wrap(leader1+1), other)
	for i := 0; i < 50; i++ {
		s.one(s.cmd(), 3, true)
	}
	s.connect(1, 2, 3, 4, 5)
	s.one(s.cmd(), 5, true)
}

// TestCount checks that elections and agreement do not use too many messages.
func TestCount(t *testing.T) {
	s := newScenario(t, 3, reliable)
	s.checkOneLeader()
	if s.msgs > 60 || s.msgs < 1 {
		t.Fatalf("%d messages to elect a leader", s.msgs)
	}
	leader := s.checkOneLeader()
	before := s.msgs
	first, ok := s.start(leader, s.cmd())
	if !ok {
		t.Fatal("leader rejected Start()")
	}
	for i := 1; i <= 10; i++ {
		if index, ok := s.start(leader, s.cmd()); !ok || index != first+uint64(i) {
			t.Fatalf("Start() = %d, %v; want index %d", index, ok, first+uint64(i))
		}
	}
	s.wait(first+10, 3)
	// Each follower gets at most one append per command plus heartbeats, each answered once.
	if got := s.msgs - before; got > 2*2*(11+10) {
		t.Fatalf("too many messages (%d) for 11 entries", got)
	}
	before = s.msgs
	s.sleep(electionTimeout)
	// Idle: heartbeats every tick (100ms) to 2 followers, each answered.
	if got := s.msgs - before; got > 2*2*11 {
		t.Fatalf("too many messages (%d) for 1 second of idleness", got)
	}
}

// Tests RAFT-PERSIST-3.
func TestPersist1(t *testing.T) {
	s := newScenario(t, 3, reliable)
	s.one(s.cmd(), 3, true)
	for id := 1; id <= 3; id++ {
		s.crash(id)
	}
	for id := 1; id <= 3; id++ {
		s.restart(id)
	}
	s.one(s.cmd(), 3, true)
	leader1 := s.checkOneLeader()
	s.crash(leader1)
	s.restart(leader1)
	s.one(s.cmd(), 3, true)
	leader2 := s.checkOneLeader()
	s.crash(leader2)
	last := s.one(s.cmd(), 2, true)
	s.restart(leader2)
	s.wait(last, 3)
	i3 := s.wrap(s.checkOneLeader() + 1)
	s.crash(i3)
	s.one(s.cmd(), 2, true)
	s.restart(i3)
	s.one(s.cmd(), 3, true)
}

func TestPersist2(t *testing.T) {
	s := newScenario(t, 5, reliable)
	for iter := 0; iter < 5; iter++ {
		s.one(s.cmd(), 5, true)
		leader1 := s.checkOneLeader()
		s.disconnect(s.wrap(leader1+1), s.wrap(leader1+2))
		s.one(s.cmd(), 3, true)
		s.disconnect(leader1, s.wrap(leader1+3), s.wrap(leader1+4))
		s.crash(s.wrap(leader1 + 1))
		s.crash(s.wrap(leader1 + 2))
		s.restart(s.wrap(leader1 + 1))
		s.restart(s.wrap(leader1 + 2))
		s.connect(s.wrap(leader1+1), s.wrap(leader1+2))
		s.sleep(electionTimeout)
		s.crash(s.wrap(leader1 + 3))
		s.restart(s.wrap(leader1 + 3))
		s.connect(s.wrap(leader1 + 3))
		s.one(s.cmd(), 3, true)
		s.connect(s.wrap(leader1+4), leader1)
	}
	s.one(s.cmd(), 5, true)
}

// TestPersist3 partitions a leader and one follower, crashes them, and lets the leader rejoin.
func TestPersist3(t *testing.T) {
	s := newScenario(t, 3, reliable)
	s.one(s.cmd(), 3, true)
	leader := s.checkOneLeader()
	s.disconnect(s.wrap(leader + 2))
	s.one(s.cmd(), 2, true)
	s.crash(leader)
	s.crash(s.wrap(leader + 1))
	s.connect(s.wrap(leader + 2))
	s.restart(leader)
	s.one(s.cmd(), 2, true)
	s.restart(s.wrap(leader + 1))
	s.one(s.cmd(), 3, true)
}

// figure8 is the lab's Figure 8 test: leaders crash often, before or after replicating.
func figure8(t *testing.T, faults sim.Faults, iters int) {
	s := newScenario(t, 5, faults)
	s.one(s.cmd(), 1, true)
	up, crashes := 5, 0
	for iter := 0; iter < iters; iter++ {
		leader := 0
		for id := 1; id <= 5; id++ {
			if _, ok := s.start(id, s.cmd()); ok {
				leader = id
			}
		}
		if s.rng.IntN(1000) < 100 {
			s.sleep(time.Duration(s.rng.IntN(int(electionTimeout/time.Millisecond)/2)) * time.Millisecond)
		} else {
			s.sleep(time.Duration(s.rng.IntN(13)) * time.Millisecond)
		}
		if leader != 0 && s.node(leader) != nil {
			s.crash(leader)
			up--
			crashes++
		}
		if up < 3 {
			if id := 1 + s.rng.IntN(5); s.node(id) == nil {
				s.restart(id)
				up++
			}
		}
	}
	for id := 1; id <= 5; id++ {
		if s.node(id) == nil {
			s.restart(id)
		}
	}
	s.setFaults(reliable)
	s.one(s.cmd(), 5, true)
	if crashes < 3 {
		t.Fatalf("only %d leader crashes in %d iterations", crashes, iters)
	}
	t.Logf("%d leader crashes, %v simulated, %d events", crashes, s.c.Now(), s.c.Steps())
}

// Tests RAFT-COMMIT-2.
func TestFigure8(t *testing.T) { figure8(t, reliable, 1000) }

func TestFigure8Unreliable(t *testing.T) {
	long := unreliable
	long.Delay, long.Jitter = sim.DelayBimodal, 100*time.Millisecond // long reordering
	figure8(t, long, 1000)
}

func TestUnreliableAgree(t *testing.T) {
	s := newScenario(t, 5, unreliable)
	for iter := 1; iter < 50; iter++ {
		for j := 0; j < 4; j++ {
			for id := 1; id <= 5; id++ {
				if _, ok := s.start(id, s.cmd()); ok {
					break
				}
			}
		}
		s.one(s.cmd(), 1, true)
	}
	s.setFaults(reliable)
	s.one(s.cmd(), 5, true)
}

// churn is the lab's churn test: nodes crash, restart, disconnect and reconnect at random while
// clients keep issuing operations; afterwards every node must agree and the clients' history
// must be linearizable.
func churn(t *testing.T, faults sim.Faults) {
	s := newScenario(t, 5, faults)
	s.c.StartClients()
	for iter := 0; iter < 20; iter++ {
		if s.rng.IntN(1000) < 200 {
			s.disconnect(1 + s.rng.IntN(5))
		}
		if s.rng.IntN(1000) < 500 {
			id := 1 + s.rng.IntN(5)
			if s.node(id) == nil {
				s.restart(id)
			}
			s.connect(id)
		}
		if s.rng.IntN(1000) < 200 {
			if id := 1 + s.rng.IntN(5); s.node(id) != nil {
				s.crash(id)
			}
		}
		s.sleep(7 * electionTimeout / 10)
	}
	s.sleep(electionTimeout)
	s.setFaults(reliable)
	for id := 1; id <= 5; id++ {
		if s.node(id) == nil {
			s.restart(id)
		}
	}
	s.connect(1, 2, 3, 4, 5)
	last := s.one(s.cmd(), 5, true)
	s.wait(last, 5)
	if err := s.c.CheckLinearizable(); err != nil {
		t.Fatal(err)
	}
}

func TestReliableChurn(t *testing.T)   { churn(t, reliable) }
func TestUnreliableChurn(t *testing.T) { churn(t, unreliable) }
