package clocks_test

import (
	"math/rand/v2"
	"os"
	"slices"
	"testing"

	"pgregory.net/rapid"

	"github.com/dsref/dsref/clocks"
	"github.com/dsref/dsref/clocks/clockstest"
)

// vectorGen draws clocks over a small node set with small counters, so that equal, ordered and
// concurrent pairs all turn up often. Zero counters are drawn too, to exercise implicit zeros.
func vectorGen() *rapid.Generator[clocks.Vector] {
	return rapid.Custom(func(t *rapid.T) clocks.Vector {
		m := rapid.MapOf(rapid.SampledFrom([]string{"a", "b", "c", "d", "node-with-long-name"}), rapid.Uint64Range(0, 3)).Draw(t, "counters")
		v, err := clocks.NewVector(m)
		if err != nil {
			t.Fatal(err)
		}
		return v
	})
}

// Tests VC-3.
func TestPropMergeLaws(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b, c := vectorGen().Draw(t, "a"), vectorGen().Draw(t, "b"), vectorGen().Draw(t, "c")
		if got := clocks.Merged(a, b).Compare(clocks.Merged(b, a)); got != clocks.Equal {
			t.Fatalf("Merge not commutative: %v vs %v", clocks.Merged(a, b), clocks.Merged(b, a))
		}
		left, right := clocks.Merged(clocks.Merged(a, b), c), clocks.Merged(a, clocks.Merged(b, c))
		if left.Compare(right) != clocks.Equal {
			t.Fatalf("Merge not associative: %v vs %v", left, right)
		}
		if got := clocks.Merged(a, a); got.Compare(a) != clocks.Equal || got.String() != a.String() {
			t.Fatalf("Merge not idempotent: Merge(%v, %v) = %v", a, a, got)
		}
		for _, x := range []clocks.Vector{a, b} {
			if o := x.Compare(clocks.Merged(a, b)); o != clocks.Before && o != clocks.Equal {
				t.Fatalf("%v.Compare(Merge(%v, %v)) = %v, want before or equal", x, a, b, o)
			}
		}
		// Merge is the least upper bound: every counter comes from one of the inputs.
		m := clocks.Merged(a, b)
		for _, e := range m.Entries() {
			if e.Counter != max(a.Get(e.Node), b.Get(e.Node)) {
				t.Fatalf("Merge(%v, %v)[%s] = %d", a, b, e.Node, e.Counter)
			}
		}
	})
}

// Tests VC-1, VC-4.
func TestPropCompareAntisymmetricAndPointwise(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := vectorGen().Draw(t, "a"), vectorGen().Draw(t, "b")
		ab, ba := a.Compare(b), b.Compare(a)
		mirror := map[clocks.Ordering]clocks.Ordering{
			clocks.Equal: clocks.Equal, clocks.Before: clocks.After,
			clocks.After: clocks.Before, clocks.Concurrent: clocks.Concurrent,
		}
		if mirror[ab] != ba {
			t.Fatalf("Compare(%v, %v) = %v but Compare(%v, %v) = %v", a, b, ab, b, a, ba)
		}
		// Work out the answer pointwise, reading missing entries as 0.
		less, greater := false, false
		for _, n := range []string{"a", "b", "c", "d", "node-with-long-name"} {
			less = less || a.Get(n) < b.Get(n)
			greater = greater || a.Get(n) > b.Get(n)
		}
		want := clocks.Equal
		switch {
		case less && greater:
			want = clocks.Concurrent
		case less:
			want = clocks.Before
		case greater:
			want = clocks.After
		}
		if ab != want {
			t.Fatalf("Compare(%v, %v) = %v, want %v", a, b, ab, want)
		}
		if (ab == clocks.Equal) != (a.String() == b.String()) {
			t.Fatalf("Equal clocks must print alike: %v, %v", a, b)
		}
	})
}

// Tests VC-10.
func TestPropDenseAgreesWithSparse(t *testing.T) {
	members, err := clocks.NewMembers("a", "b", "c", "d", "node-with-long-name")
	if err != nil {
		t.Fatal(err)
	}
	rapid.Check(t, func(t *rapid.T) {
		a, b := vectorGen().Draw(t, "a"), vectorGen().Draw(t, "b")
		da, err := members.Dense(a)
		if err != nil {
			t.Fatal(err)
		}
		db, err := members.Dense(b)
		if err != nil {
			t.Fatal(err)
		}
		// Trim trailing zeros off one side to exercise the implicit-zero tail.
		for len(db) > 0 && db[len(db)-1] == 0 {
			db = db[:len(db)-1]
		}
		if got, want := da.Compare(db), a.Compare(b); got != want {
			t.Fatalf("dense Compare(%v, %v) = %v, sparse says %v", da, db, got, want)
		}
		merged := da.Clone().Merge(db)
		back, err := members.Sparse(merged)
		if err != nil {
			t.Fatal(err)
		}
		if back.String() != clocks.Merged(a, b).String() {
			t.Fatalf("dense Merge = %v, sparse Merge = %v", back, clocks.Merged(a, b))
		}
	})
}

// Tests VC-7, VC-8.
func TestPropEncodingRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := rapid.MapOf(rapid.StringMatching(`[a-z\x00-\x{10FFFF}]{1,8}`), rapid.Uint64()).Draw(t, "counters")
		v, err := clocks.NewVector(m)
		if err != nil {
			t.Fatal(err)
		}
		bin, err := v.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var fromBin clocks.Vector
		if err := fromBin.UnmarshalBinary(bin); err != nil {
			t.Fatalf("decoding %x: %v", bin, err)
		}
		if fromBin.Compare(v) != clocks.Equal || !slices.Equal(fromBin.Entries(), v.Entries()) {
			t.Fatalf("binary round trip: %v became %v", v, fromBin)
		}
		js, err := v.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		var fromJSON clocks.Vector
		if err := fromJSON.UnmarshalJSON(js); err != nil {
			t.Fatalf("decoding %s: %v", js, err)
		}
		if !slices.Equal(fromJSON.Entries(), v.Entries()) {
			t.Fatalf("JSON round trip: %v became %v via %s", v, fromJSON, js)
		}
	})
}

// Tests HLC-9, HLC-10.
func TestPropTimestampPackPreservesOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		gen := rapid.Custom(func(t *rapid.T) clocks.Timestamp {
			return clocks.Timestamp{
				Wall:    rapid.Uint64Range(0, clocks.MaxPackedWall).Draw(t, "wall"),
				Logical: rapid.Uint16().Draw(t, "logical"),
			}
		})
		a, b := gen.Draw(t, "a"), gen.Draw(t, "b")
		pa, err := a.Pack()
		if err != nil {
			t.Fatal(err)
		}
		pb, _ := b.Pack()
		if clocks.UnpackTimestamp(pa) != a {
			t.Fatalf("unpack(pack(%v)) = %v", a, clocks.UnpackTimestamp(pa))
		}
		cmpPacked := 0
		if pa < pb {
			cmpPacked = -1
		} else if pa > pb {
			cmpPacked = 1
		}
		if a.Compare(b) != cmpPacked || a.Less(b) != (cmpPacked < 0) {
			t.Fatalf("%v vs %v: Compare %d, Less %v, packed order %d", a, b, a.Compare(b), a.Less(b), cmpPacked)
		}
		if next, ok := a.Next(); !ok || !a.Less(next) {
			t.Fatalf("Next(%v) = %v, %v", a, next, ok)
		} else if b.Compare(a) > 0 && b.Compare(next) < 0 {
			t.Fatalf("%v lies strictly between %v and Next = %v", b, a, next)
		}
	})
}

// Tests LC-7, VC-5, HLC-5, HLC-6, HLC-7, HLC-8.
func TestPropClockConditionsOnRandomHistories(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		seed := rapid.Uint64().Draw(t, "seed")
		procs := rapid.IntRange(1, 5).Draw(t, "processes")
		events := rapid.IntRange(0, 40).Draw(t, "events")
		epsilon := rapid.Uint64Range(0, 20).Draw(t, "epsilon")
		rng := rand.New(rand.NewPCG(seed, 0))
		h := clockstest.RandomHistory(rng, procs, events)
		if err := clockstest.CheckLamport(h); err != nil {
			t.Fatal(err)
		}
		if err := clockstest.CheckVector(h); err != nil {
			t.Fatal(err)
		}
		if err := clockstest.CheckHLC(h, clockstest.PhysicalTimes(rng, h, epsilon, 3), epsilon); err != nil {
			t.Fatal(err)
		}
	})
}

// TestRandomHistories checks the clock conditions on seeded random histories of up to 8
// processes and 80 events: 300 by default, 200000 with DSREF_SOAK=1.
//
// Tests LC-7, VC-5, HLC-5, HLC-6, HLC-7, HLC-8.
func TestRandomHistories(t *testing.T) {
	histories := 300
	if os.Getenv("DSREF_SOAK") == "1" {
		histories = 200000
	}
	rng := rand.New(rand.NewPCG(7, 11))
	for i := range histories {
		h := clockstest.RandomHistory(rng, 1+rng.IntN(8), rng.IntN(81))
		epsilon := rng.Uint64N(50)
		pt := clockstest.PhysicalTimes(rng, h, epsilon, 10)
		for _, err := range []error{clockstest.CheckLamport(h), clockstest.CheckVector(h), clockstest.CheckHLC(h, pt, epsilon)} {
			if err != nil {
				t.Fatalf("history %d: %v", i, err)
			}
		}
	}
}

// TestPropDenseCompareMatchesPointwise compares dense clocks of up to 21 counters, long enough
// for the equal-block skip, the four-counter blocks and the tail, against a pointwise reference.
//
// Tests VC-4, VC-10.
func TestPropDenseCompareMatchesPointwise(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 21).Draw(t, "n")
		a := clocks.DenseVector(rapid.SliceOfN(rapid.Uint64Range(0, 2), n, n).Draw(t, "a"))
		b := a.Clone()
		// Perturb a few counters of b so that long equal runs are common.
		for range rapid.IntRange(0, 3).Draw(t, "changes") {
			if n == 0 {
				break
			}
			b[rapid.IntRange(0, n-1).Draw(t, "at")] = rapid.Uint64Range(0, 2).Draw(t, "to")
		}
		b = b[:rapid.IntRange(0, n).Draw(t, "length of b")]
		less, greater := false, false
		for i := range max(len(a), len(b)) {
			var x, y uint64
			if i < len(a) {
				x = a[i]
			}
			if i < len(b) {
				y = b[i]
			}
			less = less || x < y
			greater = greater || x > y
		}
		want := clocks.Equal
		switch {
		case less && greater:
			want = clocks.Concurrent
		case less:
			want = clocks.Before
		case greater:
			want = clocks.After
		}
		if got := a.Compare(b); got != want {
			t.Fatalf("%v.Compare(%v) = %v, want %v", a, b, got, want)
		}
	})
}
