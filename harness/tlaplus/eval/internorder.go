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
// or else those of the constants' values, in their order), then every identifier of
// the root module's text in the order written, as SANY's lexer interns them, then those of the
// other modules in the order they were loaded, then the contents of string literals, which SANY
// interns in semantic analysis, the root module's last as it is analysed last.
func (s *Spec) internOrder() *value.InternOrder {
	names := slices.Clone(s.opts.ConfigNames)
	if names == nil {
		for _, c := range s.opts.Constants {
			names = appendModelValues(names, c.Value)
		}
	}
	mods := []*ast.Module{s.Root}
	for _, m := range s.loaded {
		if m != s.Root && !nestedIn(m, s.Root) {
			mods = append(mods, m)
		}
	}
	strs := make([][]string, len(mods))
	for i, m := range mods {
		var ids []string
		ids, strs[i] = scanNames(moduleText(m))
		names = append(names, ids...)
	}
	for i := len(mods) - 1; i >= 0; i-- {
		names = append(names, strs[i]...)
	}
	return value.NewInternOrder(names)
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
