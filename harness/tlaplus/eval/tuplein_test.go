package eval

import (
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/value"
	"github.com/stretchr/testify/require"
)

// tupleInSpec tests <<e1, ..., en>> \in S where S is built and searched (see tupleIn): in sets of
// values (the tuple is looked up without being allocated) and in sets of other kinds, with
// elements that need normalizing, memberships nested in the elements and in the set, and a
// tuple longer than the probe. Expected values worked out by hand.
const tupleInSpec = `---- MODULE TupleIn ----
EXTENDS Integers, Sequences
VARIABLE votes
VotedFor(a, b, v) == <<b, v>> \in votes[a]
Ask == << VotedFor(1, 0, "v1"), VotedFor(1, 1, "v1"), VotedFor(2, 1, "v2"), <<0, "v2">> \notin votes[1],
          <<1 .. 2, 3>> \in {<<{1, 2}, 3>>}, <<{2, 1}, 3>> \in ({<<{1, 2}, 3>>}),
          << <<1, 2>> \in {<<1, 2>>}, 3>> \in {<<TRUE, 3>>}, <<1, 2>> \in {t \in {<<1, 2>>, <<2, 1>>} : <<t[2], t[1]>> \in {<<2, 1>>}},
          <<1, 2>> \in Nat \X Nat, <<1, -1>> \in Nat \X Nat, <<1, 2>> \in Seq({1, 2}), <<3>> \notin Seq({1, 2}),
          <<1, 2, 3, 4, 5>> \in {<<1, 2, 3, 4, 5>>}, <<1, 2, 3, 4>> \in {<<1, 2, 3, 4>>}, <<"a">> \in {<<"a">>} >>
Probe == \A b \in 0 .. 2, v \in {"v1", "v2"} : <<b, v>> \in votes[1] \/ TRUE
Plain == \A b \in 0 .. 2, v \in {"v1", "v2"} : b \in {9} \/ TRUE
Bad == <<1, 2>> \in 3
====
`

func TestTupleMembership(t *testing.T) {
	s, err := LoadSource("TupleIn.tla", []byte(tupleInSpec), Options{})
	require.NoError(t, err)
	one, err := value.NewSet(value.Tuple{value.Int(0), value.Str("v1")}, value.Tuple{value.Int(2), value.Str("v2")})
	require.NoError(t, err)
	two, err := value.NewSet(value.Tuple{value.Int(1), value.Str("v2")})
	require.NoError(t, err)
	votes, err := value.NewFunc([]value.Value{value.Int(1), value.Int(2)}, []value.Value{one, two})
	require.NoError(t, err)
	ss := s.NewSession(&Context{State: []value.Value{votes}})
	defer ss.Close()
	v, err := ss.Eval(parse(t, "Ask"), nil)
	require.NoError(t, err)
	require.Equal(t, "<<TRUE, FALSE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE, FALSE, TRUE, TRUE, TRUE, TRUE, TRUE>>", v.String())

	_, err = ss.Eval(parse(t, "Bad"), nil)
	require.ErrorContains(t, err, "TupleIn.tla:12:21: expected a set, got 3")

	// Looking a tuple up in a set of values allocates nothing for the tuple: Probe costs what
	// Plain, the same loops looking up a number, costs.
	allocs := func(name string) float64 {
		x := parse(t, name)
		return testing.AllocsPerRun(50, func() {
			ss.Reset(&Context{State: []value.Value{votes}})
			if _, err := ss.Eval(x, nil); err != nil {
				t.Fatal(err)
			}
		})
	}
	require.Equal(t, allocs("Plain"), allocs("Probe"))
}
