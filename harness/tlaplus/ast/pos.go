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

// Extent records where an expression ends: the line and column of its last character (columns
// counting code points, as Pos does). Expression nodes embed it; the parser sets it, and nodes
// built by other tools may leave it zero.
type Extent struct {
	EndLine, EndCol int32
}

// SetEnd records the line and column of the node's last character.
func (e *Extent) SetEnd(line, col int) { e.EndLine, e.EndCol = int32(line), int32(col) }

// EndPosition returns the line and column of the node's last character, and false if unknown.
func (e Extent) EndPosition() (line, col int, ok bool) {
	return int(e.EndLine), int(e.EndCol), e.EndLine > 0
}

// Ender is implemented by the nodes that record where they end (every Expr).
type Ender interface {
	EndPosition() (line, col int, ok bool)
}

// Location describes where n is in its module the way TLC does, "line 3, col 5 to line 4, col
// 12 of module M", or "line 3, col 5 of module M" when its end is unknown.
func Location(n Node, module string) string {
	p := n.Position()
	if e, ok := n.(Ender); ok {
		if line, col, ok := e.EndPosition(); ok {
			return fmt.Sprintf("line %d, col %d to line %d, col %d of module %s", p.Line, p.Col, line, col, module)
		}
	}
	return fmt.Sprintf("line %d, col %d of module %s", p.Line, p.Col, module)
}
