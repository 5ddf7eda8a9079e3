package check

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestMixedKindsStopTheRun: values TLC does not compare with each other stop the run with TLC's
// error where the search went on. In a set: x \cup {"a"} with x = {1}, a state's normalized set,
// looks "a" up in it (SetEnumValue.cup, a binary search: "a".compareTo(1)); we made the state
// {1, "a"}. In a subscript: TLC's test Github763 (x = {} then x' = [val |-> 1] under WF_<<x>>),
// whose step is an <<Grow>>_<<x>> step only if x' differs from x, which TLC decides with
// x.equals(x'); we found no error.
func TestMixedKindsStopTheRun(t *testing.T) {
	for _, c := range []struct {
		module, src, conf, msg string
		trace                  []string
	}{{
		module: "MixedCup",
		src: `---- MODULE MixedCup ----
VARIABLE x
Init == x = {1}
Next == x' = x \cup {"a"}
====`,
		conf:  "INIT Init\nNEXT Next",
		msg:   "Attempted to compare string \"a\" with non-string:\n1",
		trace: []string{"Initial predicate: x = {1}"},
	}, {
		module: "Github763",
		src: `---- MODULE Github763 ----

CONSTANT MV
VARIABLE x
Init == x = {}
Grow == x' = [val |-> 1]
Next == Grow \/ UNCHANGED x
Spec == Init /\ [][Next]_x /\ WF_<<x>>(Grow)
Live == []<>(x /= MV)

====`,
		conf:  "SPECIFICATION Spec\nCONSTANT MV = MV\nPROPERTY Live",
		msg:   "evaluating <<Grow>>_<<x>> of a temporal property: Attempted to check equality of the set {} with the value:\n[val |-> 1]",
		trace: []string{"Initial predicate: x = {}"},
	}} {
		t.Run(c.module, func(t *testing.T) {
			_, err := checkSourceErr(t, c.module, c.src, c.conf, Options{Workers: 1})
			require.Error(t, err)
			require.Contains(t, err.Error(), c.msg)
			var ee *EvalError
			require.True(t, errors.As(err, &ee))
			require.Equal(t, c.trace, traceLines(Result{Trace: ee.Trace}))
		})
	}
}
