package conformance

import (
	"bufio"
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"strings"
)

// Kind says what a citation stands for.
type Kind int

const (
	// Implementation is a Go declaration outside test files that implements a requirement.
	Implementation Kind = iota
	// Model is a TLA+ definition that states or checks a requirement.
	Model
	// Test is a Go test, fuzz, benchmark or example function, or a datadriven script.
	Test
)

func (k Kind) String() string {
	switch k {
	case Implementation:
		return "implementation"
	case Model:
		return "model"
	case Test:
		return "test"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// A Citation is one place that refers to a requirement.
type Citation struct {
	ID     string
	Kind   Kind
	Symbol string // what cites: "clocks.VectorClock.Compare", "VectorClock!StrongClockCondition", a script path
	File   string // relative to the repository root
	Line   int
}

var (
	citeRE = regexp.MustCompile(`\b(?:Implements|Checks|Tests)\s+(` + idPattern + `(?:\s*(?:,|and)\s*` + idPattern + `)*)`)
	idRE   = regexp.MustCompile(idPattern)
)

// Checks reports whether the citation is evidence that the requirement is tested: a test,
// fuzz target or example function, or a datadriven script. A benchmark citing a requirement is
// listed with the tests but checks nothing: go test does not run it.
func (c Citation) Checks() bool {
	return c.Kind == Test && !strings.HasPrefix(c.Symbol, "Benchmark")
}

// quotedRE matches quoted text: "...", `...` and “...”. A citation inside quotes is an example
// of the form (`# comments, such as "# Tests RAFT-ELECT-7."`), not a claim.
var quotedRE = regexp.MustCompile("\"[^\"]*\"|`[^`]*`|“[^”]*”")

// citedIDs returns the IDs cited in comment text, leaving out quoted text.
func citedIDs(text string) []string {
	text = quotedRE.ReplaceAllString(text, " ")
	var ids []string
	for _, m := range citeRE.FindAllStringSubmatch(text, -1) {
		ids = append(ids, idRE.FindAllString(m[1], -1)...)
	}
	return ids
}

// goCommentText returns the text of a Go comment that can cite: a line comment's text, or each
// line of a block comment, without the lines of a doc comment's code blocks (indented with a
// tab), which show examples rather than make claims.
func goCommentText(c string) string {
	var lines []string
	for _, line := range strings.Split(c, "\n") {
		line = strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(line), "//"), "/*")
		if strings.HasPrefix(line, "\t") {
			continue
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// goCitations returns the citations in one Go source file. In a _test.go file every citation is a
// Test attributed to the enclosing or following function; elsewhere it is an Implementation
// attributed to the enclosing or following declaration.
func goCitations(rel string, src []byte, pkgName string) ([]Citation, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, rel, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	kind := Implementation
	if strings.HasSuffix(rel, "_test.go") {
		kind = Test
	}
	var out []Citation
	for _, group := range f.Comments {
		for _, c := range group.List {
			ids := citedIDs(goCommentText(c.Text))
			if len(ids) == 0 {
				continue
			}
			pos := fset.Position(c.Pos())
			symbol := declFor(f, c.Pos())
			if symbol == "" {
				return nil, fmt.Errorf("%s:%d: citation of %s is not attached to any declaration", rel, pos.Line, strings.Join(ids, ", "))
			}
			if kind == Implementation {
				symbol = pkgName + "." + symbol
			}
			for _, id := range ids {
				out = append(out, Citation{ID: id, Kind: kind, Symbol: symbol, File: rel, Line: pos.Line})
			}
		}
	}
	return out, nil
}

// declFor names the declaration that encloses pos, or else the first one after it.
func declFor(f *ast.File, pos token.Pos) string {
	for _, d := range f.Decls {
		if pos < d.End() {
			return declName(d, pos)
		}
	}
	return ""
}

func declName(d ast.Decl, pos token.Pos) string {
	switch d := d.(type) {
	case *ast.FuncDecl:
		return funcName(d)
	case *ast.GenDecl:
		for _, s := range d.Specs {
			if pos < s.End() || s == d.Specs[len(d.Specs)-1] {
				return specName(s)
			}
		}
	}
	return ""
}

func specName(s ast.Spec) string {
	switch s := s.(type) {
	case *ast.TypeSpec:
		return s.Name.Name
	case *ast.ValueSpec:
		return s.Names[0].Name
	}
	return ""
}

func funcName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	t := fd.Recv.List[0].Type
	for {
		switch tt := t.(type) {
		case *ast.StarExpr:
			t = tt.X
			continue
		case *ast.IndexExpr:
			t = tt.X
			continue
		case *ast.IndexListExpr:
			t = tt.X
			continue
		case *ast.Ident:
			return tt.Name + "." + fd.Name.Name
		}
		return fd.Name.Name
	}
}

var tlaDefRE = regexp.MustCompile(`^(?:LOCAL\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*(?:\([^)]*\)|\[[^\]]*\])?\s*==`)

// tlaCitations returns the citations in a TLA+ module: a "Checks" comment on a definition's
// line, or on the lines directly above it, is attributed to that definition.
func tlaCitations(rel string, src []byte, module string) ([]Citation, error) {
	type pending struct {
		ids  []string
		line int
	}
	var (
		out     []Citation
		waiting []pending
	)
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		code, comment := text, ""
		if i := strings.Index(text, `\*`); i >= 0 {
			code, comment = text[:i], text[i:]
		}
		if ids := citedIDs(comment); len(ids) > 0 {
			waiting = append(waiting, pending{ids: ids, line: line})
		}
		if m := tlaDefRE.FindStringSubmatch(code); m != nil {
			for _, p := range waiting {
				for _, id := range p.ids {
					out = append(out, Citation{ID: id, Kind: Model, Symbol: module + "!" + m[1], File: rel, Line: p.line})
				}
			}
			waiting = nil
			continue
		}
		if strings.TrimSpace(code) != "" && len(waiting) > 0 {
			return nil, fmt.Errorf("%s:%d: citation of %s is not directly above a definition", rel, waiting[0].line, strings.Join(waiting[0].ids, ", "))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %v", rel, err)
	}
	if len(waiting) > 0 {
		return nil, fmt.Errorf("%s:%d: citation of %s is not directly above a definition", rel, waiting[0].line, strings.Join(waiting[0].ids, ", "))
	}
	return out, nil
}

// scriptCitations returns the "# Tests" citations of a datadriven testdata script.
func scriptCitations(rel string, src []byte) []Citation {
	var out []Citation
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(text, "#") {
			continue
		}
		for _, id := range citedIDs(text) {
			out = append(out, Citation{ID: id, Kind: Test, Symbol: rel, File: rel, Line: line})
		}
	}
	return out
}
