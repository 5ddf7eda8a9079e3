package eval

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/semantic"
	"github.com/dsref/dsref/harness/tlaplus/syntax"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// Limits bound an evaluation.
type Limits struct {
	// MaxDepth is the deepest nesting of operator and function applications allowed; deeper
	// recursion is an error wrapping ErrRecursionDepth. Zero means DefaultMaxDepth.
	MaxDepth int
}

// DefaultMaxDepth is the default for Limits.MaxDepth.
const DefaultMaxDepth = 4000

// Constant fixes a CONSTANT of the root module (or overrides one of its definitions), as a line of
// a TLC configuration does: `N = 3` sets Value, `F <- G` sets Substitute to G. With Module set,
// `N = [M] 3` and `F <- [M] G`, the entry applies to N or F as seen inside module M, a module the
// root extends or instantiates (see overrides.go); G is still a definition of the root module.
type Constant struct {
	Name       string
	Value      value.Value
	Substitute string
	// Module is the module whose N or F the entry replaces; empty (or the root's name) for the
	// root module.
	Module string
	// Source says where the entry was written ("MC.cfg:3:5"); errors about it start with it.
	Source string
	// Table, when not empty, defines the operator Name line by line, as the entries
	// F(a1, ..., an) = v of a TLC configuration do (OpRcdValue): F applied to the arguments
	// of a line is its value, and to others an error.
	Table []TableLine
}

// TableLine is one line F(Args) = Value of an operator constant's table.
type TableLine struct {
	Args  []value.Value
	Value value.Value
}

// Options configure Load.
type Options struct {
	// Dir is the folder searched for modules named in EXTENDS and INSTANCE; by default the folder
	// of the root module.
	Dir string
	// Modules, if set, is searched for Name.tla before Dir (used for embedded module sources).
	Modules fs.FS
	// Constants are the configuration's constant assignments and substitutions.
	Constants []Constant
	// ConfigNames are the model values and strings of the configuration in the order written,
	// which TLC interns before the specification's names (see value.InternOrder); without them,
	// those of Constants' values, in their order.
	ConfigNames []string
	// KeepOrder leaves the process's order of strings, record fields and model values
	// (value.SetOrder) as it is, instead of making it this specification's intern order: for a
	// process that evaluates several specifications at once (trace validation beside a
	// simulation, whose values one load must not reorder under another's).
	KeepOrder bool
	Limits    Limits
	// Env, if not nil, is the environment IOUtils's IOEnv reports instead of the process's (trace
	// validation names the trace file in Env["JSON"] without touching the process environment).
	Env map[string]string
	// NDJSON holds files already decoded, by path: ndJsonDeserialize(path) returns the sequence
	// given here instead of reading the file (trace validation reads a trace once, to check it,
	// and hands the evaluator the events it read).
	NDJSON map[string]value.Tuple
	// SkipSemanticCheck loads without first running package semantic's name resolution, arity
	// and level checks; an unknown name is then reported only when evaluation reaches it.
	SkipSemanticCheck bool
	// Interpret evaluates every definition by walking its syntax tree instead of compiling it
	// (see compile.go); the results are the same, only slower. Tests compare the two.
	Interpret bool
	// OtherModules are modules that have no file of their own, found by name before
	// Options.Modules and Dir: LoadFile and LoadSource put there the modules that follow the
	// root module in its .tla file, as TLC reads a monolithic spec.
	OtherModules []*ast.Module
	// Checked, if set, is the root module parsed and checked once by CheckSource: LoadSource
	// and LoadFile of the same file then neither read, parse nor check it again, and use the Checked's Dir, Modules,
	// OtherModules and SkipSemanticCheck in place of these options' (the check resolved EXTENDS
	// and INSTANCE with them). Constants, Env, NDJSON, Limits and Interpret are this load's.
	Checked *Checked
}

// A Checked is a root module parsed and checked (package semantic) once, to be loaded several
// times with other constants, environments or decoded files (Options.Checked). Neither the
// syntax nor the check depends on those: trace validation loads its trace module once per trace
// header, whose constants differ, and parsing and checking it was most of each load. Every load
// still builds a Spec of its own (definitions, memoized constants, compiled code), so nothing
// evaluated under one load's constants is seen by another. A Checked is immutable and safe for
// concurrent use.
type Checked struct {
	file string
	root *ast.Module
	sem  *semantic.Spec
	opts Options // Dir, Modules, OtherModules (with the file's further modules), SkipSemanticCheck
}

// CheckSource parses the root module of file (its source src) and runs package semantic's
// check over it as LoadSource would, for loading it later with Options.Checked; opts' Dir, Modules,
// OtherModules and SkipSemanticCheck are those the check uses and the loads will use.
func CheckSource(file string, src []byte, opts Options) (c *Checked, err error) {
	defer recoverInto(&err)
	f, err := syntax.ParseFile(file, src)
	if err != nil {
		return nil, err
	}
	c = &Checked{file: file, root: f.Modules[0], opts: Options{Dir: opts.Dir, Modules: opts.Modules, SkipSemanticCheck: opts.SkipSemanticCheck}}
	c.opts.OtherModules = append(f.Modules[1:len(f.Modules):len(f.Modules)], opts.OtherModules...)
	if !opts.SkipSemanticCheck {
		if c.sem, err = semanticCheck(c.root, c.opts); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// loadChecked loads opts.Checked, the module of file, with the rest of opts.
func loadChecked(file string, opts Options) (*Spec, error) {
	c := opts.Checked
	if file != c.file {
		return nil, fmt.Errorf("loading %s with the checked module of %s", file, c.file)
	}
	opts.Dir, opts.Modules, opts.OtherModules, opts.SkipSemanticCheck = c.opts.Dir, c.opts.Modules, c.opts.OtherModules, c.opts.SkipSemanticCheck
	return load(c.root, opts, c.sem)
}

// Spec is a loaded root module with everything it extends and instantiates, ready to evaluate.
// A Spec is safe for concurrent use by several goroutines, each with its own Context.
type Spec struct {
	// Root is the root module.
	Root *ast.Module
	// Variables are the state variables of the root module (its own and extended ones) in
	// declaration order; a state is a slice of values indexed the same way.
	Variables []string
	// VariableDecls are the identifiers declaring Variables, in the same order.
	VariableDecls []*ast.Ident
	// ConstantNames are the CONSTANTs declared by the root module and the modules it extends.
	ConstantNames []string
	// Assumptions are the ASSUMEs of the root module and the modules it extends.
	Assumptions []*ast.Assume
	// Warnings are what loading found questionable but went on with, as TLC warns: a value the
	// configuration gives to a name the spec does not have, say.
	Warnings []string

	opts Options
	// order is the intern order set when the specification was loaded (InternOrder).
	order   *value.InternOrder
	limits  Limits
	modules map[string]*ast.Module
	// loaded lists the modules of modules in the order they were registered (see internOrder).
	loaded []*ast.Module
	root   *modCtx

	instMu    sync.Mutex
	instCache map[*Operator]*modCtx
	// nestedIn names, for each module nested in another, the module it is nested in (see
	// inheritOuter).
	nestedIn map[string]string

	// modMu guards modules: an INSTANCE reached only during evaluation loads its module then,
	// possibly from several goroutines.
	modMu sync.Mutex

	// unchangedCache memoizes UnchangedVariables for expressions resolved through module
	// definitions only.
	unchangedCache sync.Map

	// evaluators recycles evaluators between evaluations (see newEvaluator).
	evaluators sync.Pool

	// semantic is the result of the semantic pass Load ran, nil if it was skipped.
	semantic *semantic.Spec

	// scoped holds the configuration entries for modules other than the root, by module name,
	// installed as each module is defined (see overrideScoped).
	scoped map[string][]Constant
	// opConstant caches, per definition, whether its body is constant given constant arguments,
	// worked out holding constMu, opPending holding the definitions being worked out then;
	// constExprs caches IsConstant's answers by constKey, and constNameLists the names of each
	// expression asked about (see IsConstant).
	opConstant     sync.Map
	constMu        sync.Mutex
	opPending      map[*Operator]bool
	constExprs     sync.Map
	constNameLists sync.Map
	// shared holds the root's entries by the definition they replace (see sharedOverrides), so
	// that an instance of a module sharing that definition sees the replacement too.
	shared map[any]Constant
	// subexprs caches the syntax work of subexpression names (see subexpr.go).
	subexprs sync.Map

	// paramInstantiated names the modules with CONSTANT or VARIABLE declarations that some
	// module instantiates, worked out once (see constantDefinition).
	paramInstantiated     map[string]bool
	paramInstantiatedOnce sync.Once

	// nodeCodes maps syntax nodes to their code (see codeFor).
	nodeCodes sync.Map
	// quantHoists maps the first bound of a quantifier to what its code hoists (see
	// Spec.hoistingFor).
	quantHoists sync.Map
	// ready is set once loading has finished defining everything: definitions are compiled
	// from then on (see bodyCode).
	ready bool
}

// LoadFile parses the module in path, loads the modules it needs and applies opts.Constants. As
// in TLC, the (first) module of the file must be named after it, and further modules in the file
// can be extended and instantiated by name.
func LoadFile(path string, opts Options) (*Spec, error) {
	if opts.Checked != nil {
		return loadChecked(path, opts)
	}
	src, err := syntax.ReadSource(path)
	if err != nil {
		return nil, err
	}
	if opts.Dir == "" {
		opts.Dir = filepath.Dir(path)
	}
	f, err := syntax.ParseFile(path, src)
	if err != nil {
		return nil, err
	}
	if err := semantic.CheckFileName(path, f.Modules[0]); err != nil {
		return nil, err
	}
	opts.OtherModules = append(f.Modules[1:len(f.Modules):len(f.Modules)], opts.OtherModules...)
	return Load(f.Modules[0], opts)
}

// LoadSource is LoadFile for a root module given as source text; file names it in positions.
func LoadSource(file string, src []byte, opts Options) (*Spec, error) {
	if opts.Checked != nil {
		return loadChecked(file, opts)
	}
	f, err := syntax.ParseFile(file, src)
	if err != nil {
		return nil, err
	}
	opts.OtherModules = append(f.Modules[1:len(f.Modules):len(f.Modules)], opts.OtherModules...)
	return Load(f.Modules[0], opts)
}

// semanticCheck runs package semantic over root: unknown identifiers, wrong arities and level
// errors are reported at load time with their position, before anything is evaluated.
func semanticCheck(root *ast.Module, opts Options) (*semantic.Spec, error) {
	file := root.Pos.File()
	return semantic.Check(root, file, semantic.Options{Dir: opts.Dir, FS: opts.Modules, Parsed: opts.OtherModules})
}

// Load prepares an already parsed root module (Options.Checked is not used: see LoadSource).
func Load(root *ast.Module, opts Options) (s *Spec, err error) {
	defer recoverInto(&err)
	opts.Checked = nil
	var sem *semantic.Spec
	if !opts.SkipSemanticCheck {
		if sem, err = semanticCheck(root, opts); err != nil {
			return nil, err
		}
	}
	return load(root, opts, sem)
}

// load prepares root, which sem is the semantic check of (nil if it was skipped).
func load(root *ast.Module, opts Options, sem *semantic.Spec) (s *Spec, err error) {
	defer recoverInto(&err)
	if opts.Limits.MaxDepth <= 0 {
		opts.Limits.MaxDepth = DefaultMaxDepth
	}
	s = &Spec{Root: root, opts: opts, limits: opts.Limits, modules: map[string]*ast.Module{}, instCache: map[*Operator]*modCtx{}, semantic: sem}
	for _, m := range opts.OtherModules {
		s.registerNested(m)
	}
	if sem != nil {
		// The modules the check loaded from files are the ones to evaluate: the check
		// completes their syntax trees (a subexpression name given as an operator argument
		// or substitution becomes the LAMBDA it stands for, as for the root module), and a
		// module parsed again would miss that (TLC's test219: test219a's INSTANCE test206a
		// WITH A5 <- COp!@!++, evaluated through INSTANCE test219a).
		for _, name := range slices.Sorted(maps.Keys(sem.Modules)) {
			if m := sem.Modules[name]; !m.Standard && m.AST != nil {
				s.registerNested(m.AST)
			}
		}
	}
	s.registerNested(root)
	if sem != nil {
		for _, w := range sem.Warnings {
			s.Warnings = append(s.Warnings, w.Error())
		}
	}
	if !opts.KeepOrder {
		// TLC's intern order is fixed before any value of the spec is built: the constants were
		// built under the order of the last load, and are sorted again.
		s.order = s.internOrder()
		value.SetOrder(s.order)
		cs := slices.Clone(opts.Constants)
		for i := range cs {
			if cs[i].Value == nil {
				continue
			}
			if cs[i].Value, err = value.Reorder(cs[i].Value); err != nil {
				return nil, fmt.Errorf("%s: the value of %s: %w", cs[i].Source, cs[i].Name, err)
			}
		}
		opts.Constants, s.opts.Constants = cs, cs
	}
	s.scoped = scopedConstants(opts.Constants, root.Name)
	s.shared = s.sharedOverrides(opts.Constants, root)
	s.root = newModCtx(root.Name, s)
	s.root.once = true
	s.root.fixed = true
	s.root.vars = map[string]int{}
	ev := s.newEvaluator(nil)
	s.define(ev, s.root, root, map[string]bool{}, nil)
	if err := s.applyConstants(opts.Constants); err != nil {
		return nil, err
	}
	s.ready = true
	return s, nil
}

// ignored reports whether the semantic check found the declaration or definition at pos to
// duplicate an earlier one of its name, which SANY keeps (see semantic.Spec.Ignored).
func (s *Spec) ignored(pos ast.Pos) bool {
	return s.semantic != nil && s.semantic.Ignored(pos)
}

// Semantic returns the result of the semantic analysis Load ran on the root module (levels,
// arities, the modules' scopes), or nil if Options.SkipSemanticCheck skipped it. The analysis
// resolved EXTENDS and INSTANCE in Options.Dir and Options.Modules.
func (s *Spec) Semantic() *semantic.Spec { return s.semantic }

// registerNested makes the modules nested in mod available by name.
func (s *Spec) registerNested(mod *ast.Module) {
	s.modules[mod.Name] = mod
	s.loaded = append(s.loaded, mod)
	for _, u := range mod.Units {
		if mu, ok := u.(*ast.ModuleUnit); ok {
			if s.nestedIn == nil {
				s.nestedIn = map[string]string{}
			}
			s.nestedIn[mu.Module.Name] = mod.Name
			s.registerNested(mu.Module)
		}
	}
}

// module finds a module by name: nested or already loaded, then opts.Modules, then opts.Dir, then
// the standard modules, the order package semantic uses. A standard module without a source is returned as nil with ok set.
func (s *Spec) module(name string, pos ast.Pos) (*ast.Module, bool) {
	s.modMu.Lock()
	defer s.modMu.Unlock()
	if m, ok := s.modules[name]; ok {
		return m, true
	}
	try := func(fsys fs.FS, file, display string) *ast.Module {
		src, err := syntax.ReadSourceFS(fsys, file)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			fail(pos, "reading module %s: %v", name, err)
		}
		m, err := syntax.ParseModule(display, src)
		if err != nil {
			failErr(pos, fmt.Errorf("in module %s: %w", name, err))
		}
		if m.Name != name {
			fail(pos, "file %s holds module %s, not %s", display, m.Name, name)
		}
		s.registerNested(m)
		return m
	}
	if s.opts.Modules != nil {
		if m := try(s.opts.Modules, name+".tla", name+".tla"); m != nil {
			return m, true
		}
	}
	if s.opts.Dir != "" {
		if m := try(os.DirFS(s.opts.Dir), name+".tla", filepath.Join(s.opts.Dir, name+".tla")); m != nil {
			return m, true
		}
	}
	if _, std := standardModules[name]; std {
		if m := standardSource(name); m != nil {
			s.registerNested(m)
			return m, true
		}
		return nil, true
	}
	return nil, false
}

// instanceEnv is what define needs to build an instantiated module: the scope the INSTANCE is
// written in (with the instance's parameters bound) and its WITH substitutions.
type instanceEnv struct {
	scope *Scope
	with  map[string]*ast.Substitution
	fixed bool // the instance's context is fixed (see modCtx.fixed)
}

// define adds the declarations and definitions of mod, and of the modules it extends, to m.
func (s *Spec) define(ev *evaluator, m *modCtx, mod *ast.Module, done map[string]bool, inst *instanceEnv) {
	if done[mod.Name] {
		return
	}
	done[mod.Name] = true
	for _, ext := range mod.Extends {
		s.extend(ev, m, ext.Name, ext.Pos, done, inst)
	}
	for _, u := range mod.Units {
		switch u := u.(type) {
		case *ast.ConstantDecl:
			for _, d := range u.Decls {
				if m.decls[d.Name] && s.ignored(d.Pos) {
					continue
				}
				m.decls[d.Name] = true
				switch {
				case inst == nil:
					m.defs[d.Name] = &Operator{Name: d.Name, Params: placeholderParams(d), Pos: d.Pos, scope: m.root, home: m}
					if m == s.root {
						s.ConstantNames = append(s.ConstantNames, d.Name)
					}
				case d.Arity > 0:
					sub, ok := inst.with[d.Name]
					var arg ast.Expr = &ast.Ident{Pos: d.Pos, Name: d.Name}
					if ok {
						arg = sub.Expr
					}
					m.defs[d.Name] = ev.operatorArg(arg, d, inst.scope)
				default:
					m.subst[d.Name] = inst.substitution(d.Name, d.Pos)
				}
			}
		case *ast.VariableDecl:
			for _, id := range u.Names {
				m.decls[id.Name] = true
				if inst != nil {
					m.subst[id.Name] = inst.substitution(id.Name, id.Pos)
					continue
				}
				if _, dup := m.vars[id.Name]; !dup {
					m.vars[id.Name] = len(s.Variables)
					s.Variables = append(s.Variables, id.Name)
					s.VariableDecls = append(s.VariableDecls, id)
				}
			}
		case *ast.OpDef:
			if _, taken := m.defs[u.Name]; taken && (u.Local || s.ignored(u.Pos)) {
				// A LOCAL helper of an extended module (Naturals' Pred) must not replace a
				// definition the extending spec already has, nor a second definition of a
				// name the first (see semantic.Spec.Ignored).
				continue
			}
			m.defs[u.Name] = &Operator{Name: u.Name, Params: u.Params, Pos: u.Pos, body: u.Body, scope: m.root, home: m, local: u.Local, module: mod.Name}
			s.overrideShared(m, u.Name, u.Body, u.Params, u.Pos)
		case *ast.FuncDef:
			if _, taken := m.defs[u.Name]; taken && s.ignored(u.Pos) {
				continue
			}
			m.defs[u.Name] = &Operator{Name: u.Name, Pos: u.Pos, funcDef: u, scope: m.root, home: m, local: u.Local, module: mod.Name}
			s.overrideShared(m, u.Name, u, nil, u.Pos)
		case *ast.ModuleDef:
			if _, taken := m.defs[u.Name]; taken && s.ignored(u.Pos) {
				continue
			}
			m.defs[u.Name] = &Operator{Name: u.Name, Params: u.Params, Pos: u.Pos, inst: u, scope: m.root, home: m, local: u.Local, module: mod.Name}
		case *ast.Instance:
			op := &Operator{Name: u.Module.Name, Pos: u.Pos, inst: &ast.ModuleDef{Pos: u.Pos, Name: u.Module.Name, Instance: u}, scope: m.root, home: m, module: mod.Name}
			im := s.instantiate(ev, op, nil, m.root)
			for name, d := range im.defs {
				if im.decls[name] || d.local {
					continue
				}
				if old, taken := m.defs[name]; taken && old != d && s.ignored(d.Pos) {
					continue
				}
				m.defs[name] = d
			}
		case *ast.Assume:
			if m == s.root && inst == nil {
				s.Assumptions = append(s.Assumptions, u)
			}
			s.defineStatement(m, mod, u.Name, u.Expr, u.Pos)
		case *ast.Theorem:
			s.defineStatement(m, mod, u.Name, u.Expr, u.Pos)
		}
	}
	if natives, ok := standardModules[mod.Name]; ok {
		addDefinedNatives(m, natives, mod)
	}
	s.overrideScoped(m, mod.Name)
	// Lookups made while the module was being defined (an INSTANCE's operator arguments) may
	// have built the lookup tables early; rebuild them with every definition.
	m.resolved.Store(nil)
	m.symbols.Store(nil)
}

// extend processes `EXTENDS name`.
func (s *Spec) extend(ev *evaluator, m *modCtx, name string, pos ast.Pos, done map[string]bool, inst *instanceEnv) {
	mod, ok := s.module(name, pos)
	if !ok {
		fail(pos, "cannot find module %s (looked in %s and the standard modules)", name, s.searchPath())
	}
	if mod != nil {
		s.define(ev, m, mod, done, inst)
		return
	}
	if done[name] {
		return
	}
	done[name] = true
	for _, dep := range standardDeps[name] {
		s.extend(ev, m, dep, pos, done, inst)
	}
	addNatives(m, standardModules[name])
	s.overrideScoped(m, name)
	m.resolved.Store(nil)
	m.symbols.Store(nil)
}

func (s *Spec) searchPath() string {
	if s.opts.Dir == "" {
		return "no folder"
	}
	return s.opts.Dir
}

// inheritOuter gives m, the context of a module nested in the module whose context is outer,
// the names of outer it does not declare or define itself: a nested module is written in the
// context of the module around it (its definitions, variables and constants, and what it
// EXTENDS), which SANY resolves its names in (TLC's test Github687spec: a module Ring nested in
// a module that EXTENDS Naturals uses >, %, and the outer VARIABLE value). Without them, such a
// name was unknown when evaluated.
func inheritOuter(m, outer *modCtx) {
	for name, d := range outer.defs {
		if _, own := m.defs[name]; !own && !m.decls[name] {
			m.defs[name] = d
		}
	}
	for name, t := range outer.subst {
		if _, own := m.defs[name]; !own && !m.decls[name] && m.subst[name] == nil {
			m.subst[name] = t
		}
	}
	for name, ix := range outer.vars {
		if _, own := m.defs[name]; !own && !m.decls[name] && m.subst[name] == nil {
			if m.vars == nil {
				m.vars = map[string]int{}
			}
			m.vars[name] = ix
		}
	}
}

func placeholderParams(d *ast.OpDecl) []*ast.OpDecl {
	ps := make([]*ast.OpDecl, d.Arity)
	for i := range ps {
		ps[i] = &ast.OpDecl{Pos: d.Pos, Name: "_"}
	}
	return ps
}

func (inst *instanceEnv) substitution(name string, pos ast.Pos) *thunk {
	if sub, ok := inst.with[name]; ok {
		return &thunk{expr: sub.Expr, scope: inst.scope, shared: true, fixed: inst.fixed}
	}
	return &thunk{expr: &ast.Ident{Pos: pos, Name: name}, scope: inst.scope, shared: true, fixed: inst.fixed}
}

// instantiate builds the module context of an INSTANCE, binding the instance's parameters to args
// written in scope sc. Instances without parameters are built once.
func (s *Spec) instantiate(ev *evaluator, op *Operator, args []ast.Expr, sc *Scope) *modCtx {
	// Only module-level instances without parameters are the same every time; a LET-defined
	// one may substitute bound identifiers.
	cacheable := len(op.Params) == 0 && op.home != nil
	if cacheable {
		s.instMu.Lock()
		m, ok := s.instCache[op]
		s.instMu.Unlock()
		if ok {
			return m
		}
	}
	in := op.inst.Instance
	target, ok := s.module(in.Module.Name, in.Module.Pos)
	if !ok || target == nil {
		fail(in.Module.Pos, "cannot instantiate module %s: no such module in %s", in.Module.Name, s.searchPath())
	}
	scope := op.scope
	captured() // the instance keeps sc (its arguments) and op.scope (a LET's bindings)
	for i, p := range op.Params {
		if p.Arity > 0 {
			// An operator parameter (Inst(A(_)) == INSTANCE M) is bound to the operator its
			// argument names, as an operator's parameter is (TLC test206 Inst2(COp!@!++)!Foo).
			scope = scope.bindOp(p.Name, ev.operatorArg(args[i], p, sc))
			continue
		}
		scope = scope.bindArg(p.Name, &thunk{expr: args[i], scope: sc, shared: true})
	}
	fixed := cacheable && op.home.fixed && op.scope == op.home.root
	env := &instanceEnv{scope: scope, with: map[string]*ast.Substitution{}, fixed: fixed}
	for _, w := range in.With {
		env.with[w.Name] = w
	}
	m := newModCtx(target.Name, s)
	m.once = cacheable
	m.fixed = fixed
	m.subst = map[string]*thunk{}
	s.define(ev, m, target, map[string]bool{}, env)
	for name, w := range env.with {
		if !m.decls[name] {
			fail(w.Pos, "INSTANCE %s WITH %s: module %s declares no constant or variable %s", target.Name, name, target.Name, name)
		}
	}
	if outer := s.nestedIn[target.Name]; outer != "" && op.home != nil && (op.module == outer || op.home.name == outer) {
		inheritOuter(m, op.home)
	}
	if cacheable {
		s.instMu.Lock()
		s.instCache[op] = m
		s.instMu.Unlock()
	}
	return m
}

// applyConstants installs the configuration's constant values and substitutions.
func (s *Spec) applyConstants(cs []Constant) error {
	if err := s.checkScoped(cs); err != nil {
		return err
	}
	for _, c := range cs {
		if c.Module != "" && c.Module != s.Root.Name {
			continue // installed by overrideScoped
		}
		op, ok := s.root.defs[c.Name]
		if !ok && c.Value != nil {
			// TLC ignores a value given to a name the spec does not have, with a warning.
			s.Warnings = append(s.Warnings, fmt.Sprintf("%sthe configuration assigns a value to %s, which module %s neither declares nor defines; the entry is ignored", c.where(), c.Name, s.Root.Name))
			continue
		}
		if !ok {
			return fmt.Errorf("%sthe configuration substitutes %s for %s, which module %s neither declares nor defines", c.where(), c.Substitute, c.Name, s.Root.Name)
		}
		switch {
		case len(c.Table) > 0:
			if n := len(c.Table[0].Args); op.Arity() != n {
				return fmt.Errorf("%sthe configuration gives %s %d argument(s), but it takes %d", c.where(), c.Name, n, op.Arity())
			}
			s.root.defs[c.Name] = &Operator{Name: c.Name, Pos: op.Pos, native: tableOperator(c.Table), scope: s.root.root, home: s.root}
		case c.Value != nil:
			if op.Arity() != 0 {
				return fmt.Errorf("%sthe configuration assigns a value to %s, which takes %d argument(s)", c.where(), c.Name, op.Arity())
			}
			s.root.defs[c.Name] = &Operator{Name: c.Name, Pos: op.Pos, value: c.Value, scope: s.root.root, home: s.root}
		case c.Substitute != "":
			target, ok := s.root.defs[c.Substitute]
			if !ok {
				return fmt.Errorf("%sthe configuration substitutes %s for %s, but %s is not defined", c.where(), c.Substitute, c.Name, c.Substitute)
			}
			if target.Arity() != op.Arity() {
				return fmt.Errorf("%sthe configuration substitutes %s (%d argument(s)) for %s (%d argument(s))", c.where(), c.Substitute, target.Arity(), c.Name, op.Arity())
			}
			s.root.defs[c.Name] = selfReferring(target, c.Name, op, s.root)
		default:
			return fmt.Errorf("%sthe configuration entry for %s has neither a value nor a substitution", c.where(), c.Name)
		}
	}
	// Constant values and substitutions replace definitions: rebuild the lookup tables.
	s.root.symbols.Store(nil)
	s.root.resolved.Store(nil)
	return nil
}

// tableOperator applies an operator given by the lines of its table, as TLC's OpRcdValue.apply
// does: the value of the first line whose arguments equal the application's, one by one, and
// TLC's error for arguments no line has.
func tableOperator(table []TableLine) *native {
	return &native{arity: len(table[0].Args), fn: func(c *call) value.Value {
		args := make([]value.Value, len(c.args))
		for i := range c.args {
			args[i] = c.val(i)
		}
	lines:
		for _, l := range table {
			for j, a := range l.Args {
				if eq, err := value.Equal(a, args[j]); err != nil {
					fail(c.pos, "%v", err)
				} else if !eq {
					continue lines
				}
			}
			return l.Value
		}
		var b strings.Builder
		b.WriteString("Attempted to apply operator:\n{ ")
		for i, l := range table {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("<")
			for _, a := range l.Args {
				b.WriteString(value.Pretty(a) + ", ")
			}
			b.WriteString(value.Pretty(l.Value) + ">")
		}
		b.WriteString("}\nto arguments (")
		for i, a := range args {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(value.Pretty(a))
		}
		b.WriteString("), which is undefined.")
		fail(c.pos, "%s", b.String())
		return nil
	}}
}

// selfReferring returns target, the definition substituted for name, as the uses of name get
// it. Where target's body itself uses name (Next <- ReDefNext with ReDefNext == Next /\ ~A(1)),
// that use denotes the definition replaced, orig, as in TLC: its regression tests
// CyclicRedefineNext, CyclicRedefineInit, CyclicRedefineOp and CyclicRedefineSubAction expect
// the replaced definition there (4 states generated for Next <- ReDefNext, the successors of
// Next that ~A(1) keeps), where the name taken as target again recursed without end. The
// substitute gets a scope of its own in which name is bound to orig.
func selfReferring(target *Operator, name string, orig *Operator, root *modCtx) *Operator {
	if target.body == nil || target.home != root || !mentions(target.body, []string{name}) {
		return target
	}
	return &Operator{Name: target.Name, Params: target.Params, Pos: target.Pos, body: target.body,
		scope: root.root.bindOp(name, orig), home: target.home, module: target.module, local: target.local}
}

// MissingConstants lists the declared constants that have no value, in declaration order.
func (s *Spec) MissingConstants() []string {
	var out []string
	for _, name := range s.ConstantNames {
		op := s.root.defs[name]
		if op.value == nil && op.body == nil && op.native == nil && op.funcDef == nil && op.inst == nil && op.Name == name && op.home == s.root {
			out = append(out, name)
		}
	}
	return out
}
