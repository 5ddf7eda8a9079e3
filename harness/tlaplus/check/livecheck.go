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
}

func newProductGraph(g *liveGraph, sol *liveSolution, initial []int32) (*productGraph, error) {
	pg := &productGraph{g: g, sol: sol, T: 1}
	if sol.tab != nil {
		pg.T = int32(len(sol.tab.nodes))
	}
	if int64(g.done)*int64(pg.T) > 1<<31-1 {
		return nil, fmt.Errorf("liveness: the behavior graph of %d states and a tableau of %d nodes is too large", g.done, pg.T)
	}
	if sol.tab != nil && pg.T <= 64 && !g.targetBits {
		pg.cons = make([]uint64, g.done)
		for v := range pg.cons {
			sb := g.stateBits(int32(v))
			for t, n := range sol.tab.nodes {
				if consistent(n, sb) {
					pg.cons[v] |= 1 << uint(t)
				}
			}
		}
	}
	for _, v := range initial {
		if v >= g.done {
			continue
		}
		if sol.tab == nil {
			pg.inits = append(pg.inits, v)
			continue
		}
		sb := g.stateBits(v)
		for t := 0; t < sol.tab.initCnt; t++ {
			if consistent(sol.tab.nodes[t], sb) {
				pg.inits = append(pg.inits, v*pg.T+int32(t))
			}
		}
	}
	return pg, nil
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
	g := pg.g
	v, t := x/pg.T, x%pg.T
	es, n := g.edges(v)
	for e := 0; e < n; e++ {
		edge := es[e*g.stride : (e+1)*g.stride]
		w := int32(edge[0])
		if w >= g.done {
			continue // not expanded yet: checked later
		}
		if pg.sol.tab == nil {
			if !fn(edge, w) {
				return
			}
			continue
		}
		for _, t1 := range pg.sol.tab.nodes[t].next {
			if pg.consistent(w, edge, t1) && !fn(edge, w*pg.T+int32(t1)) {
				return
			}
		}
	}
}

// stepOK reports whether the step edge from product node x satisfies every <>[]A condition of
// the branch: only such steps can lie on a counterexample's cycle.
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
				if pg.bad(pem, members, -comps, low) {
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
	g := pg.g
	v, tn := x/pg.T, x%pg.T
	es, n := g.edges(v)
	for ; *e < n; *e, *t = *e+1, 0 {
		edge := es[*e*g.stride : (*e+1)*g.stride]
		w := int32(edge[0])
		if w >= g.done {
			continue // not expanded yet: checked later
		}
		ok := pg.stepOK(pem, x, edge)
		if pg.sol.tab == nil {
			if *t > 0 {
				continue
			}
			*t = 1
			if ok {
				return w, true
			}
			if index[w] == 0 {
				*roots = append(*roots, w)
			}
			continue
		}
		nexts := pg.sol.tab.nodes[tn].next
		for *t < len(nexts) {
			t1 := nexts[*t]
			*t++
			if !pg.consistent(w, edge, t1) {
				continue
			}
			y := w*pg.T + int32(t1)
			if ok {
				return y, true
			}
			if index[y] == 0 {
				*roots = append(*roots, y)
			}
		}
	}
	return 0, false
}

// bad reports whether the component members (marked comp in mark) satisfies the branch: it is
// not a single node without a step to itself, and it holds a state for every []<>S condition, a
// step (inside it, satisfying the <>[]A conditions) for every []<>A condition and a node
// fulfilling every promise of the tableau (LiveWorker.checkComponent).
func (pg *productGraph) bad(pem *livePEM, members []int32, comp int32, mark []int32) bool {
	if len(members) == 1 {
		x := members[0]
		loop := false
		pg.succ(x, func(edge []uint64, y int32) bool {
			if y == x && pg.stepOK(pem, x, edge) {
				loop = true
				return false
			}
			return true
		})
		if !loop {
			return false
		}
	}
	sol := pg.sol
	needState := len(pem.aeState)
	stateOK := make([]bool, len(pem.aeState))
	needAction := len(pem.aeAction)
	actionOK := make([]bool, len(pem.aeAction))
	needPromise := len(sol.promises)
	promiseOK := make([]bool, len(sol.promises))
	for _, x := range members {
		sb := pg.g.stateBits(x / pg.T)
		for i, k := range pem.aeState {
			if !stateOK[i] && sol.checkState[k].holds(sb, nil) {
				stateOK[i] = true
				needState--
			}
		}
		if sol.tab != nil {
			par := sol.tab.nodes[x%pg.T].par
			for i, p := range sol.promises {
				if !promiseOK[i] && par.fulfills(p) {
					promiseOK[i] = true
					needPromise--
				}
			}
		}
		if needAction > 0 {
			pg.succ(x, func(edge []uint64, y int32) bool {
				if mark[y] != comp || !pg.stepOK(pem, x, edge) {
					return true
				}
				ab := edge[1 : 1+pg.g.wa]
				for i, k := range pem.aeAction {
					if !actionOK[i] && sol.checkAction[k].holds(sb, ab) {
						actionOK[i] = true
						needAction--
					}
				}
				return needAction > 0
			})
		}
	}
	return needState == 0 && needAction == 0 && needPromise == 0
}

// checkLiveness checks every branch of the plan on the recorded graph, in parallel over the
// branches with workers goroutines. It returns the first branch in the plan's order that has a
// bad component (the one a single worker finds), searched again for all its bad components so
// that the counterexample can be the one nearest an initial state; nil if none has.
func (g *liveGraph) checkLiveness(ctx context.Context, initial []int32, workers int) (*sccResult, *productGraph, error) {
	var jobs []liveJob
	for s, sol := range g.plan.solutions {
		for p := range sol.pems {
			jobs = append(jobs, liveJob{sol: s, pem: p})
		}
	}
	// Each solution's product graph is built by the first worker that takes one of its branches,
	// so that solutions are set up in parallel too (working out the tableau nodes every state is
	// consistent with is a pass over the whole graph).
	graphs := make([]*productGraph, len(g.plan.solutions))
	graphErrs := make([]error, len(g.plan.solutions))
	built := make([]sync.Once, len(g.plan.solutions))
	graph := func(s int) (*productGraph, error) {
		built[s].Do(func() { graphs[s], graphErrs[s] = newProductGraph(g, g.plan.solutions[s], initial) })
		return graphs[s], graphErrs[s]
	}
	results := make([]*badComponent, len(jobs))
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
			for {
				i := int(next.Add(1) - 1)
				if i >= len(jobs) || int64(i) > first.Load() {
					return
				}
				job := jobs[i]
				stop := func() bool { return int64(i) > first.Load() || ctx.Err() != nil }
				pg, err := graph(job.sol)
				var res *sccResult
				if err == nil {
					res, err = pg.findBad(job, &pg.sol.pems[job.pem], stop, false)
				}
				if err != nil || res.first != nil {
					if err == nil {
						results[i] = res.first
					}
					errs[i] = err
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
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	for i, job := range jobs {
		if errs[i] != nil {
			return nil, nil, errs[i]
		}
		if results[i] != nil {
			pg := graphs[job.sol]
			res, err := pg.findBad(job, &pg.sol.pems[job.pem], func() bool { return ctx.Err() != nil }, true)
			if err == nil {
				err = ctx.Err()
			}
			return res, pg, err
		}
	}
	return nil, nil, nil
}
