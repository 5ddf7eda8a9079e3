package sim

import (
	"strconv"
	"strings"
	"time"
)

// FaultStep is one fault the run injected: the unit of a fault schedule. A run records every
// step it takes, from the network's and the clocks' faults set at the start to each partition,
// crash and replay; RunOptions.Script replays a list of steps instead of drawing them from the
// seed, which is how Shrink removes faults from a failing run. A schedule fully describes a run's
// faults: replaying a run's own schedule reproduces it exactly, and the empty schedule is a run
// without any fault.
type FaultStep struct {
	At   time.Duration
	Kind FaultKind
	// Node is the node a crash, arm-crash, restart, pause, resume, skew or drift step concerns.
	Node int
	// Shape and Links are a partition's shape and the cut it installs.
	Shape PartitionShape
	Links Links
	// Damage is what an arm-crash leaves of the write it interrupts.
	Damage DiskDamage
	// Replays are the messages a replay step delivers again.
	Replays []ReplayPick
	// Prob is the per-message probability of a drop, duplicate or reorder step.
	Prob float64
	// HoldBack is the longest a reorder step holds a message back beyond its delay.
	HoldBack time.Duration
	// DelayKind, BaseDelay and Jitter are a delay step's distribution.
	DelayKind DelayKind
	BaseDelay time.Duration
	Jitter    time.Duration
	// Skew is how much later than the others a skew step's node ticks first.
	Skew time.Duration
	// TickGap is the simulated time between a drift step's node's ticks (the others tick every
	// Options.Tick).
	TickGap time.Duration
}

// FaultKind names a fault step.
type FaultKind string

const (
	// Steps that change the network or the clocks from their time on. Skew and drift steps
	// happen at 0s, as the nodes start.
	FaultDrop      FaultKind = "drop"      // each message is lost with probability Prob
	FaultDuplicate FaultKind = "duplicate" // each message is delivered twice with probability Prob
	FaultReorder   FaultKind = "reorder"   // each message is held back up to HoldBack with probability Prob
	FaultDelay     FaultKind = "delay"     // message delays follow DelayKind(BaseDelay, Jitter)
	FaultSkew      FaultKind = "skew"      // Node's first tick comes Skew late
	FaultDrift     FaultKind = "drift"     // Node ticks every TickGap

	// Steps that strike once.
	FaultPartition FaultKind = "partition"
	FaultHealLinks FaultKind = "heal-links"
	FaultCrash     FaultKind = "crash"
	FaultArmCrash  FaultKind = "arm-crash" // crash during the node's next fsync
	FaultRestart   FaultKind = "restart"
	FaultPause     FaultKind = "pause"
	FaultResume    FaultKind = "resume"
	FaultReplay    FaultKind = "replay"
)

// configures reports whether the kind sets how the network or a clock behaves from then on,
// rather than striking once.
func (k FaultKind) configures() bool {
	switch k {
	case FaultDrop, FaultDuplicate, FaultReorder, FaultDelay, FaultSkew, FaultDrift:
		return true
	}
	return false
}

// ReplayPick re-delivers a recently delivered message after Delay. Age counts back from the
// latest delivery: 0 is the message delivered last, 1 the one before, and so on, up to the
// ReplayWindow most recent.
type ReplayPick struct {
	Age   int
	Delay time.Duration
}

// ReplayWindow is how many of the most recently delivered messages a replay step can pick from.
const ReplayWindow = 128

// String is the step in the schedule syntax ParseSchedule reads, e.g. "1.2s crash n3".
func (s FaultStep) String() string {
	var b strings.Builder
	b.WriteString(s.At.String())
	b.WriteByte(' ')
	b.WriteString(string(s.Kind))
	node := func() { b.WriteString(" n" + strconv.Itoa(s.Node)) }
	switch s.Kind {
	case FaultDrop, FaultDuplicate:
		b.WriteString(" " + strconv.FormatFloat(s.Prob, 'g', -1, 64))
	case FaultReorder:
		b.WriteString(" " + strconv.FormatFloat(s.Prob, 'g', -1, 64) + " " + s.HoldBack.String())
	case FaultDelay:
		b.WriteString(" " + s.DelayKind.String() + " " + s.BaseDelay.String())
		if s.DelayKind != DelayConstant {
			b.WriteString("+" + s.Jitter.String())
		}
	case FaultSkew:
		node()
		b.WriteString(" " + s.Skew.String())
	case FaultDrift:
		node()
		b.WriteString(" " + s.TickGap.String())
	case FaultPartition:
		var links []string
		for from := 1; from <= s.Links.n; from++ {
			for to := 1; to <= s.Links.n; to++ {
				if from != to && s.Links.Blocked(from, to) {
					links = append(links, strconv.Itoa(from)+">"+strconv.Itoa(to))
				}
			}
		}
		if len(links) == 0 {
			links = []string{"none"}
		}
		b.WriteString(" " + s.Shape.String() + " " + strings.Join(links, ","))
	case FaultArmCrash:
		node()
		b.WriteString(" " + s.Damage.String())
	case FaultCrash, FaultRestart, FaultPause, FaultResume:
		node()
	case FaultReplay:
		picks := make([]string, len(s.Replays))
		for j, p := range s.Replays {
			picks[j] = strconv.Itoa(p.Age) + "@" + p.Delay.String()
		}
		b.WriteString(" " + strings.Join(picks, ","))
	}
	return b.String()
}
