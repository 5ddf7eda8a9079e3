package syntax

import (
	"fmt"
	"math/big"
	"strings"
	"unicode/utf8"

	"github.com/dsref/dsref/harness/tlaplus/ast"
)

// tabWidth is the tab stop used for columns, as in SANY (JavaCC's default).
const tabWidth = 8

// lexer turns module source into tokens. It skips comments (nested
// `(* ... *)`, which also hides PlusCal algorithms, and `\*` to end of
// line) and everything before the first `---- MODULE` line and after the
// `====` that closes the outermost module.
type lexer struct {
	source *ast.Source // the file positions point into
	shift  int         // the offset in src of the source's first byte (ParseExpr's header)
	src    string
	off    int
	line   int
	col    int
	// depth counts the modules open; closed is set once the outermost one is closed.
	depth  int
	closed bool
}

func (lx *lexer) pos() ast.Pos {
	return lx.source.Pos(lx.off - lx.shift)
}

// spot is lx.pos() without the file name, as tokens keep it.
func (lx *lexer) spot() spot {
	return spot{Offset: int32(lx.off), Line: int32(lx.line), Col: int32(lx.col)}
}

func (lx *lexer) errorf(p ast.Pos, format string, args ...any) error {
	return &Error{Pos: p, Msg: fmt.Sprintf(format, args...)}
}

// advance moves over n bytes, keeping line and column in step.
func (lx *lexer) advance(n int) {
	end := lx.off + n
	for lx.off < end {
		r, size := utf8.DecodeRuneInString(lx.src[lx.off:])
		lx.off += size
		switch r {
		case '\n':
			lx.line++
			lx.col = 1
		case '\t':
			lx.col = ((lx.col-1)/tabWidth+1)*tabWidth + 1
		default:
			lx.col++
		}
	}
}

// tokenize returns the token stream of the first module of src. Positions point into source,
// whose text is src from offset shift on.
func tokenize(source *ast.Source, src string, shift int) (tokens, error) {
	start, ok := findModuleStart(src)
	if !ok {
		lx := &lexer{source: source, shift: shift, src: src, line: 1, col: 1}
		return tokens{}, lx.errorf(lx.pos(), "expected a module header `---- MODULE Name ----`, found none")
	}
	return tokenizeAt(source, src, shift, start), nil
}

// tokenizeAt returns the token stream of the module whose header begins at offset start of src,
// up to and including the `====` that closes it.
func tokenizeAt(source *ast.Source, src string, shift, start int) tokens {
	lx := &lexer{source: source, shift: shift, src: src, line: 1, col: 1}
	if shift == 0 {
		// The source's line table finds the line at once: a file of many modules would
		// otherwise be scanned from the top for each.
		lx.off = start
		lx.line, lx.col = source.LineCol(start)
	} else {
		lx.advance(start)
	}
	return tokens{lx: lx}
}

// moduleToken lexes the next token of the module, and EOF after the `====` that closes it.
func (lx *lexer) moduleToken() (token, error) {
	if lx.closed {
		return token{kind: tokEOF, pos: lx.spot(), end: lx.spot()}, nil
	}
	t, err := lx.next()
	if err != nil {
		return token{}, err
	}
	switch {
	case t.kind == tokKeyword && t.text == "MODULE":
		lx.depth++
	case t.kind == tokEnd:
		lx.depth--
		lx.closed = lx.depth <= 0
	}
	return t, nil
}

// allTokens lexes the whole stream into one slice (ParseExpr's short input).
func allTokens(ts tokens) ([]token, error) {
	var out []token
	for ts.lx != nil {
		t, err := ts.lx.moduleToken()
		if err != nil {
			return nil, err
		}
		out = append(out, t)
		if t.kind == tokEOF {
			break
		}
	}
	return out, nil
}

// findModuleStart returns the offset of the first line of dashes followed
// by MODULE.
func findModuleStart(src string) (int, bool) {
	return findHeader(src, 0, "MODULE")
}

// findHeader returns the offset, at or after from, of the first run of four
// or more dashes followed by word (MODULE, or CONFIG for a configuration
// embedded in a .tla file).
func findHeader(src string, from int, word string) (int, bool) {
	for {
		i := strings.Index(src[from:], word)
		if i < 0 {
			return 0, false
		}
		i += from
		j := i
		for j > from && (src[j-1] == ' ' || src[j-1] == '\t') {
			j--
		}
		k := j
		for k > from && src[k-1] == '-' {
			k--
		}
		if j-k >= 4 {
			return k, true
		}
		// Unicode box-drawing dashes.
		k = j
		n := 0
		for k >= from+3 && src[k-3:k] == "─" {
			k -= 3
			n++
		}
		if n >= 4 {
			return k, true
		}
		from = i + len(word)
	}
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isWordByte(c byte) bool {
	return isLetter(c) || isDigit(c) || c == '_'
}

// skipSpace skips white space and comments.
func (lx *lexer) skipSpace() error {
	for lx.off < len(lx.src) {
		c := lx.src[lx.off]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			lx.advance(1)
		case strings.HasPrefix(lx.src[lx.off:], `\*`):
			n := strings.IndexByte(lx.src[lx.off:], '\n')
			if n < 0 {
				n = len(lx.src) - lx.off
			}
			lx.advance(n)
		case strings.HasPrefix(lx.src[lx.off:], "(*"):
			if err := lx.skipBlockComment(); err != nil {
				return err
			}
		default:
			return nil
		}
	}
	return nil
}

// skipBlockComment skips a possibly nested (* ... *) comment.
func (lx *lexer) skipBlockComment() error {
	start := lx.pos()
	depth := 0
	for lx.off < len(lx.src) {
		rest := lx.src[lx.off:]
		switch {
		case strings.HasPrefix(rest, "(*"):
			depth++
			lx.advance(2)
		case strings.HasPrefix(rest, "*)"):
			depth--
			lx.advance(2)
			if depth == 0 {
				return nil
			}
		default:
			// Skip to the next byte that may open or close a comment.
			n := strings.IndexAny(rest[1:], "(*")
			if n < 0 {
				lx.advance(len(rest))
			} else {
				lx.advance(n + 1)
			}
		}
	}
	return lx.errorf(start, "comment `(*` is not closed")
}

// next lexes one token.
func (lx *lexer) next() (token, error) {
	if err := lx.skipSpace(); err != nil {
		return token{}, err
	}
	at := lx.spot()
	if lx.off >= len(lx.src) {
		return token{kind: tokEOF, pos: at, end: at}, nil
	}
	tok, err := lx.scan(lx.pos())
	if err != nil {
		return token{}, err
	}
	tok.pos = at
	tok.end = lx.spot()
	return tok, nil
}

func (lx *lexer) scan(start ast.Pos) (token, error) {
	rest := lx.src[lx.off:]
	c := rest[0]
	switch {
	case strings.HasPrefix(rest, "----"):
		n := 0
		for n < len(rest) && rest[n] == '-' {
			n++
		}
		lx.advance(n)
		return token{kind: tokSep, text: "----"}, nil
	case strings.HasPrefix(rest, "===="):
		n := 0
		for n < len(rest) && rest[n] == '=' {
			n++
		}
		lx.advance(n)
		return token{kind: tokEnd, text: "===="}, nil
	case strings.HasPrefix(rest, "────"):
		for strings.HasPrefix(lx.src[lx.off:], "─") {
			lx.advance(len("─"))
		}
		return token{kind: tokSep, text: "----"}, nil
	case strings.HasPrefix(rest, "════"):
		for strings.HasPrefix(lx.src[lx.off:], "═") {
			lx.advance(len("═"))
		}
		return token{kind: tokEnd, text: "===="}, nil
	case c == '"':
		return lx.scanString(start)
	case isWordByte(c):
		return lx.scanWord(start)
	case c == '\\':
		return lx.scanBackslash(start)
	case c >= utf8.RuneSelf:
		r, size := utf8.DecodeRuneInString(rest)
		if name, ok := unicodeSymbols[r]; ok {
			lx.advance(size)
			return lx.subscripted(token{kind: tokSymbol, text: name}), nil
		}
		if name, ok := unicodeNames[r]; ok {
			lx.advance(size)
			return token{kind: tokIdent, text: name}, nil
		}
		if r == utf8.RuneError && size == 1 {
			return token{}, lx.errorf(start, "invalid UTF-8 byte 0x%02x", c)
		}
		return token{}, lx.errorf(start, "unexpected character %q", r)
	}
	if n := stepLabelLen(rest); n > 0 {
		lx.advance(n)
		return token{kind: tokStep, text: rest[:n]}, nil
	}
	if strings.HasPrefix(rest, "-.") && !strings.HasPrefix(rest, "-..") {
		lx.advance(2)
		return token{kind: tokSymbol, text: "-."}, nil
	}
	for _, s := range symbols {
		if strings.HasPrefix(rest, s) {
			lx.advance(len(s))
			if syn, ok := symbolSynonyms[s]; ok {
				s = syn
			}
			return lx.subscripted(token{kind: tokSymbol, text: s}), nil
		}
	}
	return token{}, lx.errorf(start, "unexpected character %q", c)
}

// stepLabelLen returns the length of a proof step label at the start of
// s (<1>, <1>a., <1>a..., <+>, <*>), or 0. A label has no spaces, so it cannot be
// confused with comparisons, which TLA+ does not chain anyway.
func stepLabelLen(s string) int {
	if len(s) < 3 || s[0] != '<' {
		return 0
	}
	i := 1
	switch {
	case s[1] == '+' || s[1] == '*':
		i = 2
	case isDigit(s[1]):
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	default:
		return 0
	}
	if i >= len(s) || s[i] != '>' {
		return 0
	}
	i++
	for i < len(s) && isWordByte(s[i]) {
		i++
	}
	// Any number of dots may follow, as in SANY's ProofStepDotLexeme and UnnumberedStepLexeme
	// ("<" level ">" name? "."+): `<1>a.....` is one token.
	for i < len(s) && s[i] == '.' {
		i++
	}
	return i
}

// subscripted turns `]` and `>>` immediately followed by `_` into the
// subscript tokens of [A]_v and <<A>>_v.
func (lx *lexer) subscripted(t token) token {
	if (t.text == "]" || t.text == ">>") && lx.off < len(lx.src) && lx.src[lx.off] == '_' {
		lx.advance(1)
		t.text += "_"
	}
	return t
}

func (lx *lexer) scanString(start ast.Pos) (token, error) {
	// Most strings have no escapes: their text is then a substring of the source, not a copy.
	if n := strings.IndexAny(lx.src[lx.off+1:], "\"\\\n"); n >= 0 && lx.src[lx.off+1+n] == '"' {
		text := lx.src[lx.off+1 : lx.off+1+n]
		if utf8.ValidString(text) {
			lx.advance(n + 2)
			return token{kind: tokString, text: text}, nil
		}
	}
	var b strings.Builder
	i := 1
	rest := lx.src[lx.off:]
	for {
		if i >= len(rest) || rest[i] == '\n' {
			return token{}, lx.errorf(start, "string literal is not terminated")
		}
		c := rest[i]
		if c == '"' {
			i++
			break
		}
		if c == '\\' {
			if i+1 >= len(rest) {
				return token{}, lx.errorf(start, "string literal is not terminated")
			}
			switch rest[i+1] {
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
				lx.advance(i)
				return token{}, lx.errorf(lx.pos(), "unknown escape sequence \\%c in string", rest[i+1])
			}
			i += 2
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(rest[i:])
			if r == utf8.RuneError && size == 1 {
				lx.advance(i)
				return token{}, lx.errorf(lx.pos(), "invalid UTF-8 byte 0x%02x in string", c)
			}
			b.WriteString(rest[i : i+size])
			i += size
			continue
		}
		b.WriteByte(c)
		i++
	}
	lx.advance(i)
	return token{kind: tokString, text: b.String()}, nil
}

func (lx *lexer) scanWord(start ast.Pos) (token, error) {
	rest := lx.src[lx.off:]
	if strings.HasPrefix(rest, "WF_") || strings.HasPrefix(rest, "SF_") {
		lx.advance(3)
		return token{kind: tokKeyword, text: rest[:3]}, nil
	}
	n := 0
	letters := false
	for n < len(rest) && isWordByte(rest[n]) {
		if isLetter(rest[n]) {
			letters = true
		}
		n++
	}
	word := rest[:n]
	if !letters {
		if strings.Trim(word, "_") == "" {
			lx.advance(1)
			return token{kind: tokSymbol, text: "_"}, nil
		}
		if strings.Contains(word, "_") {
			return token{}, lx.errorf(start, "malformed number %q", word)
		}
		// A decimal needs digits on both sides of the point; `1..2` is a range.
		if n+1 < len(rest) && rest[n] == '.' && isDigit(rest[n+1]) {
			m := n + 1
			for m < len(rest) && isDigit(rest[m]) {
				m++
			}
			lit := rest[:m]
			lx.advance(m)
			return token{kind: tokNumber, text: lit}, nil
		}
		lx.advance(n)
		return token{kind: tokNumber, text: trimZeros(word)}, nil
	}
	lx.advance(n)
	if keywords[word] {
		return token{kind: tokKeyword, text: word}, nil
	}
	return token{kind: tokIdent, text: word}, nil
}

func trimZeros(s string) string {
	t := strings.TrimLeft(s, "0")
	if t == "" {
		return "0"
	}
	return t
}

func (lx *lexer) scanBackslash(start ast.Pos) (token, error) {
	rest := lx.src[lx.off:]
	if strings.HasPrefix(rest, `\/`) {
		lx.advance(2)
		return token{kind: tokSymbol, text: `\/`}, nil
	}
	n := 1
	for n < len(rest) && isLetter(rest[n]) {
		n++
	}
	word := rest[1:n]
	// Numbers in other bases: \b101, \o17, \h1F (also upper-case prefixes).
	if len(word) >= 1 {
		base := 0
		switch word[0] {
		case 'b', 'B':
			base = 2
		case 'o', 'O':
			base = 8
		case 'h', 'H':
			base = 16
		}
		if base != 0 {
			m := 2
			for m < len(rest) && (isDigit(rest[m]) || isLetter(rest[m])) {
				m++
			}
			digits := rest[2:m]
			if digits != "" && (base == 16 || isDigit(digits[0])) {
				v, ok := new(big.Int).SetString(digits, base)
				if !ok {
					return token{}, lx.errorf(start, "malformed base-%d number %q", base, rest[:m])
				}
				lx.advance(m)
				return token{kind: tokNumber, text: v.String()}, nil
			}
		}
	}
	if word == "" {
		lx.advance(1)
		return token{kind: tokSymbol, text: `\`}, nil
	}
	name, ok := backslashWords[word]
	if !ok {
		return token{}, lx.errorf(start, "unknown operator \\%s", word)
	}
	lx.advance(n)
	return token{kind: tokSymbol, text: name}, nil
}
