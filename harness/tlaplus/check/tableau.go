package check

// tableau is the particle tableau of a temporal formula without actions, as TLC builds it
// (tlc2.tool.liveness.TBGraph, TBPar): the construction PART-TAB of Manna and Pnueli's
// "Temporal Verification of Reactive Systems: Safety", section 5.5. A node is a particle, a set of
// formulas closed under the alpha rules ([]F gives F and ()[]F, F /\ G gives F and G) and split
// by the beta rules (<>F gives F or ()<>F, F \/ G gives F or G); its successors are the particles
// of what its ()F formulas promise for the next state. The first initCnt nodes are the particles
// of the formula itself.
//
// A behavior satisfies the formula when it runs through the tableau along a path whose nodes'
// state predicates hold in its states and which ends in a fulfilling strongly connected part: for
// every promise <>F of the formula, some node of it either does not hold <>F or holds F.
type tableau struct {
	nodes   []*tbNode
	initCnt int
}

// tbNode is a node of a tableau.
type tbNode struct {
	par particle
	// next lists the indices of the successor nodes.
	next []int
	// preds are the particle's state predicates (level at most state), which a state must
	// satisfy to be paired with this node in the behavior graph.
	preds []*liveExpr
}

// particle is a set of formulas, kept in the order they were added.
type particle []*liveExpr

// has reports whether p holds a formula equal to x.
func (p particle) has(x *liveExpr) bool {
	for _, y := range p {
		if y.equal(x) {
			return true
		}
	}
	return false
}

// sameAs reports whether p and q hold the same formulas.
func (p particle) sameAs(q particle) bool {
	for _, x := range q {
		if !p.has(x) {
			return false
		}
	}
	for _, x := range p {
		if !q.has(x) {
			return false
		}
	}
	return true
}

// with returns a copy of p with xs appended.
func (p particle) with(xs ...*liveExpr) particle {
	out := make(particle, len(p), len(p)+len(xs))
	copy(out, p)
	return append(out, xs...)
}

// fulfills reports whether the particle fulfills the promise <>F: it does not hold <>F, or it
// holds F.
func (p particle) fulfills(promise *liveExpr) bool {
	return !p.has(promise) || p.has(promise.body())
}

// triple is an alpha or beta rule: a stands for b and c (alpha) or for b or c (beta).
type triple struct{ a, b, c *liveExpr }

// newTableau builds the tableau of tf, a formula in positive form (negations on atoms only) with
// binary junctions and no action.
func newTableau(tf *liveExpr) *tableau {
	t := &tableau{}
	for _, p := range (particle{tf}).closure() {
		t.nodes = append(t.nodes, newTBNode(p))
	}
	t.initCnt = len(t.nodes)
	for i := 0; i < len(t.nodes); i++ {
		src := t.nodes[i]
		for _, p := range src.par.impliedSuccessors().closure() {
			src.next = append(src.next, t.findOrAdd(p))
		}
	}
	return t
}

func newTBNode(p particle) *tbNode {
	n := &tbNode{par: p}
	for _, x := range p {
		if x.level <= levelState {
			n.preds = append(n.preds, x)
		}
	}
	return n
}

func (t *tableau) findOrAdd(p particle) int {
	for i, n := range t.nodes {
		if n.par.sameAs(p) {
			return i
		}
	}
	t.nodes = append(t.nodes, newTBNode(p))
	return len(t.nodes) - 1
}

// impliedSuccessors returns F for every ()F of p: what p requires of the next state.
func (p particle) impliedSuccessors() particle {
	var out particle
	for _, x := range p {
		if x.kind == lnNext {
			out = append(out, x.body())
		}
	}
	return out
}

// closure returns every particle that contains the formulas of p (TBPar.particleClosure).
func (p particle) closure() []particle {
	pos := p.positiveClosure()
	var alphas, betas []triple
	for _, x := range pos {
		switch x.kind {
		case lnAll:
			alphas = append(alphas, triple{x, x.body(), liveNext(x)})
		case lnConj:
			alphas = append(alphas, triple{x, x.kids[0], x.kids[1]})
		case lnEven:
			betas = append(betas, triple{x, x.body(), liveNext(x)})
		case lnDisj:
			betas = append(betas, triple{x, x.kids[0], x.kids[1]})
		}
	}
	return particleClosure(p, alphas, betas)
}

func particleClosure(terms particle, alphas, betas []triple) []particle {
	if !terms.locallyConsistent() {
		return nil
	}
	// Alpha expansion, including of the formulas it adds.
	t1 := terms.with()
	for i := 0; i < len(t1); i++ {
		var k1, k2 *liveExpr
		switch x := t1[i]; x.kind {
		case lnAll:
			k1, k2 = x.body(), liveNext(x)
		case lnConj:
			k1, k2 = x.kids[0], x.kids[1]
		}
		if k1 == nil {
			continue
		}
		switch {
		case t1.has(k1):
			if !t1.has(k2) {
				t1 = append(t1, k2)
			}
		case t1.has(k2):
			t1 = append(t1, k1)
		default:
			t1 = append(t1, k1, k2)
		}
	}
	// Inverse alpha expansion: F and G give F /\ G, F and ()[]F give []F.
	for done := false; !done; {
		done = true
		for _, a := range alphas {
			if t1.has(a.b) && t1.has(a.c) && !t1.has(a.a) {
				t1 = append(t1, a.a)
				done = false
			}
		}
	}
	if len(t1) > len(terms) && !t1.locallyConsistent() {
		return nil
	}
	return particleClosureBeta(t1, alphas, betas)
}

func particleClosureBeta(terms particle, alphas, betas []triple) []particle {
	for _, x := range terms {
		var k1, k2 *liveExpr
		switch x.kind {
		case lnEven:
			k1, k2 = x.body(), liveNext(x)
		case lnDisj:
			k1, k2 = x.kids[0], x.kids[1]
		}
		if k1 != nil && !terms.has(k1) && !terms.has(k2) {
			ps1 := particleClosure(terms.with(k1), alphas, betas)
			ps2 := particleClosure(terms.with(k2), alphas, betas)
			return unionParticles(ps1, ps2)
		}
	}
	// Inverse beta expansion: F or ()<>F gives <>F, F or G gives F \/ G.
	for _, b := range betas {
		if (terms.has(b.b) || terms.has(b.c)) && !terms.has(b.a) {
			return particleClosure(terms.with(b.a), alphas, betas)
		}
	}
	return []particle{terms}
}

// unionParticles returns the particles of ps1 not in ps2, followed by ps2 (TBParVec.union).
func unionParticles(ps1, ps2 []particle) []particle {
	var out []particle
	for _, p := range ps1 {
		in := false
		for _, q := range ps2 {
			if p.sameAs(q) {
				in = true
				break
			}
		}
		if !in {
			out = append(out, p)
		}
	}
	return append(out, ps2...)
}

// locallyConsistent reports whether p holds no state predicate together with its negation.
func (p particle) locallyConsistent() bool {
	var pos, neg particle
	for _, x := range p {
		switch x.kind {
		case lnState, lnBool:
			pos = append(pos, x)
		case lnNeg:
			if b := x.body(); b.kind == lnState || b.kind == lnBool {
				neg = append(neg, b)
			}
		}
	}
	for _, x := range pos {
		if neg.has(x) {
			return false
		}
	}
	return true
}

// positiveClosure returns the subformulas of p that are not negations, with ()F for every []F
// and <>F among them.
func (p particle) positiveClosure() particle {
	todo := p.with()
	var out particle
	for len(todo) > 0 {
		x := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		switch x.kind {
		case lnNeg:
			todo = append(todo, x.body())
		case lnNext:
			out = append(out, x)
			todo = append(todo, x.body())
		case lnEven, lnAll:
			out = append(out, x, liveNext(x))
			todo = append(todo, x.body())
		case lnConj, lnDisj:
			todo = append(todo, x.kids...)
			out = append(out, x)
		default:
			out = append(out, x)
		}
	}
	return out
}
