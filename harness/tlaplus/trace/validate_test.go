package trace

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dsref/dsref/harness/tlaplus/eval"
	"github.com/dsref/dsref/harness/tlaplus/value"
	"github.com/dsref/dsref/tla"
)

func counterOpts() Options {
	return Options{Spec: filepath.Join("testdata", "TraceCounter.tla")}
}

func writeTrace(t *testing.T, lines ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "run.ndjson")
	require.NoError(t, os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644))
	return path
}

func TestValidTraceIsABehavior(t *testing.T) {
	res, err := Validate(context.Background(), filepath.Join("testdata", "good.ndjson"), counterOpts())
	require.NoError(t, err)
	require.True(t, res.OK(), "%+v", res.Failure)
	assert.Equal(t, 5, res.Events)
	assert.Equal(t, 5, res.Validated)
	// After the first increment the unlogged bit is 0 or 1: two states, until Reset needs 1.
	assert.Equal(t, 2, res.PeakFrontier)
	assert.Equal(t, map[string]int{"Inc": 3, "Note": 1, "Reset": 1}, res.Actions)
	var b bytes.Buffer
	WriteReport(&b, res)
	assert.Contains(t, b.String(), "the trace is a behavior of")
}

// TestEditedFieldIsRejectedAtItsLine changes one observed field and expects the failure on
// exactly that line, naming the field with the specification's and the trace's values.
func TestEditedFieldIsRejectedAtItsLine(t *testing.T) {
	path := writeTrace(t,
		`{"t":1,"action":"Inc","by":1,"x":1}`,
		`{"t":2,"action":"Inc","by":2,"x":4}`,
		`{"t":3,"action":"Inc","by":2,"x":6}`)
	res, err := Validate(context.Background(), path, counterOpts())
	require.NoError(t, err)
	require.False(t, res.OK())
	f := res.Failure
	assert.Equal(t, 2, f.Line)
	assert.Equal(t, 1, res.Validated)
	require.Len(t, f.Candidates, 2)
	for _, c := range f.Candidates {
		assert.True(t, c.Enabled)
		require.Len(t, c.Mismatches, 1)
		assert.Equal(t, Mismatch{Field: "x", Expected: "3", Seen: "4", Condition: c.Mismatches[0].Condition}, c.Mismatches[0])
	}
	var b bytes.Buffer
	WriteReport(&b, res)
	assert.Contains(t, b.String(), "run.ndjson:2: no behavior of")
	assert.Contains(t, b.String(), "x: expected 3, seen 4")
}

// TestDisabledActionNamesTheFalseCondition: Reset needs the unlogged bit set and x positive;
// straight after Init neither holds.
func TestDisabledActionNamesTheFalseCondition(t *testing.T) {
	path := writeTrace(t, `{"t":1,"action":"Reset","x":0}`)
	res, err := Validate(context.Background(), path, counterOpts())
	require.NoError(t, err)
	require.False(t, res.OK())
	require.Len(t, res.Failure.Candidates, 1)
	c := res.Failure.Candidates[0]
	assert.False(t, c.Enabled)
	assert.Contains(t, c.Disabled, "hidden = 1 is FALSE")
	assert.Contains(t, c.Disabled, "hidden is 0")
	assert.Contains(t, res.Failure.Reason, "Reset cannot be taken")
}

// TestBadInputNamesLineAndField covers every kind of malformed trace.
func TestBadInputNamesLineAndField(t *testing.T) {
	ok := `{"t":1,"action":"Inc","by":1,"x":1}`
	for name, tc := range map[string]struct {
		lines      []string
		line       int
		field, msg string
	}{
		"not JSON":       {[]string{ok, `{"t":2,"action":"Inc",`}, 2, "", "not JSON"},
		"not an object":  {[]string{ok, `[1,2]`}, 2, "", "must be a JSON object"},
		"unknown action": {[]string{ok, `{"t":2,"action":"Dec","x":0}`}, 2, "action", `unknown action "Dec"`},
		"no action":      {[]string{`{"t":2,"x":0}`}, 1, "action", "missing"},
		"missing field":  {[]string{ok, `{"t":2,"action":"Inc","x":3}`}, 2, "by", "missing"},
		"wrong type":     {[]string{ok, `{"t":2,"action":"Inc","by":"2","x":3}`}, 2, "by", `must be one of {1, 2}, not the string "2"`},
		"negative":       {[]string{`{"t":-1,"action":"Note"}`}, 1, "t", "must be a natural number"},
		"out of order":   {[]string{ok, `{"t":7,"action":"Note"}`, `{"t":3,"action":"Note"}`}, 3, "t", "3 is earlier than 7 on line 2"},
		"null":           {[]string{`{"t":1,"action":"Note","x":null}`}, 1, "x", "null"},
		"empty":          {[]string{``}, 1, "", "no event"},
	} {
		t.Run(name, func(t *testing.T) {
			path := writeTrace(t, tc.lines...)
			_, err := Validate(context.Background(), path, counterOpts())
			require.Error(t, err)
			var ie *InputError
			require.True(t, errors.As(err, &ie), "%T: %v", err, err)
			assert.Equal(t, tc.line, ie.Line)
			assert.Equal(t, tc.field, ie.Field)
			assert.Contains(t, ie.Msg, tc.msg)
			assert.Contains(t, err.Error(), path)
		})
	}
}

func TestVectorClocksMustBeALinearisation(t *testing.T) {
	good := []string{
		`{"action":"Note","t":0,"node":"a","vc":{"a":1}}`,
		`{"action":"Note","t":0,"node":"b","vc":{"b":1}}`,
		`{"action":"Note","t":0,"node":"b","vc":{"a":1,"b":2}}`,
	}
	_, err := Read([]byte(strings.Join(good, "\n")), "x", nil)
	require.NoError(t, err)
	bad := []string{
		`{"action":"Note","node":"b","vc":{"a":1,"b":1}}`, // happened after a's first event, not read yet
		`{"action":"Note","node":"a","vc":{"a":1}}`,
	}
	_, err = Read([]byte(strings.Join(bad, "\n")), "x", nil)
	var ie *InputError
	require.True(t, errors.As(err, &ie), "%v", err)
	assert.Equal(t, 1, ie.Line)
	assert.Equal(t, "vc.a", ie.Field)
	gap := []string{`{"action":"Note","node":"a","vc":{"a":2}}`}
	_, err = Read([]byte(strings.Join(gap, "\n")), "x", nil)
	require.True(t, errors.As(err, &ie), "%v", err)
	assert.Equal(t, "vc.a", ie.Field)
	assert.Contains(t, ie.Msg, "out of order or missing")
}

// A trace over Options.MaxBytes is refused before it is read, naming its size and the bound.
func TestTooLargeTraceIsRefused(t *testing.T) {
	path := filepath.Join("testdata", "good.ndjson")
	opts := counterOpts()
	opts.MaxBytes = 40
	_, err := Validate(context.Background(), path, opts)
	var tl *TooLargeError
	require.True(t, errors.As(err, &tl), "%T: %v", err, err)
	assert.Equal(t, int64(40), tl.Max)
	assert.Greater(t, tl.Size, int64(40))
	assert.Contains(t, err.Error(), path+": the trace is")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	_, err = ValidateBytes(context.Background(), "good.ndjson", data, opts)
	require.True(t, errors.As(err, &tl), "%T: %v", err, err)
	opts.MaxBytes = int64(len(data))
	res, err := ValidateBytes(context.Background(), "good.ndjson", data, opts)
	require.NoError(t, err)
	assert.True(t, res.OK())
}

// TestValidateEventsIsValidateBytes: a trace handed over as the records its lines decode to is
// validated exactly as its text is: same verdict, failing line, counts and explanation, with and
// without a reused module, for a good trace, an edited one and an edited raft trace.
func TestValidateEventsIsValidateBytes(t *testing.T) {
	// Lines as the simulator writes them (a handed-over event is shown that way in reports).
	edited := strings.Join([]string{`{"action":"Inc","by":1,"x":1,"t":1}`, `{"action":"Inc","by":2,"x":4,"t":2}`, `{"action":"Inc","by":2,"x":6,"t":3}`}, "\n")
	good, err := os.ReadFile(filepath.Join("testdata", "good.ndjson"))
	require.NoError(t, err)
	raft, err := os.ReadFile(filepath.Join("testdata", "raft-edited.ndjson"))
	require.NoError(t, err)
	raftOpts := Options{Spec: "TraceRaft.tla", Modules: tla.FS}
	for name, tc := range map[string]struct {
		data []byte
		opts Options
	}{"good": {good, counterOpts()}, "edited": {[]byte(edited), counterOpts()}, "raft edited": {raft, raftOpts}} {
		for _, reuse := range []bool{false, true} {
			opts := tc.opts
			opts.Reuse = reuse
			want, err := ValidateBytes(context.Background(), "run.ndjson", tc.data, opts)
			require.NoError(t, err)
			var recs []*value.Record
			for _, line := range bytes.Split(bytes.TrimSpace(tc.data), []byte{'\n'}) {
				if len(bytes.TrimSpace(line)) == 0 {
					continue
				}
				v, err := eval.DecodeJSON(line)
				require.NoError(t, err)
				recs = append(recs, v.(*value.Record))
			}
			got, err := ValidateEvents(context.Background(), "run.ndjson", recs, opts)
			require.NoError(t, err)
			assert.Equal(t, want.OK(), got.OK(), name)
			assert.Equal(t, [4]int64{int64(want.Validated), want.States, int64(want.PeakFrontier), int64(want.Events)},
				[4]int64{int64(got.Validated), got.States, int64(got.PeakFrontier), int64(got.Events)}, name)
			assert.Equal(t, want.Actions, got.Actions, name)
			if want.Failure != nil {
				require.NotNil(t, got.Failure, name)
				assert.Equal(t, want.Failure.Line, got.Failure.Line, name)
				var wb, gb bytes.Buffer
				WriteReport(&wb, want)
				WriteReport(&gb, got)
				assert.Equal(t, wb.String(), gb.String(), name)
			}
		}
	}
	_, err = ValidateEvents(context.Background(), "none.ndjson", nil, counterOpts())
	var ie *InputError
	require.ErrorAs(t, err, &ie)
	assert.Contains(t, ie.Msg, "no event")
}

// TestStepsNameTheActionsTaken: with Options.Steps, a validation lists the definitions the
// explaining behaviors stepped through: Counter's Inc and Reset for a trace that resets, Inc
// alone for one that does not, through TraceNext as through a reused module's direct steps.
func TestStepsNameTheActionsTaken(t *testing.T) {
	noReset := writeTrace(t, `{"t":1,"action":"Inc","by":1,"x":1}`, `{"t":2,"action":"Note"}`, `{"t":3,"action":"Inc","by":2,"x":3}`)
	for _, reuse := range []bool{false, true} {
		opts := counterOpts()
		opts.Steps, opts.Reuse = true, reuse
		res, err := Validate(context.Background(), filepath.Join("testdata", "good.ndjson"), opts)
		require.NoError(t, err)
		require.True(t, res.OK())
		assert.Subset(t, res.Steps, []string{"Inc", "Reset", "TraceAction"}, "reuse %v", reuse)
		res, err = Validate(context.Background(), noReset, opts)
		require.NoError(t, err)
		require.True(t, res.OK())
		assert.Contains(t, res.Steps, "Inc")
		assert.NotContains(t, res.Steps, "Reset", "reuse %v", reuse)
		opts.Steps = false
		res, err = Validate(context.Background(), noReset, opts)
		require.NoError(t, err)
		assert.Nil(t, res.Steps)
	}
}

// TestReuseKeepsModuleSetsApart: two module sets holding a trace module of the same name are two
// specifications; a module loaded from one is never reused for a trace validated against the
// other (a reused module kept the meaning of the set it was loaded from).
func TestReuseKeepsModuleSetsApart(t *testing.T) {
	counter, err := os.ReadFile(filepath.Join("testdata", "Counter.tla"))
	require.NoError(t, err)
	set := func(src []byte) fs.FS {
		dir := t.TempDir()
		for _, f := range []string{"TraceCounter.tla", "TraceCounter.cfg"} {
			data, err := os.ReadFile(filepath.Join("testdata", f))
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(dir, f), data, 0o644))
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, "Counter.tla"), src, 0o644))
		return os.DirFS(dir)
	}
	guarded := set(counter)
	unguarded := bytes.Replace(counter, []byte("Reset == /\\ hidden = 1\n         /\\ x > 0\n"), []byte("Reset == /\\ TRUE\n"), 1)
	require.NotEqual(t, counter, unguarded)
	loose := set(unguarded)
	// Reset right after Init: the guarded Counter refuses it (hidden is 0), the loose one not.
	trace := []byte(`{"t":1,"action":"Reset","x":0}` + "\n")
	for round := 0; round < 2; round++ {
		for _, tc := range []struct {
			fsys fs.FS
			ok   bool
		}{{loose, true}, {guarded, false}} {
			res, err := ValidateBytes(context.Background(), "run.ndjson", trace, Options{Spec: "TraceCounter.tla", Modules: tc.fsys, Reuse: true})
			require.NoError(t, err)
			assert.Equal(t, tc.ok, res.OK(), "round %d", round)
		}
	}
	// A set whose values cannot be told apart (a map) is loaded afresh every time.
	assert.Equal(t, -1, moduleSetID(fstest.MapFS{}))
}

// TestDependenciesAreTheSetsModules: a reused trace module's load gets the modules of its set it
// needs, directly or through one another, parsed once (tla/TraceRaft.tla: Raft, not the standard
// modules, which the evaluator has); a second load gets the same trees.
// TestHeadersShareTheCheckedModule: with Reuse, the trace module is parsed and checked once per
// module set (eval.CheckSource): a load for another header gets the same syntax tree and
// semantic check, and its own Spec, whose constants come from its header.
func TestHeadersShareTheCheckedModule(t *testing.T) {
	opts := Options{Spec: "TraceRaft.tla", Modules: tla.FS, Reuse: true}
	a, err := loadModule(opts)
	require.NoError(t, err)
	b, err := loadModule(opts)
	require.NoError(t, err)
	assert.NotSame(t, a.spec, b.spec)
	assert.Same(t, a.spec.Root, b.spec.Root, "the trace module parsed again")
	assert.Same(t, a.spec.Semantic(), b.spec.Semantic(), "the trace module checked again")
	opts.Reuse = false
	c, err := loadModule(opts)
	require.NoError(t, err)
	assert.NotSame(t, a.spec.Root, c.spec.Root, "without Reuse every load parses its module")
}

func TestDependenciesAreTheSetsModules(t *testing.T) {
	src, err := fs.ReadFile(tla.FS, "TraceRaft.tla")
	require.NoError(t, err)
	set := moduleSetID(tla.FS)
	deps := dependencies(set, "TraceRaft.tla", tla.FS, src)
	var names []string
	for _, m := range deps {
		names = append(names, m.Name)
	}
	assert.Equal(t, []string{"Raft"}, names)
	again := dependencies(set, "TraceRaft.tla", tla.FS, src)
	require.Len(t, again, 1)
	assert.Same(t, deps[0], again[0])

	// A dependency that does not parse is left to the evaluator, which reports it as without Reuse.
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Top.tla"), []byte("---- MODULE Top ----\nEXTENDS Broken\nVARIABLE l\n====\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Top.cfg"), []byte("INIT Init\nNEXT Next\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Broken.tla"), []byte("---- MODULE Broken ----\nInit == (\n====\n"), 0o644))
	fsys := os.DirFS(dir)
	topSrc, err := fs.ReadFile(fsys, "Top.tla")
	require.NoError(t, err)
	assert.Empty(t, dependencies(moduleSetID(fsys), "Top.tla", fsys, topSrc))
	_, err = ValidateBytes(context.Background(), "run.ndjson", []byte(`{"t":1}`+"\n"), Options{Spec: "Top.tla", Modules: fsys, Reuse: true})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "Broken")
}

// TestReusedModulesValidateConcurrently: traces of several headers validated at once with Reuse
// (as the sweep's subtests do) share the parsed modules of tla/ and agree with a validation alone.
func TestReusedModulesValidateConcurrently(t *testing.T) {
	raft, err := os.ReadFile(filepath.Join("testdata", "raft-edited.ndjson"))
	require.NoError(t, err)
	var traces [][]byte
	for _, h := range []string{`"checkQuorum":true,"nodes":[1,2,3],"preVote":true`, `"checkQuorum":false,"nodes":[1,2,3],"preVote":true`,
		`"checkQuorum":true,"nodes":[1,2,3],"preVote":false`} {
		traces = append(traces, bytes.Replace(raft, []byte(`"checkQuorum":true,"nodes":[1,2,3],"preVote":true`), []byte(h), 1))
	}
	want := make([]int, len(traces))
	for i, tr := range traces {
		res, err := ValidateBytes(context.Background(), "run.ndjson", tr, Options{Spec: "TraceRaft.tla", Modules: tla.FS})
		require.NoError(t, err)
		want[i] = res.Validated
	}
	got := make([]int, 4*len(traces))
	errs := make([]error, len(got))
	var wg sync.WaitGroup
	for k := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := ValidateBytes(context.Background(), "run.ndjson", traces[k%len(traces)], Options{Spec: "TraceRaft.tla", Modules: tla.FS, Reuse: true})
			if errs[k] = err; err == nil {
				got[k] = res.Validated
			}
		}()
	}
	wg.Wait()
	for k := range got {
		require.NoError(t, errs[k])
		assert.Equal(t, want[k%len(traces)], got[k], "trace %d", k%len(traces))
	}
}

// TestPoolKeepsEveryShapeOfASweep: a raft sweep draws 24 headers per cluster size (pre-vote,
// check quorum with or without lease reads, asynchronous writes, joining nodes); with Reuse a
// process loads each one's module once, however many traces of each it validates.
func TestPoolKeepsEveryShapeOfASweep(t *testing.T) {
	var headers [][]byte
	for _, nodes := range []string{"[1,2,3]", "[1,2,3,4,5]"} {
		for _, pv := range []string{"true", "false"} {
			for _, cq := range []string{`"checkQuorum":false`, `"checkQuorum":true`, `"checkQuorum":true,"leaseReads":true`} {
				for _, aw := range []string{"", `,"asyncWrites":true`} {
					for _, j := range []string{"", `,"joining":[3]`} {
						headers = append(headers, []byte(`{"action":"Header","nodes":`+nodes+`,"preVote":`+pv+`,`+cq+aw+j+`,"spec":"TraceRaft","t":0}`+"\n"))
					}
				}
			}
		}
	}
	require.Len(t, headers, 48)
	validate := func(seed int) {
		for _, h := range headers {
			h = bytes.Replace(h, []byte(`"t":0`), []byte(fmt.Sprintf(`"seed":%d,"t":0`, seed)), 1)
			res, err := ValidateBytes(context.Background(), "run.ndjson", h, Options{Spec: "TraceRaft.tla", Modules: tla.FS, Reuse: true})
			require.NoError(t, err)
			require.True(t, res.OK(), "%s", h)
		}
	}
	validate(1)
	before := loads.Load()
	validate(2)
	validate(3)
	assert.Equal(t, int64(0), loads.Load()-before, "modules loaded again for headers seen already")
}

// TestTraceStepIsTheDirectStep: a module's TraceStep(e) is the step the validator takes for event
// e with Reuse (TraceAction(e) /\ TraceObserved(e) computing what both need once): a TraceStep
// that contradicts them shows in the verdict, which TraceNext alone does not see.
func TestTraceStepIsTheDirectStep(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"TraceCounter.tla", "TraceCounter.cfg", "Counter.tla"} {
		data, err := os.ReadFile(filepath.Join("testdata", f))
		require.NoError(t, err)
		if f == "TraceCounter.tla" {
			data = bytes.Replace(data, []byte("TraceInit =="), []byte("TraceStep(e) == TraceAction(e) /\\ TraceObserved(e) /\\ e.action # \"Reset\"\nTraceInit =="), 1)
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, f), data, 0o644))
	}
	good, err := os.ReadFile(filepath.Join("testdata", "good.ndjson"))
	require.NoError(t, err)
	fsys := os.DirFS(dir)
	slow, err := ValidateBytes(context.Background(), "good.ndjson", good, Options{Spec: "TraceCounter.tla", Modules: fsys})
	require.NoError(t, err)
	assert.True(t, slow.OK())
	fast, err := ValidateBytes(context.Background(), "good.ndjson", good, Options{Spec: "TraceCounter.tla", Modules: fsys, Reuse: true})
	require.NoError(t, err)
	require.False(t, fast.OK())
	assert.Equal(t, 5, fast.Failure.Line, "the Reset line")
}

// TestWitnessesMakeOneSuccessor: an action whose guard is a state-level \E with several
// witnesses (Paxos.tla's Preempted) yields one successor per event, not one per witness as
// TLC counts its successors: States counts the successors generated.
func TestWitnessesMakeOneSuccessor(t *testing.T) {
	fsys := fstest.MapFS{
		"Witness.tla": {Data: []byte("---- MODULE Witness ----\nEXTENDS Naturals\nVARIABLE x\n" +
			"Init == x = 0\nSee == (\\E k \\in 1..3 : k > x) /\\ x' = x + 1\nNext == See\n====\n")},
		"TraceWitness.tla": {Data: []byte("---- MODULE TraceWitness ----\nEXTENDS Witness, Json, IOUtils, Sequences\n" +
			"TraceLog == ndJsonDeserialize(IOEnv.JSON)\nVARIABLE l\n" +
			"TraceAction(e) == See\nTraceObserved(e) == x' = e.x\nTraceInit == l = 1 /\\ Init\n" +
			"TraceNext == l <= Len(TraceLog) /\\ TraceAction(TraceLog[l]) /\\ TraceObserved(TraceLog[l]) /\\ l' = l + 1\n====\n")},
		"TraceWitness.cfg": {Data: []byte("INIT TraceInit\nNEXT TraceNext\n")},
	}
	data := []byte(`{"action":"See","x":1}` + "\n" + `{"action":"See","x":2}` + "\n")
	res, err := ValidateBytes(context.Background(), "w.ndjson", data, Options{Spec: "TraceWitness.tla", Modules: fsys})
	require.NoError(t, err)
	require.True(t, res.OK(), "%+v", res.Failure)
	assert.Equal(t, int64(2), res.States, "one successor per event, not one per witness of the \\E")
}

// A frontier folds the states it reaches more than once, whether it compares its states (at
// most smallFrontier) or fingerprints them: each Pick reaches every value up to its bound from
// every state of the frontier.
func TestFrontierFoldsCopies(t *testing.T) {
	for _, upto := range []int{2, smallFrontier - 1, smallFrontier, 7} {
		path := writeTrace(t,
			fmt.Sprintf(`{"t":1,"action":"Pick","upto":%d}`, upto),
			fmt.Sprintf(`{"t":2,"action":"Pick","upto":%d}`, upto),
			fmt.Sprintf(`{"t":3,"action":"Pick","upto":%d}`, upto))
		res, err := Validate(context.Background(), path, Options{Spec: filepath.Join("testdata", "TraceChoice.tla")})
		require.NoError(t, err)
		require.True(t, res.OK(), "%+v", res.Failure)
		assert.Equal(t, upto+1, res.PeakFrontier, "upto %d", upto)
		assert.Equal(t, int64((upto+1)*(1+2*(upto+1))), res.States, "upto %d: successors generated", upto)
	}
}
