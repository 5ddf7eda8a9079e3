package syntax

import "github.com/dsref/dsref/harness/tlaplus/ast"

// Error is a lexical or syntax error at a source position. Its message
// reads file:line:col: what was expected and what was found.
type Error struct {
	Pos ast.Pos
	Msg string
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }
