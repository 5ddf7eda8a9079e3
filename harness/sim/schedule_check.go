package sim

import (
	"errors"
	"fmt"
	"time"
)

// scheduleState follows a fault schedule step by step and tells which steps can happen next: a
// node that is down can restart but not crash again, only a paused node can resume, a heal needs
// a partition to heal. ValidateSchedule uses it to refuse impossible schedules, and the nemesis
// draws only the steps it allows, so every schedule a run records is one a replay accepts.
//
// It knows what the schedule did, not what the nodes did on their own: a node armed to crash
// during its next fsync may or may not have crashed yet, so an armed node can only be restarted
// (which crashes it first if it still runs) or resumed if it was paused before it was armed.
type scheduleState struct {
	nodes       []nodeFaults // index 1..n
	partitioned bool
}

type nodeFaults struct {
	down, paused, armed bool
	skewed, drifted     bool
}

func newScheduleState(n int) *scheduleState {
	return &scheduleState{nodes: make([]nodeFaults, n+1)}
}

// check says why s cannot happen next, or returns nil.
func (st *scheduleState) check(s FaultStep) error {
	var nf nodeFaults
	switch s.Kind {
	case FaultSkew, FaultDrift, FaultCrash, FaultArmCrash, FaultRestart, FaultPause, FaultResume:
		if s.Node < 1 || s.Node >= len(st.nodes) {
			return fmt.Errorf("no node n%d in a cluster of %d", s.Node, len(st.nodes)-1)
		}
		nf = st.nodes[s.Node]
	}
	switch s.Kind {
	case FaultDrop, FaultDuplicate, FaultReorder:
		if !(s.Prob >= 0 && s.Prob <= 1) {
			return fmt.Errorf("probability %v is not in [0, 1]", s.Prob)
		}
	case FaultDelay:
		if s.DelayKind < 0 || s.DelayKind >= numDelayKinds || s.BaseDelay < 0 || s.Jitter < 0 {
			return errors.New("bad delay distribution")
		}
	case FaultSkew, FaultDrift:
		switch {
		case s.At != 0:
			return fmt.Errorf("%s steps set a clock as its node starts, at 0s", s.Kind)
		case s.Kind == FaultSkew && nf.skewed, s.Kind == FaultDrift && nf.drifted:
			return fmt.Errorf("n%d's %s is already set", s.Node, s.Kind)
		case s.Kind == FaultSkew && s.Skew < 0, s.Kind == FaultDrift && s.TickGap <= 0:
			return fmt.Errorf("bad %s duration", s.Kind)
		}
	case FaultPartition:
		if s.Links.n != len(st.nodes)-1 {
			return fmt.Errorf("the cut is for %d nodes, the cluster has %d", s.Links.n, len(st.nodes)-1)
		}
	case FaultHealLinks:
		if !st.partitioned {
			return errors.New("there is no partition to heal")
		}
	case FaultCrash, FaultArmCrash:
		switch {
		case nf.down:
			return fmt.Errorf("n%d is already down", s.Node)
		case nf.armed:
			return fmt.Errorf("n%d is already armed to crash during its next fsync", s.Node)
		}
	case FaultRestart:
		if !nf.down && !nf.armed {
			return fmt.Errorf("n%d is running: only a crashed node, or one armed to crash, restarts", s.Node)
		}
	case FaultPause:
		switch {
		case nf.down:
			return fmt.Errorf("n%d is down", s.Node)
		case nf.paused:
			return fmt.Errorf("n%d is already paused", s.Node)
		case nf.armed:
			return fmt.Errorf("n%d is armed to crash during its next fsync and may be down", s.Node)
		}
	case FaultResume:
		if !nf.paused {
			return fmt.Errorf("n%d is not paused", s.Node)
		}
	case FaultReplay:
		if len(s.Replays) == 0 {
			return errors.New("a replay step needs at least one message")
		}
		for _, p := range s.Replays {
			if p.Age < 0 || p.Age >= ReplayWindow || p.Delay < 0 {
				return fmt.Errorf("no message of age %d is remembered (ages 0..%d)", p.Age, ReplayWindow-1)
			}
		}
	default:
		return fmt.Errorf("unknown fault kind %q", s.Kind)
	}
	return nil
}

// apply records that s happened; s must have passed check.
func (st *scheduleState) apply(s FaultStep) {
	nf := &nodeFaults{}
	if s.Node >= 1 && s.Node < len(st.nodes) {
		nf = &st.nodes[s.Node]
	}
	switch s.Kind {
	case FaultSkew:
		nf.skewed = true
	case FaultDrift:
		nf.drifted = true
	case FaultPartition:
		st.partitioned = true
	case FaultHealLinks:
		st.partitioned = false
	case FaultCrash:
		nf.down, nf.paused = true, false
	case FaultArmCrash:
		nf.armed = true
	case FaultRestart:
		nf.down, nf.paused, nf.armed = false, false, false
	case FaultPause:
		nf.paused = true
	case FaultResume:
		nf.paused = false
	}
}

// ValidateSchedule checks that a schedule for a cluster of n nodes and a fault phase of the given
// length can happen as written: every step within the fault phase, each node's steps possible
// in order (no restart of a running node, no second crash of a crashed one, no resume of a node
// that is not paused), every replayed message within the remembered window. The error names the
// first impossible step.
func ValidateSchedule(steps []FaultStep, n int, faultPhase time.Duration) error {
	st := newScheduleState(n)
	for i, s := range steps {
		err := st.check(s)
		switch {
		case s.At > faultPhase:
			err = fmt.Errorf("at %v, after the fault phase ends at %v", s.At, faultPhase)
		case i > 0 && s.At < steps[i-1].At:
			err = fmt.Errorf("at %v, before the previous step's %v", s.At, steps[i-1].At)
		}
		if err != nil {
			return fmt.Errorf("schedule step %d (%q): %w", i+1, s.String(), err)
		}
		st.apply(s)
	}
	return nil
}
