package semantic_test

import (
	"testing"
	"testing/fstest"

	"github.com/dsref/dsref/harness/tlaplus/semantic"
)

// FuzzCheck loads arbitrary root modules (with the other files of each
// seed case available): checking must end in a spec or an error, never a
// panic or a hang.
func FuzzCheck(f *testing.F) {
	fsys := fstest.MapFS{}
	for _, c := range readCheckCases(f, "testdata/check.txt") {
		f.Add(c.sources[c.files[0]])
		for _, name := range c.files[1:] {
			fsys[name] = &fstest.MapFile{Data: []byte(c.sources[name])}
		}
	}
	f.Fuzz(func(t *testing.T, src string) {
		spec, err := semantic.Load("fuzz.tla", []byte(src), semantic.Options{FS: fsys})
		if err == nil && spec.Root == nil {
			t.Fatal("no error and no root module")
		}
	})
}
