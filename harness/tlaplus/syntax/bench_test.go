package syntax_test

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/syntax"
)

// BenchmarkParseModule parses the largest corpus module.
func BenchmarkParseModule(b *testing.B) {
	src, err := os.ReadFile("testdata/corpus_all.tla")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := syntax.ParseModule("corpus_all.tla", src); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseRepositorySpecs parses every module in the repository's tla/ folder and reports
// the memory allocated per byte of source (alloc/in), the figure syntax.MaxSourceSize's doc
// comment quotes for written specifications.
func BenchmarkParseRepositorySpecs(b *testing.B) {
	files, err := filepath.Glob("../../../tla/*.tla")
	if err != nil || len(files) == 0 {
		b.Fatalf("no specs: %v", err)
	}
	srcs := make([][]byte, len(files))
	total := 0
	for i, f := range files {
		if srcs[i], err = os.ReadFile(f); err != nil {
			b.Fatal(err)
		}
		total += len(srcs[i])
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for b.Loop() {
		for i, src := range srcs {
			if _, err := syntax.ParseFile(files[i], src); err != nil {
				b.Fatal(err)
			}
		}
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/float64(total), "alloc/in")
}
