package syntax

import (
	"fmt"

	"github.com/dsref/dsref/harness/tlaplus/ast"
)

// Error is a lexical or syntax error at a source position. Its message
// reads file:line:col: what was expected and what was found.
type Error struct {
	Pos ast.Pos
	Msg string
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

// MaxSourceSize is the largest TLA+ source, in bytes, that ParseModule, ParseFile, ParseExpr and
// ReadSource accept. The parser holds every token of a module and builds its syntax tree: about
// 33 bytes of memory per byte of source for this repository's specifications and up to 180 for
// the densest input (one operator per byte, as in 1+1+...+1); fuzz/bounds and
// BenchmarkParseRepositorySpecs measure both. The bound keeps hostile or runaway input (a
// generated 50 MB module) from taking gigabytes: a written module of 8 MiB needs about 280 MB,
// the densest 1.5 GB. Raise it before parsing if a larger module is really meant.
var MaxSourceSize = 8 << 20

// checkSize refuses a source longer than MaxSourceSize.
func checkSize(file string, n int) error {
	if n <= MaxSourceSize {
		return nil
	}
	return tooLarge(file, int64(n))
}

func tooLarge(file string, n int64) error {
	return &Error{Pos: ast.LinePos(file, 1, 1), Msg: fmt.Sprintf(
		"the source is %d bytes, more than the %d (%d MiB) the TLA+ parser reads (syntax.MaxSourceSize bounds its memory)",
		n, MaxSourceSize, MaxSourceSize>>20)}
}
