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
// ReadSource accept (dsref check -maxsource sets it). The parser streams its tokens and a syntax
// tree node keeps only offsets, so parsing and checking a module takes at most about 15 bytes of
// memory per byte of source for modules people write or generate (a 50 MB trace or table of
// records: 750 MB) and 80 for the densest input, one operator every other byte as in
// 1+1+...+1 (TestParseMemoryPerByte, semantic's TestLoadMemoryPerByte; BenchmarkParseMemory
// measures larger inputs). The bound keeps hostile or runaway input from taking more: 64 MiB
// of the densest input needs about 5 GB. It must stay below 2 GiB, as positions are 32-bit.
var MaxSourceSize = 64 << 20

// howToRaise ends the error for a source over MaxSourceSize.
const howToRaise = "raise the bound with dsref check -maxsource MiB (syntax.MaxSourceSize), if the module is meant to be this large"

// checkSize refuses a source longer than MaxSourceSize.
func checkSize(file string, n int) error {
	if n <= MaxSourceSize {
		return nil
	}
	return tooLarge(file, int64(n))
}

func tooLarge(file string, n int64) error {
	return &Error{Pos: ast.LinePos(file, 1, 1), Msg: fmt.Sprintf(
		"the source is %d bytes, more than the %d (%d MiB) the TLA+ parser reads; %s",
		n, MaxSourceSize, MaxSourceSize>>20, howToRaise)}
}
