package clocks_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/dsref/dsref/clocks"
)

// Process p sends to q; q's receive is stamped past both its own clock and the message.
//
// Tests LC-2, LC-3, LC-4.
func ExampleLamport() {
	var p, q clocks.Lamport
	p.Tick()             // 1
	stamp, _ := p.Send() // 2
	q.Tick()             // 1
	got, _ := q.Receive(stamp)
	fmt.Println(stamp, got)
	// Output: 2 3
}

// Implicit zeros: a missing entry and a zero entry are the same clock.
//
// Tests VC-1, VC-4.
func ExampleVector_Compare() {
	a, _ := clocks.NewVector(map[string]uint64{"a": 1})
	b, _ := clocks.NewVector(map[string]uint64{"a": 1, "b": 0})
	c, _ := clocks.NewVector(map[string]uint64{"b": 1})
	fmt.Println(a.Compare(b), a.Compare(clocks.Merged(a, c)), a.Compare(c))
	// Output: equal before concurrent
}

// Tests VC-2, VC-3, VC-6.
func ExampleVector_Merge() {
	var alice, bob clocks.Vector
	alice.Tick("alice")
	bob.Tick("bob")
	bob.Tick("bob")
	alice.Merge(bob)    // receive from bob ...
	alice.Tick("alice") // ... and tick for the receive event
	fmt.Println(alice)
	// Output: {alice:2 bob:2}
}

// Tests VC-8.
func ExampleVector_MarshalJSON() {
	v, _ := clocks.NewVector(map[string]uint64{"b": 2, "a": 1})
	out, _ := v.MarshalJSON()
	fmt.Println(string(out))
	var back clocks.Vector
	err := back.UnmarshalJSON([]byte(`{"a": 1, "b": -2}`))
	fmt.Println(err)
	// Output:
	// {"a":1,"b":2}
	// clocks: decoding vector clock JSON: node "b": counter -2 is not an integer in [0, 2^64)
}

// Tests VC-10.
func ExampleDenseVector() {
	members, _ := clocks.NewMembers("n0", "n1", "n2")
	x, y := members.NewDense(), members.NewDense()
	x.Tick(0)
	y.Tick(2)
	fmt.Println(x.Compare(y))
	x = x.Merge(y)
	x.Tick(0)
	fmt.Println(x, y.Compare(x))
	// Output:
	// concurrent
	// [2 0 1] before
}

// The seed's conflict: two clients read the empty register and write concurrently; both names
// survive until a client that has seen both writes one value.
//
// Tests DVV-2, DVV-5, DVV-8.
func ExampleDVVSet() {
	var register clocks.DVVSet[string]
	empty := register.Join()
	register.Update(empty, "replica-a", "Alice")
	register.Update(empty, "replica-b", "Alicia")
	fmt.Println(register.Values())

	seen := register.Join()
	register.Update(seen, "replica-a", strings.Join(register.Values(), " or "))
	fmt.Println(register.Values(), register.Join())
	// Output:
	// [Alice Alicia]
	// [Alice or Alicia] {replica-a:2 replica-b:1}
}

// Tests HLC-1, HLC-2, HLC-3.
func ExampleHLC() {
	physical := uint64(1000) // an injected clock, in milliseconds
	h, _ := clocks.NewHLC(func() uint64 { return physical }, nil)
	a, _ := h.Now()
	b, _ := h.Now()
	fmt.Println(a, b)
	c, _ := h.Update(clocks.Timestamp{Wall: 1003, Logical: 4})
	fmt.Println(c)
	_, err := h.UpdateChecked(clocks.Timestamp{Wall: 9000}, 500)
	fmt.Println(err)
	// Output:
	// 1000.0 1000.1
	// 1003.5
	// clocks: remote HLC timestamp 9000.0 is 8000 ahead of local physical time 1000, more than the maximum offset 500
}

// Tests IC-1, IC-3.
func ExampleIntervalClock_CommitWait() {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	tt, _ := clocks.NewIntervalClock(func() time.Time { return now }, 5*time.Millisecond)
	commit := tt.Now().Latest
	fmt.Println(tt.After(commit), tt.CommitWait(commit))
	now = now.Add(tt.CommitWait(commit))
	fmt.Println(tt.After(commit))
	// Output:
	// false 10.000001ms
	// true
}

// Tests HLC-9, HLC-10.
func ExampleTimestamp_Pack() {
	t := clocks.Timestamp{Wall: 1_700_000_000_000, Logical: 3}
	packed, _ := t.Pack()
	next, _ := t.Next()
	fmt.Printf("%#x %v %v %v\n", packed, clocks.UnpackTimestamp(packed), next, t.Less(next))
	// Output: 0x18bcfe568000003 1700000000000.3 1700000000000.4 true
}

// Lamport stamps tagged with their process form a total order: ties in time go to the process
// with the smaller ID.
//
// Tests LC-5.
func ExampleLamportStamp_Compare() {
	a := clocks.LamportStamp{Time: 4, Process: "p2"}
	b := clocks.LamportStamp{Time: 4, Process: "p1"}
	c := clocks.LamportStamp{Time: 5, Process: "p0"}
	fmt.Println(a.Compare(b), b.Compare(c), c.Compare(c))
	// Output: 1 -1 0
}

// Two intervals are ordered only when they do not overlap.
//
// Tests IC-2.
func ExampleInterval_Before() {
	at := func(ms int) time.Time { return time.Date(2026, 1, 1, 0, 0, 0, ms*1e6, time.UTC) }
	commit := clocks.Interval{Earliest: at(10), Latest: at(20)}
	read := clocks.Interval{Earliest: at(15), Latest: at(25)}
	later := clocks.Interval{Earliest: at(21), Latest: at(30)}
	fmt.Println(commit.Before(read), commit.Overlaps(read), commit.Before(later), later.After(commit))
	// Output: false true true true
}
