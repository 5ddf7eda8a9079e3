package check

import (
	"errors"
	"fmt"
	"strings"
)

// lassoPath returns the states of a counterexample through a bad component of res: the
// shortest path in the behavior graph from an initial node to a node of a bad component
// (prefix, ending at that node, the root), and a cycle from the root through its component that
// satisfies the branch (cycle, starting after the root and ending at the state whose step leads
// back to it), as TLC's LiveWorker.printTrace builds them from the component it found; the
// component nearest an initial state gives the shortest stem. Both are state numbers.
func (pg *productGraph) lassoPath(res *sccResult) (prefix, cycle []int32, err error) {
	var bad *badComponent
	inBad := func(x int32) bool {
		if res.mark == nil || res.mark[x] >= 0 {
			return false
		}
		b, ok := res.bad[-res.mark[x]]
		if ok {
			bad = &badComponent{job: b.job, root: x, members: b.members}
		}
		return ok
	}
	if res.bad == nil {
		bad = res.first
		inBad = func(x int32) bool { return x == bad.root }
	}
	pem := &pg.sol.pems[res.first.job.pem]
	// The prefix: a shortest path over every step, from the initial nodes to the nearest node of
	// a bad component, counting only the steps that change the state (those are the states
	// printed; a step between two nodes of one state, under different tableau nodes, is free).
	parent := map[int32]int32{}
	found := false
	zeroOneBFS(pg, pg.inits, parent, func(x int32) bool {
		found = inBad(x)
		return found
	}, func(x int32, edge []uint64, y int32) bool { return true })
	if !found {
		return nil, nil, errors.New("liveness: no path from an initial state to the violating cycle")
	}
	var nodes []int32
	for x := bad.root; x >= 0; x = parent[x] {
		nodes = append(nodes, x)
	}
	for i, j := 0, len(nodes)-1; i < j; i, j = i+1, j-1 {
		nodes[i], nodes[j] = nodes[j], nodes[i]
	}
	for _, x := range nodes {
		prefix = append(prefix, x/pg.T)
	}

	// The cycle: from the root, walk within the component along steps satisfying the <>[]A
	// conditions to a node or step discharging a condition not yet met, until all are, then back.
	in := make(map[int32]bool, len(bad.members))
	for _, x := range bad.members {
		in[x] = true
	}
	ob := newObligations(pg, pem)
	ob.visit(bad.root)
	cur := bad.root
	var path []int32 // product nodes after the root
	for ob.pending() {
		steps := pg.walk(pem, in, cur, false, func(x int32) bool { return ob.dischargedAt(x) }, ob.dischargedBy)
		if steps == nil {
			return nil, nil, errors.New("liveness: the violating component does not meet its conditions")
		}
		for i, y := range steps {
			prev := cur
			if i > 0 {
				prev = steps[i-1]
			}
			ob.step(prev, y, in)
			ob.visit(y)
		}
		path = append(path, steps...)
		cur = steps[len(steps)-1]
	}
	back := pg.walk(pem, in, cur, true, func(x int32) bool { return x == bad.root }, nil)
	if back == nil {
		return nil, nil, errors.New("liveness: the violating component has no way back to its root")
	}
	path = append(path, back[:len(back)-1]...)
	for _, x := range path {
		cycle = append(cycle, x/pg.T)
	}
	return prefix, cycle, nil
}

// walk returns a shortest path (excluding from; stuttering steps count for nothing) inside
// the component in, along steps satisfying the branch's <>[]A conditions, from product node
// from to a node satisfying goal, or ending with a step satisfying goalStep (when not nil).
// With atLeastOne, from itself is a goal only after at least one step.
func (pg *productGraph) walk(pem *livePEM, in map[int32]bool, from int32, atLeastOne bool, goal func(int32) bool, goalStep func(x int32, edge []uint64, y int32) bool) []int32 {
	parent := map[int32]int32{}
	// A goal reached by a step (from x to y) ends the path with that step.
	lastFrom, last := int32(-1), int32(-1)
	end := int32(-1)
	zeroOneBFS(pg, []int32{from}, parent, func(x int32) bool {
		if x != from && goal(x) {
			end = x
			return true
		}
		return false
	}, func(x int32, edge []uint64, y int32) bool {
		if !in[y] || !pg.stepOK(pem, x, edge) {
			return false
		}
		if y == from && atLeastOne && goal(y) || goalStep != nil && goalStep(x, edge, y) {
			lastFrom, last = x, y
			return false
		}
		return true
	}, func() bool { return last >= 0 })
	var rev []int32
	switch {
	case last >= 0:
		rev = append(rev, last)
		end = lastFrom
	case end < 0:
		return nil
	}
	for z := end; z != from; z = parent[z] {
		rev = append(rev, z)
	}
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	return rev
}

// zeroOneBFS searches the behavior graph from the nodes from, in order of distance, a step
// between two nodes of the same state costing nothing and any other step one, taking only the
// steps follow accepts, until done accepts a node it reaches (or stop, if given, says so after a
// node's steps). parent records the path to each node reached (-1 for the starting nodes).
func zeroOneBFS(pg *productGraph, from []int32, parent map[int32]int32, done func(int32) bool, follow func(x int32, edge []uint64, y int32) bool, stop ...func() bool) {
	dist := map[int32]int{}
	var front, back []int32 // the deque: front is popped from its end
	for i := len(from) - 1; i >= 0; i-- {
		x := from[i]
		if _, seen := dist[x]; !seen {
			dist[x], parent[x] = 0, -1
		}
	}
	for i := len(from) - 1; i >= 0; i-- {
		front = append(front, from[i])
	}
	popped := map[int32]bool{}
	for len(front) > 0 || len(back) > 0 {
		var x int32
		if len(front) > 0 {
			x = front[len(front)-1]
			front = front[:len(front)-1]
		} else {
			x, back = back[0], back[1:]
		}
		if popped[x] {
			continue
		}
		popped[x] = true
		if done(x) {
			return
		}
		d := dist[x]
		pg.succ(x, func(edge []uint64, y int32) bool {
			if !follow(x, edge, y) {
				return true
			}
			w := 1
			if y/pg.T == x/pg.T {
				w = 0
			}
			if old, seen := dist[y]; !seen || d+w < old {
				dist[y], parent[y] = d+w, x
				if w == 0 {
					front = append(front, y)
				} else {
					back = append(back, y)
				}
			}
			return true
		})
		if len(stop) > 0 && stop[0]() {
			return
		}
	}
}

// obligations tracks which conditions of a branch a cycle under construction has met.
type obligations struct {
	pg                           *productGraph
	pem                          *livePEM
	stateOK, actionOK, promiseOK []bool
	left                         int
}

func newObligations(pg *productGraph, pem *livePEM) *obligations {
	ob := &obligations{pg: pg, pem: pem, stateOK: make([]bool, len(pem.aeState)), actionOK: make([]bool, len(pem.aeAction)), promiseOK: make([]bool, len(pg.sol.promises))}
	ob.left = len(ob.stateOK) + len(ob.actionOK) + len(ob.promiseOK)
	return ob
}

func (ob *obligations) pending() bool { return ob.left > 0 }

// dischargedAt reports whether node x meets a state condition or promise not yet met.
func (ob *obligations) dischargedAt(x int32) bool {
	sol := ob.pg.sol
	sb := ob.pg.g.stateBits(x / ob.pg.T)
	for i, k := range ob.pem.aeState {
		if !ob.stateOK[i] && sol.checkState[k].holds(sb, nil) {
			return true
		}
	}
	if sol.tab != nil {
		par := sol.tab.nodes[x%ob.pg.T].par
		for i, p := range sol.promises {
			if !ob.promiseOK[i] && par.fulfills(p) {
				return true
			}
		}
	}
	return false
}

// dischargedBy reports whether the step edge from x meets an action condition not yet met.
func (ob *obligations) dischargedBy(x int32, edge []uint64, _ int32) bool {
	sol := ob.pg.sol
	sb := ob.pg.g.stateBits(x / ob.pg.T)
	ab := edge[1 : 1+ob.pg.g.wa]
	for i, k := range ob.pem.aeAction {
		if !ob.actionOK[i] && sol.checkAction[k].holds(sb, ab) {
			return true
		}
	}
	return false
}

// visit records the conditions node x meets.
func (ob *obligations) visit(x int32) {
	sol := ob.pg.sol
	sb := ob.pg.g.stateBits(x / ob.pg.T)
	for i, k := range ob.pem.aeState {
		if !ob.stateOK[i] && sol.checkState[k].holds(sb, nil) {
			ob.stateOK[i] = true
			ob.left--
		}
	}
	if sol.tab != nil {
		par := sol.tab.nodes[x%ob.pg.T].par
		for i, p := range sol.promises {
			if !ob.promiseOK[i] && par.fulfills(p) {
				ob.promiseOK[i] = true
				ob.left--
			}
		}
	}
}

// step records the action conditions met by the steps from x to y (inside the component,
// satisfying the <>[]A conditions): the cycle may take any of them.
func (ob *obligations) step(x, y int32, in map[int32]bool) {
	if len(ob.actionOK) == 0 {
		return
	}
	sol := ob.pg.sol
	sb := ob.pg.g.stateBits(x / ob.pg.T)
	// Take the step meeting the most conditions.
	var best []int
	ob.pg.succ(x, func(edge []uint64, z int32) bool {
		if z != y || !in[z] || !ob.pg.stepOK(ob.pem, x, edge) {
			return true
		}
		var met []int
		ab := edge[1 : 1+ob.pg.g.wa]
		for i, k := range ob.pem.aeAction {
			if !ob.actionOK[i] && sol.checkAction[k].holds(sb, ab) {
				met = append(met, i)
			}
		}
		if len(met) > len(best) {
			best = met
		}
		return true
	})
	for _, i := range best {
		ob.actionOK[i] = true
		ob.left--
	}
}

// livenessTrace turns the lasso's state numbers into the counterexample's steps: each state
// after the first is regenerated as a successor of the one before (the first with the stored
// state's fingerprint, as TLC's getState does), which names its action, also under SYMMETRY or
// a VIEW, where the stored state may be another member of its class. It returns the steps,
// the lasso's loop and the concrete states.
func (s *searcher) livenessTrace(prefix, cycle []int32) ([]Step, *Lasso, []State, []int32, error) {
	seq := append(append([]int32(nil), prefix...), cycle...)
	// Consecutive steps between the same state are stuttering and not printed (several
	// tableau nodes may pair with one state).
	var ids []int32
	for _, id := range seq {
		if len(ids) == 0 || ids[len(ids)-1] != id {
			ids = append(ids, id)
		}
	}
	root := prefix[len(prefix)-1]
	loopAt := 0 // index of the root in ids
	for i, id := range ids {
		if id == root && i <= len(prefix)-1 {
			loopAt = i
		}
	}
	// A cycle that comes back to the root's state before returning to the root node ends there.
	for len(ids) > loopAt+1 && ids[len(ids)-1] == root {
		ids = ids[:len(ids)-1]
	}
	w := s.m.worker()
	path, states, err := s.pathThrough(w, ids)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	lasso := &Lasso{BackTo: loopAt + 1}
	if loopAt == len(ids)-1 {
		lasso.Stuttering = true
	} else {
		_, act, err := s.successorWith(w, path[len(path)-1].state, s.nodes[ids[loopAt]].fp)
		if err != nil {
			return nil, nil, nil, nil, err
		}
		lasso.Action, lasso.Where = s.m.action(int(act))
		if pm, ok := s.m.(paramModel); ok {
			lasso.Params, lasso.Args = pm.actionParams(int(act))
		}
	}
	return behavior(s.m, path), lasso, states, ids, nil
}

// pathThrough returns the behavior through the states numbered ids: each state after the first
// regenerated as a successor of the one before, the first with the stored state's fingerprint,
// as TLC's getState does. It returns the path and its states.
func (s *searcher) pathThrough(w modelWorker, ids []int32) ([]pathStep, []State, error) {
	path := make([]pathStep, len(ids))
	path[0] = pathStep{state: s.nodes[ids[0]].state, action: -1}
	for i := 1; i < len(ids); i++ {
		st, act, err := s.successorWith(w, path[i-1].state, s.nodes[ids[i]].fp)
		if err != nil {
			return nil, nil, err
		}
		path[i] = pathStep{state: st, action: act}
	}
	states := make([]State, len(path))
	for i, p := range path {
		states[i] = p.state
	}
	return path, states, nil
}

// successorWith returns the first successor of st (and its action) whose fingerprint is fp.
func (s *searcher) successorWith(w modelWorker, st State, fp uint64) (State, int32, error) {
	var found State
	act := int32(-1)
	err := w.next(st, func(t State, a int) error {
		f, err := w.fingerprint(t)
		if err != nil {
			return err
		}
		if f == fp {
			found, act = t, int32(a)
			return errStop
		}
		return nil
	})
	if err != nil && err != errStop {
		return nil, 0, err
	}
	if found == nil {
		return nil, 0, fmt.Errorf("liveness: cannot regenerate a step of the counterexample (fingerprint %d)", fp)
	}
	return found, act, nil
}

// violatedProperties names the PROPERTIES the lasso (states, looping back to index loop)
// violates, evaluating each on it as TLC's Liveness.findViolatedProperties does; if none can be
// singled out (SYMMETRY may make the printed lasso differ from the graph's cycle), every
// property with a liveness part is named.
func violatedProperties(plan *livePlan, w modelWorker, states []State, loop int) string {
	ev, ok := w.(liveEvaluator)
	var names []string
	if ok {
		for _, p := range plan.props {
			holds, err := onLasso(p.f, ev, states, loop, 0)
			if err == nil && !holds && (len(names) == 0 || names[len(names)-1] != p.name) {
				names = append(names, p.name)
			}
		}
	}
	if len(names) == 0 {
		names = plan.names()
	}
	return strings.Join(names, ", ")
}

// violatedRecorded names the PROPERTIES the lasso through nodes ids (looping back to index loop)
// violates, evaluated with the values the search recorded in the graph: a run-dependent plan's
// values cannot be worked out again after the search (see livePlan.runDependent). A position's
// state predicates are those of its initial state when queued (position 0) or those recorded
// with the step into it, its actions those of the step to the next position. The lasso is
// unrolled once, so that its loop's first state has, where the behavior comes back to it, the
// values recorded with the step back (with TLCGet("queue"), the values differ from one step
// into a state to another).
func violatedRecorded(g *liveGraph, ids []int32, loop int) string {
	ids = append(ids[:len(ids):len(ids)], ids[loop])
	loop++
	edge := func(from, to int32) []uint64 {
		es, cnt := g.edges(from)
		for e := 0; e < cnt; e++ {
			if int32(es[e*g.stride]) == to {
				return es[e*g.stride : (e+1)*g.stride]
			}
		}
		return nil
	}
	at := func(x *liveExpr, pos, next int) (bool, error) {
		if x.kind == lnState {
			if pos == 0 {
				return bit(g.initStateBits(ids[0]), x.atom.index), nil
			}
			e := edge(ids[pos-1], ids[pos])
			if e == nil {
				return false, fmt.Errorf("liveness: no recorded step into position %d of the counterexample", pos)
			}
			return bit(e[1+g.wa:], x.atom.index), nil
		}
		e := edge(ids[pos], ids[next])
		if e == nil {
			return false, fmt.Errorf("liveness: no recorded step from position %d of the counterexample", pos)
		}
		return bit(e[1:1+g.wa], x.atom.index), nil
	}
	var names []string
	for _, p := range g.plan.props {
		holds, err := onLassoWith(p.f, at, len(ids), loop, 0)
		if err == nil && !holds && (len(names) == 0 || names[len(names)-1] != p.name) {
			names = append(names, p.name)
		}
	}
	if len(names) == 0 {
		names = g.plan.names()
	}
	return strings.Join(names, ", ")
}

// onLasso evaluates x at position pos of the infinite behavior states[0..], states[loop..],
// states[loop..], ...
func onLasso(x *liveExpr, ev liveEvaluator, states []State, loop, pos int) (bool, error) {
	at := func(x *liveExpr, pos, next int) (bool, error) {
		out := []uint64{0}
		atoms := []*liveAtom{{x: x.atom.x, sc: x.atom.sc, sub: x.atom.sub, enabled: x.atom.enabled, unchangedSub: x.atom.unchangedSub, subVars: x.atom.subVars, subVarsOK: x.atom.subVarsOK}}
		var err error
		if x.kind == lnState {
			err = ev.liveStateBits(atoms, states[pos], nil, out)
		} else {
			err = ev.liveActionBits(atoms, states[pos], states[next], nil, nil, out)
		}
		return out[0] != 0, err
	}
	return onLassoWith(x, at, len(states), loop, pos)
}

// lassoAtom answers the value of atom x (a state predicate or an action) at position pos of a
// lasso, whose next position is next.
type lassoAtom func(x *liveExpr, pos, next int) (bool, error)

// onLassoWith evaluates x at position pos of the infinite behavior of n positions looping back
// to loop, its atoms' values given by at.
func onLassoWith(x *liveExpr, at lassoAtom, n, loop, pos int) (bool, error) {
	switch x.kind {
	case lnBool:
		return x.b, nil
	case lnState, lnAction:
		next := loop
		if pos+1 < n {
			next = pos + 1
		}
		return at(x, pos, next)
	case lnNeg:
		b, err := onLassoWith(x.body(), at, n, loop, pos)
		return !b, err
	case lnConj, lnDisj:
		want := x.kind == lnDisj
		for _, k := range x.kids {
			b, err := onLassoWith(k, at, n, loop, pos)
			if err != nil {
				return false, err
			}
			if b == want {
				return want, nil
			}
		}
		return !want, nil
	case lnAll, lnEven:
		want := x.kind == lnEven
		from := pos
		if from > loop {
			from = loop
		}
		// From pos on, or, once in the cycle, all of it: its positions recur.
		for i := from; i < n; i++ {
			b, err := onLassoWith(x.body(), at, n, loop, i)
			if err != nil {
				return false, err
			}
			if b == want {
				return want, nil
			}
		}
		return !want, nil
	}
	return false, fmt.Errorf("liveness: cannot evaluate %s on a behavior", x)
}
