package check

import (
	"errors"
	"fmt"
	"strings"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/cfg"
	"github.com/dsref/dsref/harness/tlaplus/eval"
)

// livePlan is how a model's temporal PROPERTIES are checked, worked out when the model loads as
// TLC's Liveness.processLiveness works it out. A behavior of the specification violates the
// properties when it satisfies the fairness conditions F and the negation of some property P:
// the formula F /\ (~P1 \/ ~P2 \/ ...) is brought into disjunctive normal form, and each disjunct
// (a branch) is split into
//
//   - <>[]A conditions (ea): from some point on, every step satisfies A;
//   - []<>S conditions (aeState): infinitely many states satisfy the state predicate S;
//   - []<>A conditions (aeAction): infinitely many steps satisfy the action A;
//   - the rest, a temporal formula without actions (tf), checked with a tableau.
//
// Branches with the same tf share a solution (TLC's OrderOfSolution), whose tableau is built
// once; each branch is one of its possible error models (PossibleErrorModel). A branch is
// satisfiable, and the properties violated, when the product of the state graph and the
// tableau has a strongly connected component, reachable from an initial state, that follows
// only steps satisfying every ea condition, holds a state for every aeState condition and a step
// for every aeAction condition, and fulfils every promise of the tableau (see liveCheck).
type livePlan struct {
	// props are the liveness conjuncts of the PROPERTIES, for naming those a counterexample
	// violates, and fairness the temporal conjuncts of the specification.
	props    []liveProp
	fairness []*liveExpr
	// solutions are the groups of branches by tf.
	solutions []*liveSolution
	// branches counts the disjuncts (TLC's "satisfiability problem has N branches").
	branches int
	// stutterHint is TLC's warning after a stuttering counterexample when the specification has
	// no fairness.
	stutterHint string
	// unchecked are the liveness conjuncts of the PROPERTIES not checked, with why: those checked
	// under a fairness conjunct whose state predicates or actions use TLCGet or TLCSet, whose
	// values depend on the order TLC evaluates them in (see unsupported).
	unchecked []uncheckedProp
	// runDependent: a PROPERTY's state predicates or actions use TLCGet, TLCSet, JavaTime or
	// RandomElement. Their values depend on when they are evaluated, so the recorder evaluates
	// every atom when TLC does (see liveRecorder.end).
	runDependent bool
	// stateAtoms and actionAtoms are every atom the solutions evaluate, numbered by their index
	// field: state predicates are evaluated once per state, actions once per step.
	stateAtoms  []*liveAtom
	actionAtoms []*liveAtom
}

// liveProp is a liveness conjunct of a PROPERTY.
type liveProp struct {
	name string
	f    *liveExpr
}

// uncheckedProp is a liveness conjunct of a PROPERTY the checker does not check, and why.
type uncheckedProp struct {
	name, why string
}

// runDependence is why the fairness of a specification reading TLCGet or TLCSet is not checked
// (nor any PROPERTY under it): TLC evaluates its state predicates while it searches, so their
// values depend on how far the search has got. A PROPERTY reading them is checked, its atoms
// evaluated when TLC evaluates them (livePlan.runDependent): the trace-validation idiom
// [](l <= Len(T) => [](TLCGet("queue") > 0 \/ l > Len(T))) relies on TLC's queue at that moment.
const runDependence = "it uses TLCGet, TLCSet, JavaTime or RandomElement, whose values depend on when TLC evaluates it during its search"

// unsupported returns why x cannot be checked, or "".
func (t *liveTranslator) unsupported(x *liveExpr) string {
	why := ""
	x.atoms(func(a *liveAtom) {
		if why == "" && t.spec.DependsOnRun(a.x, a.sc) {
			why = runDependence
		}
	})
	return why
}

// liveSolution is a group of branches sharing their temporal formula (tf).
type liveSolution struct {
	// tab is the tableau of tf, nil if the branches have none: the behavior graph is then the
	// state graph itself.
	tab      *tableau
	promises []*liveExpr
	// checkState are the []<>S conditions of the branches (state formulas), checkAction their
	// <>[]A and []<>A conditions (action formulas, whose state predicates are about the step's
	// first state).
	checkState  []*liveExpr
	checkAction []*liveExpr
	pems        []livePEM
}

// livePEM is one branch: indices into its solution's checkAction (ea, aeAction) and checkState
// (aeState).
type livePEM struct {
	ea, aeState, aeAction []int
	// The same as bit masks over checkAction (ea, aeAction) and checkState (aeState), for the
	// conditions' values worked out once per solution (see productGraph).
	eaMask, aeStateMask, aeActionMask []uint64
}

// setMasks fills in the branch's masks for a solution of ns []<>S and na action conditions.
func (p *livePEM) setMasks(ns, na int) {
	mask := func(n int, idx []int) []uint64 {
		m := make([]uint64, words(n))
		for _, i := range idx {
			setBit(m, i)
		}
		return m
	}
	p.eaMask, p.aeActionMask, p.aeStateMask = mask(na, p.ea), mask(na, p.aeAction), mask(ns, p.aeState)
}

// covers reports whether every bit of mask is set in ws.
func covers(ws, mask []uint64) bool {
	for i, m := range mask {
		if ws[i]&m != m {
			return false
		}
	}
	return true
}

var errDNFTooLarge = errors.New("its disjunctive normal form has more than 65536 branches")

// errLiveFormat is TLC's TLC_LIVE_WRONG_FORMULA_FORMAT.
var errLiveFormat = errors.New("temporal formulas containing actions must be of the forms <>[]A or []<>A")

// translateError is the error of translating the formula what names: a formula TLC cannot
// check either is a LoadError; an expansion that does not end stays a StackOverflowError, which
// TLC reports as such (EC.SYSTEM_STACK_OVERFLOW), not as a formula it cannot handle.
func translateError(what string, err error) error {
	if so, ok := err.(*StackOverflowError); ok {
		return &StackOverflowError{Where: what + ": " + so.Where}
	}
	return loadErrorf("%s: %v", what, err)
}

// newLivePlan works out the plan for the fairness conjuncts of the specification and the
// liveness conjuncts of the PROPERTIES; it returns nil when there is no property to check.
func newLivePlan(t *liveTranslator, fairness, checks []namedExpr) (plan *livePlan, err error) {
	if len(checks) == 0 {
		return nil, nil
	}
	plan = &livePlan{}
	conj := &liveExpr{kind: lnConj}
	fairnessWhy := ""
	for _, f := range fairness {
		x, err := t.translate(f.x, f.sc)
		if err != nil {
			return nil, translateError("the specification's temporal conjunct", err)
		}
		if why := t.unsupported(x); why != "" && fairnessWhy == "" {
			fairnessWhy = "the specification's temporal conjunct at " + f.x.Position().String() + " is not checked: " + why
		}
		conj.add(x)
		plan.fairness = append(plan.fairness, x)
	}
	negs := &liveExpr{kind: lnDisj}
	for _, c := range checks {
		x, err := t.translate(c.x, c.sc)
		if err != nil {
			return nil, translateError("PROPERTY "+c.name, err)
		}
		if fairnessWhy != "" {
			plan.unchecked = append(plan.unchecked, uncheckedProp{name: c.name, why: fairnessWhy})
			continue
		}
		if t.unsupported(x) != "" {
			plan.runDependent = true
		}
		plan.props = append(plan.props, liveProp{name: c.name, f: x})
		negs.kids = append(negs.kids, liveNeg(x))
		negs.level = max(negs.level, x.level)
		negs.action = negs.action || x.action
	}
	switch len(negs.kids) {
	case 0:
		return plan, nil // nothing checkable
	case 1:
		conj.add(negs.kids[0])
	default:
		conj.kids = append(conj.kids, negs)
		conj.level = max(conj.level, negs.level)
		conj.action = conj.action || negs.action
	}
	var lexpr *liveExpr = conj
	if len(conj.kids) == 1 {
		lexpr = conj.kids[0]
	}
	defer func() {
		if r := recover(); r != nil {
			if r != errDNFTooLarge {
				panic(r)
			}
			plan, err = nil, loadErrorf("PROPERTIES %s: cannot check the temporal properties: %v", propNames(checks), errDNFTooLarge)
		}
	}()
	lexpr = lexpr.simplify().toDNF()
	if lexpr.kind == lnBool && !lexpr.b {
		// The negation is unsatisfiable: no behavior can violate the properties.
		return plan, nil
	}
	dnf := lexpr
	if dnf.kind != lnDisj {
		dnf = &liveExpr{kind: lnDisj, kids: []*liveExpr{lexpr}}
	}
	plan.branches = len(dnf.kids)
	type branch struct {
		ea, aeState, aeAction []*liveExpr
		tf                    *liveExpr
	}
	branches := make([]branch, len(dnf.kids))
	for i, d := range dnf.kids {
		ln := d.flattenSingle()
		parts := []*liveExpr{ln}
		if ln.kind == lnConj {
			parts = ln.kids
		}
		var tfs []*liveExpr
		for _, p := range parts {
			if b := p.eaBody(); b != nil && b.level < levelTemporal {
				branches[i].ea = append(branches[i].ea, b)
				continue
			}
			if b := p.aeBody(); b != nil && b.level <= levelAction {
				if b.level <= levelState {
					branches[i].aeState = append(branches[i].aeState, b)
				} else {
					branches[i].aeAction = append(branches[i].aeAction, b)
				}
				continue
			}
			if p.action {
				return nil, loadErrorf("PROPERTIES %s: cannot check %s: %v", propNames(checks), p, errLiveFormat)
			}
			tfs = append(tfs, p)
		}
		switch len(tfs) {
		case 0:
		case 1:
			branches[i].tf = tfs[0]
		default:
			branches[i].tf = liveJunction(lnConj, tfs...)
		}
	}
	// Branches with the same tf share a solution.
	var tfbin []*liveExpr
	var groups [][]int
	for i, b := range branches {
		found := -1
		for j, tf := range tfbin {
			if (tf == nil && b.tf == nil) || (tf != nil && b.tf != nil && tf.equal(b.tf)) {
				found = j
				break
			}
		}
		if found < 0 {
			found = len(tfbin)
			tfbin = append(tfbin, b.tf)
			groups = append(groups, nil)
		}
		groups[found] = append(groups[found], i)
	}
	for g, tf := range tfbin {
		sol := &liveSolution{}
		if tf != nil {
			tf1 := tf.makeBinary()
			sol.tab = newTableau(tf1)
			sol.promises = tf1.promises(nil)
		}
		for _, i := range groups[g] {
			b := branches[i]
			sol.pems = append(sol.pems, livePEM{
				ea:       addToBin(&sol.checkAction, b.ea),
				aeState:  addToBin(&sol.checkState, b.aeState),
				aeAction: addToBin(&sol.checkAction, b.aeAction),
			})
		}
		for i := range sol.pems {
			sol.pems[i].setMasks(len(sol.checkState), len(sol.checkAction))
		}
		plan.solutions = append(plan.solutions, sol)
	}
	plan.numberAtoms()
	return plan, nil
}

// addToBin returns the index in bin of each of xs, appending those not there yet.
func addToBin(bin *[]*liveExpr, xs []*liveExpr) []int {
	out := make([]int, len(xs))
	for i, x := range xs {
		out[i] = -1
		for j, y := range *bin {
			if x.equal(y) {
				out[i] = j
				break
			}
		}
		if out[i] < 0 {
			*bin = append(*bin, x)
			out[i] = len(*bin) - 1
		}
	}
	return out
}

// numberAtoms numbers every atom the solutions evaluate.
func (p *livePlan) numberAtoms() {
	seen := map[*liveAtom]bool{}
	add := func(a *liveAtom, kind liveKind) {
		if seen[a] {
			return
		}
		seen[a] = true
		if kind == lnState {
			a.index = len(p.stateAtoms)
			p.stateAtoms = append(p.stateAtoms, a)
		} else {
			a.index = len(p.actionAtoms)
			p.actionAtoms = append(p.actionAtoms, a)
		}
	}
	var walk func(x *liveExpr)
	walk = func(x *liveExpr) {
		if x.isAtom() {
			add(x.atom, x.kind)
			return
		}
		for _, k := range x.kids {
			walk(k)
		}
	}
	for _, s := range p.solutions {
		for _, x := range s.checkState {
			walk(x)
		}
		for _, x := range s.checkAction {
			walk(x)
		}
		if s.tab != nil {
			for _, n := range s.tab.nodes {
				for _, x := range n.preds {
					walk(x)
				}
			}
		}
	}
	// A guard that is evaluated anyway spares evaluating its action where it is false.
	for _, a := range p.actionAtoms {
		if a.guard != nil && !seen[a.guard] {
			a.guard = nil
		}
	}
}

// names lists the PROPERTIES with a liveness conjunct checked, each once.
func (p *livePlan) names() []string {
	var out []string
	for _, pr := range p.props {
		if len(out) == 0 || out[len(out)-1] != pr.name {
			out = append(out, pr.name)
		}
	}
	return out
}

// uncheckedNames lists the PROPERTIES with a liveness conjunct not checked, each once, with why.
func (p *livePlan) uncheckedNames() ([]string, map[string]string) {
	var out []string
	why := map[string]string{}
	for _, u := range p.unchecked {
		if _, ok := why[u.name]; !ok {
			out = append(out, u.name)
			why[u.name] = u.why
		}
	}
	return out, why
}

func propNames(checks []namedExpr) string {
	var names []string
	for _, c := range checks {
		if len(names) == 0 || names[len(names)-1] != c.name {
			names = append(names, c.name)
		}
	}
	return strings.Join(names, ", ")
}

// describe renders the plan, for tests and debugging.
func (p *livePlan) describe() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d branches, %d solutions\n", p.branches, len(p.solutions))
	for i, s := range p.solutions {
		fmt.Fprintf(&b, "solution %d:", i)
		if s.tab != nil {
			fmt.Fprintf(&b, " tableau %d nodes (%d initial), promises", len(s.tab.nodes), s.tab.initCnt)
			for _, pr := range s.promises {
				fmt.Fprintf(&b, " %s", pr)
			}
		}
		b.WriteString("\n")
		for j, pem := range s.pems {
			fmt.Fprintf(&b, "  branch %d:", j)
			for _, k := range pem.ea {
				fmt.Fprintf(&b, " <>[](%s)", s.checkAction[k])
			}
			for _, k := range pem.aeState {
				fmt.Fprintf(&b, " []<>(%s)", s.checkState[k])
			}
			for _, k := range pem.aeAction {
				fmt.Fprintf(&b, " []<>(%s)", s.checkAction[k])
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

// warnings are what TLC warns about a configuration checking temporal properties, and what the
// checker adds: SYMMETRY may hide violations or show spurious ones, and a CONSTRAINT cuts the
// behaviors that leave it.
func (p *livePlan) warnings(conf *cfg.Config) []string {
	var out []string
	if conf.Symmetry != nil {
		out = append(out, "Declaring symmetry during liveness checking is dangerous. It might cause TLC to miss violations of the stated liveness properties. Please check liveness without symmetry defined.")
	}
	if len(conf.Constraints) > 0 || len(conf.ActionConstraints) > 0 {
		out = append(out, fmt.Sprintf("PROPERTIES %s are checked on the behaviors within the CONSTRAINT and ACTION_CONSTRAINT only, as TLC checks them: a step leaving the model is no step of the behavior graph, so a state whose successors all leave it can only stutter there, which fairness often excludes; a violation outside the model is not found.", strings.Join(p.names(), ", ")))
	}
	return out
}

// stutterHint is TLC's warning after a stuttering counterexample of a specification without
// fairness (TLC_CONFIG_NO_SPEC_BUT_PROPERTY, TLC_CONFIG_NO_FAIRNESS_BUT_LIVE_PROPERTY).
func stutterHint(spec *eval.Spec, conf *cfg.Config) string {
	const book = "(compare Chapter 8, page 87ff of Specifying Systems at https://lamport.azurewebsites.net/tla/book.html)."
	if conf.Specification == nil {
		return "The stuttering counterexample above may be caused by the absence of a behavior specification (SPECIFICATION). Only INIT and NEXT have been provided, so TLC permits infinite stuttering. To rule out such counterexamples, use SPECIFICATION Spec, with Spec asserting a suitable fairness constraint " + book
	}
	name := conf.Specification.Name
	where := ""
	if op, ok := spec.Definition(name); ok && op.Body() != nil {
		where = " defined at " + ast.Location(op.Body(), spec.ModuleOf(op.Body().Position()))
	}
	return fmt.Sprintf("The stuttering counterexample above may be caused by the absence of a fairness constraint in the behavior specification %s%s. To rule out such counterexamples, conjoin a suitable fairness constraint to %s %s", name, where, name, book)
}
