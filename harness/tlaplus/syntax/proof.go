package syntax

import "github.com/dsref/dsref/harness/tlaplus/ast"

// proofKeywords begin a proof or a proof step; a skipped proof continues
// across them even at column 1.
var proofKeywords = map[string]bool{
	"PROOF": true, "BY": true, "OBVIOUS": true, "OMITTED": true, "QED": true,
	"USE": true, "HIDE": true, "DEF": true, "DEFS": true, "ONLY": true,
	"HAVE": true, "TAKE": true, "WITNESS": true, "PICK": true, "SUFFICES": true,
	"DEFINE": true, "CASE": true, "PROVE": true, "NEW": true,
}

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
		// ASSUME ... PROVE statements nest (an assumption may itself be one), so the PROVE
		// of this one is the first that closes every ASSUME opened since.
		start := p.at(p.tok().pos)
		depth := 0
		for {
			t := p.tok()
			if t.kind == tokEOF || t.kind == tokEnd || t.kind == tokFence {
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
	} else {
		th.Expr = p.parseExpr()
	}
	if p.startsProof() {
		start := p.at(p.tok().pos)
		p.skipProofTokens()
		th.Proof = &ast.Proof{Pos: start, End: p.at(p.tok().pos)}
	}
	return th
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
	return p.raw().kind == tokStep
}

// skipProofTokens skips a proof (or a USE/HIDE body). The proof ends at
// the first token that starts a module unit: a unit keyword, a `----` or
// `====`, or any other token at column 1 that is neither a step label nor
// a proof keyword. Proofs are not checked, so this is all they need.
func (p *parser) skipProofTokens() {
	first := true
	for {
		t := p.raw()
		switch {
		case t.kind == tokEOF || t.kind == tokEnd || t.kind == tokSep:
			return
		case t.kind == tokKeyword && unitKeywords[t.text]:
			return
		case !first && t.pos.Col == 1 && !p.atStepLabel() &&
			!(t.kind == tokKeyword && proofKeywords[t.text]):
			return
		}
		first = false
		p.advance()
	}
}
