package syntax_test

import (
	"fmt"
	"strings"

	"github.com/dsref/dsref/harness/tlaplus/ast"
)

// dump renders a tree as an S-expression that ignores positions and
// parentheses, so expected trees can be written by hand and round trips
// compared structurally.
func dump(n ast.Node) string {
	var b strings.Builder
	dumpTo(&b, n)
	return b.String()
}

func dumpAll[T ast.Node](b *strings.Builder, xs []T) {
	for _, x := range xs {
		b.WriteByte(' ')
		dumpTo(b, x)
	}
}

func dumpTo(b *strings.Builder, n ast.Node) {
	w := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	switch n := n.(type) {
	case *ast.Module:
		w("(module %s", n.Name)
		for _, e := range n.Extends {
			w(" extends:%s", e.Name)
		}
		for _, u := range n.Units {
			w("\n  ")
			dumpTo(b, u)
		}
		w(")")
	case *ast.VariableDecl:
		w("(variables")
		dumpAll(b, n.Names)
		w(")")
	case *ast.ConstantDecl:
		w("(constants")
		dumpAll(b, n.Decls)
		w(")")
	case *ast.RecursiveDecl:
		w("(recursive")
		dumpAll(b, n.Decls)
		w(")")
	case *ast.OpDecl:
		w("%s", n.Name)
		if n.Arity > 0 {
			w("/%d", n.Arity)
		}
		switch n.Fixity {
		case ast.Prefix:
			w(":prefix")
		case ast.Infix:
			w(":infix")
		case ast.Postfix:
			w(":postfix")
		}
	case *ast.OpDef:
		if n.Local {
			w("LOCAL ")
		}
		w("(def %s (", n.Name)
		for i, p := range n.Params {
			if i > 0 {
				w(" ")
			}
			dumpTo(b, p)
		}
		w(") ")
		dumpTo(b, n.Body)
		w(")")
	case *ast.FuncDef:
		if n.Local {
			w("LOCAL ")
		}
		w("(fdef %s (", n.Name)
		dumpBounds(b, n.Bounds)
		w(") ")
		dumpTo(b, n.Body)
		w(")")
	case *ast.Instance:
		if n.Local {
			w("LOCAL ")
		}
		w("(instance %s", n.Module.Name)
		for _, s := range n.With {
			w(" (%s <- ", s.Name)
			dumpTo(b, s.Expr)
			w(")")
		}
		w(")")
	case *ast.ModuleDef:
		if n.Local {
			w("LOCAL ")
		}
		w("(mdef %s (", n.Name)
		for i, p := range n.Params {
			if i > 0 {
				w(" ")
			}
			dumpTo(b, p)
		}
		w(") ")
		dumpTo(b, n.Instance)
		w(")")
	case *ast.Assume:
		w("(assume %s ", n.Name)
		dumpTo(b, n.Expr)
		w(")")
	case *ast.Theorem:
		w("(%s %s ", n.Keyword, n.Name)
		if n.Expr == nil {
			w("assume-prove")
		} else {
			dumpTo(b, n.Expr)
		}
		if n.Proof != nil {
			w(" proof")
		}
		w(")")
	case *ast.UseOrHide:
		w("(%s)", n.Keyword)
	case *ast.ModuleUnit:
		dumpTo(b, n.Module)
	case *ast.Separator:
		w("----")
	case *ast.Ident:
		w("%s", n.Name)
	case *ast.OpApp:
		w("(app ")
		for _, s := range n.Prefix {
			w("%s", s.Name)
			if len(s.Args) > 0 {
				w("(")
				dumpAll(b, s.Args)
				w(" )")
			}
			w("!")
		}
		w("%s", n.Name)
		dumpAll(b, n.Args)
		w(")")
	case *ast.Subexpr:
		w("(sub ")
		dumpTo(b, n.Base)
		for _, sel := range n.Path {
			w(" !")
			switch sel.Kind {
			case ast.SelNumber:
				w("%d", sel.Num)
			case ast.SelName:
				w("%s", sel.Name)
			case ast.SelLeft:
				w("<<")
			case ast.SelRight:
				w(">>")
			case ast.SelColon:
				w(":")
			case ast.SelAt:
				w("@")
			}
			if len(sel.Args) > 0 {
				w("(")
				dumpAll(b, sel.Args)
				w(" )")
			}
		}
		w(")")
	case *ast.Num:
		w("%s", n.Value)
	case *ast.String:
		w("%q", n.Value)
	case *ast.Bool:
		if n.Value {
			w("TRUE")
		} else {
			w("FALSE")
		}
	case *ast.Paren:
		dumpTo(b, n.X)
	case *ast.InfixExpr:
		w("(%s ", n.Op)
		dumpTo(b, n.L)
		w(" ")
		dumpTo(b, n.R)
		w(")")
	case *ast.PrefixExpr:
		w("(%s ", n.Op)
		dumpTo(b, n.X)
		w(")")
	case *ast.PostfixExpr:
		w("(%s ", n.Op)
		dumpTo(b, n.X)
		w(")")
	case *ast.Junction:
		if n.Kind == ast.And {
			w("(and*")
		} else {
			w("(or*")
		}
		dumpAll(b, n.Items)
		w(")")
	case *ast.If:
		w("(if ")
		dumpTo(b, n.Cond)
		w(" ")
		dumpTo(b, n.Then)
		w(" ")
		dumpTo(b, n.Else)
		w(")")
	case *ast.Case:
		w("(case")
		for _, a := range n.Arms {
			w(" (")
			dumpTo(b, a.Cond)
			w(" ")
			dumpTo(b, a.Value)
			w(")")
		}
		if n.Other != nil {
			w(" (other ")
			dumpTo(b, n.Other)
			w(")")
		}
		w(")")
	case *ast.Let:
		w("(let (")
		for i, d := range n.Defs {
			if i > 0 {
				w(" ")
			}
			dumpTo(b, d)
		}
		w(") ")
		dumpTo(b, n.Body)
		w(")")
	case *ast.Bound:
		if n.Tuple {
			w("<")
		}
		for i, id := range n.Names {
			if i > 0 {
				w(" ")
			}
			w("%s", id.Name)
		}
		if n.Tuple {
			w(">")
		}
		if n.Set != nil {
			w(` \in `)
			dumpTo(b, n.Set)
		}
	case *ast.Quant:
		w("(%s (", []string{`\A`, `\E`, `\AA`, `\EE`}[n.Kind])
		dumpBounds(b, n.Bounds)
		w(") ")
		dumpTo(b, n.Body)
		w(")")
	case *ast.Choose:
		w("(choose (")
		dumpTo(b, n.Bound)
		w(") ")
		dumpTo(b, n.Body)
		w(")")
	case *ast.SetEnum:
		w("(set")
		dumpAll(b, n.Elems)
		w(")")
	case *ast.SetFilter:
		w("(filter (")
		dumpTo(b, n.Bound)
		w(") ")
		dumpTo(b, n.Pred)
		w(")")
	case *ast.SetMap:
		w("(map ")
		dumpTo(b, n.Elem)
		w(" (")
		dumpBounds(b, n.Bounds)
		w("))")
	case *ast.CrossProduct:
		w(`(\X`)
		dumpAll(b, n.Factors)
		w(")")
	case *ast.FuncCons:
		w("(fn (")
		dumpBounds(b, n.Bounds)
		w(") ")
		dumpTo(b, n.Body)
		w(")")
	case *ast.FuncApp:
		w("(apply ")
		dumpTo(b, n.Func)
		dumpAll(b, n.Args)
		w(")")
	case *ast.FuncSet:
		w("(-> ")
		dumpTo(b, n.Domain)
		w(" ")
		dumpTo(b, n.Range)
		w(")")
	case *ast.Record:
		w("(record")
		dumpFields(b, n.Fields)
		w(")")
	case *ast.RecordSet:
		w("(recordset")
		dumpFields(b, n.Fields)
		w(")")
	case *ast.Except:
		w("(except ")
		dumpTo(b, n.Func)
		for _, u := range n.Updates {
			w(" (")
			for _, s := range u.Path {
				if s.Args != nil {
					w("[")
					for i, a := range s.Args {
						if i > 0 {
							w(" ")
						}
						dumpTo(b, a)
					}
					w("]")
				} else {
					w(".%s", s.Field)
				}
			}
			w(" ")
			dumpTo(b, u.Value)
			w(")")
		}
		w(")")
	case *ast.At:
		w("@")
	case *ast.Tuple:
		w("(tuple")
		dumpAll(b, n.Elems)
		w(")")
	case *ast.Dot:
		w("(. ")
		dumpTo(b, n.X)
		w(" %s)", n.Field)
	case *ast.Lambda:
		w("(lambda (")
		for i, id := range n.Params {
			if i > 0 {
				w(" ")
			}
			w("%s", id.Name)
		}
		w(") ")
		dumpTo(b, n.Body)
		w(")")
	case *ast.BoxAction:
		w("([]_ ")
		dumpTo(b, n.Action)
		w(" ")
		dumpTo(b, n.Sub)
		w(")")
	case *ast.AngleAction:
		w("(<>_ ")
		dumpTo(b, n.Action)
		w(" ")
		dumpTo(b, n.Sub)
		w(")")
	case *ast.Fairness:
		if n.Strong {
			w("(SF ")
		} else {
			w("(WF ")
		}
		dumpTo(b, n.Sub)
		w(" ")
		dumpTo(b, n.Action)
		w(")")
	case *ast.Label:
		w("(label %s", n.Name)
		dumpAll(b, n.Params)
		w(" ")
		dumpTo(b, n.X)
		w(")")
	default:
		w("<unknown %T>", n)
	}
}

func dumpBounds(b *strings.Builder, bs []*ast.Bound) {
	for i, bd := range bs {
		if i > 0 {
			b.WriteString(", ")
		}
		dumpTo(b, bd)
	}
}

func dumpFields(b *strings.Builder, fs []*ast.Field) {
	for _, f := range fs {
		fmt.Fprintf(b, " (%s ", f.Name)
		dumpTo(b, f.Value)
		b.WriteString(")")
	}
}
