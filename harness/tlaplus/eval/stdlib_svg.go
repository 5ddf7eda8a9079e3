package eval

import (
	"math"
	"strings"

	"github.com/dsref/dsref/harness/tlaplus/value"
)

// Implements the operators of the community module SVG that TLC defines in Java.
var svgModule = natives{
	"SVGElemToString": seqFn(1, func(c *call) value.Value {
		var b strings.Builder
		svgElem(c, &b, c.val(0), 0)
		return value.Str(b.String())
	}),
	// NodeOfRingNetwork(cx, cy, r, n, m): the n-th of m points evenly spaced on the circle of
	// radius r around (cx, cy), coordinates truncated to integers as Java's (int) cast does.
	"NodeOfRingNetwork": seqFn(5, func(c *call) value.Value {
		cx, cy, r, n, m := c.int(0), c.int(1), c.int(2), c.int(3), c.int(4)
		if m == 0 {
			c.fail("a ring network needs at least one node")
		}
		angle := 2 * math.Pi / float64(m) * float64(n)
		x := float64(cx) + float64(r)*math.Cos(angle)
		y := float64(cy) + float64(r)*math.Sin(angle)
		return point(c, int64(x), int64(y))
	}),
	// PointOnLine(from, to, segment): from plus 1/segment of the way to to.
	"PointOnLine": seqFn(3, func(c *call) value.Value {
		fx, fy := coordinates(c, c.val(0))
		tx, ty := coordinates(c, c.val(1))
		seg := c.int(2)
		if seg == 0 {
			c.fail("the segment must not be 0")
		}
		x := float64(fx) + float64(tx-fx)/float64(seg)
		y := float64(fy) + float64(ty-fy)/float64(seg)
		return point(c, int64(x), int64(y))
	}),
	"NodesOfDirectedMultiGraph": seqFn(3, func(c *call) value.Value {
		c.fail("laying out a graph needs TLC's Java graph-drawing libraries, which this engine does not have")
		return nil
	}),
}

// svgElem writes the SVG text of elem, a record [name, attrs, children, innerText], as TLC's
// SVG.SVGElemToString does: attributes in the record's (sorted) order with _ written as -, single
// quoted; the inner text (with << and >> escaped) before the children.
func svgElem(c *call, b *strings.Builder, elem value.Value, depth int) {
	if depth > c.ev.spec.limits.MaxDepth {
		c.fail("SVG elements nest more than %d deep", c.ev.spec.limits.MaxDepth)
	}
	r, ok := elem.(*value.Record)
	if !ok {
		c.fail("an SVG element must be a record, not %s", value.Abbrev(elem))
	}
	name := svgString(c, r, "name")
	b.WriteString("<" + name)
	attrs := svgField(c, r, "attrs")
	if f, err := value.AsFunc(attrs); err == nil {
		for i := 0; i < f.Len(); i++ {
			k, ok1 := f.DomainAt(i).(value.Str)
			v, ok2 := f.ValueAt(i).(value.Str)
			if !ok1 || !ok2 {
				c.fail("the attributes of an SVG element must map strings to strings, not %s", value.Abbrev(attrs))
			}
			b.WriteString(" " + strings.ReplaceAll(string(k), "_", "-") + "='" + string(v) + "'")
		}
	} else {
		c.fail("the attributes of an SVG element must be a record, not %s", value.Abbrev(attrs))
	}
	b.WriteString(">")
	inner := svgString(c, r, "innerText")
	b.WriteString(strings.NewReplacer("<<", "&lt;&lt;", ">>", "&gt;&gt;").Replace(inner))
	children, err := value.AsFunc(svgField(c, r, "children"))
	if err != nil {
		c.fail("the children of an SVG element must be a sequence")
	}
	for i := 0; i < children.Len(); i++ {
		svgElem(c, b, children.ValueAt(i), depth+1)
	}
	b.WriteString("</" + name + ">")
}

func svgField(c *call, r *value.Record, name string) value.Value {
	v, ok, err := r.Field(name)
	c.check(err)
	if !ok {
		c.fail("the SVG element %s has no field %s", value.Abbrev(r), name)
	}
	return v
}

func svgString(c *call, r *value.Record, name string) string {
	v := svgField(c, r, name)
	s, ok := v.(value.Str)
	if !ok {
		c.fail("the field %s of an SVG element must be a string, not %s", name, value.Abbrev(v))
	}
	return string(s)
}

func coordinates(c *call, v value.Value) (x, y int64) {
	r, ok := v.(*value.Record)
	if !ok {
		c.fail("a point must be a record [x, y], not %s", value.Abbrev(v))
	}
	get := func(name string) int64 {
		f, ok, err := r.Field(name)
		c.check(err)
		n, isInt := f.(value.Int)
		if !ok || !isInt {
			c.fail("the point %s has no integer field %s", value.Abbrev(v), name)
		}
		return int64(n)
	}
	return get("x"), get("y")
}

func point(c *call, x, y int64) value.Value {
	r, err := value.NewRecord([]string{"x", "y"}, []value.Value{c.makeInt(x, c.name), c.makeInt(y, c.name)})
	c.check(err)
	return r
}
