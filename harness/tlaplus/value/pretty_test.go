package value

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPrettyString checks the port of TLC's tlc2.pprint against layouts worked out by hand from
// TLC's Format rules: a value that fits stays on one line; a set, sequence or SUBSET puts each
// element on a line of its own under the first, after "{ ", "<< " or "SUBSET "; a record or
// function puts each pair on a line, and a pair whose value does not fit after its argument puts
// the value on the next line, indented by four more columns. Values TLC's parser cannot read back
// are printed unchanged.
func TestPrettyString(t *testing.T) {
	tuples := make([]string, 12)
	for i := range tuples {
		tuples[i] = "<<" + strings.Repeat("7", i%3+1) + ", 2>>"
	}
	tests := []struct {
		name, in, want string
		width          int
	}{
		{name: "fits", in: `{1, 2, 3}`, width: 9, want: `{1, 2, 3}`},
		{name: "set", in: `{1, 22, 333}`, width: 8, want: "{ 1,\n  22,\n  333 }"},
		{name: "tuples", in: "{" + strings.Join(tuples, ", ") + "}", width: 80,
			want: "{ " + strings.Join(tuples, ",\n  ") + " }"},
		{name: "sequence of a set", in: `<<"ab", {1, 2}>>`, width: 12,
			want: "<< \"ab\",\n   {1, 2} >>"},
		{name: "nested set", in: `<<"ab", {10, 20, 30}>>`, width: 14,
			want: "<< \"ab\",\n   { 10,\n     20,\n     30 } >>"},
		{name: "record", in: `[a |-> 1, bb |-> "xyz"]`, width: 16,
			want: "[ a |-> 1,\n  bb |-> \"xyz\" ]"},
		{name: "record value below", in: `[a |-> {100, 200}]`, width: 12,
			want: "[ a |->\n      { 100,\n        200 } ]"},
		{name: "function", in: `(p1 :> 10 @@ p2 :> 20)`, width: 16,
			want: "( p1 :> 10 @@\n  p2 :> 20 )"},
		{name: "function value below", in: `(p1 :> (q :> 1) @@ p2 :> 2)`, width: 17,
			want: "( p1 :>\n      (q :> 1) @@\n  p2 :> 2 )"},
		{name: "function broken twice", in: `(p1 :> (q :> 1) @@ p2 :> 2)`, width: 12,
			want: "( p1 :>\n      ( q :>\n            1 ) @@\n  p2 :> 2 )"},
		{name: "subset", in: `SUBSET {1, 2, 3}`, width: 12,
			// The set's lines are indented by SUBSET's pad (one column) and its own (two), not
			// under its brace.
			want: "SUBSET { 1,\n   2,\n   3 } "},
		{name: "interval and negative", in: `{1..10, -5, 7}`, width: 10,
			want: "{ 1..10,\n  -5,\n  7 }"},
		// A value that does not fit is opened even when it has no elements: <<>> becomes "<<  >>".
		{name: "empty elements", in: `<<{}, <<>>, [x |-> <<>>]>>`, width: 10,
			want: "<< {},\n   <<>>,\n   [ x |->\n         <<  >> ] >>"},
		// TLC's parser reads a model value or field name as a run of letters and digits, so an
		// underscore stops it and the value is printed as it is, however long.
		{name: "underscore", in: `{a_1, a_2, a_3}`, width: 5, want: `{a_1, a_2, a_3}`},
		{name: "underscore field", in: `[x_y |-> 1, z |-> 2]`, width: 5, want: `[x_y |-> 1, z |-> 2]`},
		{name: "string with quote", in: `{"a\"b", "c"}`, width: 5, want: `{"a\"b", "c"}`},
		{name: "unterminated", in: `{1, 2`, width: 3, want: `{1, 2`},
		{name: "trailing text", in: `{1, 2} x`, width: 3, want: `{1, 2} x`},
		{name: "empty", in: ``, width: 3, want: ``},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, PrettyString(tc.in, tc.width))
		})
	}
}

// TestPretty formats a value's one-line form at TLC's width of 80 columns.
func TestPretty(t *testing.T) {
	elems := make([]Value, 8)
	for i := range elems {
		elems[i] = Tuple{Str("hello world"), Int(i)}
	}
	s, err := NewSet(elems...)
	require.NoError(t, err)
	require.Greater(t, len(s.String()), PrettyWidth)
	lines := strings.Split(Pretty(s), "\n")
	require.Len(t, lines, 8)
	require.Equal(t, `{ <<"hello world", 0>>,`, lines[0])
	require.Equal(t, `  <<"hello world", 7>> }`, lines[7])
	require.Equal(t, "<<1, 2>>", Pretty(Tuple{Int(1), Int(2)}))
	require.Equal(t, "null", Pretty(nil))
}
