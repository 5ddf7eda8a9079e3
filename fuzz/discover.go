package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// target is one fuzz test: a func FuzzXxx(*testing.F) in a test file of a package.
type target struct {
	Module string // directory of the package's module (its go.mod)
	Pkg    string // import path
	Dir    string // the package's directory
	Name   string // FuzzXxx
}

// rel is the package directory relative to the repository root, as "./raft/wal".
func (t target) rel(root string) string {
	r, err := filepath.Rel(root, t.Dir)
	if err != nil || r == "." {
		return "."
	}
	return "./" + filepath.ToSlash(r)
}

// modules finds the module roots under root: root itself and every nested directory with a
// go.mod, skipping testdata, vendor and hidden directories as the go command does.
func modules(root string) ([]string, error) {
	var mods []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != root {
			name := d.Name()
			if name == "testdata" || name == "vendor" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
				return filepath.SkipDir
			}
		}
		if !d.IsDir() && d.Name() == "go.mod" {
			mods = append(mods, filepath.Dir(path))
		}
		return nil
	})
	sort.Strings(mods)
	return mods, err
}

// listedPackage is what discover reads of `go list -json`.
type listedPackage struct {
	ImportPath   string
	Dir          string
	TestGoFiles  []string
	XTestGoFiles []string
	Error        *struct{ Err string }
}

// discover finds every fuzz test of every package of every module under root. The go command
// lists the packages and the test files the build (with tags) compiles; the files are then
// parsed for top-level functions named Fuzz... taking a *testing.F, as `go test -fuzz` accepts.
func discover(root, tags string) ([]target, error) {
	mods, err := modules(root)
	if err != nil {
		return nil, err
	}
	var targets []target
	for _, mod := range mods {
		args := []string{"list", "-e", "-json"}
		if tags != "" {
			args = append(args, "-tags", tags)
		}
		cmd := exec.Command("go", append(args, "./...")...)
		cmd.Dir = mod
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("go list in %s: %v: %s", mod, err, stderr.String())
		}
		dec := json.NewDecoder(bytes.NewReader(out))
		for {
			var p listedPackage
			if err := dec.Decode(&p); err == io.EOF {
				break
			} else if err != nil {
				return nil, fmt.Errorf("go list in %s: %v", mod, err)
			}
			if p.Error != nil {
				return nil, fmt.Errorf("package %s: %s", p.ImportPath, p.Error.Err)
			}
			for _, file := range append(append([]string{}, p.TestGoFiles...), p.XTestGoFiles...) {
				names, err := fuzzFuncs(filepath.Join(p.Dir, file))
				if err != nil {
					return nil, err
				}
				for _, name := range names {
					targets = append(targets, target{Module: mod, Pkg: p.ImportPath, Dir: p.Dir, Name: name})
				}
			}
		}
	}
	sort.Slice(targets, func(i, j int) bool {
		if targets[i].Pkg != targets[j].Pkg {
			return targets[i].Pkg < targets[j].Pkg
		}
		return targets[i].Name < targets[j].Name
	})
	return targets, nil
}

// fuzzFuncs returns the fuzz tests declared in a Go file: top-level functions whose name is
// Fuzz or starts with Fuzz followed by an upper-case letter, digit or underscore (as for
// tests), with a single *testing.F parameter and no result.
func fuzzFuncs(path string) ([]string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	testing := map[string]bool{} // the names the file imports package testing under
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p == "testing" {
			name := "testing"
			if imp.Name != nil {
				name = imp.Name.Name
			}
			testing[name] = true
		}
	}
	var names []string
	for _, decl := range f.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || fn.Recv != nil || !isFuzzName(fn.Name.Name) || fn.Type.TypeParams != nil || fn.Type.Results != nil {
			continue
		}
		params := fn.Type.Params.List
		if len(params) != 1 || len(params[0].Names) > 1 {
			continue
		}
		star, ok := params[0].Type.(*ast.StarExpr)
		if !ok {
			continue
		}
		sel, ok := star.X.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "F" {
			continue
		}
		if pkg, ok := sel.X.(*ast.Ident); ok && testing[pkg.Name] {
			names = append(names, fn.Name.Name)
		}
	}
	return names, nil
}

// isFuzzName is the go command's rule for test names, applied to the Fuzz prefix.
func isFuzzName(name string) bool {
	rest, ok := strings.CutPrefix(name, "Fuzz")
	if !ok {
		return false
	}
	if rest == "" {
		return true
	}
	c := rest[0]
	return c == '_' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// repoRoot is the directory of the main module: the one `go env GOMOD` names from dir.
func repoRoot(dir string) (string, error) {
	cmd := exec.Command("go", "env", "GOMOD")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %v", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("%s is not inside a Go module", dir)
	}
	return filepath.Dir(gomod), nil
}
