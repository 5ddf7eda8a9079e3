package semantic_test

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/internal/tlagen"
	"github.com/dsref/dsref/harness/tlaplus/semantic"
	"github.com/dsref/dsref/harness/tlaplus/syntax"
)

// loadMemory loads src (parse and semantic check) and returns the bytes allocated and the bytes
// still live afterwards, each per byte of source.
func loadMemory(t testing.TB, src []byte) (alloc, live float64) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	spec, err := semantic.Load("Trace.tla", src, semantic.Options{})
	if err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	alloc = float64(after.TotalAlloc-before.TotalAlloc) / float64(len(src))
	runtime.GC()
	runtime.ReadMemStats(&after)
	live = (float64(after.HeapAlloc) - float64(before.HeapAlloc)) / float64(len(src))
	runtime.KeepAlive(spec)
	return alloc, live
}

// TestLoadMemoryPerByte bounds the bytes loading a module (parsing and checking it) allocates
// per byte of source: at most 15 for a generated trace-style module, 25 for a module of nothing
// but TLAPS proofs (whose names are resolved too), 80 for 1+1+...+1. The
// densest module is also a chain of 262,144 nested + applications, which the check must not
// walk by recursion: at 1.4 KB of stack per level it would need 360 MB, and the test runs with a
// 64 MB stack bound (a 2 MB module overflowed the default 1 GB one before).
func TestLoadMemoryPerByte(t *testing.T) {
	const size = 512 << 10
	defer debug.SetMaxStack(debug.SetMaxStack(64 << 20))
	for _, c := range []struct {
		name  string
		src   []byte
		bound float64
	}{
		{"trace-style module", tlagen.TraceModule(size), 15},
		{"TLAPS proofs", tlagen.ProofModule(size), 25}, // parse 16 + a symbol per NEW, PICK, DEFINE
		{"1+1+...+1", tlagen.DenseModule(size), 80},
	} {
		alloc, live := loadMemory(t, c.src)
		t.Logf("%s (%d bytes): %.1f bytes allocated, %.1f kept per byte of source", c.name, len(c.src), alloc, live)
		if alloc > c.bound {
			t.Errorf("loading %s allocated %.1f bytes per byte of source, want at most %.0f", c.name, alloc, c.bound)
		}
	}
}

// BenchmarkLoadMemory reports what loading (parsing and checking) a generated module allocates
// (alloc/in) and keeps (live/in) per byte of source. DSREF_PARSE_MB sets the size (default 4).
func BenchmarkLoadMemory(b *testing.B) {
	size := 4 << 20
	if s := os.Getenv("DSREF_PARSE_MB"); s != "" {
		var mb int
		fmt.Sscan(s, &mb)
		size = mb << 20
	}
	old := syntax.MaxSourceSize
	syntax.MaxSourceSize = 2 * size
	defer func() { syntax.MaxSourceSize = old }()
	for _, in := range []struct {
		name string
		src  []byte
	}{{"trace", tlagen.TraceModule(size)}, {"dense", tlagen.DenseModule(size)}} {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.src)))
			var alloc, live float64
			for b.Loop() {
				alloc, live = loadMemory(b, in.src)
			}
			b.ReportMetric(alloc, "alloc/in")
			b.ReportMetric(live, "live/in")
		})
	}
}
