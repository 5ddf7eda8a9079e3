package eval

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAssertMessageIsTLCs: a false Assert(c, v) fails with TLC's message, as TLC.Assert throws
// EvalException(EC.TLC_VALUE_ASSERT_FAILED, Values.ppr(v.toString())): "The first argument of
// Assert evaluated to FALSE; the second argument was:" and v printed as TLC prints values, a
// string in quotes (TLC's test Github461 records the parameter "\"Failure of assertion at line
// 8, column 4.\""). A TLCExt AssertError whose expression fails with another message keeps its
// own wording.
func TestAssertMessageIsTLCs(t *testing.T) {
	s, err := LoadSource("A.tla", []byte("---- MODULE A ----\nEXTENDS TLC, TLCExt\n====\n"), Options{})
	require.NoError(t, err)
	for _, c := range []struct {
		expr, want string
		exact      bool
	}{
		{`Assert(1 = 2, "Failure of assertion at line 8, column 4.")`,
			"<expr>:1:1: The first argument of Assert evaluated to FALSE; the second argument was:\n\"Failure of assertion at line 8, column 4.\"", true},
		{`Assert(FALSE, <<1, "a">>)`,
			"<expr>:1:1: The first argument of Assert evaluated to FALSE; the second argument was:\n<<1, \"a\">>", true},
		{`AssertError("other", 1 \div 0)`, "<expr>:1:1: assertion failed: ", false},
	} {
		_, err := s.NewSession(&Context{}).EvalString(c.expr)
		require.Error(t, err, c.expr)
		var ae *AssertionError
		require.True(t, errors.As(err, &ae), c.expr)
		if c.exact {
			require.Equal(t, c.want, err.Error(), c.expr)
		} else {
			require.Contains(t, err.Error(), c.want, c.expr)
		}
	}
}
