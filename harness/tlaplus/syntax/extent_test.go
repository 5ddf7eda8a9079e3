package syntax

import (
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/stretchr/testify/require"
)

// TestExpressionsRecordTheirEnd: every expression knows the line and column of its last
// character, which TLC prints in action labels ("line 3, col 9 to line 4, col 20").
func TestExpressionsRecordTheirEnd(t *testing.T) {
	src := `---- MODULE E ----
Prepare(r) == /\ rmState[r] = "working"
              /\ rmState' = [rmState EXCEPT ![r] = "prepared"]
Sum == {x + y : x \in S, y \in T}
IfElse == IF a THEN <<1, 2>> ELSE f[a].b'
====`
	m, err := ParseModule("E.tla", []byte(src))
	require.NoError(t, err)
	body := func(i int) ast.Expr { return m.Units[i].(*ast.OpDef).Body }
	require.Equal(t, "line 2, col 15 to line 3, col 62 of module E", ast.Location(body(0), "E"))
	j := body(0).(*ast.Junction)
	require.Equal(t, "line 3, col 18 to line 3, col 62 of module E", ast.Location(j.Items[1], "E"))
	require.Equal(t, "line 3, col 29 to line 3, col 62 of module E", ast.Location(j.Items[1].(*ast.InfixExpr).R, "E"))
	require.Equal(t, "line 4, col 8 to line 4, col 33 of module E", ast.Location(body(1), "E"))
	ite := body(2).(*ast.If)
	require.Equal(t, "line 5, col 11 to line 5, col 41 of module E", ast.Location(ite, "E"))
	require.Equal(t, "line 5, col 21 to line 5, col 28 of module E", ast.Location(ite.Then, "E"))
	require.Equal(t, "line 5, col 35 to line 5, col 41 of module E", ast.Location(ite.Else, "E"))
	require.Equal(t, "line 1, col 1 of module E", ast.Location(&ast.Ident{Pos: ast.LinePos("E.tla", 1, 1), Name: "x"}, "E"),
		"a node built elsewhere has no end")
}
