package trace

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Two counters interleaved in one trace: as one instance the trace is no behavior of Counter
// (x goes 1, 2, 3, 3), as the two the header announces, each is.
var twoCounters = []string{
	`{"action":"Header","instances":"c","t":0}`,
	`{"t":1,"action":"Inc","c":1,"by":1,"x":1}`,
	`{"t":1,"action":"Inc","c":2,"by":2,"x":2}`,
	`{"t":2,"action":"Poke","msg":{"c":2}}`,
	`{"t":3,"action":"Inc","c":1,"by":2,"x":3}`,
	`{"t":4,"action":"Inc","c":2,"by":1,"x":3}`,
}

func countersOpts(reuse bool) Options {
	return Options{Spec: filepath.Join("testdata", "TraceCounters.tla"), Reuse: reuse}
}

func TestInstancesAreValidatedApart(t *testing.T) {
	for _, reuse := range []bool{false, true} {
		res, err := Validate(context.Background(), writeTrace(t, twoCounters...), countersOpts(reuse))
		require.NoError(t, err)
		require.True(t, res.OK(), "reuse %v: %+v", reuse, res.Failure)
		assert.Equal(t, 6, res.Events)
		assert.Equal(t, 6, res.Validated)
		assert.Equal(t, map[string]int{"Inc": 4, "Poke": 1}, res.Actions)
		require.Len(t, res.EventList, 6)
		for i, ev := range res.EventList {
			assert.Equal(t, i+1, ev.Line, "events are listed in file order with their file lines")
		}
	}
	// Without the header's "instances" field (the word as a value does not count) the same events
	// are one counter, which no behavior explains.
	one := append([]string{`{"action":"Header","note":"instances","t":0}`}, twoCounters[1:]...)
	res, err := Validate(context.Background(), writeTrace(t, one...), countersOpts(false))
	require.NoError(t, err)
	require.False(t, res.OK())
	assert.Equal(t, 3, res.Failure.Line)
}

// A failure, an input error and an evaluation error in the second instance name the file's line.
func TestInstanceErrorsNameTheFileLine(t *testing.T) {
	edited := append([]string(nil), twoCounters...)
	edited[5] = `{"t":4,"action":"Inc","c":2,"by":1,"x":4}`
	for _, reuse := range []bool{false, true} {
		res, err := Validate(context.Background(), writeTrace(t, edited...), countersOpts(reuse))
		require.NoError(t, err)
		require.False(t, res.OK())
		f := res.Failure
		assert.Equal(t, 6, f.Line)
		assert.Equal(t, 6, f.Index, "the failure's index is its place among all the events")
		assert.Equal(t, 6, f.Event.Line)
		assert.Equal(t, 5, res.Validated, "every event but the failing one is validated")
		require.NotEmpty(t, f.Candidates)
		assert.Equal(t, Mismatch{Field: "x", Expected: "3", Seen: "4", Condition: f.Candidates[0].Mismatches[0].Condition}, f.Candidates[0].Mismatches[0])
	}
	for name, tc := range map[string]struct {
		line       int
		text       string
		field, msg string
	}{
		"schema":      {6, `{"t":4,"action":"Inc","c":2,"by":"1","x":3}`, "by", "must be one of"},
		"order":       {6, `{"t":0,"action":"Inc","c":2,"by":1,"x":3}`, "t", "earlier than"},
		"no instance": {5, `{"t":3,"action":"Inc","by":2,"x":3}`, "c", "missing"},
		"not JSON":    {4, `{"t":2,`, "", "not JSON"},
	} {
		t.Run(name, func(t *testing.T) {
			lines := append([]string(nil), twoCounters...)
			lines[tc.line-1] = tc.text
			path := writeTrace(t, lines...)
			_, err := Validate(context.Background(), path, countersOpts(true))
			var ie *InputError
			require.True(t, errors.As(err, &ie), "%T: %v", err, err)
			assert.Equal(t, tc.line, ie.Line)
			assert.Equal(t, tc.field, ie.Field)
			assert.Contains(t, ie.Msg, tc.msg)
			assert.True(t, strings.HasPrefix(err.Error(), path+":"), err.Error())
		})
	}
	_, err := Validate(context.Background(), writeTrace(t, `{"action":"Header","instances":7}`), countersOpts(false))
	var ie *InputError
	require.True(t, errors.As(err, &ie), "%T: %v", err, err)
	assert.Equal(t, InstancesField, ie.Field)
}
