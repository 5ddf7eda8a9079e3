package check

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
)

// liveJob is one branch of the plan to check: possible error model pem of solution sol.
type liveJob struct {
	sol, pem int
}

// badComponent is a strongly connected component of the behavior graph that satisfies a
// branch: a counterexample's cycle lies in it.
type badComponent struct {
	job     liveJob
	root    int32   // the component's first node in the search, where the cycle starts
	members []int32 // product nodes (state*T + tableau node)
}

// sccResult is what a search of one branch found: the first bad component, and, when all were
// asked for, every bad component by number (mark gives each node's component as -number).
type sccResult struct {
	first *badComponent
	mark  []int32
	bad   map[int32]*badComponent
}

// productGraph is the behavior graph of one solution: the product of the state graph with the
// solution's tableau (the state graph itself without one), explored on demand. Node v*T+t pairs
// state v with tableau node t (T = 1 without a tableau).
type productGraph struct {
	g     *liveGraph
	sol   *liveSolution
	T     int32
	inits []int32
	// cons, when not nil, holds for every state the tableau nodes it is consistent with (bit t
	// for node t), worked out once instead of for every step into the state.
	cons []uint64
	// The values of the solution's conditions, worked out once for all its branches instead of
	// for every branch and visit: sfacts holds for every state its []<>S conditions (ks words
	// from state*ks), efacts for every step its action conditions (ka words from step*ka, steps
	// numbered by g.base; ka is 0 if no branch has a <>[]A condition), prom for every tableau
	// node the promises it fulfills. Without <>[]A conditions (ka 0), a step's []<>A conditions
	// are evaluated only where a component needs them, as few steps are looked at for them;
	// with them, the words are there anyway and every branch's search would evaluate them
	// again (stepFacts). na is the words of a set of action conditions, zero na zero words.
	ks, ka, na     int
	stepIdx        []int // the action conditions efacts holds
	stepFacts      bool  // efacts holds the []<>A conditions too
	zero           []uint64
	sfacts, efacts []uint64
	// out holds for every state the action conditions some step from it to an expanded state
	// satisfies (ka words from state*ka): a state none of whose steps meets a branch's <>[]A
	// conditions lies on no cycle of the branch (see candidate).
	out     []uint64
	prom    [][]uint64
	allProm []uint64
	// reach marks the product nodes reachable from the initial ones (nil: every node is, as in
	// the state graph a search records; see liveGraph.allReached).
	reach []uint64
	// fromInits: not every node is reachable, and reach is not worked out as every step is
	// followed (no <>[]A conditions): searches start from the initial nodes only.
	fromInits bool
	mem       [][]byte // the mappings of sfacts, efacts and out
}

func newProductGraph(g *liveGraph, sol *liveSolution, initial []int32, par int) (*productGraph, error) {
	pg := &productGraph{g: g, sol: sol, T: 1}
	if sol.tab != nil {
		pg.T = int32(len(sol.tab.nodes))
	}
	if int64(g.done)*int64(pg.T) > 1<<31-1 {
		return nil, fmt.Errorf("liveness: the behavior graph of %d states and a tableau of %d nodes is too large", g.done, pg.T)
	}
	if sol.tab != nil && pg.T <= 64 && !g.targetBits {
		pg.cons = make([]uint64, g.done)
	}
	pg.ks, pg.na = words(len(sol.checkState)), words(len(sol.checkAction))
	pg.zero = make([]uint64, pg.na)
	ea, ae := make([]uint64, pg.na), make([]uint64, pg.na)
	for _, p := range sol.pems {
		for i, w := range p.eaMask {
			ea[i] |= w
		}
		for i, w := range p.aeActionMask {
			ae[i] |= w
		}
	}
	for k := range sol.checkAction {
		if bit(ea, k) {
			pg.stepIdx = append(pg.stepIdx, k)
		}
	}
	if len(pg.stepIdx) > 0 {
		pg.ka = pg.na
		pg.stepFacts = true
		pg.stepIdx = pg.stepIdx[:0]
		for k := range sol.checkAction {
			if bit(ea, k) || bit(ae, k) {
				pg.stepIdx = append(pg.stepIdx, k)
			}
		}
	}
	var err error
	if pg.sfacts, err = pg.alloc(int64(g.done) * int64(pg.ks)); err != nil {
		return nil, err
	}
	if pg.efacts, err = pg.alloc(g.base[g.done] * int64(pg.ka)); err != nil {
		pg.release()
		return nil, err
	}
	if pg.out, err = pg.alloc(int64(g.done) * int64(pg.ka)); err != nil {
		pg.release()
		return nil, err
	}
	pg.allProm = make([]uint64, words(len(sol.promises)))
	for i := range sol.promises {
		setBit(pg.allProm, i)
	}
	if sol.tab != nil {
		pg.prom = make([][]uint64, len(sol.tab.nodes))
		for t, n := range sol.tab.nodes {
			pg.prom[t] = make([]uint64, len(pg.allProm))
			for i, p := range sol.promises {
				if n.par.fulfills(p) {
					setBit(pg.prom[t], i)
				}
			}
		}
	}
	// One pass over the graph, in par parts: each state's and step's values are written by one
	// goroutine.
	var wg sync.WaitGroup
	done := int(g.done)
	par = max(1, min(par, done/4096))
	for p := range par {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for v := done * p / par; v < done*(p+1)/par; v++ {
				pg.facts(int32(v))
			}
		}()
	}
	wg.Wait()
	for _, v := range initial {
		if v >= g.done {
			continue
		}
		if sol.tab == nil {
			pg.inits = append(pg.inits, v)
			continue
		}
		sb := g.initStateBits(v)
		for t := 0; t < sol.tab.initCnt; t++ {
			if consistent(sol.tab.nodes[t], sb) {
				pg.inits = append(pg.inits, v*pg.T+int32(t))
			}
		}
	}
	if sol.tab != nil || !g.allReached {
		// Without <>[]A conditions every step is followed, so a search from the initial
		// nodes reaches every reachable node without a pass of its own (fromInits).
		if pg.ka > 0 {
			pg.reach = pg.reachable()
		} else {
			pg.fromInits = true
		}
	}
	return pg, nil
}

// reachable returns the product nodes reachable from the initial ones by any step, as a set of
// bits: one pass over the graph for all the solution's branches, whose searches then start
// from any reachable node (see hasBad) instead of finding them by following every step.
func (pg *productGraph) reachable() []uint64 {
	reach := make([]uint64, words(int(pg.g.done*pg.T)))
	var queue []int32
	for _, x := range pg.inits {
		if !bit(reach, int(x)) {
			setBit(reach, int(x))
			queue = append(queue, x)
		}
	}
	for len(queue) > 0 {
		x := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		pg.succ(x, func(_ []uint64, y int32) bool {
			if !bit(reach, int(y)) {
				setBit(reach, int(y))
				queue = append(queue, y)
			}
			return true
		})
	}
	return reach
}

// facts works out state v's tableau consistency and conditions, and those of its steps.
func (pg *productGraph) facts(v int32) {
	g, sol := pg.g, pg.sol
	sb := g.stateBits(v)
	if pg.cons != nil {
		for t, n := range sol.tab.nodes {
			if consistent(n, sb) {
				pg.cons[v] |= 1 << uint(t)
			}
		}
	}
	sf := pg.sfacts[int64(v)*int64(pg.ks):]
	for k, x := range sol.checkState {
		if x.holds(sb, nil) {
			setBit(sf, k)
		}
	}
	if pg.ka == 0 {
		return
	}
	es, n := g.edges(v)
	out := pg.out[int64(v)*int64(pg.ka) : int64(v+1)*int64(pg.ka)]
	for e := 0; e < n; e++ {
		ab := es[e*g.stride+1 : e*g.stride+1+g.wa]
		ef := pg.efacts[(g.base[v]+int64(e))*int64(pg.ka):]
		for _, k := range pg.stepIdx {
			if sol.checkAction[k].holds(sb, ab) {
				setBit(ef, k)
			}
		}
		if int32(es[e*g.stride]) < g.done {
			for i := range out {
				out[i] |= ef[i]
			}
		}
	}
}

// alloc returns n zeroed words outside Go's heap, released by release.
func (pg *productGraph) alloc(n int64) ([]uint64, error) {
	if n == 0 {
		return nil, nil
	}
	m, err := mapAnon(int(n * 8))
	if err != nil {
		return nil, fmt.Errorf("liveness: allocating %d words for the behavior graph's conditions: %w", n, err)
	}
	pg.mem = append(pg.mem, m)
	return wordsOf(m)[:n], nil
}

// release gives back the memory of the solution's conditions; pg must not be searched again.
func (pg *productGraph) release() {
	if pg == nil {
		return
	}
	for _, m := range pg.mem {
		unmap(m)
	}
	pg.mem, pg.sfacts, pg.efacts, pg.out = nil, nil, nil, nil
}

// efactsAt returns the values of step ei's <>[]A conditions (na words).
func (pg *productGraph) efactsAt(ei int64) []uint64 {
	if pg.ka == 0 {
		return pg.zero
	}
	return pg.efacts[ei*int64(pg.ka) : (ei+1)*int64(pg.ka)]
}

// okAt reports whether step ei (numbered by g.base) satisfies every <>[]A condition of the
// branch: only such steps can lie on a counterexample's cycle.
func (pg *productGraph) okAt(pem *livePEM, ei int64) bool {
	if pg.ka == 0 {
		return true
	}
	return covers(pg.efacts[ei*int64(pg.ka):], pem.eaMask)
}

// consistent reports whether the tableau node's state predicates hold in the state whose values
// are sbits.
func consistent(n *tbNode, sbits []uint64) bool {
	for _, p := range n.preds {
		if !p.holds(sbits, nil) {
			return false
		}
	}
	return true
}

// consistent reports whether tableau node t is consistent with state w, entered by edge.
func (pg *productGraph) consistent(w int32, edge []uint64, t int) bool {
	if pg.cons != nil {
		return pg.cons[w]&(1<<uint(t)) != 0
	}
	tb := pg.g.stateBits(w)
	if pg.g.targetBits {
		tb = edge[1+pg.g.wa:]
	}
	return consistent(pg.sol.tab.nodes[t], tb)
}

// succ calls fn for every successor of product node x: the step's edge (its words) and the
// successor, stopping if fn returns false.
func (pg *productGraph) succ(x int32, fn func(edge []uint64, y int32) bool) {
	pg.forSucc(x, func(_ int64, edge []uint64, y int32) bool { return fn(edge, y) })
}

// forSucc is succ with the step's number (see liveGraph.base).
func (pg *productGraph) forSucc(x int32, fn func(ei int64, edge []uint64, y int32) bool) {
	var e, t int
	for {
		edge, ei, y, ok := pg.nextStep(x, &e, &t)
		if !ok || !fn(ei, edge, y) {
			return
		}
	}
}

// nextStep is the walk over product node x's successors that every search of the behavior
// graph shares: the cursor (e, t) is x's next edge and, with a tableau, the next tableau
// successor of that edge's; nextStep advances it past the next successor and returns that
// step's words, its number (see liveGraph.base) and the successor (false once there is none).
// Steps to states not expanded yet are left out (checked later) and, with a tableau, so are
// the tableau successors the target state is not consistent with.
func (pg *productGraph) nextStep(x int32, e, t *int) (edge []uint64, ei int64, y int32, ok bool) {
	g := pg.g
	v, tn := x/pg.T, x%pg.T
	es, n := g.edges(v)
	for ; *e < n; *e, *t = *e+1, 0 {
		edge = es[*e*g.stride : (*e+1)*g.stride]
		w := int32(edge[0])
		if w >= g.done {
			continue // not expanded yet: checked later
		}
		ei = g.base[v] + int64(*e)
		if pg.sol.tab == nil {
			if *t == 0 {
				*t = 1
				return edge, ei, w, true
			}
			continue
		}
		nexts := pg.sol.tab.nodes[tn].next
		for *t < len(nexts) {
			t1 := nexts[*t]
			*t++
			if pg.consistent(w, edge, t1) {
				return edge, ei, w*pg.T + int32(t1), true
			}
		}
	}
	return nil, 0, 0, false
}

// stepOK is okAt for a step given by its words (the lasso's search, off the hot path).
func (pg *productGraph) stepOK(pem *livePEM, x int32, edge []uint64) bool {
	if len(pem.ea) == 0 {
		return true
	}
	sb := pg.g.stateBits(x / pg.T)
	ab := edge[1 : 1+pg.g.wa]
	for _, i := range pem.ea {
		if !pg.sol.checkAction[i].holds(sb, ab) {
			return false
		}
	}
	return true
}

// findBad searches the behavior graph for a strongly connected component satisfying branch pem,
// as TLC's LiveWorker.checkSccs does: Tarjan's algorithm over the steps satisfying the branch's
// <>[]A conditions, from the initial nodes and from every node reached by another step, each
// component checked as it is completed. It stops at the first bad component unless all is set.
// stop is polled so that the search ends early when a branch checked before this one has
// failed.
func (pg *productGraph) findBad(job liveJob, pem *livePEM, stop func() bool, all bool) (*sccResult, error) {
	res := &sccResult{}
	if all {
		res.bad = map[int32]*badComponent{}
	}
	size := int(pg.g.done * pg.T)
	index := make([]int32, size) // 0: not visited; otherwise the visit number
	low := make([]int32, size)   // low-link while on the stack; -(component number) once done
	var stack []int32
	type frame struct {
		x int32
		e int // next edge
		t int // next tableau successor of that edge
	}
	var calls []frame
	var counter, comps int32
	var cb compBufs
	roots := append([]int32(nil), pg.inits...)
	polls := 0
	for len(roots) > 0 {
		root := roots[0]
		roots = roots[1:]
		if index[root] != 0 {
			continue
		}
		counter++
		index[root], low[root] = counter, counter
		stack = append(stack, root)
		calls = append(calls[:0], frame{x: root})
		for len(calls) > 0 {
			if polls++; polls&0xfff == 0 && stop() {
				return res, nil
			}
			f := &calls[len(calls)-1]
			next, found := pg.nextSucc(pem, f.x, &f.e, &f.t, &roots, index)
			if found {
				if index[next] == 0 {
					counter++
					index[next], low[next] = counter, counter
					stack = append(stack, next)
					calls = append(calls, frame{x: next})
				} else if low[next] > 0 && index[next] < low[f.x] {
					low[f.x] = index[next] // on the stack
				}
				continue
			}
			x := f.x
			calls = calls[:len(calls)-1]
			if low[x] == index[x] {
				comps++
				i := len(stack) - 1
				for stack[i] != x {
					i--
				}
				members := append([]int32(nil), stack[i:]...)
				stack = stack[:i]
				for _, m := range members {
					low[m] = -comps
				}
				if pg.bad(pem, members, -comps, low, &cb) {
					b := &badComponent{job: job, root: x, members: members}
					if res.first == nil {
						res.first = b
					}
					if !all {
						return res, nil
					}
					res.bad[comps] = b
				}
			}
			if len(calls) > 0 {
				p := &calls[len(calls)-1]
				if low[x] > 0 && low[x] < low[p.x] {
					low[p.x] = low[x]
				}
			}
		}
	}
	res.mark = low
	return res, nil
}

// nextSucc advances (e, t) to x's next successor by a step satisfying the branch's <>[]A
// conditions; the target of any other step, if not visited yet, becomes a root of a later
// search.
func (pg *productGraph) nextSucc(pem *livePEM, x int32, e, t *int, roots *[]int32, index []int32) (int32, bool) {
	for {
		_, ei, y, ok := pg.nextStep(x, e, t)
		if !ok {
			return 0, false
		}
		if pg.okAt(pem, ei) {
			return y, true
		}
		if index[y] == 0 {
			*roots = append(*roots, y)
		}
	}
}

// bad reports whether the component members (marked comp in mark) satisfies the branch: it is
// not a single node without a step to itself, and it holds a state for every []<>S condition, a
// step (inside it, satisfying the <>[]A conditions) for every []<>A condition and a node
// fulfilling every promise of the tableau (LiveWorker.checkComponent). The states and promises
// are looked at first: they are words per node, while the steps are many more.
func (pg *productGraph) bad(pem *livePEM, members []int32, comp int32, mark []int32, cb *compBufs) bool {
	if len(members) == 1 {
		x := members[0]
		loop := false
		pg.forSucc(x, func(ei int64, _ []uint64, y int32) bool {
			if y == x && pg.okAt(pem, ei) {
				loop = true
				return false
			}
			return true
		})
		if !loop {
			return false
		}
	}
	if cb == nil {
		cb = &compBufs{}
	}
	states, promises := pg.memberFacts(members, cb)
	if !covers(states, pem.aeStateMask) || !covers(promises, pg.allProm) {
		return false
	}
	cb.actions = zeroed(cb.actions, pg.na)
	actions := cb.actions
	needActions := !covers(actions, pem.aeActionMask)
	for _, x := range members {
		if !needActions {
			break
		}
		sb := pg.g.stateBits(x / pg.T)
		pg.forSucc(x, func(ei int64, edge []uint64, y int32) bool {
			if mark[y] != comp || !pg.okAt(pem, ei) {
				return true
			}
			if pg.stepFacts {
				for i, w := range pg.efactsAt(ei) {
					actions[i] |= w
				}
			} else {
				pg.actionFacts(actions, pem.aeAction, sb, edge)
			}
			needActions = !covers(actions, pem.aeActionMask)
			return needActions
		})
	}
	return !needActions
}

// compBufs are the words a component's conditions are gathered in (memberFacts, bad,
// badGathered), kept from one component to the next: a search decides a component for each node
// of the graph, most of them single nodes with a step to themselves (the stuttering step), and
// new words for each were as many allocations (ReadersWriters with 4 actors: three for each of
// its 16 branches' candidate nodes), garbage the heap grew with.
type compBufs struct {
	states, promises, actions []uint64
}

// memberFacts returns the []<>S conditions some state of members satisfies and the promises
// some member's tableau node fulfills (what bad, badGathered and the decomposition's decide
// need of a component's nodes: words per node, looked at before its steps), in cb's words
// (valid until the next use of cb; nil: new ones).
func (pg *productGraph) memberFacts(members []int32, cb *compBufs) (states, promises []uint64) {
	if cb == nil {
		cb = &compBufs{}
	}
	cb.states, cb.promises = zeroed(cb.states, pg.ks), zeroed(cb.promises, len(pg.allProm))
	states, promises = cb.states, cb.promises
	ks := int64(pg.ks)
	for _, x := range members {
		v := int64(x / pg.T)
		for i, w := range pg.sfacts[v*ks : (v+1)*ks] {
			states[i] |= w
		}
		if pg.prom != nil {
			for i, w := range pg.prom[x%pg.T] {
				promises[i] |= w
			}
		}
	}
	return states, promises
}

// numberSteps numbers the steps of the nodes checked in node order (base), for the values of
// each solution's conditions.
func (g *liveGraph) numberSteps() {
	if cap(g.base) < int(g.done)+1 {
		g.base = make([]int64, g.done+1)
	}
	g.base = g.base[:g.done+1]
	for v := range g.done {
		g.base[v+1] = g.base[v] + int64(g.nodes[v].n)
	}
}

// crossCheck compares the decomposition (failing, made to decompose where it would search
// branch by branch) and hasBad with findBad on every branch of sol, and checks that every node
// is reachable where the graph says so (tests).
func (pg *productGraph) crossCheck(sol *liveSolution) error {
	all := make([]int, len(sol.pems))
	for i := range all {
		all[i] = i
	}
	never := func() bool { return false }
	got := pg.decompose(all, never, true, nil)
	sc := &verdictScratch{} // reused from branch to branch, as a liveness worker does
	for i := range sol.pems {
		res, err := pg.findBad(liveJob{pem: i}, &sol.pems[i], never, false)
		if err != nil {
			return err
		}
		if want := res.first != nil; got[i] != want {
			return fmt.Errorf("liveness: branch %d: decomposition says bad %v, its own search %v", i, got[i], want)
		}
		if want, got := res.first != nil, pg.hasBad(&sol.pems[i], never, sc); got != want {
			return fmt.Errorf("liveness: branch %d: the verdict search says bad %v, findBad %v", i, got, want)
		}
	}
	if pg.reach == nil && !pg.fromInits {
		reach := pg.reachable()
		for x := range pg.g.done * pg.T {
			if !bit(reach, int(x)) {
				return fmt.Errorf("liveness: node %d is not reachable from an initial node", x)
			}
		}
	}
	return nil
}

// actionFacts sets in out the conditions idx not set yet that the step edge from a state with
// state predicate values sb satisfies.
func (pg *productGraph) actionFacts(out []uint64, idx []int, sb, edge []uint64) {
	ab := edge[1 : 1+pg.g.wa]
	for _, k := range idx {
		if !bit(out, k) && pg.sol.checkAction[k].holds(sb, ab) {
			setBit(out, k)
		}
	}
}

// liveRun is a job of the liveness phase: a run of branches pems of solution sol, decided
// together (see failing).
type liveRun struct {
	sol  int
	pems []int
}

// jobs splits the plan's branches into the runs that workers goroutines take one at a time, in
// the plan's order: for a solution whose branches share work, about as many runs as workers
// (the whole solution if there are more solutions than workers); for one whose branches share
// none, a run per branch, as TLC's LiveWorkers take one branch at a time, so that no worker is
// left with the costly branches of a fixed share while the others have finished.
func (p *livePlan) jobs(workers int) []liveRun {
	var jobs []liveRun
	per := (workers + len(p.solutions) - 1) / len(p.solutions)
	for s, sol := range p.solutions {
		n := len(sol.pems)
		all := make([]int, n)
		for i := range all {
			all[i] = i
		}
		parts := max(1, min(per, n))
		if n > 0 && !sharesWork(sol, all, commonConditions(sol, all)) {
			parts = n
		}
		for k := range parts {
			jobs = append(jobs, liveRun{sol: s, pems: all[n*k/parts : n*(k+1)/parts]})
		}
	}
	return jobs
}

// checkLiveness checks every branch of the plan on the recorded graph, in parallel over runs of
// branches with workers goroutines, each run decided together (see failing). It returns the
// first branch in the plan's order that has a bad component (the one a single worker finds),
// searched on its own (findBad) for all its bad components so that the counterexample can be
// the one nearest an initial state; nil if none has.
func (g *liveGraph) checkLiveness(ctx context.Context, initial []int32, workers int) (*sccResult, *productGraph, error) {
	g.numberSteps()
	jobs := g.plan.jobs(workers)
	// Each solution's product graph is built by the first worker that takes one of its jobs,
	// so that solutions are set up in parallel too (working out the tableau nodes every state is
	// consistent with is a pass over the whole graph).
	graphs := make([]*productGraph, len(g.plan.solutions))
	graphErrs := make([]error, len(g.plan.solutions))
	built := make([]sync.Once, len(g.plan.solutions))
	graph := func(s int) (*productGraph, error) {
		built[s].Do(func() { graphs[s], graphErrs[s] = newProductGraph(g, g.plan.solutions[s], initial, workers) })
		return graphs[s], graphErrs[s]
	}
	// failed is, per job, the first of its branches that has a bad component (-1: none).
	failed := make([]int, len(jobs))
	errs := make([]error, len(jobs))
	// first is the lowest job that failed so far: jobs after it need not finish.
	var first atomic.Int64
	first.Store(int64(len(jobs)))
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < max(1, min(workers, len(jobs))); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sc := &verdictScratch{}
			for {
				i := int(next.Add(1) - 1)
				if i >= len(jobs) || int64(i) > first.Load() {
					return
				}
				job := jobs[i]
				failed[i] = -1
				stop := func() bool { return int64(i) > first.Load() || ctx.Err() != nil }
				pg, err := graph(job.sol)
				if err == nil {
					for k, bad := range pg.failing(job.pems, stop, sc) {
						if bad {
							failed[i] = job.pems[k]
							break
						}
					}
				}
				errs[i] = err
				if err != nil || failed[i] >= 0 {
					for {
						cur := first.Load()
						if int64(i) >= cur || first.CompareAndSwap(cur, int64(i)) {
							break
						}
					}
				}
			}
		}()
	}
	wg.Wait()
	if g.crossCheck && ctx.Err() == nil {
		for s, sol := range g.plan.solutions {
			pg, err := graph(s)
			if err != nil {
				return nil, nil, err
			}
			if err := pg.crossCheck(sol); err != nil {
				return nil, nil, err
			}
		}
	}
	// The solutions' graphs are given back but the one returned, which the caller releases.
	var keep *productGraph
	defer func() {
		for _, pg := range graphs {
			if pg != keep {
				pg.release()
			}
		}
	}()
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	for i, job := range jobs {
		if errs[i] != nil {
			return nil, nil, errs[i]
		}
		if failed[i] >= 0 {
			pg := graphs[job.sol]
			lj := liveJob{sol: job.sol, pem: failed[i]}
			res, err := pg.findBad(lj, &pg.sol.pems[lj.pem], func() bool { return ctx.Err() != nil }, true)
			if err == nil {
				err = ctx.Err()
			}
			if err == nil && res.first == nil {
				err = fmt.Errorf("liveness: branch %d of solution %d has a bad component the branch's own search does not find", lj.pem, lj.sol)
			}
			if err == nil {
				keep = pg
			}
			return res, pg, err
		}
	}
	return nil, nil, nil
}
