package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// dotGraph is what parseDot reads from a dot file: node labels by ID, the filled (initial) nodes,
// and the edges in file order.
type dotGraph struct {
	labels  map[string]string
	initial map[string]bool
	edges   [][3]string // from, to, label
}

type dotToken struct {
	text   string
	quoted bool
}

// lexDot splits src into dot tokens as Graphviz's scanner does: punctuation, the edge operator,
// bare identifiers and numerals, and quoted strings, in which \" is a quote and any other
// backslash is kept for the label escapes.
func lexDot(src string) ([]dotToken, error) {
	var toks []dotToken
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case strings.IndexByte("{}[]=,;", c) >= 0:
			toks = append(toks, dotToken{text: string(c)})
			i++
		case c == '-' && i+1 < len(src) && src[i+1] == '>':
			toks = append(toks, dotToken{text: "->"})
			i += 2
		case c == '"':
			var b strings.Builder
			i++
			for {
				if i >= len(src) {
					return nil, fmt.Errorf("unterminated string")
				}
				if src[i] == '"' {
					i++
					break
				}
				if src[i] == '\\' && i+1 < len(src) && src[i+1] == '"' {
					b.WriteByte('"')
					i += 2
					continue
				}
				if src[i] == '\n' {
					return nil, fmt.Errorf("raw newline inside a string at offset %d", i)
				}
				b.WriteByte(src[i])
				i++
			}
			toks = append(toks, dotToken{text: b.String(), quoted: true})
		case c == '_' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := i
			for j < len(src) && (src[j] == '_' || src[j] == '.' || src[j] >= '0' && src[j] <= '9' || src[j] >= 'a' && src[j] <= 'z' || src[j] >= 'A' && src[j] <= 'Z') {
				j++
			}
			id := src[i:j]
			if id[0] >= '0' && id[0] <= '9' || id[0] == '.' {
				if strings.Trim(id, "0123456789") != "" && strings.Count(id, ".") != 1 {
					return nil, fmt.Errorf("malformed numeral %q", id)
				}
			}
			toks = append(toks, dotToken{text: id})
			i = j
		default:
			return nil, fmt.Errorf("unexpected character %q at offset %d", c, i)
		}
	}
	return toks, nil
}

// unescapeLabel applies the label escapes the checker writes: \\ and \n. Any other escape would
// be interpreted by Graphviz (\N is the node name, \l a left-justified line) and is an error.
func unescapeLabel(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			b.WriteByte(s[i])
			continue
		}
		if i+1 >= len(s) {
			return "", fmt.Errorf("label %q ends in a lone backslash", s)
		}
		i++
		switch s[i] {
		case '\\':
			b.WriteByte('\\')
		case 'n':
			b.WriteByte('\n')
		default:
			return "", fmt.Errorf("label %q has the Graphviz escape \\%c", s, s[i])
		}
	}
	return b.String(), nil
}

// parseDot parses the subset of the dot grammar the checker writes, strictly:
// `strict digraph ID { stmt* }` where a statement is `ID = ID`, `ID [attrs]` or
// `ID -> ID [attrs]`, optionally followed by `;`, and attrs are `ID = ID` separated by `,` or `;`.
// An edge may only join declared nodes.
func parseDot(src string) (*dotGraph, error) {
	toks, err := lexDot(src)
	if err != nil {
		return nil, err
	}
	pos := 0
	peek := func() dotToken {
		if pos < len(toks) {
			return toks[pos]
		}
		return dotToken{text: "<EOF>"}
	}
	expect := func(want string) error {
		if t := peek(); t.quoted || t.text != want {
			return fmt.Errorf("token %d: expected %q, found %q", pos, want, t.text)
		}
		pos++
		return nil
	}
	isID := func(t dotToken) bool {
		return t.quoted || t.text != "" && strings.IndexByte("{}[]=,;", t.text[0]) < 0 && t.text != "->" && t.text != "<EOF>"
	}
	id := func() (dotToken, error) {
		t := peek()
		if !isID(t) {
			return t, fmt.Errorf("token %d: expected an ID, found %q", pos, t.text)
		}
		pos++
		return t, nil
	}
	attrs := func() (map[string]dotToken, error) {
		out := map[string]dotToken{}
		if peek().text != "[" || peek().quoted {
			return out, nil
		}
		pos++
		for !(peek().text == "]" && !peek().quoted) {
			k, err := id()
			if err != nil {
				return nil, err
			}
			if err := expect("="); err != nil {
				return nil, err
			}
			v, err := id()
			if err != nil {
				return nil, err
			}
			out[k.text] = v
			if t := peek(); !t.quoted && (t.text == "," || t.text == ";") {
				pos++
			}
		}
		pos++
		return out, nil
	}
	for _, w := range []string{"strict", "digraph"} {
		if err := expect(w); err != nil {
			return nil, err
		}
	}
	if _, err := id(); err != nil {
		return nil, err
	}
	if err := expect("{"); err != nil {
		return nil, err
	}
	g := &dotGraph{labels: map[string]string{}, initial: map[string]bool{}}
	for !(peek().text == "}" && !peek().quoted) {
		a, err := id()
		if err != nil {
			return nil, err
		}
		switch t := peek(); {
		case !t.quoted && t.text == "=":
			pos++
			if _, err := id(); err != nil {
				return nil, err
			}
		case !t.quoted && t.text == "->":
			pos++
			b, err := id()
			if err != nil {
				return nil, err
			}
			at, err := attrs()
			if err != nil {
				return nil, err
			}
			for _, end := range []string{a.text, b.text} {
				if _, ok := g.labels[end]; !ok {
					return nil, fmt.Errorf("edge %s -> %s: node %s is not declared before it", a.text, b.text, end)
				}
			}
			g.edges = append(g.edges, [3]string{a.text, b.text, at["label"].text})
		default:
			at, err := attrs()
			if err != nil {
				return nil, err
			}
			if _, dup := g.labels[a.text]; dup {
				return nil, fmt.Errorf("node %s declared twice", a.text)
			}
			label, err := unescapeLabel(at["label"].text)
			if err != nil {
				return nil, err
			}
			g.labels[a.text] = label
			g.initial[a.text] = at["style"].text == "filled"
		}
		if t := peek(); !t.quoted && t.text == ";" {
			pos++
		}
	}
	pos++
	if pos != len(toks) {
		return nil, fmt.Errorf("%d tokens after the closing brace", len(toks)-pos)
	}
	return g, nil
}

// TestCheckCommandDumpDotParses parses the -dump dot files of two small models with a strict dot
// parser and compares the graphs with the hand-drawn ones.
func TestCheckCommandDumpDotParses(t *testing.T) {
	dir := t.TempDir()

	// HourClock: hours 1..12 are all initial, each with one Tick successor (12 -> 1).
	hour := filepath.Join(dir, "hour.dot")
	if code, out, errOut := runDsref("check", "-dump", "dot", hour, corpusDir+"/HourClock.tla"); code != 0 {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	g := mustParseDot(t, hour)
	byLabel := map[string]string{}
	for id, l := range g.labels {
		byLabel[l] = id
		if !g.initial[id] {
			t.Errorf("HourClock node %s (%q) is not filled, but every hour is initial", id, l)
		}
	}
	if len(g.labels) != 12 || len(g.edges) != 12 {
		t.Fatalf("HourClock graph has %d nodes and %d edges, want 12 and 12", len(g.labels), len(g.edges))
	}
	for _, e := range g.edges {
		var from, to int
		if _, err := fmt.Sscanf(g.labels[e[0]], "hr = %d", &from); err != nil {
			t.Fatalf("label %q: %v", g.labels[e[0]], err)
		}
		if _, err := fmt.Sscanf(g.labels[e[1]], "hr = %d", &to); err != nil {
			t.Fatalf("label %q: %v", g.labels[e[1]], err)
		}
		if to != from%12+1 {
			t.Errorf("edge hr = %d -> hr = %d, want -> %d", from, to, from%12+1)
		}
	}

	// DotLabels: two states whose labels hold quotes, a backslash and two lines; a cycle of two
	// Next edges; only the first state is initial.
	lab := filepath.Join(dir, "labels.dot")
	if code, out, errOut := runDsref("check", "-dump", "dot", lab, corpusDir+"/DotLabels.tla"); code != 0 {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	g = mustParseDot(t, lab)
	first := "/\\ s = \"say \\\"hi\\\"\"\n/\\ n = 0"
	second := "/\\ s = \"back\\\\slash\"\n/\\ n = 1"
	byLabel = map[string]string{}
	for id, l := range g.labels {
		byLabel[l] = id
	}
	a, b := byLabel[first], byLabel[second]
	if len(g.labels) != 2 || a == "" || b == "" {
		t.Fatalf("DotLabels nodes %q, want the labels %q and %q", g.labels, first, second)
	}
	if !g.initial[a] || g.initial[b] {
		t.Errorf("initial nodes %v, want only %s", g.initial, a)
	}
	want := [][3]string{{a, b, "Next"}, {b, a, "Next"}}
	if fmt.Sprint(g.edges) != fmt.Sprint(want) {
		t.Errorf("edges %v, want %v", g.edges, want)
	}
}

func mustParseDot(t *testing.T, path string) *dotGraph {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	g, err := parseDot(string(data))
	if err != nil {
		t.Fatalf("%s is not a well-formed dot file: %v\n%s", path, err, data)
	}
	return g
}

func TestParseDotRejectsMalformed(t *testing.T) {
	for _, src := range []string{
		"digraph G {}",                             // not strict
		"strict digraph G { 1 [label=\"x\"] ",      // no closing brace
		"strict digraph G { 1 -> 2 }",              // undeclared nodes
		"strict digraph G { 1 [label=\"a\\Nb\"] }", // a Graphviz escape
		"strict digraph G { 1 [label=\"a\"b\"] }",  // unescaped quote
		"strict digraph G { 1 [label=\"x\"] } }",
	} {
		if _, err := parseDot(src); err == nil {
			t.Errorf("parseDot accepted %q", src)
		}
	}
}
