package ast

import (
	"fmt"
	"sort"
	"sync"
	"unicode/utf8"
)

// tabWidth is the tab stop columns count to, as in SANY (JavaCC's default) and the lexer.
const tabWidth = 8

// Source is a file of TLA+ text that positions point into. It keeps the text and, once a line or
// column is first asked for, the offsets at which its lines start: a syntax tree node holds only
// the byte offsets where it starts and ends, and its line and column are worked out when an
// error or a location is printed. A Source is safe for concurrent use.
type Source struct {
	name string
	text string
	// line and col are the position of every Pos of a Source without text (see LinePos).
	line, col int

	once  sync.Once
	lines []int32 // offsets at which the lines after the first start
}

// NewSource returns the Source of the named file whose text is text.
func NewSource(name, text string) *Source { return &Source{name: name, text: text} }

// Name is the file's name, as positions print it.
func (s *Source) Name() string { return s.name }

// Text is the source text.
func (s *Source) Text() string { return s.text }

// Pos returns the position of the byte at offset off of s.
func (s *Source) Pos(off int) Pos { return Pos{src: s, off: int32(off)} }

// Span returns the position of the text from offset off up to (not including) offset end.
func (s *Source) Span(off, end int) Pos { return Pos{src: s, off: int32(off), end: int32(end)} }

// LineCol returns the line and column (both 1-based, columns counting code points with tabs
// to multiples of 8 plus one, as SANY counts them) of offset off.
func (s *Source) LineCol(off int) (line, col int) {
	if s.text == "" && s.line > 0 {
		return s.line, s.col
	}
	s.once.Do(s.index)
	if off > len(s.text) {
		off = len(s.text)
	}
	// The number of line starts at or before off is the 0-based line.
	n := sort.Search(len(s.lines), func(i int) bool { return int(s.lines[i]) > off })
	start := 0
	if n > 0 {
		start = int(s.lines[n-1])
	}
	col = 1
	for i := start; i < off; {
		r, size := utf8.DecodeRuneInString(s.text[i:])
		i += size
		if r == '\t' {
			col = ((col-1)/tabWidth+1)*tabWidth + 1
		} else {
			col++
		}
	}
	return n + 1, col
}

func (s *Source) index() {
	for i := 0; i < len(s.text); i++ {
		if s.text[i] == '\n' {
			s.lines = append(s.lines, int32(i+1))
		}
	}
}

// Pos is where a node is in its source: the file and the byte offsets at which the node starts
// and, for an expression the parser built, ends. It is 16 bytes (a syntax tree of a large module
// holds millions); the line and column are computed from the file's text when asked for.
type Pos struct {
	src *Source
	off int32 // byte offset of the first character
	end int32 // byte offset just after the last character; 0 if unknown
}

// LinePos returns a position known only by its line and column in the named file (a
// configuration's, say), not an offset into a text.
func LinePos(file string, line, col int) Pos {
	return Pos{src: &Source{name: file, line: line, col: col}}
}

// IsValid reports whether p was set by the parser (or by LinePos).
func (p Pos) IsValid() bool { return p.src != nil }

// File is the name of p's file.
func (p Pos) File() string {
	if p.src == nil {
		return ""
	}
	return p.src.name
}

// Source is the file p points into, or nil.
func (p Pos) Source() *Source { return p.src }

// Offset is p's byte offset from the start of its file.
func (p Pos) Offset() int { return int(p.off) }

// Line is p's line, counted from 1 (0 for an invalid position).
func (p Pos) Line() int {
	line, _ := p.LineCol()
	return line
}

// Col is p's column, counted from 1 in code points (0 for an invalid position).
func (p Pos) Col() int {
	_, col := p.LineCol()
	return col
}

// LineCol returns p's line and column (0, 0 for an invalid position).
func (p Pos) LineCol() (line, col int) {
	if p.src == nil {
		return 0, 0
	}
	return p.src.LineCol(int(p.off))
}

// String formats p as file:line:col, the form every error message uses.
func (p Pos) String() string {
	line, col := p.LineCol()
	if p.File() == "" {
		return fmt.Sprintf("%d:%d", line, col)
	}
	return fmt.Sprintf("%s:%d:%d", p.File(), line, col)
}

// Node is implemented by every syntax tree node.
type Node interface {
	Position() Pos
}

// Position returns p itself so that Pos can be embedded in node types.
func (p Pos) Position() Pos { return p }

// EndOffset is the byte offset just after p's last character, or 0 if unknown.
func (p Pos) EndOffset() int { return int(p.end) }

// SetEnd records that the node ends just before byte offset end of its file (the parser sets
// it on every expression; nodes built by other tools may leave it unset).
func (p *Pos) SetEnd(end int) { p.end = int32(end) }

// EndPosition returns the line and column of the node's last character, and false if unknown.
func (p Pos) EndPosition() (line, col int, ok bool) {
	if p.src == nil || p.end <= 0 || p.src.text == "" {
		return 0, 0, false
	}
	end := int(p.end)
	if end > len(p.src.text) {
		end = len(p.src.text)
	}
	_, size := utf8.DecodeLastRuneInString(p.src.text[:end])
	line, col = p.src.LineCol(end - size)
	return line, col, true
}

// Ender is implemented by the nodes that record where they end (every node embeds Pos, and the
// parser sets the end of every Expr).
type Ender interface {
	EndPosition() (line, col int, ok bool)
}

// Location describes where n is in its module the way TLC does, "line 3, col 5 to line 4, col
// 12 of module M", or "line 3, col 5 of module M" when its end is unknown.
func Location(n Node, module string) string {
	p := n.Position()
	if line, col, ok := p.EndPosition(); ok {
		return fmt.Sprintf("line %d, col %d to line %d, col %d of module %s", p.Line(), p.Col(), line, col, module)
	}
	return fmt.Sprintf("line %d, col %d of module %s", p.Line(), p.Col(), module)
}
