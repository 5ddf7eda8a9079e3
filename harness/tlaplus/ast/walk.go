package ast

// Inspect traverses the tree rooted at n in depth-first order, calling f
// for each node before its children. If f returns false the children of
// that node are not visited. Units, expressions, bounds, fields, EXCEPT
// paths and CASE arms are all visited.
//
// The traversal keeps its own stack instead of recursing: a generated module's
// 1+1+...+1 or @@ table is a chain of millions of nested nodes, which a
// recursive walk would need gigabytes of goroutine stack for.
func Inspect(n Node, f func(Node) bool) {
	stack := []Node{n}
	var kids []Node
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n == nil || !f(n) {
			continue
		}
		kids = children(n, kids[:0])
		for i := len(kids) - 1; i >= 0; i-- {
			stack = append(stack, kids[i])
		}
	}
}

// children appends n's children to kids, in the order Inspect visits them.
func children(n Node, kids []Node) []Node {
	push := func(c Node) { kids = append(kids, c) }
	exprs := func(xs []Expr) {
		for _, x := range xs {
			push(x)
		}
	}
	bounds := func(bs []*Bound) {
		for _, b := range bs {
			push(b)
		}
	}
	switch n := n.(type) {
	case *Module:
		for _, e := range n.Extends {
			push(e)
		}
		for _, u := range n.Units {
			push(u)
		}
	case *VariableDecl:
		for _, id := range n.Names {
			push(id)
		}
	case *ConstantDecl:
		for _, d := range n.Decls {
			push(d)
		}
	case *RecursiveDecl:
		for _, d := range n.Decls {
			push(d)
		}
	case *OpDef:
		for _, d := range n.Params {
			push(d)
		}
		push(n.Body)
	case *FuncDef:
		bounds(n.Bounds)
		push(n.Body)
	case *Instance:
		push(n.Module)
		for _, s := range n.With {
			push(s)
		}
	case *Substitution:
		push(n.Expr)
	case *ModuleDef:
		for _, d := range n.Params {
			push(d)
		}
		push(n.Instance)
	case *Assume:
		push(n.Expr)
	case *Theorem:
		if n.Expr != nil {
			push(n.Expr)
		}
		if n.Proof != nil {
			push(n.Proof)
		}
	case *ModuleUnit:
		push(n.Module)
	case *OpApp:
		for _, s := range n.Prefix {
			push(s)
		}
		exprs(n.Args)
	case *InstanceStep:
		exprs(n.Args)
	case *Paren:
		push(n.X)
	case *InfixExpr:
		push(n.L)
		push(n.R)
	case *PrefixExpr:
		push(n.X)
	case *PostfixExpr:
		push(n.X)
	case *Junction:
		exprs(n.Items)
	case *If:
		push(n.Cond)
		push(n.Then)
		push(n.Else)
	case *Case:
		for _, a := range n.Arms {
			push(a)
		}
		if n.Other != nil {
			push(n.Other)
		}
	case *CaseArm:
		push(n.Cond)
		push(n.Value)
	case *Let:
		for _, d := range n.Defs {
			push(d)
		}
		push(n.Body)
	case *Bound:
		for _, id := range n.Names {
			push(id)
		}
		if n.Set != nil {
			push(n.Set)
		}
	case *Quant:
		bounds(n.Bounds)
		push(n.Body)
	case *Choose:
		push(n.Bound)
		push(n.Body)
	case *SetEnum:
		exprs(n.Elems)
	case *SetFilter:
		push(n.Bound)
		push(n.Pred)
	case *SetMap:
		push(n.Elem)
		bounds(n.Bounds)
	case *CrossProduct:
		exprs(n.Factors)
	case *FuncCons:
		bounds(n.Bounds)
		push(n.Body)
	case *FuncApp:
		push(n.Func)
		exprs(n.Args)
	case *FuncSet:
		push(n.Domain)
		push(n.Range)
	case *Field:
		push(n.Value)
	case *Record:
		for _, fl := range n.Fields {
			push(fl)
		}
	case *RecordSet:
		for _, fl := range n.Fields {
			push(fl)
		}
	case *Except:
		push(n.Func)
		for _, u := range n.Updates {
			push(u)
		}
	case *ExceptUpdate:
		for _, s := range n.Path {
			push(s)
		}
		push(n.Value)
	case *ExceptStep:
		exprs(n.Args)
	case *Tuple:
		exprs(n.Elems)
	case *Dot:
		push(n.X)
	case *Lambda:
		for _, id := range n.Params {
			push(id)
		}
		push(n.Body)
	case *BoxAction:
		push(n.Action)
		push(n.Sub)
	case *AngleAction:
		push(n.Action)
		push(n.Sub)
	case *Fairness:
		push(n.Sub)
		push(n.Action)
	case *Subexpr:
		push(n.Base)
		for _, sel := range n.Path {
			exprs(sel.Args)
		}
	case *Label:
		for _, id := range n.Params {
			push(id)
		}
		push(n.X)
	}
	return kids
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
