package eval

import (
	"slices"
	"strings"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// internOrder is the order in which TLC's intern table (util.UniqueString) would have met the
// names and strings of this specification, which is the order TLC sorts and prints record fields,
// strings and model values in (see value.InternOrder): the model values and strings of the
// configuration first, in the order written (TLC parses it before the spec; Options.ConfigNames,
// or else those of the constants' values, in their order), then every identifier of the root
// module's text in the order written, as SANY's lexer interns them, then those of the other
// modules in the order SANY parses them (parseOrder), then the contents of string literals,
// which SANY interns in semantic analysis, module by module in the order it analyses them
// (analysisOrder: what a module extends, then what it instantiates, then the module). The
// standard modules SANY also parses are not counted: their text here is not TLC's.
// InternOrder is the order of strings, record field names and model values this specification's
// values were built in (value.SetOrder), or nil for a specification loaded with KeepOrder. The
// order is global to the process: a specification is evaluated while its order is the
// process's.
func (s *Spec) InternOrder() *value.InternOrder { return s.order }

func (s *Spec) internOrder() *value.InternOrder {
	names := slices.Clone(s.opts.ConfigNames)
	if names == nil {
		for _, c := range s.opts.Constants {
			names = appendModelValues(names, c.Value)
		}
	}
	byName := map[string]*ast.Module{}
	for _, m := range s.loaded {
		if _, ok := byName[m.Name]; !ok {
			byName[m.Name] = m
		}
	}
	own := func(m *ast.Module) bool { return m != s.Root && !nestedIn(m, s.Root) }
	mods := []*ast.Module{s.Root}
	for _, m := range parseOrder(s.Root, byName) {
		if own(m) && !slices.Contains(mods, m) {
			mods = append(mods, m)
		}
	}
	for _, m := range s.loaded {
		if own(m) && !slices.Contains(mods, m) {
			mods = append(mods, m) // not reached from the root: after those that are
		}
	}
	strs := map[*ast.Module][]string{}
	for _, m := range mods {
		var ids []string
		ids, strs[m] = scanNames(moduleText(m))
		names = append(names, ids...)
	}
	analysed := analysisOrder(s.Root, byName)
	for _, m := range mods {
		if !slices.Contains(analysed, m) {
			analysed = append([]*ast.Module{m}, analysed...)
		}
	}
	for _, m := range analysed {
		names = append(names, strs[m]...)
	}
	return value.NewInternOrder(names)
}

// moduleRefs are the names of the modules m extends and instantiates (INSTANCE M and
// N == INSTANCE M at the top level), in the order written, and its inner modules.
func moduleRefs(m *ast.Module) (extends, instances []string, inner []*ast.Module) {
	for _, e := range m.Extends {
		extends = append(extends, e.Name)
	}
	for _, u := range m.Units {
		switch x := u.(type) {
		case *ast.Instance:
			instances = append(instances, x.Module.Name)
		case *ast.ModuleDef:
			instances = append(instances, x.Instance.Module.Name)
		case *ast.ModuleUnit:
			inner = append(inner, x.Module)
		}
	}
	return extends, instances, inner
}

// parseOrder is the order SANY parses the modules root needs in (SpecObj.loadSpec): the root, then
// again and again the next module named but not yet parsed that findNextUnresolvedExtention finds
// (from the root: the first unparsed module a module extends; else the same search through the
// modules it extends, those it instantiates and its inner modules, in turn), or, when none is
// left, that findNextUnresolvedInstantiation finds (the same with INSTANCE). byName holds the
// modules with a text (a standard module is parsed, but has none here); an inner module counts
// as parsed.
func parseOrder(root *ast.Module, byName map[string]*ast.Module) []*ast.Module {
	parsed := map[string]bool{root.Name: true}
	var walkInner func(m *ast.Module)
	walkInner = func(m *ast.Module) {
		_, _, inner := moduleRefs(m)
		for _, in := range inner {
			parsed[in.Name] = true
			walkInner(in)
		}
	}
	walkInner(root)
	var find func(m *ast.Module, instances bool, seen map[*ast.Module]bool) (string, bool)
	find = func(m *ast.Module, instances bool, seen map[*ast.Module]bool) (string, bool) {
		if m == nil || seen[m] {
			return "", false
		}
		seen[m] = true
		ext, inst, inner := moduleRefs(m)
		first := ext
		if instances {
			first = inst
		}
		for _, n := range first {
			if !parsed[n] {
				return n, true
			}
		}
		for _, n := range ext {
			if next, ok := find(byName[n], instances, seen); ok {
				return next, true
			}
		}
		for _, n := range inst {
			if parsed[n] {
				if next, ok := find(byName[n], instances, seen); ok {
					return next, true
				}
			}
		}
		for _, in := range inner {
			if next, ok := find(in, instances, seen); ok {
				return next, true
			}
		}
		return "", false
	}
	var out []*ast.Module
	for {
		n, ok := find(root, false, map[*ast.Module]bool{})
		if !ok {
			n, ok = find(root, true, map[*ast.Module]bool{})
		}
		if !ok {
			return out
		}
		parsed[n] = true
		if m := byName[n]; m != nil {
			out = append(out, m)
			walkInner(m)
		}
	}
}

// analysisOrder is the order SANY's semantic analysis takes the modules root needs in
// (SpecObj.calculateDependencies): for each module, what it extends, then what it instantiates,
// then itself, each once. Modules without a text (standard ones) are left out.
func analysisOrder(root *ast.Module, byName map[string]*ast.Module) []*ast.Module {
	var out []*ast.Module
	seen := map[*ast.Module]bool{}
	var visit func(m *ast.Module)
	visit = func(m *ast.Module) {
		if m == nil || seen[m] {
			return
		}
		seen[m] = true
		ext, inst, _ := moduleRefs(m)
		for _, n := range ext {
			visit(byName[n])
		}
		for _, n := range inst {
			visit(byName[n])
		}
		out = append(out, m)
	}
	visit(root)
	return out
}

// appendModelValues appends the names of the model values and the strings in v, in v's order.
func appendModelValues(names []string, v value.Value) []string {
	switch x := v.(type) {
	case value.ModelValue:
		return append(names, x.Name)
	case value.Str:
		return append(names, string(x))
	case *value.Set:
		for _, e := range x.Elems() {
			names = appendModelValues(names, e)
		}
	case value.Tuple:
		for _, e := range x {
			names = appendModelValues(names, e)
		}
	}
	return names
}

// nestedIn reports whether m is a module written inside root's text.
func nestedIn(m, root *ast.Module) bool {
	return m.Pos.Source() == root.Pos.Source() && m.Pos.Offset() > root.Pos.Offset() && m.Pos.Offset() < root.End.Offset()
}

// moduleText is the text of m from its header to its closing line, or "" when its source has no
// text.
func moduleText(m *ast.Module) string {
	src := m.Pos.Source()
	if src == nil {
		return ""
	}
	text := src.Text()
	from, to := m.Pos.Offset(), m.End.Offset()
	if from < 0 || from > len(text) {
		return ""
	}
	if to <= from || to > len(text) {
		to = len(text)
	}
	return text[from:to]
}

// scanNames returns the identifiers and numbers of TLA+ text in the order written, and the
// contents of its string literals, skipping comments. A word after a backslash (\in, \o17) is
// an operator or a number written in another base, which TLC interns as written (with the
// backslash), so it is skipped.
func scanNames(text string) (ids, strs []string) {
	isWord := func(c byte) bool {
		return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
	}
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c == '\\' && i+1 < len(text) && text[i+1] == '*':
			for i < len(text) && text[i] != '\n' {
				i++
			}
		case c == '(' && i+1 < len(text) && text[i+1] == '*':
			depth := 0
			for i < len(text) {
				if strings.HasPrefix(text[i:], "(*") {
					depth++
					i += 2
				} else if strings.HasPrefix(text[i:], "*)") {
					depth--
					i += 2
					if depth == 0 {
						break
					}
				} else {
					i++
				}
			}
		case c == '"':
			var b strings.Builder
			i++
			for i < len(text) && text[i] != '"' && text[i] != '\n' {
				if text[i] == '\\' && i+1 < len(text) {
					i++
				}
				b.WriteByte(text[i])
				i++
			}
			i++
			strs = append(strs, b.String())
		case c == '\\':
			i++
			for i < len(text) && isWord(text[i]) {
				i++
			}
		case isWord(c):
			j := i
			for j < len(text) && isWord(text[j]) {
				j++
			}
			ids = append(ids, text[i:j]) // numbers too: SANY interns every token's image
			i = j
		default:
			i++
		}
	}
	return ids, strs
}
