package syntax

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dsref/dsref/harness/tlaplus/ast"
)

// Print renders a module as TLA+ source that ParseModule reads back into
// the same tree, up to positions and parentheses the printer adds where
// the tree's grouping needs them. Bulleted lists are laid out one item per
// line, aligned on their bullet column.
func Print(m *ast.Module) string {
	pr := &printer{}
	pr.module(m)
	return pr.b.String()
}

// PrintExpr renders one expression in the same way as Print.
func PrintExpr(x ast.Expr) string {
	pr := &printer{}
	pr.expr(x)
	return pr.b.String()
}

type printer struct {
	b   strings.Builder
	col int // 0-based column of the next character
}

func (pr *printer) write(s string) {
	pr.b.WriteString(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		pr.col = utf8.RuneCountInString(s[i+1:])
	} else {
		pr.col += utf8.RuneCountInString(s)
	}
}

// newline starts a new line indented to column col.
func (pr *printer) newline(col int) {
	pr.write("\n" + strings.Repeat(" ", col))
}

func (pr *printer) module(m *ast.Module) {
	pr.write("---- MODULE " + m.Name + " ----\n")
	if len(m.Extends) > 0 {
		names := make([]string, len(m.Extends))
		for i, e := range m.Extends {
			names[i] = e.Name
		}
		pr.write("EXTENDS " + strings.Join(names, ", ") + "\n")
	}
	for _, u := range m.Units {
		pr.unit(u)
		pr.write("\n")
	}
	pr.write("====")
}

func (pr *printer) unit(u ast.Unit) {
	switch u := u.(type) {
	case *ast.VariableDecl:
		pr.write("VARIABLES ")
		for i, n := range u.Names {
			if i > 0 {
				pr.write(", ")
			}
			pr.write(n.Name)
		}
	case *ast.ConstantDecl:
		pr.write("CONSTANTS ")
		pr.opDecls(u.Decls)
	case *ast.RecursiveDecl:
		pr.write("RECURSIVE ")
		pr.opDecls(u.Decls)
	case *ast.OpDef:
		if u.Local {
			pr.write("LOCAL ")
		}
		pr.opDefHead(u)
		pr.write(" ==")
		pr.body(u.Body)
	case *ast.FuncDef:
		if u.Local {
			pr.write("LOCAL ")
		}
		pr.write(u.Name + "[")
		pr.bounds(u.Bounds)
		pr.write("] ==")
		pr.body(u.Body)
	case *ast.Instance:
		pr.instance(u)
	case *ast.ModuleDef:
		if u.Local {
			pr.write("LOCAL ")
		}
		pr.write(u.Name)
		if len(u.Params) > 0 {
			pr.write("(")
			pr.opDecls(u.Params)
			pr.write(")")
		}
		pr.write(" == ")
		inst := *u.Instance
		inst.Local = false
		pr.instance(&inst)
	case *ast.Assume:
		pr.write("ASSUME ")
		if u.Name != "" {
			pr.write(u.Name + " == ")
		}
		pr.expr(u.Expr)
	case *ast.Theorem:
		kw := u.Keyword
		if kw == "" {
			kw = "THEOREM"
		}
		pr.write(kw + " ")
		if u.Name != "" {
			pr.write(u.Name + " == ")
		}
		if u.Expr != nil {
			pr.expr(u.Expr)
		} else {
			// The skipped ASSUME ... PROVE statement.
			pr.write("ASSUME TRUE PROVE TRUE")
		}
		if u.Proof != nil {
			pr.write(" OBVIOUS")
		}
	case *ast.UseOrHide:
		// The body was skipped; a minimal body parses back to the same unit.
		pr.write(u.Keyword + " TRUE")
	case *ast.ModuleUnit:
		pr.module(u.Module)
	case *ast.Separator:
		pr.write("----")
	}
}

// body prints a definition body, on the next line when it is a bulleted
// list so its bullets sit in a column of their own.
func (pr *printer) body(x ast.Expr) {
	if _, ok := x.(*ast.Junction); ok {
		pr.newline(4)
	} else {
		pr.write(" ")
	}
	pr.expr(x)
}

func (pr *printer) instance(u *ast.Instance) {
	if u.Local {
		pr.write("LOCAL ")
	}
	pr.write("INSTANCE " + u.Module.Name)
	if len(u.With) > 0 {
		pr.write(" WITH ")
		for i, s := range u.With {
			if i > 0 {
				pr.write(", ")
			}
			pr.write(s.Name + " <- ")
			pr.expr(s.Expr)
		}
	}
}

func (pr *printer) opDecls(ds []*ast.OpDecl) {
	for i, d := range ds {
		if i > 0 {
			pr.write(", ")
		}
		pr.opDecl(d)
	}
}

func (pr *printer) opDecl(d *ast.OpDecl) {
	switch d.Fixity {
	case ast.Infix:
		pr.write("_ " + d.Name + " _")
	case ast.Prefix:
		pr.write(prefixSpelling(d.Name) + " _")
	case ast.Postfix:
		pr.write("_ " + d.Name)
	default:
		pr.write(d.Name)
		if d.Arity > 0 {
			pr.write("(" + strings.TrimSuffix(strings.Repeat("_, ", d.Arity), ", ") + ")")
		}
	}
}

func prefixSpelling(op string) string {
	if op == "-." {
		return "-"
	}
	return op
}

func (pr *printer) opDefHead(u *ast.OpDef) {
	switch u.Fixity {
	case ast.Infix:
		pr.write(u.Params[0].Name + " " + u.Name + " " + u.Params[1].Name)
	case ast.Prefix:
		pr.write(u.Name + " " + u.Params[0].Name)
	case ast.Postfix:
		pr.write(u.Params[0].Name + " " + u.Name)
	default:
		pr.write(u.Name)
		if len(u.Params) > 0 {
			pr.write("(")
			pr.opDecls(u.Params)
			pr.write(")")
		}
	}
}

func (pr *printer) bounds(bs []*ast.Bound) {
	for i, b := range bs {
		if i > 0 {
			pr.write(", ")
		}
		pr.bound(b)
	}
}

func (pr *printer) bound(b *ast.Bound) {
	names := make([]string, len(b.Names))
	for i, n := range b.Names {
		names[i] = n.Name
	}
	if b.Tuple {
		pr.write("<<" + strings.Join(names, ", ") + ">>")
	} else {
		pr.write(strings.Join(names, ", "))
	}
	if b.Set != nil {
		pr.write(` \in `)
		pr.expr(b.Set)
	}
}

// args prints a parenthesised argument list. An operator symbol passed
// first is separated from the parenthesis, or "(*" would open a comment
// and "(+)" would read as the operator (+).
func (pr *printer) args(xs []ast.Expr) {
	pr.write("(")
	if id, ok := xs[0].(*ast.Ident); ok && id.Name != "" && !isWordByte(id.Name[0]) {
		pr.write(" ")
	}
	pr.exprs(xs)
	pr.write(")")
}

func (pr *printer) exprs(xs []ast.Expr) {
	for i, x := range xs {
		if i > 0 {
			pr.write(", ")
		}
		pr.expr(x)
	}
}

// operand prints x as an operand of an operator with precedence range
// [lo, hi], adding parentheses unless x binds strictly tighter (or, on
// the left, is the same left-associative operator).
func (pr *printer) operand(x ast.Expr, op string, lo, hi int, left bool) {
	if needsParens(x, op, lo, hi, left) || left && openRight(x) {
		pr.write("(")
		pr.expr(x)
		pr.write(")")
		return
	}
	pr.expr(x)
}

func needsParens(x ast.Expr, op string, lo, hi int, left bool) bool {
	switch x := x.(type) {
	case *ast.InfixExpr:
		info := infixOps[x.Op]
		if info.lo > hi {
			return false
		}
		return !(left && x.Op == op && info.left)
	case *ast.PrefixExpr:
		// A prefix operator's operand extends to the right over every
		// operator that is not strictly looser than it.
		return !left || !(hi < prefixOps[x.Op].lo)
	case *ast.CrossProduct:
		return 10 <= hi
	case *ast.Ident, *ast.OpApp, *ast.Num, *ast.String, *ast.Bool, *ast.Paren, *ast.SetEnum,
		*ast.SetFilter, *ast.SetMap, *ast.FuncCons, *ast.FuncApp, *ast.FuncSet, *ast.Record,
		*ast.RecordSet, *ast.Except, *ast.At, *ast.Tuple, *ast.Dot, *ast.BoxAction,
		*ast.AngleAction, *ast.Fairness, *ast.PostfixExpr:
		return false
	}
	// Junction lists, IF, CASE, LET, quantifiers, CHOOSE, LAMBDA and
	// labels extend as far right as possible.
	return true
}

// openRight reports whether x, printed bare, ends in a construct that
// would swallow whatever is printed after it.
func openRight(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.Quant, *ast.If, *ast.Let, *ast.Case, *ast.Choose, *ast.Lambda, *ast.Junction, *ast.Label:
		return true
	case *ast.InfixExpr:
		info := infixOps[x.Op]
		return !needsParens(x.R, x.Op, info.lo, info.hi, false) && openRight(x.R)
	case *ast.PrefixExpr:
		return !prefixOperandNeedsParens(x) && openRight(x.X)
	case *ast.CrossProduct:
		last := x.Factors[len(x.Factors)-1]
		return !needsParens(last, `\X`, 10, 13, false) && openRight(last)
	}
	return false
}

// prefixOperandNeedsParens reports whether the operand of a prefix
// operator must be parenthesised to stay its operand: an infix operator
// whose range is not strictly above the prefix operator's (below it, it
// would end the operand; overlapping, it is a precedence conflict), and a
// postfix operator of precedence 15 after [], <>, ENABLED or UNCHANGED.
func prefixOperandNeedsParens(x *ast.PrefixExpr) bool {
	info := prefixOps[x.Op]
	switch in := x.X.(type) {
	case *ast.InfixExpr:
		return infixOps[in.Op].lo <= info.hi
	case *ast.CrossProduct:
		return 10 <= info.hi
	}
	if info.hi >= postfixPrec {
		for e := x.X; ; {
			switch in := e.(type) {
			case *ast.FuncApp:
				e = in.Func
				continue
			case *ast.Dot:
				e = in.X
				continue
			case *ast.PostfixExpr:
				return true
			}
			break
		}
	}
	return false
}

// atomic prints x where only a primary expression may stand (before a
// postfix operator, `[`, `.` or as a subscript).
func (pr *printer) atomic(x ast.Expr) {
	if app, ok := x.(*ast.OpApp); ok && len(app.Args) == 0 && !isWordByte(app.Name[0]) {
		// N!- followed by .f would lex as N!-. f.
		pr.write("(")
		pr.expr(x)
		pr.write(")")
		return
	}
	switch x.(type) {
	case *ast.Ident, *ast.OpApp, *ast.Num, *ast.String, *ast.Bool, *ast.Paren, *ast.SetEnum,
		*ast.SetFilter, *ast.SetMap, *ast.FuncCons, *ast.FuncApp, *ast.FuncSet, *ast.Record,
		*ast.RecordSet, *ast.Except, *ast.At, *ast.Tuple, *ast.Dot, *ast.PostfixExpr:
		pr.expr(x)
	default:
		pr.write("(")
		pr.expr(x)
		pr.write(")")
	}
}

func (pr *printer) expr(x ast.Expr) {
	switch x := x.(type) {
	case *ast.Ident:
		pr.write(x.Name)
	case *ast.OpApp:
		for _, s := range x.Prefix {
			pr.write(s.Name)
			if len(s.Args) > 0 {
				pr.args(s.Args)
			}
			pr.write("!")
		}
		if len(x.Prefix) > 0 && strings.HasPrefix(x.Name, "!") {
			// N!!! would lex as N !! !; N! !! keeps the operator !! whole.
			pr.write(" ")
		}
		pr.write(x.Name)
		if len(x.Args) > 0 {
			pr.args(x.Args)
		}
	case *ast.Subexpr:
		pr.expr(x.Base)
		for _, sel := range x.Path {
			pr.write("!")
			switch sel.Kind {
			case ast.SelNumber:
				pr.write(strconv.Itoa(sel.Num))
			case ast.SelName:
				pr.write(sel.Name)
				if len(sel.Args) > 0 {
					pr.args(sel.Args)
				}
			case ast.SelLeft:
				pr.write("<<")
			case ast.SelRight:
				pr.write(">>")
			case ast.SelColon:
				pr.write(":")
			case ast.SelAt:
				pr.write("@")
			case ast.SelArgs:
				pr.args(sel.Args)
			}
		}
	case *ast.Num:
		if x.Text != "" {
			pr.write(x.Text)
		} else {
			pr.write(x.Value)
		}
	case *ast.String:
		pr.write(quote(x.Value))
	case *ast.Bool:
		if x.Value {
			pr.write("TRUE")
		} else {
			pr.write("FALSE")
		}
	case *ast.Paren:
		pr.write("(")
		pr.expr(x.X)
		pr.write(")")
	case *ast.InfixExpr:
		info := infixOps[x.Op]
		pr.operand(x.L, x.Op, info.lo, info.hi, true)
		pr.write(" " + x.Op + " ")
		pr.operand(x.R, x.Op, info.lo, info.hi, false)
	case *ast.PrefixExpr:
		pr.write(prefixSpelling(x.Op))
		if strings.ToUpper(x.Op) == x.Op && x.Op[0] >= 'A' && x.Op[0] <= 'Z' {
			pr.write(" ")
		}
		if p, ok := x.X.(*ast.PrefixExpr); ok && p.Op == "-." && x.Op == "-." {
			pr.write(" ")
		}
		if prefixOperandNeedsParens(x) {
			pr.write("(")
			pr.expr(x.X)
			pr.write(")")
		} else {
			pr.expr(x.X)
		}
	case *ast.PostfixExpr:
		pr.atomic(x.X)
		pr.write(x.Op)
	case *ast.Junction:
		bullet := `/\`
		if x.Kind == ast.Or {
			bullet = `\/`
		}
		col := pr.col
		for i, item := range x.Items {
			if i > 0 {
				pr.newline(col)
			}
			pr.write(bullet + " ")
			pr.expr(item)
		}
	case *ast.If:
		pr.write("IF ")
		pr.expr(x.Cond)
		pr.write(" THEN ")
		pr.expr(x.Then)
		pr.write(" ELSE ")
		pr.expr(x.Else)
	case *ast.Case:
		col := pr.col
		pr.write("CASE ")
		for i, a := range x.Arms {
			if i > 0 {
				pr.newline(col + 2)
				pr.write("[] ")
			}
			pr.expr(a.Cond)
			pr.write(" -> ")
			pr.expr(a.Value)
		}
		if x.Other != nil {
			pr.newline(col + 2)
			pr.write("[] OTHER -> ")
			pr.expr(x.Other)
		}
	case *ast.Let:
		col := pr.col
		pr.write("LET ")
		for i, d := range x.Defs {
			if i > 0 {
				pr.newline(col + 4)
			}
			pr.unit(d)
		}
		pr.newline(col)
		pr.write("IN  ")
		pr.expr(x.Body)
	case *ast.Quant:
		pr.write([]string{`\A `, `\E `, `\AA `, `\EE `}[x.Kind])
		pr.bounds(x.Bounds)
		pr.write(" : ")
		pr.expr(x.Body)
	case *ast.Choose:
		pr.write("CHOOSE ")
		pr.bound(x.Bound)
		pr.write(" : ")
		pr.expr(x.Body)
	case *ast.SetEnum:
		pr.write("{")
		pr.exprs(x.Elems)
		pr.write("}")
	case *ast.SetFilter:
		pr.write("{")
		pr.bound(x.Bound)
		pr.write(" : ")
		pr.expr(x.Pred)
		pr.write("}")
	case *ast.SetMap:
		pr.write("{")
		// A binder-shaped element would be read back as a filter.
		if isBinderShaped(x.Elem) {
			pr.write("(")
			pr.expr(x.Elem)
			pr.write(")")
		} else {
			pr.expr(x.Elem)
		}
		pr.write(" : ")
		pr.bounds(x.Bounds)
		pr.write("}")
	case *ast.CrossProduct:
		for i, f := range x.Factors {
			if i > 0 {
				pr.write(` \X `)
			}
			pr.operand(f, `\X`, 10, 13, false)
		}
	case *ast.FuncCons:
		pr.write("[")
		pr.bounds(x.Bounds)
		pr.write(" |-> ")
		pr.expr(x.Body)
		pr.write("]")
	case *ast.FuncApp:
		pr.atomic(x.Func)
		pr.write("[")
		pr.exprs(x.Args)
		pr.write("]")
	case *ast.FuncSet:
		pr.write("[")
		pr.expr(x.Domain)
		pr.write(" -> ")
		pr.expr(x.Range)
		pr.write("]")
	case *ast.Record:
		pr.fields(x.Fields, " |-> ")
	case *ast.RecordSet:
		pr.fields(x.Fields, " : ")
	case *ast.Except:
		pr.write("[")
		pr.expr(x.Func)
		pr.write(" EXCEPT ")
		for i, u := range x.Updates {
			if i > 0 {
				pr.write(", ")
			}
			pr.write("!")
			for _, s := range u.Path {
				if s.Args != nil {
					pr.write("[")
					pr.exprs(s.Args)
					pr.write("]")
				} else {
					pr.write("." + s.Field)
				}
			}
			pr.write(" = ")
			pr.expr(u.Value)
		}
		pr.write("]")
	case *ast.At:
		pr.write("@")
	case *ast.Tuple:
		pr.write("<<")
		pr.exprs(x.Elems)
		pr.write(">>")
	case *ast.Dot:
		// A number before the dot would lex as a decimal: 0.0A.
		if _, isNum := x.X.(*ast.Num); isNum {
			pr.write("(")
			pr.expr(x.X)
			pr.write(")")
		} else {
			pr.atomic(x.X)
		}
		pr.write("." + x.Field)
	case *ast.Lambda:
		pr.write("LAMBDA ")
		for i, id := range x.Params {
			if i > 0 {
				pr.write(", ")
			}
			pr.write(id.Name)
		}
		pr.write(" : ")
		pr.expr(x.Body)
	case *ast.BoxAction:
		pr.write("[")
		pr.expr(x.Action)
		pr.write("]_")
		pr.atomic(x.Sub)
	case *ast.AngleAction:
		pr.write("<<")
		pr.expr(x.Action)
		pr.write(">>_")
		pr.atomic(x.Sub)
	case *ast.Fairness:
		if x.Strong {
			pr.write("SF_")
		} else {
			pr.write("WF_")
		}
		pr.atomic(x.Sub)
		pr.write("(")
		pr.expr(x.Action)
		pr.write(")")
	case *ast.Label:
		pr.write(x.Name)
		if len(x.Params) > 0 {
			pr.write("(")
			for i, id := range x.Params {
				if i > 0 {
					pr.write(", ")
				}
				pr.write(id.Name)
			}
			pr.write(")")
		}
		pr.write(":: ")
		pr.expr(x.X)
	}
}

func isBinderShaped(x ast.Expr) bool {
	in, ok := x.(*ast.InfixExpr)
	if !ok || in.Op != `\in` {
		return false
	}
	switch l := in.L.(type) {
	case *ast.Ident:
		return true
	case *ast.Tuple:
		for _, e := range l.Elems {
			if _, ok := e.(*ast.Ident); !ok {
				return false
			}
		}
		return true
	}
	return false
}

func (pr *printer) fields(fs []*ast.Field, sep string) {
	pr.write("[")
	for i, f := range fs {
		if i > 0 {
			pr.write(", ")
		}
		pr.write(f.Name + sep)
		pr.expr(f.Value)
	}
	pr.write("]")
}

// quote writes a TLA+ string literal; TLA+ has only the escapes
// \" \\ \n \t \r \f.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		case '\f':
			b.WriteString(`\f`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
