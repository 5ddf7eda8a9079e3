package eval

import (
	"slices"

	"github.com/dsref/dsref/harness/tlaplus/value"
)

// Implements VectorClocks' CausalOrder natively, as TLC's Java override does
// (tlc2.overrides.VectorClocks): the definition chooses among the functions
// [1 .. Len(log) -> Range(log)], n^n of them for a log of n entries, where the override sorts the
// log. As the override: each node's entries are ordered by the node's own time (its clock's
// entry for it), an entry follows, for every other node, the entry of that node whose time its
// clock shows (the entry at that position of the node's sorted list) when that is later than any
// it showed before (an entry the log lacks is none), and the log is rebuilt by taking, node after
// node (in the order of their names), the first remaining entry of a node once every entry it
// follows has been taken.
var vectorClocks = natives{
	"CausalOrder": seqFn(4, func(c *call) value.Value {
		log := c.seq(0)
		clock, node, domain := c.op(1, 1), c.op(2, 1), c.op(3, 1)
		type entry struct {
			val     value.Value
			clock   value.Value
			time    int64
			hosts   []value.Value
			parents int
			kids    []*entry
		}
		var hosts []value.Value
		byHost := map[uint64]int{} // fingerprint of a node -> its index in hosts
		var perHost [][]*entry
		index := func(h value.Value, add bool) int {
			fp, err := value.Fingerprint(h)
			c.check(err)
			i, ok := byHost[fp]
			if !ok {
				if !add {
					return -1
				}
				i = len(hosts)
				byHost[fp] = i
				hosts = append(hosts, h)
				perHost = append(perHost, nil)
			}
			return i
		}
		for _, v := range log {
			id := c.applyOp(node, v)
			vc := c.applyOp(clock, v)
			t, err := value.Apply(vc, id)
			c.check(err)
			ti, ok := t.(value.Int)
			if !ok {
				c.fail("the clock %s gives node %s no integer time", value.Abbrev(vc), value.Abbrev(id))
			}
			dom, err := value.Enumerate(c.applyOp(domain, vc))
			c.check(err)
			i := index(id, true)
			perHost[i] = append(perHost[i], &entry{val: v, clock: vc, time: int64(ti), hosts: dom.Elems()})
		}
		for _, l := range perHost {
			slices.SortStableFunc(l, func(a, b *entry) int { return int(a.time - b.time) })
		}
		for h, l := range perHost {
			seen := make([]int64, len(hosts))
			for _, e := range l {
				seen[h] = e.time
				for _, other := range e.hosts {
					t, err := value.Apply(e.clock, other)
					c.check(err)
					ti, ok := t.(value.Int)
					if !ok {
						c.fail("the clock %s gives node %s no integer time", value.Abbrev(e.clock), value.Abbrev(other))
					}
					if ti < 1 {
						continue // no entry of that node before this one
					}
					o := index(other, false)
					if o < 0 || seen[o] >= int64(ti) || int(ti) > len(perHost[o]) {
						// Not later than an entry of that node already followed, or an entry
						// the log does not hold (TLC's override fails there).
						continue
					}
					seen[o] = int64(ti)
					p := perHost[o][ti-1]
					p.kids = append(p.kids, e)
					e.parents++
				}
			}
		}
		order := make([]int, len(hosts))
		for i := range order {
			order[i] = i
		}
		slices.SortFunc(order, func(a, b int) int { return c.compare(hosts[a], hosts[b]) })
		out := make([]value.Value, 0, len(log))
		for progress := true; progress; {
			progress = false
			for _, h := range order {
				l := perHost[h]
				if len(l) == 0 || l[0].parents > 0 {
					continue
				}
				e := l[0]
				perHost[h] = l[1:]
				for _, k := range e.kids {
					k.parents--
				}
				out = append(out, e.val)
				progress = true
			}
		}
		if len(out) != len(log) {
			c.fail("the clocks of the log are not a causal order (a cycle among %d entries)", len(log)-len(out))
		}
		v, t := value.MakeTuple(len(out))
		copy(t, out)
		return v
	}),
}
