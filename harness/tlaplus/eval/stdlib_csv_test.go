package eval

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCSVWrite checks CSV's CSVWrite and CSVRecords as the community module's test (CSVTests.tla)
// expects of TLC's override: each value is written as TLC prints it, a string in quotes, the line
// appended; CSVRecords counts the lines, 0 for a missing file.
func TestCSVWrite(t *testing.T) {
	s, err := LoadSource("W.tla", []byte("---- MODULE W ----\nEXTENDS CSV, Sequences\n===="), Options{})
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "out.csv")
	eval := func(expr string) string {
		t.Helper()
		v, err := s.NewSession(nil).EvalString(expr)
		require.NoError(t, err, expr)
		return v.String()
	}
	q := `"` + path + `"`
	require.Equal(t, "0", eval(`CSVRecords(`+q+`)`))
	require.Equal(t, "TRUE", eval(`CSVWrite("%1$s#%2$s#%3$s", <<42, "abc", [a |-> "a", b |-> "b"]>>, `+q+`)`))
	require.Equal(t, "TRUE", eval(`CSVWrite("%2$s%%%1$s", <<1, <<"x">> >>, `+q+`)`))
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, "42#\"abc\"#[a |-> \"a\", b |-> \"b\"]\n<<\"x\">>%1\n", string(data))
	require.Equal(t, "2", eval(`CSVRecords(`+q+`)`))
}
