package check

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// symmetrySmall permutes Humans and Others, as TLC's test model Github432 does; the
// configurations give them the sizes of that test's four cases.
const symmetrySmall = `---- MODULE SymSmall ----
EXTENDS TLC
CONSTANT Humans, Others
Sym == Permutations(Humans) \union Permutations(Others)
VARIABLE set
Init == set = {}
Next == \E h \in Humans : set' = set \union {h}
====`

// TestSymmetrySetTooSmallWarning: TLC's Github432 expectations for its warning
// TLC_SYMMETRY_SET_TOO_SMALL, with the parameters its test records filled into MP's message.
func TestSymmetrySetTooSmallWarning(t *testing.T) {
	cases := []struct{ humans, others, want string }{
		{"Alice", "Cat, Dog", "The set Humans has been defined to be a symmetry set but contains less than two elements."},
		{"", "Emu", "The sets Humans, and Others have been defined to be a symmetry set but contain less than two elements."},
		{"Frank, Glenda", "", "The set Others has been defined to be a symmetry set but contains less than two elements."},
		{"Hauser, Ignatio", "Jackal, Kangaroo", ""},
	}
	for _, c := range cases {
		conf := "CONSTANT Humans = {" + c.humans + "}\nCONSTANT Others = {" + c.others + "}\nINIT Init\nNEXT Next\nSYMMETRY Sym\nCHECK_DEADLOCK FALSE\n"
		res := checkSource(t, "SymSmall", symmetrySmall, conf, Options{})
		var got []string
		for _, w := range res.Warnings {
			if strings.Contains(w, "symmetry set") {
				got = append(got, w)
			}
		}
		if c.want == "" {
			require.Empty(t, got, "Humans = {%s}, Others = {%s}", c.humans, c.others)
			continue
		}
		require.Equal(t, []string{c.want + "\n(Use the -nowarning option to disable this warning.)"}, got, "Humans = {%s}, Others = {%s}", c.humans, c.others)
	}
}
