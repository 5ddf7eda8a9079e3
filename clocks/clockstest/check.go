package clockstest

import (
	"fmt"
	"math/rand/v2"

	"github.com/dsref/dsref/clocks"
)

// CheckLamport replays h on one Lamport clock per process and checks the clock condition:
// e hb f implies C(e) < C(f).
func CheckLamport(h History) error {
	procs := make([]clocks.Lamport, h.Processes)
	stamps := make([]uint64, len(h.Events))
	for i, ev := range h.Events {
		c := &procs[ev.Process]
		var err error
		switch ev.Kind {
		case Local:
			stamps[i], err = c.Tick()
		case Send:
			stamps[i], err = c.Send()
		case Receive:
			stamps[i], err = c.Receive(stamps[ev.Message])
		}
		if err != nil {
			return fmt.Errorf("event %d: %v", i, err)
		}
	}
	hb := h.HappenedBefore()
	for e := range hb {
		for f := range hb[e] {
			if hb[e][f] && !(stamps[e] < stamps[f]) {
				return fmt.Errorf("lamport clock condition: event %d happened before event %d but C = %d, %d", e, f, stamps[e], stamps[f])
			}
		}
	}
	return nil
}

// CheckVector replays h on one sparse and one dense vector clock per process and checks the
// strong clock condition in both directions: e hb f if and only if vc(e) < vc(f), and Compare
// reports Concurrent exactly for causally unrelated events.
func CheckVector(h History) error {
	ids := make([]string, h.Processes)
	for p := range ids {
		ids[p] = ProcessName(p)
	}
	members, err := clocks.NewMembers(ids...)
	if err != nil {
		return err
	}
	sparse := make([]clocks.Vector, h.Processes)
	dense := make([]clocks.DenseVector, h.Processes)
	for p := range dense {
		dense[p] = members.NewDense()
	}
	sparseAt := make([]clocks.Vector, len(h.Events))
	denseAt := make([]clocks.DenseVector, len(h.Events))
	for i, ev := range h.Events {
		p := ev.Process
		if ev.Kind == Receive {
			sparse[p].Merge(sparseAt[ev.Message])
			dense[p] = dense[p].Merge(denseAt[ev.Message])
		}
		if err := sparse[p].Tick(ids[p]); err != nil {
			return err
		}
		if err := dense[p].Tick(p); err != nil {
			return err
		}
		sparseAt[i] = sparse[p].Clone()
		denseAt[i] = dense[p].Clone()
	}
	hb := h.HappenedBefore()
	for e := range hb {
		for f := range hb[e] {
			want := clocks.Concurrent
			switch {
			case e == f:
				want = clocks.Equal
			case hb[e][f]:
				want = clocks.Before
			case hb[f][e]:
				want = clocks.After
			}
			if got := sparseAt[e].Compare(sparseAt[f]); got != want {
				return fmt.Errorf("vector strong clock condition: events %d, %d should be %v but %v.Compare(%v) = %v", e, f, want, sparseAt[e], sparseAt[f], got)
			}
			if got := denseAt[e].Compare(denseAt[f]); got != want {
				return fmt.Errorf("dense vector strong clock condition: events %d, %d should be %v but %v.Compare(%v) = %v", e, f, want, denseAt[e], denseAt[f], got)
			}
		}
	}
	return nil
}

// PhysicalTimes draws a physical clock reading for every event of h: true time advances by a
// random step of 0 to maxStep before each event, and process p's clock reads true time plus a
// fixed offset in [0, epsilon], so any two clocks differ by at most epsilon and none runs
// backwards.
func PhysicalTimes(rng *rand.Rand, h History, epsilon, maxStep uint64) []uint64 {
	offsets := make([]uint64, h.Processes)
	for p := range offsets {
		offsets[p] = rng.Uint64N(epsilon + 1)
	}
	times := make([]uint64, len(h.Events))
	now := uint64(1000)
	for i, ev := range h.Events {
		now += rng.Uint64N(maxStep + 1)
		times[i] = now + offsets[ev.Process]
	}
	return times
}

// CheckHLC replays h on one HLC per process, each reading the physical times pt (one per
// event, as from PhysicalTimes with the same epsilon), and checks the properties of Kulkarni
// et al.: e hb f implies ts(e) < ts(f); l >= pt; l - pt <= epsilon; and c(e) is at most the
// number of events that happened before e with the same l.
func CheckHLC(h History, pt []uint64, epsilon uint64) error {
	if len(pt) != len(h.Events) {
		return fmt.Errorf("CheckHLC: %d physical times for %d events", len(pt), len(h.Events))
	}
	current := uint64(0)
	phys := func() uint64 { return current }
	procs := make([]*clocks.HLC, h.Processes)
	for p := range procs {
		procs[p], _ = clocks.NewHLC(phys, nil)
	}
	ts := make([]clocks.Timestamp, len(h.Events))
	for i, ev := range h.Events {
		current = pt[i]
		var err error
		if ev.Kind == Receive {
			ts[i], err = procs[ev.Process].Update(ts[ev.Message])
		} else {
			ts[i], err = procs[ev.Process].Now()
		}
		if err != nil {
			return fmt.Errorf("HLC: event %d: %v", i, err)
		}
		if ts[i].Wall < pt[i] {
			return fmt.Errorf("HLC l >= pt: event %d has l = %d below pt = %d", i, ts[i].Wall, pt[i])
		}
		if ts[i].Wall-pt[i] > epsilon {
			return fmt.Errorf("HLC l - pt <= epsilon: event %d has l = %d, pt = %d, epsilon %d", i, ts[i].Wall, pt[i], epsilon)
		}
	}
	hb := h.HappenedBefore()
	for f := range hb {
		sameWall := 0
		for e := range hb {
			if !hb[e][f] {
				continue
			}
			if !ts[e].Less(ts[f]) {
				return fmt.Errorf("HLC clock condition: event %d happened before event %d but ts = %v, %v", e, f, ts[e], ts[f])
			}
			if ts[e].Wall == ts[f].Wall {
				sameWall++
			}
		}
		if int(ts[f].Logical) > sameWall {
			return fmt.Errorf("HLC c bound: event %d has c = %d but only %d earlier events share l = %d", f, ts[f].Logical, sameWall, ts[f].Wall)
		}
	}
	return nil
}
