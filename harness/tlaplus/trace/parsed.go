package trace

import (
	"errors"
	"io/fs"
	"sync"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/eval"
	"github.com/dsref/dsref/harness/tlaplus/syntax"
)

// Parsed modules. A trace module is loaded once per header (reuseKey): its constants come from
// the header, and a raft sweep draws some fifty headers. With Options.Reuse the module set cannot
// change, so the modules a trace module extends or instantiates from it (tla/Raft.tla, ...) are
// parsed once per set and handed to every later load (eval.Options.OtherModules), which then
// neither parses them again nor has the semantic check parse them. The evaluator shares the
// standard modules' syntax trees between loads the same way.

// parsedModules caches, per module set (moduleSetID) and trace module, the modules of the set
// the trace module needs, parsed.
var parsedModules = struct {
	sync.Mutex
	deps map[parsedKey][]*ast.Module
}{deps: map[parsedKey][]*ast.Module{}}

type parsedKey struct {
	set  int
	spec string
}

// maxParsedSets bounds the entries of parsedModules (a test validating against many temporary
// folders must not make it grow without end).
const maxParsedSets = 32

// dependencies returns the modules of fsys that root (parsed from the trace module's source)
// needs, directly or through one another, each parsed once per set: set is moduleSetID(fsys),
// greater than 0. A module the set lacks (a standard one) is left to the evaluator; a module
// that does not parse is left to it too, which reports the error as a load without the cache
// would.
func dependencies(set int, spec string, fsys fs.FS, src []byte) []*ast.Module {
	key := parsedKey{set, spec}
	parsedModules.Lock()
	deps, ok := parsedModules.deps[key]
	parsedModules.Unlock()
	if ok {
		return deps
	}
	root, err := syntax.ParseModule(spec, src)
	if err != nil {
		return nil
	}
	seen := map[string]bool{root.Name: true}
	var walk func(m *ast.Module)
	walk = func(m *ast.Module) {
		ast.Inspect(m, func(n ast.Node) bool {
			var names []string
			switch n := n.(type) {
			case *ast.Module:
				seen[n.Name] = true // a nested module is found in its parent
				for _, e := range n.Extends {
					names = append(names, e.Name)
				}
			case *ast.Instance:
				names = append(names, n.Module.Name)
			}
			for _, name := range names {
				if seen[name] {
					continue
				}
				seen[name] = true
				src, err := syntax.ReadSourceFS(fsys, name+".tla")
				if err != nil {
					if !errors.Is(err, fs.ErrNotExist) {
						deps = nil
					}
					continue
				}
				dep, err := syntax.ParseModule(name+".tla", src)
				if err != nil || dep.Name != name {
					continue
				}
				deps = append(deps, dep)
				walk(dep)
			}
			return true
		})
	}
	walk(root)
	parsedModules.Lock()
	defer parsedModules.Unlock()
	if len(parsedModules.deps) >= maxParsedSets {
		clear(parsedModules.deps)
	}
	parsedModules.deps[key] = deps
	return deps
}

// checkedModules caches, per module set (moduleSetID) and trace module, the trace module parsed
// and checked (eval.CheckSource) with the modules dependencies gave, so that a load for another
// header parses and checks nothing: only its constants, and what depends on them, differ.
var checkedModules = struct {
	sync.Mutex
	m map[parsedKey]*eval.Checked
}{m: map[parsedKey]*eval.Checked{}}

// checkedModule returns the trace module spec (source src) of set checked with base's Modules
// and OtherModules, or nil if it does not parse or check: the load then reports the error.
func checkedModule(set int, spec string, src []byte, base eval.Options) *eval.Checked {
	key := parsedKey{set, spec}
	checkedModules.Lock()
	c, ok := checkedModules.m[key]
	checkedModules.Unlock()
	if ok {
		return c
	}
	c, err := eval.CheckSource(spec, src, base)
	if err != nil {
		return nil
	}
	checkedModules.Lock()
	defer checkedModules.Unlock()
	if len(checkedModules.m) >= maxParsedSets {
		clear(checkedModules.m)
	}
	checkedModules.m[key] = c
	return c
}
