package semantic

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/stdlib"
	"github.com/dsref/dsref/harness/tlaplus/syntax"
)

// Options say where modules named by EXTENDS and INSTANCE are found.
type Options struct {
	// Dir is searched for Name.tla; LoadFile sets it to the root module's
	// folder.
	Dir string
	// FS, if set, is searched for Name.tla before Dir.
	FS fs.FS
	// Parsed are modules without a file of their own (those following the
	// root module in its .tla file), found by name before FS and Dir.
	Parsed []*ast.Module
}

// Spec is a checked root module together with every module it needs.
type Spec struct {
	Root *Module
	// Modules holds the top-level modules loaded, by name: the root, the
	// modules found in the folder and the standard modules used.
	Modules map[string]*Module
	// Warnings are what the check accepted as SANY does but with a warning, in the order
	// found: a name declared or defined twice with the same kind and arity.
	Warnings []*Error
	// ignored holds the positions of the declarations and definitions that duplicate an
	// earlier one of the same name (see Warnings), which uses do not refer to.
	ignored map[ast.Pos]bool
}

// Ignored reports whether the declaration or definition at pos duplicates an earlier one of
// the same name in some module's scope, so that uses there refer to the earlier one.
func (s *Spec) Ignored(pos ast.Pos) bool { return s.ignored[pos] }

// LoadFile parses and checks the module in path, loading the modules it
// extends and instantiates from path's folder and the embedded standard
// modules.
func LoadFile(path string) (*Spec, error) {
	src, err := syntax.ReadSource(path)
	if err != nil {
		return nil, err
	}
	f, err := syntax.ParseFile(path, src)
	if err != nil {
		return nil, err
	}
	if err := CheckFileName(path, f.Modules[0]); err != nil {
		return nil, err
	}
	return Check(f.Modules[0], path, Options{Dir: filepath.Dir(path), Parsed: f.Modules[1:]})
}

// CheckFileName reports an error if m, the first module of the file at
// path, is not named after the file, which TLC refuses too.
func CheckFileName(path string, m *ast.Module) error {
	if want := strings.TrimSuffix(filepath.Base(path), ".tla"); m.Name != want {
		return &Error{Pos: m.Pos, Msg: fmt.Sprintf("the file %s holds module %s; its first module must be named %s, after the file", filepath.Base(path), m.Name, want)}
	}
	return nil
}

// Load parses and checks a root module given as source, and the modules
// following it in the same text; file names it in positions.
func Load(file string, src []byte, opts Options) (*Spec, error) {
	f, err := syntax.ParseFile(file, src)
	if err != nil {
		return nil, err
	}
	opts.Parsed = append(f.Modules[1:len(f.Modules):len(f.Modules)], opts.Parsed...)
	return Check(f.Modules[0], file, opts)
}

// Check checks an already parsed root module.
func Check(root *ast.Module, file string, opts Options) (spec *Spec, err error) {
	c := &checker{opts: opts, modules: map[string]*Module{}, loading: map[string]bool{}, ignored: map[ast.Pos]bool{}}
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(*Error)
			if !ok {
				panic(r)
			}
			spec, err = nil, e
		}
	}()
	c.loading[root.Name] = true
	c.chain = []string{root.Name}
	m := c.checkModule(root, file, false, nil)
	c.modules[root.Name] = m
	return &Spec{Root: m, Modules: c.modules, Warnings: c.warnings, ignored: c.ignored}, nil
}

type checker struct {
	opts     Options
	modules  map[string]*Module // top-level modules checked so far
	loading  map[string]bool    // top-level modules being checked, to catch cycles
	chain    []string           // the same, in order, for the cycle message
	warnings []*Error
	ignored  map[ast.Pos]bool
	// constLevels are the levels of the constants of the module relevel is checking again.
	constLevels map[constKey]Level
	// refMemo holds the constants and variables each definition refers to (see declRefs).
	refMemo map[*Symbol]*refSet
}

func (c *checker) warnf(pos ast.Pos, format string, args ...any) {
	c.warnings = append(c.warnings, &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

func fail(pos ast.Pos, format string, args ...any) {
	panic(&Error{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// findModule returns the module called name as seen from env: a nested
// module of env or an enclosing module, a module already loaded, a file
// from Options.FS or Options.Dir, or a standard module.
func (c *checker) findModule(name string, pos ast.Pos, env *modEnv) *Module {
	for e := env; e != nil; e = e.outer {
		if m, ok := e.mod.Nested[name]; ok {
			return m
		}
	}
	if m, ok := c.modules[name]; ok {
		return m
	}
	if c.loading[name] {
		fail(pos, "circular dependency: module %s needs itself (%s -> %s)", name, strings.Join(c.chain, " -> "), name)
	}
	for _, parsed := range c.opts.Parsed {
		if parsed.Name == name {
			return c.checkLoaded(parsed, parsed.Pos.File(), false)
		}
	}
	src, file, standard := c.readModule(name, pos)
	parsed, err := syntax.ParseModule(file, src)
	if err != nil {
		var se *syntax.Error
		if errors.As(err, &se) {
			panic(&Error{Pos: se.Pos, Msg: se.Msg + " (in module " + name + ", needed at " + pos.String() + ")"})
		}
		fail(pos, "module %s: %v", name, err)
	}
	if parsed.Name != name {
		fail(pos, "file %s holds module %s, not %s", file, parsed.Name, name)
	}
	return c.checkLoaded(parsed, file, standard)
}

// checkLoaded checks a top-level module found by name and records it as
// loaded.
func (c *checker) checkLoaded(parsed *ast.Module, file string, standard bool) *Module {
	name := parsed.Name
	c.loading[name] = true
	c.chain = append(c.chain, name)
	m := c.checkModule(parsed, file, standard, nil)
	c.chain = c.chain[:len(c.chain)-1]
	delete(c.loading, name)
	c.modules[name] = m
	return m
}

func (c *checker) readModule(name string, pos ast.Pos) (src []byte, file string, standard bool) {
	var searched []string
	if c.opts.FS != nil {
		src, err := syntax.ReadSourceFS(c.opts.FS, name+".tla")
		if err == nil {
			return src, name + ".tla", false
		}
		if !errors.Is(err, fs.ErrNotExist) {
			fail(pos, "reading module %s: %v", name, err)
		}
		searched = append(searched, "the given file system")
	}
	if c.opts.Dir != "" {
		path := filepath.Join(c.opts.Dir, name+".tla")
		src, err := syntax.ReadSource(path)
		if err == nil {
			return src, path, false
		}
		if !errors.Is(err, fs.ErrNotExist) {
			fail(pos, "reading module %s: %v", name, err)
		}
		searched = append(searched, c.opts.Dir)
	}
	if src, ok := stdlib.Source(name); ok {
		return src, name + ".tla", true
	}
	searched = append(searched, "the standard modules")
	fail(pos, "cannot find module %s (searched %s)", name, strings.Join(searched, ", "))
	return nil, "", false
}
