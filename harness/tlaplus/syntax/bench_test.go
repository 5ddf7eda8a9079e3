package syntax_test

import (
	"os"
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
