package eval

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsref/dsref/harness/tlaplus/value"
)

const printSpec = `---- MODULE PrintOut ----
EXTENDS Naturals, TLC
====
`

// Print(out, val) prints out and val two spaces apart and PrintT(out) prints out, each broken over
// lines to fit 80 columns, as TLC's TLC.Print and TLC.PrintT print them (Values.ppr).
func TestPrintAsTLC(t *testing.T) {
	s, err := LoadSource("PrintOut.tla", []byte(printSpec), Options{})
	require.NoError(t, err)
	var printed []string
	ss := s.NewSession(&Context{State: []value.Value{}, Print: func(line string) { printed = append(printed, line) }})

	v, err := ss.Eval(parse(t, `Print(<<"x", 1>>, {2, 3})`), nil)
	require.NoError(t, err)
	require.Equal(t, "{2, 3}", v.String())
	require.Equal(t, []string{`<<"x", 1>>  {2, 3}`}, printed)

	printed = nil
	v, err = ss.Eval(parse(t, `PrintT({<<"a fairly long string", i>> : i \in 1..4})`), nil)
	require.NoError(t, err)
	require.Equal(t, "TRUE", v.String())
	require.Len(t, printed, 1)
	require.Equal(t, []string{
		`{ <<"a fairly long string", 1>>,`,
		`  <<"a fairly long string", 2>>,`,
		`  <<"a fairly long string", 3>>,`,
		`  <<"a fairly long string", 4>> }`,
	}, strings.Split(printed[0], "\n"))
}
