package syntax_test

import (
	"fmt"
	"os"
	"runtime"
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/internal/tlagen"
	"github.com/dsref/dsref/harness/tlaplus/syntax"
)

// specs is this repository's tla/*.tla, one module after another, repeated to n bytes.
func specs(t testing.TB, n int) []byte {
	src, err := tlagen.Specs("../../../tla", n)
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// TestParseMemoryPerByte bounds the bytes ParseFile allocates (all of it, garbage included, so
// also its peak heap) per byte of source: at most 15 for modules people write or generate (a
// trace-style module of records and a constant table, this repository's specifications) and 80
// for the densest input, 1+1+...+1. Proofs are kept (for the semantic check of their names):
// a module of nothing but TLAPS proofs, a name every few bytes (DEF lists, facts, step names),
// allocates 16 and is held to 20; real proof modules keep 10-14 per byte (tlaplus/Examples'
// VoteProof, EWD840_proof, Bakery with their comments removed). Before tokens were streamed and positions made offsets, the
// figures were 33, 29 and 177 (BenchmarkParseMemory measures them on larger inputs).
func TestParseMemoryPerByte(t *testing.T) {
	const size = 512 << 10
	for _, c := range []struct {
		name  string
		src   []byte
		bound float64
	}{
		{"trace-style module", tlagen.TraceModule(size), 15},
		{"tla/*.tla", specs(t, size), 15},
		{"TLAPS proofs", tlagen.ProofModule(size), 20},
		{"1+1+...+1", tlagen.DenseModule(size), 80},
	} {
		alloc, live := parseMemory(t, c.src)
		t.Logf("%s (%d bytes): %.1f bytes allocated, %.1f kept per byte of source", c.name, len(c.src), alloc, live)
		if alloc > c.bound {
			t.Errorf("parsing %s allocated %.1f bytes per byte of source, want at most %.0f", c.name, alloc, c.bound)
		}
	}
}

// parseMemory parses src with ParseFile and returns the bytes allocated and the bytes still live
// afterwards (the syntax tree), each per byte of source.
func parseMemory(t testing.TB, src []byte) (alloc, live float64) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f, err := syntax.ParseFile("M.tla", src)
	if err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	alloc = float64(after.TotalAlloc-before.TotalAlloc) / float64(len(src))
	runtime.GC()
	runtime.ReadMemStats(&after)
	live = (float64(after.HeapAlloc) - float64(before.HeapAlloc)) / float64(len(src))
	runtime.KeepAlive(f)
	return alloc, live
}

// BenchmarkParseMemory reports the bytes the parser allocates (alloc/in) and keeps (live/in) per
// byte of source on the three kinds of input: a generated trace-style module, this repository's
// specifications, and the densest 1+1+...+1. DSREF_PARSE_MB sets the size (default 4 MB).
func BenchmarkParseMemory(b *testing.B) {
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
	}{{"trace", tlagen.TraceModule(size)}, {"specs", specs(b, size)}, {"dense", tlagen.DenseModule(size)}} {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.src)))
			var alloc, live float64
			for b.Loop() {
				alloc, live = parseMemory(b, in.src)
			}
			b.ReportMetric(alloc, "alloc/in")
			b.ReportMetric(live, "live/in")
		})
	}
}
