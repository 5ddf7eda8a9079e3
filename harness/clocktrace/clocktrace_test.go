package clocktrace

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dsref/dsref/clocks/clockstest"
	"github.com/dsref/dsref/harness/tlaplus/trace"
	"github.com/dsref/dsref/tla"
)

func validate(t *testing.T, spec, name string, data []byte) *trace.Result {
	t.Helper()
	res, err := trace.ValidateBytes(context.Background(), name, data, trace.Options{Spec: spec, Modules: tla.FS})
	require.NoError(t, err, "%s", data)
	return res
}

func requireBehavior(t *testing.T, spec, name string, data []byte) *trace.Result {
	t.Helper()
	res := validate(t, spec, name, data)
	if !res.OK() {
		var b bytes.Buffer
		trace.WriteReport(&b, res)
		t.Fatalf("%s\n%s", b.String(), data)
	}
	return res
}

// traces draws a seeded history and returns the trace of each clock over it.
func traces(t *testing.T, rng *rand.Rand) map[string][]byte {
	t.Helper()
	h := clockstest.RandomHistory(rng, 2+rng.IntN(4), 10+rng.IntN(31))
	eps := 1 + rng.Uint64N(10)
	out := map[string][]byte{}
	var err error
	out["TraceLamportClock.tla"], err = Lamport(h)
	require.NoError(t, err)
	out["TraceVectorClock.tla"], err = Vector(h)
	require.NoError(t, err)
	out["TraceHLC.tla"], err = HLC(h, clockstest.PhysicalTimes(rng, h, eps, 5), eps)
	require.NoError(t, err)
	out["TraceDVV.tla"], err = DVV(rng, 2+rng.IntN(3), 10+rng.IntN(31))
	require.NoError(t, err)
	return out
}

// TestClockTracesAreBehaviors replays seeded random histories on each clock of package clocks
// and requires every trace to be a behavior of the clock's TLA+ specification.
//
// Tests LC-2, LC-3, LC-4, VC-2, VC-3, HLC-1, HLC-2, DVV-2, DVV-3, DVV-4.
func TestClockTracesAreBehaviors(t *testing.T) {
	rng := rand.New(rand.NewPCG(20261206, 14))
	actions := map[string]map[string]int{}
	for i := range 40 {
		for spec, data := range traces(t, rng) {
			res := requireBehavior(t, spec, fmt.Sprintf("%s-%d", spec, i), data)
			if actions[spec] == nil {
				actions[spec] = map[string]int{}
			}
			for a, n := range res.Actions {
				actions[spec][a] += n
			}
		}
	}
	for spec, want := range map[string][]string{
		"TraceLamportClock.tla": {"Tick", "Send", "Receive"},
		"TraceVectorClock.tla":  {"Tick", "Send", "Receive"},
		"TraceHLC.tla":          {"SendOrLocal", "Receive"},
		"TraceDVV.tla":          {"Read", "Write", "AntiEntropy"},
	} {
		for _, a := range want {
			assert.Positive(t, actions[spec][a], "%s: no validated %s event", spec, a)
		}
	}
}

// TestEditedClockTraceIsRejectedAtThatLine changes the clock an event reports (or, for DVV, the
// causal context) and requires validation to fail at exactly that line.
func TestEditedClockTraceIsRejectedAtThatLine(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	field := map[string]string{"TraceLamportClock.tla": "clock", "TraceVectorClock.tla": "clock", "TraceHLC.tla": "c", "TraceDVV.tla": "join"}
	for spec, data := range traces(t, rng) {
		lines := bytes.Split(bytes.TrimSpace(data), []byte{'\n'})
		at := len(lines) / 2
		var ev map[string]any
		require.NoError(t, json.Unmarshal(lines[at], &ev))
		switch v := ev[field[spec]].(type) {
		case float64:
			ev[field[spec]] = v + 1
		case []any:
			v[0] = v[0].(float64) + 1
		}
		edited, err := json.Marshal(ev)
		require.NoError(t, err)
		lines[at] = edited
		res := validate(t, spec, "edited", bytes.Join(lines, []byte{'\n'}))
		require.False(t, res.OK(), spec)
		assert.Equal(t, at+1, res.Failure.Line, spec)
	}
}
