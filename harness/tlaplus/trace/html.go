package trace

import (
	"fmt"
	"html"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/dsref/dsref/harness/tlaplus/value"
)

// MaxHTMLEvents bounds how many events a diagram draws: the events before a failure (or the
// start of a trace that is a behavior) up to this many, so that the page stays usable.
const MaxHTMLEvents = 4000

// WriteHTMLFile writes WriteHTML's page to path.
func WriteHTMLFile(path string, res *Result) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := WriteHTML(f, res); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// WriteHTML writes a validation result as one self-contained HTML page (no script or style
// fetched from anywhere) drawing the trace as a space-time diagram in the style of ShiViz: a
// vertical line per node, time going down, a dot per event, an arrow from each message's send
// to its receipt, the network's drops and duplicates on a line of their own. The first event no
// behavior of the specification explains is highlighted, and the page lists, per candidate
// state, the false condition or the observed fields that disagree (expected vs seen). Every
// event shows its line on hover and in the table below the diagram. The markup is well-formed
// XML, so tests can read it with encoding/xml.
func WriteHTML(w io.Writer, res *Result) error {
	d := layout(res)
	var b strings.Builder
	title := "Trace " + res.Trace
	b.WriteString("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
	fmt.Fprintf(&b, "<title>%s</title>\n", esc(title))
	b.WriteString(htmlStyle)
	b.WriteString("</head>\n<body>\n")
	fmt.Fprintf(&b, "<h1>%s</h1>\n", esc(title))
	b.WriteString(`<div id="verdict" class="`)
	if res.OK() {
		fmt.Fprintf(&b, `ok">The trace is a behavior of %s: %d events validated, peak frontier %d state(s).</div>`+"\n",
			esc(res.Spec), res.Events, res.PeakFrontier)
	} else {
		f := res.Failure
		fmt.Fprintf(&b, `failed">Line %d (event %d of %d) is the first event no behavior of %s explains: %s</div>`+"\n",
			f.Line, f.Index, res.Events, esc(res.Spec), esc(f.Reason))
	}
	if d.skipped > 0 {
		fmt.Fprintf(&b, "<p class=\"note\">The diagram starts at line %d: the %d events before it are not drawn.</p>\n",
			d.events[0].ev.Line, d.skipped)
	}
	writeFailure(&b, res)
	writeDiagram(&b, d)
	writeEventTable(&b, d, res)
	b.WriteString(htmlScript)
	b.WriteString("</body>\n</html>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func esc(s string) string { return html.EscapeString(s) }

// diagram is the trace laid out: columns (nodes, then the network) and one row per event.
type diagram struct {
	columns []string // "1", "2", ..., "network"
	col     map[string]int
	events  []placed
	arrows  []arrow
	skipped int
	failed  int // index in events of the failing event, -1 if none
	bad     map[string]bool
}

type placed struct {
	ev     *Event
	col    int
	action string
}

type arrow struct{ from, to int } // indexes in events

func layout(res *Result) *diagram {
	d := &diagram{col: map[string]int{}, failed: -1, bad: map[string]bool{}}
	all := res.EventList
	end := len(all)
	if res.Failure != nil {
		end = res.Failure.Index
		for _, c := range res.Failure.Candidates {
			for _, m := range c.Mismatches {
				d.bad[m.Field] = true
			}
		}
	}
	start := 0
	if end > MaxHTMLEvents {
		start = end - MaxHTMLEvents
	}
	end = min(end, len(all))
	d.skipped = start
	var nodes []string
	seen := map[string]bool{}
	for i := range all {
		if n, ok := all[i].Field("node"); ok && !seen[nodeKey(n)] {
			seen[nodeKey(n)] = true
			nodes = append(nodes, nodeKey(n))
		}
	}
	sort.Slice(nodes, func(a, b int) bool {
		if len(nodes[a]) != len(nodes[b]) {
			return len(nodes[a]) < len(nodes[b])
		}
		return nodes[a] < nodes[b]
	})
	d.columns = append(nodes, "network")
	for i, c := range d.columns {
		d.col[c] = i
	}
	// pending holds, per message, the rows of its sends not yet received, oldest first.
	pending := map[string][]int{}
	for i := start; i < end; i++ {
		ev := &all[i]
		column := "network"
		if n, ok := ev.Field("node"); ok {
			column = nodeKey(n)
		}
		row := len(d.events)
		d.events = append(d.events, placed{ev: ev, col: d.col[column], action: ev.Action})
		if res.Failure != nil && i == res.Failure.Index-1 {
			d.failed = row
		}
		if column == "network" {
			continue
		}
		if m, ok := ev.Field("msg"); ok {
			if to, ok := messageEnd(m, "to"); ok && to == column {
				if from, ok := messageEnd(m, "from"); ok && from != column {
					key := m.String()
					if q := pending[key]; len(q) > 0 {
						d.arrows = append(d.arrows, arrow{from: q[0], to: row})
						pending[key] = q[1:]
					}
				}
			}
		}
		if s, ok := ev.Field("sent"); ok {
			if seq, ok := s.(value.Tuple); ok {
				for _, m := range seq {
					pending[m.String()] = append(pending[m.String()], row)
				}
			}
		}
	}
	return d
}

// messageEnd returns a message's "from" or "to" node as a column name.
func messageEnd(m value.Value, field string) (string, bool) {
	r, ok := m.(*value.Record)
	if !ok {
		return "", false
	}
	v, found, _ := r.Field(field)
	if !found {
		return "", false
	}
	return nodeKey(v), true
}

const (
	colWidth = 120
	rowH     = 16
	leftPad  = 60
	topPad   = 40
)

func writeDiagram(b *strings.Builder, d *diagram) {
	width := leftPad + colWidth*len(d.columns)
	height := topPad + rowH*(len(d.events)+1)
	fmt.Fprintf(b, "<svg id=\"diagram\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n",
		width, height, width, height)
	b.WriteString("<defs><marker id=\"head\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#555\"/></marker></defs>\n")
	for i, c := range d.columns {
		x := leftPad + colWidth*i + colWidth/2
		label := "node " + c
		if c == "network" {
			label = "network"
		}
		fmt.Fprintf(b, "<text class=\"col\" x=\"%d\" y=\"%d\">%s</text>\n", x, topPad-16, esc(label))
		fmt.Fprintf(b, "<line class=\"life\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n", x, topPad-8, x, height-8)
	}
	pos := func(row int) (int, int) {
		p := d.events[row]
		return leftPad + colWidth*p.col + colWidth/2, topPad + rowH*row + rowH/2
	}
	if d.failed >= 0 {
		_, y := pos(d.failed)
		fmt.Fprintf(b, "<rect class=\"failrow\" x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\"/>\n", y-rowH/2, width, rowH)
	}
	for _, a := range d.arrows {
		x1, y1 := pos(a.from)
		x2, y2 := pos(a.to)
		fmt.Fprintf(b, "<line class=\"msg\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" marker-end=\"url(#head)\"/>\n", x1, y1, x2, y2)
	}
	for row, p := range d.events {
		x, y := pos(row)
		class := "ev"
		switch {
		case row == d.failed:
			class = "ev failed"
		case p.action == "DropMessage":
			class = "ev drop"
		case p.action == "DuplicateMessage":
			class = "ev dup"
		}
		r := 4
		if row == d.failed {
			r = 7
		}
		fmt.Fprintf(b, "<g class=\"%s\" data-row=\"%d\"><circle cx=\"%d\" cy=\"%d\" r=\"%d\"/><text x=\"%d\" y=\"%d\">%s</text><title>line %d: %s</title></g>\n",
			class, row, x, y, r, x+9, y+4, esc(shortAction(p.action)), p.ev.Line, esc(p.ev.Text()))
		fmt.Fprintf(b, "<text class=\"line\" x=\"4\" y=\"%d\">%d</text>\n", y+4, p.ev.Line)
	}
	b.WriteString("</svg>\n")
}

// shortAction keeps labels narrow: HandleAppendEntriesRequest is "HAERequest".
func shortAction(a string) string {
	if len(a) <= 14 {
		return a
	}
	var out []rune
	for i, r := range a {
		if r >= 'A' && r <= 'Z' || i == 0 {
			out = append(out, r)
		}
	}
	return string(out)
}

func writeFailure(b *strings.Builder, res *Result) {
	f := res.Failure
	if f == nil {
		return
	}
	b.WriteString("<div id=\"failure\">\n<h2>Why no behavior explains it</h2>\n")
	if f.Event != nil {
		fmt.Fprintf(b, "<p>Line %d: <code class=\"event\">%s</code></p>\n", f.Line, highlightFields(f.Event.Text(), badFields(f)))
	}
	for i, c := range f.Candidates {
		fmt.Fprintf(b, "<div class=\"candidate\"><h3>Candidate state %d of %d</h3>\n", i+1, len(f.Candidates)+f.Omitted)
		if c.Disabled != "" {
			fmt.Fprintf(b, "<p class=\"disabled\">The action cannot be taken: %s</p>\n", esc(c.Disabled))
		}
		if len(c.Mismatches) > 0 {
			fmt.Fprintf(b, "<table class=\"mismatch\"><tr><th>field</th><th>expected (specification)</th><th>seen (trace)</th><th>condition</th></tr>\n")
			for _, m := range c.Mismatches {
				fmt.Fprintf(b, "<tr class=\"bad\"><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
					esc(m.Field), esc(m.Expected), esc(m.Seen), esc(m.Condition))
			}
			b.WriteString("</table>\n")
		}
		b.WriteString("<details><summary>state</summary><pre>")
		for _, v := range c.State {
			fmt.Fprintf(b, "/\\ %s = %s\n", esc(v.Name), esc(v.Value))
		}
		b.WriteString("</pre></details></div>\n")
	}
	if f.Omitted > 0 {
		fmt.Fprintf(b, "<p>%d more candidate state(s) not shown.</p>\n", f.Omitted)
	}
	b.WriteString("</div>\n")
}

func badFields(f *Failure) map[string]bool {
	bad := map[string]bool{}
	for _, c := range f.Candidates {
		for _, m := range c.Mismatches {
			bad[m.Field] = true
		}
	}
	return bad
}

// highlightFields escapes an event's JSON text and marks the fields that disagree, found by
// their path (msg.term is the key "term" of the object under the key "msg").
func highlightFields(text string, bad map[string]bool) string {
	type frame struct {
		object, expectKey bool
		name              string // the key this object or array is the value of
	}
	var b strings.Builder
	var stack []frame
	lastKey := ""
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c == '"' {
			j := i + 1
			for j < len(text) && text[j] != '"' {
				if text[j] == '\\' {
					j++
				}
				j++
			}
			j = min(j, len(text)-1)
			s := text[i : j+1]
			i = j
			if n := len(stack); n > 0 && stack[n-1].object && stack[n-1].expectKey {
				lastKey = strings.Trim(s, `"`)
				var path []string
				for _, f := range stack {
					if f.name != "" {
						path = append(path, f.name)
					}
				}
				if bad[strings.Join(append(path, lastKey), ".")] {
					b.WriteString(`<span class="badfield">` + esc(s) + `</span>`)
					continue
				}
			}
			b.WriteString(esc(s))
			continue
		}
		n := len(stack)
		switch c {
		case '{', '[':
			name := ""
			if n > 0 && stack[n-1].object {
				name = lastKey
			}
			stack = append(stack, frame{object: c == '{', expectKey: c == '{', name: name})
		case '}', ']':
			if n > 0 {
				stack = stack[:n-1]
			}
		case ',':
			if n > 0 && stack[n-1].object {
				stack[n-1].expectKey = true
			}
		case ':':
			if n > 0 {
				stack[n-1].expectKey = false
			}
		}
		b.WriteString(esc(string(c)))
	}
	return b.String()
}

func writeEventTable(b *strings.Builder, d *diagram, res *Result) {
	b.WriteString("<h2>Events</h2>\n<table id=\"events\"><tr><th>line</th><th>node</th><th>action</th><th>event</th></tr>\n")
	for row, p := range d.events {
		class := ""
		if row == d.failed {
			class = ` class="failed"`
		}
		text := esc(p.ev.Text())
		if row == d.failed && res.Failure != nil {
			text = highlightFields(p.ev.Text(), d.bad)
		}
		fmt.Fprintf(b, "<tr id=\"line%d\"%s><td>%d</td><td>%s</td><td>%s</td><td><code>%s</code></td></tr>\n",
			p.ev.Line, class, p.ev.Line, esc(d.columns[p.col]), esc(p.action), text)
	}
	b.WriteString("</table>\n")
}

const htmlStyle = `<style>
body { font-family: sans-serif; margin: 1em; }
#verdict { padding: 0.5em; font-weight: bold; }
#verdict.ok { background: #dfd; }
#verdict.failed { background: #fdd; }
.note { color: #666; }
svg text { font-size: 10px; }
text.col { font-weight: bold; text-anchor: middle; font-size: 12px; }
text.line { fill: #999; }
line.life { stroke: #bbb; stroke-width: 2; }
line.msg { stroke: #555; stroke-width: 1; }
g.ev circle { fill: #36c; }
g.drop circle { fill: #c60; }
g.dup circle { fill: #690; }
g.failed circle { fill: #d00; }
g.failed text { fill: #d00; font-weight: bold; }
rect.failrow { fill: #fdd; }
g.ev:hover circle { r: 7; }
table { border-collapse: collapse; font-size: 12px; }
td, th { border: 1px solid #ccc; padding: 2px 6px; text-align: left; vertical-align: top; }
tr.failed td, tr.bad td { background: #fdd; }
.badfield { background: #f88; font-weight: bold; }
code { font-size: 11px; word-break: break-all; }
</style>
`

// htmlScript only counts what the page drew, into attributes of body, so that a test driving a
// real browser can see that the page was parsed and rendered; the diagram needs no script.
const htmlScript = `<script>
//<![CDATA[
document.addEventListener("DOMContentLoaded", function () {
  var svg = document.getElementById("diagram");
  document.body.setAttribute("data-events", svg.querySelectorAll("g").length);
  document.body.setAttribute("data-arrows", svg.querySelectorAll("line.msg").length);
  document.body.setAttribute("data-failed", svg.querySelectorAll("g.failed").length);
  var box = svg.getBoundingClientRect();
  document.body.setAttribute("data-rendered", box.width > 0 && box.height > 0 ? "yes" : "no");
});
//]]>
</script>
`
