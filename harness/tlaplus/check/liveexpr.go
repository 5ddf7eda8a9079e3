package check

import (
	"strings"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/eval"
)

// liveKind is the kind of a node of a liveness formula (TLC's LiveExprNode subclasses).
type liveKind uint8

const (
	lnBool   liveKind = iota // TRUE or FALSE
	lnState                  // a state predicate (an atom; ENABLED <<A>>_v for fairness)
	lnAction                 // an action (an atom; <<A>>_v for fairness)
	lnNeg                    // ~F
	lnConj                   // F /\ G /\ ...
	lnDisj                   // F \/ G \/ ...
	lnAll                    // []F
	lnEven                   // <>F
	lnNext                   // ()F, the next-state operator of the tableau construction only
)

// Levels of liveness formulas, as TLC's LevelConstants.
const (
	levelConstant = 0
	levelState    = 1
	levelAction   = 2
	levelTemporal = 3
)

// liveExpr is a temporal formula in the form TLC checks liveness with (tlc2.tool.liveness): the
// temporal operators [], <> and the boolean connectives over atoms, which are state predicates and
// actions evaluated by the evaluator. Nodes are immutable once built: the normal forms below
// build new nodes and share the atoms, so an atom duplicated by the disjunctive normal form is
// still one atom (TLC gives atoms tags for the same purpose).
type liveExpr struct {
	kind   liveKind
	b      bool      // lnBool
	atom   *liveAtom // lnState, lnAction
	kids   []*liveExpr
	level  int8
	action bool // contains an action atom
}

// liveAtom is a state predicate or an action of a liveness formula: the expression with the
// scope to evaluate it in. A fairness condition WF_v(A) or SF_v(A) gives two: the state
// predicate ENABLED <<A>>_v (enabled set, x being <<A>>_v) and the action <<A>>_v (sub being v, so
// that a step leaving v unchanged is not evaluated as A at all, as TLC's LNAction does).
type liveAtom struct {
	x       ast.Expr
	sc      *eval.Scope
	sub     ast.Expr // an action <<x>>_sub
	enabled bool     // a state predicate ENABLED x
	// unchangedSub is UNCHANGED sub, evaluated before x; subVars, when subVarsOK, are the state
	// variables sub is the tuple of, compared without evaluating.
	unchangedSub ast.Expr
	subVars      []int
	subVarsOK    bool
	// guard, for the action <<A>>_v of a fairness condition, is its state predicate ENABLED
	// <<A>>_v: in a state where it is false, no step satisfies <<A>>_v, which is then not
	// evaluated (see numberAtoms).
	guard *liveAtom
	// def, for the action <<A>>_v of a fairness condition or an action [A]_v (box), is the
	// definition A applies, when its values may be taken from the successors the search
	// enumerates (see livederive.go). A box atom's subVars are v's variables; its sub is nil, as
	// it is evaluated as the expression [A]_v.
	def *actionDef
	box bool
	// index is the atom's position among the plan's state predicates or actions (see livePlan).
	index int
}

func (a *liveAtom) String() string {
	var b strings.Builder
	if a.enabled {
		b.WriteString("ENABLED ")
	}
	if a.sub != nil {
		b.WriteString("<<")
		b.WriteString(exprText(a.x))
		b.WriteString(">>_")
		b.WriteString(exprText(a.sub))
		return b.String()
	}
	b.WriteString(exprText(a.x))
	return b.String()
}

var (
	liveTrue  = &liveExpr{kind: lnBool, b: true}
	liveFalse = &liveExpr{kind: lnBool, b: false}
)

func liveBool(b bool) *liveExpr {
	if b {
		return liveTrue
	}
	return liveFalse
}

func liveStateAtom(a *liveAtom) *liveExpr {
	return &liveExpr{kind: lnState, atom: a, level: levelState}
}

func liveActionAtom(a *liveAtom) *liveExpr {
	if a.sub != nil && a.unchangedSub == nil {
		a.unchangedSub = &ast.PrefixExpr{Pos: a.sub.Position(), Op: "UNCHANGED", X: a.sub}
	}
	return &liveExpr{kind: lnAction, atom: a, level: levelAction, action: true}
}

func liveNeg(x *liveExpr) *liveExpr {
	return &liveExpr{kind: lnNeg, kids: []*liveExpr{x}, level: x.level, action: x.action}
}

func liveAll(x *liveExpr) *liveExpr {
	return &liveExpr{kind: lnAll, kids: []*liveExpr{x}, level: levelTemporal, action: x.action}
}

func liveEven(x *liveExpr) *liveExpr {
	return &liveExpr{kind: lnEven, kids: []*liveExpr{x}, level: levelTemporal, action: x.action}
}

func liveNext(x *liveExpr) *liveExpr {
	return &liveExpr{kind: lnNext, kids: []*liveExpr{x}, level: levelTemporal, action: x.action}
}

// liveJunction returns the conjunction (or disjunction) of xs, flattening nested junctions of the
// same kind as TLC's addConj and addDisj do. It does not simplify: a junction of one is kept.
func liveJunction(kind liveKind, xs ...*liveExpr) *liveExpr {
	j := &liveExpr{kind: kind}
	for _, x := range xs {
		j.add(x)
	}
	return j
}

// add appends x to the junction j (flattening a junction of j's kind).
func (j *liveExpr) add(x *liveExpr) {
	if x.kind == j.kind {
		for _, k := range x.kids {
			j.add(k)
		}
		return
	}
	j.kids = append(j.kids, x)
	j.level = max(j.level, x.level)
	j.action = j.action || x.action
}

// body is the operand of a unary node.
func (x *liveExpr) body() *liveExpr { return x.kids[0] }

// isAtom reports whether x is a state predicate or an action.
func (x *liveExpr) isAtom() bool { return x.kind == lnState || x.kind == lnAction }

// equal reports whether x and y are the same formula: the same atoms (by identity), the same
// operators, the same operands in the same order (TLC's LiveExprNode.equals).
func (x *liveExpr) equal(y *liveExpr) bool {
	if x == y {
		return true
	}
	if x.kind != y.kind || len(x.kids) != len(y.kids) {
		return false
	}
	switch x.kind {
	case lnBool:
		return x.b == y.b
	case lnState, lnAction:
		return x.atom == y.atom
	}
	for i := range x.kids {
		if !x.kids[i].equal(y.kids[i]) {
			return false
		}
	}
	return true
}

// simplify removes the boolean constants junctions and negations can absorb, and collapses
// [][]F and <><>F (LiveExprNode.simplify).
func (x *liveExpr) simplify() *liveExpr {
	switch x.kind {
	case lnConj, lnDisj:
		absorbing := x.kind == lnDisj // TRUE absorbs a disjunction, FALSE a conjunction
		out := &liveExpr{kind: x.kind}
		for _, k := range x.kids {
			k = k.simplify()
			if k.kind == lnBool {
				if k.b == absorbing {
					return liveBool(absorbing)
				}
				continue
			}
			out.add(k)
		}
		switch len(out.kids) {
		case 0:
			return liveBool(!absorbing)
		case 1:
			return out.kids[0]
		}
		return out
	case lnNeg:
		b := x.body().simplify()
		if b.kind == lnBool {
			return liveBool(!b.b)
		}
		return liveNeg(b)
	case lnAll:
		b := x.body().simplify()
		if b.kind == lnAll {
			b = b.body()
		}
		return liveAll(b)
	case lnEven:
		b := x.body().simplify()
		if b.kind == lnEven {
			b = b.body()
		}
		return liveEven(b)
	}
	return x
}

// pushNeg returns ~x with the negation pushed down to the atoms by the rewriting rules of Manna
// and Pnueli that apply to TLA (LiveExprNode.pushNeg).
func (x *liveExpr) pushNeg() *liveExpr {
	switch x.kind {
	case lnConj, lnDisj:
		kind := lnDisj
		if x.kind == lnDisj {
			kind = lnConj
		}
		out := &liveExpr{kind: kind}
		for _, k := range x.kids {
			out.add(k.pushNeg())
		}
		return out
	case lnAll:
		return liveEven(x.body().pushNeg())
	case lnEven:
		return liveAll(x.body().pushNeg())
	case lnNeg:
		return x.body()
	case lnBool:
		return liveBool(!x.b)
	}
	return liveNeg(x)
}

// aeBody returns F if x is []<>F.
func (x *liveExpr) aeBody() *liveExpr {
	if x.kind == lnAll && x.body().kind == lnEven {
		return x.body().body()
	}
	return nil
}

// eaBody returns F if x is <>[]F.
func (x *liveExpr) eaBody() *liveExpr {
	if x.kind == lnEven && x.body().kind == lnAll {
		return x.body().body()
	}
	return nil
}

// toDNF brings x into disjunctive normal form at its top level, pushing negations in; []<>A1 \/
// []<>A2 becomes []<>(A1 \/ A2). Temporal operators are not looked into (LiveExprNode.toDNF).
func (x *liveExpr) toDNF() *liveExpr {
	switch x.kind {
	case lnNeg:
		b := x.body()
		if b.isAtom() {
			return x
		}
		if b.kind == lnBool {
			return liveBool(!b.b)
		}
		return b.pushNeg().toDNF()
	case lnConj:
		return x.conjToDNF()
	case lnDisj:
		ae := &liveExpr{kind: lnDisj}
		res := &liveExpr{kind: lnDisj}
		take := func(e *liveExpr) {
			if b := e.aeBody(); b != nil {
				ae.add(b)
			} else {
				res.add(e)
			}
		}
		for _, k := range x.kids {
			e := k.toDNF()
			if e.kind == lnDisj {
				for _, m := range e.kids {
					take(m)
				}
			} else {
				take(e)
			}
		}
		switch len(ae.kids) {
		case 0:
		case 1:
			res.add(liveAll(liveEven(ae.kids[0])))
		default:
			res.add(liveAll(liveEven(ae)))
		}
		return res
	}
	return x
}

// maxDNF bounds the disjunctive normal form's size: TLC refuses a formula whose normal form
// overflows an int; we refuse one long before it exhausts memory.
const maxDNF = 1 << 16

// conjToDNF distributes the conjunction x over the disjunctions among its (normalized)
// conjuncts, as LNConj.toDNF does, in the same order.
func (x *liveExpr) conjToDNF() *liveExpr {
	var nes []*liveExpr
	total := 1
	for _, k := range x.kids {
		e := k.toDNF()
		switch e.kind {
		case lnDisj:
			nes = append(nes, e)
			total *= len(e.kids)
			if total > maxDNF || total == 0 {
				if total == 0 {
					return liveFalse
				}
				panic(errDNFTooLarge)
			}
		case lnConj:
			nes = append(nes, e.kids...)
		default:
			nes = append(nes, e)
		}
	}
	if total == 1 {
		out := &liveExpr{kind: lnConj}
		for _, e := range nes {
			if e.kind == lnDisj { // a disjunction of one
				out.add(e.kids[0])
			} else {
				out.add(e)
			}
		}
		return out
	}
	res := make([]*liveExpr, total)
	for i := range res {
		res[i] = &liveExpr{kind: lnConj}
	}
	num, rCount := 1, total
	for _, e := range nes {
		if e.kind != lnDisj {
			for _, r := range res {
				r.add(e)
			}
			continue
		}
		n := len(e.kids)
		rCount /= n
		idx := 0
		for j := 0; j < num; j++ {
			for _, elem := range e.kids {
				for l := 0; l < rCount; l++ {
					res[idx].add(elem)
					idx++
				}
			}
		}
		num *= n
	}
	out := &liveExpr{kind: lnDisj}
	for _, r := range res {
		out.add(r)
	}
	return out
}

// flattenSingle replaces junctions of one operand by the operand and ~~F by F
// (flattenSingleJunctions).
func (x *liveExpr) flattenSingle() *liveExpr {
	switch x.kind {
	case lnConj, lnDisj:
		if len(x.kids) == 1 {
			return x.kids[0].flattenSingle()
		}
		out := &liveExpr{kind: x.kind}
		for _, k := range x.kids {
			out.add(k.flattenSingle())
		}
		return out
	case lnNeg:
		if x.body().kind == lnNeg {
			return x.body().body().flattenSingle()
		}
		return liveNeg(x.body().flattenSingle())
	case lnAll:
		return liveAll(x.body().flattenSingle())
	case lnEven:
		return liveEven(x.body().flattenSingle())
	}
	return x
}

// makeBinary splits every junction into a balanced tree of binary ones, for the tableau's
// alpha and beta triples (makeBinary). x holds no action.
func (x *liveExpr) makeBinary() *liveExpr {
	switch x.kind {
	case lnConj, lnDisj:
		if len(x.kids) == 1 {
			return x.kids[0].makeBinary()
		}
		mid := len(x.kids) / 2
		left := &liveExpr{kind: x.kind}
		right := &liveExpr{kind: x.kind}
		for i, k := range x.kids {
			if i < mid {
				left.add(k)
			} else {
				right.add(k)
			}
		}
		l, r := left.makeBinary(), right.makeBinary()
		out := &liveExpr{kind: x.kind, kids: []*liveExpr{l, r}}
		out.level = max(l.level, r.level)
		out.action = l.action || r.action
		return out
	case lnNeg:
		return liveNeg(x.body().makeBinary())
	case lnAll:
		return liveAll(x.body().makeBinary())
	case lnEven:
		return liveEven(x.body().makeBinary())
	}
	return x
}

// promises returns every <>F in x (its promises, in the tableau's terms), each once, in the
// order TLC's extractPromises finds them.
func (x *liveExpr) promises(out []*liveExpr) []*liveExpr {
	switch x.kind {
	case lnEven:
		found := false
		for _, p := range out {
			if p.equal(x) {
				found = true
				break
			}
		}
		if !found {
			out = append(out, x)
		}
		return x.body().promises(out)
	case lnAll, lnNeg, lnNext:
		return x.body().promises(out)
	case lnConj, lnDisj:
		for _, k := range x.kids {
			out = k.promises(out)
		}
	}
	return out
}

// atoms calls fn for every atom of x.
func (x *liveExpr) atoms(fn func(*liveAtom)) {
	if x.isAtom() {
		fn(x.atom)
		return
	}
	for _, k := range x.kids {
		k.atoms(fn)
	}
}

// String renders x for messages and tests, TLC's way: -F for a negation, []F, <>F, ()F.
func (x *liveExpr) String() string {
	var b strings.Builder
	x.write(&b)
	return b.String()
}

func (x *liveExpr) write(b *strings.Builder) {
	switch x.kind {
	case lnBool:
		if x.b {
			b.WriteString("TRUE")
		} else {
			b.WriteString("FALSE")
		}
	case lnState, lnAction:
		b.WriteString(x.atom.String())
	case lnNeg:
		b.WriteString("~")
		x.body().writeOperand(b)
	case lnAll:
		b.WriteString("[]")
		x.body().writeOperand(b)
	case lnEven:
		b.WriteString("<>")
		x.body().writeOperand(b)
	case lnNext:
		b.WriteString("()")
		x.body().writeOperand(b)
	case lnConj, lnDisj:
		op := ` /\ `
		if x.kind == lnDisj {
			op = ` \/ `
		}
		for i, k := range x.kids {
			if i > 0 {
				b.WriteString(op)
			}
			k.writeOperand(b)
		}
	}
}

func (x *liveExpr) writeOperand(b *strings.Builder) {
	if x.kind == lnConj || x.kind == lnDisj || x.isAtom() && !simpleText(x.atom) {
		b.WriteString("(")
		x.write(b)
		b.WriteString(")")
		return
	}
	x.write(b)
}

func simpleText(a *liveAtom) bool {
	if a.enabled || a.sub != nil {
		return false
	}
	switch ast.Unparen(a.x).(type) {
	case *ast.Ident, *ast.OpApp, *ast.Bool:
		return true
	}
	return false
}
