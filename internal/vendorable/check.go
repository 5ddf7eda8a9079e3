package vendorable

import (
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// ReferencePackages are the top-level folders that must be vendorable alone.
var ReferencePackages = []string{"clocks", "paxos", "quorum", "raft"}

// testOnlyImports are the modules test files may use besides the standard library.
var testOnlyImports = []string{"pgregory.net/rapid", "github.com/stretchr/testify"}

// A Violation is one import that breaks the rule.
type Violation struct {
	File   string // relative to the repository root
	Line   int
	Import string
}

func (v Violation) String() string {
	return fmt.Sprintf("%s:%d: imports %q, which is neither the standard library nor its own tree", v.File, v.Line, v.Import)
}

// Check reports every import in root/folder (recursively, testdata excluded) that is not allowed
// for a reference package of module modulePath. It also returns how many Go files it read.
func Check(root, modulePath, folder string) ([]Violation, int, error) {
	own := modulePath + "/" + folder
	var (
		violations []Violation
		files      int
	)
	err := filepath.WalkDir(filepath.Join(root, folder), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "testdata" || (strings.HasPrefix(d.Name(), ".") && d.Name() != ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		files++
		isTest := strings.HasSuffix(path, "_test.go")
		for _, spec := range f.Imports {
			imp, err := strconv.Unquote(spec.Path.Value)
			if err != nil {
				return fmt.Errorf("%s: %v", rel, err)
			}
			if allowed(imp, own, isTest) {
				continue
			}
			violations = append(violations, Violation{
				File:   filepath.ToSlash(rel),
				Line:   fset.Position(spec.Pos()).Line,
				Import: imp,
			})
		}
		return nil
	})
	sort.Slice(violations, func(i, j int) bool {
		if violations[i].File != violations[j].File {
			return violations[i].File < violations[j].File
		}
		return violations[i].Line < violations[j].Line
	})
	return violations, files, err
}

func allowed(imp, own string, isTest bool) bool {
	if isStandard(imp) || imp == own || strings.HasPrefix(imp, own+"/") {
		return true
	}
	if isTest {
		for _, m := range testOnlyImports {
			if imp == m || strings.HasPrefix(imp, m+"/") {
				return true
			}
		}
	}
	return false
}

// isStandard reports whether imp is a standard library path: the first element of every other
// import path is a domain name and so holds a dot. "C" (cgo) is not allowed: it is not pure Go.
func isStandard(imp string) bool {
	first, _, _ := strings.Cut(imp, "/")
	return imp != "C" && !strings.Contains(first, ".")
}
