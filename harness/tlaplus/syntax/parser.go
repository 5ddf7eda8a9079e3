package syntax

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dsref/dsref/harness/tlaplus/ast"
)

// maxDepth bounds expression nesting so that hostile input fails with an
// error instead of exhausting the stack.
const maxDepth = 1000

// maxModuleDepth bounds the nesting of modules inside modules, for the same reason: the parser,
// the semantic check and the evaluator each recurse once per nested module.
const maxModuleDepth = 100

// tokFence is returned by parser.tok for a token that lies at or left of
// the column of an enclosing bulleted list: for the expression being
// parsed it is as good as the end of input.
const tokFence tokenKind = -1

// bailout carries a syntax error up the recursive descent; Parse* recover
// it and return the error. No other panic is recovered.
type bailout struct{ err error }

type parser struct {
	source *ast.Source // the file the nodes' positions point into
	src    string      // the text the tokens' positions refer to
	toks   tokens
	i      int
	// exprs and fields are stacks on which lists are collected (nested lists above the lists
	// they are part of), so that each list is allocated once at its final length: growing it
	// by append would allocate about twice over.
	exprs  []ast.Expr
	fields []*ast.Field
	steps  []*ast.Step
	// levels holds the level of the steps of each proof being parsed, innermost last: the level
	// that <*>a and <+>a name in an expression (see stepRef).
	levels []int
	// pins holds the start of each speculative parse in progress (see try): the tokens from
	// the oldest on must stay in the stream's window.
	pins   []int
	fences []int // columns of the enclosing bulleted /\ and \/ lists
	depth  int
	// modules counts the modules being parsed inside the outermost one.
	modules int
	// failed remembers speculative parses that failed, so nested
	// brackets cannot make backtracking exponential.
	failed map[tryKey]bool
}

// tryKey identifies a speculative parse: the production, where it starts
// and the innermost fence in force (the only context it depends on).
type tryKey struct {
	what   string
	i      int
	fence  int
	fences int
}

// ParseModule parses the first module in src (text before its header and
// after its closing ==== is ignored, as SANY does). file is used in
// positions and error messages.
func ParseModule(file string, src []byte) (m *ast.Module, err error) {
	if err := checkSize(file, len(src)); err != nil {
		return nil, err
	}
	text := string(src)
	source := ast.NewSource(file, text)
	toks, err := tokenize(source, text, 0)
	if err != nil {
		return nil, err
	}
	p := &parser{source: source, src: text, toks: toks}
	defer p.recover(&err)
	m = p.parseModule()
	if t := p.tok(); t.kind != tokEOF {
		p.fail(t, "end of module")
	}
	return m, nil
}

// ParseExpr parses a single expression, for tools and tests. file names
// the source in error messages.
func ParseExpr(file, src string) (x ast.Expr, err error) {
	// The lexer needs a module header to start; give it one on line 0 so
	// that positions still refer to the caller's text.
	const header = "---- MODULE Expr ----\n"
	if err := checkSize(file, len(src)); err != nil {
		return nil, err
	}
	source := ast.NewSource(file, src)
	stream, err := tokenize(source, header+src+"\n====\n", len(header))
	if err != nil {
		return nil, err
	}
	toks, err := allTokens(stream)
	if err != nil {
		return nil, err
	}
	for i := range toks {
		toks[i].pos = shiftPos(toks[i].pos, len(header))
		toks[i].end = shiftPos(toks[i].end, len(header))
	}
	// The lexer stops at the first ==== that closes the module; it must be
	// the one added above, not one inside src.
	if end := toks[len(toks)-2]; end.kind != tokEnd || int(end.pos.Offset) != len(src)+1 {
		for _, t := range toks[4:] {
			if t.kind == tokEnd || t.kind == tokEOF {
				return nil, &Error{Pos: source.Pos(int(t.pos.Offset)), Msg: "expected an expression, found " + t.describe(src)}
			}
		}
	}
	// Drop the header tokens and the closing ====.
	toks = toks[4 : len(toks)-2]
	toks = append(toks, token{kind: tokEOF})
	if n := len(toks); n >= 2 {
		toks[n-1].pos = toks[n-2].end
		toks[n-1].end = toks[n-2].end
	}
	p := &parser{source: source, src: src, toks: tokensOf(toks)}
	defer p.recover(&err)
	x = p.parseExpr()
	if t := p.tok(); t.kind != tokEOF {
		p.fail(t, "end of expression")
	}
	return x, nil
}

func shiftPos(p spot, headerLen int) spot {
	p.Line--
	p.Offset -= int32(headerLen)
	return p
}

func (p *parser) recover(err *error) {
	if r := recover(); r != nil {
		b, ok := r.(bailout)
		if !ok {
			panic(r)
		}
		*err = b.err
	}
}

// raw returns the current token ignoring fences.
func (p *parser) raw() token { return *p.toks.at(p.i) }

// at is the position s of a token of the file being parsed.
func (p *parser) at(s spot) ast.Pos { return p.source.Pos(int(s.Offset)) }

// tok returns the current token, or a tokFence token if it is fenced off
// by an enclosing bulleted list.
func (p *parser) tok() token {
	t := *p.toks.at(p.i)
	if n := len(p.fences); n > 0 && t.kind != tokEOF && int(t.pos.Col) <= p.fences[n-1] {
		return token{kind: tokFence, pos: t.pos, end: t.pos, text: t.text}
	}
	return t
}

// peek returns the token n positions ahead (fences ignored).
func (p *parser) peek(n int) token { return *p.toks.at(p.i + n) }

// peekIs reports whether the token n positions ahead has the given kind
// and text.
func (p *parser) peekIs(n int, kind tokenKind, text string) bool {
	t := p.peek(n)
	return t.kind == kind && t.text == text
}

func (p *parser) next() token {
	t := p.tok()
	if t.kind == tokEOF || t.kind == tokFence {
		p.fail(t, "more input")
	}
	p.advance()
	return t
}

// advance moves to the next token and lets the stream drop the tokens the parser cannot return
// to: those before the previous token (ended reads its end) and before any speculative parse.
func (p *parser) advance() {
	p.i++
	keep := p.i - 1
	if len(p.pins) > 0 && p.pins[0] < keep {
		keep = p.pins[0]
	}
	if p.toks.release(keep) && len(p.failed) > 0 {
		// The parser cannot return before the window: forget the failures recorded there.
		for k := range p.failed {
			if k.i < p.toks.base {
				delete(p.failed, k)
			}
		}
	}
}

// errSpeculative is the error of a failed speculative parse: try discards it, so it is not
// worth a message (a generated module of sets of model values, {s1, s2}, fails one such parse
// per set).
var errSpeculative = &Error{Msg: "speculative parse failed"}

func (p *parser) fail(t token, expected string) {
	if len(p.pins) > 0 {
		panic(bailout{errSpeculative})
	}
	found := t.describe(p.src)
	if t.kind == tokFence {
		found = fmt.Sprintf("`%s` at column %d, left of the enclosing /\\ or \\/ list", t.text, t.pos.Col)
	}
	panic(bailout{&Error{Pos: p.at(t.pos), Msg: "expected " + expected + ", found " + found}})
}

func (p *parser) failf(pos ast.Pos, format string, args ...any) {
	if len(p.pins) > 0 {
		panic(bailout{errSpeculative})
	}
	panic(bailout{&Error{Pos: pos, Msg: fmt.Sprintf(format, args...)}})
}

func (p *parser) isSym(text string) bool {
	t := p.tok()
	return t.kind == tokSymbol && t.text == text
}

func (p *parser) isKw(text string) bool {
	t := p.tok()
	return t.kind == tokKeyword && t.text == text
}

func (p *parser) expectSym(text string) token {
	if !p.isSym(text) {
		p.fail(p.tok(), "`"+text+"`")
	}
	return p.next()
}

func (p *parser) expectKw(text string) token {
	if !p.isKw(text) {
		p.fail(p.tok(), text)
	}
	return p.next()
}

func (p *parser) expectIdent() *ast.Ident {
	t := p.tok()
	if t.kind != tokIdent {
		p.fail(t, "an identifier")
	}
	p.next()
	return &ast.Ident{Pos: p.at(t.pos), Name: t.text}
}

func (p *parser) enter() {
	p.depth++
	if p.depth > maxDepth {
		p.failf(p.at(p.tok().pos), "expression nested more than %d levels deep", maxDepth)
	}
}

func (p *parser) leave() { p.depth-- }

// try runs f and reports whether it succeeded; on failure the parser is
// restored to where it was, so the caller can try another production.
func (p *parser) try(what string, f func()) (ok bool) {
	saveI, saveFences, saveDepth := p.i, len(p.fences), p.depth
	saveExprs, saveFields, saveSteps := len(p.exprs), len(p.fields), len(p.steps)
	key := tryKey{what: what, i: p.i, fences: len(p.fences)}
	if len(p.fences) > 0 {
		key.fence = p.fences[len(p.fences)-1]
	}
	if p.failed[key] {
		return false
	}
	p.pins = append(p.pins, saveI)
	defer func() {
		p.pins = p.pins[:len(p.pins)-1]
		if r := recover(); r != nil {
			if _, isBail := r.(bailout); !isBail {
				panic(r)
			}
			p.i, p.fences, p.depth = saveI, p.fences[:saveFences], saveDepth
			clear(p.exprs[saveExprs:])
			clear(p.fields[saveFields:])
			clear(p.steps[saveSteps:])
			p.exprs, p.fields, p.steps = p.exprs[:saveExprs], p.fields[:saveFields], p.steps[:saveSteps]
			if p.failed == nil {
				p.failed = make(map[tryKey]bool)
			}
			p.failed[key] = true
			ok = false
		}
	}()
	f()
	return true
}

// popList returns the items of *stack from index start on, in a slice of their own, and pops
// them.
func popList[T any](stack *[]T, start int) []T {
	items := slices.Clone((*stack)[start:])
	clear((*stack)[start:])
	*stack = (*stack)[:start]
	return items
}

func describeList(words ...string) string {
	return strings.Join(words, " or ")
}
