package sim

import (
	"math"
	"math/rand/v2"
	"time"
)

// nemesis decides which faults strike when: for a seeded run, the Poisson processes of the seed's
// fault mix (partitions, crashes, pauses, replays); for a replay, the steps of a given script. It
// chooses; Cluster.inject applies. It draws only from its own source, so that a run replaying a
// script of faults consumes every other source exactly as the original run did.
type nemesis struct {
	w     *world
	nodes *nodeSet
	net   *network
	// inject applies a chosen step (Cluster.inject).
	inject func(FaultStep)

	rng      *rand.Rand
	mix      Faults         // the rates the processes run at
	st       *scheduleState // what the faults so far did, and so which can strike next
	healing  bool           // the heal phase has begun: no new faults
	executed []FaultStep    // faults injected so far
	script   []FaultStep    // the scripted faults of a replayed schedule
	scripted int            // how many of them the cluster applied as it started
}

// start starts the Poisson processes of the fault mix, or, for a scripted run, schedules the
// script's steps (but those the cluster applied as it started).
func (nm *nemesis) start(script []FaultStep) {
	if script != nil {
		nm.script = script
		for i, s := range script[nm.scripted:] {
			nm.w.agenda.push(event{at: s.At, kind: evScripted, gen: nm.scripted + i})
		}
		return
	}
	f := &nm.mix
	for _, p := range []struct {
		rate float64
		kind eventKind
	}{{f.Partition, evPartition}, {f.Crash, evCrash}, {f.Pause, evPause}, {f.Replay, evReplay}} {
		if p.rate > 0 {
			nm.w.schedule(nm.exp(p.rate), event{kind: p.kind})
		}
	}
}

// exp draws an exponential delay for a Poisson process with the given rate per second.
func (nm *nemesis) exp(ratePerSec float64) time.Duration {
	d := nm.rng.ExpFloat64() / ratePerSec * float64(time.Second)
	if d > float64(math.MaxInt64/4) {
		d = float64(math.MaxInt64 / 4)
	}
	return time.Duration(d) + 1
}

// scale draws a duration uniformly in [d/2, 3d/2].
func (nm *nemesis) scale(d time.Duration) time.Duration {
	return d/2 + time.Duration(nm.rng.Int64N(int64(d)+1))
}

func (nm *nemesis) partition() {
	if nm.healing {
		return
	}
	n := len(nm.nodes.slots) - 1
	shape := nm.mix.Shapes[nm.rng.IntN(len(nm.mix.Shapes))]
	links := MakePartition(shape, n, nm.rng)
	if shape == IsolateOne && nm.rng.Float64() < nm.mix.PartitionLeader {
		for _, s := range nm.nodes.live() {
			if s.node.Status().Leader {
				links = NewLinks(n)
				for other := 1; other <= n; other++ {
					if other != s.id {
						links.set(s.id, other, true)
						links.set(other, s.id, true)
					}
				}
				break
			}
		}
	}
	nm.inject(FaultStep{Kind: FaultPartition, Shape: shape, Links: links})
	nm.w.schedule(nm.scale(nm.mix.PartitionFor), event{kind: evHealLinks, gen: nm.net.gen})
	nm.w.schedule(nm.exp(nm.mix.Partition), event{kind: evPartition})
}

func (nm *nemesis) crash() {
	if nm.healing {
		return
	}
	nm.w.schedule(nm.exp(nm.mix.Crash), event{kind: evCrash})
	live := nm.candidates(FaultCrash)
	if len(live) == 0 {
		return
	}
	s := live[nm.rng.IntN(len(live))]
	if nm.mix.CrashLeader > 0 && nm.rng.Float64() < nm.mix.CrashLeader {
		for _, l := range live {
			if l.node.Status().Leader {
				s = l
				break
			}
		}
	}
	if nm.mix.CrashIO > 0 && nm.rng.Float64() < nm.mix.CrashIO {
		damage := nm.mix.Damage[nm.rng.IntN(len(nm.mix.Damage))]
		nm.inject(FaultStep{Kind: FaultArmCrash, Node: s.id, Damage: damage})
	} else {
		nm.inject(FaultStep{Kind: FaultCrash, Node: s.id})
	}
	nm.w.schedule(nm.scale(nm.mix.DownFor), event{kind: evRestart, node: s.id})
}

func (nm *nemesis) pause() {
	if nm.healing {
		return
	}
	nm.w.schedule(nm.exp(nm.mix.Pause), event{kind: evPause})
	cands := nm.candidates(FaultPause)
	if len(cands) == 0 {
		return
	}
	s := cands[nm.rng.IntN(len(cands))]
	nm.inject(FaultStep{Kind: FaultPause, Node: s.id})
	nm.w.schedule(nm.scale(nm.mix.PauseFor), event{kind: evResume, node: s.id})
}

func (nm *nemesis) replay() {
	if nm.healing {
		return
	}
	nm.w.schedule(nm.exp(nm.mix.Replay), event{kind: evReplay})
	window := cap(nm.net.recent)
	k := 1
	if nm.rng.IntN(2) == 0 {
		// A burst: a stale queue somewhere on the path is flushed, re-delivering a run of
		// recent messages in a new order.
		k = 1 + nm.rng.IntN(window)
	}
	step := FaultStep{Kind: FaultReplay}
	for i := 0; i < k; i++ {
		pick := nm.rng.IntN(window)
		if len(nm.net.recent) > 0 {
			age := nm.net.age(pick % len(nm.net.recent))
			step.Replays = append(step.Replays, ReplayPick{Age: age, Delay: nm.net.faults.delay(nm.rng)})
		}
	}
	if len(step.Replays) > 0 {
		nm.inject(step)
	}
}

// candidates are the running nodes a crash (or arm-crash) or a pause may strike next.
func (nm *nemesis) candidates(kind FaultKind) []*slot {
	var out []*slot
	for _, s := range nm.nodes.live() {
		if (kind != FaultPause || !s.paused) && nm.st.check(FaultStep{At: nm.w.now, Kind: kind, Node: s.id}) == nil {
			out = append(out, s)
		}
	}
	return out
}

// due injects a restart or resume the nemesis scheduled earlier, unless the node no longer needs
// it (a paused node that crashed meanwhile needs no resume).
func (nm *nemesis) due(kind FaultKind, node int) {
	s := FaultStep{At: nm.w.now, Kind: kind, Node: node}
	if !nm.healing && nm.st.check(s) == nil {
		nm.inject(s)
	}
}
