package syntax

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseFileReadsEveryModuleAndConfig(t *testing.T) {
	src := `Text before the first module is ignored, as SANY ignores it.
---- MODULE First ----
EXTENDS Second
x == y + 1
====
Text between modules too.
---- MODULE Second ----
y == 1
====
---- CONFIG First ----
INIT Init
NEXT Next
====
Trailing text.
`
	f, err := ParseFile("First.tla", []byte(src))
	require.NoError(t, err)
	require.Len(t, f.Modules, 2)
	require.Equal(t, "First", f.Modules[0].Name)
	require.Equal(t, "Second", f.Modules[1].Name)
	require.Equal(t, 7, f.Modules[1].Pos.Line(), "positions are the file's")
	require.Len(t, f.Configs, 1)
	require.Equal(t, "First", f.Configs[0].Name)
	require.Equal(t, 10, f.Configs[0].Pos.Line())
	lines := strings.Split(f.Configs[0].Text, "\n")
	require.Equal(t, "INIT Init", lines[10], "the configuration keeps the file's line numbers")
	require.Equal(t, "NEXT Next", lines[11])
}

func TestParseFileErrors(t *testing.T) {
	cases := []struct{ src, want string }{
		{"no module here", "F.tla:1:1: expected a module header"},
		{"---- MODULE A ----\n====\n---- MODULE B ----\nx == \n====\n", "F.tla:5:1: expected an expression"},
		{"---- MODULE A ----\n====\n---- CONFIG A ----\nINIT Init\n", "F.tla:3:1: the configuration A has no closing ===="},
	}
	for _, c := range cases {
		_, err := ParseFile("F.tla", []byte(c.src))
		require.Error(t, err, c.src)
		require.True(t, strings.HasPrefix(err.Error(), c.want), "%q: got %v, want %s", c.src, err, c.want)
	}
}
