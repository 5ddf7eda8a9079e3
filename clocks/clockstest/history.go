// Package clockstest generates random message histories and checks the clock conditions of
// package clocks against a happened-before relation computed independently of any clock. The
// tests of package clocks and the `dsref conform` stage for clocks both use it. It also holds
// the datadriven runner (TestData, RunTest) that the clocks' scripts run on.
package clockstest

import (
	"fmt"
	"math/rand/v2"
)

// Kind is what an event does.
type Kind int

const (
	Local   Kind = iota // an internal event
	Send                // sends one message
	Receive             // receives one message sent earlier
)

func (k Kind) String() string {
	switch k {
	case Local:
		return "local"
	case Send:
		return "send"
	case Receive:
		return "receive"
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// Event is one step of a history.
type Event struct {
	Process int
	Kind    Kind
	Message int // for Send and Receive: the index of the Send event of the message
}

// History is a run of Processes processes, listed in one global order consistent with
// causality: every Receive comes after the Send of its message.
type History struct {
	Processes int
	Events    []Event
}

// RandomHistory draws a history of n events over processes processes. Messages are received at
// most once, in any order and possibly never, so the history covers reordering and loss.
func RandomHistory(rng *rand.Rand, processes, n int) History {
	h := History{Processes: processes}
	var inFlight []int // indexes of Send events not yet received
	for len(h.Events) < n {
		p := rng.IntN(processes)
		switch r := rng.IntN(3); {
		case r == 2 && len(inFlight) > 0:
			k := rng.IntN(len(inFlight))
			msg := inFlight[k]
			if h.Events[msg].Process == p {
				p = (p + 1) % processes // a process does not message itself
			}
			if h.Events[msg].Process == p {
				continue // only one process
			}
			inFlight = append(inFlight[:k], inFlight[k+1:]...)
			h.Events = append(h.Events, Event{Process: p, Kind: Receive, Message: msg})
		case r == 1:
			inFlight = append(inFlight, len(h.Events))
			h.Events = append(h.Events, Event{Process: p, Kind: Send, Message: len(h.Events)})
		default:
			h.Events = append(h.Events, Event{Process: p, Kind: Local})
		}
	}
	return h
}

// HappenedBefore returns Lamport's happened-before relation of h: hb[e][f] is true when e
// precedes f on the same process, or e is the Send of a message f receives, or by
// transitivity. It is computed from the history alone, without any clock.
func (h History) HappenedBefore() [][]bool {
	n := len(h.Events)
	hb := make([][]bool, n)
	lastOf := make([]int, h.Processes)
	for p := range lastOf {
		lastOf[p] = -1
	}
	for f, ev := range h.Events {
		hb[f] = make([]bool, n)
		preds := []int{}
		if prev := lastOf[ev.Process]; prev >= 0 {
			preds = append(preds, prev)
		}
		if ev.Kind == Receive {
			preds = append(preds, ev.Message)
		}
		for _, e := range preds {
			hb[f][e] = true
			for g := range e {
				if hb[e][g] {
					hb[f][g] = true
				}
			}
		}
		lastOf[ev.Process] = f
	}
	// hb[f][e] above means e happened before f; transpose to hb[e][f].
	out := make([][]bool, n)
	for e := range out {
		out[e] = make([]bool, n)
		for f := range n {
			out[e][f] = hb[f][e]
		}
	}
	return out
}

// ProcessName is the node ID used for process p when a clock needs string IDs.
func ProcessName(p int) string { return fmt.Sprintf("p%d", p) }
