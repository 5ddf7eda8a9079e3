package eval

import "github.com/dsref/dsref/harness/tlaplus/ast"

// builtinInfixArgs are the infix operators of TLA+ itself (evaluated by evaluator.infix, not
// defined in a module) that may be passed as the argument of an operator parameter, as SANY and
// TLC allow: ReduceSet(\intersect, S, acc), Fold(\cup, ...), Op(=, a, b).
var builtinInfixArgs = map[string]bool{
	`/\`: true, `\/`: true, `=>`: true, `<=>`: true, `=`: true, `/=`: true,
	`\in`: true, `\notin`: true, `\cup`: true, `\cap`: true, `\`: true,
	`\subseteq`: true,
}

// builtinPrefixArgs are the prefix operators of TLA+ itself that may be passed for an operator
// parameter of arity one: Op(~, x), Op(SUBSET, S), Op(DOMAIN, f) (SANY's GeneralPrefixOp).
// Unary minus -. is defined by Integers and found there.
var builtinPrefixArgs = map[string]bool{
	"~": true, "SUBSET": true, "UNION": true, "DOMAIN": true,
	"ENABLED": true, "UNCHANGED": true, "[]": true, "<>": true,
}

// builtinInfixOperator returns an operator applying the built-in infix operator name to its two
// arguments, or the built-in prefix operator name to its one, or nil when name is neither. Its
// parameter names cannot be written in TLA+, so they shadow nothing.
func builtinInfixOperator(name string, pos ast.Pos, sc *Scope) *Operator {
	const l, r = "\x00l", "\x00r"
	switch {
	case builtinInfixArgs[name]:
		return &Operator{
			Name:   name,
			Params: []*ast.OpDecl{{Pos: pos, Name: l}, {Pos: pos, Name: r}},
			Pos:    pos,
			body: &ast.InfixExpr{Pos: pos, Op: name, OpPos: pos,
				L: &ast.Ident{Pos: pos, Name: l}, R: &ast.Ident{Pos: pos, Name: r}},
			scope: sc,
		}
	case builtinPrefixArgs[name]:
		return &Operator{
			Name:   name,
			Params: []*ast.OpDecl{{Pos: pos, Name: l}},
			Pos:    pos,
			body:   &ast.PrefixExpr{Pos: pos, Op: name, X: &ast.Ident{Pos: pos, Name: l}},
			scope:  sc,
		}
	}
	return nil
}
