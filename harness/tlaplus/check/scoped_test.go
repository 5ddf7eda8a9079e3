package check

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/cfg"
	"github.com/stretchr/testify/require"
)

// scopedCorpus exercises the module-scoped configuration entries `C = [M] v` and `C <- [M] D` on
// a root that instantiates Steps (ScopedInstance) and one that extends it (ScopedExtends). The
// counts are worked out in the comments of those two specs.
var scopedCorpus = []corpusCase{
	{config: "ScopedInstance.cfg", spec: "ScopedInstance.tla", generated: 7, distinct: 7, depth: 7},
	{config: "ScopedInstanceStep.cfg", spec: "ScopedInstance.tla", generated: 4, distinct: 4, depth: 4},
	{config: "ScopedInstanceValue.cfg", spec: "ScopedInstance.tla", generated: 3, distinct: 3, depth: 3},
	{config: "ScopedInstanceBump.cfg", spec: "ScopedInstance.tla", generated: 3, distinct: 3, depth: 3},
	{config: "ScopedExtends.cfg", spec: "ScopedExtends.tla", generated: 3, distinct: 3, depth: 3},
	{config: "ScopedExtendsBump.cfg", spec: "ScopedExtends.tla", generated: 4, distinct: 4, depth: 4},
	{config: "ScopedExtendsBad.cfg", spec: "ScopedExtends.tla", verdict: InvariantViolated, violated: "NotFourteen",
		generated: 3, distinct: 3, depth: 3,
		trace: []string{"Initial predicate: n = 0", "Next: n = 7", "Next: n = 14"}},
}

// TestModuleScopedOverrides checks each scopedCorpus model with one worker and, when it passes,
// two; the unscoped ScopedInstance.cfg is the baseline every override must change.
func TestModuleScopedOverrides(t *testing.T) {
	for _, c := range scopedCorpus {
		t.Run(c.config, func(t *testing.T) {
			for _, workers := range []int{1, 2} {
				res := runCorpus(t, c, Options{Workers: workers})
				require.Equal(t, c.verdict, res.Verdict, "workers=%d", workers)
				require.Equal(t, c.violated, res.Violated)
				got := [4]int64{res.Generated, res.Distinct, int64(res.Depth), res.Left}
				require.Equal(t, [4]int64{c.generated, c.distinct, int64(c.depth), c.left}, got, "generated, distinct, depth, left with %d worker(s)", workers)
				if c.trace != nil {
					require.Equal(t, c.trace, traceLines(res))
				}
				if c.verdict != OK {
					break // the counts at a violation are TLC's with one worker only
				}
			}
		})
	}
}

// TestModuleScopedErrors checks that an entry which cannot apply is a load error naming the
// configuration line and what is wrong, never ignored.
func TestModuleScopedErrors(t *testing.T) {
	const tail = " INIT Init NEXT Next CHECK_DEADLOCK FALSE"
	cases := []struct{ cfg, spec, want string }{
		{"CONSTANT Step <- [Nowhere] Two", "ScopedInstance.tla",
			"inline.cfg:1:10: the configuration entry Step <- [Nowhere] Two names module Nowhere, which module ScopedInstance neither extends nor instantiates (it uses Naturals, StepSize, Steps)"},
		{"CONSTANT Step = [Nowhere] 2", "ScopedExtends.tla",
			"inline.cfg:1:10: the configuration entry Step = [Nowhere] 2 names module Nowhere, which module ScopedExtends neither extends nor instantiates"},
		{"CONSTANT Nope <- [Steps] Two", "ScopedInstance.tla", "inline.cfg:1:10: the configuration entry Nope <- [Steps] Two: module Steps neither declares nor defines Nope"},
		{"CONSTANT Bump <- [StepSize] Double", "ScopedInstance.tla", "module StepSize neither declares nor defines Bump"},
		{"CONSTANT n = [Steps] 3", "ScopedInstance.tla", "n is a variable of module Steps; only constants and definitions can be replaced"},
		// ScopedExtends.cfg gives Limit = [Steps] 5 where Steps is extended; through an instance,
		// Limit is what the INSTANCE substitutes (6), and TLC would ignore the entry.
		{"CONSTANT Limit = [Steps] 4", "ScopedInstance.tla",
			"Limit is a CONSTANT of module Steps, which module ScopedInstance instantiates without extending it, so Limit takes the value the INSTANCE substitutes for it"},
		{"CONSTANT Step <- [Steps] Missing", "ScopedInstance.tla", "Missing is not defined in module ScopedInstance"},
		{"CONSTANT Bump <- [Steps] Two", "ScopedInstance.tla", "Two takes 0 argument(s) but Bump takes 1 in module Steps"},
		{"CONSTANT Bump = [Steps] 3", "ScopedInstance.tla", "assigns a value to Bump, which takes 1 argument(s) in module Steps; use <- instead"},
		{"CONSTANT Step <- [Steps] S", "ScopedInstance.tla", "S is a module instance"},
	}
	for _, c := range cases {
		conf, err := cfg.Parse("inline.cfg", c.cfg+tail)
		require.NoError(t, err)
		_, err = Check(context.Background(), filepath.Join("testdata", "corpus", c.spec), conf, Options{})
		require.Error(t, err, c.cfg)
		require.Contains(t, err.Error(), c.want, c.cfg)
		var le *LoadError
		require.ErrorAs(t, err, &le)
	}
}

// TestUndeclaredValueWarns: a value for a name the spec does not have is ignored with a warning
// naming the line, as TLC goes on; the run is the one without it.
func TestUndeclaredValueWarns(t *testing.T) {
	conf, err := cfg.Parse("inline.cfg", "CONSTANT Limit = 3\nCONSTANT Nope = 3 INIT Init NEXT Next CONSTRAINT Bound")
	require.NoError(t, err)
	var out strings.Builder
	res, err := Check(context.Background(), filepath.Join("testdata", "corpus", "Counter.tla"), conf, Options{Out: &out})
	require.NoError(t, err)
	require.Equal(t, [3]int64{4, 3, 3}, [3]int64{res.Generated, res.Distinct, int64(res.Depth)})
	want := "inline.cfg:2:10: the configuration assigns a value to Nope, which module Counter neither declares nor defines; the entry is ignored"
	require.Equal(t, []string{want}, res.Warnings)
	require.True(t, strings.HasPrefix(out.String(), "Warning: "+want+"\n"), out.String())
}

// TestConstantErrorsNameTheLine: an unscoped entry that does not apply is reported at its line
// too, like the scoped ones.
func TestConstantErrorsNameTheLine(t *testing.T) {
	cases := []struct{ cfg, want string }{
		{"CONSTANT Limit = 3\nCONSTANT Nope <- Three INIT Init NEXT Next", "inline.cfg:2:10: the configuration substitutes Three for Nope, which module Counter neither declares nor defines"},
		{"CONSTANT Limit <- Missing INIT Init NEXT Next", "inline.cfg:1:10: the configuration substitutes Missing for Limit, but Missing is not defined"},
	}
	for _, c := range cases {
		conf, err := cfg.Parse("inline.cfg", c.cfg)
		require.NoError(t, err)
		_, err = Check(context.Background(), filepath.Join("testdata", "corpus", "Counter.tla"), conf, Options{})
		require.Error(t, err, c.cfg)
		require.Contains(t, err.Error(), c.want)
	}
}
