package ast

// Inspect traverses the tree rooted at n in depth-first order, calling f
// for each node before its children. If f returns false the children of
// that node are not visited. Units, expressions, bounds, fields, EXCEPT
// paths and CASE arms are all visited.
func Inspect(n Node, f func(Node) bool) {
	if n == nil || !f(n) {
		return
	}
	exprs := func(xs []Expr) {
		for _, x := range xs {
			Inspect(x, f)
		}
	}
	bounds := func(bs []*Bound) {
		for _, b := range bs {
			Inspect(b, f)
		}
	}
	switch n := n.(type) {
	case *Module:
		for _, e := range n.Extends {
			Inspect(e, f)
		}
		for _, u := range n.Units {
			Inspect(u, f)
		}
	case *VariableDecl:
		for _, id := range n.Names {
			Inspect(id, f)
		}
	case *ConstantDecl:
		for _, d := range n.Decls {
			Inspect(d, f)
		}
	case *RecursiveDecl:
		for _, d := range n.Decls {
			Inspect(d, f)
		}
	case *OpDef:
		for _, d := range n.Params {
			Inspect(d, f)
		}
		Inspect(n.Body, f)
	case *FuncDef:
		bounds(n.Bounds)
		Inspect(n.Body, f)
	case *Instance:
		Inspect(n.Module, f)
		for _, s := range n.With {
			Inspect(s, f)
		}
	case *Substitution:
		Inspect(n.Expr, f)
	case *ModuleDef:
		for _, d := range n.Params {
			Inspect(d, f)
		}
		Inspect(n.Instance, f)
	case *Assume:
		Inspect(n.Expr, f)
	case *Theorem:
		if n.Expr != nil {
			Inspect(n.Expr, f)
		}
		if n.Proof != nil {
			Inspect(n.Proof, f)
		}
	case *ModuleUnit:
		Inspect(n.Module, f)
	case *OpApp:
		for _, s := range n.Prefix {
			Inspect(s, f)
		}
		exprs(n.Args)
	case *InstanceStep:
		exprs(n.Args)
	case *Paren:
		Inspect(n.X, f)
	case *InfixExpr:
		Inspect(n.L, f)
		Inspect(n.R, f)
	case *PrefixExpr:
		Inspect(n.X, f)
	case *PostfixExpr:
		Inspect(n.X, f)
	case *Junction:
		exprs(n.Items)
	case *If:
		Inspect(n.Cond, f)
		Inspect(n.Then, f)
		Inspect(n.Else, f)
	case *Case:
		for _, a := range n.Arms {
			Inspect(a, f)
		}
		if n.Other != nil {
			Inspect(n.Other, f)
		}
	case *CaseArm:
		Inspect(n.Cond, f)
		Inspect(n.Value, f)
	case *Let:
		for _, d := range n.Defs {
			Inspect(d, f)
		}
		Inspect(n.Body, f)
	case *Bound:
		for _, id := range n.Names {
			Inspect(id, f)
		}
		if n.Set != nil {
			Inspect(n.Set, f)
		}
	case *Quant:
		bounds(n.Bounds)
		Inspect(n.Body, f)
	case *Choose:
		Inspect(n.Bound, f)
		Inspect(n.Body, f)
	case *SetEnum:
		exprs(n.Elems)
	case *SetFilter:
		Inspect(n.Bound, f)
		Inspect(n.Pred, f)
	case *SetMap:
		Inspect(n.Elem, f)
		bounds(n.Bounds)
	case *CrossProduct:
		exprs(n.Factors)
	case *FuncCons:
		bounds(n.Bounds)
		Inspect(n.Body, f)
	case *FuncApp:
		Inspect(n.Func, f)
		exprs(n.Args)
	case *FuncSet:
		Inspect(n.Domain, f)
		Inspect(n.Range, f)
	case *Field:
		Inspect(n.Value, f)
	case *Record:
		for _, fl := range n.Fields {
			Inspect(fl, f)
		}
	case *RecordSet:
		for _, fl := range n.Fields {
			Inspect(fl, f)
		}
	case *Except:
		Inspect(n.Func, f)
		for _, u := range n.Updates {
			Inspect(u, f)
		}
	case *ExceptUpdate:
		for _, s := range n.Path {
			Inspect(s, f)
		}
		Inspect(n.Value, f)
	case *ExceptStep:
		exprs(n.Args)
	case *Tuple:
		exprs(n.Elems)
	case *Dot:
		Inspect(n.X, f)
	case *Lambda:
		for _, id := range n.Params {
			Inspect(id, f)
		}
		Inspect(n.Body, f)
	case *BoxAction:
		Inspect(n.Action, f)
		Inspect(n.Sub, f)
	case *AngleAction:
		Inspect(n.Action, f)
		Inspect(n.Sub, f)
	case *Fairness:
		Inspect(n.Sub, f)
		Inspect(n.Action, f)
	case *Subexpr:
		Inspect(n.Base, f)
		for _, sel := range n.Path {
			exprs(sel.Args)
		}
	case *Label:
		for _, id := range n.Params {
			Inspect(id, f)
		}
		Inspect(n.X, f)
	}
}

// Unparen strips any number of enclosing parentheses and labels.
func Unparen(x Expr) Expr {
	for {
		switch p := x.(type) {
		case *Paren:
			x = p.X
		case *Label:
			x = p.X
		default:
			return x
		}
	}
}
