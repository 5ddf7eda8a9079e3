package cfg

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

type tokenKind int

const (
	tokEOF tokenKind = iota
	tokIdent
	tokNumber
	tokString
	tokPunct // = <- { } << >> , [ ] ( )
)

type token struct {
	kind tokenKind
	text string // identifier, punctuation, or the decoded string contents
	num  int64
	pos  Pos
}

func (t token) describe() string {
	switch t.kind {
	case tokEOF:
		return "end of file"
	case tokString:
		return "string " + strconv.Quote(t.text)
	default:
		return strconv.Quote(t.text)
	}
}

// Error is a syntax or consistency error in a configuration file.
type Error struct {
	Pos Pos
	Msg string
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

type lexer struct {
	src  string
	file string
	off  int
	line int
	col  int
}

func (lx *lexer) pos() Pos { return Pos{File: lx.file, Line: lx.line, Col: lx.col} }

func (lx *lexer) errorf(p Pos, format string, args ...any) error {
	return &Error{Pos: p, Msg: fmt.Sprintf(format, args...)}
}

func (lx *lexer) peekByte(k int) byte {
	if lx.off+k < len(lx.src) {
		return lx.src[lx.off+k]
	}
	return 0
}

func (lx *lexer) advance(n int) {
	for i := 0; i < n && lx.off < len(lx.src); i++ {
		if lx.src[lx.off] == '\n' {
			lx.line++
			lx.col = 1
		} else if lx.src[lx.off]&0xC0 != 0x80 {
			lx.col++
		}
		lx.off++
	}
}

// skipSpace skips white space and TLA+ comments; it fails on an unterminated block comment.
func (lx *lexer) skipSpace() error {
	for lx.off < len(lx.src) {
		c := lx.src[lx.off]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			lx.advance(1)
		case c == '\\' && lx.peekByte(1) == '*':
			for lx.off < len(lx.src) && lx.src[lx.off] != '\n' {
				lx.advance(1)
			}
		case c == '(' && lx.peekByte(1) == '*':
			start := lx.pos()
			depth := 0
			for {
				if lx.off >= len(lx.src) {
					return lx.errorf(start, "unterminated comment: expected *) before end of file")
				}
				if lx.src[lx.off] == '(' && lx.peekByte(1) == '*' {
					depth++
					lx.advance(2)
					continue
				}
				if lx.src[lx.off] == '*' && lx.peekByte(1) == ')' {
					depth--
					lx.advance(2)
					if depth == 0 {
						break
					}
					continue
				}
				lx.advance(1)
			}
		default:
			return nil
		}
	}
	return nil
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func (lx *lexer) next() (token, error) {
	if err := lx.skipSpace(); err != nil {
		return token{}, err
	}
	p := lx.pos()
	if lx.off >= len(lx.src) {
		return token{kind: tokEOF, pos: p}, nil
	}
	c := lx.src[lx.off]
	switch {
	case c == '<' && lx.peekByte(1) == '-':
		lx.advance(2)
		return token{kind: tokPunct, text: "<-", pos: p}, nil
	case c == '<' && lx.peekByte(1) == '<':
		lx.advance(2)
		return token{kind: tokPunct, text: "<<", pos: p}, nil
	case c == '>' && lx.peekByte(1) == '>':
		lx.advance(2)
		return token{kind: tokPunct, text: ">>", pos: p}, nil
	case strings.IndexByte("={},[]()", c) >= 0:
		lx.advance(1)
		return token{kind: tokPunct, text: string(c), pos: p}, nil
	case c == '"':
		return lx.lexString(p)
	case c == '-' && lx.peekByte(1) >= '0' && lx.peekByte(1) <= '9', c >= '0' && c <= '9':
		start := lx.off
		lx.advance(1)
		for lx.off < len(lx.src) && isIdentByte(lx.src[lx.off]) {
			lx.advance(1)
		}
		text := lx.src[start:lx.off]
		n, err := strconv.ParseInt(text, 10, 64)
		if err != nil {
			if strings.Trim(text, "-0123456789") == "" {
				return token{}, lx.errorf(p, "integer %s does not fit in 64 bits", text)
			}
			if text[0] == '-' {
				return token{}, lx.errorf(p, "malformed number %q", text)
			}
			// TLA+ identifiers may start with a digit (e.g. 1st).
			return token{kind: tokIdent, text: text, pos: p}, nil
		}
		return token{kind: tokNumber, text: text, num: n, pos: p}, nil
	case isIdentByte(c):
		start := lx.off
		for lx.off < len(lx.src) && isIdentByte(lx.src[lx.off]) {
			lx.advance(1)
		}
		return token{kind: tokIdent, text: lx.src[start:lx.off], pos: p}, nil
	case c == '\\' && (lx.peekByte(1) >= 'a' && lx.peekByte(1) <= 'z' || lx.peekByte(1) >= 'A' && lx.peekByte(1) <= 'Z'):
		// A user-defined infix operator such as \prec, which a CONSTANT entry may override.
		start := lx.off
		lx.advance(1)
		for lx.off < len(lx.src) && isIdentByte(lx.src[lx.off]) {
			lx.advance(1)
		}
		return token{kind: tokIdent, text: lx.src[start:lx.off], pos: p}, nil
	}
	r, _ := utf8.DecodeRuneInString(lx.src[lx.off:])
	if unicode.IsPrint(r) {
		return token{}, lx.errorf(p, "unexpected character %q", r)
	}
	return token{}, lx.errorf(p, "unexpected character %U", r)
}

func (lx *lexer) lexString(p Pos) (token, error) {
	lx.advance(1)
	var b strings.Builder
	for {
		if lx.off >= len(lx.src) || lx.src[lx.off] == '\n' {
			return token{}, lx.errorf(p, "unterminated string: expected closing \"")
		}
		c := lx.src[lx.off]
		if c == '"' {
			lx.advance(1)
			return token{kind: tokString, text: b.String(), pos: p}, nil
		}
		if c == '\\' {
			escPos := lx.pos()
			switch lx.peekByte(1) {
			case '"':
				b.WriteByte('"')
			case '\\':
				b.WriteByte('\\')
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case 'f':
				b.WriteByte('\f')
			default:
				return token{}, lx.errorf(escPos, "unknown escape sequence in string: expected one of \\\" \\\\ \\n \\t \\r \\f")
			}
			lx.advance(2)
			continue
		}
		b.WriteByte(c)
		lx.advance(1)
	}
}
