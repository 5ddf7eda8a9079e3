package check

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// writeDot writes the explored state graph in Graphviz dot format, in the spirit of TLC's
// -dump dot: one node per distinct state labelled with its variables, initial states filled, one
// edge per generated step labelled with its action.
func writeDot(w io.Writer, m model, nodes []node, edges []edge) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "strict digraph DiskGraph {")
	fmt.Fprintln(bw, "nodesep=0.35")
	vars := m.vars()
	for _, n := range nodes {
		var label strings.Builder
		for i, v := range vars {
			if i > 0 {
				label.WriteByte('\n')
			}
			label.WriteString(varLine(len(vars), v, n.state[i].String()))
		}
		style := ""
		if n.parent < 0 {
			style = ",style = filled"
		}
		fmt.Fprintf(bw, "%d [label=%s%s]\n", n.fp, dotQuote(label.String()), style)
	}
	for _, e := range edges {
		name, _ := m.action(int(e.action))
		fmt.Fprintf(bw, "%d -> %d [label=%s];\n", e.from, e.to, dotQuote(name))
	}
	fmt.Fprintln(bw, "}")
	return bw.Flush()
}

// dotQuote quotes s as a dot label: a backslash is doubled (Graphviz reads \\ in a label as one
// backslash, and a lone one as the start of an escape such as \N), a quote escaped and a newline
// written as \n, so a value holding any of them (a string "a\"b", say) still gives a well-formed
// file whose label reads as the value.
func dotQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}
