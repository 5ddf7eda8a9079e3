package coverage

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
		all, err := SpecActions(v.Module)
		require.NoError(t, err)
		var missing []string
		for a := range all {
			if !contains(got, a) {
				missing = append(missing, a)
			}
		}
		sort.Strings(missing)
		var known []string
		for a := range NotYetExercised[v.Module] {
			known = append(known, a)
		}
		sort.Strings(known)
		assert.Equal(t, known, missing, "%s: actions of %s no validated trace exercises (want exactly coverage.NotYetExercised, which the goal is to empty)", v.TraceSpec, v.Module)
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
