package coverage

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dsref/dsref/harness/tlaplus/trace"
	"github.com/dsref/dsref/internal/repo"
	"github.com/dsref/dsref/tla"
)

// TestRecordedCoverageIsTrue re-runs the witnesses of every trace module tla/traces.json lists,
// validates their traces and requires the record's actions to be exactly those the traces
// exercised, and every trace module with witnesses to be in the record; it also requires every
// action of each specification to be exercised (the 100% goal) but exactly those NotYetExercised
// lists. With DSREF_WRITE_COVERAGE=1 it rewrites tla/traces.json with what it measured instead
// of failing on a difference.
func TestRecordedCoverageIsTrue(t *testing.T) {
	rec, err := Read(tla.FS)
	require.NoError(t, err)
	write := os.Getenv("DSREF_WRITE_COVERAGE") == "1"
	listed := map[string]bool{}
	exercised := map[string][]string{} // per specification module, by any of its trace modules
	for i, v := range rec.Validations {
		listed[v.TraceSpec] = true
		require.NotEmpty(t, Witnesses[v.TraceSpec], "%s has no witnesses in harness/coverage", v.TraceSpec)
		got, err := Measure(context.Background(), v.TraceSpec, v.Module)
		require.NoError(t, err, v.TraceSpec)
		if write {
			rec.Validations[i].Actions, rec.Validations[i].Source = got, Source(v.TraceSpec)
		} else {
			assert.Equal(t, v.Actions, got, "%s: recorded actions differ from what its witnesses' traces exercise", v.TraceSpec)
			assert.Equal(t, Source(v.TraceSpec), v.Source, "%s: the record's source does not name the witnesses", v.TraceSpec)
		}
		exercised[v.Module] = append(exercised[v.Module], got...)
	}
	// The goal is every action of each specification exercised by the validated traces of some
	// trace module (a wire trace exercises fewer than a simulator's).
	for module, got := range exercised {
		all, err := SpecActions(module)
		require.NoError(t, err)
		var missing []string
		for a := range all {
			if !contains(got, a) {
				missing = append(missing, a)
			}
		}
		sort.Strings(missing)
		var known []string
		for a := range NotYetExercised[module] {
			known = append(known, a)
		}
		sort.Strings(known)
		assert.Equal(t, known, missing, "actions of %s no validated trace exercises (want exactly coverage.NotYetExercised, which the goal is to empty)", module)
	}
	for module := range Witnesses {
		assert.True(t, listed[module], "%s has witnesses but no entry in tla/traces.json", module)
	}
	if write {
		root, err := repo.Root(".")
		require.NoError(t, err)
		require.NoError(t, WriteFile(filepath.Join(root, "tla", "traces.json"), rec))
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestSpecActions(t *testing.T) {
	raft, err := SpecActions("Raft")
	require.NoError(t, err)
	for _, a := range []string{"Restart", "AppendEntries", "HandleAppendEntriesRequest", "DropMessage", "AnswerRead", "HandleTimeoutNow"} {
		assert.True(t, raft[a], a)
	}
	for _, notAction := range []string{"Receive", "Send", "Reply", "StepDownToLeader", "ForgetRole", "UpToDate"} {
		assert.False(t, raft[notAction], notAction)
	}
	dvv, err := SpecActions("DVV")
	require.NoError(t, err)
	assert.Equal(t, map[string]bool{"Read": true, "Write": true, "AntiEntropy": true}, dvv)
	hlc, err := SpecActions("HLC")
	require.NoError(t, err)
	assert.Equal(t, map[string]bool{"AdvancePhysical": true, "SendOrLocal": true, "Receive": true}, hlc)
}

// TestReuseAgreesWithTraceNext validates every witness trace of every trace module twice: through
// the module's TraceNext and TraceLog, as TLC does, and with trace.Options.Reuse, which steps
// each event through TraceAction, TraceObserved and TraceSilent itself on a module loaded once.
// Both must reach the same verdict on the same event with the same frontiers, states and
// coverage, on the traces and on copies with one observed field changed, which both reject at
// exactly the changed line (a wire trace at or after it: see the test).
func TestReuseAgreesWithTraceNext(t *testing.T) {
	modules := make([]string, 0, len(Witnesses))
	for m := range Witnesses {
		modules = append(modules, m)
	}
	sort.Strings(modules)
	for _, module := range modules {
		for _, w := range Witnesses[module] {
			traces, err := Run(w)
			require.NoError(t, err, w)
			for i, data := range traces {
				variants := [][]byte{data}
				editedLine := 0
				if edited, line, ok := editOneField(data); ok {
					variants, editedLine = append(variants, edited), line
				}
				for k, data := range variants {
					name := fmt.Sprintf("%s trace %d variant %d", w, i+1, k)
					slow, err := trace.ValidateBytes(context.Background(), name, data, trace.Options{Spec: module, Modules: tla.FS})
					require.NoError(t, err, name)
					fast, err := trace.ValidateBytes(context.Background(), name, data, trace.Options{Spec: module, Modules: tla.FS, Reuse: true})
					require.NoError(t, err, name)
					require.Equal(t, slow.OK(), fast.OK(), name)
					assert.Equal(t, k == 0, fast.OK(), "%s: %s", name, failureLine(fast))
					switch {
					case k == 1 && !fast.OK() && byStep[module]:
						// A wire trace's edited batch clock shows only when a receiver handles
						// the batch's frames, in a later batch: rejected there, never before.
						assert.GreaterOrEqual(t, fast.Failure.Line, editedLine, "%s: the trace is rejected at or after the edited line", name)
					case k == 1 && !fast.OK():
						assert.Equal(t, editedLine, fast.Failure.Line, "%s: the edited line is rejected, at that line", name)
					}
					assert.Equal(t, slow.Validated, fast.Validated, name)
					assert.Equal(t, slow.PeakFrontier, fast.PeakFrontier, name)
					assert.Equal(t, slow.States, fast.States, name)
					assert.Equal(t, slow.Actions, fast.Actions, name)
					assert.Equal(t, slow.Silent, fast.Silent, name)
					if !slow.OK() {
						assert.Equal(t, slow.Failure.Line, fast.Failure.Line, name)
						assert.Equal(t, slow.Failure.Reason, fast.Failure.Reason, name)
						assert.Equal(t, slow.Failure.Candidates, fast.Failure.Candidates, name)
					}
				}
			}
		}
	}
}

func failureLine(r *trace.Result) string {
	if r.OK() {
		return "validated"
	}
	return fmt.Sprintf("fails at line %d: %s", r.Failure.Line, r.Failure.Reason)
}

// editOneField returns data, and the line it edited, with an observed number of an event past
// its middle (a node's term or commit, an acceptor's promise, a clock's reading or its first
// entry) increased by 1000, which no behavior explains.
func editOneField(data []byte) ([]byte, int, bool) {
	lines := bytes.Split(bytes.TrimRight(data, "\n"), []byte{'\n'})
	if len(lines) < 3 {
		return nil, 0, false
	}
	for i := len(lines) / 2; i < len(lines); i++ {
		var ev map[string]any
		if json.Unmarshal(lines[i], &ev) != nil {
			continue
		}
		for _, f := range []string{"term", "promised", "commit", "l", "c", "clock", "join"} {
			if bump(ev, f) {
				edited, _ := json.Marshal(ev)
				out := append([][]byte{}, lines...)
				out[i] = edited
				return append(bytes.Join(out, []byte{'\n'}), '\n'), i + 1, true
			}
		}
	}
	return nil, 0, false
}

// bump adds 1000 to the number in field f of ev, or to the first number of the array or the
// object (in key order) f holds.
func bump(ev map[string]any, f string) bool {
	switch x := ev[f].(type) {
	case float64:
		ev[f] = x + 1000
		return true
	case []any:
		if len(x) == 0 {
			return false
		}
		if n, ok := x[0].(float64); ok {
			x[0] = n + 1000
			return true
		}
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if bump(x, k) {
				return true
			}
		}
	}
	return false
}
