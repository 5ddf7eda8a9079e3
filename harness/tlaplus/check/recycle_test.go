package check

import (
	"fmt"
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/cfg"
	"github.com/dsref/dsref/harness/tlaplus/eval"
	"github.com/stretchr/testify/require"
)

// TestRecycledSuccessorsAreRebuilt: a successor the search gives back (tlaWorker.recycle, a
// state seen before) is the slice the next successor is built in; a successor it keeps is never
// written again; a state that is not the one emitted last is not taken back. oneWitnessSpec's
// initial state has 19 successors as TLC counts them.
func TestRecycledSuccessorsAreRebuilt(t *testing.T) {
	conf, err := cfg.Parse("OneWitness.cfg", "INIT Init\nNEXT Next\n")
	require.NoError(t, err)
	st, err := NewStepper("OneWitness.tla", []byte(oneWitnessSpec), conf, eval.Options{})
	require.NoError(t, err)
	var init State
	require.NoError(t, st.Initial(func(s State) error { init = s; return nil }))
	var got []State
	var printed []string
	require.NoError(t, st.w.next(init, func(s State, _ int) error {
		got, printed = append(got, s), append(printed, fmt.Sprint(s))
		if len(got)%2 == 1 {
			st.w.recycle(s) // the 1st, 3rd, ... are given back
		}
		return nil
	}))
	require.Len(t, got, 19)
	for i := 1; i < len(got); i++ {
		require.Equal(t, i%2 == 1, &got[i][0] == &got[i-1][0], "successor %d built in the one before it", i+1)
	}
	for i := 1; i < len(got); i += 2 {
		require.Equal(t, printed[i], fmt.Sprint(got[i]), "kept successor %d overwritten", i+1)
	}

	// Giving back a kept state, or one emitted earlier than the last, takes nothing back.
	kept := got[1]
	got = got[:0]
	require.NoError(t, st.w.next(init, func(s State, _ int) error {
		got = append(got, s)
		st.w.recycle(kept)
		return nil
	}))
	for _, s := range got {
		require.NotSame(t, &kept[0], &s[0])
	}
	require.Equal(t, printed[1], fmt.Sprint(kept))
}
