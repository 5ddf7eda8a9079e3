package sim_test

import (
	"fmt"

	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/harness/sim/raftsim"
)

// A seed is a whole run: the same seed gives the same event log, so a failure found once can be
// replayed forever.
func ExampleRun() {
	opts := sim.RunOptions{Options: sim.Options{Nodes: 5, Seed: 42}}
	a, _ := sim.Run(raftsim.Protocol{}, opts)
	b, _ := sim.Run(raftsim.Protocol{}, opts)
	fmt.Println("violations:", a.Failure != nil)
	fmt.Println("identical replay:", a.Hash == b.Hash && a.Steps == b.Steps)
	// Output:
	// violations: false
	// identical replay: true
}

// The simulated disk keeps only what was synced.
func ExampleDisk() {
	var d sim.Disk
	d.Append([]byte("term=1"))
	d.Sync()
	d.Append([]byte("term=2")) // written, never synced
	d.Crash()
	records, discarded, _ := d.Records()
	fmt.Println(len(records), string(records[0]), discarded)
	// Output: 1 term=1 0
}

// A crash in the middle of an fsync can leave a torn record behind; recovery drops it.
func ExampleDisk_ArmCrash() {
	var d sim.Disk
	d.Append([]byte("ab"))
	d.Sync()
	d.ArmCrash(sim.DamageTorn)
	d.Append([]byte("abcdef"))
	fmt.Println(d.Sync())
	d.Crash()
	records, discarded, _ := d.Records()
	// The torn record is its 8-byte header plus half of its 6-byte body.
	fmt.Println(len(records), string(records[0]), discarded)
	// Output:
	// disk: node crashed during I/O
	// 1 ab 11
}
