package syntax

import (
	"strconv"
	"strings"

	"github.com/dsref/dsref/harness/tlaplus/ast"
)

// Proofs are parsed by the TLA+ 2 proof grammar so that a proof ends where SANY ends it (after
// its QED step's proof, or after the facts of a BY) and malformed proofs are refused. They are
// kept (ast.Proof, ast.Step, ast.Use, ast.AssumeProve) so that the semantic check resolves the
// names they use, as SANY does; the engine proves nothing.
//
//	Proof    ::= [PROOF] (BY [ONLY] UseBody | OBVIOUS | OMITTED | Step* QEDStep)
//	Step     ::= Label (USE|HIDE UseBody | DEFINE Def+ | Instance | Def | HAVE e | TAKE bounds |
//	             WITNESS e, ... | PICK bounds : e [Proof] | SUFFICES Statement [Proof] |
//	             CASE e [Proof] | Statement [Proof])
//	QEDStep  ::= Label QED [Proof]
//	UseBody  ::= [ONLY] fact, ... [DEF|DEFS name, ...] | DEF|DEFS name, ...

// parseTheorem parses `THEOREM [Name ==] statement [proof]`.
func (p *parser) parseTheorem() *ast.Theorem {
	t := p.next()
	th := &ast.Theorem{Pos: p.at(t.pos), Keyword: t.text}
	if n := p.tok(); n.kind == tokIdent && p.peek(1).kind == tokSymbol && p.peek(1).text == "==" {
		th.Name = n.text
		p.next()
		p.next()
	}
	if p.isKw("ASSUME") {
		th.Assume = p.parseAssumeProve()
	} else {
		th.Expr = p.parseExpr()
	}
	if p.startsProof() {
		th.Proof = p.parseProof(theoremLevel)
	}
	return th
}

// parseAssumeProve parses `ASSUME a, b, ... PROVE e`; an assumption is a declaration (`NEW x \in
// S`, `CONSTANT F(_)`, `VARIABLE v`, ...), a formula, or a nested ASSUME ... PROVE.
func (p *parser) parseAssumeProve() *ast.AssumeProve {
	t := p.expectKw("ASSUME")
	ap := &ast.AssumeProve{Pos: p.at(t.pos)}
	for {
		ap.Assumptions = append(ap.Assumptions, p.parseAssumption())
		if !p.isSym(",") {
			break
		}
		p.next()
	}
	if !p.isKw("PROVE") {
		p.failf(ap.Pos, "ASSUME has no matching PROVE")
	}
	p.next()
	ap.Prove = p.parseExpr()
	return ap
}

// declKinds are the keywords that declare a name in an ASSUME, after NEW or alone.
var declKinds = map[string]string{"CONSTANT": "CONSTANT", "CONSTANTS": "CONSTANT", "VARIABLE": "VARIABLE",
	"VARIABLES": "VARIABLE", "STATE": "STATE", "ACTION": "ACTION", "TEMPORAL": "TEMPORAL"}

func (p *parser) parseAssumption() *ast.Assumption {
	t := p.tok()
	a := &ast.Assumption{Pos: p.at(t.pos)}
	if t.kind == tokIdent && p.peekIs(1, tokSymbol, "::") && p.peekIs(2, tokKeyword, "ASSUME") {
		// A labelled nested ASSUME ... PROVE (tla+.jj's AssumeProve: `lab :: ASSUME P PROVE Q`
		// as an assumption); a label of a formula is part of the expression.
		p.next()
		p.next()
		a.Label = t.text
		a.Assume = p.parseAssumeProve()
		return a
	}
	if t.kind != tokKeyword {
		a.Expr = p.parseExpr()
		return a
	}
	if t.text == "ASSUME" {
		a.Assume = p.parseAssumeProve()
		return a
	}
	kind, isDecl := declKinds[t.text]
	if t.text == "NEW" {
		p.next()
		kind = "CONSTANT"
		if k, ok := declKinds[p.tok().text]; ok && p.tok().kind == tokKeyword {
			kind = k
			p.next()
		}
	} else if isDecl {
		p.next()
	} else {
		a.Expr = p.parseExpr()
		return a
	}
	d := p.parseOpDecl()
	a.New = &ast.NewDecl{Pos: d.Pos, Kind: kind, Name: d.Name, Arity: d.Arity}
	if p.isSym(`\in`) {
		p.next()
		a.New.In = p.parseExpr()
	}
	return a
}

// startsProof reports whether the current token begins a proof: a proof
// keyword or a step label such as <1>2. or <+>.
func (p *parser) startsProof() bool {
	t := p.tok()
	if t.kind == tokKeyword {
		switch t.text {
		case "PROOF", "BY", "OBVIOUS", "OMITTED":
			return true
		}
	}
	return p.atStepLabel()
}

func (p *parser) atStepLabel() bool {
	return p.tok().kind == tokStep
}

// stepLevel is the level of a step label: n for <n>..., levelStar for <*> (the level of the
// steps around it) and levelPlus for <+> (one more than the enclosing step's). Beginning a
// proof, both are one more than the enclosing step's level; later in it, <*> is the level of its
// steps. As in SANY (tla+.jj's correctLevel), a theorem's proof is inside level -1, so its steps
// may be written <0> and a <*> or <+> beginning it is level 0.
func stepLevel(label string) int {
	end := strings.IndexByte(label, '>')
	switch label[1:end] {
	case "*":
		return levelStar
	case "+":
		return levelPlus
	}
	n, err := strconv.Atoi(label[1:end])
	if err != nil || n > 1<<20 {
		return 1 << 20
	}
	return n
}

// The levels stepLevel gives <*> and <+>; explicit levels are 0 or more.
const (
	levelStar = -1
	levelPlus = -2
)

// theoremLevel is the level a theorem's proof is inside of (SANY's empty proof-level stack).
const theoremLevel = -1

// parseProof parses the proof of a statement at level parent (theoremLevel for a theorem).
func (p *parser) parseProof(parent int) *ast.Proof {
	pr := &ast.Proof{Pos: p.at(p.tok().pos)}
	if p.isKw("PROOF") {
		p.next()
	}
	t := p.tok()
	switch {
	case t.kind == tokKeyword && t.text == "BY":
		p.next()
		pr.By = p.parseUseBody(t)
	case t.kind == tokKeyword && (t.text == "OBVIOUS" || t.text == "OMITTED"):
		p.next()
	case t.kind == tokStep:
		level := stepLevel(t.text)
		switch {
		case level < 0:
			level = parent + 1
		case level <= parent:
			p.failf(p.at(t.pos), "step %s begins the proof of a step at level %d: its level must be greater than %d", strings.TrimRight(t.text, "."), parent, parent)
		}
		pr.Steps = p.parseSteps(level)
	default:
		p.fail(t, "a proof (BY, OBVIOUS, OMITTED or a step such as <1>1.)")
	}
	pr.End = p.at(p.tok().pos)
	return pr
}

// startsSubproof reports whether the current token begins the proof of a step at level: a
// proof keyword, <+>, or a step label of a greater level.
func (p *parser) startsSubproof(level int) bool {
	t := p.tok()
	if t.kind == tokStep {
		l := stepLevel(t.text)
		return l == levelPlus || l > level
	}
	return p.startsProof()
}

// parseSteps parses the steps of a proof at level, up to and including its QED step.
func (p *parser) parseSteps(level int) []*ast.Step {
	start := len(p.steps)
	p.levels = append(p.levels, level)
	defer func() { p.levels = p.levels[:len(p.levels)-1] }()
	for first := true; ; first = false {
		t := p.tok()
		if t.kind != tokStep {
			p.fail(t, "a step at level "+strconv.Itoa(level)+" (the proof ends with a QED step)")
		}
		if l := stepLevel(t.text); l >= 0 && l != level && !first {
			if l > level {
				p.failf(p.at(t.pos), "step %s follows a step at level %d that already has its proof", strings.TrimRight(t.text, "."), level)
			}
			p.failf(p.at(t.pos), "step %s at level %d comes before the QED step of the proof at level %d", strings.TrimRight(t.text, "."), l, level)
		}
		p.next()
		st := &ast.Step{Pos: p.at(t.pos), Name: canonicalStep(stepName(t.text), level)}
		p.steps = append(p.steps, st)
		if p.isKw("QED") {
			p.next()
			st.Kind = "QED"
			if p.startsSubproof(level) {
				st.Proof = p.parseProof(level)
			}
			return popList(&p.steps, start)
		}
		p.parseStep(st, level)
	}
}

// stepRef is the step name a step label used in an expression or as a fact denotes: <1>a for
// <1>a, and for <*>a and <+>a the step a of the level of the proof being parsed, as SANY's
// parser rewrites them (tla+.jj's correctedStepNum: `<1>b QED BY <*>a` cites <1>a). Outside
// a proof's steps that level is the theorem's, whose proof has no steps in scope.
func (p *parser) stepRef(label string) string {
	level := theoremLevel
	if n := len(p.levels); n > 0 {
		level = p.levels[n-1]
	}
	return canonicalStep(label, level)
}

// canonicalStep is the name SANY's parser gives the step label name (without its dots) in a
// proof at level: <*>a and <+>a become <level>a, and a written level loses its leading zeros
// (<01>a is <1>a) (tla+.jj's correctedStepNum, applied to the labels of named steps and to
// step names in expressions and facts alike). "" (an unnamed step) stays "".
func canonicalStep(name string, level int) string {
	if name == "" {
		return ""
	}
	end := strings.IndexByte(name, '>')
	switch l := stepLevel(name); {
	case l == levelStar || l == levelPlus:
		return "<" + strconv.Itoa(level) + name[end:]
	case l < 1<<20 && name[1] == '0' && end > 2:
		return "<" + strconv.Itoa(l) + name[end:]
	}
	return name
}

// stepName is the name a step label gives its step: `<1>2` for `<1>2.`, `<1>2...` or `<1>2`,
// "" for the unnamed `<1>.`, `<1>`, `<+>` and `<*>`.
func stepName(label string) string {
	name := strings.TrimRight(label, ".")
	if strings.HasSuffix(name, ">") {
		return ""
	}
	return name
}

// parseStep parses the step after its label into st, with its proof if it has one.
func (p *parser) parseStep(st *ast.Step, level int) {
	t := p.tok()
	if t.kind == tokKeyword {
		switch t.text {
		case "USE", "HIDE":
			st.Kind = t.text
			p.next()
			st.Use = p.parseUseBody(t)
			return
		case "DEFINE":
			st.Kind = t.text
			p.next()
			st.Defs = append(st.Defs, p.parseDefinition())
			for p.atDefinition() {
				st.Defs = append(st.Defs, p.parseDefinition())
			}
			return
		case "INSTANCE":
			st.Kind = t.text
			st.Defs = append(st.Defs, p.parseInstance())
			return
		case "HAVE":
			st.Kind = t.text
			p.next()
			st.Exprs = []ast.Expr{p.parseExpr()}
			return
		case "TAKE":
			st.Kind = t.text
			p.next()
			st.Bounds = p.parseQuantBounds()
			return
		case "WITNESS":
			st.Kind = t.text
			p.next()
			st.Exprs = p.parseExprList()
			return
		case "PICK":
			st.Kind = t.text
			p.next()
			st.Bounds = p.parseQuantBounds()
			p.expectSym(":")
			st.Exprs = []ast.Expr{p.parseExpr()}
		case "SUFFICES":
			st.Kind = t.text
			p.next()
			p.parseStatement(st)
		case "CASE":
			st.Kind = t.text
			p.next()
			st.Exprs = []ast.Expr{p.parseExpr()}
		default:
			p.parseStatement(st)
		}
	} else if p.atDefinition() {
		st.Kind = "DEFINE"
		for p.atDefinition() {
			st.Defs = append(st.Defs, p.parseDefinition())
		}
		return
	} else {
		p.parseStatement(st)
	}
	if p.startsSubproof(level) {
		st.Proof = p.parseProof(level)
	}
}

// parseStatement parses the assertion of st: an expression or ASSUME ... PROVE.
func (p *parser) parseStatement(st *ast.Step) {
	if p.isKw("ASSUME") {
		st.Assume = p.parseAssumeProve()
		return
	}
	st.Exprs = []ast.Expr{p.parseExpr()}
}

// parseUseBody parses what follows BY, USE or HIDE (kw): [ONLY] facts and DEF names.
func (p *parser) parseUseBody(kw token) *ast.Use {
	u := &ast.Use{Pos: p.at(kw.pos)}
	if p.isKw("ONLY") {
		u.Only = true
		p.next()
	}
	if p.startsFact() {
		start := len(p.exprs)
		p.parseFact(u)
		for p.isSym(",") {
			p.next()
			p.parseFact(u)
		}
		u.Facts = popList(&p.exprs, start)
	}
	if p.isKw("DEF") || p.isKw("DEFS") {
		p.next()
		start := len(p.exprs)
		p.parseDefName(u)
		for p.isSym(",") {
			p.next()
			p.parseDefName(u)
		}
		u.Defs = popList(&p.exprs, start)
	}
	return u
}

// startsFact reports whether a fact follows: BY may have none (`BY DEF Foo`, a bare `BY`
// before the next step or unit).
func (p *parser) startsFact() bool {
	t := p.tok()
	switch t.kind {
	case tokEOF, tokEnd, tokSep, tokFence:
		return false
	case tokStep:
		// <1>2 is a fact; <1>2. and <1> begin the next step.
		return !strings.HasSuffix(t.text, ".") && !strings.HasSuffix(t.text, ">")
	case tokKeyword:
		switch t.text {
		case "DEF", "DEFS", "THEOREM", "LEMMA", "PROPOSITION", "COROLLARY", "AXIOM", "ASSUME",
			"ASSUMPTION", "VARIABLE", "VARIABLES", "CONSTANT", "CONSTANTS", "RECURSIVE", "LOCAL",
			"INSTANCE", "USE", "HIDE", "PROOF", "BY", "OBVIOUS", "OMITTED", "QED":
			return false
		}
	}
	return !p.atDefinition()
}

// parseFact parses a fact of BY, USE or HIDE onto p.exprs (or u.Modules): a step name (<1>2, <1>2!1), MODULE M, or an
// expression (a theorem or assumption name, a formula, a backend pragma such as SMTT(10)).
func (p *parser) parseFact(u *ast.Use) {
	switch t := p.tok(); {
	case t.kind == tokKeyword && t.text == "MODULE":
		p.next()
		u.Modules = append(u.Modules, p.expectIdent())
	default:
		e := p.parseExpr()
		p.exprs = append(p.exprs, e)
	}
}

// parseDefName parses a name after DEF onto p.exprs (or u.Modules): an operator, an instance-qualified operator, an
// operator symbol, or MODULE M.
func (p *parser) parseDefName(u *ast.Use) {
	t := p.tok()
	switch {
	case t.kind == tokKeyword && t.text == "MODULE":
		p.next()
		u.Modules = append(u.Modules, p.expectIdent())
	case isInfixSymbol(t) || isPrefixSymbol(t) || (t.kind == tokSymbol && postfixOps[t.text]):
		p.next()
		name := t.text
		if isPrefixSymbol(t) && !isInfixSymbol(t) {
			name = prefixName(t.text)
		}
		p.exprs = append(p.exprs, &ast.Ident{Pos: p.at(t.pos), Name: name})
	default:
		e := p.parseName()
		p.exprs = append(p.exprs, e)
	}
}

// atDefinition reports whether the tokens ahead begin a definition: `F ==`, `F(...) ==`,
// `f[...] ==`, `a + b ==`, `-. a ==` or `a ^+ ==`.
func (p *parser) atDefinition() bool {
	t := p.tok()
	switch {
	case t.kind == tokIdent:
		n := p.peek(1)
		switch {
		case n.kind == tokSymbol && n.text == "==":
			return true
		case n.kind == tokSymbol && (n.text == "(" || n.text == "["):
			close := map[string]string{"(": ")", "[": "]"}[n.text]
			depth := 0
			for k := 1; ; k++ {
				x := p.peek(k)
				if x.kind == tokEOF || x.kind == tokEnd || x.kind == tokStep {
					return false
				}
				if x.kind != tokSymbol {
					continue
				}
				switch x.text {
				case n.text:
					depth++
				case close:
					if depth--; depth == 0 {
						return p.peekIs(k+1, tokSymbol, "==")
					}
				}
			}
		case n.kind == tokSymbol && postfixOps[n.text]:
			return p.peekIs(2, tokSymbol, "==")
		case isInfixSymbol(n):
			return p.peek(2).kind == tokIdent && p.peekIs(3, tokSymbol, "==")
		}
	case isPrefixSymbol(t):
		return p.peek(1).kind == tokIdent && p.peekIs(2, tokSymbol, "==")
	}
	return false
}
