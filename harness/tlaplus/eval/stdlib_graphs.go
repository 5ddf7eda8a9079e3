package eval

import (
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// Implements UndirectedGraphs' ConnectedComponents natively (TLC has a Java override): the
// components of the graph [node |-> N, edge |-> E] whose edges are sets of one or two nodes.
var undirectedGraphs = natives{
	"ConnectedComponents": seqFn(1, func(c *call) value.Value {
		g, ok := c.val(0).(*value.Record)
		if !ok {
			c.fail("the graph must be a record [node, edge], not %s", value.Abbrev(c.val(0)))
		}
		nodes := graphSet(c, g, "node")
		edges := graphSet(c, g, "edge")
		parent := make([]int, len(nodes))
		for i := range parent {
			parent[i] = i
		}
		var find func(i int) int
		find = func(i int) int {
			for parent[i] != i {
				parent[i] = parent[parent[i]]
				i = parent[i]
			}
			return i
		}
		index := func(v value.Value) int {
			for i, n := range nodes {
				if c.equal(n, v) {
					return i
				}
			}
			c.fail("the edge end %s is not a node of the graph", value.Abbrev(v))
			return -1
		}
		for _, e := range edges {
			ends, err := value.Enumerate(e)
			if err != nil || ends.Len() < 1 || ends.Len() > 2 {
				c.fail("an edge of an undirected graph must be a set {a, b} of nodes, not %s", value.Abbrev(e))
			}
			a, b := index(ends.Elems()[0]), index(ends.Elems()[ends.Len()-1])
			parent[find(a)] = find(b)
		}
		groups := map[int][]value.Value{}
		for i, n := range nodes {
			groups[find(i)] = append(groups[find(i)], n)
		}
		comps := make([]value.Value, 0, len(groups))
		for _, members := range groups {
			comps = append(comps, c.newSet(members))
		}
		return c.newSet(comps)
	}),
}

func graphSet(c *call, g *value.Record, field string) []value.Value {
	v, ok, err := g.Field(field)
	c.check(err)
	if !ok {
		c.fail("the graph %s has no field %s", value.Abbrev(g), field)
	}
	s, err := value.Enumerate(v)
	c.check(err)
	return s.Elems()
}
