package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"
)

// DelayKind is the distribution message delays are drawn from.
type DelayKind int

const (
	DelayConstant    DelayKind = iota // always Faults.BaseDelay
	DelayUniform                      // uniform in [BaseDelay, BaseDelay+Jitter]
	DelayExponential                  // BaseDelay plus an exponential with mean Jitter
	DelayBimodal                      // mostly BaseDelay, sometimes a long stall of up to 20*Jitter
	numDelayKinds
)

var delayKindNames = [...]string{"constant", "uniform", "exponential", "bimodal"}

func (k DelayKind) String() string {
	if k >= 0 && int(k) < len(delayKindNames) {
		return delayKindNames[k]
	}
	return fmt.Sprintf("DelayKind(%d)", int(k))
}

// Faults is one seed's fault mix. A zero rate switches that kind off. Rates of events that happen
// "per second" are in expected occurrences per simulated second.
type Faults struct {
	Drop      float64 // probability that a message is lost
	Duplicate float64 // probability that a message is delivered twice
	Reorder   float64 // probability that a message is held back so later ones overtake it
	// ReorderFor is the longest a reordered message is held back, beyond its delay; zero means
	// 5*Jitter+BaseDelay.
	ReorderFor time.Duration
	Delay      DelayKind
	BaseDelay  time.Duration
	Jitter     time.Duration
	Replay     float64 // per second: re-deliver a message from the recent past

	Partition    float64 // per second: cut the network into a random shape
	PartitionFor time.Duration
	Shapes       []PartitionShape // shapes this seed uses
	// PartitionLeader is the probability that an isolate-one partition cuts off the node that
	// believes it leads (Jepsen's "partition the leader" nemesis).
	PartitionLeader float64

	Crash       float64 // per second: crash a node
	CrashLeader float64 // probability that a crash picks a node that believes it leads
	CrashIO     float64 // probability that a crash strikes in the middle of the node's next fsync
	Damage      []DiskDamage
	DownFor     time.Duration // mean time until a crashed node restarts
	Pause       float64       // per second: pause a node (it keeps its state, stops processing)
	PauseFor    time.Duration
	ClockSkew   time.Duration // largest offset of a node's first tick
	Drift       float64       // largest relative clock-rate error, e.g. 0.05 = ±5%
}

// NoFaults is a perfect network with constant delay: what the heal phase uses.
func NoFaults(base time.Duration) Faults { return Faults{Delay: DelayConstant, BaseDelay: base} }

// MaxDrift is the largest clock drift DrawFaults draws: a node's ticks come up to MaxDrift
// faster or slower than nominal, so one node's clock runs at most (1+MaxDrift)/(1-MaxDrift)
// times as fast as another's.
const MaxDrift = 0.2

// DrawFaults picks a seed's fault mix: each kind is switched on with probability one half and its
// rate drawn at random, so that across seeds every combination is exercised.
func DrawFaults(rng *rand.Rand) Faults {
	on := func() bool { return rng.IntN(2) == 0 }
	f := Faults{
		Delay:     DelayKind(rng.IntN(int(numDelayKinds))),
		BaseDelay: time.Duration(1+rng.IntN(5)) * time.Millisecond,
		Jitter:    time.Duration(1+rng.IntN(30)) * time.Millisecond,
	}
	if on() {
		f.Drop = 0.3 * rng.Float64()
	}
	if on() {
		f.Duplicate = 0.2 * rng.Float64()
	}
	if on() {
		f.Reorder = 0.3 * rng.Float64()
		f.ReorderFor = f.holdBack()
	}
	if on() {
		f.Replay = 5 * rng.Float64()
	}
	if on() {
		f.Partition = 0.2 + 1.5*rng.Float64()
		f.PartitionFor = time.Duration(200+rng.IntN(6000)) * time.Millisecond
		for s := PartitionShape(0); s < numPartitionShapes; s++ {
			if on() {
				f.Shapes = append(f.Shapes, s)
			}
		}
		if len(f.Shapes) == 0 {
			f.Shapes = []PartitionShape{PartitionShape(rng.IntN(int(numPartitionShapes)))}
		}
		f.PartitionLeader = rng.Float64()
	}
	if on() {
		f.Crash = 0.1 + 1.0*rng.Float64()
		// Log-uniform from 5ms (a quick reboot, inside an election) to 3s.
		f.DownFor = time.Duration(5*math.Pow(600, rng.Float64())) * time.Millisecond
		f.CrashLeader = rng.Float64()
		if on() {
			f.CrashIO = rng.Float64()
			f.Damage = []DiskDamage{DamageLost, DamageTorn, DamageCorrupt}
		}
	}
	if on() {
		f.Pause = 0.1 + 1.0*rng.Float64()
		f.PauseFor = time.Duration(100+rng.IntN(3000)) * time.Millisecond
	}
	if on() {
		f.ClockSkew = time.Duration(rng.IntN(500)) * time.Millisecond
		f.Drift = MaxDrift * rng.Float64()
	}
	return f
}

// String is a one-line summary of the faults the mix switches on, for reports: "none" when it
// switches on none (a constant message delay is no fault).
func (f Faults) String() string {
	var parts []string
	add := func(format string, args ...any) { parts = append(parts, fmt.Sprintf(format, args...)) }
	if f.Delay != DelayConstant {
		add("delay=%s(%v+%v)", f.Delay, f.BaseDelay, f.Jitter)
	}
	if f.Drop > 0 {
		add("drop=%.3f", f.Drop)
	}
	if f.Duplicate > 0 {
		add("dup=%.3f", f.Duplicate)
	}
	if f.Reorder > 0 {
		add("reorder=%.3f", f.Reorder)
	}
	if f.Replay > 0 {
		add("replay=%.2f/s", f.Replay)
	}
	if f.Partition > 0 {
		shapes := make([]string, len(f.Shapes))
		for i, s := range f.Shapes {
			shapes[i] = s.String()
		}
		add("partition=%.2f/s(%v,%s)", f.Partition, f.PartitionFor, strings.Join(shapes, "|"))
	}
	if f.Crash > 0 {
		add("crash=%.2f/s(down %v, leader %.2f, io %.2f)", f.Crash, f.DownFor, f.CrashLeader, f.CrashIO)
	}
	if f.Pause > 0 {
		add("pause=%.2f/s(%v)", f.Pause, f.PauseFor)
	}
	if f.ClockSkew > 0 || f.Drift > 0 {
		add("skew=%v drift=%.3f", f.ClockSkew, f.Drift)
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, " ")
}

// Struck keeps of the mix only the kinds of fault that struck at least once, by the counts: what
// a report lists, so that it names no fault the run did not apply.
func (f Faults) Struck(c FaultCounts) Faults {
	if c.Dropped == 0 {
		f.Drop = 0
	}
	if c.Duplicated == 0 {
		f.Duplicate = 0
	}
	if c.Reordered == 0 {
		f.Reorder = 0
	}
	if c.Replayed == 0 {
		f.Replay = 0
	}
	if c.Partitions == 0 {
		f.Partition = 0
	}
	if c.Crashes == 0 && c.Restarts == 0 {
		f.Crash = 0
	}
	if c.Pauses == 0 {
		f.Pause = 0
	}
	if c.SkewedClocks == 0 {
		f.ClockSkew = 0
	}
	if c.DriftingClocks == 0 {
		f.Drift = 0
	}
	return f
}

// FaultCounts counts the faults a run applied.
type FaultCounts struct {
	Dropped, Duplicated, Reordered int // messages
	Replayed                       int // messages delivered again
	Partitions                     int
	Crashes                        int // nodes that went down, by a crash step or during an fsync
	Restarts, Pauses               int
	SkewedClocks, DriftingClocks   int
}

// String lists the nonzero counts, or says "none".
func (fc FaultCounts) String() string {
	var parts []string
	for _, c := range []struct {
		n          int
		one, other string
	}{
		{fc.Dropped, "message dropped", "messages dropped"},
		{fc.Duplicated, "message duplicated", "messages duplicated"},
		{fc.Reordered, "message held back", "messages held back"},
		{fc.Replayed, "message replayed", "messages replayed"},
		{fc.Partitions, "partition", "partitions"},
		{fc.Crashes, "crash", "crashes"},
		{fc.Restarts, "restart", "restarts"},
		{fc.Pauses, "pause", "pauses"},
		{fc.SkewedClocks, "skewed clock", "skewed clocks"},
		{fc.DriftingClocks, "drifting clock", "drifting clocks"},
	} {
		switch {
		case c.n == 1:
			parts = append(parts, "1 "+c.one)
		case c.n > 1:
			parts = append(parts, fmt.Sprintf("%d %s", c.n, c.other))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// holdBack is the longest a reordered message is held back.
func (f *Faults) holdBack() time.Duration {
	if f.ReorderFor > 0 {
		return f.ReorderFor
	}
	return 5*f.Jitter + f.BaseDelay
}

// delay draws one message delay.
func (f *Faults) delay(rng *rand.Rand) time.Duration {
	d := f.BaseDelay
	switch f.Delay {
	case DelayUniform:
		d += time.Duration(rng.Int64N(int64(f.Jitter) + 1))
	case DelayExponential:
		d += time.Duration(rng.ExpFloat64() * float64(f.Jitter))
	case DelayBimodal:
		if rng.IntN(10) == 0 {
			d += time.Duration(rng.Int64N(20*int64(f.Jitter) + 1))
		}
	}
	return d
}
