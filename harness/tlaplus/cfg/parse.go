package cfg

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// keywords maps every keyword TLC's configuration grammar knows to the section it opens.
var keywords = map[string]string{
	"CONSTANT":           "CONSTANT",
	"CONSTANTS":          "CONSTANT",
	"INIT":               "INIT",
	"NEXT":               "NEXT",
	"SPECIFICATION":      "SPECIFICATION",
	"INVARIANT":          "INVARIANT",
	"INVARIANTS":         "INVARIANT",
	"PROPERTY":           "PROPERTY",
	"PROPERTIES":         "PROPERTY",
	"CONSTRAINT":         "CONSTRAINT",
	"CONSTRAINTS":        "CONSTRAINT",
	"ACTION_CONSTRAINT":  "ACTION_CONSTRAINT",
	"ACTION_CONSTRAINTS": "ACTION_CONSTRAINT",
	"SYMMETRY":           "SYMMETRY",
	"VIEW":               "VIEW",
	"ALIAS":              "ALIAS",
	"POSTCONDITION":      "POSTCONDITION",
	"CHECK_DEADLOCK":     "CHECK_DEADLOCK",
}

// ParseFile reads and parses the configuration file at path.
func ParseFile(path string) (*Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() > int64(MaxSourceSize) {
		return nil, tooLarge(path, st.Size())
	}
	data, err := io.ReadAll(io.LimitReader(f, int64(MaxSourceSize)+1))
	if err != nil {
		return nil, err
	}
	return Parse(path, string(data))
}

// MaxSourceSize is the longest configuration, in bytes, that Parse and ParseFile accept. The
// parser reads one token at a time; what it keeps is the configuration and the values it
// assigns, at most about 25 bytes per byte of input (deeply nested set values, measured by
// fuzz/bounds), so the bound keeps a configuration from taking more than about 200 MB.
var MaxSourceSize = 8 << 20

func tooLarge(file string, n int64) error {
	return &Error{Pos: Pos{File: file, Line: 1, Col: 1}, Msg: fmt.Sprintf(
		"the configuration is %d bytes, more than the %d (%d MiB) the parser reads (cfg.MaxSourceSize bounds its memory)",
		n, MaxSourceSize, MaxSourceSize>>20)}
}

// Parse parses the text of a configuration; file names it in error messages.
func Parse(file, src string) (*Config, error) {
	if len(src) > MaxSourceSize {
		return nil, tooLarge(file, int64(len(src)))
	}
	p := &parser{lx: lexer{src: src, file: file, line: 1, col: 1}, cfg: &Config{File: file}}
	if err := p.advance(); err != nil {
		return nil, err
	}
	if err := p.parseFile(); err != nil {
		return nil, err
	}
	return p.cfg, nil
}

type parser struct {
	lx    lexer
	tok   token
	cfg   *Config
	depth int // sets and tuples being parsed, one inside the other
}

// maxValueDepth bounds the nesting of sets and tuples in a value, so that hostile input fails
// with an error instead of exhausting the stack (a value nested four million deep fits in
// MaxSourceSize and would crash the process).
const maxValueDepth = 1000

func (p *parser) advance() error {
	t, err := p.lx.next()
	if err != nil {
		return err
	}
	p.tok = t
	return nil
}

func (p *parser) errorf(pos Pos, format string, args ...any) error {
	return &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) isKeyword() bool {
	_, ok := keywords[p.tok.text]
	return p.tok.kind == tokIdent && ok
}

func (p *parser) atPunct(s string) bool { return p.tok.kind == tokPunct && p.tok.text == s }

// peekArgs says, at the ( after a constant's name, whether values follow (F(0) = 1, a line of
// an operator's table) rather than the _ of a parameter list (F(_) <- G).
func (p *parser) peekArgs() bool {
	lx := p.lx
	t, err := lx.next()
	return err == nil && !(t.kind == tokIdent && t.text == "_")
}

func (p *parser) expectPunct(s string) error {
	if !p.atPunct(s) {
		return p.errorf(p.tok.pos, "expected %q, found %s", s, p.tok.describe())
	}
	return p.advance()
}

func (p *parser) parseFile() error {
	for p.tok.kind != tokEOF {
		if !p.isKeyword() {
			return p.errorf(p.tok.pos, "expected a configuration keyword (%s), found %s", keywordList(), p.tok.describe())
		}
		kw := p.tok
		section := keywords[kw.text]
		if err := p.advance(); err != nil {
			return err
		}
		var err error
		switch section {
		case "CONSTANT":
			err = p.parseConstants(kw)
		case "INIT":
			err = p.parseSingle(kw, &p.cfg.Init)
		case "NEXT":
			err = p.parseSingle(kw, &p.cfg.Next)
		case "SPECIFICATION":
			err = p.parseSingle(kw, &p.cfg.Specification)
		case "SYMMETRY":
			err = p.parseSingle(kw, &p.cfg.Symmetry)
		case "VIEW":
			err = p.parseSingle(kw, &p.cfg.View)
		case "ALIAS":
			err = p.parseSingle(kw, &p.cfg.Alias)
		case "POSTCONDITION":
			err = p.parseSingle(kw, &p.cfg.Postcondition)
		case "INVARIANT":
			err = p.parseNames(kw, &p.cfg.Invariants)
		case "PROPERTY":
			err = p.parseNames(kw, &p.cfg.Properties)
		case "CONSTRAINT":
			err = p.parseNames(kw, &p.cfg.Constraints)
		case "ACTION_CONSTRAINT":
			err = p.parseNames(kw, &p.cfg.ActionConstraints)
		case "CHECK_DEADLOCK":
			err = p.parseDeadlock(kw)
		}
		if err != nil {
			return err
		}
	}
	if p.cfg.Specification != nil && (p.cfg.Init != nil || p.cfg.Next != nil) {
		at := p.cfg.Specification.Pos
		return p.errorf(at, "SPECIFICATION cannot be combined with INIT or NEXT: give either SPECIFICATION or INIT and NEXT")
	}
	if (p.cfg.Init == nil) != (p.cfg.Next == nil) {
		if p.cfg.Init != nil {
			return p.errorf(p.cfg.Init.Pos, "INIT given without NEXT")
		}
		return p.errorf(p.cfg.Next.Pos, "NEXT given without INIT")
	}
	return nil
}

func keywordList() string {
	return "CONSTANT(S), INIT, NEXT, SPECIFICATION, INVARIANT(S), PROPERTY(IES), CONSTRAINT(S), " +
		"ACTION_CONSTRAINT(S), SYMMETRY, VIEW, ALIAS, POSTCONDITION or CHECK_DEADLOCK"
}

func (p *parser) expectName(what string) (Name, error) {
	if p.tok.kind != tokIdent || p.isKeyword() {
		return Name{}, p.errorf(p.tok.pos, "expected %s, found %s", what, p.tok.describe())
	}
	n := Name{Name: p.tok.text, Pos: p.tok.pos}
	return n, p.advance()
}

func (p *parser) parseSingle(kw token, dst **Name) error {
	if *dst != nil {
		return p.errorf(kw.pos, "%s given twice (first at %s)", kw.text, (*dst).Pos)
	}
	n, err := p.expectName("an operator name after " + kw.text)
	if err != nil {
		return err
	}
	*dst = &n
	if p.tok.kind == tokIdent && !p.isKeyword() {
		return p.errorf(p.tok.pos, "%s takes exactly one name, found a second one %q", kw.text, p.tok.text)
	}
	return nil
}

// parseNames reads the names after INVARIANT, PROPERTY, CONSTRAINT or ACTION_CONSTRAINT: any
// number of them, none included, as TLC reads them.
func (p *parser) parseNames(kw token, dst *[]Name) error {
	if p.tok.kind != tokEOF && !(p.tok.kind == tokIdent && !p.isKeyword()) && !p.isKeyword() {
		return p.errorf(p.tok.pos, "expected an operator name after %s, found %s", kw.text, p.tok.describe())
	}
	for p.tok.kind == tokIdent && !p.isKeyword() {
		*dst = append(*dst, Name{Name: p.tok.text, Pos: p.tok.pos})
		if err := p.advance(); err != nil {
			return err
		}
	}
	return nil
}

func (p *parser) parseDeadlock(kw token) error {
	if p.cfg.CheckDeadlock != nil {
		return p.errorf(kw.pos, "CHECK_DEADLOCK given twice")
	}
	if p.tok.kind != tokIdent || (p.tok.text != "TRUE" && p.tok.text != "FALSE") {
		return p.errorf(p.tok.pos, "expected TRUE or FALSE after CHECK_DEADLOCK, found %s", p.tok.describe())
	}
	v := p.tok.text == "TRUE"
	p.cfg.CheckDeadlock = &v
	return p.advance()
}

// parseConstants reads the entries of a CONSTANT(S) section: any number, none included, as TLC
// reads them.
func (p *parser) parseConstants(kw token) error {
	if p.tok.kind != tokEOF && p.tok.kind != tokIdent {
		return p.errorf(p.tok.pos, "expected a constant assignment (C = value or C <- Def) after %s, found %s", kw.text, p.tok.describe())
	}
	for p.tok.kind == tokIdent && !p.isKeyword() {
		if err := p.parseConstant(); err != nil {
			return err
		}
	}
	return nil
}

func (p *parser) parseConstant() error {
	c := Constant{Name: Name{Name: p.tok.text, Pos: p.tok.pos}}
	if err := p.advance(); err != nil {
		return err
	}
	if p.atPunct("(") && p.peekArgs() {
		args, err := p.parseValueList(")")
		if err != nil {
			return err
		}
		if len(args) == 0 {
			return p.errorf(c.Name.Pos, "expected arguments or _ in the parameter list of %s", c.Name.Name)
		}
		c.Args = args
	} else if p.atPunct("(") {
		if err := p.advance(); err != nil {
			return err
		}
		for {
			if p.tok.kind != tokIdent || p.tok.text != "_" {
				return p.errorf(p.tok.pos, "expected _ in the parameter list of %s, found %s", c.Name.Name, p.tok.describe())
			}
			c.Arity++
			if err := p.advance(); err != nil {
				return err
			}
			if p.atPunct(")") {
				break
			}
			if err := p.expectPunct(","); err != nil {
				return err
			}
		}
		if err := p.advance(); err != nil {
			return err
		}
	}
	switch {
	case p.atPunct("="):
		c.Kind = Assign
	case p.atPunct("<-") && c.Args == nil:
		c.Kind = Substitute
	default:
		return p.errorf(p.tok.pos, "expected = or <- after constant %s, found %s", c.Name.Name, p.tok.describe())
	}
	if err := p.advance(); err != nil {
		return err
	}
	if p.atPunct("[") {
		if err := p.advance(); err != nil {
			return err
		}
		mod, err := p.expectName("a module name in [Module]")
		if err != nil {
			return err
		}
		c.Module = mod.Name
		if err := p.expectPunct("]"); err != nil {
			return err
		}
	}
	if c.Kind == Substitute {
		t, err := p.expectName("the name of a definition after <-")
		if err != nil {
			return err
		}
		c.Target = t
	} else {
		if c.Arity > 0 {
			return p.errorf(c.Name.Pos, "operator constant %s takes parameters; give it a definition with <- instead of a value", c.Name.Name)
		}
		v, err := p.parseValue()
		if err != nil {
			return err
		}
		c.Value = v
	}
	for _, prev := range p.cfg.Constants {
		if prev.Name.Name == c.Name.Name && prev.Module == c.Module && c.Args != nil && prev.Args != nil {
			if len(prev.Args) != len(c.Args) {
				// TLC's EC.TLC_CONFIG_OP_ARITY_INCONSISTENT.
				return p.errorf(c.Name.Pos, "The arity of the operator %s is inconsistent in the configuration file.", c.Name.Name)
			}
			continue
		}
		if prev.Name.Name == c.Name.Name && prev.Module == c.Module {
			return p.errorf(c.Name.Pos, "constant %s assigned twice (first at %s)", c.Name.Name, prev.Name.Pos)
		}
	}
	p.cfg.Constants = append(p.cfg.Constants, c)
	return nil
}

func (p *parser) parseValue() (Value, error) {
	t := p.tok
	switch {
	case t.kind == tokNumber:
		return Int{V: t.num}, p.advance()
	case t.kind == tokString:
		return Str{V: t.text}, p.advance()
	case t.kind == tokIdent && (t.text == "TRUE" || t.text == "FALSE"):
		return Bool{V: t.text == "TRUE"}, p.advance()
	case t.kind == tokIdent && !p.isKeyword() && !strings.HasPrefix(t.text, "\\"):
		return ModelValue{Name: t.text}, p.advance()
	case p.atPunct("{"):
		elems, err := p.parseValueList("}")
		return Set{Elems: elems}, err
	case p.atPunct("<<"):
		elems, err := p.parseValueList(">>")
		return Tuple{Elems: elems}, err
	}
	return nil, p.errorf(t.pos, "expected a value (integer, string, TRUE, FALSE, model value, {set} or <<tuple>>), found %s", t.describe())
}

func (p *parser) parseValueList(closer string) ([]Value, error) {
	if p.depth++; p.depth > maxValueDepth {
		return nil, p.errorf(p.tok.pos, "value nested more than %d sets and tuples deep", maxValueDepth)
	}
	defer func() { p.depth-- }()
	if err := p.advance(); err != nil {
		return nil, err
	}
	var elems []Value
	if p.atPunct(closer) {
		return elems, p.advance()
	}
	for {
		v, err := p.parseValue()
		if err != nil {
			return nil, err
		}
		elems = append(elems, v)
		if p.atPunct(closer) {
			return elems, p.advance()
		}
		if !p.atPunct(",") {
			return nil, p.errorf(p.tok.pos, "expected \",\" or %q in a value list, found %s", closer, p.tok.describe())
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
	}
}
