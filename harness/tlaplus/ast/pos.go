package ast

import "fmt"

// Pos is a source position. Line and Col are 1-based; Col counts Unicode
// code points, which is what bulleted junction lists align on.
type Pos struct {
	File   string
	Offset int // byte offset from the start of the file
	Line   int
	Col    int
}

// IsValid reports whether p was set by the parser.
func (p Pos) IsValid() bool { return p.Line > 0 }

// String formats p as file:line:col, the form every error message uses.
func (p Pos) String() string {
	if p.File == "" {
		return fmt.Sprintf("%d:%d", p.Line, p.Col)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Node is implemented by every syntax tree node.
type Node interface {
	Position() Pos
}

// Position returns p itself so that Pos can be embedded in node types.
func (p Pos) Position() Pos { return p }
