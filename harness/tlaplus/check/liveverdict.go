package check

// hasBad decides whether branch pem has a bad component, as findBad(..., false) does, with less
// work, as the verdict does not need the counterexample (which findBad works out afterwards
// for the branch that fails): Tarjan's algorithm over the steps satisfying the branch's <>[]A
// conditions, started from every reachable candidate node in node order rather than from the
// initial nodes and from the targets of the other steps. A node that is not a candidate (no
// step from its state meets the branch's <>[]A conditions, see candidate) is a component of its
// own without a step to itself, so it is never visited and its steps are never read: for a
// branch <>[]S with S a state predicate, the search covers the states satisfying S only.
// findBad, by contrast, follows every step to reach every node, once per branch; here the
// nodes reachable are worked out once per solution (productGraph.reach), and not at all for
// the state graph a search records, every node of which is reachable (liveGraph.allReached).
// TestFailingRandomGraphs and Options.liveCrossCheck compare it with findBad.
//
// sc, if not nil, holds the arrays of an earlier search to reuse (a liveness worker searches
// one branch after another).
func (pg *productGraph) hasBad(pem *livePEM, stop func() bool, sc *verdictScratch) bool {
	size := int32(pg.g.done * pg.T)
	if sc == nil {
		sc = &verdictScratch{}
	}
	gatherOK := pg.stepFacts && int64(size)*int64(pg.na) <= gatherLimit
	sc.reset(int(size), pg.na, gatherOK)
	index := sc.index // 0: not visited; otherwise the visit number
	low := sc.low     // low-link while on the stack; -(component number) once done
	// With the steps' conditions worked out (stepFacts), those of the steps inside a component
	// are gathered as the search follows them (facts, na words per node: a step to a node on
	// the stack, or to a child whose component is not complete when the search returns from
	// it, stays inside the component), and whether a node has a step to itself (self), so that
	// a component is decided without reading its steps again (see bad), unless that takes more
	// than gatherLimit words.
	facts, self := sc.facts, sc.self
	stack := sc.stack[:0]
	defer func() { sc.stack = stack[:0] }()
	var calls []verdictFrame
	var counter, comps int32
	polls := 0
	roots := size
	if pg.fromInits {
		roots = int32(len(pg.inits))
	}
	for r := range roots {
		root := r
		if pg.fromInits {
			root = pg.inits[r]
		}
		if index[root] != 0 || !pg.candidate(pem, root) {
			continue
		}
		counter++
		index[root], low[root] = counter, counter
		stack = append(stack[:0], root)
		calls = append(calls[:0], pg.frame(root, -1))
		for len(calls) > 0 {
			if polls++; polls&0xfff == 0 && stop() {
				return false
			}
			f := &calls[len(calls)-1]
			next, ei, found := pg.advance(pem, f, index)
			if found {
				if index[next] == 0 {
					counter++
					index[next], low[next] = counter, counter
					stack = append(stack, next)
					calls = append(calls, pg.frame(next, ei))
				} else if low[next] > 0 { // on the stack: inside f.x's component
					if index[next] < low[f.x] {
						low[f.x] = index[next]
					}
					if facts != nil {
						pg.gather(facts, f.x, ei)
						if next == f.x {
							self[next] = true
						}
					}
				}
				continue
			}
			x, via := f.x, f.via
			calls = calls[:len(calls)-1]
			if low[x] == index[x] {
				comps++
				i := len(stack) - 1
				for stack[i] != x {
					i--
				}
				members := stack[i:]
				for _, m := range members {
					low[m] = -comps
				}
				bad := false
				if facts != nil {
					bad = pg.badGathered(pem, members, facts, self, &sc.comp)
				} else {
					bad = pg.bad(pem, members, -comps, low, &sc.comp)
				}
				if bad {
					return true
				}
				stack = stack[:i]
			}
			if len(calls) > 0 {
				p := &calls[len(calls)-1]
				if low[x] > 0 { // x's component is p.x's
					if low[x] < low[p.x] {
						low[p.x] = low[x]
					}
					if facts != nil {
						pg.gather(facts, p.x, via)
					}
				}
			}
		}
	}
	return false
}

// verdictScratch holds hasBad's arrays, zeroed for each search.
type verdictScratch struct {
	index, low []int32
	facts      []uint64 // nil unless the conditions are gathered
	self       []bool
	stack      []int32
	comp       compBufs
	// the memory of facts and self, kept when a search does not gather
	factsMem []uint64
	selfMem  []bool
}

// reset makes the arrays zeroed ones for size nodes and, if gather, na words of conditions each.
func (sc *verdictScratch) reset(size, na int, gather bool) {
	sc.index, sc.low = zeroed(sc.index, size), zeroed(sc.low, size)
	sc.facts, sc.self = nil, nil
	if gather {
		sc.factsMem, sc.selfMem = zeroed(sc.factsMem, size*na), zeroed(sc.selfMem, size)
		sc.facts, sc.self = sc.factsMem, sc.selfMem
	}
}

// zeroed returns n zeroed elements, in buf's memory if it has room.
func zeroed[T any](buf []T, n int) []T {
	if cap(buf) < n {
		return make([]T, n)
	}
	buf = buf[:n]
	clear(buf)
	return buf
}

// gatherLimit is the most words hasBad gathers the steps' conditions in (a large product of
// the graph with a tableau has many nodes): past it, a component's steps are read again (bad);
// a variable for tests.
var gatherLimit int64 = 1 << 26

// gather adds the conditions step ei satisfies to those of node x's steps (hasBad).
func (pg *productGraph) gather(facts []uint64, x int32, ei int64) {
	to := facts[int(x)*pg.na : int(x+1)*pg.na]
	for i, w := range pg.efactsAt(ei) {
		to[i] |= w
	}
}

// badGathered is bad for a component whose members' steps inside it (satisfying the branch's
// <>[]A conditions, all the steps hasBad follows) have their conditions gathered in facts, and
// whose members with a step to themselves are marked in self.
func (pg *productGraph) badGathered(pem *livePEM, members []int32, facts []uint64, self []bool, cb *compBufs) bool {
	if len(members) == 1 && !self[members[0]] {
		return false
	}
	states, promises := pg.memberFacts(members, cb)
	cb.actions = zeroed(cb.actions, pg.na)
	actions := cb.actions
	for _, x := range members {
		for i, w := range facts[int(x)*pg.na : int(x+1)*pg.na] {
			actions[i] |= w
		}
	}
	return covers(states, pem.aeStateMask) && covers(promises, pg.allProm) && covers(actions, pem.aeActionMask)
}

// candidate reports whether product node x may lie on a cycle of branch pem: it is reachable
// and some step from its state satisfies the branch's <>[]A conditions (a step of the product
// is one of the state graph's, so a node without such a step has none in the product either).
func (pg *productGraph) candidate(pem *livePEM, x int32) bool {
	return pg.candidateFor(pem.eaMask, x)
}

// candidateFor is candidate for the <>[]A conditions m.
func (pg *productGraph) candidateFor(m []uint64, x int32) bool {
	if pg.reach != nil && !bit(pg.reach, int(x)) {
		return false
	}
	if pg.ka == 0 {
		return true
	}
	v := int64(x / pg.T)
	return covers(pg.out[v*int64(pg.ka):(v+1)*int64(pg.ka)], m)
}

// verdictFrame is a node on hasBad's call stack: the node, its state's steps (es, n of them,
// numbered from base), the cursor over them (the next step e and, with a tableau, the next
// tableau successor t of that step's) and the step the search came by (via).
type verdictFrame struct {
	x, tn int32
	es    []uint64
	n, e  int
	t     int
	base  int64
	via   int64
}

func (pg *productGraph) frame(x int32, via int64) verdictFrame {
	v := x / pg.T
	es, n := pg.g.edges(v)
	return verdictFrame{x: x, tn: x % pg.T, es: es, n: n, base: pg.g.base[v], via: via}
}

// advance moves f's cursor past x's next successor by a step satisfying the branch's <>[]A
// conditions that is visited or a candidate (see candidate), and returns it with the step's
// number (false once there is none). It walks the steps as nextStep does, but reads the
// state's record once per node, not once per successor, and looks at a step's conditions
// before its tableau successors.
func (pg *productGraph) advance(pem *livePEM, f *verdictFrame, index []int32) (int32, int64, bool) {
	g := pg.g
	for ; f.e < f.n; f.e, f.t = f.e+1, 0 {
		edge := f.es[f.e*g.stride : (f.e+1)*g.stride]
		w := int32(edge[0])
		if w >= g.done {
			continue // not expanded yet: checked later
		}
		ei := f.base + int64(f.e)
		if f.t == 0 && !pg.okAt(pem, ei) {
			continue
		}
		if pg.sol.tab == nil {
			if f.t == 0 {
				f.t = 1
				if index[w] != 0 || pg.candidate(pem, w) {
					return w, ei, true
				}
			}
			continue
		}
		nexts := pg.sol.tab.nodes[f.tn].next
		for f.t < len(nexts) {
			t1 := nexts[f.t]
			f.t++
			if !pg.consistent(w, edge, t1) {
				continue
			}
			if y := w*pg.T + int32(t1); index[y] != 0 || pg.candidate(pem, y) {
				return y, ei, true
			}
		}
	}
	return 0, 0, false
}
