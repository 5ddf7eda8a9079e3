package check

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/dsref/dsref/harness/tlaplus/cfg"
)

// FuzzCheckConfig runs the checker on a corpus spec under arbitrary configurations: whatever the
// configuration names or assigns, the checker returns a result or an error, never panics, and
// stops when its context does.
func FuzzCheckConfig(f *testing.F) {
	for _, s := range []string{
		"CONSTANT Limit = 3 INIT Init NEXT Next CONSTRAINT Bound",
		"CONSTANT Limit = 3 INIT Init NEXT Next INVARIANT Small CONSTRAINT Bound",
		"CONSTANT Limit <- Three INIT Init NEXT Next ACTION_CONSTRAINT NotTwo",
		"CONSTANT Limit = {a, b} INIT Init NEXT Next INVARIANT Small",
		"CONSTANT Limit = 3 INIT Inc NEXT Init",
		"CONSTANT Limit = 3 SPECIFICATION Next VIEW Small SYMMETRY Bound",
		"CONSTANT Limit = \"x\" INIT Init NEXT Next POSTCONDITION Bound ALIAS Inc",
	} {
		f.Add(s)
	}
	spec := filepath.Join("testdata", "corpus", "Counter.tla")
	f.Fuzz(func(t *testing.T, src string) {
		conf, err := cfg.Parse("fuzz.cfg", src)
		if err != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		res, err := Check(ctx, spec, conf, Options{Depth: 5, Traces: 3})
		if res.Distinct > res.Generated || res.Left > res.Distinct {
			t.Fatalf("inconsistent counts (every distinct state is generated, every queued one distinct): %+v, %v", res, err)
		}
	})
}
