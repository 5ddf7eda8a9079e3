package semantic

import "github.com/dsref/dsref/harness/tlaplus/ast"

// Error is a semantic error (unknown name, wrong arity, level error,
// missing module, ...) at a source position; it reads file:line:col: msg.
type Error struct {
	Pos ast.Pos
	Msg string
}

func (e *Error) Error() string {
	if !e.Pos.IsValid() {
		return e.Msg
	}
	return e.Pos.String() + ": " + e.Msg
}
