package value

import (
	"strings"
	"unicode"
)

// PrettyWidth is the width TLC formats values to (tlc2.value.Values.WIDTH, 80 unless the JVM
// property tlc2.value.Values.width says otherwise).
const PrettyWidth = 80

// Pretty is v as TLC prints it in a state of a behavior and from Print and PrintT:
// Values.ppr(v), the one-line form (TLCString: in TLC's order) broken over lines to fit
// PrettyWidth.
func Pretty(v Value) string {
	if v == nil {
		return "null"
	}
	return PrettyString(TLCString(v), PrettyWidth)
}

// PrettyString formats s, the one-line form of a value, as TLC's PrettyPrint.mypp does: it parses
// s back into sets, sequences, records, functions, SUBSETs and constants (tlc2.pprint.Parse) and,
// where a value does not fit in width columns, puts its elements on lines of their own, indented
// under the first (tlc2.pprint.Format). Lines after the first start at column 0 plus that
// indentation, whatever precedes the value on its first line, as in TLC. Where TLC's parser fails
// (a model value or record field with a character that is neither letter nor digit, such as an
// underscore; a string holding a quote), or stops before the end of s, s is returned unchanged,
// as TLC returns it. Columns are counted in runes; TLC counts UTF-16 units, which differ only for
// characters outside the Basic Multilingual Plane.
func PrettyString(s string, width int) (out string) {
	p := &ppParser{s: []rune(s)}
	defer func() {
		if recover() != nil {
			out = s
		}
	}()
	tree := p.parse(0)
	if tree.last < len(p.s)-1 {
		return s
	}
	return p.format(tree, width, 0, "")
}

// The kinds of tlc2.pprint.Node.
const (
	ppConstant = iota
	ppSet
	ppSequence
	ppRecord
	ppRecordPair
	ppFunction
	ppFunctionPair
	ppSubset
)

// ppNode is a parsed value: the runes first..last of the string, its kind and its components
// (a pair's components are its argument and its value).
type ppNode struct {
	kind        int
	first, last int
	children    []*ppNode
}

func (n *ppNode) length() int { return n.last - n.first + 1 }

// ppParser is tlc2.pprint.Parse. Running off the end of the string or meeting a character no
// value starts with panics (TLC's ParseException); PrettyString recovers.
type ppParser struct{ s []rune }

type ppFail struct{}

func (p *ppParser) at(i int) rune {
	if i < 0 || i >= len(p.s) {
		panic(ppFail{})
	}
	return p.s[i]
}

// isSpace is Java's Character.isWhitespace: Unicode spaces but not the no-break ones, and the
// ASCII separators U+001C..U+001F.
func isSpace(r rune) bool {
	switch r {
	case '\u00a0', '\u2007', '\u202f':
		return false
	}
	return unicode.IsSpace(r) || (r >= 0x1c && r <= 0x1f)
}

func (p *ppParser) skipSpace(i int) int {
	for isSpace(p.at(i)) {
		i++
	}
	return i
}

func (p *ppParser) hasAt(i int, word string) bool {
	w := []rune(word)
	if i < 0 || i+len(w) > len(p.s) {
		return false
	}
	for k, r := range w {
		if p.s[i+k] != r {
			return false
		}
	}
	return true
}

func (p *ppParser) parse(i int) *ppNode {
	p.at(i)
	i = p.skipSpace(i)
	switch c := p.at(i); {
	case c == '{':
		return p.list(i, ppSet, 1, '}', false)
	case c == '<':
		return p.list(i, ppSequence, 2, '>', false)
	case c == '[':
		return p.list(i, ppRecord, 1, ']', false)
	case c == '(':
		return p.list(i, ppFunction, 1, ')', true)
	case p.hasAt(i, "SUBSET"):
		elt := p.parse(p.skipSpace(i + 6))
		return &ppNode{kind: ppSubset, first: i, last: elt.last, children: []*ppNode{elt}}
	}
	return p.constant(i)
}

// list parses a set, sequence, record or function starting at i: its opening delimiter (open
// runes), its elements separated by commas (records: field |-> value pairs; functions: arg :> value
// pairs separated by @@), up to the closing rune. A sequence ends at the second '>' of ">>".
func (p *ppParser) list(i, kind, open int, closing rune, function bool) *ppNode {
	n := &ppNode{kind: kind, first: i}
	last := p.skipSpace(i + open)
	for p.at(last) != closing {
		var elt *ppNode
		switch kind {
		case ppRecord:
			elt = p.pair(last, ppRecordPair, "|->")
		case ppFunction:
			elt = p.pair(last, ppFunctionPair, ":>")
		default:
			elt = p.parse(last)
		}
		n.children = append(n.children, elt)
		last = p.skipSpace(elt.last + 1)
		if function {
			if p.hasAt(last, "@@") {
				last += 2
			}
		} else if p.at(last) == ',' {
			last++
		}
		last = p.skipSpace(last)
	}
	if kind == ppSequence {
		last++
	}
	n.last = last
	return n
}

func (p *ppParser) pair(i, kind int, div string) *ppNode {
	arg := p.parse(i)
	last := p.skipSpace(arg.last + 1)
	if !p.hasAt(last, div) {
		panic(ppFail{})
	}
	val := p.parse(p.skipSpace(last + len(div)))
	return &ppNode{kind: kind, first: i, last: val.last, children: []*ppNode{arg, val}}
}

// constant parses a string, an interval i..j, a negative integer, or an integer, Boolean or model
// value (a run of letters and digits).
func (p *ppParser) constant(i int) *ppNode {
	first := p.skipSpace(i)
	last := first
	switch c := p.at(last); {
	case c == '"':
		for {
			last++
			if p.at(last) == '"' {
				break
			}
		}
		return &ppNode{kind: ppConstant, first: first, last: last}
	case unicode.IsDigit(c):
		if n := p.interval(i); n != nil {
			return n
		}
	}
	switch c := p.at(last); {
	case c == '-':
		last++
		for unicode.IsDigit(p.at(last)) {
			last++
			if last == len(p.s) {
				break
			}
		}
		return &ppNode{kind: ppConstant, first: first, last: last - 1}
	case unicode.IsLetter(c) || unicode.IsDigit(c):
		for r := p.at(last); unicode.IsLetter(r) || unicode.IsDigit(r); r = p.at(last) {
			last++
			if last == len(p.s) {
				break
			}
		}
		return &ppNode{kind: ppConstant, first: first, last: last - 1}
	}
	panic(ppFail{})
}

// interval parses i..j at i, or returns nil (TLC's parseInterval returns null rather than fail).
func (p *ppParser) interval(i int) *ppNode {
	digit := func(k int) bool { return k >= 0 && k < len(p.s) && unicode.IsDigit(p.s[k]) }
	last := i
	if !digit(last) {
		return nil
	}
	for digit(last) {
		last++
	}
	if !p.hasAt(last, "..") {
		return nil
	}
	last += 2
	if !digit(last) {
		return nil
	}
	for digit(last) {
		last++
	}
	return &ppNode{kind: ppConstant, first: i, last: last - 1}
}

func (p *ppParser) text(n *ppNode) string { return string(p.s[n.first : n.last+1]) }

// The delimiters tlc2.pprint.Format breaks values with: opening and closing strings, the padding
// of the lines after the first, the separator after each element, and for records and functions
// the divider of a pair and the extra padding of a value put on a line below its argument.
type ppStyle struct{ open, close, pad, sep, div, divPad string }

var ppStyles = map[int]ppStyle{
	ppSet:      {open: "{ ", close: " }", pad: "  ", sep: ","},
	ppSequence: {open: "<< ", close: " >>", pad: "   ", sep: ","},
	ppFunction: {open: "( ", close: " )", pad: "  ", sep: " @@", div: " :>", divPad: "    "},
	ppRecord:   {open: "[ ", close: " ]", pad: "  ", sep: ",", div: " |->", divPad: "    "},
	ppSubset:   {open: "SUBSET ", close: " ", pad: " ", sep: ","},
}

// format is tlc2.pprint.Format.format: n as it is if it fits in columns minus trailer (the
// room left for what follows it on its last line), else broken over lines starting with pad.
func (p *ppParser) format(n *ppNode, columns, trailer int, pad string) string {
	if n.length() <= columns-trailer || n.kind == ppConstant {
		return p.text(n)
	}
	st := ppStyles[n.kind]
	inner := columns - max(len(st.open), len(st.pad))
	var b strings.Builder
	b.WriteString(st.open)
	if st.div == "" {
		p.formatValues(&b, n.children, inner, trailer+len(st.close), pad+st.pad, st.sep)
	} else {
		p.formatPairs(&b, n.children, inner, trailer+len(st.close), pad+st.pad, st)
	}
	b.WriteString(st.close)
	return b.String()
}

func (p *ppParser) formatValues(b *strings.Builder, elts []*ppNode, columns, trailer int, pad, sep string) {
	for i, e := range elts {
		if i < len(elts)-1 {
			b.WriteString(p.format(e, columns, len(sep), pad) + sep + "\n" + pad)
		} else {
			b.WriteString(p.format(e, columns, trailer, pad))
		}
	}
}

func (p *ppParser) formatPairs(b *strings.Builder, pairs []*ppNode, columns, trailer int, pad string, st ppStyle) {
	for i, pr := range pairs {
		arg, val := pr.children[0], pr.children[1]
		valueBelow := func(t int) string {
			return p.text(arg) + st.div + "\n" + pad + st.divPad + p.format(val, columns-len(st.divPad), t, pad+st.divPad)
		}
		if i < len(pairs)-1 {
			switch {
			case arg.length()+len(st.div)+1+val.length()+len(st.sep) <= columns:
				b.WriteString(p.text(arg) + st.div + " " + p.text(val))
			case arg.length()+len(st.div) <= columns:
				b.WriteString(valueBelow(len(st.sep)))
			default:
				b.WriteString(p.format(arg, columns, trailer+len(st.div), pad) + st.div + "\n" + pad + st.divPad +
					p.format(val, columns-len(st.divPad), len(st.sep), pad+st.divPad))
			}
			b.WriteString(st.sep + "\n" + pad)
			continue
		}
		switch {
		case arg.length()+len(st.div)+1+val.length() <= columns-trailer:
			b.WriteString(p.text(arg) + st.div + " " + p.text(val))
		case arg.length()+len(st.div) <= columns:
			b.WriteString(valueBelow(trailer))
		default:
			b.WriteString(p.format(arg, columns, trailer+len(st.div), pad) + st.div + "\n" + pad + st.divPad +
				p.format(val, columns-len(st.divPad), trailer, pad+st.divPad))
		}
	}
}
