package check

import (
	"fmt"
	"runtime"
	"sync"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// liveGraph is the state graph a breadth-first search records for checking liveness, with the
// truth values of the plan's atoms: TLC's behavior graph before the product with a tableau.
// Every state stored gets, when it is expanded, the values of the plan's state predicates, and
// one edge per successor within the model (as TLC's liveNextStates: a successor outside a
// CONSTRAINT or ACTION_CONSTRAINT is not a step of the graph) plus a stuttering edge to itself,
// each with the values of the plan's actions on that step. The values are computed by the
// search's workers as they expand states, so this part of liveness checking runs in parallel
// with the search.
//
// Under SYMMETRY or a VIEW, a successor may not be the state stored for its fingerprint; like
// TLC, the checker then evaluates the tableau's state predicates on the successor itself and
// records them with the edge (targetBits).
type liveGraph struct {
	plan *livePlan
	// ws and wa are the words of a state's and a step's atom values; stride the words of an edge:
	// the target's fingerprint (its node number once the search is over), the step's action
	// values and, with targetBits, the target's state predicate values.
	ws, wa, stride int
	targetBits     bool

	mu    sync.Mutex
	nodes []liveNode // by node number
	store *liveStore

	// done is the number of nodes the graph is checked on: every node numbered below it has been
	// expanded and has its record (a breadth-first search expands nodes in number order, level
	// by level); a step to a node not expanded yet is left out of the check.
	done int32
	// index maps the fingerprints of the first indexed nodes to their numbers; the records of the
	// first resolved nodes have their edge targets resolved (see resolve).
	index             fpIndex
	indexed, resolved int
	// base numbers the steps of the nodes checked: node v's are base[v] to base[v+1]-1.
	base []int64
	// allReached: every node is reachable from the initial ones by steps of the graph. It holds
	// for the graph a search records, checked whole or the nodes expanded so far: every stored
	// state but an initial one was stored as the successor of its parent, a node numbered
	// before it, by a step the recorder records (graphs built by tests may not have it).
	allReached bool
	// crossCheck: every branch is also searched on its own, and a different verdict is an
	// error (Options.liveCrossCheck, for tests).
	crossCheck bool
	// derive, if not nil, are the fairness conditions whose values are taken from the
	// successors the search enumerates (see livederive.go).
	derive *liveDerivation
	// initBits, for a run-dependent plan, are the state predicate values of the initial states
	// (numbered 0..), evaluated as each is queued (see liveRecorder.initial).
	initBits [][]uint64
}

// liveNode locates a state's record: in chunk, at off, its state predicate values (ws words)
// followed by n edges.
type liveNode struct {
	chunk int32
	off   uint32
	n     uint32
}

// livePool is the chunk a worker files the records of the states it expands in, and how much
// of it is used.
type livePool struct {
	chunk int32
	words []uint64
	used  int
}

// liveEvaluator evaluates the atoms of a liveness plan for one goroutine (the TLA+ model's
// worker implements it).
type liveEvaluator interface {
	// liveStateBits evaluates the state predicates in s, but those marked in skip (nil: none).
	liveStateBits(atoms []*liveAtom, s State, skip, out []uint64) error
	// liveActionBits evaluates the actions on the step s -> t, sbits being s's state predicate
	// values (nil if unknown), but those marked in skip.
	liveActionBits(atoms []*liveAtom, s, t State, sbits, skip, out []uint64) error
	// liveOnAction has fn called as each action of the next-state relation is entered while
	// successors are enumerated (nil: no longer), with the definitions on the way down to it
	// and whether it is enumerated whole (see enumerator.onAction).
	liveOnAction(fn func(path []actionPath, args []value.Value, whole bool))
	// liveFrom tells the evaluator the state being expanded (nil: none): a stored state, which
	// does not change, so the values of the state functions computed in it may serve every
	// evaluation at it (its state predicates, ENABLED, its steps' actions).
	liveFrom(s State)
}

// livenessModel is implemented by models with temporal properties to check.
type livenessModel interface {
	livePlan() *livePlan
	// liveTargetBits reports whether a successor may differ from the state stored for its
	// fingerprint (SYMMETRY or VIEW).
	liveTargetBits() bool
}

// newLiveGraph returns the graph to record for m, or nil when m has no temporal property to
// check.
func newLiveGraph(m model, opts Options) *liveGraph {
	lm, ok := m.(livenessModel)
	if !ok || lm.livePlan() == nil {
		return nil
	}
	p := lm.livePlan()
	g := &liveGraph{plan: p, ws: words(len(p.stateAtoms)), wa: words(len(p.actionAtoms)), targetBits: lm.liveTargetBits() || p.runDependent, store: newLiveStore(opts), crossCheck: opts.liveCrossCheck, allReached: true}
	g.stride = 1 + g.wa
	if g.targetBits {
		g.stride += g.ws
	} else if !opts.liveNoDerive {
		g.derive = newLiveDerivation(p)
	}
	return g
}

func words(bits int) int { return (bits + 63) / 64 }

// reserve makes room for the records of nodes numbered below n.
func (g *liveGraph) reserve(n int) {
	if g == nil {
		return
	}
	if n > len(g.nodes) {
		g.nodes = append(g.nodes, make([]liveNode, n-len(g.nodes))...)
	}
}

// recorder returns the recorder for a search worker evaluating with w.
func (g *liveGraph) recorder(w modelWorker) *liveRecorder {
	if g == nil {
		return nil
	}
	ev, ok := w.(liveEvaluator)
	if !ok {
		return nil
	}
	r := &liveRecorder{g: g, ev: ev, sbuf: make([]uint64, g.ws), abuf: make([]uint64, g.wa), src: make([]uint64, g.ws)}
	if g.derive != nil {
		r.derive = newDeriveState(g.derive)
		ev.liveOnAction(r.derive.action)
	}
	return r
}

// close releases the graph's memory and file.
func (g *liveGraph) close() error {
	if g == nil {
		return nil
	}
	err := g.index.release()
	if cerr := g.store.close(); err == nil {
		err = cerr
	}
	return err
}

// liveRecorder records, for one search worker, the states it expands and their steps.
type liveRecorder struct {
	g    *liveGraph
	ev   liveEvaluator
	pool livePool
	// the state being expanded: its number, value and fingerprint, and its record so far
	id    int32
	state State
	fp    uint64
	rec   []uint64
	n     uint32
	err   error
	sbuf  []uint64
	abuf  []uint64
	src   []uint64 // the state predicate values of the state being expanded
	// derive takes the values of derived atoms from the successors (nil: none is).
	derive *deriveState
	// targets are the successors of the state being expanded, one per edge, when the plan is
	// run-dependent: its atoms are evaluated by end, not as the edges are recorded.
	targets []State
}

// skips returns the masks of the atoms the recorder does not evaluate.
func (r *liveRecorder) skips() (skipS, skipA []uint64) {
	if r.derive == nil {
		return nil, nil
	}
	return r.derive.d.skipS, r.derive.d.skipA
}

// successor notes t, a successor of the state being expanded, generated before the search
// decides whether it is a step of the graph (see deriveState.successor).
func (r *liveRecorder) successor(t State) {
	if r == nil || r.derive == nil {
		return
	}
	r.derive.successor(r.state, t)
}

// begin starts the record of state id (s, with fingerprint fp), evaluating the state predicates.
func (r *liveRecorder) begin(id int32, s State, fp uint64) {
	r.id, r.state, r.fp, r.n, r.err = id, s, fp, 0, nil
	r.ev.liveFrom(s)
	skipS, _ := r.skips()
	if r.derive != nil {
		r.derive.begin()
	}
	r.targets = r.targets[:0]
	if r.g.plan.runDependent {
		clear(r.src)
	} else {
		r.err = r.bits(r.src, func(out []uint64) error { return r.ev.liveStateBits(r.g.plan.stateAtoms, s, skipS, out) })
	}
	r.rec = append(r.rec[:0], r.src...)
}

// bits zeroes out and fills it with fill.
func (r *liveRecorder) bits(out []uint64, fill func([]uint64) error) error {
	clear(out)
	if len(out) == 0 {
		return nil
	}
	return fill(out)
}

// edge records the step from the state being expanded to t, whose fingerprint is fp.
func (r *liveRecorder) edge(fp uint64, t State) {
	if r.err != nil {
		return
	}
	r.rec = append(r.rec, fp)
	if r.g.plan.runDependent {
		// Evaluated by end (see evalDeferred); the edge's words are reserved.
		r.targets = append(r.targets, t)
		r.rec = append(r.rec, make([]uint64, r.g.stride-1)...)
		r.n++
		return
	}
	_, skipA := r.skips()
	r.err = r.bits(r.abuf, func(out []uint64) error {
		return r.ev.liveActionBits(r.g.plan.actionAtoms, r.state, t, r.src, skipA, out)
	})
	if r.derive != nil {
		r.derive.edge(t, r.abuf)
	}
	r.rec = append(r.rec, r.abuf...)
	if r.g.targetBits {
		if err := r.bits(r.sbuf, func(out []uint64) error { return r.ev.liveStateBits(r.g.plan.stateAtoms, t, nil, out) }); err != nil && r.err == nil {
			r.err = err
		}
		r.rec = append(r.rec, r.sbuf...)
	}
	r.n++
}

// end adds the stuttering step and files the record of the state being expanded.
func (r *liveRecorder) end() error {
	if r.derive != nil {
		clear(r.derive.pend)
	}
	r.edge(r.fp, r.state)
	if r.g.plan.runDependent && r.err == nil {
		r.err = r.evalDeferred()
	}
	if r.derive != nil && r.err == nil {
		g := r.g
		r.err = r.derive.finish(r, r.state, r.rec, g.ws, g.wa, g.stride, int(r.n))
	}
	r.state = nil
	r.ev.liveFrom(nil)
	p := &r.pool
	if p.words == nil || len(p.words)-p.used < len(r.rec) {
		c, w, err := r.g.store.chunk(len(r.rec))
		if err != nil {
			return err
		}
		*p = livePool{chunk: c, words: w}
	}
	copy(p.words[p.used:], r.rec)
	r.g.nodes[r.id] = liveNode{chunk: p.chunk, off: uint32(p.used), n: r.n}
	p.used += len(r.rec)
	return r.err
}

// initial evaluates, for a run-dependent plan, the state predicates of initial state id (s) as
// it is queued: TLC's LiveCheck.addInitState decides then which initial tableau nodes s is
// consistent with (TBGraphNode.isConsistent), so TLCGet("queue") counts the initial states
// queued so far. The product's initial nodes are taken with these values (see initStateBits).
func (r *liveRecorder) initial(id int32, s State) error {
	g := r.g
	if !g.plan.runDependent {
		return nil
	}
	out := make([]uint64, g.ws)
	if err := r.bits(out, func(out []uint64) error { return r.ev.liveStateBits(g.plan.stateAtoms, s, nil, out) }); err != nil {
		return fmt.Errorf("evaluating a temporal property at an initial state: %w", err)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	for int(id) >= len(g.initBits) {
		g.initBits = append(g.initBits, nil)
	}
	g.initBits[id] = out
	return nil
}

// initStateBits returns the state predicate values initial node id is taken with: those
// evaluated when it was queued for a run-dependent plan, its own otherwise.
func (g *liveGraph) initStateBits(id int32) []uint64 {
	if int(id) < len(g.initBits) && g.initBits[id] != nil {
		return g.initBits[id]
	}
	return g.stateBits(id)
}

// evalDeferred evaluates the atoms of a run-dependent plan for the state being expanded and its
// edges, once the search has generated and queued its successors: when TLC's ModelChecker.doNext
// hands the state to LiveCheck.addNextState, which evaluates the state predicates of the state
// (OrderOfSolution.checkState), the actions of each step (checkAction) and the tableau's state
// predicates on each successor (TBGraphNode.isConsistent) then. TLCGet("queue") thus reads the
// queue without the state and with its new successors, as TLC's does. Every edge carries its
// target's state predicates (targetBits), evaluated here rather than when the target is expanded.
func (r *liveRecorder) evalDeferred() error {
	g := r.g
	if err := r.bits(r.src, func(out []uint64) error { return r.ev.liveStateBits(g.plan.stateAtoms, r.state, nil, out) }); err != nil {
		return err
	}
	copy(r.rec, r.src)
	for k, t := range r.targets {
		e := r.rec[g.ws+k*g.stride+1:]
		if err := r.bits(e[:g.wa], func(out []uint64) error {
			return r.ev.liveActionBits(g.plan.actionAtoms, r.state, t, r.src, nil, out)
		}); err != nil {
			return err
		}
		if err := r.bits(e[g.wa:g.wa+g.ws], func(out []uint64) error { return r.ev.liveStateBits(g.plan.stateAtoms, t, nil, out) }); err != nil {
			return err
		}
	}
	clear(r.targets)
	return nil
}

// stateBits returns the state predicate values of node id.
func (g *liveGraph) stateBits(id int32) []uint64 {
	n := g.nodes[id]
	return g.store.words(n.chunk)[n.off : int(n.off)+g.ws]
}

// edges returns node id's edges, each stride words long, and their number.
func (g *liveGraph) edges(id int32) ([]uint64, int) {
	n := g.nodes[id]
	start := int(n.off) + g.ws
	return g.store.words(n.chunk)[start : start+int(n.n)*g.stride], int(n.n)
}

// resolve replaces the target fingerprint of every edge recorded by the first done nodes by
// the target's node number, and makes the graph checked the one of those nodes. It resolves only
// the records not resolved by an earlier call, so that the graph can be checked during the search
// (a check on the states expanded so far, as TLC's periodic check) and again at its end. It fails
// if a target was not stored, which cannot happen: a successor is stored before the level that
// found it ends.
func (g *liveGraph) resolve(nodes []node, done int) error {
	for ; g.indexed < len(nodes); g.indexed++ {
		if err := g.index.add(nodes[g.indexed].fp, int32(g.indexed)); err != nil {
			return err
		}
	}
	from := g.resolved
	// Records are disjoint: each goroutine resolves a range of nodes.
	parts := max(1, min(runtime.GOMAXPROCS(0), (done-from)/4096))
	var wg sync.WaitGroup
	errs := make([]error, parts)
	for p := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lo, hi := from+(done-from)*p/parts, from+(done-from)*(p+1)/parts
			for id := lo; id < hi; id++ {
				es, cnt := g.edges(int32(id))
				for e := 0; e < cnt; e++ {
					w := &es[e*g.stride]
					to, ok := g.index.get(*w)
					if !ok {
						errs[p] = fmt.Errorf("liveness: a step leads to fingerprint %d, which the search did not store", *w)
						return
					}
					*w = uint64(to)
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	g.resolved, g.done = max(g.resolved, done), int32(done)
	return nil
}

func bit(ws []uint64, i int) bool { return ws[i>>6]&(1<<(uint(i)&63)) != 0 }

func setBit(ws []uint64, i int) { ws[i>>6] |= 1 << (uint(i) & 63) }

// holds evaluates a state or action formula (no temporal operator) from atom values: state
// predicates from sbits, actions from abits.
func (x *liveExpr) holds(sbits, abits []uint64) bool {
	switch x.kind {
	case lnBool:
		return x.b
	case lnState:
		return bit(sbits, x.atom.index)
	case lnAction:
		return bit(abits, x.atom.index)
	case lnNeg:
		return !x.body().holds(sbits, abits)
	case lnConj:
		for _, k := range x.kids {
			if !k.holds(sbits, abits) {
				return false
			}
		}
		return true
	case lnDisj:
		for _, k := range x.kids {
			if k.holds(sbits, abits) {
				return true
			}
		}
		return false
	}
	panic(fmt.Sprintf("liveness: %s is not a state or action formula", x))
}

// liveStateBits evaluates the state predicates atoms in s.
func (w *tlaWorker) liveStateBits(atoms []*liveAtom, s State, skip, out []uint64) error {
	return w.liveBits(atoms, s, nil, nil, skip, out)
}

// liveOnAction sets the enumerator's onAction (see liveEvaluator).
func (w *tlaWorker) liveOnAction(fn func(path []actionPath, args []value.Value, whole bool)) {
	w.en.onAction = fn
}

// liveActionBits evaluates the actions atoms on the step s -> t.
func (w *tlaWorker) liveActionBits(atoms []*liveAtom, s, t State, sbits, skip, out []uint64) error {
	return w.liveBits(atoms, s, t, sbits, skip, out)
}

func (w *tlaWorker) liveBits(atoms []*liveAtom, s, t State, sbits, skip, out []uint64) error {
	// A step from a state to itself leaves every subscript unchanged.
	stutter := t != nil && len(s) > 0 && &s[0] == &t[0]
	saved := w.curLevel
	w.curLevel = w.level + 1
	w.ctx.State, w.ctx.Next = s, t
	// A session of its own, so that the search's checks of the successors in between do not
	// drop what the evaluations at the expanded state keep (see liveFrom).
	if w.lss == nil {
		w.lss = w.m.spec.NewSession(&w.ctx)
	}
	ss := w.lss
	ss.ResetAt(&w.ctx, w.liveKeyOf(s))
	defer func() {
		w.ctx.State, w.ctx.Next = nil, nil
		w.curLevel = saved
	}()
	for i, a := range atoms {
		if skip != nil && bit(skip, i) {
			continue
		}
		var ok bool
		var err error
		switch {
		case a.enabled:
			ok, err = w.enabled(a.x, a.sc)
		case a.sub != nil:
			// <<A>>_v: a step leaving v unchanged is not an A step, and A is not evaluated on it,
			// as TLC's LNAction checks the subscript first; nor where ENABLED <<A>>_v is false.
			if stutter || a.guard != nil && sbits != nil && !bit(sbits, a.guard.index) {
				continue
			}
			if a.subVarsOK {
				var same bool
				if same, err = sameValuesErr(s, t, a.subVars); same {
					continue
				}
				if err == nil {
					ok, err = evalBool(ss.Eval(a.x, a.sc))
				}
				break
			}
			var same value.Value
			same, err = ss.Eval(a.unchanged(), a.sc)
			if err == nil && same != value.True {
				ok, err = evalBool(ss.Eval(a.x, a.sc))
			}
		default:
			ok, err = evalBool(ss.Eval(a.x, a.sc))
		}
		if err != nil {
			return fmt.Errorf("evaluating %s of a temporal property: %w", a, err)
		}
		if ok {
			setBit(out, i)
		}
	}
	return nil
}

// liveFrom numbers s, the state being expanded, for the evaluations at it (see liveKeyOf).
func (w *tlaWorker) liveFrom(s State) {
	w.liveState, w.liveKey = s, 0
	if s != nil {
		w.liveKeys++
		w.liveKey = w.liveKeys
	}
}

// liveKeyOf returns the number of the state being expanded if s is that state, 0 otherwise:
// evaluations at a numbered state keep the values of its state functions from one to the next
// (eval.Session.ResetAt). The number is new for each expansion, and the expanded state is stored
// and never changes, so a number always denotes one state's contents.
func (w *tlaWorker) liveKeyOf(s State) uint64 {
	if w.liveKey == 0 || len(s) != len(w.liveState) || len(s) == 0 || &s[0] != &w.liveState[0] {
		return 0
	}
	return w.liveKey
}

// unchanged returns UNCHANGED sub for an action <<A>>_sub.
func (a *liveAtom) unchanged() ast.Expr { return a.unchangedSub }

func evalBool(v value.Value, err error) (bool, error) {
	if err != nil {
		return false, err
	}
	b, ok := v.(value.Bool)
	if !ok {
		return false, fmt.Errorf("expected a boolean, got %s", value.Abbrev(v))
	}
	return bool(b), nil
}
