package check

import (
	"math/bits"
	"slices"
)

// failing decides which of the branches pems (indices into the solution's) have a bad
// component, all at once, by decomposing the graph into strongly connected components
// instead of searching it once per branch as findBad does (TLC's LiveWorker runs one search per
// branch). A branch's bad component is a component of the graph of the steps satisfying its
// <>[]A conditions (mask E), so it lies within a component of the graph of the steps satisfying
// any subset M of them. The search starts with M the conditions every branch has; a component
// C of that graph decides a branch at once when it lacks a state, step or promise the branch
// needs (the branch has no bad component in C), or when every step inside C satisfies E (C is
// then a component of the branch's own graph, and bad). The other branches are grouped by a
// condition they add to M and C is decomposed again for each group with the larger M. Strong
// fairness conditions, which split a property into 2^k branches differing only in which
// conditions are <>[]~ENABLED A rather than []<>A, thus share most of their work.
//
// The verdicts are findBad's (TestFailingIsFindBad); the counterexample of a failing branch is
// still worked out by findBad, so that it is the one a branch-by-branch search prints.
// sc, if not nil, is the caller's to reuse from one call to the next (see hasBad).
func (pg *productGraph) failing(pems []int, stop func() bool, sc *verdictScratch) []bool {
	return pg.decompose(pems, stop, false, sc)
}

// decompose is failing; always decomposes even where no work is shared (tests).
func (pg *productGraph) decompose(pems []int, stop func() bool, always bool, sc *verdictScratch) []bool {
	d := &decomposer{pg: pg, stop: stop, fail: make([]bool, len(pems))}
	size := int(pg.g.done * pg.T)
	d.index = make([]int32, size)
	d.low = make([]int32, size)
	m := commonConditions(pg.sol, pems)
	all := make([]int, len(pems))
	for i := range all {
		all[i] = i
	}
	d.pems = pems
	if !always && !sharesWork(pg.sol, pems, m) {
		// No two branches add the same first condition: a decomposition would search the
		// graph once per branch after searching it once for all, so search per branch.
		for i, p := range pems {
			d.fail[i] = pg.hasBad(&pg.sol.pems[p], stop, sc)
			if stop() {
				break
			}
		}
		return d.fail
	}
	for _, c := range d.components(nil, m, true) {
		if d.stop() {
			break
		}
		d.decide(c, m, all)
	}
	return d.fail
}

// decomposer holds the state of failing: Tarjan's visit numbers and low-links (a component's
// members get low -id once it is complete), the branches and which fail.
type decomposer struct {
	pg         *productGraph
	stop       func() bool
	pems       []int
	fail       []bool
	index, low []int32
	comps      int32
	stack      []int32
	region     int32 // the low-link marking the members of the component being decomposed
	comp       compBufs
}

// component is a strongly connected component found by components: its members and number.
type component struct {
	id      int32
	members []int32
}

// components returns the components of the graph of the steps satisfying mask m. At the top
// (first), it searches from every reachable node some step of whose state satisfies m, in node
// order, as hasBad does (the other nodes are components without a step to themselves
// satisfying m, which decide nothing); below, roots are the members of a component (id -low of
// each, index reset to 0) and only they are searched.
func (d *decomposer) components(roots []int32, m []uint64, first bool) []component {
	var out []component
	type frame struct {
		x    int32
		e, t int
	}
	var calls []frame
	var counter int32
	polls := 0
	if first && d.pg.fromInits {
		roots, first = d.pg.inits, true
	}
	n := int32(len(roots))
	if first && !d.pg.fromInits {
		n = int32(d.pg.g.done * d.pg.T)
	}
	for r := range n {
		root := r
		if !first || d.pg.fromInits {
			root = roots[r]
		}
		if d.index[root] != 0 || !first && d.low[root] != d.region || first && !d.pg.candidateFor(m, root) {
			continue
		}
		counter++
		d.index[root], d.low[root] = counter, counter
		d.stack = append(d.stack[:0], root)
		calls = append(calls[:0], frame{x: root})
		for len(calls) > 0 {
			if polls++; polls&0xfff == 0 && d.stop() {
				return nil
			}
			f := &calls[len(calls)-1]
			next, found := d.nextSucc(f.x, &f.e, &f.t, m, first)
			if found {
				if d.index[next] == 0 {
					counter++
					d.index[next], d.low[next] = counter, counter
					d.stack = append(d.stack, next)
					calls = append(calls, frame{x: next})
				} else if d.low[next] > 0 && d.index[next] < d.low[f.x] {
					d.low[f.x] = d.index[next]
				}
				continue
			}
			x := f.x
			calls = calls[:len(calls)-1]
			if d.low[x] == d.index[x] {
				d.comps++
				i := len(d.stack) - 1
				for d.stack[i] != x {
					i--
				}
				c := component{id: d.comps, members: slices.Clone(d.stack[i:])}
				d.stack = d.stack[:i]
				for _, y := range c.members {
					d.low[y] = -c.id
				}
				out = append(out, c)
			}
			if len(calls) > 0 {
				p := &calls[len(calls)-1]
				if d.low[x] > 0 && d.low[x] < d.low[p.x] {
					d.low[p.x] = d.low[x]
				}
			}
		}
	}
	return out
}

// nextSucc advances (e, t) to x's next successor by a step satisfying m and, below the top,
// inside the region searched; at the top, to a node visited or a candidate for m.
func (d *decomposer) nextSucc(x int32, e, t *int, m []uint64, first bool) (int32, bool) {
	pg := d.pg
	for {
		_, ei, y, ok := pg.nextStep(x, e, t)
		if !ok {
			return 0, false
		}
		if d.index[y] == 0 && (!first && d.low[y] != d.region || first && !pg.candidateFor(m, y)) {
			continue // outside the region, or on no cycle
		}
		if pg.ka == 0 || covers(pg.efactsAt(ei), m) {
			return y, true
		}
	}
}

// commonConditions returns the <>[]A conditions every branch pems (indices into sol's) has.
func commonConditions(sol *liveSolution, pems []int) []uint64 {
	m := slices.Clone(sol.pems[pems[0]].eaMask)
	for _, p := range pems[1:] {
		for i, w := range sol.pems[p].eaMask {
			m[i] &= w
		}
	}
	return m
}

// sharesWork reports whether there are several branches pems (indices into sol's) and two of
// them add the same first condition to m, or one adds none: only then does a decomposition
// share work between them.
func sharesWork(sol *liveSolution, pems []int, m []uint64) bool {
	if len(pems) < 2 {
		return false
	}
	seen := map[int]bool{}
	for _, p := range pems {
		b := firstBit(sol.pems[p].eaMask, m)
		if b < 0 || seen[b] {
			return true
		}
		seen[b] = true
	}
	return false
}

// decide decides the branches live (indices into d.pems) on component c of the graph of the
// steps satisfying m, decomposing it further for those it cannot decide.
func (d *decomposer) decide(c component, m []uint64, live []int) {
	pg := d.pg
	states, promises := pg.memberFacts(c.members, &d.comp)
	if !covers(promises, pg.allProm) {
		return
	}
	any := make([]uint64, pg.na)   // the conditions some step inside c satisfies
	every := make([]uint64, pg.na) // the <>[]A conditions every step inside c satisfies
	for i := range every {
		every[i] = ^uint64(0)
	}
	// The branches c may decide, from its states alone; the steps inside c are looked at only
	// if some are left.
	var left []int
	for _, i := range live {
		if !d.fail[i] && covers(states, pg.sol.pems[d.pems[i]].aeStateMask) {
			left = append(left, i)
		}
	}
	if len(left) == 0 {
		return
	}
	// every is needed only if a branch has <>[]A conditions beyond m (every step inside c
	// satisfies m); otherwise the steps are looked at until they meet every branch's []<>A
	// conditions (want).
	needEvery := false
	want := make([]uint64, pg.na)
	for _, i := range left {
		pem := &pg.sol.pems[d.pems[i]]
		if !covers(m, pem.eaMask) {
			needEvery = true
		}
		for k, w := range pem.aeActionMask {
			want[k] |= w
		}
	}
	var wantIdx []int
	for k := range pg.sol.checkAction {
		if bit(want, k) {
			wantIdx = append(wantIdx, k)
		}
	}
	loop := len(c.members) > 1
	enough := func() bool { return !needEvery && loop && covers(any, want) }
	for _, x := range c.members {
		if enough() {
			break
		}
		sb := pg.g.stateBits(x / pg.T)
		pg.forSucc(x, func(ei int64, edge []uint64, y int32) bool {
			if d.low[y] != -c.id {
				return true
			}
			f := pg.efactsAt(ei)
			if !covers(f, m) {
				return true
			}
			if y == x {
				loop = true
			}
			for i, w := range f {
				any[i] |= w
				every[i] &= w
			}
			if !pg.stepFacts {
				pg.actionFacts(any, wantIdx, sb, edge)
			}
			return !enough()
		})
	}
	if !loop {
		return
	}
	var refine []int
	for _, i := range left {
		pem := &pg.sol.pems[d.pems[i]]
		// Without <>[]A conditions beyond m, every step inside c meets the branch's.
		own := covers(m, pem.eaMask)
		if !covers(any, pem.aeActionMask) || !own && !covers(any, pem.eaMask) {
			continue
		}
		if own || covers(every, pem.eaMask) {
			d.fail[i] = true
			continue
		}
		refine = append(refine, i)
	}
	// Group the others by the first condition they add to m, and decompose c again per group
	// with every condition its branches share.
	for len(refine) > 0 {
		if d.stop() {
			return
		}
		b := firstBit(pg.sol.pems[d.pems[refine[0]]].eaMask, m)
		var group, rest []int
		m1 := slices.Clone(pg.sol.pems[d.pems[refine[0]]].eaMask)
		for _, i := range refine {
			ea := pg.sol.pems[d.pems[i]].eaMask
			if firstBit(ea, m) == b {
				group = append(group, i)
				for k, w := range ea {
					m1[k] &= w
				}
			} else {
				rest = append(rest, i)
			}
		}
		refine = rest
		// c's members, marked as the region to search.
		d.comps++
		region := -d.comps
		for _, x := range c.members {
			d.index[x], d.low[x] = 0, region
		}
		saved := d.region
		d.region = region
		subs := d.components(c.members, m1, false)
		d.region = saved
		for _, s := range subs {
			d.decide(s, m1, group)
		}
		// Restore c for the next group.
		for _, x := range c.members {
			d.low[x] = -c.id
		}
	}
}

// firstBit returns the lowest bit set in ea but not in m (-1 if none).
func firstBit(ea, m []uint64) int {
	for i, w := range ea {
		if r := w &^ m[i]; r != 0 {
			return i*64 + bits.TrailingZeros64(r)
		}
	}
	return -1
}
