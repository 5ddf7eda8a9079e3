package check

import (
	"sort"
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/cfg"
	"github.com/dsref/dsref/harness/tlaplus/eval"
	"github.com/stretchr/testify/require"
)

// oneWitnessSpec has one action per way TLC counts a successor per witness. Hand count of the
// successors of (x = 0, y = 0), as TLC generates them and with Stepper.OneWitness (which takes
// state-level \E and \A as guards, and leaves \/ and => to TLC's rule):
//   - Guarded: \E i \in {1, 2, 3} : i > x has 3 witnesses, each followed by x' = 1: TLC 3, one
//     witness 1 (x = 1, y = 0).
//   - Pick: \E i \in {1, 2} : y' = i binds y' differently per witness: 2 either way.
//   - Either: (x = 0) \/ (y = 0), both true, then y' = 5: 2 (0, 5) either way.
//   - Implies: x = 0 => \E i \in {1, 2} : TRUE, then x' = 2: TLC 2, one witness 1 (2, 0): the
//     \E is a guard, the => is enumerated.
//   - Forall: \A i \in {1, 2} : \E j \in {1, 2, 3} : j >= i (3 * 2 ways), then y' = 6: TLC 6,
//     one witness 1 (0, 6).
//   - W(x = 0) and W(x' = 4), W(P) == \E i \in {1, 2} : P: whether W's body is a state predicate
//     depends on the argument. W(x = 0) then x' = 3: TLC 2, one witness 1 (3, 0); W(x' = 4) binds
//     x' per witness, so it is enumerated as TLC does: 2 (4, 0) either way (taken as a guard, it
//     would read x' before it is assigned).
//
// TLC: 3 + 2 + 2 + 2 + 6 + 2 + 2 = 19; one witness: 1 + 2 + 2 + 1 + 1 + 1 + 2 = 10; the same 8
// distinct successors.
const oneWitnessSpec = `---- MODULE OneWitness ----
EXTENDS Naturals
VARIABLES x, y
Init == x = 0 /\ y = 0
W(P) == \E i \in {1, 2} : P
Guarded == /\ \E i \in {1, 2, 3} : i > x
           /\ x' = 1 /\ UNCHANGED y
Pick == \E i \in {1, 2} : y' = i /\ UNCHANGED x
Either == /\ (x = 0) \/ (y = 0)
          /\ y' = 5 /\ UNCHANGED x
Implies == /\ x = 0 => \E i \in {1, 2} : TRUE
           /\ x' = 2 /\ UNCHANGED y
Forall == /\ \A i \in {1, 2} : \E j \in {1, 2, 3} : j >= i
          /\ y' = 6 /\ UNCHANGED x
Next == \/ Guarded \/ Pick \/ Either \/ Implies \/ Forall
        \/ W(x = 0) /\ x' = 3 /\ UNCHANGED y
        \/ W(x' = 4) /\ UNCHANGED y
====
`

func TestOneWitnessLeavesOutOnlyDuplicates(t *testing.T) {
	conf, err := cfg.Parse("OneWitness.cfg", "INIT Init\nNEXT Next\n")
	require.NoError(t, err)
	successors := func(one bool) (int, []string) {
		st, err := NewStepper("OneWitness.tla", []byte(oneWitnessSpec), conf, eval.Options{})
		require.NoError(t, err)
		st.OneWitness(one)
		var init State
		require.NoError(t, st.Initial(func(s State) error { init = s; return nil }))
		n, seen := 0, map[string]bool{}
		// Twice: the second expansion runs on what the first one remembered.
		for range 2 {
			n = 0
			require.NoError(t, st.Next(init, func(s State) error {
				n++
				seen[s[0].String()+","+s[1].String()] = true
				return nil
			}))
		}
		var distinct []string
		for s := range seen {
			distinct = append(distinct, s)
		}
		sort.Strings(distinct)
		return n, distinct
	}
	n, all := successors(false)
	require.Equal(t, 19, n, "successors as TLC generates them")
	require.Equal(t, []string{"0,1", "0,2", "0,5", "0,6", "1,0", "2,0", "3,0", "4,0"}, all)
	n, one := successors(true)
	require.Equal(t, 10, n, "successors with one witness per state predicate")
	require.Equal(t, all, one)
}
