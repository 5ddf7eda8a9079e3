package syntax

import (
	"strconv"
	"strings"

	"github.com/dsref/dsref/harness/tlaplus/ast"
)

// Proofs are parsed by the TLA+ 2 proof grammar so that a proof ends where SANY ends it (after
// its QED step's proof, or after the facts of a BY) and malformed proofs are refused, but nothing
// of them is kept: the engine does not check proofs, and ast.Proof records only their span.
//
//	Proof    ::= [PROOF] (BY [ONLY] UseBody | OBVIOUS | OMITTED | Step* QEDStep)
//	Step     ::= Label (USE|HIDE UseBody | DEFINE Def+ | Instance | Def | HAVE e | TAKE bounds |
//	             WITNESS e, ... | PICK bounds : e [Proof] | SUFFICES Statement [Proof] |
//	             CASE e [Proof] | Statement [Proof])
//	QEDStep  ::= Label QED [Proof]
//	UseBody  ::= [ONLY] fact, ... [DEF|DEFS name, ...] | DEF|DEFS name, ...

// parseTheorem parses `THEOREM [Name ==] statement [proof]`. An
// ASSUME ... PROVE statement and the proof are skipped.
func (p *parser) parseTheorem() *ast.Theorem {
	t := p.next()
	th := &ast.Theorem{Pos: p.at(t.pos), Keyword: t.text}
	if n := p.tok(); n.kind == tokIdent && p.peek(1).kind == tokSymbol && p.peek(1).text == "==" {
		th.Name = n.text
		p.next()
		p.next()
	}
	if p.isKw("ASSUME") {
		p.skipAssumeProve()
	} else {
		th.Expr = p.parseExpr()
	}
	if p.startsProof() {
		start := p.at(p.tok().pos)
		p.parseProof(0)
		th.Proof = &ast.Proof{Pos: start, End: p.at(p.tok().pos)}
	}
	return th
}

// skipAssumeProve skips `ASSUME ... PROVE e`, parsing e. ASSUME ... PROVE statements nest (an
// assumption may itself be one), so the PROVE of this one is the first that closes every
// ASSUME opened since.
func (p *parser) skipAssumeProve() {
	start := p.at(p.tok().pos)
	depth := 0
	for {
		t := p.tok()
		if t.kind == tokEOF || t.kind == tokEnd || t.kind == tokFence || t.kind == tokStep {
			p.failf(start, "ASSUME has no matching PROVE")
		}
		if t.kind == tokKeyword && t.text == "ASSUME" {
			depth++
		}
		if t.kind == tokKeyword && t.text == "PROVE" {
			if depth--; depth == 0 {
				break
			}
		}
		p.next()
	}
	p.next()
	p.parseExpr()
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

// stepLevel is the level of a step label: n for <n>..., -1 for <*> (the level of the steps
// around it) and 0 for <+> (one more than the enclosing step's). Beginning a proof, both are one
// more than the enclosing step's level; later in it, both are the level of its steps.
func stepLevel(label string) int {
	end := strings.IndexByte(label, '>')
	switch label[1:end] {
	case "*":
		return -1
	case "+":
		return 0
	}
	n, err := strconv.Atoi(label[1:end])
	if err != nil || n > 1<<20 {
		return 1 << 20
	}
	return n
}

// parseProof parses the proof of a statement at level parent (0 for a theorem).
func (p *parser) parseProof(parent int) {
	if p.isKw("PROOF") {
		p.next()
	}
	t := p.tok()
	switch {
	case t.kind == tokKeyword && t.text == "BY":
		p.next()
		p.parseUseBody(t)
	case t.kind == tokKeyword && (t.text == "OBVIOUS" || t.text == "OMITTED"):
		p.next()
	case t.kind == tokStep:
		level := stepLevel(t.text)
		switch {
		case level <= 0:
			level = parent + 1
		case level <= parent:
			p.failf(p.at(t.pos), "step %s begins the proof of a step at level %d: its level must be greater than %d", strings.TrimSuffix(t.text, "."), parent, parent)
		}
		p.parseSteps(level)
	default:
		p.fail(t, "a proof (BY, OBVIOUS, OMITTED or a step such as <1>1.)")
	}
}

// startsSubproof reports whether the current token begins the proof of a step at level: a
// proof keyword, <+>, or a step label of a greater level.
func (p *parser) startsSubproof(level int) bool {
	t := p.tok()
	if t.kind == tokStep {
		l := stepLevel(t.text)
		return l == 0 || l > level
	}
	return p.startsProof()
}

// parseSteps parses the steps of a proof at level, up to and including its QED step.
func (p *parser) parseSteps(level int) {
	for first := true; ; first = false {
		t := p.tok()
		if t.kind != tokStep {
			p.fail(t, "a step at level "+strconv.Itoa(level)+" (the proof ends with a QED step)")
		}
		if l := stepLevel(t.text); l > 0 && l != level && !first {
			if l > level {
				p.failf(p.at(t.pos), "step %s follows a step at level %d that already has its proof", strings.TrimSuffix(t.text, "."), level)
			}
			p.failf(p.at(t.pos), "step %s at level %d comes before the QED step of the proof at level %d", strings.TrimSuffix(t.text, "."), l, level)
		}
		p.next()
		if p.isKw("QED") {
			p.next()
			if p.startsSubproof(level) {
				p.parseProof(level)
			}
			return
		}
		p.parseStep(level)
	}
}

// parseStep parses the step after its label, with its proof if it has one.
func (p *parser) parseStep(level int) {
	t := p.tok()
	if t.kind == tokKeyword {
		switch t.text {
		case "USE", "HIDE":
			p.next()
			p.parseUseBody(t)
			return
		case "DEFINE":
			p.next()
			p.parseDefinition()
			for p.atDefinition() {
				p.parseDefinition()
			}
			return
		case "INSTANCE":
			p.parseInstance()
			return
		case "HAVE":
			p.next()
			p.parseExpr()
			return
		case "TAKE":
			p.next()
			p.parseQuantBounds()
			return
		case "WITNESS":
			p.next()
			p.parseExprList()
			return
		case "PICK":
			p.next()
			p.parseQuantBounds()
			p.expectSym(":")
			p.parseExpr()
		case "SUFFICES":
			p.next()
			p.parseStatement()
		case "CASE":
			p.next()
			p.parseExpr()
		default:
			p.parseStatement()
		}
	} else if p.atDefinition() {
		for p.atDefinition() {
			p.parseDefinition()
		}
		return
	} else {
		p.parseStatement()
	}
	if p.startsSubproof(level) {
		p.parseProof(level)
	}
}

// parseStatement parses an assertion: an expression or ASSUME ... PROVE.
func (p *parser) parseStatement() {
	if p.isKw("ASSUME") {
		p.skipAssumeProve()
		return
	}
	p.parseExpr()
}

// parseUseBody parses what follows BY, USE or HIDE (kw): [ONLY] facts and DEF names.
func (p *parser) parseUseBody(kw token) {
	if p.isKw("ONLY") {
		p.next()
	}
	if p.startsFact() {
		p.parseFact()
		for p.isSym(",") {
			p.next()
			p.parseFact()
		}
	}
	if p.isKw("DEF") || p.isKw("DEFS") {
		p.next()
		p.parseDefName()
		for p.isSym(",") {
			p.next()
			p.parseDefName()
		}
	}
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

// parseFact parses a fact of BY, USE or HIDE: a step name (<1>2, <1>2!1), MODULE M, or an
// expression (a theorem or assumption name, a formula, a backend pragma such as SMTT(10)).
func (p *parser) parseFact() {
	switch t := p.tok(); {
	case t.kind == tokKeyword && t.text == "MODULE":
		p.next()
		p.expectIdent()
	default:
		p.parseExpr()
	}
}

// skipSelectors skips the subexpression selectors after a step name: `!1`, `!<<`, `!:`.
func (p *parser) skipSelectors() {
	for p.isSym("!") {
		p.next()
		p.next()
	}
}

// parseDefName parses a name after DEF: an operator, an instance-qualified operator, an
// operator symbol, or MODULE M.
func (p *parser) parseDefName() {
	t := p.tok()
	switch {
	case t.kind == tokKeyword && t.text == "MODULE":
		p.next()
		p.expectIdent()
	case isInfixSymbol(t) || isPrefixSymbol(t) || (t.kind == tokSymbol && postfixOps[t.text]):
		p.next()
	default:
		p.parseName()
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
