package sim

import (
	"runtime"
	"strings"
	"testing"
)

// allocs is the number of bytes one call of f allocates.
func allocs(f func()) uint64 {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// hostileSchedules are schedule texts as long as MaxScheduleSize lets them be, made of the
// shortest steps, or longer.
func hostileSchedules() []struct {
	name  string
	text  string
	nodes int
} {
	fill := func(step string) string { return strings.Repeat(step, MaxScheduleSize/len(step)) }
	return []struct {
		name  string
		text  string
		nodes int
	}{
		{"shortest steps", fill("0s heal-links;"), 3},
		{"partitions of 9 nodes", fill("0s partition ring 1>2;"), 9},
		{"one replay of many messages", "1s replay " + strings.Repeat("1@0s,", MaxScheduleSize/5-3) + "1@0s", 3},
		{"steps one a line", fill("1s crash n1\n"), 3},
		{"MaxScheduleSize+1 bytes", strings.Repeat(" ", MaxScheduleSize+1), 3},
	}
}

// TestParseScheduleMemoryIsBoundedByInput parses schedules of hostile length: each allocates at
// most 16 bytes per byte of text (the bound ParseSchedule documents), and a text longer than
// MaxScheduleSize is refused unread.
func TestParseScheduleMemoryIsBoundedByInput(t *testing.T) {
	for _, h := range hostileSchedules() {
		got := allocs(func() { _, _ = ParseSchedule(h.text, h.nodes) })
		n := uint64(len(h.text))
		t.Logf("%-30s %8d bytes in, %9d allocated (%.2fx)", h.name, n, got, float64(got)/float64(n))
		limit := 16*n + 4096
		if n > MaxScheduleSize {
			limit = 4096
		}
		if got > limit {
			t.Errorf("%s: %d bytes of schedule allocated %d, more than %d", h.name, n, got, limit)
		}
	}
}

// TestDecodeCommandMemoryIsBoundedByInput: a command's key and value are its only allocations,
// whatever lengths it claims.
func TestDecodeCommandMemoryIsBoundedByInput(t *testing.T) {
	long := Command{Client: 1, Seq: 1, Kind: OpPut, Key: strings.Repeat("k", 1<<16), Value: strings.Repeat("v", 1<<20)}.Encode()
	lying := append([]byte{'K', byte(OpPut), 1, 1}, 0xff, 0xff, 0xff, 0xff, 0x0f)
	for _, in := range [][]byte{long, lying, long[:len(long)/2]} {
		got := allocs(func() { _, _ = DecodeCommand(in) })
		if limit := uint64(len(in)) + 512; got > limit {
			t.Errorf("decoding %d bytes allocated %d, more than %d", len(in), got, limit)
		}
	}
}

// BenchmarkParseScheduleHostile reports the bytes allocated per byte of text (alloc/in).
func BenchmarkParseScheduleHostile(b *testing.B) {
	for _, h := range hostileSchedules() {
		b.Run(strings.ReplaceAll(h.name, " ", "_"), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(h.text)))
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			for b.Loop() {
				_, _ = ParseSchedule(h.text, h.nodes)
			}
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/float64(len(h.text)), "alloc/in")
		})
	}
}
