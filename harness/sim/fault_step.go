package sim

import (
	"fmt"
	"strings"
	"time"
)

// FaultStep is one fault the run injected: the unit of a fault schedule. A run records every
// step it takes; RunOptions.Script replays a list of steps instead of drawing new ones, which is
// how Shrink removes faults from a failing run.
type FaultStep struct {
	At      time.Duration
	Kind    FaultKind
	Node    int            // crash, arm-crash, restart, pause, resume
	Shape   PartitionShape // partition
	Links   Links          // partition: the cut installed
	Damage  DiskDamage     // arm-crash
	Replays []ReplayPick   // replay
}

// FaultKind names a fault step.
type FaultKind string

const (
	FaultPartition FaultKind = "partition"
	FaultHealLinks FaultKind = "heal-links"
	FaultCrash     FaultKind = "crash"
	FaultArmCrash  FaultKind = "arm-crash" // crash during the node's next fsync
	FaultRestart   FaultKind = "restart"
	FaultPause     FaultKind = "pause"
	FaultResume    FaultKind = "resume"
	FaultReplay    FaultKind = "replay"
)

// ReplayPick re-delivers the Index-th remembered message (modulo how many are remembered) after
// Delay.
type ReplayPick struct {
	Index int
	Delay time.Duration
}

func (s FaultStep) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "t=%v %s", s.At, s.Kind)
	switch s.Kind {
	case FaultPartition:
		fmt.Fprintf(&b, " %s %s", s.Shape, s.Links)
	case FaultArmCrash:
		fmt.Fprintf(&b, " n%d %s", s.Node, s.Damage)
	case FaultCrash, FaultRestart, FaultPause, FaultResume:
		fmt.Fprintf(&b, " n%d", s.Node)
	case FaultReplay:
		fmt.Fprintf(&b, " %d messages", len(s.Replays))
	}
	return b.String()
}
