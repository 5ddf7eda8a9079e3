package check

// A temporal property can be violated by a finite behavior: [](x => [](~x => []~x)) is by
// FALSE, TRUE, FALSE, TRUE, whatever follows. TLC finds some such violations while it searches,
// not with its check of strongly connected components, and reports them as it reports an
// invariant violated: "Temporal properties were violated", the states of the behavior without
// a "Back to state" or "Stuttering" line, the search stopped where it was, and exit status 12
// (VIOLATION_SAFETY: it ends with setErrState(..., TLC_INVARIANT_VIOLATED_BEHAVIOR)). Its
// regression tests Github710a, Github710b and Github1389Counting expect so.
//
// It happens as TLC builds the product of the state graph with a solution's tableau, state by
// state as the search expands them (LiveCheck.TableauLiveChecker.addNextState), for a solution
// one of whose branches has no <>[]A, []<>S or []<>A condition (OrderOfSolution.hasEmptyPEM):
// when a node <s, t> is added for a state s already expanded ("done"), TLC adds s's successors
// to it at once (the private addNextState), and if one of t's tableau successors that s is
// consistent with is accepting (TBGraphNode.isAccepting: the empty particle, whose only
// successor is itself), every continuation of the behavior to s violates the property. The
// behavior printed is the shortest path in the product graph from an initial node to <s, t>
// (TableauDiskGraph.getPath), states repeated in a row printed once. Only nodes added for a
// done state are tested, so which violations are found this way, and when, follows the order in
// which TLC adds nodes; prefixTracker follows it. The others are found by the check of the
// complete graph, as a lasso.

// prefixTracker builds, for one solution, the product graph as TLC's TableauLiveChecker does
// while the search expands states, and finds the node a finite counterexample ends at.
type prefixTracker struct {
	g         *liveGraph
	tab       *tableau
	accepting []bool // by tableau node
	// nodes are the searcher's, for the fingerprints of resolved edge targets.
	nodes *[]node
	// done maps the fingerprint of every state expanded to its node number.
	done map[uint64]int32
	// pnodes are the product nodes recorded, by number; byState holds a state's first and last,
	// the others linked in the order recorded (prodNode.next; a state has at most one node per
	// tableau node, so a node is looked up among its state's: lookup); inits are the initial
	// ones, in TLC's order (LiveCheck.addInitState).
	pnodes  []prodNode
	byState map[uint64]nodeList
	inits   []int32
	begun   bool
	// stepBuf holds the steps of the calls of steps in progress, each its own stretch, which
	// explore, nested in a caller's iteration, appends past (see steps); seen marks the targets of
	// a state's steps met already, for the one call of steps with its stuttering step at a time.
	stepBuf []step
	seen    map[uint64]struct{}
	// bad is the product node the counterexample ends at (TLC's errorGraphNode), -1 for none.
	bad int32
}

// prodKey is a node of the product: a state's fingerprint and a tableau node.
type prodKey struct {
	fp uint64
	t  int32
}

// nodeList is the first and last of a state's product nodes, linked by prodNode.next.
type nodeList struct{ head, tail int32 }

// prodNode is a node of the product graph.
type prodNode struct {
	key prodKey
	// next is the state's next node in the order recorded, -1 after the last.
	next int32
	// explored: added after its state was expanded, and its steps added then (explore); the
	// order of its steps depends on it. The steps are not stored: those of a node of an
	// expanded state are every step to a recorded node its state's steps and tableau node
	// allow (TLC adds them all at once), worked out again when a path is looked for.
	explored bool
	// pending: recorded for a state not expanded yet, whose state predicates are known only
	// once it is; TLC records the node only if the state is consistent with the tableau node,
	// which is decided then (settle), in the same order. init: an initial node.
	pending, init, dead bool
}

// newPrefixTrackers returns a tracker for each solution of the plan that can have finite
// counterexamples found while searching (see above), in the plan's order, which is the order
// TLC's LiveCheck.addNextState goes through its checkers.
func newPrefixTrackers(g *liveGraph, nodes *[]node) []*prefixTracker {
	if g == nil {
		return nil
	}
	var out []*prefixTracker
	for _, sol := range g.plan.solutions {
		if sol.tab == nil || !sol.hasEmptyPEM() {
			continue
		}
		acc := make([]bool, len(sol.tab.nodes))
		any := false
		for i, n := range sol.tab.nodes {
			acc[i] = len(n.par) == 0 && len(n.next) == 1 && n.next[0] == i
			any = any || acc[i]
		}
		if !any {
			continue
		}
		out = append(out, &prefixTracker{g: g, tab: sol.tab, accepting: acc, nodes: nodes, done: map[uint64]int32{},
			byState: map[uint64]nodeList{}, bad: -1})
	}
	return out
}

// hasEmptyPEM reports whether a branch of the solution has no <>[]A, []<>S or []<>A condition
// (TLC's OrderOfSolution.hasEmptyPEM).
func (sol *liveSolution) hasEmptyPEM() bool {
	for _, p := range sol.pems {
		if len(p.ea) == 0 && len(p.aeState) == 0 && len(p.aeAction) == 0 {
			return true
		}
	}
	return false
}

// record adds product node k.
func (tr *prefixTracker) record(k prodKey, pending bool) int32 {
	n := int32(len(tr.pnodes))
	tr.pnodes = append(tr.pnodes, prodNode{key: k, next: -1, pending: pending})
	if l, ok := tr.byState[k.fp]; ok {
		tr.pnodes[l.tail].next = n
		tr.byState[k.fp] = nodeList{l.head, n}
	} else {
		tr.byState[k.fp] = nodeList{n, n}
	}
	return n
}

// lookup returns the number of product node k, if recorded (and not found inconsistent).
func (tr *prefixTracker) lookup(k prodKey) (int32, bool) {
	l, ok := tr.byState[k.fp]
	if !ok {
		return 0, false
	}
	for n := l.head; n >= 0; n = tr.pnodes[n].next {
		if tr.pnodes[n].key.t == k.t {
			return n, true
		}
	}
	return 0, false
}

// begin records the initial nodes: every initial tableau node for every initial state, each
// kept if the state is consistent with it once the state is expanded (LiveCheck.addInitState
// decides it when the state is generated, before any is expanded).
func (tr *prefixTracker) begin(initial int) {
	tr.begun = true
	for id := range initial {
		fp := (*tr.nodes)[id].fp
		for t := range tr.tab.initCnt {
			if _, ok := tr.lookup(prodKey{fp, int32(t)}); ok {
				continue
			}
			n := tr.record(prodKey{fp, int32(t)}, true)
			tr.pnodes[n].init = true
			tr.inits = append(tr.inits, n)
		}
	}
}

// settle decides, as state id (fingerprint fp) is expanded, which of the nodes recorded for it
// before are consistent with it: the others were never TLC's.
func (tr *prefixTracker) settle(id int32, fp uint64) {
	l, ok := tr.byState[fp]
	if !ok {
		return
	}
	kept := nodeList{-1, -1}
	for n := l.head; n >= 0; {
		p := &tr.pnodes[n]
		next := p.next
		if p.pending {
			bits := tr.g.stateBits(id)
			if p.init {
				bits = tr.g.initStateBits(id)
			}
			p.pending = false
			if !consistent(tr.tab.nodes[p.key.t], bits) {
				p.dead = true
				p.next = -1
				n = next
				continue
			}
		}
		if kept.head < 0 {
			kept.head = n
		} else {
			tr.pnodes[kept.tail].next = n
		}
		kept.tail = n
		p.next = -1
		n = next
	}
	if kept.head < 0 {
		delete(tr.byState, fp)
	} else {
		tr.byState[fp] = kept
	}
}

// step is a step of the state graph as the tracker reads it: the target's fingerprint and the
// step's words (with targetBits, the target's state predicates).
type step struct {
	fp   uint64
	edge []uint64
}

// steps returns the steps recorded for expanded state id: with stutter, as TLC's liveNextStates
// (each successor within the model once, and the stuttering step), else the successors as TLC's
// getNextStates generates them again (duplicates included, no stuttering step). They are
// appended to stepBuf, and the caller ends with release(mark), which gives their room back: the
// steps of a call nested in the caller's iteration go past the caller's, which they leave as
// they are (a larger buffer is a new one).
func (tr *prefixTracker) steps(id int32, stutter bool) (out []step, mark int) {
	g := tr.g
	es, n := g.edges(id)
	if !stutter {
		n-- // the stuttering step is recorded last (liveRecorder.end)
	}
	start := len(tr.stepBuf)
	if stutter {
		if tr.seen == nil {
			tr.seen = map[uint64]struct{}{}
		}
		clear(tr.seen)
	}
	for e := range n {
		w := es[e*g.stride : (e+1)*g.stride]
		fp := w[0]
		if int(id) < g.resolved {
			fp = (*tr.nodes)[w[0]].fp
		}
		if stutter {
			if _, ok := tr.seen[fp]; ok {
				continue
			}
			tr.seen[fp] = struct{}{}
		}
		tr.stepBuf = append(tr.stepBuf, step{fp: fp, edge: w})
	}
	return tr.stepBuf[start:len(tr.stepBuf):len(tr.stepBuf)], start
}

// release gives back the room of the steps returned with mark, and of any returned after them.
func (tr *prefixTracker) release(mark int) { tr.stepBuf = tr.stepBuf[:mark] }

// consistentStep reports whether the target of st may be paired with tableau node t: with
// targetBits by the predicates the step carries, for an expanded state by its own, and for any
// other state yes for now (settle decides it).
func (tr *prefixTracker) consistentStep(st step, t int) (ok, pending bool) {
	g := tr.g
	if g.targetBits {
		return consistent(tr.tab.nodes[t], st.edge[1+g.wa:1+g.wa+g.ws]), false
	}
	if id, done := tr.done[st.fp]; done {
		return consistent(tr.tab.nodes[t], g.stateBits(id)), false
	}
	return true, true
}

// follow adds the steps from a product node, whose tableau node's successors are next, to the
// state of st paired with each of them, as TLC's addNextState methods do: a node not recorded
// yet is, and one of an expanded state is gone on from at once (explore).
func (tr *prefixTracker) follow(st step, next []int) {
	_, isDone := tr.done[st.fp]
	for _, t := range next {
		ok, pending := tr.consistentStep(st, t)
		if !ok {
			continue
		}
		k := prodKey{st.fp, int32(t)}
		if _, seen := tr.lookup(k); seen {
			continue
		}
		q := tr.record(k, pending)
		if isDone {
			tr.explore(q)
		}
	}
}

// expanded adds state id, just expanded, to the product graph (TableauLiveChecker.addNextState)
// and reports whether a finite counterexample was found. The states must be given in the order
// the search expands them.
func (tr *prefixTracker) expanded(id int32, initial int) bool {
	if !tr.begun {
		tr.begin(initial)
	}
	if tr.bad >= 0 {
		return false
	}
	fp := (*tr.nodes)[id].fp
	tr.done[fp] = id
	tr.settle(id, fp)
	// TLC goes through the nodes the state had when it began: those up to its last then, the
	// nodes recorded meanwhile being linked after it.
	l, ok := tr.byState[fp]
	if !ok {
		return false
	}
	steps, mark := tr.steps(id, true)
	defer tr.release(mark)
	for p := l.head; ; p = tr.pnodes[p].next {
		next := tr.tab.nodes[tr.pnodes[p].key.t].next
		for _, st := range steps {
			tr.follow(st, next)
		}
		if p == l.tail {
			break
		}
	}
	return tr.bad >= 0
}

// explore adds the steps of product node q, whose state is expanded, at once (TLC's private
// TableauLiveChecker.addNextState): first the stuttering steps to the state's other nodes, where
// an accepting tableau node ends a finite counterexample at q, then the state's successors.
func (tr *prefixTracker) explore(q int32) {
	tr.pnodes[q].explored = true
	k := tr.pnodes[q].key
	id := tr.done[k.fp]
	t := tr.tab.nodes[k.t]
	bits := tr.g.stateBits(id)
	for _, t1 := range t.next {
		if !consistent(tr.tab.nodes[t1], bits) {
			continue
		}
		if tr.accepting[t1] && tr.bad < 0 {
			tr.bad = q
			return
		}
		k1 := prodKey{k.fp, int32(t1)}
		if _, seen := tr.lookup(k1); !seen {
			tr.explore(tr.record(k1, false))
		}
	}
	steps, mark := tr.steps(id, false)
	for _, st := range steps {
		tr.follow(st, t.next)
	}
	tr.release(mark)
}

// successors calls fn with each step of product node p, of an expanded state, in the order TLC
// adds them (GraphNode.addTransition), until fn returns false: for a node its state had when
// expanded, each of the state's steps (the stuttering one included) with each tableau successor;
// for an explored one, the stuttering steps first, then the state's successors.
func (tr *prefixTracker) successors(p int32, fn func(q int32) bool) {
	k := tr.pnodes[p].key
	id := tr.done[k.fp]
	next := tr.tab.nodes[k.t].next
	to := func(st step, t int) bool {
		if ok, _ := tr.consistentStep(st, t); !ok {
			return true
		}
		q, seen := tr.lookup(prodKey{st.fp, int32(t)})
		return !seen || fn(q)
	}
	steps, mark := tr.steps(id, true)
	defer tr.release(mark)
	if tr.pnodes[p].explored {
		bits := tr.g.stateBits(id)
		for _, t := range next {
			if q, seen := tr.lookup(prodKey{k.fp, int32(t)}); seen && consistent(tr.tab.nodes[t], bits) && !fn(q) {
				return
			}
		}
		tr.release(mark)
		steps, _ = tr.steps(id, false) // from mark too: released by the deferred call
	}
	for _, st := range steps {
		for _, t := range next {
			if !to(st, t) {
				return
			}
		}
	}
}

// expandable reports whether product node n is on TLC's graph with its steps: recorded for an
// expanded state, consistent with it.
func (tr *prefixTracker) expandable(n int32) bool {
	p := tr.pnodes[n]
	_, done := tr.done[p.key.fp]
	return done && !p.pending && !p.dead
}

// path returns the states (node numbers) of the shortest path in the product graph from an
// initial node to the counterexample's end, a state repeated in a row given once, as TLC's
// TableauDiskGraph.getPath finds it (breadth-first over the nodes written with their steps, from
// the initial ones in order) and LiveCheck.printErrorTrace prints it.
func (tr *prefixTracker) path() []int32 {
	parent := map[int32]int32{}
	var queue []int32
	var end int32 = -1
	for _, n := range tr.inits {
		if n == tr.bad {
			parent[n], end = -1, n
			break
		}
		if tr.expandable(n) {
			if _, ok := parent[n]; !ok {
				parent[n] = -1
				queue = append(queue, n)
			}
		}
	}
	for len(queue) > 0 && end < 0 {
		cur := queue[0]
		queue = queue[1:]
		tr.successors(cur, func(nx int32) bool {
			switch _, ok := parent[nx]; {
			case nx == cur:
			case nx == tr.bad:
				parent[nx], end = cur, nx
				return false
			case !ok && tr.expandable(nx):
				parent[nx] = cur
				queue = append(queue, nx)
			}
			return true
		})
	}
	if end < 0 {
		return nil
	}
	var ids []int32
	for n := end; n >= 0; n = parent[n] {
		id := tr.done[tr.pnodes[n].key.fp]
		if len(ids) == 0 || ids[len(ids)-1] != id {
			ids = append(ids, id)
		}
	}
	for i, j := 0, len(ids)-1; i < j; i, j = i+1, j-1 {
		ids[i], ids[j] = ids[j], ids[i]
	}
	return ids
}
