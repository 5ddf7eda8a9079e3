package check

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const longState = `---- MODULE LongState ----
EXTENDS Naturals
VARIABLES x, n
Init == x = {} /\ n = 0
Next == n < 4 /\ n' = n + 1 /\ x' = x \cup {<<"a fairly long string", n>>}
Small == n < 4
====
`

// A state's variables are printed as TLC's TLCStateMut.toString prints them, each value through
// Values.ppr: a value longer than 80 columns is broken over lines, the lines after the first
// starting at the value's own indentation, not under the "/\ x = " that precedes it. The -dump
// file's states are printed the same way.
func TestTraceValuesWrapAsTLC(t *testing.T) {
	for _, workers := range []int{1, 2} {
		res := checkSource(t, "LongState", longState, "INIT Init\nNEXT Next\nINVARIANT Small\n", Options{Workers: workers})
		require.Equal(t, InvariantViolated, res.Verdict)
		var b strings.Builder
		WriteReport(&b, res)
		require.Contains(t, b.String(), "State 5: <Next line 5, col 9 to line 5, col 74 of module LongState>\n"+
			"/\\ x = { <<\"a fairly long string\", 0>>,\n"+
			"  <<\"a fairly long string\", 1>>,\n"+
			"  <<\"a fairly long string\", 2>>,\n"+
			"  <<\"a fairly long string\", 3>> }\n"+
			"/\\ n = 4\n")
		// 69 columns: one line.
		require.Contains(t, b.String(), "State 3: <Next line 5, col 9 to line 5, col 74 of module LongState>\n"+
			"/\\ x = {<<\"a fairly long string\", 0>>, <<\"a fairly long string\", 1>>}\n")
	}
}
