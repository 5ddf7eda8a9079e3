package eval

import (
	"sort"

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
			return -1
		}
		for _, e := range edges {
			// As TLC's override: an element of G.edge that is not a set of one or two nodes
			// merges nothing.
			ends, ok := e.(value.SetValue)
			if !ok || !ends.Finite() {
				continue
			}
			es, err := ends.Enumerate()
			if err != nil || es.Len() < 1 || es.Len() > 2 {
				continue
			}
			a, b := index(es.Elems()[0]), index(es.Elems()[es.Len()-1])
			if a >= 0 && b >= 0 {
				parent[find(a)] = find(b)
			}
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

// Implements Graphs' SimplePath and AreConnectedIn natively, as TLC's Java overrides of the
// community module do (tlc2.overrides.Graphs): the definitions enumerate every sequence of
// nodes up to the number of nodes (SeqOf(G.node, Cardinality(G.node))), which is 341 sequences
// for 4 nodes, 19,531 for 6, at every application. As the definitions, a path's nodes are
// elements of G.node, and an edge is a pair <<m, n>> of them (other elements of G.edge are on
// no path); IsStronglyConnected, defined by AreConnectedIn, is fast with it.
var graphs = natives{
	"SimplePath": seqFn(1, func(c *call) value.Value {
		g := directedGraph(c, c.val(0))
		var paths []value.Value
		path := make([]int, 0, len(g.nodes))
		on := make([]bool, len(g.nodes))
		var extend func(i int)
		extend = func(i int) {
			path = append(path, i)
			on[i] = true
			v, t := value.MakeTuple(len(path))
			for k, j := range path {
				t[k] = g.nodes[j]
			}
			paths = append(paths, v)
			for _, j := range g.succ[i] {
				if !on[j] {
					extend(j)
				}
			}
			on[i] = false
			path = path[:len(path)-1]
		}
		for i := range g.nodes {
			extend(i)
		}
		return c.newSet(paths)
	}),
	"AreConnectedIn": seqFn(3, func(c *call) value.Value {
		m, n := c.val(0), c.val(1)
		g := directedGraph(c, c.val(2))
		from, to := g.index(c, m), g.index(c, n)
		if from < 0 || to < 0 {
			return value.Bool(false) // a path's ends are nodes
		}
		seen := make([]bool, len(g.nodes))
		seen[from] = true
		for queue := []int{from}; len(queue) > 0; queue = queue[1:] {
			if queue[0] == to {
				return value.Bool(true)
			}
			for _, j := range g.succ[queue[0]] {
				if !seen[j] {
					seen[j] = true
					queue = append(queue, j)
				}
			}
		}
		return value.Bool(false)
	}),
}

// graph is a directed graph [node |-> N, edge |-> E] with its nodes numbered in N's order and,
// for each, the nodes its edges lead to.
type graph struct {
	nodes []value.Value
	succ  [][]int
}

func directedGraph(c *call, v value.Value) *graph {
	field := func(name string) []value.Value {
		f, err := value.Apply(v, value.Str(name))
		if err != nil {
			c.fail("the graph must be a record with fields node and edge, not %s", value.Abbrev(v))
		}
		s, err := value.Enumerate(f)
		if err != nil {
			c.fail("the field %s of the graph must be a finite set, not %s", name, value.Abbrev(f))
		}
		return s.Elems()
	}
	g := &graph{nodes: field("node")}
	g.succ = make([][]int, len(g.nodes))
	for _, e := range field("edge") {
		t, err := value.AsSeq(e)
		if err != nil || len(t) != 2 {
			continue // not a pair: on no path
		}
		a, b := g.index(c, t[0]), g.index(c, t[1])
		if a >= 0 && b >= 0 {
			g.succ[a] = append(g.succ[a], b)
		}
	}
	return g
}

// index is the number of node v, or -1 if v is not a node.
func (g *graph) index(c *call, v value.Value) int {
	n, err := value.Normalize(v)
	c.check(err)
	i, found := sort.Find(len(g.nodes), func(i int) int { return c.compare(n, g.nodes[i]) })
	if !found {
		return -1
	}
	return i
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
