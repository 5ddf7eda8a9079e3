package eval

import "github.com/dsref/dsref/harness/tlaplus/ast"

// builtinInfixArgs are the infix operators of TLA+ itself (evaluated by evaluator.infix, not
// defined in a module) that may be passed as the argument of an operator parameter, as SANY and
// TLC allow: ReduceSet(\intersect, S, acc), Fold(\cup, ...), Op(=, a, b).
var builtinInfixArgs = map[string]bool{
	`/\`: true, `\/`: true, `=>`: true, `<=>`: true, `=`: true, `/=`: true,
	`\in`: true, `\notin`: true, `\cup`: true, `\cap`: true, `\`: true,
	`\subseteq`: true, `\supseteq`: true, `\subset`: true, `\supset`: true,
}

// builtinInfixOperator returns a two-parameter operator applying the built-in infix operator
// name to its arguments, or nil when name is not one. Its parameter names cannot be written in
// TLA+, so they shadow nothing.
func builtinInfixOperator(name string, pos ast.Pos, sc *Scope) *Operator {
	if !builtinInfixArgs[name] {
		return nil
	}
	const l, r = "\x00l", "\x00r"
	return &Operator{
		Name:   name,
		Params: []*ast.OpDecl{{Pos: pos, Name: l}, {Pos: pos, Name: r}},
		Pos:    pos,
		body: &ast.InfixExpr{Pos: pos, Op: name, OpPos: pos,
			L: &ast.Ident{Pos: pos, Name: l}, R: &ast.Ident{Pos: pos, Name: r}},
		scope: sc,
	}
}
