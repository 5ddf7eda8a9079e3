package syntax

import (
	"strconv"
	"strings"

	"github.com/dsref/dsref/harness/tlaplus/ast"
)

// context is the operator whose operand is being parsed; it decides
// whether a following infix operator belongs to the operand.
type context struct {
	op     string
	info   opInfo
	prefix bool
	valid  bool
}

func (p *parser) parseExpr() ast.Expr { return p.parseBinary(context{}) }

// parseBinary parses an operand of c followed by every infix operator
// that binds tighter than c, applying the TLA+ precedence ranges: an
// operator whose range lies above c's joins the operand, one below ends
// it, and overlapping ranges are a conflict unless both are the same
// left-associative operator. For a prefix operator too, as SANY's
// OperatorStack.reduceStack: `[]x = 1` ([] is 4-15, = is 5-5) and
// `SUBSET S \X T` (10-13 and 10-13) are refused ("Precedence conflict
// between ops [] and ="), and need parentheses.
func (p *parser) parseBinary(c context) ast.Expr {
	p.enter()
	defer p.leave()
	lhs := p.parseUnary()
	for {
		t := p.tok()
		if t.kind == tokIdent {
			p.refuseInstanceInfix()
		}
		if t.kind != tokSymbol {
			return lhs
		}
		info, ok := infixOps[t.text]
		if !ok {
			return lhs
		}
		if c.valid {
			switch {
			case info.lo > c.info.hi:
			case info.hi < c.info.lo:
				return lhs
			case c.prefix:
				p.failf(p.at(t.pos), "operator %s cannot follow the operand of %s without parentheses: their precedence ranges %d-%d and %d-%d overlap (SANY: Precedence conflict between ops %s and %s)",
					t.text, c.op, info.lo, info.hi, c.info.lo, c.info.hi, c.op, t.text)
			case t.text == c.op && info.left:
				return lhs
			default:
				p.failf(p.at(t.pos), "operator %s cannot follow %s without parentheses: their precedence ranges %d-%d and %d-%d overlap",
					t.text, c.op, info.lo, info.hi, c.info.lo, c.info.hi)
			}
		}
		p.next()
		rhs := p.parseBinary(context{op: t.text, info: info, valid: true})
		if t.text == `\X` {
			factors := []ast.Expr{lhs, rhs}
			for p.isSym(`\X`) {
				p.next()
				factors = append(factors, p.parseBinary(context{op: t.text, info: info, valid: true}))
			}
			lhs = p.ended(&ast.CrossProduct{Pos: lhs.Position(), Factors: factors})
			continue
		}
		lhs = p.ended(&ast.InfixExpr{Pos: lhs.Position(), Op: t.text, OpPos: p.at(t.pos), L: lhs, R: rhs})
	}
}

// refuseInstanceInfix reports, at an identifier after an operand, an infix operator of a
// module instance used infix (`a R!+ b`): TLA+ 1 syntax, which TLA+ 2 replaced by the prefix
// form R!+(a, b) and SANY refuses. Anything else (usually the next definition) is left alone.
func (p *parser) refuseInstanceInfix() {
	if !p.peekIs(1, tokSymbol, "!") && !p.peekIs(1, tokSymbol, "(") {
		return
	}
	var path strings.Builder
	var op token
	found := p.try("instance infix operator", func() {
		for {
			t := p.next()
			if t.kind != tokIdent {
				p.fail(t, "a module instance name")
			}
			path.WriteString(t.text)
			if p.isSym("(") {
				p.next()
				p.parseArgList()
				p.expectSym(")")
				path.WriteString("(...)")
			}
			p.expectSym("!")
			path.WriteString("!")
			n := p.tok()
			if n.kind == tokIdent {
				continue
			}
			if _, isInfix := infixOps[n.text]; n.kind != tokSymbol || !isInfix {
				p.fail(n, "an infix operator")
			}
			op = n
			return
		}
	})
	if found {
		p.failf(p.at(op.pos), "%s%s used as an infix operator: TLA+ 2 applies an instance's operator in prefix form, %s%s(a, b), as SANY requires",
			path.String(), op.text, path.String(), op.text)
	}
}

// parseUnary parses a prefix operator application, a bulleted junction
// list, or a primary expression with its postfix operators.
func (p *parser) parseUnary() ast.Expr {
	t := p.tok()
	var op string
	switch t.kind {
	case tokSymbol:
		switch t.text {
		case `/\`, `\/`:
			return p.parseJunction()
		case "~", "[]", "<>", "-.":
			op = t.text
		case "-":
			op = "-."
		}
	case tokKeyword:
		switch t.text {
		case "ENABLED", "UNCHANGED", "SUBSET", "UNION", "DOMAIN":
			op = t.text
		}
	}
	if x := p.parseNonfix(); x != nil {
		return x
	}
	if op != "" {
		p.next()
		info := prefixOps[op]
		x := p.parseBinary(context{op: op, info: info, prefix: true, valid: true})
		if info.hi >= postfixPrec {
			refusePostfixOperand(p, t, op, x)
		}
		return p.ended(&ast.PrefixExpr{Pos: p.at(t.pos), Op: op, X: x})
	}
	return p.parsePostfix(p.parsePrimary())
}

// parseNonfix parses an infix or postfix operator applied in prefix form, +(a, b), \o (s, t),
// ^+(a), -.(a), as SANY parses it (TLC's test-model/suite/test204, SANY's parse corpus
// operators.txt), or returns nil. Junction bullets are never applied so (`/\ (x)` begins a
// conjunction list); a minus applied to one parenthesized expression is the prefix minus, and
// applied to two it is the binary minus (tlaplus/tlaplus GH884).
func (p *parser) parseNonfix() ast.Expr {
	t := p.tok()
	if t.kind != tokSymbol || t.text == `/\` || t.text == `\/` || !p.peekIs(1, tokSymbol, "(") {
		return nil
	}
	if !isInfixSymbol(t) && !postfixOps[t.text] && t.text != "-." {
		return nil
	}
	if t.text == "-" || t.text == "-." {
		close := p.closingParen(1)
		if close < 0 || !p.hasTopLevelComma(1, close) {
			return nil
		}
	}
	p.next()
	p.next()
	args := p.parseArgList()
	p.expectSym(")")
	// The application means what the operator written in place means: +(a, b) is a + b,
	// whether + is defined in the module or built in (\in(1, {1}) is 1 \in {1}).
	var x ast.Expr
	switch {
	case t.text == "-.":
		if len(args) == 1 {
			x = &ast.PrefixExpr{Pos: p.at(t.pos), Op: "-.", X: args[0]}
		}
	case postfixOps[t.text]:
		if len(args) == 1 {
			x = &ast.PostfixExpr{Pos: p.at(t.pos), Op: t.text, X: args[0]}
		}
	case len(args) == 2:
		x = &ast.InfixExpr{Pos: p.at(t.pos), Op: t.text, OpPos: p.at(t.pos), L: args[0], R: args[1]}
	}
	if x == nil {
		want := 2
		if t.text == "-." || postfixOps[t.text] {
			want = 1
		}
		p.failf(p.at(t.pos), "operator %s applied in prefix form takes %d arguments, found %d", t.text, want, len(args))
	}
	return p.parsePostfix(p.ended(x))
}

// hasTopLevelComma reports whether a comma separates arguments between the tokens at offsets
// open and close (a `(` and its `)`), outside any nested bracket.
func (p *parser) hasTopLevelComma(open, close int) bool {
	depth := 0
	for k := open + 1; k < close; k++ {
		x := p.peek(k)
		if x.kind != tokSymbol {
			continue
		}
		switch x.text {
		case "(", "[", "{", "<<":
			depth++
		case ")", "]", "}", ">>", "]_", ">>_":
			depth--
		case ",":
			if depth == 0 {
				return true
			}
		}
	}
	return false
}

// parseJunction parses a bulleted list. Each item extends up to the first
// token at or left of the bullet's column; the list continues while the
// next such token is the same bullet in the same column.
func (p *parser) parseJunction() ast.Expr {
	bullet := p.tok()
	col := int(bullet.pos.Col)
	j := &ast.Junction{Pos: p.at(bullet.pos), Kind: ast.And}
	if bullet.text == `\/` {
		j.Kind = ast.Or
	}
	for {
		p.next()
		p.fences = append(p.fences, col)
		item := p.parseExpr()
		p.fences = p.fences[:len(p.fences)-1]
		j.Items = append(j.Items, item)
		n := p.tok()
		if n.kind != tokSymbol || n.text != bullet.text || int(n.pos.Col) != col {
			return p.ended(j)
		}
	}
}

// refusePostfixOperand refuses, as SANY's OperatorStack.reduceStack does, a postfix operator
// of precedence 15 (', ^+, ^*, ^#) applied to the operand of a prefix operator whose range
// reaches 15 ([], <>, ENABLED, UNCHANGED: 4-15): `[]x'` is a precedence conflict. Function
// application and record fields (16, 17) bind to the operand: `[]f[x]` is `[](f[x])`.
func refusePostfixOperand(p *parser, t token, op string, x ast.Expr) {
	for {
		switch e := x.(type) {
		case *ast.FuncApp:
			x = e.Func
		case *ast.Dot:
			x = e.X
		case *ast.PostfixExpr:
			p.failf(p.at(t.pos), "postfix %s cannot apply to the operand of %s without parentheses: both have precedence %d (SANY: Precedence conflict between ops %s and %s); write %s(...%s) or (%s...)%s",
				e.Op, op, postfixPrec, op, e.Op, op, e.Op, op, e.Op)
		default:
			return
		}
	}
}

// parsePostfix applies function application, record field selection and
// the postfix operators ', ^+, ^*, ^#.
func (p *parser) parsePostfix(x ast.Expr) ast.Expr {
	for {
		t := p.tok()
		if t.kind != tokSymbol {
			return x
		}
		switch {
		case t.text == "[":
			p.next()
			args := p.parseExprList()
			p.expectSym("]")
			x = p.ended(&ast.FuncApp{Pos: x.Position(), Func: x, Args: args})
		case t.text == ".":
			n := p.peek(1)
			if n.kind != tokIdent && n.kind != tokKeyword {
				p.fail(n, "a field name after `.`")
			}
			p.next()
			p.next()
			x = p.ended(&ast.Dot{Pos: x.Position(), X: x, Field: n.text})
		case postfixOps[t.text]:
			p.next()
			x = p.ended(&ast.PostfixExpr{Pos: x.Position(), Op: t.text, X: x})
		default:
			return x
		}
	}
}

func (p *parser) parseExprList() []ast.Expr {
	start := len(p.exprs)
	p.exprs = append(p.exprs, p.parseExpr())
	for p.isSym(",") {
		p.next()
		p.exprs = append(p.exprs, p.parseExpr())
	}
	return popList(&p.exprs, start)
}

// parsePrimary parses an expression that starts with a keyword, a
// bracket, a literal or a name.
func (p *parser) parsePrimary() ast.Expr {
	p.enter()
	defer p.leave()
	return p.ended(p.primary())
}

// ended records, on x, that it ends with the token consumed last, and
// returns x.
func (p *parser) ended(x ast.Expr) ast.Expr {
	if e, ok := x.(interface{ SetEnd(end int) }); ok && p.i > 0 {
		e.SetEnd(int(p.toks.at(p.i - 1).end.Offset))
	}
	return x
}

// primary is parsePrimary without the end position.
func (p *parser) primary() ast.Expr {
	t := p.tok()
	switch t.kind {
	case tokNumber:
		p.next()
		n := &ast.Num{Pos: p.at(t.pos), Text: t.raw(p.src), Value: t.text, Decimal: strings.Contains(t.text, ".")}
		if !n.Decimal {
			if i, err := strconv.ParseInt(n.Value, 10, 64); err == nil {
				n.Int, n.IsInt = i, true
			}
		}
		return n
	case tokString:
		p.next()
		return &ast.String{Pos: p.at(t.pos), Value: t.text}
	case tokIdent:
		return p.parseName()
	case tokStep:
		// A step name as a formula in a proof (`<4>6. A <=> <4>4`) denotes that step's
		// assertion. Outside a proof it is a name no module defines.
		// Selectors after it (<1>2!1, <1>3!lab) name a part of that statement.
		if label := t.text; !strings.HasSuffix(label, ".") && !strings.HasSuffix(label, ">") {
			p.next()
			name := p.stepRef(label)
			if p.isSym("!") {
				p.next()
				return p.parseSelectors(p.at(t.pos), &ast.OpApp{Pos: p.at(t.pos), Name: name})
			}
			return &ast.Ident{Pos: p.at(t.pos), Name: name}
		}
	case tokKeyword:
		switch t.text {
		case "TRUE", "FALSE":
			p.next()
			return &ast.Bool{Pos: p.at(t.pos), Value: t.text == "TRUE"}
		case "IF":
			p.next()
			cond := p.parseExpr()
			p.expectKw("THEN")
			then := p.parseExpr()
			p.expectKw("ELSE")
			return &ast.If{Pos: p.at(t.pos), Cond: cond, Then: then, Else: p.parseExpr()}
		case "CASE":
			return p.parseCase()
		case "LET":
			return p.parseLet()
		case "CHOOSE":
			p.next()
			b := p.parseBound(false)
			p.expectSym(":")
			return &ast.Choose{Pos: p.at(t.pos), Bound: b, Body: p.parseExpr()}
		case "LAMBDA":
			p.next()
			params := []*ast.Ident{p.expectIdent()}
			for p.isSym(",") {
				p.next()
				params = append(params, p.expectIdent())
			}
			p.expectSym(":")
			return &ast.Lambda{Pos: p.at(t.pos), Params: params, Body: p.parseExpr()}
		case "WF_", "SF_":
			p.next()
			sub := p.parseSubscript()
			p.expectSym("(")
			action := p.parseExpr()
			p.expectSym(")")
			return &ast.Fairness{Pos: p.at(t.pos), Strong: t.text == "SF_", Sub: sub, Action: action}
		}
	case tokSymbol:
		switch t.text {
		case "(":
			p.next()
			x := p.parseExpr()
			p.expectSym(")")
			return &ast.Paren{Pos: p.at(t.pos), X: x}
		case "{":
			return p.parseBrace()
		case "[":
			return p.parseBracket()
		case "<<":
			return p.parseAngle()
		case "@":
			p.next()
			return &ast.At{Pos: p.at(t.pos)}
		case `\A`, `\E`:
			p.next()
			kind := ast.Forall
			if t.text == `\E` {
				kind = ast.Exists
			}
			bounds := p.parseQuantBounds()
			p.expectSym(":")
			return &ast.Quant{Pos: p.at(t.pos), Kind: kind, Bounds: bounds, Body: p.parseExpr()}
		case `\AA`, `\EE`:
			p.next()
			kind := ast.TemporalForall
			if t.text == `\EE` {
				kind = ast.TemporalExists
			}
			b := &ast.Bound{Pos: p.at(p.tok().pos), Names: []*ast.Ident{p.expectIdent()}}
			for p.isSym(",") {
				p.next()
				b.Names = append(b.Names, p.expectIdent())
			}
			p.expectSym(":")
			return &ast.Quant{Pos: p.at(t.pos), Kind: kind, Bounds: []*ast.Bound{b}, Body: p.parseExpr()}
		}
	}
	p.fail(t, "an expression")
	return nil
}

// parseName parses an identifier and what may follow it directly: an
// argument list, instance steps `N(x)!Op`, or a label `lab::`.
func (p *parser) parseName() ast.Expr {
	t := p.next()
	if p.isSym("::") {
		p.next()
		return &ast.Label{Pos: p.at(t.pos), Name: t.text, X: p.parseExpr()}
	}
	var prefix []*ast.InstanceStep
	name, namePos := t.text, p.at(t.pos)
	for {
		var args []ast.Expr
		if p.isSym("(") {
			p.next()
			args = p.parseArgList()
			p.expectSym(")")
			if len(prefix) == 0 && p.isSym("::") {
				params := make([]*ast.Ident, len(args))
				for i, a := range args {
					id, ok := a.(*ast.Ident)
					if !ok {
						p.failf(a.Position(), "label parameters must be identifiers")
					}
					params[i] = id
				}
				p.next()
				return &ast.Label{Pos: p.at(t.pos), Name: name, Params: params, X: p.parseExpr()}
			}
		}
		if !p.isSym("!") {
			if len(prefix) == 0 && args == nil {
				return &ast.Ident{Pos: p.at(t.pos), Name: name}
			}
			return &ast.OpApp{Pos: p.at(t.pos), Prefix: prefix, Name: name, Args: args}
		}
		if !isWordByte(name[0]) {
			p.failf(namePos, "operator %s is not a module instance, so it cannot be followed by `!`", name)
		}
		p.next()
		if isSelectorStart(p.tok()) {
			base := &ast.OpApp{Pos: p.at(t.pos), Prefix: prefix, Name: name, Args: args}
			return p.parseSelectors(p.at(t.pos), base)
		}
		prefix = append(prefix, &ast.InstanceStep{Pos: namePos, Name: name, Args: args})
		n := p.tok()
		switch {
		case n.kind == tokIdent:
			p.next()
			name, namePos = n.text, p.at(n.pos)
		case isInfixSymbol(n) || isPrefixSymbol(n) || (n.kind == tokSymbol && postfixOps[n.text]):
			// N!+(a, b): an instance's operator symbol applied in prefix form.
			p.next()
			name, namePos = n.text, p.at(n.pos)
			if isPrefixSymbol(n) && !isInfixSymbol(n) {
				name = prefixName(n.text)
			}
		default:
			p.fail(n, "an operator name after `!`")
		}
	}
}

// isSelectorStart reports whether t, after a `!`, begins a subexpression selector that is not a
// name: a position (`!2`), `!<<`, `!>>`, `!:`, `!@` or `!(args)`.
func isSelectorStart(t token) bool {
	if t.kind == tokNumber {
		return true
	}
	if t.kind != tokSymbol {
		return false
	}
	switch t.text {
	case "<<", ">>", ":", "@", "(":
		return true
	}
	return false
}

// parseSelectors parses the selectors of a subexpression name Base!sel!sel..., the first `!`
// already read.
func (p *parser) parseSelectors(pos ast.Pos, base *ast.OpApp) ast.Expr {
	x := &ast.Subexpr{Pos: pos, Base: base}
	for {
		t := p.tok()
		sel := &ast.Selector{Pos: p.at(t.pos)}
		switch {
		case t.kind == tokNumber:
			n, err := strconv.Atoi(t.text)
			if err != nil || n < 1 || strings.Contains(t.raw(p.src), ".") {
				p.failf(p.at(t.pos), "a subexpression position must be a positive integer, found %s", t.raw(p.src))
			}
			p.next()
			sel.Kind, sel.Num = ast.SelNumber, n
		case t.kind == tokIdent:
			p.next()
			sel.Kind, sel.Name = ast.SelName, t.text
			if p.isSym("(") {
				p.next()
				sel.Args = p.parseArgList()
				p.expectSym(")")
			}
		case t.kind == tokSymbol && t.text == "<<":
			p.next()
			sel.Kind = ast.SelLeft
		case t.kind == tokSymbol && t.text == ">>":
			p.next()
			sel.Kind = ast.SelRight
		case t.kind == tokSymbol && t.text == ":":
			p.next()
			sel.Kind = ast.SelColon
		case t.kind == tokSymbol && t.text == "@":
			p.next()
			sel.Kind = ast.SelAt
		case t.kind == tokSymbol && t.text == "(":
			p.next()
			sel.Kind, sel.Args = ast.SelArgs, p.parseArgList()
			p.expectSym(")")
		case isInfixSymbol(t) || (t.kind == tokSymbol && postfixOps[t.text]) || (t.kind == tokSymbol && t.text == "-."):
			// A LET definition named by an operator symbol, with its arguments:
			// COp(1, 2)!(3)!++(4, 5) (TLC's test-model/suite/test206).
			p.next()
			sel.Kind, sel.Name = ast.SelName, t.text
			if t.text == "-." {
				sel.Name = prefixName(t.text)
			}
			if p.isSym("(") {
				p.next()
				sel.Args = p.parseArgList()
				p.expectSym(")")
			}
		default:
			p.fail(t, "a subexpression selector after `!` (a number, a label, an operator defined by a LET, <<, >>, :, @ or (arguments))")
		}
		x.Path = append(x.Path, sel)
		if !p.isSym("!") {
			return x
		}
		p.next()
	}
}

// parseArgList parses operator arguments, which may also be LAMBDA
// expressions or bare operator symbols: infix (`F(+, x)`), postfix and
// prefix (`F(~, x)`, `F(SUBSET, S)`, `F(-., 1)`), SANY's GeneralPrefixOp.
func (p *parser) parseArgList() []ast.Expr {
	start := len(p.exprs)
	p.exprs = append(p.exprs, p.parseArg())
	for p.isSym(",") {
		p.next()
		p.exprs = append(p.exprs, p.parseArg())
	}
	return popList(&p.exprs, start)
}

func (p *parser) parseArg() ast.Expr {
	n := p.tok()
	_, prefix := prefixOps[n.text]
	prefix = prefix && (n.kind == tokSymbol || n.kind == tokKeyword)
	if isInfixSymbol(n) || (n.kind == tokSymbol && postfixOps[n.text]) || prefix {
		if a := p.peek(1); a.kind == tokSymbol && (a.text == "," || a.text == ")") {
			p.next()
			return &ast.Ident{Pos: p.at(n.pos), Name: n.text}
		}
	}
	return p.parseExpr()
}

// parseSubscript parses the subscript of [A]_v, <<A>>_v, WF_v and SF_v:
// a primary expression with postfix operators but no infix operators.
func (p *parser) parseSubscript() ast.Expr {
	n := p.instanceNameLen()
	// A bare name: in WF_vars(A) the parentheses belong to WF_, not vars.
	if t := p.tok(); t.kind == tokIdent && n == 0 && !(p.peek(1).kind == tokSymbol && p.peek(1).text == "!") {
		p.next()
		return p.parsePostfix(&ast.Ident{Pos: p.at(t.pos), Name: t.text})
	}
	// So is an instance's definition named through `!` (WF_R!vars(R!Next)); the instances
	// named on the way may take arguments (SANY's corpus: [A]_M(S)!vars, WF_M(S)!vars(A)).
	if n > 0 {
		t := p.tok()
		var prefix []*ast.InstanceStep
		for i := 0; i < n-1; i++ {
			st := p.next()
			step := &ast.InstanceStep{Pos: p.at(st.pos), Name: st.text}
			if p.isSym("(") {
				p.next()
				step.Args = p.parseArgList()
				p.expectSym(")")
			}
			prefix = append(prefix, step)
			p.expectSym("!")
		}
		last := p.next()
		return p.parsePostfix(p.ended(&ast.OpApp{Pos: p.at(t.pos), Prefix: prefix, Name: last.text}))
	}
	return p.parsePostfix(p.parsePrimary())
}

// instanceNameLen reports how many names the tokens from here chain with `!` (I!J!v,
// I(x)!J!v), if there are at least two; 0 otherwise. A name before a `!` may take arguments;
// the last name takes none (in WF_I!v(A) the parentheses belong to WF_).
func (p *parser) instanceNameLen() int {
	n := 0
	for i := 0; ; i += 2 {
		if p.peek(i).kind != tokIdent {
			return 0
		}
		n++
		if p.peekIs(i+1, tokSymbol, "(") {
			close := p.closingParen(i + 1)
			if close < 0 || !p.peekIs(close+1, tokSymbol, "!") {
				break
			}
			i = close
		}
		if !p.peekIs(i+1, tokSymbol, "!") {
			break
		}
	}
	if n < 2 {
		return 0
	}
	return n
}

// closingParen returns the offset from the current token of the `)` closing the `(` at offset
// open, or -1 if the module or the proof step ends first.
func (p *parser) closingParen(open int) int {
	depth := 0
	for k := open; ; k++ {
		x := p.peek(k)
		switch {
		case x.kind == tokEOF || x.kind == tokEnd || x.kind == tokStep:
			return -1
		case x.kind != tokSymbol:
		case x.text == "(":
			depth++
		case x.text == ")":
			depth--
			if depth == 0 {
				return k
			}
		}
	}
}

func (p *parser) parseCase() ast.Expr {
	t := p.expectKw("CASE")
	c := &ast.Case{Pos: p.at(t.pos)}
	for {
		if p.isKw("OTHER") {
			p.next()
			p.expectSym("->")
			c.Other = p.parseExpr()
			return c
		}
		armPos := p.at(p.tok().pos)
		cond := p.parseExpr()
		p.expectSym("->")
		c.Arms = append(c.Arms, &ast.CaseArm{Pos: armPos, Cond: cond, Value: p.parseExpr()})
		if !p.isSym("[]") {
			return c
		}
		p.next()
	}
}

func (p *parser) parseLet() ast.Expr {
	t := p.expectKw("LET")
	l := &ast.Let{Pos: p.at(t.pos)}
	for {
		if p.isKw("IN") {
			if len(l.Defs) == 0 {
				p.fail(p.tok(), "a definition after LET")
			}
			p.next()
			l.Body = p.parseExpr()
			return l
		}
		if p.isKw("RECURSIVE") {
			r := p.next()
			l.Defs = append(l.Defs, &ast.RecursiveDecl{Pos: p.at(r.pos), Decls: p.parseOpDeclList()})
			continue
		}
		n := p.tok()
		if n.kind == tokEOF || n.kind == tokFence || n.kind == tokEnd {
			p.fail(n, "IN or another definition in LET")
		}
		l.Defs = append(l.Defs, p.parseDefinition())
	}
}

// parseQuantBounds parses the bounds of \A and \E: either unbounded names
// `x, y` or bounded groups `x, y \in S, <<a, b>> \in T`.
func (p *parser) parseQuantBounds() []*ast.Bound {
	if p.isSym("<<") {
		return p.parseBoundList(true)
	}
	start := p.at(p.tok().pos)
	names := []*ast.Ident{p.expectIdent()}
	for p.isSym(",") {
		p.next()
		names = append(names, p.expectIdent())
	}
	if !p.isSym(`\in`) {
		return []*ast.Bound{{Pos: start, Names: names}}
	}
	p.next()
	bounds := []*ast.Bound{{Pos: start, Names: names, Set: p.parseExpr()}}
	if p.isSym(",") {
		p.next()
		bounds = append(bounds, p.parseBoundList(true)...)
	}
	return bounds
}

// parseBoundList parses `x, y \in S, <<a, b>> \in T, ...`; every group
// needs its set.
func (p *parser) parseBoundList(bounded bool) []*ast.Bound {
	var bounds []*ast.Bound
	for {
		if p.isSym("<<") {
			bounds = append(bounds, p.parseBound(true))
		} else {
			start := p.at(p.tok().pos)
			names := []*ast.Ident{p.expectIdent()}
			for p.isSym(",") {
				p.next()
				names = append(names, p.expectIdent())
			}
			p.expectSym(`\in`)
			bounds = append(bounds, &ast.Bound{Pos: start, Names: names, Set: p.parseExpr()})
		}
		if !p.isSym(",") {
			return bounds
		}
		p.next()
	}
}

// parseBound parses one binder `x`, `x \in S`, `<<x, y>>` or `<<x, y>> \in S`; the set is
// needed if required. CHOOSE takes a tuple without one, as SANY parses it (its parse corpus
// quantification-unicode.txt: CHOOSE ⟨x, y, z⟩ : FALSE); evaluating it is refused as any
// unbounded CHOOSE is.
func (p *parser) parseBound(required bool) *ast.Bound {
	start := p.at(p.tok().pos)
	b := &ast.Bound{Pos: start}
	if p.isSym("<<") {
		p.next()
		b.Tuple = true
		b.Names = append(b.Names, p.expectIdent())
		for p.isSym(",") {
			p.next()
			b.Names = append(b.Names, p.expectIdent())
		}
		p.expectSym(">>")
	} else {
		b.Names = []*ast.Ident{p.expectIdent()}
	}
	if p.isSym(`\in`) || required {
		p.expectSym(`\in`)
		b.Set = p.parseExpr()
	}
	return b
}

// parseBrace parses {}, {a, b}, {x \in S : P} and {e : x \in S}.
func (p *parser) parseBrace() ast.Expr {
	t := p.expectSym("{")
	if p.isSym("}") {
		p.next()
		return &ast.SetEnum{Pos: p.at(t.pos)}
	}
	var filter *ast.SetFilter
	if p.startsBinder() && p.try("filter", func() {
		b := p.parseBound(true)
		p.expectSym(":")
		filter = &ast.SetFilter{Pos: p.at(t.pos), Bound: b}
	}) {
		filter.Pred = p.parseExpr()
		p.expectSym("}")
		return filter
	}
	first := p.parseExpr()
	if p.isSym(":") {
		p.next()
		bounds := p.parseBoundList(true)
		p.expectSym("}")
		return &ast.SetMap{Pos: p.at(t.pos), Elem: first, Bounds: bounds}
	}
	start := len(p.exprs)
	p.exprs = append(p.exprs, first)
	for p.isSym(",") {
		p.next()
		p.exprs = append(p.exprs, p.parseExpr())
	}
	elems := popList(&p.exprs, start)
	p.expectSym("}")
	return &ast.SetEnum{Pos: p.at(t.pos), Elems: elems}
}

// startsBinder reports whether the next tokens look like `x \in`,
// `x, y \in` or `<<x, ...>> \in`, so a binder parse is worth trying. Names not followed by
// \in, as in a set of model values {s1, s2} (one per record of a generated trace), are not
// worth it: the parse would fail, having built nodes for nothing.
func (p *parser) startsBinder() bool {
	t := p.tok()
	if t.kind == tokSymbol && t.text == "<<" {
		return true
	}
	if t.kind != tokIdent {
		return false
	}
	for i := 1; ; i += 2 {
		switch n := p.peek(i); {
		case n.kind == tokSymbol && n.text == `\in`:
			return true
		case n.kind != tokSymbol || n.text != "," || p.peek(i+1).kind != tokIdent:
			return false
		}
	}
}

// parseBracket parses the forms that start with `[`: function
// constructors, records, record sets, function sets, EXCEPT and [A]_v.
func (p *parser) parseBracket() ast.Expr {
	t := p.expectSym("[")
	var fc *ast.FuncCons
	if p.startsBinder() && p.try("funccons", func() {
		bounds := p.parseBoundList(true)
		p.expectSym("|->")
		fc = &ast.FuncCons{Pos: p.at(t.pos), Bounds: bounds}
	}) {
		fc.Body = p.parseExpr()
		p.expectSym("]")
		return fc
	}
	if n := p.tok(); (n.kind == tokIdent || n.kind == tokKeyword) && p.peek(1).kind == tokSymbol {
		switch p.peek(1).text {
		case "|->":
			fields := p.parseFields("|->")
			p.expectSym("]")
			return &ast.Record{Pos: p.at(t.pos), Fields: fields}
		case ":":
			fields := p.parseFields(":")
			p.expectSym("]")
			return &ast.RecordSet{Pos: p.at(t.pos), Fields: fields}
		}
	}
	x := p.parseExpr()
	switch {
	case p.isSym("->"):
		p.next()
		r := p.parseExpr()
		p.expectSym("]")
		return &ast.FuncSet{Pos: p.at(t.pos), Domain: x, Range: r}
	case p.isKw("EXCEPT"):
		p.next()
		e := &ast.Except{Pos: p.at(t.pos), Func: x}
		for {
			e.Updates = append(e.Updates, p.parseExceptUpdate())
			if !p.isSym(",") {
				break
			}
			p.next()
		}
		p.expectSym("]")
		return e
	case p.isSym("]_"):
		p.next()
		return &ast.BoxAction{Pos: p.at(t.pos), Action: x, Sub: p.parseSubscript()}
	}
	p.fail(p.tok(), describeList("`->`", "EXCEPT", "`]_`", "`|->`"))
	return nil
}

func (p *parser) parseFields(sep string) []*ast.Field {
	start := len(p.fields)
	for {
		n := p.tok()
		if n.kind != tokIdent && n.kind != tokKeyword {
			p.fail(n, "a field name")
		}
		p.next()
		p.expectSym(sep)
		f := &ast.Field{Pos: p.at(n.pos), Name: n.text}
		f.Value = p.parseExpr()
		p.fields = append(p.fields, f)
		if !p.isSym(",") {
			return popList(&p.fields, start)
		}
		p.next()
	}
}

func (p *parser) parseExceptUpdate() *ast.ExceptUpdate {
	t := p.expectSym("!")
	u := &ast.ExceptUpdate{Pos: p.at(t.pos)}
	for {
		s := p.tok()
		switch {
		case s.kind == tokSymbol && s.text == "[":
			p.next()
			args := p.parseExprList()
			p.expectSym("]")
			u.Path = append(u.Path, &ast.ExceptStep{Pos: p.at(s.pos), Args: args})
			continue
		case s.kind == tokSymbol && s.text == ".":
			p.next()
			f := p.tok()
			if f.kind != tokIdent && f.kind != tokKeyword {
				p.fail(f, "a field name after `!.`")
			}
			p.next()
			u.Path = append(u.Path, &ast.ExceptStep{Pos: p.at(s.pos), Field: f.text})
			continue
		}
		break
	}
	if len(u.Path) == 0 {
		p.fail(p.tok(), "`[` or `.` after `!` in EXCEPT")
	}
	p.expectSym("=")
	u.Value = p.parseExpr()
	return u
}

// parseAngle parses a tuple <<a, b>> or an action <<A>>_v.
func (p *parser) parseAngle() ast.Expr {
	t := p.expectSym("<<")
	if p.isSym(">>") {
		p.next()
		return &ast.Tuple{Pos: p.at(t.pos)}
	}
	elems := p.parseExprList()
	if p.isSym(">>_") {
		if len(elems) != 1 {
			p.failf(p.at(t.pos), "<<A>>_v takes one action, found %d expressions", len(elems))
		}
		p.next()
		return &ast.AngleAction{Pos: p.at(t.pos), Action: elems[0], Sub: p.parseSubscript()}
	}
	p.expectSym(">>")
	return &ast.Tuple{Pos: p.at(t.pos), Elems: elems}
}
