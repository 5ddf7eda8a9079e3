package syntax

import "github.com/dsref/dsref/harness/tlaplus/ast"

// parseModule parses `---- MODULE Name ---- [EXTENDS ...] units ====`.
func (p *parser) parseModule() *ast.Module {
	start := p.tok()
	if start.kind != tokSep {
		p.fail(start, "`----` starting a module header")
	}
	p.next()
	p.expectKw("MODULE")
	name := p.expectIdent()
	if p.tok().kind != tokSep {
		p.fail(p.tok(), "`----` closing the module header")
	}
	p.next()
	m := &ast.Module{Pos: p.at(start.pos), Name: name.Name}
	if p.isKw("EXTENDS") {
		p.next()
		m.Extends = append(m.Extends, p.expectIdent())
		for p.isSym(",") {
			p.next()
			m.Extends = append(m.Extends, p.expectIdent())
		}
	}
	for {
		t := p.tok()
		if t.kind == tokEnd {
			m.End = p.at(t.pos)
			p.next()
			return m
		}
		if t.kind == tokEOF {
			p.fail(t, "`====` ending module "+m.Name)
		}
		m.Units = append(m.Units, p.parseUnit()...)
	}
}

// parseUnit parses one module unit. It returns a slice because a
// `----` separator may be followed directly by nothing else.
func (p *parser) parseUnit() []ast.Unit {
	t := p.tok()
	switch {
	case t.kind == tokSep:
		if n := p.peek(1); n.kind == tokKeyword && n.text == "MODULE" {
			if p.modules++; p.modules > maxModuleDepth {
				p.failf(p.at(t.pos), "module nested more than %d modules deep", maxModuleDepth)
			}
			m := p.parseModule()
			p.modules--
			return []ast.Unit{&ast.ModuleUnit{Pos: p.at(t.pos), Module: m}}
		}
		p.next()
		return []ast.Unit{&ast.Separator{Pos: p.at(t.pos)}}
	case t.kind == tokKeyword:
		switch t.text {
		case "LOCAL":
			p.next()
			u := p.tok()
			if u.kind == tokKeyword && u.text == "INSTANCE" {
				inst := p.parseInstance()
				inst.Local = true
				inst.Pos = p.at(t.pos)
				return []ast.Unit{inst}
			}
			def := p.parseDefinition()
			switch d := def.(type) {
			case *ast.OpDef:
				d.Local, d.Pos = true, p.at(t.pos)
			case *ast.FuncDef:
				d.Local, d.Pos = true, p.at(t.pos)
			case *ast.ModuleDef:
				d.Local, d.Pos = true, p.at(t.pos)
			}
			return []ast.Unit{def}
		case "VARIABLE", "VARIABLES":
			p.next()
			d := &ast.VariableDecl{Pos: p.at(t.pos)}
			d.Names = append(d.Names, p.expectIdent())
			for p.isSym(",") {
				p.next()
				d.Names = append(d.Names, p.expectIdent())
			}
			return []ast.Unit{d}
		case "CONSTANT", "CONSTANTS":
			p.next()
			return []ast.Unit{&ast.ConstantDecl{Pos: p.at(t.pos), Decls: p.parseOpDeclList()}}
		case "RECURSIVE":
			p.next()
			return []ast.Unit{&ast.RecursiveDecl{Pos: p.at(t.pos), Decls: p.parseOpDeclList()}}
		case "ASSUME", "ASSUMPTION", "AXIOM":
			p.next()
			a := &ast.Assume{Pos: p.at(t.pos), Axiom: t.text == "AXIOM"}
			if n := p.tok(); n.kind == tokIdent && p.peek(1).kind == tokSymbol && p.peek(1).text == "==" {
				a.Name = n.text
				p.next()
				p.next()
			}
			a.Expr = p.parseExpr()
			return []ast.Unit{a}
		case "THEOREM", "LEMMA", "PROPOSITION", "COROLLARY":
			return []ast.Unit{p.parseTheorem()}
		case "INSTANCE":
			return []ast.Unit{p.parseInstance()}
		case "USE", "HIDE":
			p.next()
			use := p.parseUseBody(t)
			return []ast.Unit{&ast.UseOrHide{Pos: p.at(t.pos), Keyword: t.text, End: p.at(p.tok().pos), Use: use}}
		}
	}
	return []ast.Unit{p.parseDefinition()}
}

// parseOpDeclList parses `N, F(_, _), _ \prec _, -. _` in CONSTANT and
// RECURSIVE declarations.
func (p *parser) parseOpDeclList() []*ast.OpDecl {
	decls := []*ast.OpDecl{p.parseOpDecl()}
	for p.isSym(",") {
		p.next()
		decls = append(decls, p.parseOpDecl())
	}
	return decls
}

// parseOpDecl parses one operator declaration: `x`, `F(_, _)`,
// `_ op _`, `op _` or `_ op`.
func (p *parser) parseOpDecl() *ast.OpDecl {
	t := p.tok()
	switch {
	case t.kind == tokIdent:
		p.next()
		d := &ast.OpDecl{Pos: p.at(t.pos), Name: t.text}
		if p.isSym("(") {
			p.next()
			p.expectSym("_")
			d.Arity = 1
			for p.isSym(",") {
				p.next()
				p.expectSym("_")
				d.Arity++
			}
			p.expectSym(")")
		}
		return d
	case t.kind == tokSymbol && t.text == "_":
		p.next()
		op := p.tok()
		if op.kind == tokSymbol && postfixOps[op.text] {
			p.next()
			return &ast.OpDecl{Pos: p.at(t.pos), Name: op.text, Arity: 1, Fixity: ast.Postfix}
		}
		if !isInfixSymbol(op) {
			p.fail(op, "an infix or postfix operator symbol after `_`")
		}
		p.next()
		p.expectSym("_")
		return &ast.OpDecl{Pos: p.at(t.pos), Name: op.text, Arity: 2, Fixity: ast.Infix}
	case isPrefixSymbol(t):
		p.next()
		p.expectSym("_")
		return &ast.OpDecl{Pos: p.at(t.pos), Name: prefixName(t.text), Arity: 1, Fixity: ast.Prefix}
	}
	p.fail(t, "an operator declaration (`x`, `F(_)`, `_ op _`, `op _` or `_ op`)")
	return nil
}

func isInfixSymbol(t token) bool {
	if t.kind != tokSymbol {
		return false
	}
	_, ok := infixOps[t.text]
	return ok
}

func isPrefixSymbol(t token) bool {
	if t.kind != tokSymbol {
		return false
	}
	return t.text == "-" || t.text == "-." || t.text == "~" || t.text == "[]" || t.text == "<>"
}

// prefixKeywordOps are the prefix operators spelled as keywords.
var prefixKeywordOps = map[string]bool{"ENABLED": true, "UNCHANGED": true, "SUBSET": true, "UNION": true, "DOMAIN": true}

func prefixName(text string) string {
	if text == "-" {
		return "-."
	}
	return text
}

// parseInstance parses `INSTANCE M [WITH a <- e, ...]`.
func (p *parser) parseInstance() *ast.Instance {
	t := p.expectKw("INSTANCE")
	inst := &ast.Instance{Pos: p.at(t.pos), Module: p.expectIdent()}
	if p.isKw("WITH") {
		p.next()
		for {
			n := p.tok()
			var name string
			switch {
			case n.kind == tokIdent:
				name = n.text
			case isInfixSymbol(n) || (n.kind == tokSymbol && postfixOps[n.text]):
				name = n.text
			case isPrefixSymbol(n):
				name = prefixName(n.text)
			case n.kind == tokKeyword && prefixKeywordOps[n.text]:
				// tla+.jj's Substitution takes any NonExpPrefixOp, SUBSET and ENABLED among
				// them; no module declares one, so the substitution fails when checked.
				name = n.text
			default:
				p.fail(n, "a constant, variable or operator name to substitute")
			}
			p.next()
			p.expectSym("<-")
			e := p.parseSubstituted()
			inst.With = append(inst.With, &ast.Substitution{Pos: p.at(n.pos), Name: name, Expr: e})
			if !p.isSym(",") {
				break
			}
			p.next()
		}
	}
	return inst
}

// parseSubstituted parses the right side of `a <- e`: an expression, or a
// bare operator symbol such as `+` when an operator constant is replaced.
func (p *parser) parseSubstituted() ast.Expr {
	n := p.tok()
	if isInfixSymbol(n) || isPrefixSymbol(n) || (n.kind == tokSymbol && postfixOps[n.text]) {
		after := p.peek(1)
		if after.kind == tokEOF || after.kind == tokEnd || after.kind == tokSep ||
			(after.kind == tokSymbol && after.text == ",") || after.pos.Line != n.pos.Line {
			p.next()
			name := n.text
			if isPrefixSymbol(n) {
				name = prefixName(n.text)
			}
			return &ast.Ident{Pos: p.at(n.pos), Name: name}
		}
	}
	return p.parseExpr()
}

// parseDefinition parses an operator, function or module definition:
//
//	F == e    F(x, G(_)) == e    f[x \in S] == e    a \prec b == e
//	-. a == e    a ^+ == e    N == INSTANCE M    N(x) == INSTANCE M
func (p *parser) parseDefinition() ast.Unit {
	t := p.tok()
	switch {
	case t.kind == tokIdent:
		n := p.peek(1)
		switch {
		case n.kind == tokSymbol && n.text == "==":
			p.next()
			p.next()
			return p.finishOpDef(t, t.text, ast.Named, nil)
		case n.kind == tokSymbol && n.text == "(":
			p.next()
			p.next()
			params := []*ast.OpDecl{p.parseOpDecl()}
			for p.isSym(",") {
				p.next()
				params = append(params, p.parseOpDecl())
			}
			p.expectSym(")")
			p.expectSym("==")
			return p.finishOpDef(t, t.text, ast.Named, params)
		case n.kind == tokSymbol && n.text == "[":
			p.next()
			p.next()
			bounds := p.parseBoundList(true)
			p.expectSym("]")
			p.expectSym("==")
			return &ast.FuncDef{Pos: p.at(t.pos), Name: t.text, Bounds: bounds, Body: p.parseExpr()}
		case n.kind == tokSymbol && postfixOps[n.text] && p.peekIs(2, tokSymbol, "=="):
			p.next()
			p.next()
			p.expectSym("==")
			return p.finishOpDef(t, n.text, ast.Postfix, []*ast.OpDecl{{Pos: p.at(t.pos), Name: t.text}})
		case isInfixSymbol(n) && p.peek(2).kind == tokIdent && p.peekIs(3, tokSymbol, "=="):
			p.next()
			p.next()
			r := p.expectIdent()
			p.expectSym("==")
			return p.finishOpDef(t, n.text, ast.Infix, []*ast.OpDecl{{Pos: p.at(t.pos), Name: t.text}, {Pos: r.Pos, Name: r.Name}})
		}
		p.fail(n, "`==` in the definition of "+t.text)
	case isPrefixSymbol(t):
		p.next()
		x := p.expectIdent()
		p.expectSym("==")
		return p.finishOpDef(t, prefixName(t.text), ast.Prefix, []*ast.OpDecl{{Pos: x.Pos, Name: x.Name}})
	}
	p.fail(t, "a definition or declaration")
	return nil
}

func (p *parser) finishOpDef(start token, name string, fix ast.Fixity, params []*ast.OpDecl) ast.Unit {
	if fix == ast.Named && p.isKw("INSTANCE") {
		return &ast.ModuleDef{Pos: p.at(start.pos), Name: name, Params: params, Instance: p.parseInstance()}
	}
	return &ast.OpDef{Pos: p.at(start.pos), Name: name, Fixity: fix, Params: params, Body: p.parseExpr()}
}
