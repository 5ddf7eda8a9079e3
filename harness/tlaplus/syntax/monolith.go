package syntax

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/dsref/dsref/harness/tlaplus/ast"
)

// File is what a .tla file holds: one or more modules one after another (text between them is
// ignored, as SANY ignores it), the first being the file's own, and possibly TLC configurations
// written as `---- CONFIG Name ----` ... `====` blocks, as TLC accepts them in a monolithic spec.
type File struct {
	Modules []*ast.Module
	Configs []*Config
}

// Config is a configuration embedded in a .tla file.
type Config struct {
	Name string
	Pos  ast.Pos // the CONFIG header
	// Text is the configuration's text, preceded by as many newlines as it starts after the top of
	// the file, so that its line numbers are the file's.
	Text string
}

var configHeader = regexp.MustCompile(`^(?:-{4,}|(?:─){4,})[ \t]*CONFIG[ \t]+([A-Za-z0-9_]+)[ \t]*(?:-{4,}|(?:─){4,})`)

// ParseFile parses every module and configuration of a .tla file, in order.
func ParseFile(file string, src []byte) (*File, error) {
	if err := checkSize(file, len(src)); err != nil {
		return nil, err
	}
	text := string(src)
	source := ast.NewSource(file, text)
	out := &File{}
	from := 0
	var buf []token // the token window, reused from module to module
	confOK := true
	for {
		mod, modOK := findHeader(text, from, "MODULE")
		var conf int
		if confOK {
			// Once there is no configuration left, do not look again for each module.
			conf, confOK = findHeader(text, from, "CONFIG")
		}
		switch {
		case confOK && (!modOK || conf < mod):
			c, end, err := parseEmbeddedConfig(source, text, conf)
			if err != nil {
				return nil, err
			}
			if c != nil {
				out.Configs = append(out.Configs, c)
			}
			from = end
		case modOK:
			m, end, err := parseModuleAt(source, text, mod, &buf)
			if err != nil {
				return nil, err
			}
			out.Modules = append(out.Modules, m)
			from = end
		default:
			if len(out.Modules) == 0 {
				return nil, &Error{Pos: ast.LinePos(file, 1, 1), Msg: "expected a module header `---- MODULE Name ----`, found none"}
			}
			return out, nil
		}
	}
}

// parseModuleAt parses the module whose header starts at offset start and returns it with the
// offset just after its closing `====`.
// buf holds the token window of the module parsed before, for this one to reuse.
func parseModuleAt(source *ast.Source, src string, start int, buf *[]token) (m *ast.Module, end int, err error) {
	p := &parser{source: source, src: src, toks: tokenizeAt(source, src, 0, start)}
	p.toks.buf = (*buf)[:0]
	defer func() { *buf = p.toks.buf }()
	defer p.recover(&err)
	m = p.parseModule()
	if t := p.tok(); t.kind != tokEOF {
		p.fail(t, "end of module")
	}
	return m, int(p.toks.at(p.i - 1).end.Offset), nil
}

// parseEmbeddedConfig reads the CONFIG block whose header starts at offset start. A header the
// pattern does not match (the word CONFIG after dashes in a comment, say) is no block.
func parseEmbeddedConfig(source *ast.Source, src string, start int) (*Config, int, error) {
	line := src[start:]
	if i := strings.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	m := configHeader.FindStringSubmatch(line)
	if m == nil {
		return nil, start + len(line), nil
	}
	pos := source.Pos(start)
	body := start + len(m[0])
	stop := regexp.MustCompile(`(?m)^[ \t]*(?:={4,}|(?:═){4,})`).FindStringIndex(src[body:])
	if stop == nil {
		return nil, 0, &Error{Pos: pos, Msg: fmt.Sprintf("the configuration %s has no closing ====", m[1])}
	}
	text := strings.Repeat("\n", pos.Line()-1) + strings.Repeat(" ", len(m[0])) + src[body:body+stop[0]]
	return &Config{Name: m[1], Pos: pos, Text: text}, body + stop[1], nil
}
