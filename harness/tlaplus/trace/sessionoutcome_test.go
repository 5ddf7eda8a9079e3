package trace

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsref/dsref/harness/tlaplus/cfg"
	"github.com/dsref/dsref/harness/tlaplus/check"
	"github.com/dsref/dsref/tla"
)

// TestSessionOutcomeOfIsOutcome model-checks testdata/SessionOutcome.tla: TraceSession.tla's
// OutcomeOf (the outcome of an entry read off a replica's state before and after Apply) agrees
// with Session.tla's Outcome on every state of MCSession's model with one replica and on every
// entry its log holds, with the table as specified and with each of Session.tla's planted bugs
// (Dedupe = FALSE, RememberDiscarded = FALSE). A planted OutcomeOf that takes a step which left
// the store as it was for a run must fail it.
func TestSessionOutcomeOfIsOutcome(t *testing.T) {
	dir := t.TempDir()
	entries, err := fs.ReadDir(tla.FS, ".")
	require.NoError(t, err)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tla") {
			src, err := fs.ReadFile(tla.FS, e.Name())
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(dir, e.Name()), src, 0o644))
		}
	}
	src, err := os.ReadFile(filepath.Join("testdata", "SessionOutcome.tla"))
	require.NoError(t, err)
	spec := filepath.Join(dir, "SessionOutcome.tla")
	require.NoError(t, os.WriteFile(spec, src, 0o644))

	model := func(dedupe, remember string) *cfg.Config {
		conf, err := cfg.Parse("SessionOutcome.cfg", `CONSTANTS
    Client = {c1, c2}
    Replica = {r1}
    Timeout = 1
    MaxSessions = 1
    MaxResponses = 1
    Time = {0, 2}
    MaxSeq = 2
    Dedupe = `+dedupe+`
    RememberDiscarded = `+remember+`
    MaxLog = 4
    MaxSnaps = 0
INIT Init
NEXT Next
CONSTRAINT LogBound
INVARIANT OutcomeOfIsOutcome
`)
		require.NoError(t, err)
		return conf
	}
	run := func(conf *cfg.Config) check.Result {
		res, err := check.Check(context.Background(), spec, conf, check.Options{Workers: 1})
		require.NoError(t, err)
		return res
	}
	for _, m := range [][2]string{{"TRUE", "TRUE"}, {"FALSE", "TRUE"}, {"TRUE", "FALSE"}} {
		res := run(model(m[0], m[1]))
		require.Equal(t, check.OK, res.Verdict, "Dedupe = %s, RememberDiscarded = %s: %s violated", m[0], m[1], res.Violated)
		require.Greater(t, res.Distinct, int64(1000), "the model explores too little to say anything")
	}

	trace, err := fs.ReadFile(tla.FS, "TraceSession.tla")
	require.NoError(t, err)
	ran := `ELSE IF Len(y.store) > Len(x.store) THEN "Ran"`
	require.Contains(t, string(trace), ran)
	planted := strings.Replace(string(trace), ran, `ELSE IF Len(y.store) >= Len(x.store) THEN "Ran"`, 1)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "TraceSession.tla"), []byte(planted), 0o644))
	res := run(model("TRUE", "TRUE"))
	require.Equal(t, check.InvariantViolated, res.Verdict)
	require.Equal(t, "OutcomeOfIsOutcome", res.Violated)
}
