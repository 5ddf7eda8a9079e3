package clocks

import (
	"fmt"
	"testing"
)

const benchEntries = 64

func benchNodes() []string {
	nodes := make([]string, benchEntries)
	for i := range nodes {
		nodes[i] = fmt.Sprintf("node-%02d", i)
	}
	return nodes
}

// benchDensePair returns two equal 64-entry dense clocks: the equal case walks every counter,
// which is the worst case for Compare.
func benchDensePair() (DenseVector, DenseVector) {
	a, b := make(DenseVector, benchEntries), make(DenseVector, benchEntries)
	for i := range a {
		a[i] = uint64(1000 + i)
		b[i] = uint64(1000 + i)
	}
	return a, b
}

// benchSparsePair builds the two clocks from separate string copies so that node IDs are
// compared byte by byte, as they are for clocks decoded from the network.
func benchSparsePair() (Vector, Vector) {
	m1, m2 := map[string]uint64{}, map[string]uint64{}
	for i, n := range benchNodes() {
		m1[n] = uint64(1000 + i)
		m2[string([]byte(n))] = uint64(1000 + i)
	}
	a, _ := NewVector(m1)
	b, _ := NewVector(m2)
	return a, b
}

var sinkOrdering Ordering

// Tests VC-4, VC-10.
func BenchmarkDenseCompare64(b *testing.B) {
	x, y := benchDensePair()
	b.ReportAllocs()
	for b.Loop() {
		sinkOrdering = x.Compare(y)
	}
	if sinkOrdering != Equal {
		b.Fatalf("Compare = %v, want equal", sinkOrdering)
	}
}

// BenchmarkDenseCompare64Before compares clocks in which every counter of the first is smaller,
// so no block can be skipped as equal and Compare examines every counter.
//
// Tests VC-4, VC-10.
func BenchmarkDenseCompare64Before(b *testing.B) {
	x, y := benchDensePair()
	for i := range y {
		y[i]++
	}
	b.ReportAllocs()
	for b.Loop() {
		sinkOrdering = x.Compare(y)
	}
	if sinkOrdering != Before {
		b.Fatalf("Compare = %v, want before", sinkOrdering)
	}
}

// Tests VC-3, VC-10.
func BenchmarkDenseMerge64(b *testing.B) {
	x, y := benchDensePair()
	y[7]++
	b.ReportAllocs()
	for b.Loop() {
		x = x.Merge(y)
	}
	if x[7] != y[7] {
		b.Fatalf("Merge lost counter 7")
	}
}

// Tests VC-4.
func BenchmarkSparseCompare64(b *testing.B) {
	x, y := benchSparsePair()
	b.ReportAllocs()
	for b.Loop() {
		sinkOrdering = x.Compare(y)
	}
	if sinkOrdering != Equal {
		b.Fatalf("Compare = %v, want equal", sinkOrdering)
	}
}

var sinkVector Vector

// BenchmarkVectorEncodeDecode64 encodes a 64-entry clock into a reused buffer, as a sender
// does, and decodes it into a fresh clock, as a receiver keeping every clock does.
//
// Tests VC-7.
func BenchmarkVectorEncodeDecode64(b *testing.B) {
	x, _ := benchSparsePair()
	buf := make([]byte, 0, 1024)
	b.ReportAllocs()
	for b.Loop() {
		var err error
		buf, err = x.AppendBinary(buf[:0])
		if err != nil {
			b.Fatal(err)
		}
		var y Vector
		if err := y.UnmarshalBinary(buf); err != nil {
			b.Fatal(err)
		}
		sinkVector = y
	}
	if sinkVector.Compare(x) != Equal {
		b.Fatalf("round trip changed the clock")
	}
}

// BenchmarkVectorEncodeDecodeReuse64 is BenchmarkVectorEncodeDecode64 decoding into the same
// clock every time, whose entry list is reused.
//
// Tests VC-7.
func BenchmarkVectorEncodeDecodeReuse64(b *testing.B) {
	x, _ := benchSparsePair()
	buf := make([]byte, 0, 1024)
	var y Vector
	b.ReportAllocs()
	for b.Loop() {
		var err error
		buf, err = x.AppendBinary(buf[:0])
		if err != nil {
			b.Fatal(err)
		}
		if err := y.UnmarshalBinary(buf); err != nil {
			b.Fatal(err)
		}
	}
	if y.Compare(x) != Equal {
		b.Fatalf("round trip changed the clock")
	}
}

var sinkTimestamp Timestamp

// Tests HLC-1.
func BenchmarkHLCNowFixedClock(b *testing.B) {
	h, err := NewHLC(func() uint64 { return 1_700_000_000_000 }, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		sinkTimestamp, _ = h.Now()
	}
	if sinkTimestamp.Wall < 1_700_000_000_000 {
		b.Fatalf("Now = %v", sinkTimestamp)
	}
}
